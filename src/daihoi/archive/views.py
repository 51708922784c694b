"""The congress's archive as a download: built into a temporary file, streamed, not cached."""

from __future__ import annotations

import tempfile
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from daihoi.accounts.access import Perm
from daihoi.archive.services import archive_write
from daihoi.congresses.access import congress_access
from daihoi.congresses.models import Congress


@never_cache
@congress_access(Perm.AUDIT)
def congress_archive(request: HttpRequest, congress: Congress) -> HttpResponse:
    """The whole dossier of the congress, for its unit's office (or above) and the administrator."""
    # Removed by the system once closed; the response closes it when sent.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        archive_write(actor=request.user, congress=congress, stream=stream)
    except ValidationError as exc:
        stream.close()
        for message in exc.messages:
            messages.error(request, message)
        return redirect("congress_detail", pk=congress.pk)
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=f"ho-so-dai-hoi-{congress.pk}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store, private"
    # Streamed from the file, not held in memory; the access decorators are typed for pages.
    return cast(HttpResponse, response)
