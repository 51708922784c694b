"""The secret vote's batched writes keep the audit chain keyed: one marked entry per batch."""

from __future__ import annotations

from typing import Any

from daihoi.audit.chain import entry_mark
from daihoi.audit.keys import audit_key_read
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.congresses import services
from tests.congresses.conftest import Hall
from tests.congresses.test_voting import cast, voting_hall

__all__ = ["voting_hall"]  # the fixture, used by name


def test_batched_secret_votes_leave_a_valid_keyed_chain(voting_hall: Hall, settings: Any) -> None:
    settings.SECRET_VOTE_BATCH = 3
    hall = voting_hall
    before = AuditEntry.objects.filter(action="vote.cast").count()
    choices = ["agree"] * 5 + ["disagree", "abstain", "abstain", "agree"]
    for delegate, choice in zip(hall.delegates[:9], choices, strict=True):
        client, token = hall.phone(delegate)
        assert cast(client, token, hall.electronic, choice).status_code in (200, 202)
    vote = services.vote_close(actor=hall.secretary, vote=hall.electronic)
    assert (vote.agree, vote.disagree, vote.abstain) == (6, 1, 2)
    batches = AuditEntry.objects.filter(action="vote.cast").order_by("seq")[before:]
    # Nine choices in batches of three (the last written at the close): three entries.
    assert len(batches) == 3
    key = audit_key_read()
    assert key is not None
    assert all(e.mark == entry_mark(key, e.hash) for e in batches)
    report = audit_verify()
    assert report.ok, report.problem
