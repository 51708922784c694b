"""The station exports a sealed election; the portal keeps it only from a known station.

A package is imported only when every byte holds, its key is registered for
its own unit, its minutes state its result's figures, and it is the first of
its election and round (a later one is kept as a dispute only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.cli import main
from daihoi.core.package import PackageError
from daihoi.elections import packages, services
from daihoi.elections.documents import minutes_docx, minutes_pdf
from daihoi.elections.models import (
    Election,
    ReceivedResult,
    ResultDispute,
    ResultStanding,
    StationKey,
)
from daihoi.elections.packages import (
    dispute_resolve,
    package_export,
    package_import,
    station_fingerprint,
    station_key_register,
    station_key_withdraw,
)
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


@pytest.fixture
def sealed(room: Room, settings, tmp_path: Path) -> Room:  # type: ignore[no-untyped-def]
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    approve(room)
    count_batch(room, ["5", "4", "5 3", "1"], ["5", "4", "5 3", "1"])
    services.election_finalise(actor=room.head, election=room.election)
    room.election.refresh_from_db()
    return room


@pytest.fixture
def registered(sealed: Room) -> Room:
    """The station's key registered for commune A by the province's office."""
    station_key_register(
        actor=sealed.tree.province_officer, unit=sealed.tree.A, fingerprint=station_fingerprint()
    )
    return sealed


def export_with_another_key(room: Room, settings: Any, path: Path) -> bytes:
    """The same sealed election, signed by another station's (fresh) key."""
    kept = settings.STATION_KEY_FILE
    settings.STATION_KEY_FILE = str(path)
    try:
        return package_export(actor=None, election=room.election)
    finally:
        settings.STATION_KEY_FILE = kept


def test_a_sealed_election_travels_and_is_kept_under_its_unit(registered: Room) -> None:
    data = package_export(actor=registered.head, election=registered.election)
    received, verified = package_import(actor=None, data=data)
    assert received.unit == registered.tree.A
    assert received.result == registered.election.result
    assert received.standing == ResultStanding.STANDING
    assert verified.minutes_pdf.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="election.package_import").exists()
    with pytest.raises(ValidationError):
        package_import(actor=None, data=data)  # the same file twice


def test_a_package_signed_by_a_fresh_key_is_refused(
    registered: Room, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    forged = export_with_another_key(registered, settings, tmp_path / "forger.pem")
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=forged)
    assert info.value.code == "key_not_registered"
    assert "A – Đảng bộ xã A" in info.value.message("vi")
    assert ReceivedResult.objects.count() == 0


def test_no_key_registered_refuses_every_package(sealed: Room) -> None:
    data = package_export(actor=None, election=sealed.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data)
    assert info.value.code == "key_not_registered"
    assert station_fingerprint() in info.value.message("en")
    assert ReceivedResult.objects.count() == 0


@pytest.mark.parametrize("other", ["B", "P", "A1"])
def test_a_key_registered_for_another_unit_even_above_is_refused(sealed: Room, other: str) -> None:
    station_key_register(
        actor=None, unit=getattr(sealed.tree, other), fingerprint=station_fingerprint()
    )
    data = package_export(actor=None, election=sealed.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data)
    assert info.value.code == "key_not_registered"
    assert ReceivedResult.objects.count() == 0


def test_a_withdrawn_key_no_longer_imports(registered: Room) -> None:
    key = StationKey.objects.get()
    station_key_withdraw(actor=None, key=key)
    with pytest.raises(PackageError):
        package_import(actor=None, data=package_export(actor=None, election=registered.election))
    assert AuditEntry.objects.filter(action="station_key.withdraw").count() == 1


def test_a_fingerprint_is_registered_once_in_its_printed_form(sealed: Room) -> None:
    spoken = station_fingerprint().lower().replace("-", " ")
    key = station_key_register(actor=None, unit=sealed.tree.A, fingerprint=spoken)
    assert key.fingerprint == station_fingerprint()
    with pytest.raises(ValidationError):
        station_key_register(actor=None, unit=sealed.tree.A, fingerprint=station_fingerprint())
    with pytest.raises(ValidationError):
        station_key_register(actor=None, unit=sealed.tree.A, fingerprint="3F2A-91C0")
    assert StationKey.objects.count() == 1


