"""The calendar's Excel export as a person gets it: ask, let a worker run the queue, download."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from daihoi.planning.models import ExportJob
from tests.tasks.running import run_ready


def exported(client: Client, code: str, **query: Any) -> bytes:
    """The file of an export asked for on ``code``'s calendar (with ``query``'s filters)."""
    url = reverse("planning_calendar_export", args=[code])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(url)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.order_by("-pk").first()
    assert job is not None and response["Location"] == reverse("planning_export", args=[job.pk])
    waiting = client.get(reverse("planning_export_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in waiting  # the page keeps asking until the file is ready
    assert run_ready() >= 1
    done = client.get(reverse("planning_export_status", args=[job.pk])).content.decode()
    file_url = reverse("planning_export_file", args=[job.pk])
    assert file_url in done and "hx-trigger" not in done
    answer = client.get(file_url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(answer.streaming_content)  # type: ignore[attr-defined]
