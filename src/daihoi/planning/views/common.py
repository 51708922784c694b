"""What the planning pages share: the breadcrumbs, the day looked at, the term."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.congresses.models import Term
from daihoi.congresses.selectors import term_current
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors
from daihoi.tables import parse_date

PAGE_SIZE = 100


def _crumbs(unit: Unit) -> list[Unit]:
    return [*unit_ancestors(unit), unit]


def _today(request: HttpRequest) -> dt.date:
    """Today, or the day given as ``?on=`` (to see the situation as of a past day)."""
    text = request.GET.get("on", "")
    if text:
        try:
            return parse_date(text)
        except ValueError:
            pass
    return timezone.localdate()


def _term_or_redirect(request: HttpRequest, unit: Unit) -> Term | None:
    term = term_current()
    if term is None:
        messages.error(request, _("No term has been set up yet."))
    return term


def _context(unit: Unit, tab: str, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "ancestors": _crumbs(unit), "tab": tab, **extra}
