"""At each seal the audit chain's head is signed with the station key; a passphrase on that
key is asked for at the seal, and a wrong one seals nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import HEAD_SIGNED, audit_verify
from daihoi.cli import main
from daihoi.core.package import station_key_load_or_create
from daihoi.elections import packages, services
from daihoi.elections.models import Election, ElectionStatus
from tests.audit.test_keyed_chain import _rehash_from
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


@pytest.fixture
def station(settings: Any, tmp_path: Path) -> Path:
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    settings.STATION_PASSPHRASE = ""
    return tmp_path / "station.pem"


def _counted(room: Room) -> None:
    approve(room)
    count_batch(room, ["1", "2", "1 2"], ["1", "2", "1 2"])


def test_the_seal_signs_the_head_and_verify_checks_it(
    station: Path, room: Room, capsys: pytest.CaptureFixture[str]
) -> None:
    _counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    seal, signed = AuditEntry.objects.order_by("-seq")[1], AuditEntry.objects.order_by("-seq")[0]
    assert (seal.action, signed.action) == ("election.seal", HEAD_SIGNED)
    assert signed.after["seq"] == seal.seq and signed.after["hash"] == seal.hash
    fingerprint = packages.station_fingerprint()
    assert signed.after["fingerprint"] == fingerprint
    report = audit_verify(station=fingerprint)
    assert report.ok and report.signed_heads == 1 and report.signers == (fingerprint,)
    assert main(["audit", "verify", "--lang", "en"]) == 0
    assert f"1 sealed heads signed by the station key {fingerprint}" in capsys.readouterr().out


def test_a_head_signed_by_another_key_is_not_this_stations(
    station: Path, room: Room, tmp_path: Path
) -> None:
    _counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    other = station_key_load_or_create(tmp_path / "other.pem")
    from daihoi.core.package import key_fingerprint

    report = audit_verify(station=key_fingerprint(other.public_key()))
    assert report.problem is not None and report.problem.kind == "signer"


def test_a_forged_signature_or_a_removed_signed_head_is_caught(station: Path, room: Room) -> None:
    _counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    signed = AuditEntry.objects.get(action=HEAD_SIGNED)
    facts = dict(signed.after)
    facts["signature"] = "00" * 64
    # Even one who holds the audit key (re-marking the entry) cannot sign a head.
    from daihoi.audit.chain import entry_mark
    from daihoi.audit.keys import audit_key_read

    _rehash_from(signed.seq, after=facts)
    key = audit_key_read()
    assert key is not None
    for e in AuditEntry.objects.filter(seq__gte=signed.seq):
        e.mark = entry_mark(key, e.hash)
        e.save(update_fields=["mark"])
    report = audit_verify(key=key)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (signed.seq, "signature")


def test_a_seal_whose_signed_head_is_gone_is_named(station: Path, room: Room) -> None:
    _counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    signed = AuditEntry.objects.get(action=HEAD_SIGNED)
    seal = AuditEntry.objects.get(action="election.seal")
    # The signed head replaced by another entry, marked and chained as if by the key's holder.
    from daihoi.audit.chain import entry_mark, head_mark
    from daihoi.audit.keys import audit_key_read

    _rehash_from(signed.seq, action="test.step", after={"nothing": True})
    key = audit_key_read()
    assert key is not None
    for e in AuditEntry.objects.filter(seq__gte=signed.seq):
        e.mark = entry_mark(key, e.hash)
        e.save(update_fields=["mark"])
    head = AuditHead.objects.get()
    head.mark = head_mark(key, seq=head.seq, digest=head.hash, keyed_from=head.keyed_from)
    head.save()
    report = audit_verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (seal.seq, "unsigned")


def test_the_seal_opens_a_protected_key_with_its_passphrase(
    station: Path, room: Room, settings: Any
) -> None:
    station_key_load_or_create(station, b"mat khau")
    settings.STATION_PASSPHRASE = "mat khau"
    _counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    assert audit_verify(station=packages.station_fingerprint()).signed_heads == 1


@pytest.mark.parametrize("given", ["sai", ""])
def test_a_wrong_or_missing_passphrase_seals_nothing_and_signs_nothing(
    station: Path, room: Room, settings: Any, given: str
) -> None:
    station_key_load_or_create(station, b"mat khau")
    settings.STATION_PASSPHRASE = given
    _counted(room)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.election_finalise(actor=room.head, election=room.election)
    assert "DAIHOI_STATION_PASSPHRASE" in caught.value.messages[0]
    assert "chưa ký gì" in caught.value.messages[0]
    election = Election.objects.get(pk=room.election.pk)
    assert election.status == ElectionStatus.COUNTING and not election.seal_hash
    assert AuditEntry.objects.count() == entries
    assert audit_verify().ok


def test_the_seal_page_says_in_vietnamese_that_the_passphrase_is_wrong(
    station: Path, room: Room, settings: Any
) -> None:
    station_key_load_or_create(station, b"mat khau")
    settings.STATION_PASSPHRASE = "sai"
    _counted(room)
    client = Client()
    client.force_login(room.head)
    response = client.post(
        reverse("election_finalise", args=[room.election.pk]), {"confirmed": "yes"}, follow=True
    )
    assert "không mở được tệp khóa của trạm" in response.content.decode()
    assert Election.objects.get(pk=room.election.pk).status == ElectionStatus.COUNTING


def test_the_command_protects_the_key_with_the_passphrase(
    station: Path, settings: Any, capsys: pytest.CaptureFixture[str], db: None
) -> None:
    station_key_load_or_create(station)
    fingerprint = packages.station_fingerprint()
    assert main(["station-key", "protect", "--lang", "en"]) == 2
    assert "set DAIHOI_STATION_PASSPHRASE" in capsys.readouterr().err
    assert station.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    settings.STATION_PASSPHRASE = "mat khau"
    assert main(["station-key", "protect", "--lang", "en"]) == 0
    assert "is now encrypted with the passphrase" in capsys.readouterr().out
    assert station.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert packages.station_fingerprint() == fingerprint
    settings.STATION_PASSPHRASE = "sai"
    before = station.read_bytes()
    assert main(["station-key", "protect", "--lang", "en"]) == 2
    assert "does not open the station key file" in capsys.readouterr().err
    assert station.read_bytes() == before
