"""Forms of the target pages: a target, a year's figure, an upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.targets.models import Direction, Group, Kind, Target


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Target"), max_length=300)
    group = forms.ChoiceField(label=_("Group"), choices=Group.choices)
    measure = forms.CharField(
        label=_("Unit of measure"),
        max_length=50,
        required=False,
        help_text=_("e.g. %, xã, tỷ đồng"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Direction.choices,
        help_text=_("“Each year at least / at most” set their own direction."),
    )
    value = forms.DecimalField(
        label=_("Target value"),
        max_digits=20,
        decimal_places=4,
        localize=True,
        help_text=_(
            "For an average annual growth, the rate in percent a year (8 for 8%/year); "
            "the unit of measure is then that of the yearly figures."
        ),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=20, decimal_places=4, required=False, localize=True
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=1900, max_value=2200, required=False
    )
    feeds = forms.ModelChoiceField(
        label=_("Feeds the upper unit's target"),
        queryset=Target.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, feedable: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if feedable is not None:
            self.fields["feeds"].queryset = feedable  # type: ignore[attr-defined]
            self.fields["feeds"].label_from_instance = (  # type: ignore[attr-defined]
                lambda t: f"{t.unit.name}: {t.number}. {t.name}"
            )


class ActualForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    value = forms.DecimalField(label=_("Figure"), max_digits=20, decimal_places=4, localize=True)
    estimate = forms.BooleanField(label=_("Estimate"), required=False)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
