"""A step's printed ballot and counting minutes from the pages: what the unit records for
them, the downloads (their text, their headers, their audit) and every refusal in
Vietnamese with nothing saved."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.personnel.models import StepRecord
from daihoi.personnel.nomination_documents import conference_place
from daihoi.personnel.services import nomination as s
from tests.documents.test_minutes import docx_text
from tests.personnel.conftest import People
from tests.personnel.test_nomination import enter_both, refused

S = s.Sheet
COMMITTEE = [("Trần Văn Kiểm", "head"), ("Lê Thị Phiếu", "deputy"), ("Phạm Văn Đếm", "member")]


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.split())


@pytest.fixture
def step(people: People) -> StepRecord:
    """Step 1 of a pool of five, open: five summoned, four ticks at most."""
    for m in people.members[:4]:
        s.pool_add(
            actor=None, congress=people.congress, member=m, posts=["committee"], reviewed_year=2025
        )
    s.pool_add(
        actor=None,
        congress=people.congress,
        full_name="Vũ Thị Hoa",
        birth_year=1985,
        posts=["committee"],
        reviewed_year=2024,
    )
    run = s.run_start(actor=None, congress=people.congress)
    run = s.step_settings(actor=None, run=run, code="1", values={"summoned": 5, "max_ticks": 4})
    return s.step_open(actor=None, run=run, code="1")


def seal(record: StepRecord) -> StepRecord:
    enter_both(record, [S("1", ticks=(1, 2, 5)), S("1", ticks=(1, 5)), S("1", ticks=(1,))])
    return s.step_seal(actor=None, record=record, collected=3)


def details(record: StepRecord, **kw: Any) -> StepRecord:
    values: dict[str, Any] = {
        "place": "",
        "held_on": None,
        "committee": COMMITTEE,
        "present": None,
        "issued": None,
    } | kw
    return s.step_minutes_details(actor=None, record=record, **values)


def client_of(people: People) -> Client:
    client = Client()
    client.force_login(people.personnel_A)
    return client


def url(name: str, people: People, code: str = "1") -> str:
    return reverse(name, args=[people.congress.pk, code])


def assert_confidential_file(response: Any, content_type: str, name: str) -> None:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == content_type
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="{name}"'
    assert re.fullmatch(r"[a-z0-9.-]+", name) and disposition.isascii()


def test_the_details_are_recorded_checked_and_audited(people: People, step: StepRecord) -> None:
    record = details(step, place="  Hòa   Bình ", held_on=dt.date(2025, 6, 2), present=5)
    record.refresh_from_db()
    assert record.place == "Hòa Bình" and record.held_on == dt.date(2025, 6, 2)
    assert record.counting_committee == [{"name": n, "role": r} for n, r in COMMITTEE]
    assert (record.present, record.issued) == (5, None)
    entry = AuditEntry.objects.filter(action="personnel.nomination.step.details").get()
    assert entry.after["present"] == 5 and entry.before["counting_committee"] == []

    one_head = "Tổ kiểm phiếu có một tổ trưởng"
    text = refused("nomination.committee_head", lambda: details(step, committee=[("A", "member")]))
    assert one_head in text
    two = [("Trần Văn Kiểm", "head"), ("Lê Văn B", "head")]
    assert one_head in refused("nomination.committee_head", lambda: details(step, committee=two))
    text = refused(
        "nomination.committee_name", lambda: details(step, committee=[*COMMITTEE, (" ", "member")])
    )
    assert "cần có họ và tên" in text
    twice = [*COMMITTEE, ("trần văn  kiểm", "member")]
    text = refused("nomination.committee_twice", lambda: details(step, committee=twice))
    assert "Trần Văn Kiểm có tên hai lần" in text
    text = refused("nomination.more_than_summoned_figure", lambda: details(step, present=6))
    assert "Số người có mặt: 6 nhiều hơn 5 người được triệu tập" in text
    text = refused("nomination.issued_over_present", lambda: details(step, present=3, issued=4))
    assert "4 phiếu phát ra cho 3 người có mặt" in text
    sealed = seal(step)
    text = refused("nomination.collected_over_issued", lambda: details(sealed, issued=2))
    assert "3 phiếu đã kiểm, nhiều hơn 2 phiếu phát ra" in text
    details(sealed, issued=3)  # still recorded after the seal: not part of the count


def test_the_ballot_prints_once_the_names_are_fixed(people: People) -> None:
    from tests.personnel.test_nomination_permissions import build

    build(people)
    client = client_of(people)
    with translation.override("vi"):
        answer = client.get(url("nomination_step_ballot", people, "3"), follow=True)
        assert "Bước 3 chưa mở: tên trên phiếu chưa được chốt" in answer.content.decode()
        page = client.get(url("nomination_step", people, "2")).content.decode()
        assert url("nomination_step_ballot", people, "2") in page
    response = client.get(url("nomination_step_ballot", people, "2"))
    pk = people.congress.pk
    assert_confidential_file(response, "application/pdf", f"phieu-dh{pk}-buoc-2.pdf")
    text = pdf_text(response.content)
    record = StepRecord.objects.get(code="2")
    assert "PHIẾU GIỚI THIỆU NHÂN SỰ" in text and "Bước 2/5" in text
    for n in record.names:
        assert n["name"] in text
    assert f"{conference_place(record)}, ngày" in text
    assert "không quá 2 đồng chí" in text  # step 2's own max_ticks


def test_the_minutes_download_after_the_seal_with_the_sealed_figures(
    people: People, step: StepRecord
) -> None:
    client = client_of(people)
    pk = people.congress.pk
    with translation.override("vi"):
        answer = client.get(url("nomination_minutes_pdf", people), follow=True)
        assert "Bước 1 chưa niêm phong: chưa có biên bản" in answer.content.decode()
        record = seal(step)
        answer = client.get(url("nomination_minutes_docx", people), follow=True)
        assert "Ghi tổ kiểm phiếu của bước 1 trước" in answer.content.decode()
        assert not AuditEntry.objects.filter(action="personnel.nomination.step.minutes").exists()
        result = client.get(url("nomination_result", people)).content.decode()
        assert url("nomination_minutes_pdf", people) not in result
        form = {"place": "Xã Hòa Bình", "held_on": "02/06/2025", "head": "Trần Văn Kiểm"}
        form |= {"deputies": "Lê Thị Phiếu", "members": "Phạm Văn Đếm\n\n", "present": "4"}
        form |= {"issued": "4"}
        answer = client.post(url("nomination_step_details", people), form, follow=True)
        assert "Đã lưu" in answer.content.decode()
        result = client.get(url("nomination_result", people)).content.decode()
        assert url("nomination_minutes_pdf", people) in result
    record.refresh_from_db()
    assert record.counting_committee == [{"name": n, "role": r} for n, r in COMMITTEE]

    pdf = client.get(url("nomination_minutes_pdf", people))
    assert_confidential_file(pdf, "application/pdf", f"bien-ban-dh{pk}-buoc-1.pdf")
    docx = client.get(url("nomination_minutes_docx", people))
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert_confidential_file(docx, docx_type, f"bien-ban-dh{pk}-buoc-1.docx")
    for text in (pdf_text(pdf.content), " ".join(docx_text(docx.content).split())):
        assert "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ" in text
        assert "Xã Hòa Bình, ngày 02 tháng 6 năm 2025" in text
        for name, _role in COMMITTEE:
            assert name in text
        for n in record.names:
            assert n["name"] in text
        assert "Số người được triệu tập: 5" in text and "Số người có mặt: 4" in text
        assert "Số phiếu phát ra: 4" in text and "Số phiếu thu vào: 3" in text
        assert "Số phiếu hợp lệ: 3" in text
        top = record.decision["outcomes"][0]  # the sealed figures, as sealed
        assert top["votes"] == 3 and f"{top['share_of_summoned']}%" in text
    reads = AuditEntry.objects.filter(action="personnel.nomination.step.minutes")
    assert [e.after["format"] for e in reads.order_by("pk")] == ["pdf", "docx"]
    assert all(e.actor_id == people.personnel_A.pk for e in reads)


def test_the_details_form_refuses_in_vietnamese_and_saves_nothing(
    people: People, step: StepRecord
) -> None:
    from tests.permissions import assert_nothing_changed, db_snapshot

    client = client_of(people)
    before = db_snapshot()
    with translation.override("vi"):
        for form, said in (
            ({"head": ""}, "Tổ trưởng tổ kiểm phiếu (họ và tên): "),
            ({"head": "A", "held_on": "31/02/2025"}, "Ngày hội nghị"),
            ({"head": "A", "present": "-1"}, "Số người có mặt: "),
            ({"head": "A", "present": "9"}, "nhiều hơn 5 người được triệu tập"),
        ):
            answer = client.post(url("nomination_step_details", people), form, follow=True)
            assert said in answer.content.decode(), form
    assert_nothing_changed(before, "refused details")
