"""The signed result package: what the station builds, the portal reads back or refuses."""

from __future__ import annotations

import base64
import io
import json
import os
import stat
import string
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.core.elections.formats import (
    ballot_from_json,
    count_ballots_file,
    parse_election,
    read_election,
    result_to_json,
)
from daihoi.core.elections.tally import decide, tally
from daihoi.core.package import (
    MESSAGES,
    PackageError,
    PackageMeta,
    build_package,
    canonical_json,
    key_fingerprint,
    normalize_fingerprint,
    read_package,
    run_package_verify,
    station_key_load_or_create,
)
from daihoi.core.package.canonical import b64decode_strict, b64encode, sha256_hex
from daihoi.core.package.container import SIGNING_CONTEXT
from daihoi.core.package.keys import public_key_bytes

from .builders import election_data

DATA = Path(__file__).parent / "data"
MODEST = settings(max_examples=150, deadline=None)

STATION_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
STATION = key_fingerprint(STATION_KEY.public_key())

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
DOCX = b"PK\x03\x04\x14\x00\x00\x00word/document.xml"
META = PackageMeta(
    unit_code="01.07.03",
    unit_name="Đảng bộ xã Thượng Quan",
    congress="Đại hội đại biểu Đảng bộ xã Thượng Quan lần thứ XX, nhiệm kỳ 2025–2030",
    station="Máy kiểm phiếu số 1",
    sealed_at=datetime(2025, 6, 14, 21, 30, tzinfo=timezone(timedelta(hours=7))),
    seal_hash="5d41402abc4b2a76b9719d911017c592" * 2,
    software="daihoi 0.1.0",
)

# Every reason a changed byte can give: the file no longer parses or fits the
# format, or the signature, or a part's hash, no longer holds.
BYTE_CHANGE_CODES = {
    "not_json",
    "duplicate_key",
    "not_a_package",
    "wrong_format",
    "unsupported_version",
    "missing_field",
    "unknown_field",
    "not_object",
    "not_text",
    "not_base64",
    "not_sha256",
    "bad_key_size",
    "unsupported_algorithm",
    "bad_timestamp",
    "not_canonical",
    "bad_signature",
    "part_changed",
}


# --- sample inputs, made with the engine from tests/core/data ---------------------


@cache
def sample() -> dict[str, Any]:
    """The sample election: its file, its ballots as records, the engine's result."""
    definition = read_election(DATA / "election.json")
    result = decide(definition, count_ballots_file(DATA / "ballots.jsonl", definition))
    lines = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    return {
        "election": json.loads((DATA / "election.json").read_text(encoding="utf-8")),
        "ballots": [json.loads(line) for line in lines],
        "result": result_to_json(result),
        "minutes_pdf": PDF,
        "minutes_docx": DOCX,
        "meta": META,
        "key": STATION_KEY,
    }


def build(**changes: Any) -> bytes:
    return build_package(**{**sample(), **changes})


@cache
def package() -> bytes:
    return build()


@cache
def small() -> bytes:
    """Three names for two seats, five ballots: small enough to change byte by byte."""
    election = election_data(2, 3, summoned=10)
    ballots = [
        {"crossed": ["c1"]},
        {"crossed": ["c3"]},
        {"crossed": ["c2"]},
        {"crossed": ["c3"]},
        {"crossed": ["c1", "c2"], "defects": ["extra_content"]},
    ]
    return build_small(election, ballots)


def build_small(election: dict[str, Any], ballots: list[dict[str, Any]]) -> bytes:
    definition = parse_election(election)
    result = tally(definition, [ballot_from_json(b, definition.form) for b in ballots])
    return build_package(
        election=election,
        ballots=ballots,
        result=result_to_json(result),
        minutes_pdf=b"%PDF-1.7\n%%EOF\n",
        minutes_docx=b"PK\x03\x04",
        meta=META,
        key=STATION_KEY,
    )


# --- tampering helpers --------------------------------------------------------------


def opened(data: bytes) -> dict[str, Any]:
    return dict(json.loads(data))


def part(document: dict[str, Any], name: str) -> bytes:
    return b64decode_strict(document["parts"][name])


def put_part(document: dict[str, Any], name: str, data: bytes) -> None:
    document["parts"][name] = b64encode(data)


