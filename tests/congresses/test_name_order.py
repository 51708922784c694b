"""Every list and drop-down of delegates is in Vietnamese order (docs/rules.md §1), by
given name, as the ballot is, whatever order they were summoned in."""

from __future__ import annotations

import re

from django.urls import reverse

from daihoi.congresses.selectors import credentials_report, delegate_search
from tests.congresses.conftest import Hall

#: The fixture's delegates ordered by hand: An, Bình, Cường, Dung, Em, Giang, Hà,
#: Hùng, Mười, One, Phương, Two (summoned in another order: Phương was sixth).
BY_NAME = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Đặng Văn Giang",
    "Bùi Thị Hà",
    "Đỗ Văn Hùng",
    "Lê Văn Mười",
    "Alternate One",
    "Vũ Thị Phương",
    "Alternate Two",
]


def order_seen(html: str, names: list[str]) -> list[str]:
    """The names in the order they first appear in ``html``."""
    found = [(html.find(n), n) for n in names if n in html]
    return [n for _, n in sorted(found)]


def page(hall: Hall, name: str, *args: int) -> str:
    client = hall.client(hall.secretary)
    response = client.get(reverse(name, args=[hall.congress.pk, *args]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_delegates_page_lists_them_by_given_name(hall: Hall) -> None:
    html = page(hall, "hall_delegates")
    assert order_seen(html[html.find("<table") :], BY_NAME) == BY_NAME


def test_the_attendance_sheet_lists_them_by_given_name(hall: Hall) -> None:
    html = page(hall, "hall_attendance")
    assert order_seen(html[html.find("<table") :], BY_NAME) == BY_NAME


def test_the_speaker_drop_down_lists_them_by_given_name(hall: Hall) -> None:
    html = page(hall, "hall_agenda")
    select = re.search(r'<select name="delegate">.*?</select>', html, re.S)
    assert select is not None
    assert order_seen(select.group(0), BY_NAME) == BY_NAME


def test_the_replaced_official_drop_down_lists_them_by_given_name(hall: Hall) -> None:
    alternate = hall.delegates[11]  # Alternate Two
    html = page(hall, "hall_delegate_edit", alternate.pk)
    select = re.search(r'<select name="replaces".*?</select>', html, re.S)
    assert select is not None
    officials = [n for n in BY_NAME if not n.startswith("Alternate")]
    assert order_seen(select.group(0), BY_NAME) == officials


def test_the_check_in_search_answers_by_given_name(hall: Hall) -> None:
    found = [d.full_name for d in delegate_search(hall.congress, "van")]
    assert found == [n for n in BY_NAME if " Văn " in n]


def test_questioned_credentials_are_listed_by_given_name(hall: Hall) -> None:
    from daihoi.congresses.models import Credential

    hall.congress.delegates.filter(full_name__in=["Vũ Thị Phương", "Đặng Văn Giang"]).update(
        credential=Credential.QUESTIONED
    )
    report = credentials_report(hall.congress)
    assert [d.full_name for d in report.questioned] == ["Đặng Văn Giang", "Vũ Thị Phương"]
