"""What the personnel templates show of the pure core's plain data, in the UI's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.accounts.access import Perm, unit_perms
from daihoi.core.eligibility import CheckResult

register = template.Library()


def _day(text: Any) -> str:
    if isinstance(text, str) and len(text) == 10:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    return str(text)


@register.filter
def rule_text(check: CheckResult) -> str:
    """The rule as a sentence, with its parameter."""
    if check.code == "working_time_first":
        return _("First-time candidate: at least %(n)s months of working time left") % {
            "n": check.required
        }
    if check.code == "working_time_reelection":
        return _("Re-election: at least %(n)s months of working time left") % {"n": check.required}
    if check.code == "term_limit":
        return _("At most %(n)s consecutive terms in the post") % {"n": check.required}
    if check.code == "filing_deadline":
        return _("A self-nominee files by %(d)s") % {"d": _day(check.required)}
    return check.code


@register.filter
def actual_text(check: CheckResult) -> str:
    """What the person has, against the rule."""
    if check.outcome == "unknown":
        if check.code.startswith("working_time"):
            return _("no date of birth: cannot be checked")
        return _("no filing date recorded")
    if check.code.startswith("working_time"):
        months = int(check.actual or 0)
        if months < 0:
            return _("past the retirement age")
        return _("%(m)d months left (%(y)d years %(r)d months)") % {
            "m": months,
            "y": months // 12,
            "r": months % 12,
        }
    if check.code == "term_limit":
        return _("%(n)s consecutive terms held up to this congress") % {"n": check.actual}
    if check.code == "filing_deadline":
        return _("filed %(d)s") % {"d": _day(check.actual)}
    return str(check.actual)


@register.filter
def outcome_text(check: CheckResult) -> str:
    return {"pass": _("meets"), "fail": _("does not meet"), "unknown": _("to be completed")}[
        check.outcome
    ]


@register.filter
def pct(value: Decimal | None) -> str:
    """13,33% (decimal comma); a dash for nothing."""
    if value is None:
        return "—"
    text = str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"
    return text.replace(".", ",") + "%"


@register.filter
def share_label(code: str) -> str:
    labels = {
        "women": _("Women"),
        "young": _("Young"),
        "minority": _("Ethnic minorities"),
        "first_time": _("First-time (renewal)"),
        "reelected": _("Re-elected"),
    }
    return labels.get(code, code)


@register.filter
def band_label(band: tuple[int | None, int | None, int]) -> str:
    lo, hi, _n = band
    if lo is None:
        return _("under %(n)d") % {"n": (hi or 0) + 1}
    if hi is None:
        return _("%(n)d and over") % {"n": lo}
    return f"{lo}–{hi}"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)


@register.simple_tag(takes_context=True)
def personnel_link(context: Any, congress: Any) -> str:
    """A link to the congress's dossiers, for the personnel subcommittee only."""
    request = context.get("request")
    if request is None or Perm.PERSONNEL not in unit_perms(request.user, congress.unit):
        return ""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("personnel_dossiers", args=[congress.pk]),
        _("Personnel: candidates' dossiers"),
    )


@register.filter
def post_label(code: str) -> str:
    from daihoi.personnel.models import Post

    return str(dict(Post.choices).get(code, code))


@register.filter
def step_state(state: str) -> str:
    """A step's state on the run page."""
    return {
        "waiting": _("not opened"),
        "open": _("open for entry"),
        "counting": _("entries match, to seal"),
        "sealed": pgettext("a nomination step", "sealed"),
    }.get(state, state)


@register.filter
def passing(status: str) -> str:
    """A name's outcome at a step."""
    return {
        "passed": _("goes on"),
        "not_passed": _("does not go on"),
        "needs_decision": _("tied at the cutoff: the body decides"),
    }.get(status, status)


@register.filter
def form_text(form: str) -> str:
    return {
        "pick": _("tick names of the list, write names on blank lines"),
        "approve": _("agree or disagree beside each proposed name"),
    }.get(form, form)


@register.filter
def parameter_label(name: str) -> str:
    from daihoi.personnel.services.nomination import PARAMETER_LABELS

    return str(PARAMETER_LABELS.get(name, name))


@register.filter
def parameter_value(value: Any) -> Any:
    """A parameter's value; the rule, tie and share choices in words."""
    words = {
        "share_of_summoned": _("a share of those summoned"),
        "share_of_valid": _("a share of the valid sheets"),
        "top": _("the highest N"),
        "top_of_share": _("the highest N among those reaching a share"),
        "all_go_on": _("all tied at the cutoff go on"),
        "none_go_on": _("none tied at the cutoff goes on"),
        "needs_decision": _("the body decides on those tied at the cutoff"),
        "summoned": _("those summoned"),
        "valid": _("the valid sheets"),
    }
    return words.get(value, value) if isinstance(value, str) else value
