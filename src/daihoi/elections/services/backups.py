"""The counting desk's backup: after a batch, the head writes the whole station to a USB stick.

The archive (database, keys, stored scans) is ``daihoi.backup``'s; this
service picks the folder (``DAIHOI_BACKUP_DIR``), and writes the audit entry
once the file is whole, with its name and SHA-256. The entry is not in the
archive it describes; the next backup holds it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.backup import Written, backup_to_folder
from daihoi.elections.models import BatchStatus, Election
from daihoi.elections.services.common import _audit
from daihoi.errors import DomainError


def counting_backup(*, actor: Actor | None, election: Election) -> Written:
    """Write a backup into the configured folder and audit it under the election.

    Not atomic on purpose: the snapshot is of what is committed; the audit
    entry follows, and if it cannot be written the archive is removed.
    """
    folder = getattr(settings, "BACKUP_DIR", "")
    if not folder:
        raise DomainError(
            "backup.not_configured",
            gettext_lazy(
                "No backup folder is configured on this computer: whoever installed it sets "
                "DAIHOI_BACKUP_DIR to the USB stick's folder."
            ),
        )
    matched = election.batches.filter(status=BatchStatus.MATCHED).count()
    written = backup_to_folder(Path(folder))
    try:
        with transaction.atomic():
            _audit(
                actor,
                "election.backup",
                election,
                file=written.path.name,
                sha256=written.sha256,
                bytes=written.size,
                batches_matched=matched,
            )
    except BaseException:
        for path in (written.path, written.path.with_name(written.path.name + ".sha256")):
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written