def resigned(document: dict[str, Any], key: Ed25519PrivateKey, *, rehash: bool = True) -> bytes:
    """The document signed again, as someone holding ``key`` would after an edit."""
    if rehash:
        for name, encoded in document["parts"].items():
            document["signed"]["parts"][name] = {"sha256": sha256_hex(b64decode_strict(encoded))}
    signature = key.sign(SIGNING_CONTEXT + canonical_json(document["signed"]))
    document["signature"] = {
        "algorithm": "ed25519",
        "public_key": b64encode(public_key_bytes(key.public_key())),
        "value": b64encode(signature),
    }
    return canonical_json(document)


def ballot_lines(document: dict[str, Any]) -> list[bytes]:
    return part(document, "ballots").split(b"\n")[:-1]


def with_ballot_lines(document: dict[str, Any], lines: list[bytes]) -> None:
    put_part(document, "ballots", b"".join(line + b"\n" for line in lines))


def refused(data: bytes, **kwargs: Any) -> PackageError:
    with pytest.raises(PackageError) as caught:
        read_package(data, **kwargs)
    return caught.value


# --- round trip -----------------------------------------------------------------------


def test_a_package_reads_back_with_the_parts_it_was_built_from() -> None:
    verified = read_package(package(), trusted=[STATION])
    inputs = sample()
    assert verified.election_json() == inputs["election"]
    assert verified.result_json() == inputs["result"]
    assert verified.minutes_pdf == PDF
    assert verified.minutes_docx == DOCX
    assert verified.meta == META
    assert verified.fingerprint == STATION
    assert verified.public_key == public_key_bytes(STATION_KEY.public_key())
    assert verified.sha256 == sha256_hex(package())
    carried = sorted(
        canonical_json(json.loads(line)) for line in ballot_lines(opened(package()))[1:]
    )
    entered = [
        {name: sorted(v) if name == "crossed" else v for name, v in b.items() if name != "ref"}
        for b in inputs["ballots"]
    ]
    assert carried == sorted(canonical_json(b) for b in entered)


def test_the_result_of_a_verified_package_is_the_engines_recount() -> None:
    verified = read_package(package())
    definition = read_election(DATA / "election.json")
    assert verified.definition == definition
    assert verified.result == decide(
        definition, count_ballots_file(DATA / "ballots.jsonl", definition)
    )
    assert len(list(verified.ballots())) == verified.result.ballots.collected


def test_the_minutes_docx_is_optional() -> None:
    verified = read_package(build(minutes_docx=None))
    assert verified.minutes_docx is None
    assert "minutes_docx" not in verified.parts


def test_an_agree_disagree_election_round_trips() -> None:
    election = election_data(2, 2, summoned=5)
    ballots = [
        {"marks": {"c2": "agree", "c1": "disagree"}},
        {"marks": {"c1": "agree", "c2": "agree"}},
        {"marks": {"c1": "both"}},
    ]
    verified = read_package(build_small(election, ballots))
    assert verified.definition.form == "agree_disagree"
    assert verified.result.ballots.collected == 3


def test_the_same_inputs_and_key_give_the_same_bytes() -> None:
    assert build() == package()


def test_the_file_is_canonical_json_on_one_line() -> None:
    data = package()
    assert data == canonical_json(json.loads(data))
    assert b"\n" not in data and data.startswith(b'{"format":"daihoi/package@1",')


# --- ballot secrecy -----------------------------------------------------------------


@MODEST
@given(st.randoms(use_true_random=False))
def test_the_ballot_order_in_the_package_does_not_depend_on_the_entry_order(
    rng: Any,
) -> None:
    ballots = [dict(b) for b in sample()["ballots"]]
    rng.shuffle(ballots)
    for b in ballots:
        crossed = list(b["crossed"])
        rng.shuffle(crossed)
        b["crossed"] = crossed
    assert build(ballots=ballots) == package()


def test_refs_are_dropped_from_the_ballots() -> None:
    ballots = [{**b, "ref": f"scan/{i:04}.png"} for i, b in enumerate(sample()["ballots"])]
    data = build(ballots=ballots)
    assert data == package()
    assert b"scan/" not in part(opened(data), "ballots")


# --- one byte changed -----------------------------------------------------------------


@MODEST
@given(st.data())
def test_changing_any_single_byte_is_refused(data: st.DataObject) -> None:
    original = small()
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[position]), label="byte")
    changed = original[:position] + bytes([byte]) + original[position + 1 :]
    assert refused(changed).code in BYTE_CHANGE_CODES


def test_every_byte_in_turn_changed_is_refused() -> None:
    original = small()
    codes = set()
    for position in range(len(original)):
        byte = original[position] ^ 0x01
        changed = original[:position] + bytes([byte]) + original[position + 1 :]
        codes.add(refused(changed).code)
    assert codes <= BYTE_CHANGE_CODES
    assert {"bad_signature", "part_changed"} <= codes


