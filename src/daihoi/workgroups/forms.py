"""The working groups' forms: each field labelled in words, dates dd/mm/yyyy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from daihoi.organizations.models import Unit
from daihoi.workgroups.models import GroupMember

TEXT = forms.Textarea(attrs={"rows": 4})


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    note = forms.CharField(label=_("Task of the group"), max_length=500, required=False)


class MemberForm(forms.Form):
    username = forms.CharField(
        label=_("Account (user name), if the member has one"), max_length=150, required=False
    )
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    post = forms.CharField(label=_("Post"), max_length=200, required=False)

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("No account has this user name."))
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("username") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the member's full name, or their account."))
        return data


class UnitCodeField(forms.CharField):
    """A unit named by its code (the select offers the group's units; any code is read,
    and the service says why a unit outside the group is refused)."""

    def clean(self, value: Any) -> Unit:
        code = super().clean(value)
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("There is no unit with the code %(code)s."), params={"code": code}
            )
        return unit


def _unit_select(units: list[Unit]) -> forms.Select:
    return forms.Select(choices=[(u.code, u.name) for u in units])


class FollowForm(forms.Form):
    unit = UnitCodeField(label=_("Code of the unit"), max_length=64)


class VisitForm(forms.Form):
    unit = UnitCodeField(label=_("Unit visited"), max_length=64)
    visited_on = forms.DateField(label=_("Date of the visit (dd/mm/yyyy)"))
    notes = forms.CharField(label=_("Notes: what was worked on"), widget=TEXT, required=False)
    findings = forms.CharField(label=_("Findings"), widget=TEXT, required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = _unit_select(units)


class RecommendationForm(forms.Form):
    unit = UnitCodeField(label=_("Unit addressed"), max_length=64)
    text = forms.CharField(label=_("Recommendation"), widget=TEXT)
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"))

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = _unit_select(units)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer of the unit"), widget=TEXT)
    answered_on = forms.DateField(label=_("Date of the answer (dd/mm/yyyy)"))


class MemberChoices(forms.ModelMultipleChoiceField[GroupMember]):
    def label_from_instance(self, obj: GroupMember) -> str:
        return f"{obj.name} ({obj.post})" if obj.post else str(obj.name)


class AttendanceForm(forms.Form):
    members = MemberChoices(
        label=_("Members attending"),
        queryset=GroupMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, members: list[GroupMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = GroupMember.objects.filter(pk__in=[m.pk for m in members])
