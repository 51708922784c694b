"""Results up the tree (scope ``write:packages``): a counting station's signed package, kept
under the congress's report exactly as the report page keeps it (same checks, all or nothing)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from daihoi.accounts.access import Perm
from daihoi.accounts.models import ApiScope
from daihoi.api.v1.common import ERRORS, ErrorOut, need
from daihoi.congresses.access import get_congress
from daihoi.elections.models import ReceivedResult
from daihoi.planning.forms import PackageForm
from daihoi.planning.services import report_from_package

router = Router(tags=["reports"])

#: The ``file`` field of the upload (optional in the schema so that a wrong content type is
#: answered 415 by the endpoint, not 422 by the parser).
PACKAGE_FILE: Any = File(None)  # type: ignore[type-arg]

#: The report page's bound: a package is the ballots, the result and the minutes.
MAX_PACKAGE_BYTES = PackageForm.MAX_BYTES


class PackageKeptOut(Schema):
    received: int
    unit: str
    title: str
    kind: str
    round: int
    outcome: str
    standing: str
    fingerprint: str
    sha256: str
    elected: int | None
    added_to_report: int | None


class PackageRefused(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


@router.post(
    "/congresses/{pk}/report/package",
    response={200: PackageKeptOut, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut, **ERRORS},
)
def report_package(
    request: HttpRequest, pk: int, file: UploadedFile | None = PACKAGE_FILE
) -> PackageKeptOut:
    """Upload a signed result package (``multipart/form-data``, field ``file``) for the
    congress's report. Kept only if every check of the report page holds: the file, its
    signature and recount, a key registered for this very unit, minutes stating the result;
    otherwise 400 with the reason and nothing is kept. A second package of the same election
    and round is kept as a dispute (``standing`` = ``disputed``) and not used."""
    need(request, ApiScope.WRITE_PACKAGES)
    congress = get_congress(request.user, pk, Perm.MANAGE)
    if not (request.content_type or "").startswith("multipart/form-data"):
        raise PackageRefused(
            415,
            "package.content_type",
            _("Send the package as multipart/form-data, in the field “file”, not as %s.")
            % (request.content_type or "?")[:60],
        )
    if file is None:
        raise PackageRefused(400, "package.no_file", _("The field “file” holds no package."))
    if file.size is not None and file.size > MAX_PACKAGE_BYTES:
        raise PackageRefused(
            413,
            "package.too_large",
            _("The file is %(size)d bytes; a result package is at most %(max)d bytes.")
            % {"size": file.size, "max": MAX_PACKAGE_BYTES},
        )
    data = file.read(MAX_PACKAGE_BYTES + 1)
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused(
            413,
            "package.too_large",
            _("The file is larger than a result package may be (%d bytes).") % MAX_PACKAGE_BYTES,
        )
    _report, done = report_from_package(actor=request.user, congress=congress, data=data)
    received = ReceivedResult.objects.defer("package").get(sha256=hashlib.sha256(data).hexdigest())
    return PackageKeptOut(
        received=received.pk,
        unit=received.unit.code,
        title=received.title,
        kind=received.kind,
        round=received.round,
        outcome=received.outcome,
        standing=received.standing,
        fingerprint=received.fingerprint,
        sha256=received.sha256,
        elected=done["elected"] if done else None,
        added_to_report=done["added"] if done else None,
    )