def test_a_second_package_of_the_same_election_becomes_a_dispute(
    registered: Room, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, _ = package_import(
        actor=None, data=package_export(actor=None, election=registered.election)
    )
    other = export_with_another_key(registered, settings, tmp_path / "second.pem")
    from daihoi.core.package import read_package

    station_key_register(
        actor=None, unit=registered.tree.A, fingerprint=read_package(other).fingerprint
    )
    second, _ = package_import(actor=None, data=other)
    first.refresh_from_db()
    assert first.standing == ResultStanding.STANDING
    assert second.standing == ResultStanding.DISPUTED
    dispute = ResultDispute.objects.get()
    assert dispute.is_open and set(dispute.results.all()) == {first, second}
    # The office above keeps the second one, with a reason; the first is set aside.
    with pytest.raises(ValidationError):
        dispute_resolve(actor=None, dispute=dispute, keep=second, reason="  ")
    dispute_resolve(
        actor=registered.tree.province_officer,
        dispute=dispute,
        keep=second,
        reason="Trạm 2 là máy chính thức",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.standing, second.standing) == (ResultStanding.SET_ASIDE, ResultStanding.STANDING)
    entry = AuditEntry.objects.get(action="election.dispute_resolve")
    assert entry.after["reason"] == "Trạm 2 là máy chính thức"
    assert ReceivedResult.objects.filter(standing=ResultStanding.STANDING).count() == 1
    with pytest.raises(ValidationError):
        dispute_resolve(actor=None, dispute=dispute, keep=first, reason="again")


def forged_minutes(election: Election, votes: int) -> Election:
    """The election as the minutes would show it if a candidate's votes were changed."""
    copy = Election.objects.get(pk=election.pk)
    result = dict(copy.result)
    rows = [dict(c) for c in result["candidates"]]
    rows[0]["votes"] = rows[0]["votes"] + votes
    result["candidates"] = rows
    copy.result = result
    return copy


def test_minutes_that_disagree_with_the_result_are_refused_naming_the_figure(
    registered: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = registered.election.result["candidates"][0]["name"]
    monkeypatch.setattr(packages, "minutes_pdf", lambda e: minutes_pdf(forged_minutes(e, 1)))
    monkeypatch.setattr(packages, "minutes_docx", lambda e: minutes_docx(e))
    data = package_export(actor=None, election=registered.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data)
    assert info.value.code == "minutes_mismatch"
    message = info.value.message("vi")
    assert "minutes.pdf" in message and first in message
    assert ReceivedResult.objects.count() == 0


def test_minutes_in_docx_are_checked_too(registered: Room, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packages, "minutes_docx", lambda e: minutes_docx(forged_minutes(e, 2)))
    data = package_export(actor=None, election=registered.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data)
    assert info.value.params["part"] == "minutes_docx"
    assert ReceivedResult.objects.count() == 0


def test_a_package_changed_by_one_byte_is_refused_and_nothing_kept(registered: Room) -> None:
    data = bytearray(package_export(actor=None, election=registered.election))
    data[len(data) // 2] ^= 0x01
    with pytest.raises(PackageError):
        package_import(actor=None, data=bytes(data))
    assert ReceivedResult.objects.count() == 0


def test_an_unsealed_election_cannot_be_exported(room: Room) -> None:
    with pytest.raises(ValidationError):
        package_export(actor=None, election=room.election)


def test_a_trust_option_narrows_the_registered_keys(registered: Room) -> None:
    data = package_export(actor=None, election=registered.election)
    with pytest.raises(PackageError) as info:
        package_import(actor=None, data=data, trusted=["0000-0000-0000-0000-0000-0000-0000-0000"])
    assert station_fingerprint() in info.value.message("vi")


def test_the_commands_export_verify_register_and_import(
    sealed: Room, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "goi.json"
    assert main(["package", "export", str(sealed.election.pk), "-o", str(out)]) == 0
    assert main(["package", "verify", str(out)]) == 0
    assert "Gói kết quả hợp lệ" in capsys.readouterr().out
    assert main(["package", "import", str(out)]) == 2
    assert "chưa được cấp ủy cấp trên đăng ký" in capsys.readouterr().err
    assert main(["package", "keys", "add", "A", station_fingerprint(), "--station", "Máy 1"]) == 0
    assert main(["package", "keys", "list", "A"]) == 0
    assert station_fingerprint() in capsys.readouterr().out
    assert main(["package", "import", str(out), "--trust", station_fingerprint()]) == 0
    assert main(["package", "import", str(out)]) == 2
    assert "đã được nhập" in capsys.readouterr().err
    assert main(["package", "keys", "withdraw", "A", station_fingerprint()]) == 0
    assert main(["package", "keys", "add", "NOPE", station_fingerprint()]) == 2
    assert StationKey.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_the_head_downloads_the_signed_package_from_the_sealed_result(registered: Room) -> None:
    url = reverse("election_package", args=[registered.election.pk])
    page = registered.tree.client_for(registered.head).get(
        reverse("election_result", args=[registered.election.pk])
    )
    assert url in page.content.decode() and station_fingerprint() in page.content.decode()
    response = registered.tree.client_for(registered.head).get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    received, _ = package_import(actor=None, data=response.content)
    assert received.unit == registered.tree.A
    for who in (registered.clerk1, registered.tree.commune_officer):
        assert registered.tree.client_for(who).get(url).status_code == 403
