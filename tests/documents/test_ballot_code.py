"""The ballot's code: what it says, read back, and the hash of the definition."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.ballots.code import (
    CODE_FORMAT,
    CodeError,
    CodePayload,
    code_payload,
    decode_code_payload,
    definition_hash,
    encode_code_payload,
)
from daihoi.core.elections.formats import parse_election
from daihoi.documents.ballot_pdf import decode_code_payload as from_pdf_module

from .builders import definition, election_data, people


def test_the_payload_names_election_round_side_and_hash() -> None:
    d = definition(17)
    text = encode_code_payload(code_payload(d, 1, 2))
    assert text == f"{CODE_FORMAT};e=bch-2025-r1;r=1;s=1/2;h={definition_hash(d)[:16]}"


def test_the_payload_reads_back() -> None:
    payload = code_payload(definition(300), 2, 2)
    assert decode_code_payload(encode_code_payload(payload)) == payload
    assert from_pdf_module is decode_code_payload


@settings(max_examples=80, deadline=None)
@given(
    election=st.text(min_size=1, max_size=40),
    round_=st.integers(min_value=1, max_value=99),
    sides=st.integers(min_value=1, max_value=2),
    digest=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
)
def test_any_election_id_round_trips(election: str, round_: int, sides: int, digest: str) -> None:
    payload = CodePayload(election, round_, sides, sides, digest)
    text = encode_code_payload(payload)
    assert text.isascii() and "\n" not in text
    assert decode_code_payload(text) == payload


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "daihoi-ballot@2;e=x;r=1;s=1/1;h=0123456789abcdef",
        "daihoi-ballot@1;e=x;r=1;s=2/1;h=0123456789abcdef",
        "daihoi-ballot@1;e=x;r=0;s=1/1;h=0123456789abcdef",
        "daihoi-ballot@1;e=x;r=1;s=1/1;h=0123456789ABCDEF",
        "daihoi-ballot@1;e=x;r=1;s=1/1;h=0123456789abcdef;n=17",
        "daihoi-ballot@1;e=%FF;r=1;s=1/1;h=0123456789abcdef",
    ],
)
def test_anything_else_is_not_a_ballot_code(text: str) -> None:
    with pytest.raises(CodeError):
        decode_code_payload(text)


def test_the_hash_changes_when_a_candidate_changes() -> None:
    base = definition_hash(definition(17))
    renamed = people(17)
    renamed[3]["name"] = "Trần Văn Bình"
    assert definition_hash(definition(17, candidates=renamed)) != base
    noted = people(17)
    noted[3]["note"] = "1970, thôn Đồng Tâm"
    assert definition_hash(definition(17, candidates=noted)) != base
    assert definition_hash(definition(18)) != base
    assert definition_hash(definition(17, seats=14)) != base
    assert definition_hash(definition(17, round=2)) != base
    assert definition_hash(definition(17, rules={"order": "as_listed"})) != base


def test_the_hash_ignores_what_is_filled_in_on_the_day() -> None:
    """Absentees and ballots issued are known after printing; the ballots stay valid."""
    base = definition_hash(definition(17))
    data = election_data(17, ballots_issued=150)
    data["electorate"]["deductions"].append({"reason": "Vắng mặt có lý do", "count": 3})
    assert definition_hash(parse_election(data)) == base


def test_the_hash_does_not_depend_on_the_order_of_the_file_or_unicode_form() -> None:
    base = definition_hash(definition(5))
    decomposed = [{**p, "name": unicodedata.normalize("NFD", p["name"])} for p in people(5)]
    assert definition_hash(definition(5, candidates=decomposed)) == base
    assert len(base) == 64 and int(base, 16) >= 0
