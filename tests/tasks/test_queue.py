"""The task queue as the project uses it (django-tasks-db): enqueue, run, fail, order, defer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from daihoi.tasks.ping import ping
from tests.tasks.running import run_ready

pytestmark = pytest.mark.django_db


@task()
def boom(word: str) -> None:
    raise ValueError(f"went wrong: {word}")


@task()
def order(n: int) -> int:
    return n


def test_an_enqueued_task_waits_in_the_database_until_a_worker_runs_it() -> None:
    result = ping.enqueue(7)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.task_path == "daihoi.tasks.ping.ping"
    assert ping.get_result(result.id).status == TaskResultStatus.READY
    assert run_ready() == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 7
    assert result.started_at is not None and result.finished_at is not None
    assert result.worker_ids == ["test-worker"]
    assert run_ready() == 0  # run once only


def test_a_task_that_raises_is_recorded_failed_with_its_exception() -> None:
    result = boom.enqueue("here")
    assert run_ready() == 1
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is ValueError
    assert "went wrong: here" in result.errors[0].traceback


def test_a_task_enqueued_by_a_request_that_rolled_back_never_runs() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        ping.enqueue(1)
        raise RuntimeError("the request failed")
    assert not DBTaskResult.objects.exists()
    assert run_ready() == 0


def test_higher_priority_first_then_the_oldest() -> None:
    old = order.enqueue(1)
    urgent = order.using(priority=10).enqueue(2)
    later = order.enqueue(3)
    assert run_ready() == 3
    started = {str(r.pk): r.started_at for r in DBTaskResult.objects.all()}
    assert sorted(started, key=lambda pk: started[pk]) == [urgent.id, old.id, later.id]  # type: ignore[arg-type,return-value]


def test_a_task_deferred_waits_for_its_time() -> None:
    result = ping.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue(1)
    assert run_ready() == 0
    result.refresh()
    assert result.status == TaskResultStatus.READY


def test_a_task_on_another_queue_is_left_to_that_queues_workers(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}
    }
    result = ping.using(queue_name="slow").enqueue(5)
    assert run_ready() == 0
    assert run_ready(("slow",)) == 1
    result.refresh()
    assert result.return_value == 5
