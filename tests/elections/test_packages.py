"""The station exports a sealed election; the portal imports it only if every byte holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from daihoi.audit.models import AuditEntry
from daihoi.cli import main
from daihoi.core.package import PackageError
from daihoi.elections import services
from daihoi.elections.models import ReceivedResult
from daihoi.elections.packages import package_export, package_import, station_fingerprint
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


@pytest.fixture
def sealed(room: Room, settings, tmp_path: Path) -> Room:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    approve(room)
    count_batch(room, ["5", "4", "5 3", "1"], ["5", "4", "5 3", "1"])
    services.election_finalise(actor=room.head, election=room.election)
    room.election.refresh_from_db()
    return room


def test_a_sealed_election_travels_and_is_kept_under_its_unit(sealed: Room) -> None:
    data = package_export(actor=sealed.head, election=sealed.election)
    received, verified = package_import(actor=None, data=data, trusted=[station_fingerprint()])
    assert received.unit == sealed.tree.A
    assert received.result == sealed.election.result
    assert verified.minutes_pdf.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="election.package_import").exists()
    with pytest.raises(ValidationError):
        package_import(actor=None, data=data)  # the same file twice


def test_a_package_changed_by_one_byte_is_refused_and_nothing_kept(sealed: Room) -> None:
    data = bytearray(package_export(actor=None, election=sealed.election))
    data[len(data) // 2] ^= 0x01
    with pytest.raises(PackageError):
        package_import(actor=None, data=bytes(data))
    assert ReceivedResult.objects.count() == 0


def test_an_unsealed_election_cannot_be_exported(room: Room) -> None:
    with pytest.raises(ValidationError):
        package_export(actor=None, election=room.election)


def test_an_untrusted_key_is_refused_with_its_fingerprint(sealed: Room) -> None:
    data = package_export(actor=None, election=sealed.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data, trusted=["0000-0000-0000-0000-0000-0000-0000-0000"])
    assert station_fingerprint() in info.value.message("vi")


def test_the_commands_export_verify_and_import(
    sealed: Room, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "goi.json"
    assert main(["package", "export", str(sealed.election.pk), "-o", str(out)]) == 0
    assert main(["package", "verify", str(out)]) == 0
    assert "Gói kết quả hợp lệ" in capsys.readouterr().out
    assert main(["package", "import", str(out), "--trust", station_fingerprint()]) == 0
    assert main(["package", "import", str(out)]) == 2
    assert "đã được nhập" in capsys.readouterr().err
