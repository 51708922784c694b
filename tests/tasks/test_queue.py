"""The task queue in the database: enqueue, claim, run, fail, and a worker that died."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from daihoi.tasks.models import QueuedTask
from daihoi.tasks.ping import ping
from daihoi.tasks.worker import WorkerLost, claim, fail_lost, run_pending

pytestmark = pytest.mark.django_db


@task()
def boom(word: str) -> None:
    raise ValueError(f"went wrong: {word}")


def test_an_enqueued_task_waits_in_the_database_until_a_worker_runs_it() -> None:
    result = ping.enqueue(7)
    row = QueuedTask.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.task_path == "daihoi.tasks.ping.ping"
    assert ping.get_result(result.id).status == TaskResultStatus.READY
    assert run_pending() == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 7
    assert result.started_at is not None and result.finished_at is not None
    assert len(result.worker_ids) == 1
    assert run_pending() == 0  # run once only


def test_a_task_that_raises_is_recorded_failed_with_its_exception() -> None:
    result = boom.enqueue("here")
    assert run_pending() == 1
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is ValueError
    assert "went wrong: here" in result.errors[0].traceback


def test_a_task_enqueued_by_a_request_that_rolled_back_never_runs() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        ping.enqueue(1)
        raise RuntimeError("the request failed")
    assert not QueuedTask.objects.exists()
    assert run_pending() == 0


def test_a_claimed_task_is_not_claimed_by_a_second_worker() -> None:
    first, second = ping.enqueue(1), ping.enqueue(2)
    a = claim("host:1:a")
    b = claim("host:2:b")
    c = claim("host:3:c")
    assert {a.pk, b.pk} == {first.id, second.id}  # type: ignore[union-attr]
    assert c is None
    assert QueuedTask.objects.get(pk=a.pk).worker == "host:1:a"  # type: ignore[union-attr]


def test_higher_priority_first_then_the_oldest() -> None:
    old = ping.enqueue(1)
    urgent = ping.using(priority=10).enqueue(2)
    later = ping.enqueue(3)
    order = [claim("w").pk for _ in range(3)]  # type: ignore[union-attr]
    assert order == [urgent.id, old.id, later.id]


def test_a_task_deferred_waits_for_its_time() -> None:
    ping.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(1)
    assert claim("w") is None


def test_a_task_whose_worker_stopped_beating_is_failed_by_the_others() -> None:
    result = ping.enqueue(1)
    row = claim("elsewhere:99:x")
    assert row is not None
    assert fail_lost() == 0  # its heartbeat is fresh
    QueuedTask.objects.filter(pk=row.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert fail_lost() == 1
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is WorkerLost
