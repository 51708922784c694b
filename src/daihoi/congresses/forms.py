from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.congresses.models import (
    CongressKind,
    CongressStatus,
    Credential,
    DelegateKind,
    VoteMethod,
    VoteSubject,
)
from daihoi.core import speeches as speech_rules
from daihoi.elections.forms import profile_choices


class CongressStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CongressStatus.choices)


class CongressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CongressKind.choices)
    number = forms.CharField(label=_("Numbered term (khóa)"), max_length=16, required=False)
    is_pilot = forms.BooleanField(label=_("Pilot congress"), required=False)
    planned_date = forms.DateField(label=_("Planned date (dd/mm/yyyy)"), required=False)
    held_from = forms.DateField(label=_("Held from"), required=False)
    held_to = forms.DateField(label=_("Held to"), required=False)
    summoned = forms.IntegerField(
        label=_("Summoned (official delegates or members)"), min_value=0, initial=0
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("held_from"), data.get("held_to")
        if start and end and end < start:
            self.add_error("held_to", _("The congress cannot end before it starts."))
        return data


# --- the congress in session ------------------------------------------------------


class HallSettingsForm(forms.Form):
    profile = forms.ChoiceField(label=_("Rules profile (quorum, base)"), choices=profile_choices)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)


class DelegateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=DelegateKind.choices)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), ("M", _("Male")), ("F", _("Female"))], required=False
    )
    birth_date = forms.DateField(label=_("Date of birth (dd/mm/yyyy)"), required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False)
    joined_on = forms.DateField(label=_("Joined the Party (dd/mm/yyyy)"), required=False)
    position = forms.CharField(label=_("Position, unit"), max_length=200, required=False)
    is_ex_officio = forms.BooleanField(label=_("Ex officio"), required=False)


class DelegateEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DelegateKind.choices)
    is_ex_officio = forms.BooleanField(label=_("Ex officio"), required=False)
    credential = forms.ChoiceField(label=_("Credential"), choices=Credential.choices)
    credential_note = forms.CharField(
        label=_("Credentials committee's note"), max_length=300, required=False
    )
    replaces = forms.TypedChoiceField(
        label=_("In place of (alternates only)"), coerce=int, required=False, empty_value=None
    )
    position = forms.CharField(label=_("Position, unit"), max_length=200, required=False)
    education = forms.CharField(label=_("Education"), max_length=80, required=False)
    political_theory = forms.CharField(label=_("Political theory"), max_length=80, required=False)

    def __init__(self, *args: Any, officials: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces"].choices = [("", "—"), *officials]  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class DeductionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    count = forms.IntegerField(label=_("Number"), min_value=1)


class SittingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date (dd/mm/yyyy)"))


class CheckinForm(forms.Form):
    code = forms.CharField(max_length=64, required=False)
    delegate = forms.IntegerField(required=False)


class AbsenceForm(forms.Form):
    delegate = forms.IntegerField()
    excused = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=300, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300)
    planned_at = forms.DateTimeField(label=_("Planned time (dd/mm/yyyy hh:mm)"), required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600, required=False)


class SpeakerForm(forms.Form):
    delegate = forms.IntegerField(required=False)
    name = forms.CharField(label=_("Or a name"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=300, required=False)


class VoteForm(forms.Form):
    subject = forms.ChoiceField(label=_("Subject"), choices=VoteSubject.choices)
    title = forms.CharField(label=_("Question"), max_length=300)
    method = forms.ChoiceField(label=_("Method"), choices=VoteMethod.choices)
    secret = forms.BooleanField(label=_("Secret"), required=False)
    item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    election = forms.TypedChoiceField(
        label=_("The list of the election"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a vote on a candidate list: its result is that election's list vote."),
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        elections: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]
        self.fields["election"].choices = [("", "—"), *(elections or [])]  # type: ignore[attr-defined]


class HandsForm(forms.Form):
    present = forms.IntegerField(label=_("Present"), min_value=0)
    agree = forms.IntegerField(label=pgettext_lazy("procedural vote", "Agree"), min_value=0)
    disagree = forms.IntegerField(label=pgettext_lazy("procedural vote", "Disagree"), min_value=0)
    abstain = forms.IntegerField(
        label=pgettext_lazy("procedural vote", "Abstain"), min_value=0, initial=0
    )


class SpeechForm(forms.Form):
    """A speech (tham luận) registered by the secretariat: the choices are the congress's."""

    title = forms.CharField(label=pgettext_lazy("speech", "Title"), max_length=300)
    delegate = forms.TypedChoiceField(label=_("Speaker (delegate)"), coerce=int)
    unit = forms.TypedChoiceField(
        label=_("On behalf of (optional)"), coerce=int, required=False, empty_value=None
    )
    minutes = forms.IntegerField(
        label=_("Minutes allotted"),
        min_value=speech_rules.MIN_MINUTES,
        max_value=speech_rules.MAX_MINUTES,
        initial=speech_rules.DEFAULT_MINUTES,
    )
    text = forms.CharField(
        label=pgettext_lazy("speech", "Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    file = forms.FileField(label=_("or a Word file (.docx)"), required=False)

    def __init__(
        self,
        *args: Any,
        delegates: list[tuple[int, str]],
        units: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].choices = [("", "—"), *delegates]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]


class SpeechDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=300)


class SpeechMoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Order"), choices=[("up", "up"), ("down", "down")], required=False
    )
    position = forms.IntegerField(label=_("Order"), min_value=1, max_value=999, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("direction") and data.get("position") is None:
            raise forms.ValidationError(_("Order: give a number, or move up or down."))
        return data


class SpeechMinutesForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes allotted"),
        min_value=speech_rules.MIN_MINUTES,
        max_value=speech_rules.MAX_MINUTES,
    )


class PhoneSpeechForm(forms.Form):
    """A speech registered by the delegate from their phone: the speaker is the link's."""

    title = forms.CharField(label=pgettext_lazy("speech", "Title"), max_length=300)
    unit = forms.TypedChoiceField(
        label=_("On behalf of (optional)"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=pgettext_lazy("speech", "Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    file = forms.FileField(label=_("or a Word file (.docx)"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]
