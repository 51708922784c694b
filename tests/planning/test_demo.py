"""The planning demo builds on the demo province through the services, and its pages render."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from daihoi.accounts.models import User
from daihoi.audit.services import audit_verify
from daihoi.planning.models import Document, ReportStatus, ResultReport


@pytest.mark.django_db
def test_the_demo_has_plans_overdue_units_and_results_in_every_state(
    settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from daihoi.demo import PROVINCE_CODE, demo_build

    settings.DATA_DIR = tmp_path
    demo_build(seed=2025)  # the planning demo is part of it
    admin = User.objects.get(username="admin")
    assert Document.objects.count() == 7
    # The Politburo's directive heads the chain, recorded by the province.
    assert Document.objects.get(number="35-CT/TW").issued_by == "Bộ Chính trị"
    assert Document.objects.get(number="21-CT/TU").implements.number == "35-CT/TW"
    statuses = set(ResultReport.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ReportStatus}
    assert ResultReport.objects.filter(source="imported").count() > 10
    _most_units_have_disseminated_the_directive()
    _an_phu_sends_its_result_up_as_the_guide_says()
    assert audit_verify().ok
    client = Client()
    client.force_login(admin)
    for url in ("dashboard", "calendar", "reports", "documents"):
        assert client.get(f"/units/{PROVINCE_CODE}/{url}/").status_code == 200


def _most_units_have_disseminated_the_directive() -> None:
    """35-CT/TW: the province and most communes and branches held the conference,
    Hòa Bình not yet (its office records it in the guide)."""
    from daihoi.organizations.models import Unit
    from daihoi.planning.selectors import dissemination_coverage, units_without_dissemination

    central = Document.objects.get(number="35-CT/TW")
    province = Unit.objects.get(code="TS")
    c = dissemination_coverage(central, province)
    by_code = {r.level.code: r for r in c.levels if r.level}
    assert (by_code["tinh"].expected, by_code["tinh"].held) == (1, 1)
    assert by_code["xa"].expected == 30 and 0.65 <= by_code["xa"].held / 30 < 1
    assert 0.5 <= by_code["chi-bo"].held / by_code["chi-bo"].expected < 1
    assert 85 <= (c.total.attendance or 0) <= 100
    missing = {u.code for u in units_without_dissemination(central, province)}
    assert "TS-X01" in missing and "TS-H01" not in missing  # the dissolved district is not due


def _an_phu_sends_its_result_up_as_the_guide_says() -> None:
    """The README's guide with the demo's own accounts: the head downloads, the province uploads."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from daihoi.congresses.models import Congress

    an_phu = Congress.objects.get(unit__code="TS-X02")
    assert not ResultReport.objects.filter(congress=an_phu).exists()
    election = an_phu.elections.get(status="finalised")
    head = Client()
    head.force_login(User.objects.get(username="anphu-truongban"))
    page = head.get(reverse("election_result", args=[election.pk])).content.decode()
    fingerprint = page.split('<code class="fingerprint">', 1)[1].split("<", 1)[0]
    package = head.get(reverse("election_package", args=[election.pk]))
    assert package.status_code == 200
    office = Client()
    office.force_login(User.objects.get(username="tinhuy"))
    report = reverse("planning_report", args=[an_phu.pk])
    upper = an_phu.unit.parent.code  # type: ignore[union-attr]
    link = reverse("planning_stations", args=[upper]) + f"?unit={an_phu.unit.code}"
    assert link in office.get(report).content.decode()
    # Before the key is registered the upload is refused; then it is kept and used.
    upload = reverse("planning_report_package", args=[an_phu.pk])
    refused = office.post(
        upload, {"file": SimpleUploadedFile("goi.json", package.content)}, follow=True
    ).content.decode()
    assert "chưa được cấp ủy cấp trên đăng ký" in refused
    office.post(
        reverse("planning_station_register", args=[upper]),
        {"unit": an_phu.unit.code, "fingerprint": fingerprint, "station": "Máy kiểm phiếu"},
    )
    office.post(upload, {"file": SimpleUploadedFile("goi.json", package.content)})
    kept = ResultReport.objects.get(congress=an_phu)
    assert kept.source == "package" and kept.people.filter(committee=True).count() == 13
