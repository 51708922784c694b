"""What became of a job's task when the job was not told: the one rule for a lost worker.

A job (an export, a grouping of comments) records its own state and, while it
runs, when its worker last spoke. The task queue (django-tasks-db) records a
task that raised, or whose worker was stopped in the middle (``SystemExit``),
as failed; it has no rule for a worker killed outright or a machine lost: that
task stays ``RUNNING``. The job's own clock settles it: running, and no word
from its worker for :data:`LOST_AFTER`, it lost its worker. The pages that
follow a job ask this each time they poll.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

#: A job still waiting after this long is shown with a word about the worker.
WAITING_LONG = dt.timedelta(seconds=20)
#: A running job whose worker has said nothing for this long lost its worker. The
#: workers speak every few seconds (every 2,000 rows written, every section grouped).
LOST_AFTER = dt.timedelta(minutes=2)
#: How a task ends when its worker is stopped in the middle (a second Ctrl+C or SIGTERM).
STOPPED = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}


def task_fate(
    task_id: str, heard: dt.datetime | None
) -> tuple[Literal["lost", "other"], str] | None:
    """``None`` while the task may still finish; else how it ended: ``("lost", "")``
    (its worker is gone) or ``("other", exception class name)``.

    ``heard`` is when the job's worker last said how far it is (None: not yet).
    """
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return ("lost", "")
    if result.status == TaskResultStatus.FAILED:
        path = result.errors[0].exception_class_path if result.errors else ""
        if path in STOPPED:
            return ("lost", "")
        return ("other", path.rsplit(".", 1)[-1])
    if result.status == TaskResultStatus.RUNNING:
        heard = heard or result.started_at
        if heard is not None and timezone.now() - heard > LOST_AFTER:
            return ("lost", "")
    return None


def waiting_long(created_at: dt.datetime) -> bool:
    """Whether a job still queued has waited long enough to say a worker is needed."""
    return timezone.now() - created_at > WAITING_LONG
