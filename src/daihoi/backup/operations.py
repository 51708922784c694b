"""Writing a backup of this installation, and restoring one into an empty one.

What is kept: the database (an online SQLite snapshot through
``sqlite3.Connection.backup``, or ``pg_dump --format=custom``), the counting
station's signing key, the server's secret key file, the audit chain's key,
and every file under the media folder (scanned ballots). The static folder is
not kept: the program rebuilds it.

Both directions write nothing partial: the archive is written under a
temporary name, read back and checked, and only then given its name; a
restore unpacks into a temporary folder inside the data folder, checks every
member, and only then moves the files into place (and runs ``pg_restore`` in
one transaction), taking back what it had placed if a later step fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import daihoi
from daihoi.backup.archive import (
    AUDIT_KEY,
    DATABASE_FILES,
    MEDIA,
    SECRET_KEY,
    STATION_KEY,
    VERSION,
    BackupError,
    Manifest,
    check_sidecar,
    member_name_ok,
    members_of,
    read_archive,
    sha256_file,
    sidecar_path,
    sidecar_text,
    write_archive,
)

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Written:
    """A backup written: where, its SHA-256 and size, what it holds."""

    path: Path
    sha256: str
    size: int
    manifest: Manifest
    #: The folder is on the disk that holds the data: the backup dies with that disk.
    same_disk: bool


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    #: ``FILE.sha256`` was next to the archive and matched it.
    sidecar_checked: bool
    #: Migrations this program has that the archive's database had not run yet.
    migrations_behind: tuple[str, ...]


def current_engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            "backup.engine_unknown",
            _("Backups are made of SQLite and PostgreSQL databases only, not %(engine)s."),
            engine=vendor,
        )
    return vendor


def station_key_file() -> Path:
    """The station's signing key: ``DAIHOI_STATION_KEY_FILE``, else in the data folder.

    The same rule as ``elections.packages.station_key_path`` (a test holds them equal).
    """
    configured = getattr(settings, "STATION_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "station-ed25519.pem"


def secret_key_file() -> Path:
    return Path(settings.DATA_DIR) / "secret_key"


def audit_key_file() -> Path:
    """The audit chain's key: ``DAIHOI_AUDIT_KEY_FILE``, else ``audit.key`` in the data folder.

    The same rule as ``audit.keys.audit_key_path`` (a test holds them equal).
    """
    configured = getattr(settings, "AUDIT_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit.key"


# --- writing ---------------------------------------------------------------------------


def backup_to_folder(folder: Path) -> Written:
    """A backup in ``folder`` (a USB stick's), named by the local time it is made."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        name = f"daihoi-{stamp}.tar.gz" if n == 0 else f"daihoi-{stamp}-{n}.tar.gz"
        target = Path(folder) / name
        if not target.exists() and not sidecar_path(target).exists():
            return backup_write(target)
    return backup_write(Path(folder) / f"daihoi-{stamp}.tar.gz")  # refused as existing


def backup_write(target: Path) -> Written:
    """Write the backup archive ``target`` and ``target.sha256``; refuse an existing one.

    Run it outside any transaction: the snapshot is of what is committed.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise BackupError(
            "backup.folder_missing",
            _("The folder %(folder)s does not exist (is the USB stick plugged in?)."),
            folder=str(folder),
        )
    if target.exists() or sidecar_path(target).exists():
        raise BackupError(
            "backup.exists",
            _("%(file)s already exists: choose another name; nothing was written."),
            file=str(target),
        )
    engine = current_engine()
    if connection.in_atomic_block:
        # SQLite would wait for ever on its own open transaction; either engine would
        # copy something other than what is committed.
        raise RuntimeError("backup_write runs outside any transaction")
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".backup-") as scratch:
        snapshot = Path(scratch) / "database"
        if engine == "sqlite":
            sqlite_snapshot(snapshot)
        else:
            pg_dump(snapshot)
        files = [(DATABASE_FILES[engine], snapshot), *_kept_files()]
        manifest = Manifest(
            version=VERSION,
            created_at=timezone.localtime().isoformat(timespec="seconds"),
            software=f"daihoi {daihoi.__version__}",
            engine=engine,
            migrations=_applied_migrations(),
            files=members_of(files),
        )
        with _unwritten(folder) as (temporary, stream):
            write_archive(stream, manifest, dict(files))
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            # Read back from where it landed (a USB stick may lie): every member must hold.
            read_archive(temporary, None)
            digest, size = sha256_file(temporary)
            _publish(temporary, target)
    with _unwritten(folder) as (temporary, stream):
        stream.write(sidecar_text(digest, target).encode("ascii"))
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        _publish(temporary, sidecar_path(target))
    _sync_folder(folder)
    return Written(target, digest, size, manifest, _same_disk(folder, data_dir))


def sqlite_snapshot(destination: Path) -> None:
    """An online, consistent copy of the SQLite database, made while the server writes.

    ``Connection.backup`` in one step holds a read transaction for the whole
    copy: with the write-ahead log, writers go on and the copy is of one moment.
    """
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(destination)
    try:
        source.backup(copy)
        (result,) = copy.execute("PRAGMA quick_check").fetchone()
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
    if result != "ok":
        raise BackupError(
            "backup.database_damaged",
            _("The database copy does not pass SQLite's check (%(detail)s); nothing was written."),
            detail=str(result)[:200],
        )


def _pg_params() -> tuple[list[str], dict[str, str]]:
    database = settings.DATABASES["default"]
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args.append(f"{option}={database[key]}")
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    sslmode = (database.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            "backup.pg_program_missing",
            _(
                "%(program)s is not installed: a PostgreSQL database is backed up and "
                "restored with the PostgreSQL client programs (Debian: apt install "
                "postgresql-client)."
            ),
            program=name,
        )
    return found


def pg_dump(destination: Path) -> None:
    """``pg_dump --format=custom`` of the configured database into ``destination``."""
    program = _program("pg_dump")
    args, env = _pg_params()
    name = str(settings.DATABASES["default"]["NAME"])
    done = subprocess.run(
        [program, "--format=custom", "--no-password", f"--file={destination}", *args, name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            "backup.pg_failed",
            _("%(program)s failed: %(detail)s"),
            program="pg_dump",
            detail=_last_lines(done.stderr),
        )


def _last_lines(text: str) -> str:
    return " ".join(text.strip().splitlines()[-3:])[:500] or "?"


def _kept_files() -> list[tuple[str, Path]]:
    """The keys, the secret and the media files, each as (name in the archive, path)."""
    files = []
    if station_key_file().is_file():
        files.append((STATION_KEY, station_key_file()))
    if secret_key_file().is_file():
        files.append((SECRET_KEY, secret_key_file()))
    if audit_key_file().is_file():
        files.append((AUDIT_KEY, audit_key_file()))
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        for path in sorted(_walk(media)):
            name = MEDIA + path.relative_to(media).as_posix()
            if not member_name_ok(name):
                raise BackupError(
                    "backup.media_name",
                    _("%(file)s: a stored file with a name the archive cannot hold."),
                    file=str(path),
                )
            files.append((name, path))
    return files


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


@contextlib.contextmanager
def _unwritten(folder: Path) -> Iterator[tuple[Path, Any]]:
    """A new temporary file in ``folder``, removed unless published."""
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".daihoi-", suffix=".tmp")
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as stream:
            try:
                yield temporary, stream
            except OSError as exc:
                raise _unwritable(folder, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _unwritable(folder: Path, exc: OSError) -> BackupError:
    return BackupError(
        "backup.unwritable",
        _("Cannot write into %(folder)s: %(reason)s."),
        folder=str(folder),
        reason=exc.strerror or str(exc),
    )


def _publish(temporary: Path, target: Path) -> None:
    """Give the finished file its name, never over an existing one."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise BackupError(
            "backup.exists",
            _("%(file)s already exists: choose another name; nothing was written."),
            file=str(target),
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
        # A FAT-formatted USB stick has no hard links: rename, after looking again.
        if target.exists():
            raise BackupError(
                "backup.exists",
                _("%(file)s already exists: choose another name; nothing was written."),
                file=str(target),
            ) from None
        os.rename(temporary, target)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _same_disk(folder: Path, data_dir: Path) -> bool:
    try:
        return folder.stat().st_dev == data_dir.stat().st_dev
    except OSError:
        return False


# --- restoring -------------------------------------------------------------------------


def restore(archive: Path) -> Restored:
    """Restore ``archive`` into this installation's empty data folder and database.

    The data folder is ``DAIHOI_DATA_DIR``; the database is the one settings
    name (an SQLite file in the data folder, or DATABASE_URL's PostgreSQL
    database, which must hold no table).
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError("backup.not_found", _("%(file)s: no such file."), file=str(archive))
    engine = current_engine()
    data_dir = Path(settings.DATA_DIR)
    occupied = _occupied(engine, data_dir)
    if occupied:
        raise BackupError(
            "backup.target_not_empty",
            _(
                "Restore only into an empty data folder and an empty database: %(what)s "
                "already holds data. Nothing was restored."
            ),
            what=occupied,
        )
    if engine == "postgresql":
        _program("pg_restore")  # before anything is unpacked
    sidecar_checked = check_sidecar(archive)
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    behind: list[str] = []

    def judge(manifest: Manifest) -> None:
        if manifest.engine != engine:
            raise BackupError(
                "backup.other_engine",
                _(
                    "%(file)s holds a %(archived)s database; this installation uses "
                    "%(engine)s. Restore it where %(archived)s is configured."
                ),
                file=archive.name,
                archived=ENGINE_NAMES[manifest.engine],
                engine=ENGINE_NAMES[engine],
            )
        applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
        unknown = sorted(applied - known)
        if unknown:
            raise BackupError(
                "backup.newer_migrations",
                _(
                    "%(file)s comes from a newer daihoi: its database has migration "
                    "%(migration)s, which this version does not know. Restore it with the "
                    "version that made it."
                ),
                file=archive.name,
                migration=".".join(unknown[0]),
            )
        behind.extend(f"{app}.{name}" for app, name in sorted(known - applied))

    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-"))
    try:
        manifest = read_archive(archive, staging, judge)
        _install(engine, staging, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Restored(manifest, sidecar_checked, tuple(behind))


#: What the program writes into its data folder on its own when it starts.
_SELF_MADE = {"static", "secret_key"}


def _sqlite_path() -> Path:
    return Path(str(settings.DATABASES["default"]["NAME"]))


def _occupied(engine: str, data_dir: Path) -> str:
    """What already holds data where the restore would write; empty when nothing does."""
    if engine == "sqlite":
        db = _sqlite_path()
        if db.exists() and _sqlite_has_tables(db):
            return str(db)
    else:
        try:
            with connection.cursor() as cursor:
                tables = connection.introspection.table_names(cursor)
        except DatabaseError as exc:
            raise BackupError(
                "backup.database_unreachable",
                _("Cannot open the database %(name)s: %(detail)s"),
                name=settings.DATABASES["default"]["NAME"],
                detail=_last_lines(str(exc)),
            ) from None
        finally:
            connection.close()
        if tables:
            return _("the database %(name)s") % {"name": settings.DATABASES["default"]["NAME"]}
    if station_key_file().exists():
        return str(station_key_file())
    if audit_key_file().exists():
        return str(audit_key_file())
    media = Path(settings.MEDIA_ROOT)
    for path in _walk(media) if media.is_dir() else ():
        return str(path)
    if data_dir.is_dir():
        db_names = {_sqlite_path().name + s for s in ("", "-wal", "-shm", "-journal")}
        for entry in sorted(data_dir.iterdir()):
            if entry.name in _SELF_MADE or entry == media:
                continue
            if (
                engine == "sqlite"
                and entry.name in db_names
                and entry.parent == _sqlite_path().parent
            ):
                continue
            return str(entry)
    return ""


def _sqlite_has_tables(path: Path) -> bool:
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (tables,) = probe.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        return True  # not a database we can read: not ours to overwrite
    return bool(tables)


def _install(engine: str, staging: Path, manifest: Manifest) -> None:
    """Move the checked files into place; on any failure take back what was placed."""
    placed: list[Path] = []
    secret = secret_key_file()
    old_secret = secret.read_bytes() if secret.is_file() else None
    names = {m.name for m in manifest.files}
    try:
        if engine == "sqlite":
            db = _sqlite_path()
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(db) + suffix).unlink()  # an empty database, checked above
            placed.append(_place(staging / DATABASE_FILES["sqlite"], db))
        if STATION_KEY in names:
            placed.append(_place(staging / STATION_KEY, station_key_file()))
        if AUDIT_KEY in names:
            placed.append(_place(staging / AUDIT_KEY, audit_key_file()))
        if SECRET_KEY in names:
            secret.parent.mkdir(parents=True, exist_ok=True)
            _copy_into(staging / SECRET_KEY, secret, replace=True)
        media = Path(settings.MEDIA_ROOT)
        for member in manifest.files:
            if member.name.startswith(MEDIA):
                relative = PurePosixPath(member.name).relative_to(MEDIA.rstrip("/"))
                placed.append(_place(staging / member.name, media / relative))
        if engine == "postgresql":
            pg_restore(staging / DATABASE_FILES["postgresql"])
    except BaseException:
        for path in reversed(placed):
            with contextlib.suppress(OSError):
                path.unlink()
        if SECRET_KEY in names:
            with contextlib.suppress(OSError):
                if old_secret is None:
                    secret.unlink()
                else:
                    secret.write_bytes(old_secret)
        raise


def _place(source: Path, target: Path) -> Path:
    """Put ``source`` at ``target``, never over an existing file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileExistsError:
            raise BackupError(
                "backup.target_not_empty",
                _(
                    "Restore only into an empty data folder and an empty database: %(what)s "
                    "already holds data. Nothing was restored."
                ),
                what=str(target),
            ) from None
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
                raise
            _copy_into(source, target, replace=False)
    except OSError as exc:
        raise _unwritable(target.parent, exc) from None
    return target


def _copy_into(source: Path, target: Path, *, replace: bool) -> None:
    """Copy under a temporary name beside ``target``, then give it the name."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".daihoi-", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        shutil.copyfile(source, temporary)
        temporary.chmod(0o600)
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def pg_restore(dump: Path) -> None:
    """``pg_restore`` into the configured (empty) database, all in one transaction."""
    program = _program("pg_restore")
    args, env = _pg_params()
    name = str(settings.DATABASES["default"]["NAME"])
    connection.close()
    done = subprocess.run(
        [
            program,
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--dbname={name}",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            "backup.pg_failed",
            _("%(program)s failed: %(detail)s"),
            program="pg_restore",
            detail=_last_lines(done.stderr),
        )
