from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Level, Unit


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Columns: code, name, level, parent, members, start_date, end_date."),
    )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.filter(active=True))
    members_count = forms.IntegerField(label=_("Official members"), min_value=0, initial=0)
    start_date = forms.DateField(label=_("Established (dd/mm/yyyy)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, parent: Unit | None = None, **kwargs: Any) -> None:
        """Only the levels below ``parent``'s are offered (all under no parent)."""
        super().__init__(*args, **kwargs)
        if parent is not None:
            field = self.fields["level"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Level.objects.filter(active=True, rank__gt=parent.level.rank)


class UnitCreateForm(UnitForm):
    code = forms.CharField(label=_("Code"), max_length=64)
    field_order = ["code", "name", "level", "members_count", "start_date", "note"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if Unit.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Unit code %(code)s already exists.") % {"code": code})
        return code


class UnitDissolveForm(forms.Form):
    end_date = forms.DateField(label=_("Dissolved on (dd/mm/yyyy)"))
    merged_into = forms.CharField(
        label=_("Merged into (unit code)"),
        required=False,
        help_text=_("Leave empty if the unit is dissolved without merging."),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_merged_into(self) -> Unit | None:
        code = self.cleaned_data["merged_into"].strip()
        if not code:
            return None
        target = Unit.objects.filter(code=code).first()
        if target is None:
            raise forms.ValidationError(_("unknown unit: %s") % code)
        return target
