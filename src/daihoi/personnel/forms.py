from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Level, Sex
from daihoi.personnel.models import DocumentKind, Nomination, Post, RuleSet
from daihoi.personnel.services import RULE_FIELDS

PROPOSED_POSTS = [
    (p.value, p.label) for p in (Post.COMMITTEE, Post.STANDING, Post.SECRETARY, Post.DEPUTY)
]


class DossierForm(forms.Form):
    post = forms.ChoiceField(label=_("Proposed for"), choices=PROPOSED_POSTS)
    nomination = forms.ChoiceField(label=_("Nomination"), choices=Nomination.choices)
    reelection = forms.BooleanField(
        label=_("Re-election (a member of the outgoing committee)"), required=False
    )
    filed_on = forms.DateField(label=_("Filed on (dd/mm/yyyy)"), required=False)
    on_list = forms.BooleanField(label=_("On the proposed list"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DossierAddForm(DossierForm):
    member = forms.IntegerField(widget=forms.HiddenInput)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    issued_on = forms.DateField(label=_("Date (dd/mm/yyyy)"))
    number = forms.CharField(label=_("Number"), max_length=64, required=False)


class PersonForm(forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Date of birth (dd/mm/yyyy)"), required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False)
    education = forms.CharField(label=_("Education"), max_length=120, required=False)
    political_theory = forms.CharField(label=_("Political theory"), max_length=80, required=False)
    current_post = forms.CharField(label=_("Current post and unit"), max_length=200, required=False)


class ServedTermForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    body = forms.CharField(label=_("Committee or body"), max_length=200)
    start_year = forms.IntegerField(label=_("From (year)"), min_value=1945, max_value=2100)
    end_year = forms.IntegerField(
        label=_("To (year)"), min_value=1945, max_value=2100, required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class HandoverForm(forms.Form):
    election = forms.IntegerField()


class RulesForm(forms.ModelForm):  # type: ignore[type-arg]
    """The term's rules; plus one reference date field per level (``ref_<level id>``)."""

    class Meta:
        model = RuleSet
        fields = list(RULE_FIELDS)

    def __init__(self, *args: Any, levels: list[Level], references: dict[int, Any], **kw: Any):
        super().__init__(*args, **kw)
        self.levels = levels
        for level in levels:
            self.fields[f"ref_{level.pk}"] = forms.DateField(
                label=_("Age reference date: %(level)s (dd/mm/yyyy)") % {"level": level.name},
                required=False,
                initial=references.get(level.pk),
            )
        self.fields["self_nominee_deadline"].help_text = _("dd/mm/yyyy")

    def reference_dates(self) -> dict[int, Any]:
        return {lv.pk: self.cleaned_data.get(f"ref_{lv.pk}") for lv in self.levels}

    def rule_values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in RULE_FIELDS}
