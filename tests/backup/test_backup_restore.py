"""``daihoi backup`` then ``daihoi restore`` on a station with a counted, sealed, signed election.

Each test runs the command as an operator would, on a station of its own
(tests/backup/conftest.py): SQLite files, or PostgreSQL databases when the
suite runs on PostgreSQL (pg_dump and pg_restore then).
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tarfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from tests.backup.conftest import Station

SEED = """
from daihoi.accounts.models import CongressRole
from daihoi.accounts.services import congress_role_grant
from daihoi.elections import services
from tests.factories import UserFactory, make_congress, make_unit

unit = make_unit("X", name="Đảng bộ xã X", members_count=40)
make_unit("X1", parent=unit, name="Chi bộ thôn 1", members_count=20)
congress = make_congress(unit)
head, c1, c2, sec = (UserFactory(username=n) for n in ("head", "clerk1", "clerk2", "secretary"))
congress_role_grant(actor=None, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
congress_role_grant(actor=None, user=c1, congress=congress, role=CongressRole.COUNTING_CLERK)
congress_role_grant(actor=None, user=c2, congress=congress, role=CongressRole.COUNTING_CLERK)
congress_role_grant(actor=None, user=sec, congress=congress, role=CongressRole.SECRETARIAT)
election = services.election_create(
    actor=None, congress=congress, kind="committee", seats=2, summoned=6, title="Bầu Ban Chấp hành"
)
for name in ("Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường"):
    services.candidate_add(actor=None, election=election, full_name=name)
services.election_list_approve(actor=sec, election=election, present=6, agree=6, disagree=0)
batch = services.batch_open(actor=head, election=election)
for clerk in (c1, c2):
    stream = services.stream_join(clerk=clerk, batch=batch)
    for line in ("1", "2", "3", "1 2", "0"):
        services.entry_save(actor=clerk, stream_id=stream.pk, text=line)
    services.stream_close(clerk=clerk, stream=stream)
services.election_finalise(actor=head, election=election)
print("ELECTION", election.pk)
"""

FACTS = """
from daihoi.audit.models import AuditEntry
from daihoi.elections.models import Election
from daihoi.organizations.models import Unit
e = Election.objects.get()
print("FACTS", Unit.objects.count(), AuditEntry.objects.count(), e.status, e.seal_hash)
"""

FINGERPRINT = """
from daihoi.core.package import key_fingerprint, station_key_load_or_create
from daihoi.elections.packages import station_key_path
assert station_key_path().exists(), "no station key"
print("FP", key_fingerprint(station_key_load_or_create(station_key_path()).public_key()))
"""


def _facts(station: Station) -> list[str]:
    return station.shell(FACTS).split("FACTS")[-1].split()


def _counted_station(station: Station, tmp_path: Path) -> tuple[Path, str]:
    """Migrate, count and seal an election, sign its package, store a scan; the package."""
    station.run("manage", "migrate", "--verbosity", "0")
    election = re.findall(r"ELECTION (\d+)", station.shell(SEED))[0]
    package = tmp_path / "goi.json"
    station.run("package", "export", election, "-o", str(package), "--lang", "en")
    scan = station.data_dir / "media" / "scans" / f"e{election}" / "ab12.png"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"\x89PNG a scanned ballot")
    return package, election


def _empty(station: Station) -> None:
    """Nothing of a restore is left in the station: no database, no key, no file."""
    left = sorted(p.name for p in station.data_dir.iterdir()) if station.data_dir.exists() else []
    assert set(left) <= {"static", "secret_key"}, left
    if station.database:
        assert station.tables() == 0
    if (station.data_dir / "static").exists():
        assert not any((station.data_dir / "static").iterdir())


def test_a_restored_station_has_its_counts_its_audit_chain_and_its_signing_key(
    new_station: Callable[[str], Station], tmp_path: Path
) -> None:
    source = new_station("source")
    package, election = _counted_station(source, tmp_path)
    units, entries, status, seal = _facts(source)
    assert status == "finalised"
    usb = tmp_path / "usb"
    usb.mkdir()
    archive = usb / "station.tar.gz"
    made = source.run("backup", str(archive), "--lang", "en").stdout
    sha = (usb / "station.tar.gz.sha256").read_text().split()
    assert sha == [re.findall(r"sha256 ([0-9a-f]{64})", made)[0], "station.tar.gz"]

    target = new_station("target")
    done = target.run("restore", str(archive), "--data-dir", str(target.data_dir), "--lang", "en")
    out = done.stdout
    assert "the archive matches" in out
    assert f"units: {units}, elections: 1, sealed results: 1, audit entries: {entries}" in out
    assert f"audit chain intact: {entries} entries" in out
    verified = target.run("audit", "verify", "--lang", "en").stdout
    assert f"audit chain intact: {entries} entries" in verified
    assert "every entry's key mark matches the audit key" in verified
    assert _facts(target) == [units, entries, "finalised", seal]
    # The keys and the stored scan, byte for byte.
    kept = ("station-ed25519.pem", "secret_key", "audit.key", f"media/scans/e{election}/ab12.png")
    for name in kept:
        assert (target.data_dir / name).read_bytes() == (source.data_dir / name).read_bytes()
    for name in ("station-ed25519.pem", "audit.key"):
        assert (target.data_dir / name).stat().st_mode & 0o777 == 0o600
    # The package signed before the backup verifies with the restored key's fingerprint.
    fingerprint = target.shell(FINGERPRINT).split("FP")[-1].strip()
    assert fingerprint == source.shell(FINGERPRINT).split("FP")[-1].strip()
    # The seal's head, signed with the station key, checks against the restored key.
    assert f"1 sealed heads signed by the station key {fingerprint}" in verified
    checked = target.run("package", "verify", str(package), "--trust", fingerprint, "--lang", "en")
    assert checked.returncode == 0
    # The restored station signs again with the same key.
    again = tmp_path / "again.json"
    target.run("package", "export", election, "-o", str(again), "--lang", "en")
    assert target.run("package", "verify", str(again), "--trust", fingerprint).returncode == 0


def _rewritten(archive: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """A copy of ``archive`` whose members pass through ``change`` (None drops one)."""
    with tarfile.open(archive) as tar, tarfile.open(out, "w:gz") as copy:
        for info in tar.getmembers():
            data = tar.extractfile(info).read()  # type: ignore[union-attr]
            changed = change(info.name, data)
            if changed is None:
                continue
            info.size = len(changed)
            copy.addfile(info, io.BytesIO(changed))


def _newer(name: str, data: bytes) -> bytes:
    if name != "MANIFEST.json":
        return data
    manifest = json.loads(data)
    manifest["version"] = 2
    return json.dumps(manifest).encode()


def test_a_damaged_archive_is_refused_by_name_and_nothing_is_restored(
    new_station: Callable[[str], Station], tmp_path: Path
) -> None:
    source = new_station("source")
    source.run("manage", "migrate", "--verbosity", "0")
    source.shell("from tests.factories import make_unit; make_unit('X', name='Xã X')")
    source.shell(FINGERPRINT.replace("assert", "# "))  # the key exists
    archive = tmp_path / "good.tar.gz"
    source.run("backup", str(archive), "--lang", "en")
    key_member = "keys/station-ed25519.pem"

    def tampered(name: str, data: bytes) -> bytes:
        return data.replace(b"-----END", b"-----end") if name == key_member else data

    cases: list[tuple[str, Path, str]] = []
    # A member changed (and its sidecar gone): the manifest's SHA-256 names it.
    _rewritten(archive, tmp_path / "tampered.tar.gz", tampered)
    cases.append(("tampered", tmp_path / "tampered.tar.gz", f"{key_member} does not match"))
    # The same file beside the good archive's checksum: the sidecar names the archive.
    wrong = tmp_path / "wrong.tar.gz"
    wrong.write_bytes((tmp_path / "tampered.tar.gz").read_bytes())
    (tmp_path / "wrong.tar.gz.sha256").write_text(
        (tmp_path / "good.tar.gz.sha256").read_text().replace("good", "wrong")
    )
    cases.append(
        ("checksum", wrong, "wrong.tar.gz does not match the SHA-256 in wrong.tar.gz.sha256")
    )
    # Cut short, as a copy pulled out too early.
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    cases.append(("truncated", cut, "cut.tar.gz is not a whole backup archive (cut short"))
    # A listed file missing.
    _rewritten(archive, tmp_path / "missing.tar.gz", lambda n, d: None if n == key_member else d)
    cases.append(
        (
            "missing",
            tmp_path / "missing.tar.gz",
            f"{key_member} is listed in the manifest but missing",
        )
    )
    # A newer format.
    _rewritten(archive, tmp_path / "newer.tar.gz", _newer)
    cases.append(
        ("newer", tmp_path / "newer.tar.gz", "backup format version 2; this one reads up to 1")
    )

    for label, bad, message in cases:
        target = new_station(f"t{label}")
        done = target.run("restore", str(bad), "--lang", "en", check=False)
        assert done.returncode == 2, (label, done.stdout, done.stderr)
        assert message in done.stderr, (label, done.stderr)
        _empty(target)

    # A station that holds data is never overwritten, even by a good archive.
    done = source.run("restore", str(archive), "--lang", "en", check=False)
    assert done.returncode == 2
    assert "Restore only into an empty data folder and an empty database" in done.stderr
    assert "Nothing was restored" in done.stderr
    # And the good archive restores.
    target = new_station("tgood")
    assert target.run("restore", str(archive), "--lang", "en").returncode == 0


def test_backup_refuses_to_overwrite_and_names_a_missing_folder(
    new_station: Callable[[str], Station], tmp_path: Path
) -> None:
    station = new_station("s")
    station.run("manage", "migrate", "--verbosity", "0")
    archive = tmp_path / "b.tar.gz"
    station.run("backup", str(archive), "--lang", "en")
    before = archive.read_bytes()
    again = station.run("backup", str(archive), "--lang", "en", check=False)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert archive.read_bytes() == before
    nowhere = station.run("backup", str(tmp_path / "usb" / "b.tar.gz"), "--lang", "en", check=False)
    assert (
        nowhere.returncode == 2
        and "does not exist (is the USB stick plugged in?)" in nowhere.stderr
    )
    assert not list(tmp_path.glob("**/.daihoi-*"))
    lost = station.run("restore", str(tmp_path / "nowhere.tar.gz"), "--lang", "en", check=False)
    assert lost.returncode == 2 and "nowhere.tar.gz: no such file." in lost.stderr
    if station.database:
        # PostgreSQL without its client programs on the PATH: named, with the package to install.
        bare = Station(station.data_dir, {**station.env, "PATH": str(tmp_path / "empty")}, "")
        missing = bare.run("backup", str(tmp_path / "c.tar.gz"), "--lang", "en", check=False)
        assert missing.returncode == 2
        assert "pg_dump is not installed" in missing.stderr
        assert "apt install postgresql-client" in missing.stderr
        assert not (tmp_path / "c.tar.gz").exists()
        # A database that is not there is named too.
        gone = Station(
            tmp_path / "gone",
            {**station.env, "DATABASE_URL": station.env["DATABASE_URL"] + "_gone"},
            "",
        )
        refused = gone.run("restore", str(archive), "--lang", "en", check=False)
        assert refused.returncode == 2 and "Cannot open the database" in refused.stderr


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the online snapshot under a writer is SQLite's (pg_dump is a snapshot by design)",
)
def test_a_backup_taken_while_a_writer_writes_is_one_moment(
    new_station: Callable[[str], Station], tmp_path: Path
) -> None:
    station = new_station("busy")
    station.run("manage", "migrate", "--verbosity", "0")
    database = station.data_dir / "daihoi.sqlite3"
    setup = sqlite3.connect(database)
    setup.executescript(
        "CREATE TABLE ledger (n INTEGER, payload BLOB);"
        "CREATE TABLE total (rows INTEGER); INSERT INTO total VALUES (0);"
    )
    setup.close()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        # Each transaction adds two rows and moves the total: a torn copy breaks the sum.
        conn = sqlite3.connect(database, timeout=30, isolation_level=None)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO ledger VALUES (?, randomblob(3000))", [written[0]])
            conn.execute("INSERT INTO ledger VALUES (?, randomblob(3000))", [written[0]])
            conn.execute("UPDATE total SET rows = rows + 2")
            conn.execute("COMMIT")
            written[0] += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    archives = []
    try:
        for n in range(3):
            archive = tmp_path / f"busy{n}.tar.gz"
            station.run("backup", str(archive), "--lang", "en")
            archives.append(archive)
    finally:
        stop.set()
        thread.join(timeout=30)
    seen = []
    for n, archive in enumerate(archives):
        target = new_station(f"r{n}")
        out = target.run("restore", str(archive), "--lang", "en").stdout
        assert "audit chain intact" in out
        copy = sqlite3.connect(target.data_dir / "daihoi.sqlite3")
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = copy.execute("SELECT count(*) FROM ledger").fetchone()
        assert copy.execute("SELECT rows FROM total").fetchone() == (rows,)
        copy.close()
        seen.append(rows)
    # The writer was at work during the backups: each caught a later moment than the last.
    assert 0 < seen[0] < seen[1] < seen[2] < 2 * written[0]
