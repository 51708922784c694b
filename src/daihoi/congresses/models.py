"""Terms, congresses and the delegates summoned to them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A term of the whole organization, e.g. 2025–2030."""

    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("term")
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="term_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class CongressKind(models.TextChoices):
    DELEGATES = "delegates", _("Congress of delegates")
    MEMBERS = "members", _("Congress of members")


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    HELD = "held", _("Held")
    RESULTS_APPROVED = "results_approved", _("Results approved")


# The only moves a congress makes; going back a step is allowed for corrections.
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    CongressStatus.PLANNED: (CongressStatus.PREPARING,),
    CongressStatus.PREPARING: (CongressStatus.PLANNED, CongressStatus.HELD),
    CongressStatus.HELD: (CongressStatus.PREPARING, CongressStatus.RESULTS_APPROVED),
    CongressStatus.RESULTS_APPROVED: (CongressStatus.HELD,),
}


class Congress(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="congresses"
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="congresses")
    number = models.CharField(
        _("numbered term"), max_length=16, blank=True, help_text=_("khóa, e.g. XXII")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CongressKind.choices)
    is_pilot = models.BooleanField(_("pilot congress"), default=False)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    held_from = models.DateField(_("held from"), null=True, blank=True)
    held_to = models.DateField(_("held to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CongressStatus.choices, default=CongressStatus.PLANNED
    )
    summoned = models.PositiveIntegerField(
        _("summoned"), default=0, help_text=_("official delegates or members summoned")
    )

    class Meta:
        ordering = ["term", "unit__path"]
        verbose_name = _("congress")
        constraints = [
            models.UniqueConstraint(fields=["unit", "term"], name="one_congress_per_unit_term"),
            models.CheckConstraint(
                condition=Q(held_to__isnull=True)
                | Q(held_from__isnull=True)
                | Q(held_to__gte=models.F("held_from")),
                name="congress_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["term", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} ({self.term})"


class DelegateKind(models.TextChoices):
    OFFICIAL = "official", _("Official delegate")
    ALTERNATE = "alternate", _("Alternate delegate")


class Delegate(models.Model):
    """A person summoned to a congress: an elected delegate or, at a member congress, a member."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT
    )
    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=16, choices=DelegateKind.choices, default=DelegateKind.OFFICIAL
    )
    is_ex_officio = models.BooleanField(
        _("ex officio"), default=False, help_text=_("member of the convening committee")
    )

    class Meta:
        ordering = ["congress", "full_name"]
        verbose_name = _("delegate")

    def __str__(self) -> str:
        return self.full_name
