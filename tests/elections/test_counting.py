"""The counting room's services: list, double entry, matching, resolution, seal, rounds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.core.elections.entry import EntryError
from daihoi.elections import selectors, services
from daihoi.elections.models import BatchStatus, CastBallot, Election, ElectionStatus, Stream
from tests.elections.conftest import Room, approve


def enter(room: Room, clerk, batch, lines: list[str]) -> Stream:  # type: ignore[no-untyped-def]
    stream = services.stream_join(clerk=clerk, batch=batch)
    for line in lines:
        services.entry_save(actor=clerk, stream_id=stream.pk, text=line)
    return stream


def count_batch(room: Room, lines_1: list[str], lines_2: list[str]):  # type: ignore[no-untyped-def]
    batch = services.batch_open(actor=room.head, election=room.election)
    s1 = enter(room, room.clerk1, batch, lines_1)
    s2 = enter(room, room.clerk2, batch, lines_2)
    services.stream_close(clerk=room.clerk1, stream=s1)
    return services.stream_close(clerk=room.clerk2, stream=s2)


def test_the_list_is_in_ballot_order_whatever_the_typing_order(room: Room) -> None:
    # An, Bình, Cường, Dung, Em: by given name (docs/rules.md §1).
    assert [c.full_name.split()[-1] for c in room.candidates] == [
        "An",
        "Bình",
        "Cường",
        "Dung",
        "Em",
    ]


def test_the_list_vote_passes_with_more_than_half_of_the_base(room: Room) -> None:
    # base = 10 summoned − 1 deducted = 9; 5 of 9 passes, 4 of 9 does not.
    assert not services.election_list_approve(
        actor=None, election=room.election, present=9, agree=4, disagree=5
    )
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.DRAFT
    assert services.election_list_approve(
        actor=None, election=room.election, present=9, agree=5, disagree=4
    )
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.LIST_APPROVED


def test_a_list_too_long_cannot_be_approved(room: Room) -> None:
    for name in ("Vũ Văn Phúc", "Đỗ Thị Giang"):
        services.candidate_add(actor=None, election=room.election, full_name=name)
    # 7 names for 4 seats: more than the 5 a committee of 3–5 may have (surplus ≤ 1).
    with pytest.raises(ValidationError):
        services.election_list_approve(
            actor=None, election=room.election, present=9, agree=9, disagree=0
        )


def test_the_list_cannot_change_once_approved(room: Room) -> None:
    approve(room)
    with pytest.raises(ValidationError):
        services.candidate_add(actor=None, election=room.election, full_name="Vũ Văn Phúc")


def test_two_agreeing_entries_are_counted(room: Room) -> None:
    approve(room)
    batch = count_batch(room, ["1", "2", "0"], ["1", "2", "0"])
    assert batch.status == BatchStatus.MATCHED
    assert CastBallot.objects.filter(election=room.election).count() == 3


def test_a_difference_stops_the_batch_and_counts_nothing(room: Room) -> None:
    approve(room)
    batch = count_batch(room, ["1", "2", "0"], ["1", "3", "0"])
    assert batch.status == BatchStatus.MISMATCH
    assert CastBallot.objects.count() == 0
    differences = selectors.batch_differences(batch)
    assert [d["position"] for d in differences] == [2]


def test_the_head_resolves_a_difference_from_the_paper_with_a_reason(room: Room) -> None:
    approve(room)
    batch = count_batch(room, ["1", "2", "0"], ["1", "3", "0", "4"])
    with pytest.raises(ValidationError):
        services.batch_resolve(
            actor=room.head,
            election_id=room.election.pk,
            batch_id=batch.pk,
            decisions={2: "2", 4: "-"},
            reason="",
        )
    services.batch_resolve(
        actor=room.head,
        election_id=room.election.pk,
        batch_id=batch.pk,
        decisions={2: "2", 4: "-"},
        reason="Đối chiếu phiếu giấy",
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MATCHED
    assert CastBallot.objects.count() == 3
    entry = AuditEntry.objects.get(action="batch.resolve")
    assert entry.after["reason"] == "Đối chiếu phiếu giấy"


def test_a_clerk_cannot_take_two_entries_of_one_batch(room: Room) -> None:
    approve(room)
    batch = services.batch_open(actor=room.head, election=room.election)
    first = services.stream_join(clerk=room.clerk1, batch=batch)
    assert services.stream_join(clerk=room.clerk1, batch=batch) == first
    services.stream_join(clerk=room.clerk2, batch=batch)
    with pytest.raises(ValidationError):
        services.stream_join(clerk=room.clerk3, batch=batch)


def test_triple_entry_waits_for_the_third_clerk(room: Room) -> None:
    room.election.entry_copies = 3
    room.election.save()
    approve(room)
    batch = count_batch(room, ["1"], ["1"])
    assert batch.status == BatchStatus.OPEN
    s3 = enter(room, room.clerk3, batch, ["1"])
    assert services.stream_close(clerk=room.clerk3, stream=s3).status == BatchStatus.MATCHED


def test_a_mistyped_line_is_refused_and_nothing_saved(room: Room) -> None:
    approve(room)
    batch = services.batch_open(actor=room.head, election=room.election)
    with pytest.raises(EntryError):
        enter(room, room.clerk1, batch, ["9"])
    assert Stream.objects.get(clerk=room.clerk1).entries.count() == 0


def test_sealing_stores_the_result_and_a_hash_and_then_nothing_changes(room: Room) -> None:
    approve(room)
    # Five candidates, four seats, base 9 (threshold 5). Six ballots:
    count_batch(room, ["1", "1", "2", "0", "5", "1 2"], ["1", "1", "2", "0", "5", "1 2"])
    election = services.election_finalise(actor=room.head, election=room.election)
    assert election.status == ElectionStatus.FINALISED and len(election.seal_hash) == 64
    result = election.result
    assert (result["ballots"]["collected"], result["ballots"]["valid"]) == (6, 5)
    votes = {row["name"]: row["votes"] for row in result["candidates"]}
    # "1 2" keeps 3 names of 5 (valid); "0" keeps all 5 > 4 seats: over_seats, invalid.
    assert result["ballots"]["invalid_by_reason"] == {"over_seats": 1}
    assert votes["Nguyễn Thị An"] == 5 - 3  # struck on three valid ballots
    with pytest.raises(ValidationError):
        services.batch_open(actor=room.head, election=room.election)
    assert audit_verify().ok


def test_it_cannot_seal_with_a_batch_unmatched(room: Room) -> None:
    approve(room)
    count_batch(room, ["1"], ["2"])
    with pytest.raises(ValidationError):
        services.election_finalise(actor=room.head, election=room.election)


def test_reopening_needs_a_reason_and_is_audited(room: Room) -> None:
    approve(room)
    count_batch(room, ["1"], ["1"])
    services.election_finalise(actor=room.head, election=room.election)
    with pytest.raises(ValidationError):
        services.election_reopen(actor=room.head, election=room.election, reason=" ")
    election = services.election_reopen(
        actor=room.head, election=room.election, reason="Sai sót khi nhập"
    )
    assert election.status == ElectionStatus.COUNTING and election.result is None
    assert (
        AuditEntry.objects.filter(action="election.reopen").get().after["reason"]
        == "Sai sót khi nhập"
    )


def test_a_shortfall_opens_a_next_round_with_those_not_elected(room: Room) -> None:
    approve(room)
    # Everyone crosses An, Bình and Cường: only Dung and Em pass; 2 of 4 seats.
    count_batch(room, ["1 2 3"] * 6, ["1 2 3"] * 6)
    election = services.election_finalise(actor=room.head, election=room.election)
    assert election.result["outcome"] == "shortfall"
    new = services.election_next_round(actor=room.secretary, election=election)
    assert new.round == 2 and new.seats == 2
    assert sorted(c.full_name for c in new.candidates.all()) == [
        "Lê Văn Cường",
        "Nguyễn Thị An",
        "Trần Văn Bình",
    ]
    assert [d.count for d in new.deductions.all()] == [1]


def test_cast_ballots_carry_nothing_but_the_paper(room: Room) -> None:
    approve(room)
    count_batch(room, ["1 x"], ["1 x"])
    fields = {f.name for f in CastBallot._meta.get_fields()}
    assert fields == {"id", "election", "batch", "ballot"}
    (ballot,) = CastBallot.objects.values_list("ballot", flat=True)
    assert set(ballot) <= {"crossed", "marks", "defects"}


def test_an_outside_nominee_enters_only_with_more_than_30_percent_of_those_present(
    room: Room,
) -> None:
    # 46 of 150 is more than 30%; 45 of 150 is not (190-QĐ/TW Art. 14).
    room.election.summoned = 200  # 150 present needs at least as many summoned
    room.election.save()
    with pytest.raises(ValidationError, match="30"):
        services.candidate_add(
            actor=None,
            election=room.election,
            full_name="Vũ Văn Phúc",
            outside_nominee=True,
            admission_present=150,
            admission_agree=45,
        )
    with pytest.raises(ValidationError):
        services.candidate_add(
            actor=None, election=room.election, full_name="Vũ Văn Phúc", outside_nominee=True
        )
    candidate = services.candidate_add(
        actor=None,
        election=room.election,
        full_name="Vũ Văn Phúc",
        outside_nominee=True,
        admission_present=150,
        admission_agree=46,
    )
    assert candidate.outside_nominee and candidate.admission_agree == 46


def test_more_ballots_than_issued_stops_the_seal_with_the_reason(room: Room) -> None:
    room.election.ballots_issued = 1
    room.election.save()
    approve(room)
    count_batch(room, ["1", "2"], ["1", "2"])
    with pytest.raises(ValidationError, match="phát ra"):
        services.election_finalise(actor=room.head, election=room.election)
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.COUNTING
