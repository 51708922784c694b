"""A nomination procedure as data (docs/rules.md §8, docs/nomination.md).

A procedure is an ordered list of steps. Each step names the body that votes,
its ballot form and the rule that carries a name on to the next step. Every
number or choice a unit could set differently is a :class:`Setting` that says
whether it is the shipped default or the unit's own value, and where it comes
from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .errors import NominationError

__all__ = [
    "FORMS",
    "PARAMETERS",
    "RULES",
    "SHARE_BASES",
    "SOURCES",
    "TIE_POLICIES",
    "Form",
    "Procedure",
    "RuleKind",
    "Setting",
    "Step",
]

Form = Literal["pick", "approve"]
RuleKind = Literal["share_of_summoned", "share_of_valid", "top", "top_of_share"]
TiePolicy = Literal["all_go_on", "none_go_on", "needs_decision"]
SetBy = Literal["default", "unit"]
Value = int | str

FORMS: tuple[Form, ...] = ("pick", "approve")
SOURCES = ("pool", "previous")
RULES: tuple[RuleKind, ...] = ("share_of_summoned", "share_of_valid", "top", "top_of_share")
TIE_POLICIES: tuple[TiePolicy, ...] = ("all_go_on", "none_go_on", "needs_decision")
SHARE_BASES = ("summoned", "valid")

#: The parameters a step may carry. ``rule`` is one of them, so a unit may
#: change the rule itself; which others a step needs follows from its form and
#: its rule (:func:`required_parameters`).
PARAMETERS = (
    "summoned",
    "max_ticks",
    "blank_lines",
    "rule",
    "percent",
    "count",
    "ties",
    "share_of",
)

#: The source written on a value the unit set.
SET_BY_UNIT = "đơn vị đặt"


@dataclass(frozen=True, slots=True)
class Setting:
    """One parameter: its value (``None``: the unit has yet to set it), who set
    it and its source."""

    value: Value | None
    set_by: SetBy
    source: str


def required_parameters(form: str, rule: str) -> tuple[str, ...]:
    """The parameters a step of this form and rule uses, in a fixed order."""
    needed = ["summoned", "rule"]
    if form == "pick":
        needed += ["max_ticks", "blank_lines"]
    if rule in ("share_of_summoned", "share_of_valid"):
        needed += ["percent"]
    elif rule == "top":
        needed += ["count", "ties"]
    elif rule == "top_of_share":
        needed += ["count", "ties", "percent", "share_of"]
    return tuple(needed)


@dataclass(frozen=True, slots=True)
class Step:
    """One conference or vote of the procedure."""

    code: str
    body: str
    stands_for: str
    form: Form
    names_from: str
    parameters: Mapping[str, Setting]

    def setting(self, name: str) -> Setting:
        return self.parameters[name]

    def number(self, name: str) -> int:
        """An integer parameter's value; refuses one the unit has yet to set."""
        value = self.parameters[name].value
        if value is None:
            raise NominationError(
                [f"step {self.code!r}, parameter {name}: not set; the unit must set it"]
            )
        assert isinstance(value, int)
        return value

    def choice(self, name: str) -> str:
        """A text parameter's value (rule, ties, share_of); always set."""
        value = self.parameters[name].value
        assert isinstance(value, str)
        return value

    @property
    def rule(self) -> RuleKind:
        rule = self.choice("rule")
        assert rule in RULES
        return rule

    @property
    def summoned(self) -> int:
        return self.number("summoned")

    def unset(self) -> tuple[str, ...]:
        """The parameters the unit has yet to set."""
        return tuple(k for k, s in self.parameters.items() if s.value is None)


@dataclass(frozen=True, slots=True)
class Procedure:
    """The ordered steps; the last one's passing names are the proposed list."""

    name: str
    description: str
    steps: tuple[Step, ...]

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise NominationError([f"no step {code!r} in procedure {self.name!r}"])
