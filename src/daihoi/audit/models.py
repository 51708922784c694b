"""The hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so an
edited, inserted or deleted row breaks the chain from that point on. The head
row records the last sequence number and hash, so a truncated tail is caught
too.

Each entry and the head also carry a key mark: an HMAC under the audit key,
a file kept outside the database (``daihoi.audit.keys``). Whoever can rewrite
the table and its head but cannot read that file can recompute the hashes
but not the marks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text so the chain stays verifiable when the account is removed.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # HMAC-SHA256 of ``hash`` under the audit key.
    mark = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["seq"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One row: the last entry's sequence number and hash, locked on append."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    # HMAC-SHA256 of (seq, hash, keyed_from) under the audit key.
    mark = models.CharField(max_length=64, blank=True, default="")
    # The first entry marked when it was written; those before it were marked when the
    # key was introduced (the upgrade). From it on, every seal's head is signed too.
    keyed_from = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"head #{self.seq}"
