"""A committee's working groups (đoàn, tổ công tác): members, the units they follow,
their visits and recommendations, and who attends which congress.

A group belongs to a unit (the committee that set it up); it follows units of
that unit's subtree. A visit is to one followed unit; a recommendation made at
a visit is addressed to a followed unit, whose office answers it; the group
marks it done (``core.fieldwork`` holds the states).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daihoi.core import fieldwork


class WorkGroup(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("committee"),
    )
    name = models.CharField(_("name"), max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("working group")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="workgroups_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A member: an account of the portal (who then records visits), or a person
    named with their post (who attends, but does not sign in)."""

    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account"),
    )
    name = models.CharField(_("full name"), max_length=150)
    post = models.CharField(_("post"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="workgroups_member_account_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class FollowedUnit(models.Model):
    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="followed")
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["group", "unit"], name="workgroups_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.unit}"


class Visit(models.Model):
    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    visited_on = models.DateField(_("date of the visit"))
    notes = models.TextField(_("notes"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.visited_on:%d/%m/%Y}"


class Recommendation(models.Model):
    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="recommendations")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations")
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("date of the answer"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["done_on", "deadline"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def state(self) -> fieldwork.State:
        return fieldwork.state(answered_on=self.answered_on, done_on=self.done_on)

    def is_overdue(self, today: dt.date) -> bool:
        return fieldwork.overdue(deadline=self.deadline, done_on=self.done_on, today=today)


class Attendance(models.Model):
    """A member of the group attends a followed unit's congress."""

    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendances")
    congress = models.ForeignKey("congresses.Congress", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["congress", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "congress"], name="workgroups_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.congress}"
