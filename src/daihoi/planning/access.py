"""Who may read and change planning documents, on top of ``accounts.access``.

A document belongs to the unit that issued it: its office manages it, and
whoever sees that unit reads it. A directive or plan is also read by every
unit below its issuer — a commune must read the province's plan — so a user
with a role anywhere below the issuer reads it too. Nothing else is new here:
reports belong to their congress and go through ``congress_access``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from daihoi.accounts.access import Perm, by_key, object_access, require, root_paths, unit_perms
from daihoi.congresses.models import Congress
from daihoi.planning.models import Document, ExportJob


def document_perms(user: Any, document: Document) -> frozenset[Perm]:
    perms = unit_perms(user, document.issuer)
    if Perm.VIEW in perms or not (user.is_authenticated and user.is_active):
        return perms
    if any(path.startswith(document.issuer.path) for path in root_paths(user)):
        return frozenset({Perm.VIEW})
    return perms


def can_approve(user: Any, congress: Congress) -> bool:
    """Whether ``user`` approves (or sends back) the results a congress reports: the office
    of the unit above the congress's unit; for the top unit, the system's administrator."""
    parent = congress.unit.parent
    if parent is None:
        return bool(user.is_superuser)
    return Perm.MANAGE in unit_perms(user, parent)


def get_document(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Document:
    document = by_key(
        Document.objects.select_related("issuer", "issuer__level", "term", "implements").defer(
            "file_data"
        ),
        pk,
    )
    require(document_perms(user, document), perm)
    return document


#: Load the document named by the ``pk`` URL argument and check the permission on it.
document_access = object_access(get_document)


def get_export(user: Any, pk: int, perm: Perm = Perm.VIEW) -> ExportJob:
    """An export job: only its own user's, and only while they still see its unit."""
    job = by_key(ExportJob.objects.select_related("unit", "term"), pk)
    if job.user_id != getattr(user, "pk", None):
        raise Http404
    require(unit_perms(user, job.unit), perm)
    return job


export_access = object_access(get_export)
