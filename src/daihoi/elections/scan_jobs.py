"""Scans uploaded from the counting desk, read by a background worker.

``scan_upload_start`` (the request) checks the files, writes them under
``settings.SCAN_UPLOADS_DIR``, records a ``ScanImportJob`` and enqueues
``scan_upload_read``; the worker (``daihoi worker``) reads them exactly as
``daihoi scan import`` does (``scanning.scan_import``: one batch, the ballots
read without doubt counted, the others waiting for the committee), saying how
many pages it has read as it goes, then removes the uploaded files (the batch
keeps its own copies). A refusal (the election is sealed meanwhile, no page
in the files) fails the job with the reason and stores nothing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from daihoi.actor import Actor
from daihoi.core.scanning import list_pages
from daihoi.elections.definition import election_definition, has_open_test
from daihoi.elections.models import (
    Election,
    ElectionStatus,
    ScanImportFailure,
    ScanImportJob,
    ScanStatus,
)
from daihoi.elections.scanning import SCAN_SUFFIXES, scan_advice, scan_import

#: At most this many files, and this many bytes in all, in one upload (a batch of a few
#: hundred ballots scanned at 300 dpi in colour is well under it).
MAX_FILES = 1000
MAX_BYTES = 2 * 1024**3
#: The worker says how far it is at most this often (seconds), and at the end.
PROGRESS_EVERY = 0.5


def _uploads() -> Path:
    return Path(settings.SCAN_UPLOADS_DIR)


def _stored_name(index: int, name: str) -> str:
    return f"{index:04d}{Path(name).suffix.lower()}"


def _own_names(files: Sequence[UploadedFile[Any]]) -> list[str]:
    """Each file's own name, made safe and told apart when two are the same."""
    seen: set[str] = set()
    names: list[str] = []
    for i, f in enumerate(files, start=1):
        base = get_valid_filename(Path(f.name or "").name) or f"scan-{i}"
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{Path(base).stem} ({n}){Path(base).suffix}"
        seen.add(name)
        names.append(name)
    return names


def scan_upload_start(
    *, actor: Actor, election: Election, files: Sequence[UploadedFile[Any]], duplex: bool
) -> ScanImportJob:
    """Keep the uploaded scans and queue their reading (all or nothing); refuse bad input."""
    if election.status not in (ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING):
        raise ValidationError(
            _("Not possible while the election is “%s”.") % election.get_status_display()
        )
    if not files:
        raise ValidationError(_("Choose the scanned files (images or PDF)."))
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("%(n)d files: at most %(max)d in one upload.") % {"n": len(files), "max": MAX_FILES}
        )
    names = _own_names(files)
    wrong = [n for n in names if Path(n).suffix.lower() not in SCAN_SUFFIXES]
    if wrong:
        raise ValidationError(
            _("Not an image or PDF file (PNG, JPEG, TIFF or PDF): %s") % ", ".join(wrong[:5])
        )
    size = sum(f.size or 0 for f in files)
    if size > MAX_BYTES:
        raise ValidationError(
            _("The files weigh %(size)s MB: at most %(max)s MB in one upload.")
            % {"size": size // 1024**2, "max": MAX_BYTES // 1024**2}
        )
    folder = f"{election.pk}-{get_random_string(20)}"
    root = _uploads() / folder
    root.mkdir(parents=True)
    try:
        for i, f in enumerate(files, start=1):
            with (root / _stored_name(i, names[i - 1])).open("wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
        with transaction.atomic():
            job = ScanImportJob.objects.create(
                election=election,
                user_id=actor.pk,
                folder=folder,
                names=names,
                duplex=duplex,
                for_test=has_open_test(election),
            )
            result = scan_upload_read.enqueue(job.pk)
            job.task_id = result.id
            job.save(update_fields=["task_id"])
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return job


@task()
def scan_upload_read(job_id: int) -> int:
    """The queued task: read the job's scans into a batch (the worker calls it)."""
    return scan_upload_run(job_id)


def scan_upload_run(job_id: int) -> int:
    """Read the job's files into one batch, keeping its progress; the ballots stored."""
    job = (
        ScanImportJob.objects.select_related("election__congress__unit", "user")
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        return 0
    job.started()
    root = _uploads() / job.folder
    paths = [str(root / _stored_name(i, n)) for i, n in enumerate(job.names, start=1)]
    said = [0.0]
    try:
        if has_open_test(job.election) != job.for_test:
            raise ValidationError(
                _(
                    "A test run was opened or cleared after these scans were uploaded: "
                    "nothing was read. Upload them again."
                )
            )
        total = sum(1 for path in paths for _page in list_pages(path))
        job.progressed(0, total)

        def progress(n: int) -> None:
            now = time.monotonic()
            if n == total or now - said[0] >= PROGRESS_EVERY:
                said[0] = now
                job.progressed(n, total)

        batch = scan_import(
            actor=job.user,
            election=job.election,
            paths=paths,
            definition=election_definition(job.election),
            workers=settings.SCAN_WORKERS,
            duplex=job.duplex,
            progress=progress,
            names=dict(zip(paths, job.names, strict=True)),
        )
    except ValidationError as exc:
        job.failed(ScanImportFailure.REFUSED, " ".join(exc.messages))
        return 0
    except Exception as exc:
        job.failed(ScanImportFailure.OTHER, type(exc).__name__)
        raise
    finally:
        shutil.rmtree(root, ignore_errors=True)
    counted = batch.scans.filter(status=ScanStatus.COUNTED).count()
    flagged = batch.scans.filter(status=ScanStatus.REVIEW).count()
    advice = scan_advice(batch)
    job.succeeded(
        batch=batch,
        counted=counted,
        flagged=flagged,
        colourless=advice.colourless,
        one_bit=advice.one_bit,
        other_printing=advice.other_printing,
        done=total,
    )
    return counted + flagged


def scan_jobs_to_follow(election: Election) -> list[ScanImportJob]:
    """The election's scan imports still waiting or running, and the last one if it failed."""
    jobs = list(ScanImportJob.objects.filter(election=election).order_by("-pk")[:20])
    jobs = [j if j.finished else j.checked() for j in jobs]
    return [j for i, j in enumerate(jobs) if not j.finished or (i == 0 and j.state == "failed")]
