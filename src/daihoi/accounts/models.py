"""Accounts and roles.

A role is granted on a unit and covers that unit's whole subtree; counting
clerks, the secretariat and delegates get roles on one congress only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username


class UnitRole(models.TextChoices):
    OFFICE = "office", _("Office (manages the subtree)")
    VIEWER = "viewer", _("Viewer (reads the subtree)")
    # Tiểu ban nhân sự: the only role that reads candidates' personal data.
    PERSONNEL = "personnel", _("Personnel subcommittee (candidates' dossiers)")


class CongressRole(models.TextChoices):
    PRESIDIUM = "presidium", _("Presidium")
    SECRETARIAT = "secretariat", _("Secretariat")
    COUNTING_HEAD = "counting_head", _("Head of the counting committee")
    COUNTING_CLERK = "counting_clerk", _("Counting clerk")
    DELEGATE = "delegate", _("Delegate")


class UnitGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_grants"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(max_length=16, choices=UnitRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unit_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.unit_id}"


class CongressGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="congress_grants"
    )
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(max_length=16, choices=CongressRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "congress", "role"], name="congress_grant_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ congress {self.congress_id}"


class LoginFailure(models.Model):
    """A failed login, kept for the throttle window; never the password tried."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at}"
