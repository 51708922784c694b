"""docs/formats.md: strict readers and writers; every error names file, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from daihoi.core.elections.errors import InputError, InvalidInput, render
from daihoi.core.elections.formats import (
    ballot_to_json,
    count_ballots_file,
    election_to_json,
    parse_ballot_line,
    parse_election,
    read_election,
    result_from_json,
    result_to_json,
    write_ballots,
)
from daihoi.core.elections.tally import count_ballots, decide

from .builders import cross, election, election_data, marks

DATA = Path(__file__).parent / "data"
HEADER = '{"format": "daihoi/ballots@1", "election": "test-election"}\n'


def write(folder: Path, name: str, content: str | dict[str, Any]) -> Path:
    path = folder / name
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(call: Any, *args: Any, **kwargs: Any) -> list[InputError]:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    return list(info.value.errors)


def where(errors: list[InputError]) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(e.file, e.line, e.field, e.code) for e in errors]


# --- election files ----------------------------------------------------------


def bad_election(tmp_path: Path, seats: object = 2, **fields: Any) -> list[InputError]:
    path = write(tmp_path, "e.json", election_data(2, 3, **fields) | {"seats": seats})
    return errors_of(read_election, path, label="e.json")


def test_an_unknown_field_in_an_election_is_an_error(tmp_path: Path) -> None:
    assert where(bad_election(tmp_path, seat=2)) == [("e.json", None, "seat", "unknown_field")]


def test_an_unknown_format_version_names_both_versions(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, format="daihoi/election@2")
    assert where(errors) == [("e.json", None, "format", "unsupported_version")]
    message = render(errors[0], "en")
    assert '"daihoi/election@2"' in message and '"daihoi/election@1"' in message


def test_another_format_is_not_read_as_an_election(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, format="daihoi/ballots@1")
    assert where(errors) == [("e.json", None, "format", "wrong_format")]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "e.json", '{\n  "format": "daihoi/election@1",\n  "id": x\n}')
    assert where(errors_of(read_election, path, label="e.json")) == [
        ("e.json", 3, None, "malformed_json")
    ]


@pytest.mark.parametrize(
    ("seats", "code"), [(0, "too_small"), (4, "seats_out_of_range"), (True, "expected_integer")]
)
def test_seats_must_be_a_whole_number_from_one_to_the_candidates(
    tmp_path: Path, seats: object, code: str
) -> None:
    assert where(bad_election(tmp_path, seats=seats)) == [("e.json", None, "seats", code)]


def test_candidate_ids_must_be_unique_and_well_formed(tmp_path: Path) -> None:
    people = [
        {"id": "c1", "name": "Nguyễn Văn An"},
        {"id": "c1", "name": "Trần Thị Bình"},
        {"id": "c 3", "name": "Lê Văn Cường"},
        {"id": "x" * 33, "name": "Phạm Văn Dũng"},
    ]
    assert where(bad_election(tmp_path, people=people)) == [
        ("e.json", None, "candidates[1].id", "duplicate_candidate_id"),
        ("e.json", None, "candidates[2].id", "bad_candidate_id"),
        ("e.json", None, "candidates[3].id", "bad_candidate_id"),
    ]


def test_candidates_with_the_same_full_name_need_distinct_notes(tmp_path: Path) -> None:
    people = [
        {"id": "c1", "name": "Nguyễn Văn An", "note": "1970, thôn Nà Pài"},
        {"id": "c2", "name": "Nguyễn Văn An"},
        {"id": "c3", "name": "Lê Văn Cường"},
    ]
    assert where(bad_election(tmp_path, people=people)) == [
        ("e.json", None, "candidates[1].note", "equal_names_need_note")
    ]


def test_an_unknown_rules_parameter_is_an_error(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, rules={"tye": "revote"})
    assert where(errors) == [("e.json", None, "rules.tye", "unknown_parameter")]
    assert "tie" in render(errors[0], "vi")


def test_a_bad_rules_value_is_an_error(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, rules={"tie": "coin_toss", "quorum": "3/2"})
    assert where(errors) == [
        ("e.json", None, "rules.tie", "not_one_of"),
        ("e.json", None, "rules.quorum", "bad_fraction"),
    ]


def test_an_unknown_profile_is_an_error(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, profile="cpv-2025")
    assert where(errors) == [("e.json", None, "profile", "unknown_profile")]
    assert "cpv-2024" in render(errors[0], "en")


def test_deductions_must_leave_someone_to_vote(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, summoned=5, deductions=(("Vắng mặt", 5),))
    assert where(errors) == [("e.json", None, "electorate.deductions", "deductions_leave_no_base")]


def test_more_ballots_issued_than_people_entitled_to_vote_is_an_error(tmp_path: Path) -> None:
    errors = bad_election(tmp_path, summoned=10, deductions=(("Vắng mặt", 2),), ballots_issued=9)
    assert where(errors) == [("e.json", None, "ballots_issued", "issued_over_base")]


def test_older_wins_needs_every_date_of_birth(tmp_path: Path) -> None:
    people = [
        {"id": "c1", "name": "Nguyễn Văn An", "born": "1970-02-30"},
        {"id": "c2", "name": "Trần Thị Bình", "born": "1971-01-01"},
        {"id": "c3", "name": "Lê Văn Cường"},
    ]
    errors = bad_election(tmp_path, people=people, rules={"tie": "older_wins"})
    assert where(errors) == [("e.json", None, "candidates[0].born", "bad_date")]
    people[0]["born"] = "1970-02-28"
    errors = bad_election(tmp_path, people=people, rules={"tie": "older_wins"})
    assert where(errors) == [("e.json", None, "candidates[2].born", "born_required")]


def test_a_profile_file_is_found_beside_the_election_file() -> None:
    e = read_election(DATA / "election-youth.json")
    assert e.profile == "doan-co-so"
    assert (e.rules.base, e.rules.tie, e.rules.max_rounds) == (
        "ballots_collected",
        "congress_decides",
        2,
    )
    assert e.rules.invalid_codes == ("not_issued", "over_seats", "all_crossed", "single_unmarked")


def test_errors_in_a_profile_file_are_named_in_that_file(tmp_path: Path) -> None:
    write(tmp_path, "p.json", {"format": "daihoi/profile@1", "name": "p", "rules": {"tie": "x"}})
    errors = bad_election(tmp_path, profile="p.json")
    assert where(errors) == [
        ("p.json", None, "rules.tie", "not_one_of"),
        ("p.json", None, "rules", "missing_parameters"),
    ]


def test_an_election_written_out_reads_back_the_same() -> None:
    e = read_election(DATA / "election-youth.json")
    again = parse_election(json.loads(json.dumps(election_to_json(e))), folder=DATA)
    assert again == e
    e = election(2, 3, rules={"tie": "congress_decides"}, ballots_issued=90)
    assert election_to_json(e)["rules"] == {"tie": "congress_decides"}
    assert parse_election(election_to_json(e)) == e


def test_names_are_stored_in_nfc() -> None:
    people = [{"id": "c1", "name": "Nguye\u0302\u0303n Va\u0306n An"}, {"id": "c2", "name": "B"}]
    e = election(1, people=people)
    assert e.candidates[0].name == "Nguyễn Văn An"


# --- ballots files ---------------------------------------------------------------


def bad_ballots(tmp_path: Path, lines: str, **election_fields: Any) -> list[InputError]:
    e = election(2, 3, **election_fields)
    path = write(tmp_path, "b.jsonl", lines)
    return errors_of(count_ballots_file, path, e, label="b.jsonl")


def test_an_empty_ballots_file_lacks_its_header(tmp_path: Path) -> None:
    assert where(bad_ballots(tmp_path, "")) == [("b.jsonl", 1, None, "missing_header")]


def test_a_ballots_file_of_another_version_is_refused_naming_both(tmp_path: Path) -> None:
    errors = bad_ballots(tmp_path, '{"format": "daihoi/ballots@7", "election": "test-election"}\n')
    assert where(errors) == [("b.jsonl", 1, "format", "unsupported_version")]
    assert "daihoi/ballots@7" in render(errors[0]) and "daihoi/ballots@1" in render(errors[0])


def test_ballots_of_another_election_are_refused(tmp_path: Path) -> None:
    errors = bad_ballots(tmp_path, '{"format": "daihoi/ballots@1", "election": "other"}\n')
    assert where(errors) == [("b.jsonl", 1, "election", "election_mismatch")]


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        ('{"crossed": ["c9"]}', "crossed[0]", "unknown_candidate"),
        ('{"crossed": ["c1", "c2", "c1"]}', "crossed[2]", "repeated_candidate"),
        ('{"crossed": [3]}', "crossed[0]", "expected_string"),
        ('{"crossed": "c1"}', "crossed", "expected_list"),
        ('{"marks": {"c1": "agree"}}', "marks", "expected_crossed"),
        ('{"crossed": [], "mark": 1}', "mark", "unknown_field"),
        ("{}", "crossed", "missing_field"),
        ('{"crossed": [], "defects": ["smudge"]}', "defects[0]", "not_one_of"),
        ('{"crossed": [], "defects": ["over_seats"]}', "defects[0]", "not_one_of"),
        ('{"crossed": [], "defects": ["added_name", "added_name"]}', "defects[1]", "repeated_code"),
        ('{"crossed": [], "ref": 7}', "ref", "expected_string"),
        ('{"crossed": [], "review": "doubtful_row"}', "review", "expected_list"),
        ('{"crossed": ["c1"], "review": ["doubtful_row"]}', "review", "needs_review"),
        ('{"crossed": ["c1"], "crossed": []}', None, "duplicate_key"),
        ('{"crossed": ["c1"]', None, "malformed_json"),
        ('["c1"]', None, "expected_object"),
        ("", None, "malformed_json"),
    ],
)
def test_a_bad_ballot_line_is_named_by_file_line_and_field(
    tmp_path: Path, line: str, field: str | None, code: str
) -> None:
    lines = HEADER + '{"crossed": ["c1"]}\n' + line + "\n"
    assert where(bad_ballots(tmp_path, lines)) == [("b.jsonl", 3, field, code)]


def test_a_crossed_line_on_an_agree_disagree_election_is_refused(tmp_path: Path) -> None:
    e = election(3, 3)
    path = write(tmp_path, "b.jsonl", HEADER + '{"crossed": ["c1"]}\n')
    errors = errors_of(count_ballots_file, path, e, label="b.jsonl")
    assert where(errors) == [("b.jsonl", 2, "crossed", "expected_marks")]
    path = write(tmp_path, "b.jsonl", HEADER + '{"marks": {"c1": "yes"}}\n')
    errors = errors_of(count_ballots_file, path, e, label="b.jsonl")
    assert where(errors) == [("b.jsonl", 2, "marks.c1", "not_one_of")]


def test_more_ballots_collected_than_issued_is_an_error_at_the_first_too_many(
    tmp_path: Path,
) -> None:
    lines = HEADER + '{"crossed": ["c1"]}\n' * 3
    errors = bad_ballots(tmp_path, lines, ballots_issued=2)
    assert where(errors) == [("b.jsonl", 4, None, "more_than_issued")]


def test_every_bad_line_is_reported_and_nothing_is_counted(tmp_path: Path) -> None:
    lines = HEADER + '{"crossed": ["c9"]}\n{"crossed": ["c1"]}\n{"crossed": ["c1"], "x": 1}\n'
    errors = bad_ballots(tmp_path, lines)
    assert [(e.line, e.code) for e in errors] == [(2, "unknown_candidate"), (4, "unknown_field")]


def test_the_reader_stops_after_many_errors(tmp_path: Path) -> None:
    errors = bad_ballots(tmp_path, HEADER + '{"crossed": ["c9"]}\n' * 50)
    assert len(errors) == 21 and errors[-1].code == "too_many_errors"


def test_a_byte_order_mark_and_decomposed_text_are_accepted(tmp_path: Path) -> None:
    e = election(2, 3)
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b'{"crossed": ["c2"]}\r\n')
    counts = count_ballots_file(path, e)
    assert (counts.collected, counts.valid, counts.votes) == (1, 1, (1, 0, 1))


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(HEADER.encode() + b'{"crossed": ["\xff"]}\n')
    errors = errors_of(count_ballots_file, path, election(2, 3), label="b.jsonl")
    assert where(errors) == [("b.jsonl", 2, None, "not_utf8")]


def test_ballots_written_out_read_back_the_same(tmp_path: Path) -> None:
    ballots = [cross("c1"), cross("c2", "c3", defects=("extra_content",)), cross()]
    with (tmp_path / "b.jsonl").open("w", encoding="utf-8") as out:
        assert write_ballots(out, "test-election", ballots) == 3
    e = election(2, 3)
    assert count_ballots_file(tmp_path / "b.jsonl", e) == count_ballots(e, ballots)
    ballot = marks(c1="agree", c2="both")
    assert parse_ballot_line(json.dumps(ballot_to_json(ballot)), "agree_disagree") == ballot


def test_a_scanned_line_with_nothing_to_review_is_counted(tmp_path: Path) -> None:
    lines = HEADER + '{"crossed": ["c2"], "ref": "scans/0001.png", "review": []}\n'
    counts = count_ballots_file(write(tmp_path, "b.jsonl", lines), election(2, 3))
    assert (counts.collected, counts.valid, counts.votes) == (1, 1, (1, 0, 1))


def test_a_line_awaiting_review_names_its_reasons_and_nothing_is_counted(tmp_path: Path) -> None:
    lines = HEADER + '{"crossed": [], "review": []}\n{"crossed": [], "review": ["no_stamp"]}\n'
    errors = bad_ballots(tmp_path, lines)
    assert where(errors) == [("b.jsonl", 3, "review", "needs_review")]
    assert "no_stamp" in render(errors[0], "en")


def test_a_ref_is_passed_through_as_an_opaque_string() -> None:
    line = '{"crossed": ["c1"], "ref": "scan/0007.png"}'
    assert parse_ballot_line(line, "cross_out").ref == "scan/0007.png"


# --- results -----------------------------------------------------------------------


def test_the_formats_example_result_reads_and_writes_back_field_for_field() -> None:
    text = (DATA / "result-example.json").read_text(encoding="utf-8")
    original = json.loads(text)
    written = result_to_json(result_from_json(original))
    assert json.dumps(written, ensure_ascii=False) == json.dumps(original, ensure_ascii=False)


def test_a_computed_result_has_exactly_the_fields_of_the_format_in_order() -> None:
    e = read_election(DATA / "election.json")
    result = decide(e, count_ballots_file(DATA / "ballots.jsonl", e))
    out = result_to_json(result)
    example = json.loads((DATA / "result-example.json").read_text(encoding="utf-8"))
    assert list(out) == list(example)
    assert list(out["ballots"]) == list(example["ballots"])
    assert list(out["candidates"][0]) == list(example["candidates"][0])
    assert result_from_json(json.loads(json.dumps(out))) == result


def test_a_result_whose_figures_do_not_add_up_is_refused() -> None:
    data = json.loads((DATA / "result-example.json").read_text(encoding="utf-8"))
    data["ballots"]["valid"] = 190
    data["threshold"] = 99
    errors = errors_of(result_from_json, data, file="r.json")
    assert where(errors) == [
        ("r.json", None, "ballots.invalid", "does_not_add_up"),
        ("r.json", None, "threshold", "does_not_add_up"),
    ]


def test_a_result_with_an_unknown_field_is_refused() -> None:
    data = json.loads((DATA / "result-example.json").read_text(encoding="utf-8"))
    data["winner"] = "c02"
    assert where(errors_of(result_from_json, data)) == [(None, None, "winner", "unknown_field")]
