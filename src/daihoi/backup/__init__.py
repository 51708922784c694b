"""Backup and restore of one installation: its database, keys and stored files in one archive.

``archive`` is the format (``daihoi/backup`` version 1: a gzip tar with a
manifest, read back member by member against its SHA-256s); ``operations``
makes the database snapshot and writes or restores an archive. Above the
shared helpers and below the apps: the counting desk's service and the
command line call it; it imports no app, so what a restore reports (the
audit chain, the counts) is the caller's. The format: ``docs/backup.md``.
"""

from daihoi.backup.archive import FORMAT, VERSION, BackupError, Manifest, Member, read_archive
from daihoi.backup.operations import (
    Restored,
    Written,
    audit_key_file,
    backup_to_folder,
    backup_write,
    current_engine,
    restore,
    station_key_file,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "BackupError",
    "Manifest",
    "Member",
    "Restored",
    "Written",
    "audit_key_file",
    "backup_to_folder",
    "backup_write",
    "current_engine",
    "read_archive",
    "restore",
    "station_key_file",
]
