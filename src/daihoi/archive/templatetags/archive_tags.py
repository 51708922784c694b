"""The congress page's link to its archive, for those who may take the whole dossier."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from daihoi.accounts.access import Perm, congress_perms

register = template.Library()


@register.simple_tag(takes_context=True)
def archive_link(context: Any, congress: Any) -> str:
    """The download link, shown only to whom the archive's view answers (Perm.AUDIT)."""
    request = context.get("request")
    if request is None or Perm.AUDIT not in congress_perms(request.user, congress):
        return ""
    return format_html(
        '<a href="{}" download>{}</a>',
        reverse("congress_archive", args=[congress.pk]),
        _("Download the congress's dossier (zip)"),
    )
