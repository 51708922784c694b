from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.consultation.models import DraftKind, Handling
from daihoi.organizations.models import Unit


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DraftKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("Word file (.docx)"),
        required=False,
        help_text=_("Headings start sections; every other paragraph is numbered."),
    )
    text = forms.CharField(
        label=_("Or the text, in Markdown"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("A line starting with # is a section heading; a blank line ends a paragraph."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Upload a Word file or write the text."))
        return data


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    version = forms.TypedChoiceField(label=_("Version open for comment"), coerce=int)
    scope = UnitChoiceField(
        label=_("Units invited (this unit and all below it)"), queryset=Unit.objects.none()
    )
    opens_on = forms.DateField(label=_("Opens on (dd/mm/yyyy)"))
    closes_on = forms.DateField(label=_("Closes on (dd/mm/yyyy)"))
    members_may_comment = forms.BooleanField(
        label=_("Members may comment in their own name"), required=False, initial=True
    )


class CommentForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Paragraph"), min_value=1)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    as_unit = forms.CharField(required=False)  # a unit code, or "" to comment as oneself


class ImportForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit that collected the comments"), queryset=Unit.objects.none()
    )
    file = forms.FileField(label=_("File (.xlsx, .csv or .docx)"))


class AnswerForm(forms.Form):
    handling = forms.ChoiceField(label=_("Handling"), choices=[c for c in Handling.choices if c[0]])
    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_version = forms.IntegerField(label=_("Changed in version"), required=False, min_value=1)
    change_paragraph = forms.IntegerField(label=_("paragraph"), required=False, min_value=1)
