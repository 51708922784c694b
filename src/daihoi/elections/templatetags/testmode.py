"""``{% trial_banner election %}``: every counting page says so while a test run is open."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from daihoi.elections.definition import has_open_test
from daihoi.elections.models import Election

register = template.Library()


@register.simple_tag
def trial_banner(election: Election) -> SafeString | str:
    if not has_open_test(election):
        return ""
    return format_html(
        '<p class="message warning test-banner" role="status"><strong>{}</strong> '
        '<a href="{}">{}</a></p>',
        _("TEST RUN — test data, not the real result"),
        reverse("election_test", args=[election.pk]),
        _("Test run"),
    )
