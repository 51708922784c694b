"""The archive format on its own: what the reader refuses, by name, before anything is used."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from daihoi.backup.archive import (
    BackupError,
    Manifest,
    member_name_ok,
    members_of,
    read_archive,
    write_archive,
)


def _archive(tmp_path: Path) -> tuple[Path, Manifest]:
    files = {
        "database/daihoi.sqlite3": b"SQLite format 3\x00 not really",
        "keys/station-ed25519.pem": b"-----BEGIN PRIVATE KEY-----\n",
        "keys/audit.key": b"ab" * 32 + b"\n",
        "media/scans/e1/ab.png": b"\x89PNG",
    }
    sources = {}
    for name, data in files.items():
        path = tmp_path / "src" / name.replace("/", "_")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        sources[name] = path
    manifest = Manifest(
        1,
        "2026-12-05T09:00:00+07:00",
        "daihoi 0.1.0",
        "sqlite",
        {},
        members_of(list(sources.items())),
    )
    archive = tmp_path / "a.tar.gz"
    with archive.open("wb") as stream:
        write_archive(stream, manifest, sources)
    return archive, manifest


def _add(archive: Path, out: Path, info: tarfile.TarInfo, data: bytes = b"") -> None:
    with tarfile.open(archive) as tar, tarfile.open(out, "w:gz") as copy:
        for member in tar.getmembers():
            copy.addfile(member, tar.extractfile(member))
        copy.addfile(info, io.BytesIO(data) if data else None)


def test_what_is_written_reads_back_byte_for_byte(tmp_path: Path) -> None:
    archive, manifest = _archive(tmp_path)
    assert read_archive(archive, tmp_path / "out") == manifest
    assert (tmp_path / "out/media/scans/e1/ab.png").read_bytes() == b"\x89PNG"
    assert (tmp_path / "out/keys/station-ed25519.pem").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "out/keys/audit.key").read_bytes() == b"ab" * 32 + b"\n"
    assert (tmp_path / "out/keys/audit.key").stat().st_mode & 0o777 == 0o600


def test_a_member_the_manifest_does_not_list_is_refused_by_name(tmp_path: Path) -> None:
    archive, _ = _archive(tmp_path)
    info = tarfile.TarInfo("media/extra.png")
    info.size = 3
    _add(archive, tmp_path / "extra.tar.gz", info, b"abc")
    with pytest.raises(BackupError) as refused:
        read_archive(tmp_path / "extra.tar.gz", tmp_path / "out")
    assert refused.value.code == "backup.member_unlisted"
    assert refused.value.params == {"file": "extra.tar.gz", "member": "media/extra.png"}


def test_a_link_in_the_archive_is_refused(tmp_path: Path) -> None:
    archive, _ = _archive(tmp_path)
    info = tarfile.TarInfo("media/link")
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    _add(archive, tmp_path / "link.tar.gz", info)
    with pytest.raises(BackupError) as refused:
        read_archive(tmp_path / "link.tar.gz", tmp_path / "out")
    assert refused.value.code == "backup.member_kind"
    assert refused.value.params == {"file": "link.tar.gz", "member": "media/link"}


@pytest.mark.parametrize(
    "name", ["media/../../etc/passwd", "/etc/passwd", "media/", "keys/other.pem", "media/a\\b"]
)
def test_a_name_outside_the_archive_s_own_is_refused(tmp_path: Path, name: str) -> None:
    assert not member_name_ok(name)
    archive, _ = _archive(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("MANIFEST.json").read())  # type: ignore[union-attr]
    manifest["files"][2]["name"] = name
    data = json.dumps(manifest).encode()
    out = tmp_path / "bad.tar.gz"
    with tarfile.open(out, "w:gz") as copy:
        info = tarfile.TarInfo("MANIFEST.json")
        info.size = len(data)
        copy.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError) as refused:
        read_archive(out, tmp_path / "out")
    assert refused.value.code == "backup.manifest_invalid"
    assert refused.value.params["detail"] == f"file name {name!r}"
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_an_archive_is_named(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a backup")
    with pytest.raises(BackupError) as refused:
        read_archive(other, None)
    assert refused.value.code == "backup.unreadable"
    assert refused.value.params["file"] == "notes.txt"
