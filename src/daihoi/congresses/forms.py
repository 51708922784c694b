from __future__ import annotations

from django import forms

from daihoi.congresses.models import CongressStatus


class CongressStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CongressStatus.choices)
