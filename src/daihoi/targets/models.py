"""A resolution's targets (chỉ tiêu) for a unit and a term, and what was achieved each year.

A term's resolution covers the years after its first year up to its last
(term 2020–2025: 2021 to 2025); the baseline is usually the first year's
figure. Targets of the next term are drafted beside the old ones (state
``draft``), approved, and carried into the new resolution (``adopted``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core.targets import Direction as CoreDirection
from daihoi.core.targets import Kind as CoreKind


class Group(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    SOCIETY = "society", _("Culture and society")
    ENVIRONMENT = "environment", _("Natural resources and environment")
    DEFENCE = "defence", _("Defence and security")
    PARTY = "party", _("Party building and the political system")


class Kind(models.TextChoices):
    LEVEL = CoreKind.LEVEL.value, _("Level reached by the end of the term")
    SUM = CoreKind.SUM.value, _("Cumulative over the term")
    GROWTH = CoreKind.GROWTH.value, _("Average annual growth (%)")
    AVERAGE = CoreKind.AVERAGE.value, _("Average of the yearly figures")
    AT_LEAST = CoreKind.AT_LEAST.value, _("Each year at least")
    AT_MOST = CoreKind.AT_MOST.value, _("Each year at most")


class Direction(models.TextChoices):
    HIGHER = CoreDirection.HIGHER.value, _("Higher is better")
    LOWER = CoreDirection.LOWER.value, _("Lower is better")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Draft approved")
    ADOPTED = "adopted", _("In the resolution")


class Target(models.Model):
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="targets")
    term = models.ForeignKey("congresses.Term", on_delete=models.PROTECT, related_name="targets")
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    name = models.CharField(_("target"), max_length=300)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.ADOPTED
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        verbose_name=_("continues the target"),
    )
    feeds = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fed_by",
        verbose_name=_("feeds the upper unit's target"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "term", "number", "pk"]
        verbose_name = _("target")
        constraints = [
            models.UniqueConstraint(fields=["unit", "term", "name"], name="target_name_unique"),
        ]
        indexes = [models.Index(fields=["unit", "term", "state"])]

    def __str__(self) -> str:
        return self.name


class Actual(models.Model):
    """A year's figure for a target: entered or imported, by whom, from what source."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("figure"), max_digits=20, decimal_places=4)
    estimate = models.BooleanField(_("estimate"), default=False)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. the 2024 socio-economic report")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("actual figure")
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="actual_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.year}: {self.value}"
