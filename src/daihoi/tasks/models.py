"""One row per enqueued task: what to run, with what, and how it went."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django_tasks import TaskResultStatus


class QueuedTask(models.Model):
    """A task waiting, running or finished.

    ``worker`` names the worker that claimed it (host, process, a random part);
    ``heartbeat_at`` is renewed by that worker while the task runs, so a task
    whose worker died is noticed by the others (``worker.fail_lost``).
    """

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    task_path = models.CharField(max_length=255)
    backend = models.CharField(max_length=64)
    queue_name = models.CharField(max_length=64)
    priority = models.SmallIntegerField(default=0)
    args_kwargs = models.JSONField()
    status = models.CharField(
        max_length=16, choices=TaskResultStatus.choices, default=TaskResultStatus.READY
    )
    run_after = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=128, blank=True)
    return_value = models.JSONField(null=True, blank=True)
    exception_class_path = models.CharField(max_length=255, blank=True)
    traceback = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["status", "queue_name", "-priority", "enqueued_at"], name="tasks_ready"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} [{self.status}]"
