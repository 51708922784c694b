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
    assert ResultReport.objects.filter(source="package").exists()
    assert ResultReport.objects.filter(source="imported").count() > 10
    assert audit_verify().ok
    client = Client()
    client.force_login(admin)
    for url in ("dashboard", "calendar", "reports", "documents"):
        assert client.get(f"/units/{PROVINCE_CODE}/{url}/").status_code == 200
