"""Dossiers and members are listed in Vietnamese order (docs/rules.md §1): by given name,
then the other words, Hà before Huỳnh and Đỗ before Võ."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from daihoi.organizations.models import Member, Sex
from daihoi.personnel import selectors, services
from tests.personnel.conftest import People, add_member

#: Ordered by hand. In code-point order of the full name they would read
#: Huỳnh, Hà, Võ, Đỗ.
BY_NAME = ["Huỳnh Thị An", "Hà Văn Bình", "Võ Thị Cúc", "Đỗ Văn Dũng"]
SURNAMES = ["Hà Thị Ánh", "Huỳnh Thị Ánh", "Đỗ Văn Ánh", "Võ Văn Ánh"]  # same given name


def add_people(people: People, names: list[str]) -> list[Member]:
    added = []
    for name in reversed(names):
        added.append(add_member(people.tree.A2, name, Sex.FEMALE, dt.date(1980, 1, 1)))
    return added


def order_seen(html: str, names: list[str]) -> list[str]:
    return [n for _, n in sorted((html.find(n), n) for n in names if n in html)]


def test_the_dossier_list_is_in_vietnamese_order(people: People) -> None:
    for member in add_people(people, BY_NAME + SURNAMES):
        services.dossier_create(actor=None, congress=people.congress, member=member)
    client = people.tree.client_for(people.personnel_A)
    html = client.get(reverse("personnel_dossiers", args=[people.congress.pk])).content.decode()
    assert order_seen(html, BY_NAME) == BY_NAME
    assert order_seen(html, SURNAMES) == ["Đỗ Văn Ánh", "Hà Thị Ánh", "Huỳnh Thị Ánh", "Võ Văn Ánh"]


def test_the_member_search_pages_in_vietnamese_order(people: People) -> None:
    add_people(people, BY_NAME)
    found = [m.full_name for m in selectors.members_in(people.tree.A2, "", limit=3)]
    assert found == BY_NAME[:3]
