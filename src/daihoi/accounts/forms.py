from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from daihoi.accounts.models import ApiScope, CongressRole, UnitRole, User


class UnitGrantForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=UnitRole.choices)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account is called %s.") % name)
        return user


class CongressGrantForm(UnitGrantForm):
    role = forms.ChoiceField(label=_("Role"), choices=CongressRole.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the province's reporting system."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        # The code beside the words: the API's documentation and refusals name the code.
        choices=[(s.value, format_lazy("{} — {}", s.value, s.label)) for s in ApiScope],
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6 digits your authenticator app shows now, or one recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
