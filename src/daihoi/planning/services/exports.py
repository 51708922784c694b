"""The calendar's Excel export as a background task, with its progress kept on an ``ExportJob``.

``export_start`` (the request) records the job and enqueues ``calendar_export``
in one transaction; a worker (``daihoi worker``) runs ``export_run``, which
writes the file under ``settings.EXPORTS_DIR`` and updates the job every few
thousand rows, so the page that polls the job shows how far it is.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.crypto import get_random_string
from django_tasks import task

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.planning import selectors
from daihoi.planning.exports import calendar_xlsx
from daihoi.planning.models import ExportFailure, ExportJob


def export_path(job: ExportJob) -> Path:
    return Path(settings.EXPORTS_DIR) / job.file_name


def export_start(
    *, actor: Any, unit: Unit, term: Term, as_of: dt.date, filters: dict[str, Any]
) -> ExportJob:
    """Record the export ``actor`` asks for and put it in the queue (both or neither)."""
    keep = {k: filters[k] for k in ("level", "stage", "flag") if filters.get(k)}
    keep["lang"] = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        job = ExportJob.objects.create(user=actor, unit=unit, term=term, as_of=as_of, filters=keep)
        result = calendar_export.enqueue(job.pk)
        job.task_id = result.id
        job.save(update_fields=["task_id"])
    return job


@task()
def calendar_export(job_id: int) -> str:
    """The queued task: write the job's file (the worker calls it with the job's id)."""
    return export_run(job_id)


def export_run(job_id: int) -> str:
    """Write the workbook of the job, keeping its progress; the file's name, or raise."""
    job = ExportJob.objects.select_related("unit", "term").filter(pk=job_id).first()
    if job is None:
        return ""
    job.started()
    part: Path | None = None
    try:
        with translation.override(job.filters.get("lang") or settings.LANGUAGE_CODE):
            rows = selectors.subtree_rows(job.unit, job.term, job.as_of)
            rows = selectors.calendar_order(
                selectors.filter_rows(
                    rows,
                    level_id=job.filters.get("level"),
                    stage=job.filters.get("stage", ""),
                    flag=job.filters.get("flag", ""),
                )
            )
            job.progressed(0, len(rows))

            folder = Path(settings.EXPORTS_DIR)
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{job.pk}-{get_random_string(20)}.xlsx"
            part = folder / f"{name}.part"
            calendar_xlsx(job.unit, job.term, rows, job.as_of, str(part), job.progressed)
            os.replace(part, folder / name)
            part = None
    except OSError as exc:
        job.failed(ExportFailure.DISK, exc.strerror or str(exc))
        raise
    except Exception as exc:
        job.failed(ExportFailure.OTHER, type(exc).__name__)
        raise
    finally:
        if part is not None:
            part.unlink(missing_ok=True)
    job.succeeded(file_name=name, done=len(rows))
    return name
