"""The station's key with a passphrase: written encrypted, read with it, refused without it;
a plain key keeps working and is encrypted in place, whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daihoi.core.package import (
    PackageError,
    key_fingerprint,
    station_key_load_or_create,
    station_key_protect,
)


def test_a_key_made_with_a_passphrase_is_encrypted_and_reads_back_with_it(tmp_path: Path) -> None:
    path = tmp_path / "station.pem"
    key = station_key_load_or_create(path, b"mat khau dai")
    data = path.read_bytes()
    assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert path.stat().st_mode & 0o777 == 0o600
    again = station_key_load_or_create(path, b"mat khau dai")
    assert key_fingerprint(again.public_key()) == key_fingerprint(key.public_key())


@pytest.mark.parametrize(
    ("passphrase", "code"), [(b"sai", "key_passphrase_wrong"), (None, "key_passphrase_missing")]
)
def test_a_wrong_or_missing_passphrase_is_refused_and_the_file_left_as_it_was(
    tmp_path: Path, passphrase: bytes | None, code: str
) -> None:
    path = tmp_path / "station.pem"
    station_key_load_or_create(path, b"dung")
    before = path.read_bytes()
    with pytest.raises(PackageError) as caught:
        station_key_load_or_create(path, passphrase)
    assert caught.value.code == code
    assert str(path) in caught.value.message("en") and "nothing was signed" in caught.value.message(
        "en"
    )
    assert "DAIHOI_STATION_PASSPHRASE" in caught.value.message("vi")
    assert path.read_bytes() == before


def test_a_plain_key_keeps_working_with_a_passphrase_set_and_is_protected_in_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.pem"
    plain = station_key_load_or_create(path)
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    same = station_key_load_or_create(path, b"moi")
    assert key_fingerprint(same.public_key()) == key_fingerprint(plain.public_key())
    assert station_key_protect(path, b"moi") is True
    assert path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(os.listdir(tmp_path)) == ["station.pem"]  # no temporary file left behind
    opened = station_key_load_or_create(path, b"moi")
    assert key_fingerprint(opened.public_key()) == key_fingerprint(plain.public_key())
    # Protecting again with the same passphrase changes nothing; with another, refused.
    before = path.read_bytes()
    assert station_key_protect(path, b"moi") is False
    with pytest.raises(PackageError) as caught:
        station_key_protect(path, b"khac")
    assert caught.value.code == "key_passphrase_wrong"
    assert path.read_bytes() == before


def test_protecting_a_missing_key_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(PackageError) as caught:
        station_key_protect(tmp_path / "none.pem", b"x")
    assert caught.value.code == "key_file_missing"
    assert not (tmp_path / "none.pem").exists()
