"""What the consultation pages share: breadcrumbs, who manages a draft, file names."""

from __future__ import annotations

from django.http import HttpRequest

from daihoi.accounts.access import Perm
from daihoi.consultation.access import (
    draft_perms,
)
from daihoi.consultation.models import Draft
from daihoi.organizations.models import Unit
from daihoi.organizations.selectors import unit_ancestors

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(unit: Unit) -> list[Unit]:
    return [*unit_ancestors(unit), unit]


def _can_manage(request: HttpRequest, draft: Draft) -> bool:
    return Perm.MANAGE in draft_perms(request.user, draft)
