"""The congress archive's layout, manifest and verification, without Django."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from daihoi.core.congress_archive import (
    MANIFEST,
    SIGNATURE,
    ArchiveError,
    ArchiveMeta,
    Part,
    build_archive,
    verify_archive,
    write_archive,
)
from daihoi.core.congress_archive_command import run_archive_verify
from daihoi.core.package import canonical_json, key_fingerprint

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
META = ArchiveMeta(11, "Đại hội Đảng bộ xã Hòa Bình", "X01", "Đảng bộ xã Hòa Bình",
                   "2025-07-01T09:30:00+07:00", "daihoi 0.1.0")  # fmt: skip
PARTS = [
    Part("dai-hoi/bien-ban-dai-hoi.pdf", b"%PDF-1.4 minutes"),
    Part("bau-cu/1-committee-vong-1/result.json", b'{"format": "daihoi/result@1"}\n'),
    Part("nhat-ky/audit.jsonl", b'{"seq": 1}\n'),
]


def _zip(parts: list[Part] = PARTS) -> bytes:
    out = io.BytesIO()
    build_archive(out, parts, META, KEY)
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _rezip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()


def _refusal(data: bytes) -> ArchiveError:
    with pytest.raises(ArchiveError) as caught:
        verify_archive(io.BytesIO(data), shown="a.zip")
    return caught.value


def test_an_archive_round_trips_and_lists_every_part_with_its_hash_and_size() -> None:
    data = _zip()
    verified = verify_archive(io.BytesIO(data))
    assert verified.meta == META
    assert [(m.name, m.size) for m in verified.files] == [(p.name, len(p.data)) for p in PARTS]
    assert verified.fingerprint == key_fingerprint(KEY.public_key())
    names = [n for n, _ in _members(data)]
    assert names == [MANIFEST, SIGNATURE, *(p.name for p in PARTS)]
    manifest = json.loads(dict(_members(data))[MANIFEST])
    assert manifest["format"] == "daihoi/congress-archive@1"
    assert manifest["congress"] == {
        "id": 11,
        "name": META.congress,
        "unit_code": "X01",
        "unit_name": META.unit_name,
    }
    assert manifest["files"][0]["sha256"] == (
        __import__("hashlib").sha256(PARTS[0].data).hexdigest()
    )
    assert _zip() == data  # same inputs, same key: the same bytes


def test_the_trusted_keys_are_checked_when_given() -> None:
    data = _zip()
    fingerprint = key_fingerprint(KEY.public_key())
    assert verify_archive(io.BytesIO(data), trusted=[fingerprint.lower().replace("-", " ")])
    with pytest.raises(ArchiveError, match="not among the trusted keys") as caught:
        verify_archive(io.BytesIO(data), trusted=["00" * 16])
    assert fingerprint in str(caught.value)


def test_a_changed_member_is_named() -> None:
    members = _members(_zip())
    members[3] = (members[3][0], b'{"format": "daihoi/result@1", "forged": 1}\n')
    error = _refusal(_rezip(members))
    assert error.code == "changed"
    assert "bau-cu/1-committee-vong-1/result.json" in str(error)


def test_an_added_member_is_named() -> None:
    error = _refusal(_rezip([*_members(_zip()), ("extra.txt", b"x")]))
    assert error.code == "unlisted" and "extra.txt" in str(error)


def test_a_missing_member_is_named() -> None:
    members = _members(_zip())
    error = _refusal(_rezip(members[:-1]))
    assert error.code == "missing" and "nhat-ky/audit.jsonl" in str(error)


def test_a_manifest_changed_after_signing_breaks_the_signature() -> None:
    members = dict(_members(_zip()))
    manifest = json.loads(members[MANIFEST])
    manifest["congress"]["name"] = "Another congress"
    members[MANIFEST] = canonical_json(manifest)
    error = _refusal(_rezip(list(members.items())))
    assert error.code == "bad_signature"
    assert "changed after it was signed" in str(error)


def test_a_manifest_respaced_is_not_the_one_signed() -> None:
    members = dict(_members(_zip()))
    members[MANIFEST] = json.dumps(json.loads(members[MANIFEST]), indent=1).encode()
    assert _refusal(_rezip(list(members.items()))).code == "manifest_invalid"


def test_a_signature_by_another_key_with_its_own_public_key_is_refused() -> None:
    members = dict(_members(_zip()))
    signature = json.loads(members[SIGNATURE])
    other = Ed25519PrivateKey.from_private_bytes(bytes(32))
    signature["value"] = __import__("base64").b64encode(other.sign(b"x" * 10)).decode()
    members[SIGNATURE] = canonical_json(signature)
    assert _refusal(_rezip(list(members.items()))).code == "bad_signature"


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_no_manifest_no_signature_and_a_name_twice_are_refused() -> None:
    members = _members(_zip())
    assert _refusal(_rezip(members[1:])).code == "no_manifest"
    assert _refusal(_rezip([members[0], *members[2:]])).code == "no_signature"
    assert _refusal(_rezip([*members, members[2]])).code == "duplicate"


def test_a_truncated_zip_and_a_non_zip_are_refused() -> None:
    data = _zip()
    assert _refusal(data[: len(data) // 2]).code == "not_zip"
    assert _refusal(b"%PDF-1.4 not a zip at all").code == "not_zip"
    error = _refusal(b"")
    assert "a.zip is not a zip archive, or it was cut short" in str(error)


def test_a_member_whose_bytes_were_damaged_inside_the_zip_is_named() -> None:
    stored = io.BytesIO()
    build = [Part("a.txt", b"A" * 1000)]
    build_archive(stored, build, META, KEY)
    data = bytearray(stored.getvalue())
    # Flip a byte inside the compressed data of the last member (after its local header).
    offset = data.rfind(b"a.txt", 0, data.find(b"PK\x01\x02")) + len("a.txt") + 2
    data[offset] ^= 0xFF
    error = _refusal(bytes(data))
    assert error.code in ("damaged", "changed")
    assert "a.txt" in str(error)


def test_names_that_could_escape_a_folder_are_refused_when_building() -> None:
    for bad in ("../x", "/etc/passwd", "a\\b", MANIFEST, "a//b", "dir/"):
        with pytest.raises(ArchiveError, match="cannot hold a file named"):
            build_archive(io.BytesIO(), [Part(bad, b"x")], META, KEY)


def test_write_archive_writes_whole_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.zip"
    verified = write_archive(target, PARTS, META, KEY)
    assert len(verified.files) == 3 and target.exists()
    with pytest.raises(ArchiveError, match="already exists"):
        write_archive(target, PARTS, META, KEY)
    with pytest.raises(ArchiveError, match="cannot hold"):
        write_archive(tmp_path / "b.zip", [Part("../b", b"")], META, KEY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]  # no temporary left
    with pytest.raises(ArchiveError, match="cannot write"):
        write_archive(tmp_path / "missing" / "c.zip", PARTS, META, KEY)


def test_the_command_verifies_offline_and_names_the_first_problem(tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    good.write_bytes(_zip())
    out, err = io.StringIO(), io.StringIO()
    assert run_archive_verify([str(good)], out, err) == 0
    assert "The archive is valid" in out.getvalue()
    assert "dai-hoi/bien-ban-dai-hoi.pdf" in out.getvalue()
    assert "The key was not checked" in out.getvalue()
    fingerprint = key_fingerprint(KEY.public_key())
    out = io.StringIO()
    assert run_archive_verify([str(good), "--trust", fingerprint], out, io.StringIO()) == 0
    assert "on the trusted list" in out.getvalue()

    bad = tmp_path / "bad.zip"
    members = _members(_zip())
    bad.write_bytes(_rezip([*members[:3], (members[3][0], b"tampered"), *members[4:]]))
    out, err = io.StringIO(), io.StringIO()
    assert run_archive_verify([str(bad)], out, err) == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith("The archive is refused: bad.zip: bau-cu/")
    err = io.StringIO()
    assert run_archive_verify([str(tmp_path / "none.zip")], io.StringIO(), err) == 2
    assert "cannot read none.zip" in err.getvalue()
    err = io.StringIO()
    assert run_archive_verify([str(good), "--trust", "nope"], io.StringIO(), err) == 2
    assert "not a key fingerprint" in err.getvalue()
