"""A round's comments grouped in the background, followed on a ``GroupingJob``.

``grouping_start`` (the request) records the job and enqueues ``round_grouping``
in one transaction, unless the round already has a grouping waiting or
running: then that one is followed. A worker (``daihoi worker``) runs
``grouping_run``: the sections are grouped one by one, the job saying how far
it is after each; the groups are stored at the end in one transaction
(``round_aggregate``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from daihoi.actor import Actor
from daihoi.consultation.models import GroupingFailure, GroupingJob, GroupingState, Round
from daihoi.consultation.services.aggregation import round_aggregate
from daihoi.tasks.fate import task_fate, waiting_long


def grouping_start(*, actor: Actor, round_: Round) -> GroupingJob:
    """The grouping ``actor`` asks for, queued; or the one of this round not finished yet."""
    current = grouping_current(round_)
    if current is not None and not current.finished:
        return current
    with transaction.atomic():
        job = GroupingJob.objects.create(round=round_, user_id=actor.pk)
        result = round_grouping.enqueue(job.pk)
        job.task_id = result.id
        job.save(update_fields=["task_id"])
    return job


@task()
def round_grouping(job_id: int) -> dict[str, int]:
    """The queued task: group the job's round (the worker calls it with the job's id)."""
    return grouping_run(job_id)


def grouping_run(job_id: int) -> dict[str, int]:
    """Group the job's round, keeping its progress; the totals, or raise."""
    job = GroupingJob.objects.select_related("round", "user").filter(pk=job_id).first()
    if job is None:
        return {}
    GroupingJob.objects.filter(pk=job.pk).update(
        state=GroupingState.RUNNING, progress_at=timezone.now()
    )

    def progress(done: int, total: int) -> None:
        GroupingJob.objects.filter(pk=job.pk).update(
            done=done, total=total, progress_at=timezone.now()
        )

    try:
        totals = round_aggregate(round_=job.round, user=job.user, progress=progress)
    except Exception as exc:
        _fail(job, GroupingFailure.OTHER, type(exc).__name__)
        raise
    GroupingJob.objects.filter(pk=job.pk).update(
        state=GroupingState.DONE, totals=totals, finished_at=timezone.now()
    )
    return totals


def _fail(job: GroupingJob, failure: str, error: str) -> None:
    GroupingJob.objects.filter(pk=job.pk).update(
        state=GroupingState.FAILED, failure=failure, error=error[:500], finished_at=timezone.now()
    )


def grouping_check(job: GroupingJob) -> GroupingJob:
    """The job as it stands, marked failed if its task ended without telling it."""
    if job.finished or not job.task_id:
        return job
    fate = task_fate(job.task_id, job.progress_at)
    if fate is not None:
        kind, error = fate
        _fail(job, GroupingFailure.LOST if kind == "lost" else GroupingFailure.OTHER, error)
    job.refresh_from_db()
    return job


def grouping_current(round_: Round) -> GroupingJob | None:
    """The round's latest grouping job, checked (None if it was never grouped in the background)."""
    job = GroupingJob.objects.filter(round=round_).order_by("-pk").first()
    return grouping_check(job) if job is not None else None


def grouping_waiting_long(job: GroupingJob) -> bool:
    return job.state == GroupingState.QUEUED and waiting_long(job.created_at)
