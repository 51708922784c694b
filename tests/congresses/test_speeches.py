"""Speeches (tham luận): registration, acceptance, order, time, the floor, the book."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services
from daihoi.congresses.models import Speech, SpeechStatus
from daihoi.congresses.selectors import hall_state, speech_clock
from daihoi.core import speeches as rules
from daihoi.errors import DomainError
from tests.congresses.conftest import Hall


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def register(hall: Hall, title: str, i: int = 0, **kw: object) -> Speech:
    kw.setdefault("text", f"Nội dung tham luận {title}.")
    return services.speech_register(
        actor=hall.secretary,
        congress=hall.congress,
        delegate=hall.delegates[i],
        title=title,
        **kw,  # type: ignore[arg-type]
    )


def programme(hall: Hall) -> list[tuple[int | None, str]]:
    return list(
        Speech.objects.filter(congress=hall.congress, status=SpeechStatus.ACCEPTED)
        .order_by("position")
        .values_list("position", "title")
    )


def refused(code: str, action: object) -> None:
    before = (Speech.objects.count(), list(Speech.objects.order_by("pk").values_list()))
    with pytest.raises(DomainError) as error:
        action()  # type: ignore[operator]
    assert error.value.code == code
    assert (Speech.objects.count(), list(Speech.objects.order_by("pk").values_list())) == before


# --- registration ------------------------------------------------------------------------


def test_a_typed_speech_is_registered_with_its_paragraphs_tidied_and_audited(hall: Hall) -> None:
    speech = register(
        hall,
        "  Phát triển   kinh tế nông nghiệp ",
        text="Đoạn một\r\n  tiếp tục.\r\n\r\n\r\nĐoạn hai.",
        minutes=5,
    )
    assert speech.title == "Phát triển kinh tế nông nghiệp"
    assert speech.text == "Đoạn một tiếp tục.\n\nĐoạn hai."
    assert speech.status == SpeechStatus.REGISTERED and speech.position is None
    assert speech.source == "typed" and speech.minutes == 5
    entry = AuditEntry.objects.filter(action="speech.register").get()
    assert entry.after["title"] == speech.title and entry.after["delegate"] == hall.delegates[0].pk


def test_a_word_file_gives_the_speech_its_text_read_by_content(hall: Hall) -> None:
    data = word_file("Kính thưa Đại hội,", "", "Chi bộ thôn 1 xin tham luận về chuyển đổi số.")
    speech = register(hall, "Chuyển đổi số", text="", data=data, file_name="tham-luan.bin")
    assert speech.source == "docx" and speech.file_name == "tham-luan.bin"
    assert speech.text == "Kính thưa Đại hội,\n\nChi bộ thôn 1 xin tham luận về chuyển đổi số."


def test_a_unit_speaks_through_a_delegate(hall: Hall) -> None:
    speech = register(hall, "Xây dựng chi bộ vững mạnh", unit=hall.tree.A1)
    assert speech.unit == hall.tree.A1


@pytest.mark.parametrize(
    ("code", "kw"),
    [
        ("speech.title_missing", {"title": "   "}),
        ("speech.text_missing", {"text": " \n\n "}),
        ("speech.minutes_out_of_range", {"minutes": 0}),
        ("speech.minutes_out_of_range", {"minutes": 31}),
        ("speech.text_control_character", {"text": "Có ký tự \x00 lạ"}),
        ("speech.text_too_long", {"text": "a" * (rules.MAX_TEXT_CHARS + 1)}),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(hall: Hall, code: str, kw: dict) -> None:
    args = {"title": "Tham luận", **kw}
    refused(code, lambda: register(hall, **args))
    assert not AuditEntry.objects.filter(action="speech.register").exists()


def test_it_refuses_a_file_that_is_not_word_whatever_its_name(hall: Hall) -> None:
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
    refused(
        "speech.not_docx",
        lambda: register(hall, "T", text="", data=pdf, file_name="tham-luan.docx"),
    )
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as z:  # a zip, but not a Word document
        z.writestr("xl/workbook.xml", "<workbook/>")
    refused(
        "speech.not_docx",
        lambda: register(hall, "T", text="", data=sheet.getvalue(), file_name="a.docx"),
    )
    refused(
        "speech.file_empty",
        lambda: register(hall, "T", text="", data=word_file("", "  "), file_name="a.docx"),
    )


def test_it_refuses_a_file_over_the_size_limit(hall: Hall) -> None:
    big = word_file("x") + b"\0" * rules.MAX_FILE_BYTES
    refused("speech.file_too_large", lambda: register(hall, "T", text="", data=big))


def test_the_speaker_must_be_a_delegate_of_this_congress_and_the_unit_below_it(
    hall: Hall,
) -> None:
    from tests.factories import make_congress, make_term

    other = make_congress(hall.tree.B, term=make_term(2030))
    stranger = services.delegates_add_many(
        actor=None, congress=other, rows=[{"full_name": "Người Khác"}]
    )[0]
    refused(
        "speech.not_a_delegate",
        lambda: services.speech_register(
            actor=None, congress=hall.congress, delegate=stranger, title="T", text="x"
        ),
    )
    refused("speech.unit_outside", lambda: register(hall, "T", unit=hall.tree.B))
    refused("speech.unit_outside", lambda: register(hall, "T", unit=hall.tree.A))


# --- status and order --------------------------------------------------------------------


def test_accepted_speeches_are_numbered_in_the_order_accepted(hall: Hall) -> None:
    a, b, c = (register(hall, t, i) for i, t in enumerate("ABC"))
    for s in (b, a, c):
        services.speech_accept(actor=hall.secretary, speech=s)
    assert programme(hall) == [(1, "B"), (2, "A"), (3, "C")]


def test_moving_a_speech_shifts_those_between(hall: Hall) -> None:
    speeches = [register(hall, t, i) for i, t in enumerate("ABCD")]
    for s in speeches:
        services.speech_accept(actor=hall.secretary, speech=s)
    services.speech_move(actor=hall.secretary, speech=speeches[3], position=1)
    assert programme(hall) == [(1, "D"), (2, "A"), (3, "B"), (4, "C")]
    services.speech_move(actor=hall.secretary, speech=speeches[3], position=99)
    assert programme(hall) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]
    services.speech_move(actor=hall.secretary, speech=speeches[0], position=2)
    assert programme(hall) == [(1, "B"), (2, "A"), (3, "C"), (4, "D")]
    entry = AuditEntry.objects.filter(action="speech.move").last()
    assert entry is not None and entry.after == {
        "speech": speeches[0].pk,
        "before": 1,
        "position": 2,
    }


def test_declining_needs_a_reason_and_closes_up_the_programme(hall: Hall) -> None:
    speeches = [register(hall, t, i) for i, t in enumerate("ABC")]
    for s in speeches:
        services.speech_accept(actor=hall.secretary, speech=s)
    refused(
        "speech.reason_missing",
        lambda: services.speech_decline(actor=hall.secretary, speech=speeches[1], reason=" "),
    )
    declined = services.speech_decline(
        actor=hall.secretary, speech=speeches[1], reason="Trùng nội dung với tham luận A"
    )
    assert declined.status == SpeechStatus.DECLINED and declined.position is None
    assert declined.decline_reason == "Trùng nội dung với tham luận A"
    assert programme(hall) == [(1, "A"), (2, "C")]


def test_the_status_moves_only_as_the_rules_allow(hall: Hall) -> None:
    speech = register(hall, "A")
    services.speech_accept(actor=hall.secretary, speech=speech)
    refused("speech.status_move", lambda: services.speech_accept(actor=None, speech=speech))
    services.speech_decline(actor=None, speech=speech, reason="Quá thời gian")
    refused("speech.status_move", lambda: services.speech_accept(actor=None, speech=speech))
    refused(
        "speech.status_move",
        lambda: services.speech_decline(actor=None, speech=speech, reason="lần nữa"),
    )
    again = services.speech_reconsider(actor=None, speech=speech)
    assert again.status == SpeechStatus.REGISTERED and again.decline_reason == ""
    refused(
        "speech.not_in_programme",
        lambda: services.speech_move(actor=None, speech=again, position=1),
    )
    refused("speech.start_not_accepted", lambda: services.speech_start(actor=None, speech=again))


def test_the_time_allotted_is_kept_within_its_limits(hall: Hall) -> None:
    speech = register(hall, "A")
    services.speech_set_minutes(actor=None, speech=speech, minutes=10)
    assert Speech.objects.get(pk=speech.pk).minutes == 10
    refused(
        "speech.minutes_out_of_range",
        lambda: services.speech_set_minutes(actor=None, speech=speech, minutes=45),
    )


# --- the floor and the projector ----------------------------------------------------------


def test_one_speech_at_a_time_and_the_projector_counts_its_time_down(hall: Hall) -> None:
    a, b = register(hall, "A", 0, minutes=5), register(hall, "B", 1, minutes=8)
    for s in (a, b):
        services.speech_accept(actor=None, speech=s)
    services.speech_start(actor=hall.secretary, speech=a)
    state = hall_state(hall.congress)
    assert state.speech is not None and state.speech.speech.pk == a.pk
    assert [s.pk for s in state.speeches_next] == [b.pk]
    assert 298 <= state.speech.remaining <= 300 and not state.speech.over
    services.speech_start(actor=hall.secretary, speech=b)  # the floor passes: A ends
    a.refresh_from_db()
    assert a.ended_at is not None and not a.speaking
    refused("speech.speaking", lambda: services.speech_decline(actor=None, speech=b, reason="x"))
    Speech.objects.filter(pk=b.pk).update(started_at=timezone.now() - dt.timedelta(minutes=9))
    clock = speech_clock(hall.congress)
    assert clock is not None and clock.over and clock.clock.startswith("-1:0")
    services.speech_stop(actor=hall.secretary, speech=b)
    assert speech_clock(hall.congress) is None
    refused("speech.not_speaking", lambda: services.speech_stop(actor=None, speech=b))


def test_the_projector_page_carries_the_start_and_the_time_for_its_countdown(hall: Hall) -> None:
    speech = register(hall, "Nông thôn mới", 2, minutes=6, unit=hall.tree.A2)
    services.speech_accept(actor=None, speech=speech)
    services.speech_start(actor=None, speech=speech)
    speech.refresh_from_db()
    response = hall.client(hall.tree.province_viewer).get(
        reverse("hall_screen_live", args=[hall.congress.pk])
    )
    html = response.content.decode()
    assert "Lê Văn Cường" in html and "Nông thôn mới" in html and "Chi bộ thôn 2" in html
    started = int(speech.started_at.timestamp() * 1000)  # type: ignore[union-attr]
    assert f'data-started="{started}"' in html and 'data-seconds="360"' in html


def test_the_speech_takes_the_place_of_the_last_result_on_the_projector(hall: Hall) -> None:
    services.vote_record_hands(
        actor=None, vote=hall.hands, present=10, agree=9, disagree=1, abstain=0
    )
    url = reverse("hall_screen_live", args=[hall.congress.pk])
    client = hall.client(hall.secretary)
    assert "Kết quả biểu quyết" in client.get(url).content.decode()
    speech = register(hall, "Nông thôn mới", 2)
    services.speech_accept(actor=None, speech=speech)
    services.speech_start(actor=None, speech=speech)
    html = client.get(url).content.decode()
    assert "Nông thôn mới" in html and "Kết quả biểu quyết" not in html
    services.speech_stop(actor=None, speech=speech)
    html = client.get(url).content.decode()
    assert "Nông thôn mới" not in html and "Kết quả biểu quyết" in html


# --- the book ----------------------------------------------------------------------------


def test_the_book_holds_the_accepted_speeches_in_the_programme_order(hall: Hall) -> None:
    a = register(hall, "Phát triển kinh tế", 0, text="Đoạn A1.\n\nĐoạn A2.")
    b = register(hall, "Xây dựng Đảng", 1, unit=hall.tree.A1, text="Đoạn B1.")
    c = register(hall, "Bị từ chối", 2)
    register(hall, "Chỉ đăng ký", 3)
    for s in (a, b, c):
        services.speech_accept(actor=None, speech=s)
    services.speech_move(actor=None, speech=b, position=1)
    services.speech_decline(actor=None, speech=c, reason="Trùng nội dung")
    response = hall.client(hall.secretary).get(
        reverse("hall_speeches_docx", args=[hall.congress.pk])
    )
    assert response.status_code == 200
    book = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in book.paragraphs if p.text.strip()]
    header = [cell.text for cell in book.tables[0].rows[0].cells]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1] and "ĐẠI HỘI ĐẢNG BỘ XÃ A" in header[0]
    assert texts[0] == "TẬP THAM LUẬN" and "Đảng bộ xã A" in texts[1]
    contents = texts.index("MỤC LỤC")
    assert texts[contents + 1] == (
        "1. Xây dựng Đảng – Đồng chí Trần Thị Bình, thay mặt Chi bộ thôn 1"
    )
    assert texts[contents + 2] == "2. Phát triển kinh tế – Đồng chí Nguyễn Văn An"
    body = texts[contents + 3 :]
    assert body == [
        "THAM LUẬN SỐ 1",
        "XÂY DỰNG ĐẢNG",
        "Đồng chí Trần Thị Bình, thay mặt Chi bộ thôn 1",
        "Đoạn B1.",
        "THAM LUẬN SỐ 2",
        "PHÁT TRIỂN KINH TẾ",
        "Đồng chí Nguyễn Văn An",
        "Đoạn A1.",
        "Đoạn A2.",
    ]
    assert "Bị từ chối" not in " ".join(texts) and "Chỉ đăng ký" not in " ".join(texts)


# --- the pages ---------------------------------------------------------------------------


def test_the_secretariat_registers_a_word_file_and_a_bad_one_is_refused_in_vietnamese(
    hall: Hall,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = hall.client(hall.secretary)
    url = reverse("hall_speech_add", args=[hall.congress.pk])
    form = {"title": "Tham luận", "delegate": hall.delegates[4].pk, "minutes": 7, "text": ""}
    bad = SimpleUploadedFile("tham-luan.docx", b"not a word file", "application/msword")
    response = client.post(url, {**form, "file": bad}, follow=True)
    assert "không phải tài liệu Word" in response.content.decode()
    assert not Speech.objects.exists()
    huge = SimpleUploadedFile("lon.docx", word_file("x") + b"\0" * rules.MAX_FILE_BYTES)
    response = client.post(url, {**form, "file": huge}, follow=True)
    assert "Tệp Word: “lon.docx” lớn hơn 5 MB." in response.content.decode()
    assert not Speech.objects.exists()
    good = SimpleUploadedFile("tham-luan.docx", word_file("Nội dung."))
    client.post(url, {**form, "file": good, "unit": hall.tree.A1.pk})
    speech = Speech.objects.get()
    assert speech.text == "Nội dung." and speech.unit == hall.tree.A1
    response = client.post(url, {**form, "minutes": 90, "text": "x"}, follow=True)
    assert "Số phút" in response.content.decode() and Speech.objects.count() == 1
    page = client.get(reverse("hall_speeches", args=[hall.congress.pk])).content.decode()
    assert "Tham luận" in page and hall.delegates[4].full_name in page


def test_moving_up_and_down_from_the_page(hall: Hall) -> None:
    speeches = [register(hall, t, i) for i, t in enumerate("ABC")]
    for s in speeches:
        services.speech_accept(actor=None, speech=s)
    client = hall.client(hall.secretary)
    client.post(
        reverse("hall_speech_move", args=[hall.congress.pk, speeches[2].pk]), {"direction": "up"}
    )
    assert programme(hall) == [(1, "A"), (2, "C"), (3, "B")]
    client.post(
        reverse("hall_speech_move", args=[hall.congress.pk, speeches[0].pk]), {"position": "3"}
    )
    assert programme(hall) == [(1, "C"), (2, "B"), (3, "A")]
    client.post(
        reverse("hall_speech_move", args=[hall.congress.pk, speeches[0].pk]), {"direction": "down"}
    )
    assert programme(hall) == [(1, "C"), (2, "B"), (3, "A")]


# --- from the delegate's phone ------------------------------------------------------------


def test_a_delegate_registers_a_speech_from_the_phone_that_confirmed_their_link(
    hall: Hall,
) -> None:
    phone, token = hall.phone(hall.delegates[3])
    url = reverse("ballot_speech", args=[token])
    assert "Đăng ký tham luận" in phone.get(url).content.decode()
    response = phone.post(
        url,
        {"title": "Ý kiến về y tế cơ sở", "text": "Kính thưa Đại hội.", "unit": hall.tree.A2.pk},
    )
    assert response.status_code == 302 and response["Location"].endswith("?done=1")
    speech = Speech.objects.get()
    assert speech.delegate == hall.delegates[3] and speech.unit == hall.tree.A2
    assert speech.status == SpeechStatus.REGISTERED
    entry = AuditEntry.objects.filter(action="speech.register").get()
    assert entry.after["via"] == "delegate" and entry.actor_id is None
    page = phone.get(response["Location"]).content.decode()
    assert "Ý kiến về y tế cơ sở" in page and "Đã đăng ký tham luận" in page


def test_the_phone_refuses_a_file_that_is_not_word_and_saves_nothing(hall: Hall) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    phone, token = hall.phone(hall.delegates[3])
    bad = SimpleUploadedFile("y-kien.docx", b"%PDF-1.4 a pdf, not word")
    response = phone.post(reverse("ballot_speech", args=[token]), {"title": "T", "file": bad})
    assert response.status_code == 200
    assert "Tệp Word: “y-kien.docx” không phải tài liệu Word (.docx)." in response.content.decode()
    assert not Speech.objects.exists()


def test_another_phone_with_the_link_cannot_register(hall: Hall) -> None:
    _phone, token = hall.phone(hall.delegates[3])
    stranger = hall.client(None)
    response = stranger.post(reverse("ballot_speech", args=[token]), {"title": "T", "text": "x"})
    assert response.status_code == 403 and not Speech.objects.exists()
