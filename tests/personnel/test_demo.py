"""The personnel demo: a commune's dossiers with some flagged, structures, the personnel logins."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from daihoi.accounts.models import User
from daihoi.congresses.models import Congress
from daihoi.personnel import selectors


@pytest.mark.django_db
def test_the_demo_has_dossiers_some_flagged_and_an_elected_structure(
    settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from daihoi.demo import demo_build

    settings.DATA_DIR = tmp_path
    demo_build(seed=2025)
    hoa_binh = Congress.objects.get(unit__code="TS-X01")
    ctx = selectors.context_for(hoa_binh)
    rows = selectors.dossier_rows(hoa_binh, ctx)
    assert len(rows) == 20
    flagged = [r for r in rows if r.flagged]
    assert 0 < len(flagged) < len(rows)
    assert any(c.code == "term_limit" and c.outcome == "fail" for r in rows for c in r.checks)
    assert any(c.code == "filing_deadline" and c.outcome == "fail" for r in rows for c in r.checks)
    an_phu = Congress.objects.get(unit__code="TS-X02")
    elected = selectors.elected_structure(an_phu, selectors.context_for(an_phu))
    assert elected is not None and elected.size == 13
    client = Client()
    client.force_login(User.objects.get(username="nhansu"))
    assert client.get(f"/congresses/{hoa_binh.pk}/personnel/").status_code == 200
    assert client.get(f"/congresses/{hoa_binh.pk}/personnel/structure/").status_code == 200
    client.force_login(User.objects.get(username="xahoabinh"))  # the office: not personal data
    assert client.get(f"/congresses/{hoa_binh.pk}/personnel/").status_code == 403


@pytest.mark.django_db
def test_the_demo_has_a_pool_and_two_sealed_steps_for_nhansu(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from daihoi.demo import demo_build
    from daihoi.personnel.models import CadrePoolEntry, StepRecord

    settings.DATA_DIR = tmp_path
    demo_build(seed=2025)
    hoa_binh = Congress.objects.get(unit__code="TS-X01")
    assert CadrePoolEntry.objects.filter(unit=hoa_binh.unit).count() == 22
    states = dict(StepRecord.objects.filter(run__congress=hoa_binh).values_list("code", "state"))
    assert states == {"1": "sealed", "2": "sealed", "3": "open"}
    second = StepRecord.objects.get(run__congress=hoa_binh, code="2")
    assert second.tally["collected"] == 57 and second.tally["write_ins"][0]["votes"] == 4
    assert 0 < len(second.handed_on) < len(second.names) + 1
    client = Client()
    client.force_login(User.objects.get(username="nhansu"))
    for page in ("", "pool/", "steps/3/", "steps/3/entry/", "steps/2/result/"):
        assert client.get(f"/congresses/{hoa_binh.pk}/nomination/{page}").status_code == 200
    client.force_login(User.objects.get(username="xahoabinh"))  # the office sees none of it
    assert client.get(f"/congresses/{hoa_binh.pk}/nomination/").status_code == 403
