"""Packages kept before disputes existed: a later copy of one election becomes a dispute."""

from __future__ import annotations

import importlib
import json

from django.apps import apps
from django.utils import timezone

from daihoi.elections.models import ReceivedResult, ResultDispute, ResultStanding
from tests.conftest import Tree

migration = importlib.import_module(
    "daihoi.elections.migrations.0006_station_keys_and_result_disputes"
)


def received(tree: Tree, n: int, congress: str, label: str) -> ReceivedResult:
    package = {"signed": {"meta": {"congress": congress}}}
    return ReceivedResult.objects.create(
        unit=tree.A,
        election_ref=f"e{n}",
        title="Bầu Ban Chấp hành",
        kind="committee",
        round=1,
        outcome="complete",
        result={},
        station="Máy 1",
        fingerprint="F",
        seal_hash="0" * 64,
        sealed_at=timezone.now(),
        sha256=str(n) * 64,
        package=json.dumps(package).encode(),
        congress_label=label,  # what the migration replaces with the package's own
    )


def test_the_first_package_stands_and_a_later_copy_is_disputed(tree: Tree) -> None:
    first = received(tree, 1, "Đại hội lần thứ I, nhiệm kỳ 2025–2030", "a")
    second = received(tree, 2, "Đại hội lần thứ I, nhiệm kỳ 2025–2030", "b")
    other_term = received(tree, 3, "Đại hội lần thứ II, nhiệm kỳ 2030–2035", "c")
    migration.label_and_dispute_received(apps, None)
    for r in (first, second, other_term):
        r.refresh_from_db()
    assert first.congress_label == "Đại hội lần thứ I, nhiệm kỳ 2025–2030"
    assert (first.standing, second.standing, other_term.standing) == (
        ResultStanding.STANDING,
        ResultStanding.DISPUTED,
        ResultStanding.STANDING,
    )
    dispute = ResultDispute.objects.get()
    assert set(dispute.results.all()) == {first, second} and dispute.is_open
