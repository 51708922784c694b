"""The one helper services record a change on one of their rows with."""

from __future__ import annotations

import pytest
from django.db import transaction

from daihoi.audit.services import audit_change, audit_verify
from tests.conftest import Tree


def test_it_records_the_row_its_unit_and_the_facts_of_the_change(tree: Tree) -> None:
    with transaction.atomic():
        entry = audit_change(
            tree.commune_officer, "congress.note", tree.congress_A, unit_path=tree.A.path, seats=9
        )
    assert (entry.object_type, entry.object_id) == ("congress", str(tree.congress_A.pk))
    assert (entry.unit_path, entry.actor_name, entry.after) == (
        tree.A.path,
        "commune_officer",
        {"seats": 9},
    )
    assert entry.before is None and audit_verify().ok


def test_it_keeps_a_given_type_and_the_states_before_and_after(tree: Tree) -> None:
    with transaction.atomic():
        entry = audit_change(
            None,
            "report.note",
            tree.congress_A,
            unit_path=tree.A.path,
            object_type="result_report",
            before={"note": ""},
            after={"note": "x"},
        )
    assert (entry.object_type, entry.actor_name) == ("result_report", "system")
    assert (entry.before, entry.after) == ({"note": ""}, {"note": "x"})


def test_it_takes_the_facts_or_the_after_state_not_both(tree: Tree) -> None:
    with transaction.atomic(), pytest.raises(TypeError):
        audit_change(None, "x", tree.A, unit_path=tree.A.path, after={"a": 1}, b=2)
