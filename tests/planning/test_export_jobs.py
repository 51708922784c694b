"""The export's page: its progress in Vietnamese, why it failed, and whose file it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from daihoi.accounts.models import UnitGrant
from daihoi.planning.models import ExportFailure, ExportJob, ExportState
from daihoi.planning.services.exports import export_run, export_start
from daihoi.tasks.fate import LOST_AFTER
from tests.planning.conftest import D, Plan
from tests.tasks.running import run_ready


def _job(plan: Plan, **filters: object) -> ExportJob:
    return export_start(
        actor=plan.tree.province_viewer,
        unit=plan.tree.P,
        term=plan.term,
        as_of=D(2025, 9, 1),
        filters=filters,
    )


def _status(plan: Plan, job: ExportJob) -> str:
    client = plan.tree.client_for(plan.tree.province_viewer)
    response = client.get(reverse("planning_export_status", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_wait_then_the_rows_written_then_the_link(plan: Plan) -> None:
    job = _job(plan)
    client = plan.tree.client_for(plan.tree.province_viewer)
    page = client.get(reverse("planning_export", args=[job.pk])).content.decode()
    assert "Đang chờ đến lượt" in page and "<progress" in page
    assert 'hx-trigger="every 1s"' in page
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, done=2, total=6)
    running = _status(plan, job)
    assert "Đang ghi: 2 trên 6 đơn vị." in running and 'value="33"' in running
    assert run_ready() == 1
    done = _status(plan, job)
    assert "Đã ghi 6 đơn vị." in done and "Tải tệp Excel" in done
    assert "hx-trigger" not in done  # the polling stops


def test_a_job_nobody_takes_says_a_worker_is_needed(plan: Plan) -> None:
    job = _job(plan)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    assert "daihoi worker" in _status(plan, job)


def _claimed_by_a_worker_that_then_died(job: ExportJob) -> DBTaskResult:
    """What a worker killed in the middle of the export leaves: the task RUNNING, the job too."""
    row = DBTaskResult.objects.get(pk=job.task_id)
    row.claim("gone")
    export_running = ExportJob.objects.filter(pk=job.pk)
    export_running.update(state=ExportState.RUNNING, progress_at=timezone.now(), done=2, total=6)
    return row


def test_a_job_whose_worker_died_says_so_and_offers_to_export_again(plan: Plan) -> None:
    job = _job(plan, stage="held")
    _claimed_by_a_worker_that_then_died(job)
    assert "Đang ghi: 2 trên 6 đơn vị." in _status(plan, job)  # fresh: still believed alive
    ExportJob.objects.filter(pk=job.pk).update(
        progress_at=timezone.now() - LOST_AFTER - dt.timedelta(seconds=1)
    )
    html = _status(plan, job)
    assert "Không xuất được tệp:" in html
    assert "Tiến trình chạy nền đã dừng trước khi ghi xong tệp." in html
    assert "Xuất lại" in html and "stage=held" in html
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.failure == ExportFailure.LOST
    file = plan.tree.client_for(plan.tree.province_viewer).get(
        reverse("planning_export_file", args=[job.pk])
    )
    assert file.status_code == 404


def test_a_worker_that_keeps_writing_is_not_taken_for_lost(plan: Plan) -> None:
    job = _job(plan)
    row = _claimed_by_a_worker_that_then_died(job)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - 3 * LOST_AFTER  # started long ago, but spoke just now
    )
    assert "Đang ghi: 2 trên 6 đơn vị." in _status(plan, job)
    job.refresh_from_db()
    assert job.state == ExportState.RUNNING


def test_a_worker_stopped_in_the_middle_fails_the_job_as_lost(plan: Plan) -> None:
    job = _job(plan)
    row = _claimed_by_a_worker_that_then_died(job)
    row.set_failed(SystemExit(1))  # what the worker records on a second Ctrl+C / SIGTERM
    assert "Tiến trình chạy nền đã dừng trước khi ghi xong tệp." in _status(plan, job)


def test_a_file_that_cannot_be_written_fails_the_job_and_leaves_nothing(
    plan: Plan, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.EXPORTS_DIR = blocked / "exports"
    job = _job(plan)
    with pytest.raises(OSError):
        export_run(job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.failure == ExportFailure.DISK
    assert job.file_name == ""
    assert "Máy chủ không ghi được tệp." in _status(plan, job)


def test_the_file_is_the_askers_only_and_only_while_they_see_the_unit(plan: Plan) -> None:
    job = _job(plan)
    run_ready()
    url = reverse("planning_export_file", args=[job.pk])
    assert plan.tree.client_for(plan.tree.province_viewer).get(url).status_code == 200
    # the province's office sees the unit, but did not ask: not found
    assert plan.tree.client_for(plan.tree.province_officer).get(url).status_code == 404
    UnitGrant.objects.filter(user=plan.tree.province_viewer).delete()
    for name in ("planning_export", "planning_export_status", "planning_export_file"):
        answer = plan.tree.client_for(plan.tree.province_viewer).get(reverse(name, args=[job.pk]))
        assert answer.status_code == 404, name


def test_the_export_keeps_the_calendars_filters(plan: Plan) -> None:
    client = plan.tree.client_for(plan.tree.province_viewer)
    level = plan.tree.A1.level_id
    url = reverse("planning_calendar_export", args=["P"])
    response = client.post(f"{url}?on=01/09/2025&level={level}&stage=bogus")
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("planning_export", args=[job.pk])
    assert job.as_of == D(2025, 9, 1)
    assert job.filters == {"lang": "vi"}  # a bad filter is dropped with the others, as on the page
    client.post(f"{url}?on=01/09/2025&level={level}")
    assert ExportJob.objects.order_by("-pk").first().filters == {"level": level, "lang": "vi"}  # type: ignore[union-attr]
