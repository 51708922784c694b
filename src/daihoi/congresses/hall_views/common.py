"""What the hall's pages share: the breadcrumbs and the page frame."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.congresses.models import Congress
from daihoi.organizations.selectors import unit_ancestors


def _crumbs(congress: Congress) -> list[Any]:
    return [*unit_ancestors(congress.unit), congress.unit]


def _page(request: HttpRequest, congress: Congress, template: str, **context: Any) -> HttpResponse:
    return render(
        request,
        f"congresses/{template}",
        {"congress": congress, "unit": congress.unit, "ancestors": _crumbs(congress), **context},
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
