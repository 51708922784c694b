"""Small filters for the planning pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.formats import number_format

from daihoi.planning.progress import Flag

register = template.Library()

_ORDER = [f.value for f in Flag]


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def attention_flags(flags: Iterable[str]) -> list[str]:
    """The flags worth showing beside a unit, in a fixed order (the pilot tag is shown apart)."""
    return sorted((f for f in flags if f != Flag.PILOT), key=_ORDER.index)


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """A share in the reader's language: 33,3% in Vietnamese, 33.3% in English."""
    if value is None:
        return "—"
    return number_format(round(value, digits), decimal_pos=digits) + "%"


@register.filter
def share(figures: Any, part: str) -> float | None:
    """``figures|share:"women"``: that count as a share of the committee."""
    return figures.share(getattr(figures, part))  # type: ignore[no-any-return]


@register.filter
def report_share(report: Any, part: str) -> float | None:
    """``report|report_share:"women"``: that count as a share of the reported committee."""
    size = report.committee_size
    value = report.first_time if part in ("renewal", "first_time") else getattr(report, part)
    return None if not size else 100.0 * value / size


@register.filter
def report_counts(report: Any) -> list[tuple[str, int]]:
    """The structure counts of a submitted report, by the names the targets use."""
    return [
        ("women", report.women),
        ("young", report.young),
        ("minority", report.minority),
        ("reelected", report.reelected),
        ("renewal", report.first_time),
    ]


@register.filter
def target_of(targets: Any, name: str) -> float | None:
    return getattr(targets, name, None)


@register.filter
def history_label(action: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "report.submit": _("reported the results"),
        "report.approve": _("approved the results"),
        "report.return": _("sent the report back"),
        "report.package": _("added a counting station's package"),
        "report.import": _("imported from a spreadsheet"),
    }
    return labels.get(action, action)


@register.filter
def election_kind(kind: str) -> str:
    """The name of an election's kind as the counting room calls it."""
    from daihoi.elections.models import ElectionKind

    return str(ElectionKind(kind).label) if kind in ElectionKind.values else kind
