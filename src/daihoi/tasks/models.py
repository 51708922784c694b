"""What every job followed on a page has: who asked, its state, its progress, why it failed.

A job is a row an app keeps for one piece of background work (the calendar's
export, the grouping of a round's comments, a scan import): the request
creates it and enqueues its task in one transaction; the worker moves it from
queued to running to done or failed, saying how far it is (``done`` of
``total``, ``progress_at``); its page polls it. :meth:`Job.checked` applies the
rule for a task that ended without telling its job (``daihoi.tasks.fate``).
A concrete job adds what its work needs and may give ``state`` and ``failure``
labels of its own (same values).
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from daihoi.tasks.fate import task_fate, waiting_long


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    #: ``lost`` (the worker stopped), ``other`` (an unexpected error), or a kind of the job's own.
    failure = models.CharField(max_length=8, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def waiting_long(self) -> bool:
        """Queued long enough to say that a worker is needed."""
        return self.state == JobState.QUEUED and waiting_long(self.created_at)

    def started(self) -> None:
        """The worker took it (saved at once)."""
        self._update(state=JobState.RUNNING, progress_at=timezone.now())

    def progressed(self, done: int, total: int) -> None:
        """The worker says how far it is (saved at once, outside any transaction of its work)."""
        self._update(done=done, total=total, progress_at=timezone.now())

    def succeeded(self, **fields: object) -> None:
        self._update(state=JobState.DONE, finished_at=timezone.now(), **fields)

    def failed(self, failure: str, error: str = "") -> None:
        self._update(
            state=JobState.FAILED, failure=failure, error=error[:500], finished_at=timezone.now()
        )

    def checked(self) -> Self:
        """The job as it stands, failed if its task ended without telling it."""
        if not self.finished and self.task_id:
            fate = task_fate(self.task_id, self.progress_at)
            if fate is not None:
                self.failed(*fate)
        self.refresh_from_db()
        return self

    def _update(self, **fields: object) -> None:
        type(self)._default_manager.filter(pk=self.pk).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)
