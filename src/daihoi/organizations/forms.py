from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("Columns: code, name, level, parent, members, start_date, end_date."),
    )