# --- each reason --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "not_json"),
        (b"\xff\xfe garbage", "not_json"),
        (b"%PDF-1.7", "not_json"),
        (b'{"a": 1, "a": 2}', "duplicate_key"),
        (b"[]", "not_a_package"),
        (b'{"format": 1}', "not_a_package"),
        (b'{"format": "daihoi/result@1"}', "wrong_format"),
    ],
)
def test_garbage_is_not_a_package(data: bytes, code: str) -> None:
    assert refused(data).code == code


def test_an_unknown_version_is_refused_naming_both() -> None:
    document = opened(package())
    document["format"] = "daihoi/package@2"
    error = refused(canonical_json(document))
    assert error.code == "unsupported_version"
    assert "daihoi/package@2" in str(error) and "daihoi/package@1" in str(error)
    assert "not supported" in error.message("en")


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (lambda d: d.pop("signature"), "missing_field", "signature"),
        (lambda d: d.update(comment="x"), "unknown_field", "comment"),
        (lambda d: d["signed"]["meta"].pop("seal_hash"), "missing_field", "signed.meta.seal_hash"),
        (lambda d: d["signed"]["meta"].update(voter="x"), "unknown_field", "signed.meta.voter"),
        (lambda d: d["parts"].pop("minutes_pdf"), "missing_field", "parts.minutes_pdf"),
        (lambda d: d["signed"]["parts"].pop("minutes_docx"), "unknown_field", "parts.minutes_docx"),
        (lambda d: d["signed"].update(meta=[]), "not_object", "signed.meta"),
        (lambda d: d["signed"]["meta"].update(station=" "), "not_text", "signed.meta.station"),
        (
            lambda d: d["signed"]["meta"].update(sealed_at="2025-06-14T21:30:00"),
            "bad_timestamp",
            "signed.meta.sealed_at",
        ),
    ],
)
def test_a_missing_unknown_or_malformed_field_is_refused(edit: Any, code: str, field: str) -> None:
    document = opened(package())
    edit(document)
    error = refused(canonical_json(document))
    assert (error.code, error.params.get("field")) == (code, field)


def test_another_signature_algorithm_is_refused() -> None:
    document = opened(package())
    document["signature"]["algorithm"] = "rsa"
    assert refused(canonical_json(document)).code == "unsupported_algorithm"


def test_a_base64_spelling_that_decodes_to_the_same_bytes_is_refused() -> None:
    document = opened(package())
    value = document["signature"]["value"]
    assert value.endswith("==")
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
    last = alphabet[alphabet.index(value[-3]) ^ 1]  # sets or clears an unused low bit
    same = value[:-3] + last + "=="
    assert b64decode_strict(value) == base64.b64decode(same)
    document["signature"]["value"] = same
    error = refused(canonical_json(document))
    assert (error.code, error.params["field"]) == ("not_base64", "signature.value")


def test_a_package_saved_again_with_whitespace_is_refused() -> None:
    pretty = json.dumps(json.loads(package()), indent=2, ensure_ascii=False).encode()
    assert refused(pretty).code == "not_canonical"
    assert refused(package() + b"\n").code == "not_canonical"


def test_an_edited_unit_name_breaks_the_signature() -> None:
    document = opened(package())
    document["signed"]["meta"]["unit_name"] = "Đảng bộ xã Thượng Quang"
    error = refused(canonical_json(document))
    assert error.code == "bad_signature"
    assert str(error) == "chữ ký không hợp lệ: gói đã bị thay đổi sau khi ký"
    assert "changed after it was signed" in error.message("en")


@pytest.mark.parametrize("name", ["election", "ballots", "result", "minutes_pdf", "minutes_docx"])
def test_a_part_changed_under_its_signed_hash_is_named(name: str) -> None:
    document = opened(package())
    put_part(document, name, part(document, name) + b" ")
    error = refused(canonical_json(document))
    assert (error.code, error.params["part"]) == ("part_changed", name)
    assert "đã bị thay đổi sau khi ký" in str(error)


def test_a_vote_changed_and_signed_again_with_another_key_is_refused() -> None:
    document = opened(package())
    lines = ballot_lines(document)
    changed = canonical_json({"crossed": ["c01", "c10"]})
    assert changed not in lines
    lines[1] = changed  # one ballot now strikes other names
    with_ballot_lines(document, [lines[0], *sorted(lines[1:])])
    forged = resigned(document, OTHER_KEY)
    error = refused(forged, trusted=[STATION])
    assert error.code == "untrusted_key"
    assert error.params["fingerprint"] == key_fingerprint(OTHER_KEY.public_key())
    assert STATION in str(error)
    # Without a trusted list the recount still catches the change.
    assert refused(forged).code == "result_mismatch"


