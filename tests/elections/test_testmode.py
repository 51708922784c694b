"""Test mode: a logic-and-accuracy test run of the count, then cleared (docs/test-mode.md)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.elections import services
from daihoi.elections.definition import election_definition, has_open_test, real_definition
from daihoi.elections.models import (
    Batch,
    CastBallot,
    Election,
    ElectionStatus,
    ElectionTest,
    Entry,
    ScannedBallot,
    ScanStatus,
    Stream,
)
from daihoi.elections.scanning import scan_import
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch
from tests.elections.test_scanning import scan_room  # noqa: F401  (a fixture)
from tests.scanning.deck import render
from tests.scanning.helpers import spec


def deck_file(room: Room, crossed: list[list[int]], *, election: str | None = None) -> bytes:
    """A daihoi/ballots@1 file: each ballot the rows (from 1, in ballot order) struck."""
    ids = [c.code for c in room.candidates]
    lines = [{"format": "daihoi/ballots@1", "election": election or f"e{room.election.pk}~thu"}]
    lines += [{"crossed": [ids[n - 1] for n in rows]} for rows in crossed]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def reload(election: Election) -> Election:
    return Election.objects.get(pk=election.pk)


def test_a_test_opens_once_only_on_an_approved_list_before_the_count(room: Room) -> None:
    with pytest.raises(ValidationError):  # the list is not approved yet
        services.election_test_open(actor=room.head, election=room.election)
    approve(room)
    test = services.election_test_open(actor=room.head, election=room.election)
    assert has_open_test(room.election) and test.opened_by == room.head
    with pytest.raises(ValidationError, match="đã có một lần chạy thử"):
        services.election_test_open(actor=room.head, election=room.election)
    assert election_definition(room.election).id == f"e{room.election.pk}~thu"
    assert real_definition(room.election).id == f"e{room.election.pk}"
    assert AuditEntry.objects.filter(action="election.test_open").count() == 1


def test_no_test_once_the_real_count_has_started(room: Room) -> None:
    approve(room)
    count_batch(room, ["1"], ["1"])
    with pytest.raises(ValidationError):
        services.election_test_open(actor=room.head, election=reload(room.election))
    assert not ElectionTest.objects.exists()


def test_double_entry_of_the_deck_passes_against_its_expected_file(room: Room) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    deck = [[1], [2], [1, 2], [], [3]]
    typed = ["1", "2", "1 2", "0", "3"]
    count_batch(room, typed, typed)
    services.election_test_expected_set(
        actor=room.head, election=room.election, name="deck.jsonl", data=deck_file(room, deck)
    )
    report = services.election_test_report(room.election)
    assert report["passed"] and all(line["equal"] for line in report["lines"])
    collected = next(line for line in report["lines"] if line["key"] == "collected")
    assert collected["expected"] == collected["counted"] == 5
    first = room.candidates[0]
    votes = next(line for line in report["lines"] if line["key"] == f"votes:{first.code}")
    # Five names for four seats: the ballot with nothing struck is invalid; of the four
    # valid ones, two keep the first name.
    assert votes["counted"] == 2 and first.full_name in votes["label"]
    invalid = next(line for line in report["lines"] if line["key"] == "invalid")
    assert invalid["counted"] == 1


def test_a_different_expected_file_fails_and_names_the_lines(room: Room) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    count_batch(room, ["1", "2"], ["1", "2"])
    # The deck as expected struck row 3 where the count has row 2: two names differ.
    services.election_test_expected_set(
        actor=room.head,
        election=room.election,
        name="deck.jsonl",
        data=deck_file(room, [[1], [3]]),
    )
    report = services.election_test_report(room.election)
    assert not report["passed"]
    differing = {line["key"] for line in report["lines"] if not line["equal"]}
    ids = [c.code for c in room.candidates]
    assert {f"votes:{ids[1]}", f"votes:{ids[2]}"} <= differing
    assert "collected" not in differing


def test_a_pending_batch_or_no_expected_file_is_no_pass(room: Room) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    assert not services.election_test_report(room.election)["passed"]  # nothing expected
    count_batch(room, ["1"], ["2"])  # a mismatch waits for the head
    services.election_test_expected_set(
        actor=room.head, election=room.election, name="d.jsonl", data=deck_file(room, [[1]])
    )
    report = services.election_test_report(room.election)
    assert report["pending_batches"] == 1 and not report["passed"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"format": "daihoi/ballots@1", "election": "e999"}\n{"crossed": []}\n', "e999"),
        (b'{"format": "daihoi/ballots@1", "election": "ELECTION"}\n{"crossed": ["zz"]}\n', ""),
        (b"not json\n", "dòng 1"),
    ],
)
def test_a_bad_expected_file_is_refused_and_nothing_is_saved(
    room: Room, data: bytes, words: str
) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    data = data.replace(b"ELECTION", f"e{room.election.pk}~thu".encode())
    with pytest.raises(ValidationError) as refused:
        services.election_test_expected_set(
            actor=room.head, election=room.election, name="sai.jsonl", data=data
        )
    text = " ".join(refused.value.messages)
    assert "tệp sai.jsonl" in text and "dòng" in text and words in text
    test = ElectionTest.objects.get()
    assert test.expected is None and test.expected_name == ""
    assert not AuditEntry.objects.filter(action="election.test_expected").exists()


def test_a_ballot_line_error_names_its_line(room: Room) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    data = deck_file(room, [[1]]) + b'{"crossed": ["c0"], "extra": 1}\n'
    with pytest.raises(ValidationError) as refused:
        services.election_test_expected_set(
            actor=room.head, election=room.election, name="deck.jsonl", data=data
        )
    assert "dòng 3" in " ".join(refused.value.messages)


def test_a_result_file_or_the_real_id_is_taken_as_expected(room: Room) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    count_batch(room, ["1"], ["1"])
    real_deck = deck_file(room, [[1]], election=f"e{room.election.pk}")
    services.election_test_expected_set(
        actor=room.head, election=room.election, name="real.jsonl", data=real_deck
    )
    report = services.election_test_report(room.election)
    assert report["passed"]
    expected = ElectionTest.objects.get().expected
    services.election_test_expected_set(
        actor=room.head,
        election=room.election,
        name="result.json",
        data=json.dumps(expected).encode(),
    )
    assert services.election_test_report(room.election)["passed"]


def test_clearing_leaves_nothing_of_the_test_and_the_real_count_starts_at_batch_1(
    room: Room,
) -> None:
    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    count_batch(room, ["1", "2"], ["1", "2"])
    count_batch(room, ["3"], ["3"])
    assert reload(room.election).status == ElectionStatus.COUNTING
    services.election_test_expected_set(
        actor=room.head,
        election=room.election,
        name="d.jsonl",
        data=deck_file(room, [[1], [2], [3]]),
    )
    test = services.election_test_clear(actor=room.head, election=room.election)
    assert not Batch.objects.exists() and not CastBallot.objects.exists()
    assert not Stream.objects.exists() and not Entry.objects.exists()
    election = reload(room.election)
    assert election.status == ElectionStatus.LIST_APPROVED and not has_open_test(election)
    test.refresh_from_db()
    assert test.cleared_at is not None and test.report["passed"] and test.report["batches"] == 2
    entry = AuditEntry.objects.get(action="election.test_clear")
    assert entry.after["batches"] == 2 and entry.after["ballots"] == 3
    # The report of the cleared test is still there to read.
    assert services.election_test_report(election)["passed"]
    batch = services.batch_open(actor=room.head, election=election)
    assert batch.number == 1
    assert election_definition(election).id == f"e{election.pk}"
    with pytest.raises(ValidationError):
        services.election_test_clear(actor=room.head, election=election)


def test_the_seal_the_package_the_minutes_and_the_archive_refuse_while_testing(
    room: Room,
) -> None:
    from daihoi.archive.services import archive_parts
    from daihoi.elections.packages import package_build

    approve(room)
    services.election_test_open(actor=room.head, election=room.election)
    count_batch(room, ["1"], ["1"])
    with pytest.raises(ValidationError, match="xóa dữ liệu thử trước khi kiểm phiếu thật"):
        services.election_finalise(actor=room.head, election=room.election)
    with pytest.raises(ValidationError, match="xóa dữ liệu thử trước khi kiểm phiếu thật"):
        package_build(election=reload(room.election))
    with pytest.raises(ValidationError, match="xóa dữ liệu thử trước khi kiểm phiếu thật"):
        archive_parts(room.election.congress)
    client = Client()
    client.force_login(room.head)
    answer = client.get(reverse("election_minutes_pdf", args=[room.election.pk]), follow=True)
    assert "xóa dữ liệu thử" in answer.content.decode()
    assert reload(room.election).status == ElectionStatus.COUNTING


def test_the_pages_run_a_whole_test(room: Room) -> None:
    approve(room)
    pk = room.election.pk
    client = Client()
    client.force_login(room.head)
    page = client.get(reverse("election_test", args=[pk])).content.decode()
    assert "Chạy thử" in page and reverse("election_test_open", args=[pk]) in page
    ask = client.post(reverse("election_test_open", args=[pk]))
    assert ask.status_code == 200 and not ElectionTest.objects.exists()  # asks first
    client.post(reverse("election_test_open", args=[pk]), {"confirmed": "yes"})
    assert has_open_test(room.election)
    banner = "ĐANG CHẠY THỬ — dữ liệu thử, không phải kết quả thật"
    for name in ("batches", "count_home", "election_detail", "election_test"):
        assert banner in client.get(reverse(name, args=[pk])).content.decode(), name
    ballot = client.get(reverse("election_test_ballot", args=[pk]))
    assert ballot["Content-Type"] == "application/pdf"
    count_batch(room, ["1"], ["1"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("sai.jsonl", b'{"format": "daihoi/ballots@1"}\n')
    answer = client.post(reverse("election_test_expected", args=[pk]), {"file": bad}, follow=True)
    assert "sai.jsonl" in answer.content.decode() and ElectionTest.objects.get().expected is None
    good = SimpleUploadedFile("deck.jsonl", deck_file(room, [[1]]))
    page = client.post(
        reverse("election_test_expected", args=[pk]), {"file": good}, follow=True
    ).content.decode()
    assert "ĐẠT" in page and "KHÔNG ĐẠT" not in page
    report = client.get(reverse("election_test_report", args=[pk]))
    assert report["Content-Type"] == "application/pdf" and report.content.startswith(b"%PDF")
    client.post(reverse("election_test_clear", args=[pk]), {"confirmed": "yes"})
    assert not has_open_test(room.election) and not Batch.objects.exists()
    assert banner not in client.get(reverse("batches", args=[pk])).content.decode()


def test_a_clerk_cannot_run_the_test(room: Room) -> None:
    approve(room)
    client = Client()
    client.force_login(room.clerk1)
    answer = client.post(
        reverse("election_test_open", args=[room.election.pk]), {"confirmed": "yes"}
    )
    assert answer.status_code == 403 and not ElectionTest.objects.exists()


def test_scans_in_a_test_read_only_mau_thu_ballots_and_clearing_removes_them(
    scan_room,  # noqa: F811
    django_capture_on_commit_callbacks,
) -> None:
    election, head, tmp = scan_room
    real = real_definition(election)
    services.election_test_open(actor=head, election=election)
    test = election_definition(election)
    folder = tmp / "scans"
    folder.mkdir()
    cv2.imwrite(str(folder / "01.png"), render(test, spec(test, rows={2: "line"}, seed=1)))
    cv2.imwrite(str(folder / "02.png"), render(real, spec(real, rows={3: "line"}, seed=2)))
    with pytest.raises(ValidationError):  # the real definition is refused while testing
        scan_import(actor=head, election=election, paths=[str(folder)], definition=real)
    scan_import(actor=head, election=election, paths=[str(folder)], definition=test)
    by_name = {Path(s.ref).name: s for s in ScannedBallot.objects.all()}
    assert by_name["01.png"].status == ScanStatus.COUNTED
    refused = by_name["02.png"]
    assert refused.status == ScanStatus.REVIEW and "wrong_election" in refused.review
    assert "real ballot in a test count" in json.dumps(refused.reading, ensure_ascii=False)
    images = [Path(election_media(tmp)) / s.image for s in by_name.values() if s.image]
    assert images and all(p.exists() for p in images)
    client = Client()
    client.force_login(head)
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "Phiếu thật trong lần chạy thử" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.election_test_clear(actor=head, election=election)
    assert all(p.exists() for p in images)  # nothing is removed before the commit
    for callback in callbacks:
        callback()
    assert not ScannedBallot.objects.exists() and not CastBallot.objects.exists()
    assert not any(p.exists() for p in images)


def election_media(tmp: Path) -> Path:
    return tmp / "media"


def test_a_mau_thu_ballot_in_the_real_count_is_refused_as_such(scan_room) -> None:  # noqa: F811
    election, head, tmp = scan_room
    real = real_definition(election)
    services.election_test_open(actor=head, election=election)
    test = election_definition(election)
    services.election_test_clear(actor=head, election=election)
    folder = tmp / "scans"
    folder.mkdir()
    cv2.imwrite(str(folder / "01.png"), render(test, spec(test, rows={2: "line"}, seed=1)))
    cv2.imwrite(str(folder / "02.png"), render(real, spec(real, rows={2: "line"}, seed=2)))
    with pytest.raises(ValidationError):  # no test open: the test definition is refused
        scan_import(actor=head, election=election, paths=[str(folder)], definition=test)
    batch = scan_import(actor=head, election=election, paths=[str(folder)], definition=real)
    assert batch.number == 1
    by_name = {Path(s.ref).name: s for s in ScannedBallot.objects.all()}
    assert by_name["02.png"].status == ScanStatus.COUNTED
    refused = by_name["01.png"]
    assert refused.status == ScanStatus.REVIEW
    assert "MẪU THỬ test ballot in a real count" in json.dumps(refused.reading, ensure_ascii=False)
    client = Client()
    client.force_login(head)
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "Phiếu MẪU THỬ trong lần kiểm phiếu thật" in page


def test_the_generated_deck_typed_twice_passes_against_its_own_file(room: Room) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    approve(room)
    pk = room.election.pk
    client = Client()
    client.force_login(room.head)
    client.post(reverse("election_test_open", args=[pk]), {"confirmed": "yes"})
    pdf = client.get(reverse("election_test_deck", args=[pk]), {"count": "6"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    expected = client.get(reverse("election_test_deck_ballots", args=[pk]), {"count": "6"})
    lines = expected.content.decode().splitlines()
    assert json.loads(lines[0]) == {"format": "daihoi/ballots@1", "election": f"e{pk}~thu"}
    rows = {c.code: n for n, c in enumerate(room.candidates, start=1)}
    typed = [
        " ".join(str(rows[i]) for i in json.loads(line)["crossed"]) or "0" for line in lines[1:]
    ]
    count_batch(room, typed, typed)
    upload = SimpleUploadedFile("xap.jsonl", expected.content)
    page = client.post(
        reverse("election_test_expected", args=[pk]), {"file": upload}, follow=True
    ).content.decode()
    assert "ĐẠT" in page and "KHÔNG ĐẠT" not in page
    report = services.election_test_report(room.election)
    votes = [line["counted"] for line in report["lines"] if line["key"].startswith("votes:")]
    assert len(set(votes)) == len(votes) and report["lines"][2]["counted"] == 2  # invalid
    refused = client.get(reverse("election_test_deck", args=[pk]), {"count": "99999"}, follow=True)
    assert "từ 1 đến 500" in refused.content.decode()
