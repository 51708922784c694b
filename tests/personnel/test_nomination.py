"""The personnel introduction steps through their services: pool, run, double entry, seal,
hand-over — and every refusal in the page's language with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from daihoi.accounts.models import User
from daihoi.audit.models import AuditEntry
from daihoi.elections.models import Candidate, Election, ElectionKind
from daihoi.elections.services import election_create
from daihoi.personnel.models import (
    CadrePoolEntry,
    NominationRun,
    StepEntry,
    StepRecord,
    StepState,
)
from daihoi.personnel.nomination import counted, procedure_of, step_document_values
from daihoi.personnel.pool_importing import pool_import
from daihoi.personnel.services import nomination as s
from tests.factories import UserFactory
from tests.permissions import assert_nothing_changed, db_snapshot
from tests.personnel.conftest import People

S = s.Sheet


@pytest.fixture
def run(people: People) -> Any:
    for m in people.members[:4]:
        s.pool_add(
            actor=None, congress=people.congress, member=m, posts=["committee"], reviewed_year=2025
        )
    s.pool_add(
        actor=None,
        congress=people.congress,
        full_name="Vũ Thị Hoa",
        birth_year=1985,
        posts=["committee", "standing"],
        reviewed_year=2024,
    )
    run = s.run_start(actor=None, congress=people.congress)
    return s.step_settings(actor=None, run=run, code="1", values={"summoned": 5, "max_ticks": 4})


def clerks() -> tuple[Any, Any]:
    return tuple(  # type: ignore[return-value]
        User.objects.filter(username=name).first() or UserFactory(username=name)
        for name in ("clerk_one", "clerk_two")
    )


def enter_both(record: StepRecord, sheets: list[S]) -> None:
    one, two = clerks()
    for clerk in (one, two):
        for sheet in sheets:
            s.entry_add(actor=clerk, record=record, sheet=sheet)
        s.slot_close(actor=clerk, record=record)


def refused(code: str, call: Any) -> str:
    """The call is refused with ``code``, in Vietnamese, and no table changes."""
    before = db_snapshot()
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.code == code
    text = " ".join(caught.value.messages)
    assert_nothing_changed(before, code)
    return text


def test_a_step_runs_from_the_pool_to_its_seal(people: People, run: Any) -> None:
    record = s.step_open(actor=None, run=run, code="1")
    names = [n["name"] for n in record.names]
    assert names[0] == "Nguyễn Văn An" and "Vũ Thị Hoa" in names  # theo vần A, B, C
    assert len(names) == 5
    sheets = [S("1", ticks=(1, 2, 3)), S("1", ticks=(1, 2)), S("1", ticks=(1, 4)), S("1")]
    enter_both(record, sheets)
    record.refresh_from_db()
    assert record.state == StepState.COUNTING
    assert len(record.ballots) == 4
    s.step_seal(actor=None, record=record, collected=4)
    record.refresh_from_db()
    assert record.state == StepState.SEALED and record.seal_hash
    assert not StepEntry.objects.filter(step=record).exists()  # the clerks' copies are gone
    assert record.tally["valid"] == 4 and record.tally["blank"] == 1
    # more than 50% of 5 summoned: 3 votes and up
    assert [n["name"] for n in record.handed_on] == [names[0]]
    assert AuditEntry.objects.filter(action="personnel.nomination.step.seal").exists()
    values = step_document_values(record)
    assert values["tally"].collected == 4 and values["decision"].passed[0].name == names[0]


def test_refusals_are_in_vietnamese_and_save_nothing(people: People, run: Any) -> None:
    record = s.step_open(actor=None, run=run, code="1")
    one, two = clerks()
    text = refused(
        "nomination.other_step",
        lambda: s.entry_add(actor=one, record=record, sheet=S("2", ticks=(1,))),
    )
    assert "không phải" in text and "bước 1" in text
    text = refused(
        "nomination.not_on_list",
        lambda: s.entry_add(actor=one, record=record, sheet=S("1", ticks=(6,))),
    )
    assert "Số 6" in text and "1–5" in text
    refused(
        "nomination.too_many_written",
        lambda: s.entry_add(actor=one, record=record, sheet=S("1", write_ins=("Lê Văn X",))),
    )
    s.entry_add(actor=one, record=record, sheet=S("1", ticks=(1, 2)))
    s.slot_close(actor=one, record=record)
    s.entry_add(actor=two, record=record, sheet=S("1", ticks=(1, 3)))
    text = refused("nomination.entries_differ", lambda: s.slot_close(actor=two, record=record))
    assert "khác nhau" in text
    assert [d.first for d in s.differences(record)] == [1, 0]
    # the second clerk corrects the slip; the entries match
    wrong = StepEntry.objects.get(step=record, slot=2)
    s.entry_remove(actor=two, record=record, entry_id=wrong.pk)
    s.entry_add(actor=two, record=record, sheet=S("1", ticks=(1, 2)))
    s.slot_close(actor=two, record=record)
    text = refused(
        "nomination.collected_differs", lambda: s.step_seal(actor=None, record=record, collected=2)
    )
    assert "Số phiếu thu vào: 2" in text
    s.step_seal(actor=None, record=record, collected=1)
    text = refused(
        "nomination.step_state",
        lambda: s.entry_add(actor=one, record=record, sheet=S("1", ticks=(1,))),
    )
    assert "niêm phong" in text


def test_a_step_needs_its_values_and_the_previous_step(people: People, run: Any) -> None:
    text = refused(
        "nomination.previous_not_done", lambda: s.step_open(actor=None, run=run, code="2")
    )
    assert "Bước 1" in text
    run.overrides = {}
    run.save()
    run.refresh_from_db()
    refused("nomination.parameters_unset", lambda: s.step_open(actor=None, run=run, code="1"))
    refused(
        "nomination.parameters_refused",
        lambda: s.step_settings(actor=None, run=run, code="1", values={"count": 3}),
    )


def test_a_tie_waits_for_the_bodys_decision(people: People, run: Any) -> None:
    s.step_settings(
        actor=None, run=run, code="1", values={"rule": "top", "count": 1, "ties": "needs_decision"}
    )
    record = s.step_open(actor=None, run=run, code="1")
    enter_both(record, [S("1", ticks=(1,)), S("1", ticks=(2,))])
    s.step_seal(actor=None, record=record, collected=2)
    record.refresh_from_db()
    assert record.handed_on is None
    tied = [o["id"] for o in record.decision["outcomes"] if o["status"] == "needs_decision"]
    assert len(tied) == 2
    refused(
        "nomination.ties_undecided",
        lambda: s.step_decide_ties(
            actor=None, record=record, decided={tied[0]: True}, decision_text="NQ 01"
        ),
    )
    s.step_decide_ties(
        actor=None, record=record, decided={tied[0]: True, tied[1]: False}, decision_text="NQ 01"
    )
    record.refresh_from_db()
    assert [n["id"] for n in record.handed_on] == [tied[0]]


def test_write_ins_are_grouped_and_can_go_on(people: People, run: Any) -> None:
    s.step_settings(actor=None, run=run, code="1", values={"blank_lines": 2})
    record = s.step_open(actor=None, run=run, code="1")
    sheets = [
        S("1", write_ins=("Đỗ Văn Mới",)),
        S("1", write_ins=("do van moi",)),
        S("1", write_ins=("ĐỖ VĂN MỚI",)),
    ]
    enter_both(record, sheets)
    s.step_seal(actor=None, record=record, collected=3)
    record.refresh_from_db()
    assert record.tally["write_ins"][0]["votes"] == 3
    assert [n["name"] for n in record.handed_on] == ["Đỗ Văn Mới"]


def _finish(run: Any, people: People) -> StepRecord:
    """Every step with one sheet ticking the first names."""
    record = None
    for code in ("1", "2", "3", "4", "5"):
        values: dict[str, int] = {"summoned": 3}
        if code != "5":
            values["max_ticks"] = 5
        if code == "2":
            values["blank_lines"] = 1
        s.step_settings(actor=None, run=run, code=code, values=values)
        record = s.step_open(actor=None, run=run, code=code)
        n = len(record.names)
        if code == "5":
            sheet = S(code, agree=tuple(range(1, n + 1)))
        else:
            sheet = S(code, ticks=tuple(range(1, n + 1)))
        enter_both(record, [sheet, sheet])
        s.step_seal(actor=None, record=record, collected=2)
        record.refresh_from_db()
    assert record is not None
    return record


def test_the_last_steps_names_go_to_the_election_with_their_figures(
    people: People, run: Any
) -> None:
    last = _finish(run, people)
    assert len(last.handed_on) == 5
    election = election_create(
        actor=None,
        congress=people.congress,
        kind=ElectionKind.COMMITTEE,
        title="Bầu Ban Chấp hành",
        seats=4,
        summoned=100,
    )
    s.nomination_handover(actor=None, congress=people.congress, election=election)
    names = list(Candidate.objects.filter(election=election).order_by("full_name"))
    assert len(names) == 5
    an = next(c for c in names if c.full_name == "Nguyễn Văn An")
    assert an.member_id == people.members[0].pk
    assert an.note == "B1 2/3; B2 2/3; B3 2/3; B4 2/3; B5 2/3"
    other = Election.objects.create(
        congress=people.congress,
        kind=ElectionKind.COMMITTEE,
        round=2,
        title="Khác",
        seats=1,
        summoned=10,
    )
    refused(
        "list.surplus_refused",
        lambda: s.nomination_handover(actor=None, congress=people.congress, election=other),
    )


def test_the_pool_imports_all_or_nothing(people: People) -> None:
    good = (
        "Họ và tên,Năm sinh,Dự kiến,Năm rà soát\n"
        "Nguyễn Văn An,1975,ủy viên BCH;bí thư,2025\n"
        "Người Ngoài,1980,ủy viên BCH,\n"
    ).encode()
    bad = good + "Ai Đó,19x,chủ tịch,\n".encode()
    from daihoi.tables import ImportRefused

    with translation.override("vi"), pytest.raises(ImportRefused) as caught:
        pool_import(actor=None, congress=people.congress, file_name="quyhoach.csv", data=bad)
    rows = [(e.row, e.column) for e in caught.value.errors]
    assert (4, "Năm sinh") in rows and (4, "Dự kiến") in rows
    assert not CadrePoolEntry.objects.exists()
    assert pool_import(actor=None, congress=people.congress, file_name="q.csv", data=good) == 2
    an = CadrePoolEntry.objects.get(full_name="Nguyễn Văn An")
    assert an.member_id == people.members[0].pk and an.posts == ["committee", "secretary"]


def test_the_procedure_snapshot_keeps_the_units_values(run: Any) -> None:
    step = procedure_of(run).step("1")
    assert step.summoned == 5 and step.parameters["summoned"].set_by == "unit"
    assert counted  # the engine's count is what the pages read


def test_the_pages_show_each_state_and_refuse_in_vietnamese(people: People) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.personnel.test_nomination_permissions import build

    build(people)
    client = Client()
    client.force_login(people.personnel_A)
    pk = people.congress.pk
    with translation.override("vi"):
        page = client.get(reverse("nomination_run", args=[pk]), HTTP_ACCEPT_LANGUAGE="vi")
        text = page.content.decode()
        assert "MẬT" in text and "Kết quả" in text and "đang nhập phiếu" in text
        pool = client.get(reverse("nomination_pool", args=[pk])).content.decode()
        assert "Nguyễn Văn An" in pool and "Danh sách quy hoạch" in pool
        entry_url = reverse("nomination_entry", args=[pk, "2"])
        before = StepEntry.objects.count()
        answer = client.post(entry_url, {"code": "1", "ticks": "1"}, follow=True)
        assert "không phải của bước 2" in answer.content.decode()
        answer = client.post(entry_url, {"code": "2", "ticks": "9"}, follow=True)
        assert "Số 9 không có trên phiếu" in answer.content.decode()
        assert StepEntry.objects.count() == before
        reads = AuditEntry.objects.filter(action="personnel.nomination.step.read").count()
        result = client.get(reverse("nomination_result", args=[pk, "1"])).content.decode()
        assert "Kết quả bước 1" in result and "trên 50% số người được triệu tập" in result
        assert (
            AuditEntry.objects.filter(action="personnel.nomination.step.read").count() == reads + 1
        )
        structure = client.get(reverse("personnel_structure", args=[pk])).content.decode()
        assert "Được giới thiệu tiếp sau bước 1" in structure
        step = client.get(reverse("nomination_step", args=[pk, "3"])).content.decode()
        assert "đơn vị phải đặt" in step
        posted = {"summoned": 3, "max_ticks": 2, "blank_lines": 0, "rule": "top", "count": 1}
        posted |= {"ties": "needs_decision", "percent": 50, "share_of": ""}
        client.post(reverse("nomination_step_settings", args=[pk, "3"]), posted)
        run = NominationRun.objects.get(congress=people.congress)
        assert run.overrides["3"] == {
            "summoned": 3,
            "max_ticks": 2,
            "rule": "top",
            "count": 1,
            "ties": "needs_decision",
        }
        step = client.get(reverse("nomination_step", args=[pk, "3"])).content.decode()
        assert "Lấy 1 người có số phiếu giới thiệu cao nhất" in step


def test_nothing_of_the_steps_is_on_the_congress_pages_of_other_roles(people: People) -> None:
    from django.urls import reverse

    from tests.personnel.test_nomination_permissions import build

    build(people)
    pk = people.congress.pk
    office = people.tree.client_for(people.tree.commune_officer)
    for url in (reverse("congress_detail", args=[pk]), f"/api/congresses/{pk}"):
        text = office.get(url).content.decode()
        assert "/nomination/" not in text and "pool:" not in text
    assert office.get(reverse("nomination_result", args=[pk, "1"])).status_code == 403


def test_a_sheet_typed_on_the_page_answers_with_the_entry_alone(people: People) -> None:
    # As in the counting room: one post a sheet, the entry's part of the page
    # comes back (no redirect, no whole page), the field ready for the next.
    from django.test import Client
    from django.urls import reverse

    from tests.personnel.test_nomination_permissions import build

    build(people)
    client = Client()
    client.force_login(people.personnel_A)
    url = reverse("nomination_entry", args=[people.congress.pk, "2"])
    before = StepEntry.objects.count()
    with translation.override("vi"):
        answer = client.post(url, {"code": "2", "ticks": "1"}, HTTP_HX_REQUEST="true")
        text = answer.content.decode()
        assert answer.status_code == 200
        assert "<html" not in text and 'id="sheets"' in text
        assert "Đã ghi phiếu." in text and "Lần nhập của bạn: " in text
        assert StepEntry.objects.count() == before + 1
        mine = StepEntry.objects.filter(clerk=people.personnel_A, step__code="2").count()
        assert f"Lần nhập của bạn: {mine} phiếu" in text
        # A refused sheet: its message, what was typed kept, this step's code back.
        answer = client.post(url, {"code": "1", "ticks": "1 9"}, HTTP_HX_REQUEST="true")
        text = answer.content.decode()
        assert answer.status_code == 200 and "không phải của bước 2" in text
        assert 'value="1 9"' in text and 'name="code" value="2"' in text
        assert StepEntry.objects.count() == before + 1