def test_a_re_signed_package_whose_result_was_edited_fails_the_recount() -> None:
    document = opened(package())
    result = json.loads(part(document, "result"))
    result["candidates"][0]["votes"] += 1
    put_part(document, "result", canonical_json(result))
    error = refused(resigned(document, STATION_KEY), trusted=[STATION])
    assert error.code == "result_mismatch"
    assert error.params["field"] == "candidates[0].votes"
    assert "candidates[0].votes" in str(error) and "kiểm lại" in str(error)


def test_a_re_signed_part_without_its_new_hash_is_named() -> None:
    document = opened(package())
    put_part(document, "minutes_pdf", b"%PDF-1.7\nanother document\n")
    error = refused(resigned(document, STATION_KEY, rehash=False))
    assert (error.code, error.params["part"]) == ("part_changed", "minutes_pdf")


def test_ballots_the_engine_cannot_read_are_refused_with_the_line() -> None:
    document = opened(package())
    lines = ballot_lines(document)
    with_ballot_lines(document, [*lines, canonical_json({"crossed": ["c99"]})])
    error = refused(resigned(document, STATION_KEY))
    assert (error.code, error.params["part"]) == ("part_unreadable", "ballots")
    assert error.details[0].line == len(lines) + 1
    assert 'tệp ballots.jsonl, dòng 117, trường crossed[0]: mã "c99"' in str(error)


def test_ballots_in_entry_order_are_refused() -> None:
    document = opened(package())
    lines = ballot_lines(document)
    with_ballot_lines(document, [lines[0], *reversed(lines[1:])])
    error = refused(resigned(document, STATION_KEY))
    assert error.code == "ballots_not_canonical"


def test_a_ref_on_a_carried_ballot_is_refused() -> None:
    document = opened(package())
    lines = ballot_lines(document)
    record = json.loads(lines[1])
    lines[1] = canonical_json({**record, "ref": "scan/0001.png"})
    with_ballot_lines(document, lines)
    assert refused(resigned(document, STATION_KEY)).code == "ballots_not_canonical"


def test_a_json_part_not_in_canonical_form_is_refused() -> None:
    document = opened(package())
    put_part(document, "election", json.dumps(sample()["election"]).encode())
    error = refused(resigned(document, STATION_KEY))
    assert (error.code, error.params["part"]) == ("part_not_canonical", "election")


def test_an_election_the_engine_refuses_is_named_with_its_field() -> None:
    election = {**sample()["election"], "seats": 0}
    document = opened(package())
    put_part(document, "election", canonical_json(election))
    error = refused(resigned(document, STATION_KEY))
    assert (error.code, error.params["part"]) == ("part_unreadable", "election")
    assert "tệp election.json, trường seats" in str(error)


# --- what the station cannot export --------------------------------------------------


def test_the_station_cannot_export_a_result_its_ballots_do_not_give() -> None:
    result = json.loads(json.dumps(sample()["result"]))
    result["elected"] = list(reversed(result["elected"]))
    with pytest.raises(PackageError) as caught:
        build(result=result)
    assert (caught.value.code, caught.value.params["field"]) == ("result_mismatch", "elected[0]")


def test_an_election_on_a_profile_file_cannot_be_packaged() -> None:
    with pytest.raises(PackageError) as caught:
        build(election={**sample()["election"], "profile": "profiles/doan.json"})
    assert caught.value.code == "profile_not_builtin"


def test_minutes_that_are_not_a_pdf_cannot_be_packaged() -> None:
    with pytest.raises(PackageError) as caught:
        build(minutes_pdf=DOCX)
    assert (caught.value.code, caught.value.params["part"]) == ("wrong_kind", "minutes_pdf")


def test_a_sealing_time_without_its_offset_cannot_be_packaged() -> None:
    with pytest.raises(PackageError) as caught:
        build(meta=replace(META, sealed_at=datetime(2025, 6, 14, 21, 30)))
    assert caught.value.code == "bad_timestamp"


def test_a_float_in_a_part_cannot_be_packaged() -> None:
    with pytest.raises(PackageError) as caught:
        build(result={**sample()["result"], "base": 118.0})
    assert (caught.value.code, caught.value.params["part"]) == ("part_not_canonical", "result")


# --- messages -------------------------------------------------------------------------


