"""Elections of a congress and their candidate lists (the counting room builds on these)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    COMMITTEE = "committee", _("Executive committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    INSPECTION = "inspection", _("Inspection committee")
    DELEGATION = "delegation", _("Delegation to the upper congress")
    DELEGATION_ALTERNATE = "delegation_alternate", _("Alternate delegates")
    OTHER = "other", _("Other")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("Candidate list in preparation")
    LIST_APPROVED = "list_approved", _("Candidate list approved")
    COUNTING = "counting", _("Counting")
    FINALISED = "finalised", _("Result sealed")


class Election(models.Model):
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ElectionKind.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    title = models.CharField(_("title"), max_length=255)
    seats = models.PositiveSmallIntegerField(_("seats"))
    profile = models.CharField(_("rules profile"), max_length=64, default="cpv-2024")
    status = models.CharField(
        _("status"), max_length=16, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT
    )

    class Meta:
        ordering = ["congress", "kind", "round"]
        verbose_name = _("election")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "round"], name="one_election_per_kind_round"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT
    )
    full_name = models.CharField(_("full name"), max_length=150)
    note = models.CharField(
        _("distinguishing line"), max_length=150, blank=True, help_text=_("birth year, unit")
    )

    class Meta:
        ordering = ["election", "full_name"]
        verbose_name = _("candidate")

    def __str__(self) -> str:
        return self.full_name
