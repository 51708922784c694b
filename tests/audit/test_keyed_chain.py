"""The audit chain's key: a forger who can rewrite the table and its head but not read the
key file is caught, by entry; the key's absence is named; old entries are marked at the
upgrade; each seal's head is signed with the station key."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction

from daihoi.audit.chain import entry_hash, head_mark
from daihoi.audit.keys import AuditKeyError, audit_key_read
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import audit_record, audit_verify
from daihoi.cli import main
from daihoi.organizations.services import unit_update
from tests.conftest import Tree


@pytest.fixture
def key_file(settings: Any, tmp_path: Path) -> Path:
    """A key of this test's own, in a data folder of its own (the default place)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.AUDIT_KEY_FILE = ""
    return tmp_path / "data" / "audit.key"


def _entries(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=None, action="test.step", object_type="test", after={"i": i})


def _rehash_from(seq: int, **changes: Any) -> None:
    """What a forger without the key can do: change entry ``seq`` and recompute every hash
    after it, and the head, so that the hash chain holds again."""
    prev = AuditEntry.objects.get(seq=seq).prev_hash
    for e in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if e.seq == seq:
            for field, value in changes.items():
                setattr(e, field, value)
        e.prev_hash = prev
        e.hash = entry_hash(
            seq=e.seq,
            at=e.at,
            actor_name=e.actor_name,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            unit_path=e.unit_path,
            before=e.before,
            after=e.after,
            prev_hash=e.prev_hash,
        )
        e.save()
        prev = e.hash
    AuditHead.objects.filter(singleton=1).update(hash=prev)


def test_the_key_is_made_with_the_first_entry_in_the_data_folder_mode_0600(
    db: None, key_file: Path
) -> None:
    assert not key_file.exists()
    _entries(3)
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = audit_key_read(key_file)
    assert key is not None and len(key) == 32
    assert all(len(e.mark) == 64 for e in AuditEntry.objects.all())
    report = audit_verify()
    assert report.ok and report.checked == 3 and report.keyed_from == 1


def test_a_forged_entry_with_its_chain_recomputed_is_named_by_its_key_mark(
    key_file: Path, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    unit_update(
        actor=tree.province_officer,
        unit=tree.A,
        name="Đảng bộ xã A mới",
        level=tree.A.level,
        members_count=41,
        start_date=None,
    )
    victim = AuditEntry.objects.order_by("seq")[3]
    _rehash_from(victim.seq, actor_name="mallory", after={"forged": True})
    report = audit_verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (victim.seq, "mark")
    assert main(["audit", "verify", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert (
        f"the chain is intact but entry #{victim.seq}'s key mark does not match: "
        "rewritten by someone without the audit key"
    ) in err


def test_an_entry_added_without_the_key_has_no_mark_and_is_named(db: None, key_file: Path) -> None:
    _entries(3)
    _rehash_from(3, mark="")
    report = audit_verify()
    assert report.problem is not None and (report.problem.seq, report.problem.kind) == (
        3,
        "unmarked",
    )


def test_a_tail_cut_off_with_its_head_rewritten_is_caught_by_the_heads_mark(
    db: None, key_file: Path
) -> None:
    _entries(4)
    last = AuditEntry.objects.get(seq=4)
    AuditHead.objects.filter(singleton=1).update(seq=3, hash=last.prev_hash)
    last.delete()
    report = audit_verify()
    assert report.problem is not None and report.problem.kind == "head_mark"


def test_the_head_cannot_move_the_keyed_start_either(db: None, key_file: Path) -> None:
    _entries(2)
    AuditHead.objects.filter(singleton=1).update(keyed_from=99)
    report = audit_verify()
    assert report.problem is not None and report.problem.kind == "head_mark"


def test_a_missing_key_is_named_and_no_entry_is_written_without_it(
    db: None, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _entries(2)
    key_file.unlink()
    report = audit_verify()
    assert report.problem is not None and report.problem.kind == "key_missing"
    assert str(key_file) in report.problem.detail
    assert main(["audit", "verify", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"audit chain not verified: the audit key file {key_file} is missing" in err
    # A new key is never made for a chain that has entries: the write is refused, whole.
    with pytest.raises(AuditKeyError), transaction.atomic():
        audit_record(actor=None, action="test.step", object_type="test")
    assert AuditEntry.objects.count() == 2 and not key_file.exists()


def test_another_key_is_no_key(db: None, key_file: Path) -> None:
    _entries(2)
    key_file.write_text("cd" * 32 + "\n")
    report = audit_verify()
    assert report.problem is not None and (report.problem.seq, report.problem.kind) == (1, "mark")
    key_file.write_text("not a key\n")
    report = audit_verify()
    assert report.problem is not None and report.problem.kind == "key_invalid"


def test_the_upgrade_marks_the_entries_written_before_the_key(db: None, key_file: Path) -> None:
    _entries(5)
    # As they were before this version: no marks, no key.
    AuditEntry.objects.update(mark="")
    AuditHead.objects.update(mark="", keyed_from=1)
    key_file.unlink()
    assert audit_verify().problem.kind == "key_missing"  # type: ignore[union-attr]
    migration = importlib.import_module("daihoi.audit.migrations.0002_key_marks")
    from django.apps import apps

    migration.mark_existing(apps, SimpleNamespace(connection=connection))
    assert key_file.exists()
    report = audit_verify()
    assert report.ok and report.checked == 5 and report.keyed_from == 6
    head = AuditHead.objects.get()
    key = audit_key_read(key_file)
    assert key is not None
    assert head.mark == head_mark(key, seq=5, digest=head.hash, keyed_from=6)
    _entries(1)  # new entries are marked as they are written
    assert audit_verify().ok


def test_a_new_installation_makes_no_key_at_the_upgrade(db: None, key_file: Path) -> None:
    migration = importlib.import_module("daihoi.audit.migrations.0002_key_marks")
    from django.apps import apps

    migration.mark_existing(apps, SimpleNamespace(connection=connection))
    assert not key_file.exists()
