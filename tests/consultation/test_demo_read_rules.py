"""The read rules on the demo's own accounts: a commune's office (``xahoabinh``)
and its personnel subcommittee (``nhansu``) read only Hòa Bình's comments on the
province's draft; the province (``tinhuy``) reads them all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import User
from daihoi.cli import main
from daihoi.consultation import access
from daihoi.consultation.models import Round
from daihoi.organizations.models import Unit


@pytest.mark.django_db
def test_the_demo_communes_read_only_their_own_comments(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()
    round_ = Round.objects.select_related("draft__unit").get(draft__unit__parent__isnull=True)
    hoabinh = Unit.objects.get(name="Đảng bộ xã Hòa Bình")
    total = round_.comments.count()
    assert access.visible_comments(User.objects.get(username="tinhuy"), round_).count() == total

    own = round_.comments.filter(unit=hoabinh).first()
    assert own is not None
    other = (
        round_.comments.filter(section_number=own.section_number, unit__depth=hoabinh.depth)
        .exclude(unit=hoabinh)
        .select_related("unit")
        .first()
    )
    assert other is not None
    url = reverse("consultation_section", args=[round_.pk, own.section_number])
    for username in ("xahoabinh", "nhansu"):
        user = User.objects.get(username=username)
        seen = access.visible_comments(user, round_)
        assert 0 < seen.count() < total
        assert all(p.startswith(hoabinh.path) for p in seen.values_list("unit__path", flat=True))
        client.force_login(user)
        page = client.get(url).content.decode()
        assert hoabinh.name in page and other.unit.name not in page, username
