"""The counting station's signing key and the fingerprint people read aloud.

The station keeps one Ed25519 private key in a PEM file (PKCS #8, mode
0600), created the first time it is asked for and never replaced. With a
passphrase the file is written encrypted (PKCS #8 with the best encryption
the library offers) and needs the passphrase to be read; a file written
without one keeps working, and :func:`station_key_protect` encrypts it in
place, whole or not at all. Its fingerprint is the first 128 bits of the SHA-256 of the raw
32-byte public key, in upper-case hex, in eight groups of four joined by
hyphens (``3F2A-91C0-7B1E-D4A8-0C55-E9F1-2B6D-8A03``): short enough to read
over the phone to the upper committee, which keeps it as a trusted station,
and far too long to forge (finding another key with the same fingerprint
takes about 2¹²⁸ tries).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import PackageError

__all__ = [
    "key_fingerprint",
    "normalize_fingerprint",
    "public_key_bytes",
    "station_key_load_or_create",
    "station_key_protect",
]

_FINGERPRINT_BYTES = 16
_SEPARATORS = re.compile(r"[\s:-]+")
_HEX32 = re.compile(r"[0-9A-F]{32}")


def station_key_load_or_create(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """The station's key from ``path``; the first call creates the file (mode 0600).

    With ``passphrase`` a new file is written encrypted with it, and an
    encrypted file is opened with it: a missing or wrong passphrase raises
    :class:`PackageError` (``key_passphrase_missing``, ``key_passphrase_wrong``).
    A file written without a passphrase is read as it is, passphrase or not.

    Two processes starting at once end up with the same key: the file
    appears whole or not at all, and the one that loses the race loads the
    winner's. A file that is there but is not an Ed25519 PEM private key
    raises :class:`PackageError` (``key_file_invalid``); it is never
    overwritten.
    """
    try:
        return _load(path.read_bytes(), path, passphrase)
    except FileNotFoundError:
        pass
    key = Ed25519PrivateKey.generate()
    pem = _pem(key, passphrase)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _load(path.read_bytes(), path, passphrase)
    finally:
        os.unlink(temporary)
    _sync_folder(path.parent)
    return key


def station_key_protect(path: Path, passphrase: bytes) -> bool:
    """Encrypt the plain key file ``path`` with ``passphrase``, in place; False if it already was.

    The encrypted file is written under a temporary name beside it and then
    takes its name: a power cut leaves the old file or the new one, never
    half of either. An already encrypted file must open with ``passphrase``
    (else ``key_passphrase_wrong``) and is left as it is.
    """
    if not passphrase:
        raise ValueError("a passphrase is needed to protect the station key")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackageError("key_file_missing", path=str(path)) from None
    key = _load(data, path, passphrase)
    if _encrypted(data):
        return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(_pem(key, passphrase))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)
    return True


def _pem(key: Ed25519PrivateKey, passphrase: bytes | None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def _encrypted(data: bytes) -> bool:
    return b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in data


def _load(data: bytes, path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    if _encrypted(data):
        if not passphrase:
            raise PackageError("key_passphrase_missing", path=str(path))
        try:
            key = serialization.load_pem_private_key(data, password=passphrase)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise PackageError("key_passphrase_wrong", path=str(path)) from None
    else:
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise PackageError("key_file_invalid", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackageError("key_file_invalid", path=str(path))
    return key


def _sync_folder(folder: Path) -> None:
    """Make the new file's name survive a power cut (where the system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    """The raw 32 bytes of a public key."""
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_fingerprint(public_key: Ed25519PublicKey) -> str:
    """``3F2A-91C0-…``: 32 hex digits in groups of four, to read aloud."""
    digits = hashlib.sha256(public_key_bytes(public_key)).hexdigest()[: 2 * _FINGERPRINT_BYTES]
    return _grouped(digits.upper())


def normalize_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, spaces, colons or hyphens) in the printed form.

    ``ValueError`` when it is not 32 hex digits.
    """
    digits = _SEPARATORS.sub("", text).upper()
    if not _HEX32.fullmatch(digits):
        raise ValueError(f"not a key fingerprint: {text!r}")
    return _grouped(digits)


def _grouped(digits: str) -> str:
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))
