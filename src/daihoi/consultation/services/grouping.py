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
from django_tasks import task

from daihoi.actor import Actor
from daihoi.consultation.models import GroupingFailure, GroupingJob, Round
from daihoi.consultation.services.aggregation import round_aggregate


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
    job.started()
    try:
        totals = round_aggregate(round_=job.round, user=job.user, progress=job.progressed)
    except Exception as exc:
        job.failed(GroupingFailure.OTHER, type(exc).__name__)
        raise
    job.succeeded(totals=totals)
    return totals


def grouping_current(round_: Round) -> GroupingJob | None:
    """The round's latest grouping job, checked (None if it was never grouped in the background)."""
    job = GroupingJob.objects.filter(round=round_).order_by("-pk").first()
    return job.checked() if job is not None else None
