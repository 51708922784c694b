"""The assessment's words and numbers in the reader's language.

The core gives a reason as a code and its figures; here they become a
sentence. Numbers follow the active language (1.234,5 in Vietnamese): the
official documents are rendered with Vietnamese active.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.core.targets import Assessment, Status

STATUS_LABELS = {
    Status.EXCEEDED: gettext_lazy("Exceeded"),
    Status.ACHIEVED: gettext_lazy("Achieved"),
    Status.NOT_ACHIEVED: gettext_lazy("Not achieved"),
    Status.NOT_ASSESSABLE: gettext_lazy("Not assessable"),
}
STATUS_CLASS = {
    Status.EXCEEDED: "ok",
    Status.ACHIEVED: "ok",
    Status.NOT_ACHIEVED: "bad",
    Status.NOT_ASSESSABLE: "muted",
}


def num(value: Decimal | None) -> str:
    """A figure as the reader writes it, without trailing zeros: 1.234,5 or 1,234.5."""
    if value is None:
        return "—"
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value: Decimal | None) -> str:
    return "—" if value is None else num(value) + "%"


def target_value_text(target: Any, *, measure: bool = True) -> str:
    """A target's value as the resolution writes it, in the reader's numbers.

    An average growth is a rate, so its unit is a percentage a year ("8%/năm"),
    whatever unit its yearly figures are counted in (tỷ đồng); the others
    carry their unit of measure ("95 %", "≥ 12 xã") unless ``measure`` is off.
    """
    value = num(target.value)
    if target.kind == "growth":
        return _("%s%%/year") % value
    unit = f" {target.measure}" if measure and target.measure else ""
    prefix = {"at_least": "≥ ", "at_most": "≤ "}.get(target.kind, "")
    return f"{prefix}{value}{unit}"


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def reason_text(a: Assessment, measure: str = "") -> str:
    """Why the assessment came out as it did, with the figures it used."""
    p = a.reason.params
    unit = f" {measure}" if measure else ""

    def n(key: str) -> str:
        value = p.get(key)
        return num(value) if isinstance(value, Decimal) else str(value)

    code = a.reason.code
    if code == "level":
        text = _(
            "Figure for %(year)s: %(value)s%(unit)s against the target %(target)s%(unit)s."
        ) % {
            "year": p["year"],
            "value": n("value"),
            "target": n("target"),
            "unit": unit,
        }
    elif code == "level_missing":
        text = _("No figure for %(year)s, the last year of the term.") % {"year": p["year"]}
    elif code == "sum":
        text = _(
            "Sum of %(first)s–%(last)s: %(value)s%(unit)s against the target %(target)s%(unit)s."
        ) % {
            "first": p["first"],
            "last": p["last"],
            "value": n("value"),
            "target": n("target"),
            "unit": unit,
        }
    elif code == "sum_missing":
        text = _(
            "A cumulative target needs every year; the years present add up to %(partial)s%(unit)s."
        ) % {"partial": n("partial"), "unit": unit}
    elif code == "growth":
        text = _(
            "Compound growth from the baseline %(baseline)s (%(baseline_year)s) to %(end)s "
            "(%(year)s) over %(span)s years: (%(end)s ÷ %(baseline)s)^(1/%(span)s) − 1 = "
            "%(value)s%% a year, against %(target)s%%."
        ) % {
            "baseline": n("baseline"),
            "baseline_year": p["baseline_year"],
            "end": n("end"),
            "year": p["year"],
            "span": p["span"],
            "value": n("value"),
            "target": n("target"),
        }
    elif code == "growth_no_baseline":
        text = _("Growth cannot be computed without a baseline and its year.")
    elif code == "growth_baseline_zero":
        text = _("Growth cannot be computed from a baseline of zero.")
    elif code == "growth_negative":
        text = _("Growth cannot be computed from a negative figure (%(year)s).") % {
            "year": p["year"]
        }
    elif code == "average":
        text = _(
            "Average of %(years)s yearly figures: %(value)s%(unit)s against the target "
            "%(target)s%(unit)s."
        ) % {"years": p["years"], "value": n("value"), "target": n("target"), "unit": unit}
    elif code in ("at_least", "at_most"):
        worst = (
            _("Lowest year %(year)s: %(value)s%(unit)s; the target is at least %(target)s%(unit)s.")
            if code == "at_least"
            else _(
                "Highest year %(year)s: %(value)s%(unit)s; "
                "the target is at most %(target)s%(unit)s."
            )
        )
        text = worst % {"year": p["year"], "value": n("value"), "target": n("target"), "unit": unit}
        failing = p.get("failing") or ()
        if failing:
            text += " " + _("Years that missed it: %s.") % _years(failing)  # type: ignore[arg-type]
    elif code == "no_figures":
        text = _("No figure has been entered.")
    else:
        text = code
    if a.missing_years and code not in ("level_missing",):
        text += " " + _("Missing: %s.") % _years(a.missing_years)
    if a.estimated:
        text += " " + _("Rests on an estimate.")
    return text
