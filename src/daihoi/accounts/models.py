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


class ApiScope(models.TextChoices):
    """What an API token may be used for; its access is also bounded by its user's roles."""

    READ_UNITS = "read:units", _("Read units and congresses, their status and deadlines")
    READ_RESULTS = "read:results", _("Read sealed election results")
    WRITE_PACKAGES = "write:packages", _("Send signed result packages up the tree")
    READ_COMMENTS = "read:comments", _("Read comments on draft documents")
    WRITE_COMMENTS = "write:comments", _("Comment on draft documents")


class ApiToken(models.Model):
    """A key for the JSON API, of one account, with a subset of the scopes.

    Only the SHA-256 of the token is kept: the token itself is shown once,
    when it is created. A token past ``expires_at`` or revoked is refused.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    #: The token's first characters, to recognise it in the list (not enough to use it).
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
