"""The engine's errors as a clerk reads them on a page.

The engine locates an error by its file and JSON field ("tệp e3, trường
seats"); that suits the command line, not a page. Here the field becomes
the label the clerk sees on the form, the file is dropped (the page is about
one election), and the message is the engine's own catalogue entry.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from daihoi.core.elections.errors import MESSAGES, InputError, Lang
from daihoi.core.elections.figures import Figures, figure_problems

#: engine field (indices removed) -> the label of the page that sets it.
FIELD_LABELS = {
    "seats": _("Number to elect"),
    "alternate_seats": _("Number of alternates"),
    "title": _("Title of the election"),
    "kind": _("Kind of election"),
    "round": _("Round"),
    "profile": _("Election rules"),
    "rules": _("Election rules"),
    "candidates": _("Candidate list"),
    "candidates[].id": _("Candidate list"),
    "candidates[].name": _("Candidate's full name"),
    "candidates[].note": _("Candidate's note"),
    "candidates[].born": _("Candidate's date of birth"),
    "summoned": _("Summoned"),
    "electorate.summoned": _("Summoned"),
    "deductions": _("Deductions"),
    "electorate.deductions": _("Deductions"),
    "electorate.deductions[].count": _("Deductions"),
    "electorate.deductions[].reason": _("Deductions"),
    "present": _("Delegates present"),
    "ballots_issued": _("Ballots issued"),
    "ballots_collected": _("Ballots collected"),
    "agree": _("Agree"),
    "disagree": _("Disagree"),
}

_INDEX = re.compile(r"\[\d+\]")


def problem_text(err: InputError) -> str:
    """One line in the page's language: the form's label, then what is wrong."""
    lang: Lang = "en" if get_language() == "en" else "vi"
    message = MESSAGES[err.code][lang].format(**dict(err.params))
    if err.field is None:
        return message[:1].upper() + message[1:]
    field = _INDEX.sub("[]", err.field)
    label = FIELD_LABELS.get(field) or FIELD_LABELS.get(field.split(".")[0].split("[")[0])
    if label is None:
        return message[:1].upper() + message[1:]
    return f"{label}: {message}"


def problem_texts(errors: tuple[InputError, ...] | list[InputError]) -> list[str]:
    return [problem_text(e) for e in errors]


def refuse_impossible(**figures: int | None) -> None:
    """Refuse figures that cannot all be true (core/elections/figures.py), naming each rule."""
    problems = figure_problems(Figures(**figures))
    if problems:
        raise ValidationError(problem_texts(problems))
