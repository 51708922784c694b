"""What the hall shows reads as Vietnamese is written: no raw codes, no repeated
words, the congress numbered as on the cards ("lần thứ I", not "khóa I")."""

from __future__ import annotations

from django.urls import reverse

from daihoi.congresses import services
from daihoi.congresses.documents import congress_record
from daihoi.documents.congress_minutes import render_congress_minutes_docx
from tests.congresses.conftest import Hall, check_in_all
from tests.congresses.test_documents import docx_text


def test_the_projector_numbers_the_congress_as_the_cards_do(hall: Hall) -> None:
    hall.congress.number = "I"
    hall.congress.save()
    html = hall.client(hall.secretary).get(reverse("hall_screen", args=[hall.congress.pk]))
    text = html.content.decode()
    assert "lần thứ I" in text
    assert "khóa I" not in text


def test_the_minutes_do_not_say_biểu_quyết_twice() -> None:
    from tests.congresses.test_documents import record

    text = docx_text(render_congress_minutes_docx(record()))
    assert "Đại hội biểu quyết chương trình Đại hội (điện tử" in text
    assert "biểu quyết Biểu quyết" not in text


def test_the_minutes_name_the_rules_profile_by_its_title() -> None:
    from tests.congresses.test_documents import record

    text = docx_text(render_congress_minutes_docx(record()))
    assert "quy chế áp dụng: Quy chế bầu cử trong Đảng" in text
    assert "cpv-2024" not in text


def test_the_hall_pages_name_the_profile_not_its_code(hall: Hall) -> None:
    text = hall.client(hall.secretary).get(reverse("hall_home", args=[hall.congress.pk]))
    html = text.content.decode()
    assert "Quy chế bầu cử trong Đảng" in html
    assert "rules profile cpv-2024" not in html and "quy chế cpv-2024" not in html.lower()
    option = 'value="cpv-2024"'
    assert option in html  # the drop-down's value stays the code, its label is the title
    assert ">cpv-2024<" not in html


def test_the_phone_asks_to_confirm_in_vietnamese(hall: Hall) -> None:
    check_in_all(hall, [0])
    services.vote_open(actor=hall.secretary, vote=hall.electronic)
    client, token = hall.phone(hall.delegates[0])
    html = client.get(reverse("ballot_live", args=[token])).content.decode()
    assert "Ghi nhận biểu quyết: “%(choice)s”? Sau khi gửi không thể thay đổi." in html


def test_record_keeps_the_profile_code_for_the_data(hall: Hall) -> None:
    assert congress_record(hall.congress).profile == "cpv-2024"