def test_every_reason_has_a_message_in_vietnamese_and_english() -> None:
    for code, texts in MESSAGES.items():
        assert set(texts) == {"vi", "en"}, code
        names = {f for _, f, _, _ in string.Formatter().parse(texts["vi"]) if f}
        assert names == {f for _, f, _, _ in string.Formatter().parse(texts["en"]) if f}, code
        params = {n: "x" for n in names - {"what", "file"}}
        if names & {"what", "file"}:
            params["part"] = "ballots"
        error = PackageError(code, **params)
        assert str(error) == error.message("vi") != error.message("en")


# --- keys -----------------------------------------------------------------------------


def test_the_station_key_is_created_once_with_mode_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "station" / "key.pem"
    key = station_key_load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    again = station_key_load_or_create(path)
    assert public_key_bytes(again.public_key()) == public_key_bytes(key.public_key())
    assert os.listdir(path.parent) == ["key.pem"]


def test_a_key_file_that_is_not_a_key_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    path.write_bytes(b"not a key")
    with pytest.raises(PackageError) as caught:
        station_key_load_or_create(path)
    assert caught.value.code == "key_file_invalid"
    assert path.read_bytes() == b"not a key"


def test_the_fingerprint_is_eight_groups_of_four_hex_digits() -> None:
    groups = STATION.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert set("".join(groups)) <= set("0123456789ABCDEF")
    assert key_fingerprint(OTHER_KEY.public_key()) != STATION


def test_a_fingerprint_is_trusted_however_it_is_typed() -> None:
    typed = STATION.lower().replace("-", " ")
    assert normalize_fingerprint(typed) == STATION
    assert read_package(package(), trusted=[typed]).fingerprint == STATION


def test_an_empty_trusted_list_trusts_nobody() -> None:
    assert refused(package(), trusted=[]).code == "untrusted_key"


def test_a_malformed_trusted_fingerprint_is_refused() -> None:
    error = refused(package(), trusted=["3F2A-91C0"])
    assert (error.code, error.params["value"]) == ("bad_fingerprint", "3F2A-91C0")


# --- daihoi package verify ------------------------------------------------------------


def verify(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_package_verify(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_verify_prints_the_summary_of_a_valid_package(tmp_path: Path) -> None:
    path = tmp_path / "ket-qua.daihoi"
    path.write_bytes(package())
    status, out, err = verify(str(path), "--trust", STATION)
    assert (status, err) == (0, "")
    assert "Đơn vị: 01.07.03 – Đảng bộ xã Thượng Quan" in out
    assert "(mã bch-xa-2025-r1), vòng 1" in out
    assert "niêm phong lúc 21:30 14/06/2025 (UTC+07:00)" in out
    assert "Kết quả: đã bầu đủ số lượng" in out
    assert "Trúng cử (9/9): Đỗ Văn Bình, " in out
    assert f"Khóa của trạm: {STATION}" in out
    assert "Khóa này nằm trong danh sách tin cậy." in out


def test_verify_without_trust_says_the_key_was_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "ket-qua.daihoi"
    path.write_bytes(package())
    status, out, _ = verify(str(path), "--lang", "en")
    assert status == 0
    assert "Outcome: all seats filled" in out
    assert "The key was not checked" in out


def test_verify_refuses_a_changed_package_saying_why(tmp_path: Path) -> None:
    path = tmp_path / "ket-qua.daihoi"
    document = opened(package())
    document["signed"]["meta"]["station"] = "Máy khác"
    path.write_bytes(canonical_json(document))
    status, out, err = verify(str(path))
    assert (status, out) == (2, "")
    assert err == "Gói kết quả bị từ chối: chữ ký không hợp lệ: gói đã bị thay đổi sau khi ký\n"


def test_verify_refuses_an_untrusted_key(tmp_path: Path) -> None:
    path = tmp_path / "ket-qua.daihoi"
    path.write_bytes(package())
    other = key_fingerprint(OTHER_KEY.public_key())
    status, _, err = verify(str(path), "--trust", other, "--lang", "en")
    assert status == 2
    assert f"signed with the key {STATION}" in err and other in err


def test_verify_reports_a_missing_file_and_bad_arguments(tmp_path: Path) -> None:
    status, _, err = verify(str(tmp_path / "none.daihoi"))
    assert status == 2 and "không đọc được tệp" in err
    status, _, err = verify()
    assert status == 2 and "FILE" in err
    status, _, err = verify(str(tmp_path / "none.daihoi"), "--trust", "3F2A")
    assert status == 2 and err.startswith('"3F2A" không phải dấu vân tay khóa')
