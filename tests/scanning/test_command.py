"""``daihoi scan interpret``: daihoi/ballots@1 lines in input order, review, statuses."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import cv2
import pytest

from daihoi.core.elections.formats import count_ballots_lines, election_to_json
from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning.command import run_scan_interpret
from daihoi.documents.ballot_pdf import blank_ballot_pdf

from .deck import Scan
from .helpers import image


def _election_file(tmp_path: Path, definition: ElectionDefinition) -> Path:
    path = tmp_path / "election.json"
    path.write_text(json.dumps(election_to_json(definition), ensure_ascii=False), encoding="utf-8")
    return path


def _run(*argv: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_scan_interpret(list(argv), out, err, blank_ballot_pdf)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return status, lines, err.getvalue()


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from .helpers import cross_out_election

    election = cross_out_election()
    folder = tmp_path_factory.mktemp("scans")
    made = {
        "clean": image(election, rows={1: "line", 4: "wavy"}),
        "no_stamp": image(election, rows={2: "line"}, stamp=False),
        "doubtful": image(election, rows={3: "partial"}, scan=Scan(dpi=200, colour=False)),
        "clean2": image(election, rows={12: "scribble"}, seed=5),
    }
    paths = {}
    for name, picture in made.items():
        paths[name] = folder / f"{name}.png"
        cv2.imwrite(str(paths[name]), picture)
    paths["corrupt"] = folder / "corrupt.png"
    paths["corrupt"].write_bytes(paths["clean"].read_bytes()[:3000])
    return paths


def test_it_prints_a_ballots_file_in_input_order(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    election = _election_file(tmp_path, cross_out)
    names = ["clean", "no_stamp", "corrupt", "doubtful", "clean2"]
    status, lines, err = _run(str(election), *(str(scans[n]) for n in names), "--workers", "1")
    assert status == 1  # some need a human
    assert lines[0] == {"format": "daihoi/ballots@1", "election": cross_out.id}
    assert [line["ref"] for line in lines[1:]] == [str(scans[n]) for n in names]
    assert [line["review"] for line in lines[1:]] == [
        [],
        ["no_stamp"],
        ["unreadable"],
        ["doubtful_row"],
        [],
    ]
    assert len(lines[1]["crossed"]) == 2
    assert "crossed" not in lines[3] and "marks" not in lines[3]
    assert f"{scans['corrupt']}: " in err
    assert "1 trang không đọc được" in err
    assert "trang quét đen trắng 1 bit" not in err  # a grayscale page is not 1-bit


def test_a_page_scanned_one_bit_is_counted_and_the_desk_told_to_scan_in_gray(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    """A 1-bit scanner can drop a light pen whole: the summary says how many
    pages were 1-bit, and the audit marks each."""
    election = _election_file(tmp_path, cross_out)
    one_bit = tmp_path / "one-bit.png"
    scan = Scan(dpi=200, colour=False, binary="threshold")
    cv2.imwrite(str(one_bit), image(cross_out, rows={1: "line"}, scan=scan))
    gray = tmp_path / "gray.png"
    cv2.imwrite(str(gray), image(cross_out, rows={1: "line"}, scan=Scan(dpi=200, colour=False)))
    audit = tmp_path / "audit.jsonl"
    _status, lines, err = _run(
        str(election), str(one_bit), str(gray), "--workers", "1", "--audit", str(audit)
    )
    assert len(lines) == 3
    assert "1 trang quét đen trắng 1 bit" in err
    pages = [json.loads(line)["pages"][0] for line in audit.read_text().splitlines()[1:]]
    assert [page.get("binary", False) for page in pages] == [True, False]


def test_a_file_with_a_page_not_read_cannot_be_tallied(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    election = _election_file(tmp_path, cross_out)
    _, lines, _ = _run(str(election), str(scans["clean"]), str(scans["corrupt"]), "--workers", "1")
    from daihoi.core.elections.errors import InvalidInput

    raw = [json.dumps(line).encode() for line in lines]
    with pytest.raises(InvalidInput) as refused:
        count_ballots_lines(raw, cross_out)
    assert [(e.line, e.field, e.code) for e in refused.value.errors] == [
        (3, "review", "needs_review")
    ]
    # The ballot read with nothing to review counts as the scanner printed it.
    assert count_ballots_lines(raw[:2], cross_out).collected == 1


def test_a_ballot_for_review_is_not_tallied_until_decided(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    election = _election_file(tmp_path, cross_out)
    _, lines, _ = _run(str(election), str(scans["doubtful"]), "--workers", "1")
    from daihoi.core.elections.errors import InvalidInput

    assert lines[1]["review"] == ["doubtful_row"]
    raw = [json.dumps(line).encode() for line in lines]
    with pytest.raises(InvalidInput):
        count_ballots_lines(raw, cross_out)
    decided = {"crossed": lines[1]["crossed"], "ref": lines[1]["ref"], "review": []}
    assert count_ballots_lines([raw[0], json.dumps(decided).encode()], cross_out).collected == 1


def test_several_workers_keep_the_input_order(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    election = _election_file(tmp_path, cross_out)
    names = ["clean2", "corrupt", "clean", "doubtful", "no_stamp", "clean"]
    paths = [str(scans[n]) for n in names]
    one = _run(str(election), *paths, "--workers", "1")
    two = _run(str(election), *paths, "--workers", "2")
    assert two[0] == one[0] == 1
    assert two[1] == one[1]
    assert [line["ref"] for line in two[1][1:]] == paths


def test_everything_read_and_nothing_to_review_exits_zero(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    election = _election_file(tmp_path, cross_out)
    audit = tmp_path / "audit.jsonl"
    status, lines, err = _run(
        str(election), str(scans["clean"]), str(scans["clean2"]), "--workers", "1",
        "--audit", str(audit), "--lang", "en",
    )  # fmt: skip
    assert status == 0
    assert [line["review"] for line in lines[1:]] == [[], []]
    assert "2 pages, 2 ballots: 2 read" in err
    header, *records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert header["format"] == "daihoi/scan-audit@1"
    assert header["thresholds"]["struck"] == 0.75
    assert [r["ref"] for r in records] == [str(scans["clean"]), str(scans["clean2"])]
    assert len(records[0]["pages"][0]["sha256"]) == 64
    assert len(records[0]["pages"][0]["rows"]) == 12


def test_a_bad_election_file_is_refused(tmp_path: Path, scans: dict[str, Path]) -> None:
    election = tmp_path / "election.json"
    election.write_text('{"format": "daihoi/election@1"}', encoding="utf-8")
    status, lines, err = _run(str(election), str(scans["clean"]))
    assert status == 2 and lines == [] and err


def test_wrong_arguments_are_refused(tmp_path: Path) -> None:
    status, lines, err = _run("election.json", "--workers", "0", "a.png")
    assert status == 2 and lines == [] and "workers" in err


def test_duplex_scans_of_one_sided_ballots_drop_the_blank_backs(
    cross_out: ElectionDefinition, tmp_path: Path, scans: dict[str, Path]
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    jpeg = tmp_path / "front.jpg"
    front = cv2.imread(str(scans["clean"]))
    assert front is not None
    cv2.imwrite(str(jpeg), front)
    pdf = tmp_path / "duplex.pdf"
    canvas = Canvas(str(pdf), pagesize=(595.28, 841.89))
    for page in (jpeg, None, None, jpeg):  # the second sheet was fed face down
        if page is not None:
            canvas.drawImage(str(page), 0, 0, width=595.28, height=841.89)
        canvas.showPage()
    canvas.save()
    election = _election_file(tmp_path, cross_out)
    status, lines, err = _run(str(election), str(pdf), "--duplex", "--workers", "1", "--lang", "en")
    assert status == 0
    assert [line["ref"] for line in lines[1:]] == [f"{pdf}#1", f"{pdf}#4"]
    assert "2 ballots: 2 read" in err and "0 pages not read" in err


def test_bad_input_gets_a_clear_message_and_nothing_is_counted(
    cross_out: ElectionDefinition, tmp_path: Path
) -> None:
    import numpy as np

    from daihoi.core.elections.errors import InvalidInput
    from tests.documents.builders import definition

    election = _election_file(tmp_path, cross_out)
    other = definition(12, id="bch-2025-khac")
    next_round = definition(12, round=2)
    stamped = image(cross_out, rows={2: "line"})
    copy = cv2.cvtColor(cv2.cvtColor(stamped, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    pictures = {
        "other_election": image(other, rows={2: "line"}),
        "other_round": image(next_round, rows={2: "line"}),
        "blank": np.full((1754, 1240), 250, dtype=np.uint8),
        "photocopy": copy,
        "tiny": np.full((1, 1), 255, dtype=np.uint8),
    }
    paths = {}
    for name, picture in pictures.items():
        paths[name] = tmp_path / f"{name}.png"
        cv2.imwrite(str(paths[name]), picture)
    paths["corrupt_pdf"] = tmp_path / "corrupt.pdf"
    paths["corrupt_pdf"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nbroken")
    names = list(paths)
    status, lines, err = _run(
        str(election), *(str(paths[n]) for n in names), "--workers", "1", "--lang", "en"
    )
    assert status == 1
    by_name = dict(zip(names, lines[1:], strict=True))
    assert by_name["other_election"]["review"] == ["wrong_election"]
    assert by_name["other_round"]["review"] == ["wrong_election"]
    assert by_name["blank"]["review"] == ["unregistered"]
    assert by_name["photocopy"]["review"] == ["no_stamp"]
    # The committee learns why no seal was seen: the colour image has no colour.
    assert "1 colour pages carry no colour at all" in err
    assert by_name["tiny"]["review"] in (["unregistered"], ["unreadable"])
    assert by_name["corrupt_pdf"]["review"] == ["unreadable"]
    for name in names:
        if name != "photocopy":  # not read: nothing a tally could take
            assert "crossed" not in by_name[name] and "marks" not in by_name[name]
            assert str(paths[name]) in err, name
    assert "round" in err and "blank page" in err
    for name in names:
        raw = [json.dumps(lines[0]).encode(), json.dumps(by_name[name]).encode()]
        with pytest.raises(InvalidInput):
            count_ballots_lines(raw, cross_out)
