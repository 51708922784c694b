from __future__ import annotations

import pytest
from django.db import connection

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_verify
from daihoi.cli import main
from daihoi.organizations.services import unit_update
from tests.conftest import Tree


def test_every_service_change_leaves_an_entry_with_before_and_after(tree: Tree) -> None:
    unit_update(
        actor=tree.province_officer,
        unit=tree.A,
        name="Đảng bộ xã A mới",
        level=tree.A.level,
        members_count=41,
        start_date=None,
    )
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "unit.update" and entry.actor_name == "province_officer"
    assert entry.before["name"] == "Đảng bộ xã A" and entry.after["name"] == "Đảng bộ xã A mới"
    assert audit_verify().ok


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_edited_entry_is_caught(tree: Tree) -> None:
    victim = AuditEntry.objects.order_by("seq")[3]
    _raw(
        f"UPDATE {AuditEntry._meta.db_table} SET actor_name = %s WHERE seq = %s",
        ["mallory", victim.seq],
    )
    report = audit_verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (victim.seq, "edited")


def test_a_deleted_entry_is_caught(tree: Tree) -> None:
    victim = AuditEntry.objects.order_by("seq")[3]
    _raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = %s", [victim.seq])
    report = audit_verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (victim.seq, "deleted")


def test_a_removed_tail_is_caught(tree: Tree) -> None:
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    _raw(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = %s", [last.seq])
    report = audit_verify()
    assert report.problem is not None and report.problem.kind == "truncated"


def test_an_inserted_entry_is_caught(tree: Tree) -> None:
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    AuditEntry.objects.create(
        seq=last.seq + 1,
        at=last.at,
        actor_name="mallory",
        action="unit.update",
        object_type="unit",
        object_id="1",
        prev_hash=last.hash,
        hash="f" * 64,
    )
    report = audit_verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (last.seq + 1, "inserted")


def test_the_command_names_the_first_broken_entry(
    tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify"]) == 0
    victim = AuditEntry.objects.order_by("seq")[2]
    _raw(f"UPDATE {AuditEntry._meta.db_table} SET action = %s WHERE seq = %s", ["x", victim.seq])
    assert main(["audit", "verify"]) == 1
    assert f"#{victim.seq}" in capsys.readouterr().err
