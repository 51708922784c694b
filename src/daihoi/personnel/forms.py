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


# --- introducing the personnel (docs/nomination.md) -------------------------------------


class PoolAddForm(forms.Form):
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    posts = forms.MultipleChoiceField(
        label=_("Planned for"), choices=PROPOSED_POSTS, widget=forms.CheckboxSelectMultiple
    )
    reviewed_year = forms.IntegerField(label=_("Reviewed in (year)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PoolReviewForm(forms.Form):
    year = forms.IntegerField(label=_("Reviewed in (year)"))


#: What a unit may set on a step, in the order the form shows them.
STEP_FIELDS = (
    "summoned",
    "max_ticks",
    "blank_lines",
    "rule",
    "percent",
    "count",
    "ties",
    "share_of",
)


class StepSettingsForm(forms.Form):
    """The step's values: its numbers, its rule and the rule's parameters. An ``approve``
    step has no ticks nor blank lines."""

    summoned = forms.IntegerField(label=_("Those summoned"), min_value=1, required=False)
    max_ticks = forms.IntegerField(
        label=_("Names one sheet may introduce, at most"), min_value=1, required=False
    )
    blank_lines = forms.IntegerField(
        label=_("Blank lines to write a name in"), min_value=0, required=False
    )
    rule = forms.ChoiceField(
        label=_("Rule"),
        required=False,
        choices=[
            ("share_of_summoned", _("a share of those summoned")),
            ("share_of_valid", _("a share of the valid sheets")),
            ("top", _("the highest N")),
            ("top_of_share", _("the highest N among those reaching a share")),
        ],
    )
    percent = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100, required=False)
    count = forms.IntegerField(label=_("How many go on"), min_value=1, required=False)
    ties = forms.ChoiceField(
        label=_("A tie at the cutoff"),
        required=False,
        choices=[
            ("", "—"),
            ("all_go_on", _("all tied at the cutoff go on")),
            ("none_go_on", _("none tied at the cutoff goes on")),
            ("needs_decision", _("the body decides on those tied at the cutoff")),
        ],
    )
    share_of = forms.ChoiceField(
        label=_("Share of"),
        required=False,
        choices=[("", "—"), ("summoned", _("those summoned")), ("valid", _("the valid sheets"))],
    )

    def __init__(self, *args: Any, pick: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not pick:
            del self.fields["max_ticks"], self.fields["blank_lines"]


def numbers(text: str) -> tuple[int, ...]:
    """“1 3 5”, “2-4”, “1, 7”; empty or “0” for none."""
    found: list[int] = []
    for token in text.replace(",", " ").split():
        first, dash, last = token.partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise forms.ValidationError(
                _("“%(token)s” is not a name's number (write 3, or 3-5)."),
                params={"token": token},
            )
        a, b = int(first), int(last) if dash else int(first)
        if b < a or b - a > 1000:
            raise forms.ValidationError(_("“%(token)s” is not a range."), params={"token": token})
        found.extend(range(a, b + 1))
    return tuple(n for n in found if n != 0) if found != [0] else ()


class SheetForm(forms.Form):
    code = forms.CharField(label=_("Step printed on the sheet"), max_length=16)
    # The field a clerk types first gets the cursor, again after each sheet.
    ticks = forms.CharField(
        label=_("Numbers of the names ticked"),
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    write_ins = forms.CharField(
        label=_("Names written in, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agree = forms.CharField(
        label=_("Numbers marked agree"),
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    disagree = forms.CharField(label=_("Numbers marked disagree"), required=False)
    spoiled = forms.CharField(
        label=_("Declared invalid by the counting committee, because"),
        max_length=200,
        required=False,
    )

    def clean_ticks(self) -> tuple[int, ...]:
        return numbers(self.cleaned_data["ticks"])

    def clean_agree(self) -> tuple[int, ...]:
        return numbers(self.cleaned_data["agree"])

    def clean_disagree(self) -> tuple[int, ...]:
        return numbers(self.cleaned_data["disagree"])


class StepDetailsForm(forms.Form):
    """What the step's printed ballot and minutes say beside the count."""

    place = forms.CharField(
        label=_("Place (empty: the unit's locality)"), max_length=100, required=False
    )
    held_on = forms.DateField(
        label=_("Date of the conference (dd/mm/yyyy; empty: the day the step opened)"),
        required=False,
    )
    head = forms.CharField(
        label=_("Head of the step's counting committee (full name)"), max_length=150
    )
    deputies = forms.CharField(
        label=_("Deputy heads of the step's committee (one a line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    members = forms.CharField(
        label=_("Members (one a line)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    present = forms.IntegerField(label=_("Those present"), min_value=0, required=False)
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, required=False)

    def committee(self) -> list[tuple[str, str]]:
        """The committee as (name, role), the head first, blank lines dropped."""
        data = self.cleaned_data
        lines = [(data["head"], "head")]
        for field, role in (("deputies", "deputy"), ("members", "member")):
            lines += [(line, role) for line in data[field].splitlines() if line.strip()]
        return lines

    @classmethod
    def of(cls, record: Any) -> StepDetailsForm:
        """The form filled with what the step records."""
        committee = record.counting_committee or []

        def role(r: str) -> list[str]:
            return [m["name"] for m in committee if m["role"] == r]

        return cls(
            initial={
                "place": record.place,
                "held_on": record.held_on,
                "head": next(iter(role("head")), ""),
                "deputies": "\n".join(role("deputy")),
                "members": "\n".join(role("member")),
                "present": record.present,
                "issued": record.issued,
            }
        )


class SealForm(forms.Form):
    collected = forms.IntegerField(label=_("Sheets collected from the box"), min_value=0)


class TiesForm(forms.Form):
    decision_text = forms.CharField(label=_("The body's decision (number, date)"), max_length=300)

    def __init__(self, *args: Any, tied: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        for i, (_id, name) in enumerate(tied):
            self.fields[f"tie_{i}"] = forms.ChoiceField(
                label=name,
                choices=[("yes", _("goes on")), ("no", _("does not go on"))],
                widget=forms.RadioSelect,
            )
        self.tied = list(tied)

    def decided(self) -> dict[str, bool]:
        return {i: self.cleaned_data[f"tie_{n}"] == "yes" for n, (i, _name) in enumerate(self.tied)}
