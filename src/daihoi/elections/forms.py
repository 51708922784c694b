from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from daihoi.core.elections.rules import BUILTIN_PROFILES, profile_title
from daihoi.elections.models import ElectionKind, EntryCopies


def profile_choices() -> list[tuple[str, str]]:
    """The built-in rules profiles by their titles in the page's language, not their codes."""
    lang = (get_language() or "vi").split("-")[0]
    return [(name, profile_title(name, lang)) for name in BUILTIN_PROFILES]


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Title of the election"), max_length=255)
    seats = forms.IntegerField(label=_("Seats (số lượng cần bầu)"), min_value=1, max_value=500)
    profile = forms.ChoiceField(label=_("Rules profile"), choices=profile_choices)
    summoned = forms.IntegerField(label=_("Summoned (official delegates or members)"), min_value=0)
    ballots_issued = forms.IntegerField(
        label=_("Ballots issued (if known)"), min_value=0, required=False
    )
    entry_copies = forms.TypedChoiceField(
        label=_("Entry"), choices=EntryCopies.choices, coerce=int, initial=EntryCopies.DOUBLE
    )


class ElectionCreateForm(ElectionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ElectionKind.choices)
    field_order = ["kind", "title", "seats", "profile", "summoned", "ballots_issued"]


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    note = forms.CharField(
        label=_("Distinguishing line (birth year, unit)"), max_length=150, required=False
    )
    born = forms.DateField(label=_("Date of birth (dd/mm/yyyy)"), required=False)
    outside_nominee = forms.BooleanField(
        label=_("Self-nominated or not proposed by the convening committee"), required=False
    )
    admission_present = forms.IntegerField(label=_("present"), min_value=0, required=False)
    admission_agree = forms.IntegerField(label=_("agree"), min_value=0, required=False)


class DeductionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    count = forms.IntegerField(label=_("How many"), min_value=1)


class WithdrawForm(forms.Form):
    decision = forms.CharField(label=_("The congress's decision"), max_length=300)


class ListVoteForm(forms.Form):
    present = forms.IntegerField(label=_("Delegates present"), min_value=0)
    agree = forms.IntegerField(label=_("Agree"), min_value=0)
    disagree = forms.IntegerField(label=_("Disagree"), min_value=0)


class ListVoteCorrectForm(ListVoteForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Columns: full name (Họ và tên), note (Ghi chú), date of birth (Ngày sinh)."),
    )


class EntryForm(forms.Form):
    line = forms.CharField(max_length=2000, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class MinutesForm(forms.Form):
    """The counting minutes' own figures: ballots issued and the committee by name."""

    ballots_issued = forms.IntegerField(
        label=_("Ballots issued (số phiếu phát ra)"), min_value=0, required=False
    )
    head = forms.CharField(label=_("Head of the counting committee (full name)"), max_length=150)
    deputies = forms.CharField(
        label=_("Deputy heads (one a line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    members = forms.CharField(
        label=_("Members (one a line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def committee(self) -> list[tuple[str, str]]:
        """The committee as (name, role), the head first, blank lines dropped."""
        data = self.cleaned_data
        lines = [(data["head"], "head")]
        for field, role in (("deputies", "deputy"), ("members", "member")):
            lines += [(line, role) for line in data[field].splitlines() if line.strip()]
        return lines
