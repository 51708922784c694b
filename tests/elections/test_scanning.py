"""Scanned ballots in the counting room: import, count the clear ones, a human decides the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import CongressRole
from daihoi.accounts.services import congress_role_grant
from daihoi.audit.models import AuditEntry
from daihoi.cli import main
from daihoi.elections import services
from daihoi.elections.definition import election_definition
from daihoi.elections.models import (
    BatchStatus,
    CastBallot,
    Election,
    ElectionStatus,
    ScannedBallot,
    ScanStatus,
)
from daihoi.elections.scanning import scan_decide, scan_import
from tests.factories import UserFactory, make_congress, make_unit
from tests.scanning.deck import render
from tests.scanning.helpers import spec

NAMES = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


@pytest.fixture
def scan_room(db: None, settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An election whose printed ballot matches the synthetic deck's header."""
    settings.MEDIA_ROOT = tmp_path / "media"
    upper = make_unit("TL", name="Đảng bộ huyện Tân Lạc")
    unit = make_unit("HB", parent=upper, name="Đảng ủy xã Hòa Bình")
    congress = make_congress(unit, summoned=10)
    head = UserFactory(username="head")
    congress_role_grant(actor=None, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
    election = services.election_create(
        actor=None, congress=congress, kind="committee", seats=4, summoned=10, title="Bầu BCH"
    )
    for name in NAMES:
        services.candidate_add(actor=None, election=election, full_name=name)
    services.election_list_approve(actor=None, election=election, present=10, agree=10, disagree=0)
    election.refresh_from_db()
    return election, head, tmp_path


def write_scans(election: Election, folder: Path) -> None:
    definition = election_definition(election)
    scans = {
        "01.png": spec(definition, rows={2: "line"}, seed=1),
        "02.png": spec(definition, rows={1: "double", 5: "zigzag"}, seed=2),
        "03.png": spec(definition, rows={3: "short"}, seed=3),  # a doubtful stroke
        "04.png": spec(definition, rows={4: "line"}, seed=4, stamp=False),  # no stamp
    }
    folder.mkdir(exist_ok=True)
    for name, ballot in scans.items():
        cv2.imwrite(str(folder / name), render(definition, ballot))
    (folder / "05.png").write_bytes(b"\x89PNG\r\n\x1a\n not an image")


def test_clear_ballots_are_counted_and_the_rest_wait_for_a_human(scan_room) -> None:  # type: ignore[no-untyped-def]
    election, head, tmp = scan_room
    write_scans(election, tmp / "scans")
    definition = election_definition(election)
    batch = scan_import(
        actor=head, election=election, paths=[str(tmp / "scans")], definition=definition, workers=1
    )
    statuses = dict(ScannedBallot.objects.values_list("ref", "status"))
    by_name = {Path(ref).name: status for ref, status in statuses.items()}
    assert by_name["01.png"] == ScanStatus.COUNTED and by_name["02.png"] == ScanStatus.COUNTED
    assert by_name["03.png"] == ScanStatus.REVIEW  # when in doubt, flag
    assert by_name["04.png"] == ScanStatus.REVIEW  # no stamp: a human decides
    assert by_name["05.png"] == ScanStatus.REVIEW  # never counted silently
    assert batch.status == BatchStatus.REVIEW
    assert CastBallot.objects.count() == 2
    with pytest.raises(ValidationError):
        services.election_finalise(actor=head, election=election)

    scanned = ScannedBallot.objects.filter(status=ScanStatus.REVIEW).order_by("pk")
    ids = services.candidate_ids(election, definition)
    for s in scanned:
        assert s.reading["pages"]  # image hash, scores and thresholds are kept
    first = scanned[0]
    assert first.reading["pages"][0]["sha256"] and first.reading["pages"][0]["thresholds"]
    scan_decide(
        actor=head,
        scanned=first,
        text="3",
        reason="Nét gạch ngắn nhưng rõ ý",
        definition=definition,
        ids=ids,
    )
    entry = AuditEntry.objects.filter(action="scan.decide").get()
    assert entry.actor_name == "head" and entry.after["reason"] == "Nét gạch ngắn nhưng rõ ý"


def without_the_names(picture: Any) -> Any:
    """The ballot with its table whited out (its corner squares and code kept):
    a page whose printing is not this list's blank."""
    out = picture.copy()
    height = out.shape[0]
    out[round(0.3 * height) : round(0.86 * height)] = 255
    return out


def test_the_review_page_shows_the_image_the_scores_and_why(scan_room) -> None:  # type: ignore[no-untyped-def]
    election, head, tmp = scan_room
    write_scans(election, tmp / "scans")
    scan_import(
        actor=head,
        election=election,
        paths=[str(tmp / "scans")],
        definition=election_definition(election),
        workers=1,
    )
    client = Client()
    client.force_login(head)
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "03.png" in page and "Nguyễn Thị An" in page
    scanned = ScannedBallot.objects.filter(status=ScanStatus.REVIEW).order_by("pk").first()
    image = client.get(reverse("review_image", args=[election.pk, scanned.pk]))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    # Decide every flagged ballot through the page; then the result can be sealed.
    for s in ScannedBallot.objects.filter(status=ScanStatus.REVIEW).order_by("pk"):
        action = "reject" if s.ref.endswith("05.png") else "count"
        client.post(
            reverse("review_decide", args=[election.pk, s.pk]),
            {
                "line": "0" if action == "reject" else "4",
                "reason": "Đã xem phiếu giấy",
                "action": action,
            },
        )
    assert not ScannedBallot.objects.filter(status=ScanStatus.REVIEW).exists()
    services.election_finalise(actor=head, election=election)
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.FINALISED
    assert CastBallot.objects.count() == 4


def test_the_command_reads_a_folder_into_an_election(scan_room, capsys) -> None:  # type: ignore[no-untyped-def]
    election, _head, tmp = scan_room
    write_scans(election, tmp / "scans")
    assert main(["scan", "import", str(election.pk), str(tmp / "scans"), "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert "2" in out.out and "3" in out.out
    assert ScannedBallot.objects.count() == 5
    assert "không có chút màu nào" not in out.err  # 04.png has no seal, but a blue pen


def test_the_command_counts_nothing_from_bad_pages_and_names_each(scan_room, capsys) -> None:  # type: ignore[no-untyped-def]
    """A page of another election or round, a blank sheet, a photocopy without
    the seal, a 1×1 image, a corrupt PDF: all wait for a human, none is counted,
    and each page not read is named with why."""
    import numpy as np

    from tests.documents.builders import definition as other_definition

    election, _head, tmp = scan_room
    definition = election_definition(election)
    folder = tmp / "bad"
    folder.mkdir()
    other = other_definition(5, seats=4, id="bch-khac-r1")
    next_round = other_definition(5, seats=4, id=definition.id, round=2)
    stamped = render(definition, spec(definition, rows={2: "line"}, seed=7))
    pictures = {
        "1-other-election.png": render(other, spec(other, rows={2: "line"})),
        "2-other-round.png": render(next_round, spec(next_round, rows={2: "line"})),
        "3-blank.png": np.full((1754, 1240), 250, dtype=np.uint8),
        "4-photocopy.png": cv2.cvtColor(
            cv2.cvtColor(stamped, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR
        ),
        "5-tiny.png": np.full((1, 1), 255, dtype=np.uint8),
        "7-other-printing.png": without_the_names(stamped),
    }
    for name, picture in pictures.items():
        cv2.imwrite(str(folder / name), picture)
    (folder / "6-corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nbroken")

    status = main(
        ["scan", "import", str(election.pk), str(folder), "--workers", "1", "--lang", "en"]
    )

    assert status == 0
    err = capsys.readouterr().err
    assert CastBallot.objects.count() == 0
    scans = {Path(s.ref).name: s for s in ScannedBallot.objects.all()}
    assert len(scans) == 7
    assert all(s.status == ScanStatus.REVIEW for s in scans.values())
    assert scans["1-other-election.png"].review == ["wrong_election"]
    assert scans["2-other-round.png"].review == ["wrong_election"]
    assert scans["3-blank.png"].review == ["unregistered"]
    assert scans["4-photocopy.png"].review == ["no_stamp"]
    assert scans["5-tiny.png"].review in (["unregistered"], ["unreadable"])
    assert scans["6-corrupt.pdf"].review == ["unreadable"]
    assert scans["7-other-printing.png"].review == ["unregistered"]
    for name in ("1-other-election.png", "2-other-round.png", "3-blank.png", "5-tiny.png"):
        assert f"{name}: not read" in err, name
    assert "6-corrupt.pdf: not read (unreadable: damaged PDF" in err
    assert "code election: found 'bch-khac-r1'" in err
    assert "code round: found '2', expected '1'" in err
    assert "blank page" in err
    assert "4-photocopy.png: not read" not in err  # read, and waiting for the missing seal
    assert "1 of them without a seal seen on colour scans with no colour at all" in err
    assert "7-other-printing.png: not read (unregistered: the printing matches" in err
    assert "1 pages whose printing is not this list's blank ballot" in err


def test_the_command_tells_how_many_pages_were_scanned_one_bit(scan_room, capsys) -> None:  # type: ignore[no-untyped-def]
    election, _head, tmp = scan_room
    write_scans(election, tmp / "scans")
    folder = tmp / "bw"
    folder.mkdir()
    gray = cv2.cvtColor(cv2.imread(str(tmp / "scans" / "01.png")), cv2.COLOR_BGR2GRAY)
    cv2.imwrite(str(folder / "bw.png"), cv2.threshold(gray, 150, 255, cv2.THRESH_BINARY)[1])
    cv2.imwrite(str(folder / "gray.png"), gray)
    assert main(["scan", "import", str(election.pk), str(folder), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 trang quét đen trắng 1 bit" in err
    assert "hãy quét ở chế độ xám hoặc màu" in err
