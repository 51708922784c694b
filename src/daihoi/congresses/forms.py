from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.models import CongressKind, CongressStatus


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
