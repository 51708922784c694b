from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Level
from daihoi.planning.models import DelegateKind, Document, DocumentKind, Post
from daihoi.planning.progress import Flag, Stage

STAGE_LABELS = {
    Stage.NOT_SCHEDULED: _("Not scheduled"),
    Stage.SCHEDULED: _("Scheduled"),
    Stage.HELD: _("Held"),
    Stage.REPORTED: _("Results reported"),
    Stage.APPROVED: _("Approved"),
}
FLAG_LABELS = {
    Flag.OVERDUE: _("Overdue"),
    Flag.PLANNED_LATE: _("Planned after the deadline"),
    Flag.HELD_LATE: _("Held after the deadline"),
    Flag.REPORT_LATE: _("Results not reported in time"),
    Flag.RETURNED: _("Results sent back"),
    Flag.AWAITING: _("Results awaiting approval"),
    Flag.PILOT: _("Pilot congress"),
}
COUNT_LABELS = {
    "women": _("Women"),
    "young": _("Under 40"),
    "minority": _("Ethnic minorities"),
    "reelected": _("Re-elected"),
    "renewal": _("First-time (renewal)"),
}
TARGET_LABELS = {
    "women": _("Women"),
    "young": _("Under 40"),
    "minority": _("Ethnic minorities"),
    "renewal": _("Renewal (first-time)"),
}


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.issuer_name}"


def _percent(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number (e.g. 150-KH/HU)"), max_length=64)
    issued_by = forms.CharField(
        label=_("Issued by another body"),
        max_length=200,
        required=False,
        help_text=_(
            "Only for a document of a body above this system's units, such as the"
            " Central Committee (35-CT/TW): it is recorded here and read by every unit below."
        ),
    )
    issued_on = forms.DateField(label=_("Date (dd/mm/yyyy)"))
    title = forms.CharField(label=_("Title"), max_length=500)
    implements = DocumentChoiceField(
        label=_("Implements"), queryset=Document.objects.none(), required=False
    )
    report_days = forms.IntegerField(
        label=_("Results reported within (days after the congress)"),
        min_value=0,
        max_value=365,
        required=False,
    )
    target_women = _percent(_("Target: women in the committee, at least (%)"))
    target_young = _percent(_("Target: under 40 in the committee, at least (%)"))
    target_minority = _percent(_("Target: ethnic minorities in the committee, at least (%)"))
    target_renewal = _percent(_("Target: renewal of the committee, at least (%)"))
    file = forms.FileField(
        label=_("File (PDF, DOC, DOCX, ODT, JPG, PNG; at most 10 MB)"), required=False
    )

    def __init__(self, *args: Any, implementable: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if implementable is not None:
            field = self.fields["implements"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = implementable


class MilestoneForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.none(), required=False)
    pilot = forms.BooleanField(label=_("Pilot congresses only"), required=False)
    unit_code = forms.CharField(label=_("or one unit (its code)"), max_length=64, required=False)
    due = forms.DateField(label=_("Congress held by (dd/mm/yyyy)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["level"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Level.objects.filter(active=True)


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), ("F", _("Female")), ("M", _("Male"))], required=False
    )
    birth_date = forms.DateField(label=_("Date of birth (dd/mm/yyyy)"), required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False)
    committee = forms.BooleanField(label=_("Executive committee"), required=False, initial=True)
    reelected = forms.BooleanField(label=_("Re-elected"), required=False)
    standing = forms.BooleanField(label=_("Standing committee"), required=False)
    post = forms.ChoiceField(label=_("Post"), choices=[("", "—"), *Post.choices], required=False)
    delegate = forms.ChoiceField(
        label=_("Delegate to the upper congress"),
        choices=[("", "—"), *DelegateKind.choices],
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending back"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PackageForm(forms.Form):
    """The counting station's signed package; its key must be registered for the unit."""

    #: A package is the ballots, the result and the minutes: far below this.
    MAX_BYTES = 64 * 1024 * 1024

    file = forms.FileField(label=_("Result package from the counting station (.json)"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; a result package is at most %(max)d MB.")
                % {"size": file.size // (1024 * 1024), "max": self.MAX_BYTES // (1024 * 1024)}
            )
        return file


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class CalendarFilterForm(forms.Form):
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=Level.objects.all(), required=False, empty_label=_("all")
    )
    stage = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *STAGE_LABELS.items()], required=False
    )
    flag = forms.ChoiceField(
        label=_("Attention"), choices=[("", _("all")), *FLAG_LABELS.items()], required=False
    )


class StationKeyForm(forms.Form):
    """A counting station's key, registered for a unit below the office's own."""

    unit = forms.CharField(label=_("Code of the unit"), max_length=64)
    fingerprint = forms.CharField(
        label=_("Fingerprint of the station's key (read out by the counting committee)"),
        max_length=80,
        help_text=_("32 hexadecimal digits in groups of four, e.g. 3F2A-91C0-7B1E-D4A8-…"),
    )
    station = forms.CharField(label=_("Name of the station"), max_length=200, required=False)


class DisputeResolveForm(forms.Form):
    """Which package of a dispute stands, and why."""

    keep = forms.ChoiceField(label=_("The package that stands"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class DisseminationForm(forms.Form):
    held_on = forms.DateField(label=_("Date held (dd/mm/yyyy)"))
    summoned = forms.IntegerField(label=_("Number summoned"), min_value=1, max_value=1_000_000)
    attended = forms.IntegerField(label=_("Number attended"), min_value=0, max_value=1_000_000)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
