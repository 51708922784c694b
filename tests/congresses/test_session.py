"""Delegates, deductions, sittings, check-in, quorum, agenda, show-of-hands votes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.congresses import services, voting
from daihoi.congresses.importing import delegate_rows
from daihoi.congresses.models import Attendance, Delegate, DelegateKind, Presence, SpeakerStatus
from daihoi.congresses.selectors import credentials_report, delegate_search, hall_state
from daihoi.organizations.models import Member, Sex
from daihoi.tables import ImportRefused
from tests.congresses.conftest import Hall, check_in_all


def test_the_summoned_are_the_official_delegates_each_with_a_number_and_own_code(
    hall: Hall,
) -> None:
    assert hall.congress.summoned == 10
    assert [d.number for d in hall.delegates] == list(range(1, 13))
    codes = [d.code for d in hall.delegates]
    assert len(set(codes)) == 12 and all(len(c) == 8 for c in codes)


def test_a_member_is_summoned_once(hall: Hall) -> None:
    member = Member.objects.create(unit=hall.tree.A1, full_name="Ngô Văn Tư", sex=Sex.MALE)
    row = {"full_name": member.full_name, "member_id": member.pk}
    services.delegates_add_many(actor=None, congress=hall.congress, rows=[row])
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.delegates_add_many(actor=None, congress=hall.congress, rows=[row])


def test_a_member_congress_summons_every_official_member_below(hall: Hall) -> None:
    from tests.factories import make_congress, make_term

    Member.objects.create(unit=hall.tree.A2, full_name="Ngô Thị Năm", sex=Sex.FEMALE)
    Member.objects.create(unit=hall.tree.A2, full_name="Tạ Văn Sáu", sex=Sex.MALE)
    Member.objects.create(unit=hall.tree.A2, full_name="Dự Bị", sex=Sex.MALE, is_official=False)
    congress = make_congress(hall.tree.A2, term=make_term(2030), kind="members")
    added = services.delegates_from_members(actor=None, congress=congress)
    assert sorted(d.full_name for d in added) == ["Ngô Thị Năm", "Tạ Văn Sáu"]
    congress.refresh_from_db()
    assert congress.summoned == 2


def test_the_import_refuses_the_whole_file_for_one_bad_row() -> None:
    data = "Họ và tên,Giới tính,Ngày sinh,Loại\nNguyễn Văn A,Nam,01/02/1970,chính thức\n"
    data += "Trần Thị B,Nữ,31/02/1980,dự khuyết\n"
    with pytest.raises(ImportRefused) as refused:
        delegate_rows("ds.csv", data.encode())
    assert [e.row for e in refused.value.errors] == [3]
    rows = delegate_rows("ds.csv", data.replace("31/02", "28/02").encode())
    assert rows[1]["sex"] == "F" and rows[1]["kind"] == DelegateKind.ALTERNATE
    assert rows[0]["birth_date"] == dt.date(1970, 2, 1)


def test_checkin_by_code_is_forgiving_of_case_spaces_and_dashes(hall: Hall) -> None:
    code = hall.delegates[0].code
    typed = f" {code[:4].lower()}-{code[4:]} "
    result = services.checkin(actor=hall.secretary, congress=hall.congress, code=typed)
    assert result.delegate == hall.delegates[0] and not result.already
    again = services.checkin(actor=hall.secretary, congress=hall.congress, code=code)
    assert again.already
    assert Attendance.objects.filter(delegate=hall.delegates[0]).count() == 1
    assert AuditEntry.objects.filter(action="attendance.checkin").count() == 1


def test_an_unknown_code_or_no_open_sitting_is_refused_clearly(hall: Hall) -> None:
    with pytest.raises(ValidationError, match="Không có đại biểu"):
        services.checkin(actor=None, congress=hall.congress, code="ZZZZZZZZ")
    services.sitting_close(actor=None, sitting=hall.sitting)
    with pytest.raises(ValidationError, match="Chưa có phiên họp"):
        services.checkin(actor=None, congress=hall.congress, code=hall.delegates[0].code)


def test_a_code_of_another_congress_does_not_check_in_here(hall: Hall) -> None:
    from tests.factories import make_congress, make_term

    other = make_congress(hall.tree.B, term=make_term(2030))
    [stranger] = services.delegates_add_many(
        actor=None, congress=other, rows=[{"full_name": "Người Lạ"}]
    )
    with pytest.raises(ValidationError):
        services.checkin(actor=None, congress=hall.congress, code=stranger.code)


def test_quorum_is_the_engines_more_than_two_thirds_of_those_summoned(hall: Hall) -> None:
    check_in_all(hall, range(6))
    state = hall_state(hall.congress)
    assert (state.present, state.summoned, state.quorum.least_present) == (6, 10, 7)
    assert not state.quorum.met
    check_in_all(hall, [6])
    assert hall_state(hall.congress).quorum.met


def test_an_alternate_counts_only_in_place_of_an_absent_official(hall: Hall) -> None:
    check_in_all(hall, [10, 11])  # Alternate One replaces no. 10; Alternate Two replaces nobody
    assert hall_state(hall.congress).present == 1
    assert hall_state(hall.congress).checked_in == 2
    check_in_all(hall, [9])  # the official came after all: the alternate does not count
    assert hall_state(hall.congress).present == 1


def test_closing_a_sitting_records_the_others_absent_and_reasons_can_follow(hall: Hall) -> None:
    check_in_all(hall, range(8))
    services.sitting_close(actor=None, sitting=hall.sitting)
    absent = Attendance.objects.filter(sitting=hall.sitting, status=Presence.ABSENT)
    assert absent.count() == 4
    services.absence_record(
        actor=None, sitting=hall.sitting, delegate=hall.delegates[9], excused=True, reason="Ốm"
    )
    row = Attendance.objects.get(sitting=hall.sitting, delegate=hall.delegates[9])
    assert (row.status, row.reason) == (Presence.EXCUSED, "Ốm")
    with pytest.raises(ValidationError):
        services.absence_record(
            actor=None, sitting=hall.sitting, delegate=hall.delegates[0], excused=False, reason=""
        )


def test_only_one_sitting_is_in_session(hall: Hall) -> None:
    second = services.sitting_add(
        actor=None, congress=hall.congress, title="Phiên bế mạc", date=dt.date(2025, 7, 21)
    )
    with pytest.raises(ValidationError):
        services.sitting_open(actor=None, sitting=second)


def test_a_show_of_hands_passes_by_the_engine_with_more_than_half_of_the_base(hall: Hall) -> None:
    # Base: 10 summoned − 1 deducted = 9; 5 agree is more than half of 9, 4 is not.
    vote = services.vote_record_hands(
        actor=None, vote=hall.hands, present=9, agree=5, disagree=3, abstain=1
    )
    assert (vote.base, vote.passed, vote.status) == (9, True, "closed")
    other = services.vote_create(
        actor=None, congress=hall.congress, subject="other", title="X", method="hands"
    )
    vote = services.vote_record_hands(
        actor=None, vote=other, present=9, agree=4, disagree=4, abstain=1
    )
    assert vote.passed is False
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.vote_record_hands(
            actor=None, vote=other, present=9, agree=9, disagree=0, abstain=0
        )


def test_more_hands_than_present_is_refused(hall: Hall) -> None:
    with pytest.raises(ValidationError):
        services.vote_record_hands(
            actor=None, vote=hall.hands, present=5, agree=5, disagree=1, abstain=0
        )


def test_the_base_follows_the_profile(hall: Hall) -> None:
    services.congress_hall_settings(
        actor=None, congress=hall.congress, profile="ballots-collected", venue="Hội trường"
    )
    hall.hands.congress.refresh_from_db()
    vote = services.vote_record_hands(
        actor=None, vote=hall.hands, present=6, agree=4, disagree=2, abstain=0
    )
    assert (vote.base, vote.passed) == (6, True)


def test_the_agenda_has_one_current_item_and_speakers_in_order(hall: Hall) -> None:
    second = services.agenda_item_add(actor=None, congress=hall.congress, title="Thảo luận")
    services.agenda_item_start(actor=None, item=hall.item)
    services.agenda_item_start(actor=None, item=second)
    hall.item.refresh_from_db()
    assert hall.item.status == "done"
    guest = services.speaker_add(actor=None, item=second, name="Khách mời", topic="Chào mừng")
    services.speaker_set(actor=None, speaker=guest, status=SpeakerStatus.SPEAKING)
    state = hall_state(hall.congress)
    assert state.item == second and state.speaking == guest
    with pytest.raises(ValidationError):
        services.speaker_set(actor=None, speaker=guest, status=SpeakerStatus.WAITING)


def test_name_search_ignores_tone_marks_and_finds_numbers(hall: Hall) -> None:
    assert [d.full_name for d in delegate_search(hall.congress, "nguyen an")] == ["Nguyễn Văn An"]
    assert [d.full_name for d in delegate_search(hall.congress, "DANG GI")] == ["Đặng Văn Giang"]
    assert [d.number for d in delegate_search(hall.congress, "7")] == [7]
    assert delegate_search(hall.congress, "  ") == []


def test_the_credentials_report_counts_what_the_committee_reads_out(hall: Hall) -> None:
    services.delegate_update(
        actor=None,
        delegate=hall.delegates[2],
        kind=DelegateKind.OFFICIAL,
        is_ex_officio=True,
        credential="questioned",
        credential_note="Đang xem xét",
        replaces=None,
    )
    report = credentials_report(hall.congress, on=dt.date(2025, 7, 20))
    # 10 officials + the alternate in no. 10's place vote.
    assert (report.officials, report.alternates, report.ex_officio) == (10, 2, 1)
    assert report.women.count == 4 and report.women.percent == "36,36"
    assert [d.full_name for d in report.questioned] == ["Lê Văn Cường"]
    assert report.valid == 10
    assert (report.youngest, report.oldest) == (46, 55)
    assert report.unknown_birth == 1


def test_an_alternate_cannot_replace_two_officials_or_an_alternate(hall: Hall) -> None:
    with pytest.raises(ValidationError):
        services.delegate_update(
            actor=None,
            delegate=hall.delegates[11],
            kind=DelegateKind.ALTERNATE,
            is_ex_officio=False,
            credential="valid",
            credential_note="",
            replaces=hall.delegates[9],
        )
    with pytest.raises(ValidationError):
        services.delegate_update(
            actor=None,
            delegate=hall.delegates[11],
            kind=DelegateKind.ALTERNATE,
            is_ex_officio=False,
            credential="valid",
            credential_note="",
            replaces=hall.delegates[10],
        )


def test_every_write_of_the_hall_is_in_an_intact_audit_chain(hall: Hall) -> None:
    check_in_all(hall, range(3))
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"delegates.add", "sitting.open", "agenda.add", "vote.create"} <= actions
    assert audit_verify().ok


def test_the_desk_checks_in_by_code_through_htmx_and_shows_the_count(hall: Hall) -> None:
    client = hall.client(hall.secretary)
    url = reverse("hall_checkin", args=[hall.congress.pk])
    response = client.post(url, {"code": hall.delegates[0].code}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and "Nguyễn Văn An" in text and "1</span> / 10" in text
    response = client.post(url, {"code": "nope"}, HTTP_HX_REQUEST="true")
    assert "Không có đại biểu" in response.content.decode()
    found = client.get(reverse("hall_search", args=[hall.congress.pk]), {"q": "binh"})
    assert "Trần Thị Bình" in found.content.decode()


def test_the_projector_shows_quorum_current_item_and_a_closed_votes_result(hall: Hall) -> None:
    check_in_all(hall, range(9))
    services.agenda_item_start(actor=None, item=hall.item)
    services.vote_record_hands(
        actor=None, vote=hall.hands, present=9, agree=8, disagree=1, abstain=0
    )
    client = hall.client(hall.tree.province_viewer)
    text = client.get(reverse("hall_screen_live", args=[hall.congress.pk])).content.decode()
    assert "Bầu Đoàn Chủ tịch" in text and "THÔNG QUA" in text
    assert "Đại hội đủ điều kiện tiến hành" in text


def test_a_delegate_deleted_with_their_congress_takes_the_hall_along(hall: Hall) -> None:
    from daihoi.congresses.models import (
        AgendaItem,
        Attendance,
        Congress,
        ProceduralVote,
        Sitting,
        Speaker,
        VoteCast,
    )

    check_in_all(hall, range(9))
    services.vote_open(actor=hall.secretary, vote=hall.electronic)
    secret = voting.pass_bind(delegate=hall.delegates[0])
    voting.vote_cast(
        delegate=Delegate.objects.get(pk=hall.delegates[0].pk),
        device_secret=secret,
        vote_id=hall.electronic.pk,
        choice="agree",
    )
    services.vote_close(
        actor=hall.secretary, vote=hall.electronic
    )  # a secret choice waits till then
    pk = hall.congress.pk
    assert Delegate.objects.filter(congress_id=pk).count() == 12
    assert VoteCast.objects.filter(vote__congress_id=pk).count() == 1
    Congress.objects.get(pk=pk).delete()
    assert not Delegate.objects.filter(congress_id=pk).exists()
    assert not Attendance.objects.filter(sitting__congress_id=pk).exists()
    assert not Sitting.objects.filter(congress_id=pk).exists()
    assert not AgendaItem.objects.filter(congress_id=pk).exists()
    assert not Speaker.objects.filter(item__congress_id=pk).exists()
    assert not ProceduralVote.objects.filter(congress_id=pk).exists()
    assert not VoteCast.objects.filter(vote__congress_id=pk).exists()
    assert Congress.objects.filter(pk=hall.tree.congress_B.pk).exists()  # others stay
