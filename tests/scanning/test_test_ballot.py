"""The MẪU THỬ test ballot: its definition, its code, its paper, and the scanner's refusal."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pypdfium2
import pytest

from daihoi.core.ballots import testing
from daihoi.core.ballots.code import (
    code_payload,
    decode_code_payload,
    definition_hash,
    encode_code_payload,
)
from daihoi.core.ballots.layout import ballot_layout
from daihoi.core.ballots.testing import TEST_SUFFIX, is_test, real_id
from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning.code import check_code
from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.command import run_ballots_print
from tests.documents.builders import election_data

from .helpers import interpret_page_of, states


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_test_definition_differs_only_by_its_id_and_title(
    cross_out: ElectionDefinition,
) -> None:
    test = testing.trial_definition(cross_out)
    assert test.id == f"{cross_out.id}{TEST_SUFFIX}" and "MẪU THỬ" in test.title
    assert is_test(test) and not is_test(cross_out) and real_id(test.id) == cross_out.id
    assert test.candidates == cross_out.candidates and test.rules == cross_out.rules
    assert testing.trial_definition(test) == test  # idempotent
    assert definition_hash(test) != definition_hash(cross_out)
    test_layout, real_layout = ballot_layout(test), ballot_layout(cross_out)
    assert test_layout.sides == real_layout.sides  # every box is where it was


def test_the_code_names_the_test_id_and_reads_back(cross_out: ElectionDefinition) -> None:
    test = testing.trial_definition(cross_out)
    text = encode_code_payload(code_payload(test, 1, 1))
    assert f"e={cross_out.id}~thu;" in text
    assert decode_code_payload(text).election == test.id


def test_a_twin_code_is_refused_with_its_own_reason(cross_out: ElectionDefinition) -> None:
    test = testing.trial_definition(cross_out)
    layout = ballot_layout(cross_out)
    in_real = check_code(code_payload(test, 1, 1), cross_out, layout)
    assert in_real is not None and in_real.field == "test_ballot"
    assert "MẪU THỬ test ballot in a real count" in in_real.describe()
    in_test = check_code(code_payload(cross_out, 1, 1), test, layout)
    assert in_test is not None and in_test.field == "real_ballot"
    assert "real ballot in a test count" in in_test.describe()
    assert check_code(code_payload(test, 1, 1), test, layout) is None
    assert (
        testing.trial_mismatch("e7~thu", "e77") is None
        and testing.trial_mismatch("e8", "e9~thu") is None
    )


def test_the_pdf_says_mau_thu_outside_the_rows(cross_out: ElectionDefinition) -> None:
    header = BallotHeader(committee="Đảng ủy xã Hòa Bình")
    real = _text(render_ballot_pdf(cross_out, header=header))
    test = _text(render_ballot_pdf(testing.trial_definition(cross_out), header=header))
    assert "MẪU THỬ" not in real
    assert "PHIẾU BẦU CỬ — MẪU THỬ" in test
    assert "Phiếu thử — không có giá trị bầu cử" in test


@pytest.mark.parametrize("struck", [{2: "line"}, {1: "double", 5: "zigzag"}])
def test_a_scanned_test_ballot_is_read_in_the_test_and_refused_in_the_real_count(
    cross_out: ElectionDefinition, struck: dict[int, str]
) -> None:
    test = testing.trial_definition(cross_out)
    read = interpret_page_of(test, rows=struck, seed=3)
    assert read.status == "read", read.detail
    assert {n for n, state in states(read).items() if state == "struck"} == set(struck)
    # The same paper against the real definition: refused, and the reason says why.
    from tests.scanning.deck import interpret_page
    from tests.scanning.helpers import image

    refused = interpret_page(image(test, rows=struck, seed=3), cross_out, sha256="-")
    assert refused.status == "wrong_election"
    assert refused.detail is not None and "MẪU THỬ test ballot in a real count" in refused.detail
    # And a real ballot in the test count.
    real_in_test = interpret_page(image(cross_out, rows=struck, seed=3), test, sha256="-")
    assert real_in_test.status == "wrong_election"
    assert real_in_test.detail is not None and "real ballot in a test count" in real_in_test.detail


def test_the_command_prints_the_test_ballot(tmp_path: Path) -> None:
    import json

    path = tmp_path / "election.json"
    path.write_text(json.dumps(election_data(7), ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "mau-thu.pdf"
    out, err = StringIO(), StringIO()
    status = run_ballots_print([str(path), "-o", str(output), "--test", "--lang", "en"], out, err)
    assert (status, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("MẪU THỬ test ballot (no value in a real count) written to")
    assert "PHIẾU BẦU CỬ — MẪU THỬ" in _text(output.read_bytes())


# --- the generated test deck ------------------------------------------------------------


def test_the_deck_gives_every_name_a_different_count_and_only_valid_ballots(
    cross_out: ElectionDefinition,
) -> None:
    from daihoi.core.ballots import deck as decks
    from daihoi.core.elections import tally

    test = testing.trial_definition(cross_out)
    for count in (12, 20, 57):
        deck = decks.trial_deck(test, count)
        result = tally(test, deck.ballots)
        votes = [c.votes for c in result.candidates]
        assert len(set(votes)) == len(votes), count
        assert result.ballots.valid == count and result.ballots.invalid == decks.INVALID
        assert dict(deck.votes) == {c.id: c.votes for c in result.candidates}
    assert decks.trial_deck(test, 20) == decks.trial_deck(test, 20)  # deterministic


def test_the_deck_refuses_what_it_cannot_draw(
    cross_out: ElectionDefinition, agree: ElectionDefinition
) -> None:
    from daihoi.core.ballots import deck as decks

    with pytest.raises(decks.DeckError) as few:
        decks.trial_deck(cross_out, 3)
    assert few.value.code == "too_few" and few.value.least > 3
    decks.trial_deck(cross_out, few.value.least)  # the least it names is enough
    with pytest.raises(decks.DeckError) as form:
        decks.trial_deck(agree, 20)
    assert form.value.code == "not_cross_out"


def test_the_printed_deck_scans_as_its_expected_ballots() -> None:
    from daihoi.core.ballots import deck as decks
    from daihoi.core.scanning import interpret
    from daihoi.documents.ballot_pdf import blank_ballot_pdf, render_deck_pdf
    from tests.documents.builders import definition

    test = testing.trial_definition(definition(6, seats=5))
    deck = decks.trial_deck(test, 5)
    pdf = render_deck_pdf(
        test,
        header=BallotHeader(committee="Đảng ủy xã Hòa Bình"),
        struck=[set(b.crossed or ()) for b in deck.ballots],
    )
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) == len(deck.ballots)
        for number, (page, ballot) in enumerate(zip(document, deck.ballots, strict=True)):
            image = page.render(scale=150 / 72).to_numpy()[:, :, :3].copy()
            read = interpret.interpret_page(image, test, sha256="-", render=blank_ballot_pdf)
            assert read.status == "read" and not read.review, (number, read.detail, read.review)
            assert read.ballot is not None
            assert sorted(read.ballot.crossed or ()) == sorted(ballot.crossed or ()), number
    finally:
        document.close()


def test_the_deck_command_writes_the_pdf_and_its_ballots_file(tmp_path: Path) -> None:
    import json

    from daihoi.core.elections import read_election
    from daihoi.core.elections.formats import count_ballots_file
    from daihoi.documents.command import run_ballots_test_deck

    path = tmp_path / "election.json"
    path.write_text(json.dumps(election_data(7), ensure_ascii=False), encoding="utf-8")
    out, err = StringIO(), StringIO()
    pdf, jsonl = tmp_path / "deck.pdf", tmp_path / "deck.jsonl"
    argv = [str(path), "-o", str(pdf), "--ballots", str(jsonl), "--lang", "en"]
    status = run_ballots_test_deck(argv, out, err)
    assert (status, err.getvalue()) == (0, "")
    assert out.getvalue().startswith("Test deck of 22 MẪU THỬ ballots (20 valid, 2 invalid)")
    test = testing.trial_definition(read_election(path))
    counts = count_ballots_file(jsonl, test)
    assert counts.collected == 22 and len(set(counts.votes)) == len(counts.votes)
    assert "PHIẾU BẦU CỬ — MẪU THỬ" in _text(pdf.read_bytes())
    pdf.unlink()
    jsonl.unlink()
    out, err = StringIO(), StringIO()
    status = run_ballots_test_deck([*argv, "--count", "2"], out, err)
    assert status == 2 and "at least" in err.getvalue() and "--count 2" in err.getvalue()
    assert not pdf.exists() and not jsonl.exists()
