"""The grouping of a round's comments runs in a worker; its page follows it and says why it failed.

Runs the queue in the test's own process (``tests.tasks.running``), as ``daihoi
worker --once`` would.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from daihoi.consultation import services
from daihoi.consultation.models import CommentGroup, GroupingJob, GroupingState
from daihoi.tasks.fate import LOST_AFTER
from tests.consultation.conftest import Consult
from tests.consultation.test_aggregation import SENT, _many
from tests.tasks.running import run_ready


def _status(consult: Consult, user=None):  # type: ignore[no-untyped-def]
    t = consult.tree
    client = t.client_for(user or t.commune_officer)
    return client.get(
        reverse("consultation_grouping_status", args=[consult.round.pk]), HTTP_HX_REQUEST="true"
    )


def test_asking_queues_one_grouping_and_the_page_follows_it_to_the_groups(
    consult: Consult,
) -> None:
    _many(consult)
    t = consult.tree
    client = t.client_for(t.commune_officer)
    url = reverse("consultation_groups", args=[consult.round.pk])
    assert client.post(reverse("consultation_aggregate", args=[consult.round.pk])).url == url
    # Asked twice before a worker takes it: still one grouping.
    client.post(reverse("consultation_aggregate", args=[consult.round.pk]))
    job = GroupingJob.objects.get()
    assert job.state == GroupingState.QUEUED and not CommentGroup.objects.exists()
    page = client.get(url).content.decode()
    assert "hx-get" in page
    assert reverse("consultation_grouping_status", args=[consult.round.pk]) in page
    assert run_ready() == 1
    job.refresh_from_db()
    assert job.state == GroupingState.DONE
    assert (job.done, job.total) == (2, 2)  # the two sections commented on
    assert job.totals == {"comments": 8, "groups": 1, "topics": 2}
    # The poll, once done, reloads the page; the page shows the groups, no bar.
    assert _status(consult).headers["HX-Refresh"] == "true"
    page = client.get(url).content.decode()
    assert SENT[:40] in page and "<progress" not in page


def test_the_progress_is_seen_by_the_page_while_the_worker_groups(consult: Consult) -> None:
    """Each section's progress is committed as it is done, not at the end."""
    _many(consult)
    job = services.grouping_start(actor=consult.tree.commune_officer, round_=consult.round)
    seen: list[tuple[int, int, str]] = []
    real = services.aggregation.agg.aggregate

    def watching(comments):  # type: ignore[no-untyped-def]
        row = GroupingJob.objects.get(pk=job.pk)
        seen.append((row.done, row.total, row.state))
        return real(comments)

    with mock.patch.object(services.aggregation.agg, "aggregate", watching):
        services.grouping_run(job.pk)
    assert seen == [(0, 0, "running"), (1, 2, "running")]


def test_a_grouping_that_fails_keeps_the_groups_before_and_says_why(consult: Consult) -> None:
    _many(consult)
    t = consult.tree
    services.round_aggregate(round_=consult.round, user=t.commune_officer)
    before = sorted(CommentGroup.objects.values_list("kind", "size"))
    services.grouping_start(actor=t.commune_officer, round_=consult.round)
    with mock.patch.object(
        services.aggregation, "_store", side_effect=MemoryError("out of memory")
    ):
        assert run_ready() == 1
    job = GroupingJob.objects.get()
    assert (job.state, job.failure, job.error) == ("failed", "other", "MemoryError")
    assert sorted(CommentGroup.objects.values_list("kind", "size")) == before
    status = _status(consult).content.decode()
    assert "MemoryError" in status and 'role="alert"' in status
    assert reverse("consultation_aggregate", args=[consult.round.pk]) in status  # again
    # A reader who may not group sees the failure, not the button.
    status = _status(consult, t.province_viewer).content.decode()
    assert "MemoryError" in status
    assert reverse("consultation_aggregate", args=[consult.round.pk]) not in status


def test_a_grouping_whose_worker_died_is_failed_as_lost(consult: Consult) -> None:
    _many(consult)
    job = services.grouping_start(actor=consult.tree.commune_officer, round_=consult.round)
    # A worker took it and was killed outright: the queue still says RUNNING.
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="RUNNING", started_at=timezone.now() - LOST_AFTER - dt.timedelta(seconds=5)
    )
    GroupingJob.objects.filter(pk=job.pk).update(
        state=GroupingState.RUNNING,
        progress_at=timezone.now() - LOST_AFTER - dt.timedelta(seconds=1),
    )
    status = _status(consult).content.decode()
    job.refresh_from_db()
    assert (job.state, job.failure) == ("failed", "lost")
    assert "hx-get" not in status  # no more polling
    # Asked again: a new grouping, which a live worker finishes.
    services.grouping_start(actor=consult.tree.commune_officer, round_=consult.round)
    assert GroupingJob.objects.count() == 2
    run_ready()
    assert GroupingJob.objects.order_by("-pk").first().state == GroupingState.DONE  # type: ignore[union-attr]


def test_a_job_nobody_takes_says_a_worker_is_needed(consult: Consult) -> None:
    _many(consult)
    job = services.grouping_start(actor=consult.tree.commune_officer, round_=consult.round)
    assert "daihoi worker" not in _status(consult).content.decode()
    GroupingJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert "daihoi worker" in _status(consult).content.decode()


@pytest.mark.parametrize("persona", ["sibling_officer", "outsider"])
def test_the_progress_of_a_round_one_cannot_read_is_not_found(
    consult: Consult, persona: str
) -> None:
    services.grouping_start(actor=consult.tree.commune_officer, round_=consult.round)
    assert _status(consult, getattr(consult.tree, persona)).status_code == 404
