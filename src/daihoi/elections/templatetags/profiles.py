"""``{{ election.profile|profile_title }}``: a rules profile by its title, not its code."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from daihoi.core.elections.rules import profile_title as title_of

register = template.Library()


@register.filter
def profile_title(name: str) -> str:
    return title_of(name, (get_language() or "vi").split("-")[0])
