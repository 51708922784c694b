from __future__ import annotations

import pytest

from daihoi.audit.services import audit_verify
from daihoi.cli import main
from daihoi.congresses.models import Congress, CongressStatus, Delegate
from daihoi.elections.models import Election
from daihoi.organizations.models import Member, Unit


@pytest.mark.django_db
def test_the_demo_builds_a_fictional_province_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "tinhuy" in out and "daihoi-demo-2025" in out

    province = Unit.objects.get(code="TS")
    assert "hư cấu" in province.name
    assert 280 <= Unit.objects.count() <= 320
    assert 8_000 <= Member.objects.count() <= 12_000
    assert Unit.objects.filter(end_date__isnull=False, merged_into=province).count() == 1
    statuses = set(Congress.objects.values_list("status", flat=True))
    assert statuses == set(CongressStatus.values)

    # The commune congress ready for its committee election: a 10–15% surplus.
    election = Election.objects.get(congress__unit__name="Đảng bộ xã Hòa Bình")
    surplus = (election.candidates.count() - election.seats) / election.seats
    assert 0.10 <= surplus <= 0.15
    assert Delegate.objects.filter(congress=election.congress).count() == 120
    assert audit_verify().ok

    units = Unit.objects.count()
    assert main(["demo"]) == 0
    assert "dùng lại" in capsys.readouterr().out
    assert Unit.objects.count() == units
