"""Target values with their own unit, as the resolution writes them."""

from __future__ import annotations

from typing import Any

from django import template

from daihoi.targets.wording import num, target_value_text

register = template.Library()


@register.filter
def target_value(target: Any) -> str:
    return target_value_text(target)


@register.filter
def target_figure(value: Any) -> str:
    """A figure in the reader's numbers, without trailing zeros (1.000 or 1,000)."""
    return num(value)
