# ruff: noqa: F811  (``room`` is the counting room's fixture, imported to be used here)
"""A unit's report from the counting station's signed package: verified, then its elected listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from daihoi.core.package import PackageError
from daihoi.elections import services as elections
from daihoi.elections.models import ReceivedResult, ResultDispute, ResultStanding, StationKey
from daihoi.elections.packages import (
    package_export,
    package_import,
    station_fingerprint,
    station_key_register,
)
from daihoi.organizations.models import Member
from daihoi.planning import services
from daihoi.planning.models import ReportSource, ResultReport
from tests.elections.conftest import Room, approve, room  # noqa: F401  (the fixture)
from tests.elections.test_counting import count_batch
from tests.planning.conftest import D, hold


@pytest.fixture
def package(room: Room, settings, tmp_path: Path) -> bytes:  # type: ignore[no-untyped-def]
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    approve(room)
    # Six ballots, each crossing the fifth name: the first four are elected.
    count_batch(room, ["5"] * 6, ["5"] * 6)
    elections.election_finalise(actor=room.head, election=room.election)
    room.election.refresh_from_db()
    hold(room.tree.congress_A, D(2025, 7, 1))
    Member.objects.create(
        unit=room.tree.A1,
        full_name="Trần Văn Bình",
        sex="M",
        birth_date=D(1990, 2, 3),
        ethnicity="Tày",
    )
    return package_export(actor=None, election=room.election)


@pytest.fixture
def registered(room: Room, package: bytes) -> bytes:
    """The package, its station's key registered for commune A by the province's office."""
    station_key_register(
        actor=room.tree.province_officer, unit=room.tree.A, fingerprint=station_fingerprint()
    )
    return package


def test_the_elected_of_a_verified_package_become_the_committee(
    room: Room, registered: bytes
) -> None:
    report, done = services.report_from_package(
        actor=None, congress=room.tree.congress_A, data=registered
    )
    assert done == {"added": 4, "updated": 0, "elected": 4}
    people = {p.full_name: p for p in report.people.all()}
    assert set(people) == {"Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Thị Dung"}
    assert all(p.committee for p in people.values())
    # Found once among the unit's members: sex, birth date and ethnicity come with the name.
    binh = people["Trần Văn Bình"]
    assert (binh.sex, binh.birth_date, binh.ethnicity) == ("M", D(1990, 2, 3), "Tày")
    assert report.source == ReportSource.PACKAGE
    assert report.packages.count() == 1
    assert ReceivedResult.objects.get().unit == room.tree.A


def test_a_package_of_another_unit_is_refused_and_nothing_kept(
    room: Room, registered: bytes
) -> None:
    hold(room.tree.congress_B, D(2025, 7, 2))
    with pytest.raises(ValidationError, match="Đảng bộ xã A"):
        services.report_from_package(actor=None, congress=room.tree.congress_B, data=registered)
    assert ReceivedResult.objects.count() == 0 and ResultReport.objects.count() == 0


def test_an_unregistered_key_or_a_changed_byte_keeps_nothing(room: Room, package: bytes) -> None:
    with pytest.raises(PackageError) as info:
        services.report_from_package(actor=None, congress=room.tree.congress_A, data=package)
    assert info.value.code == "key_not_registered"
    changed = bytearray(package)
    changed[len(changed) // 2] ^= 1
    with pytest.raises(PackageError):
        services.report_from_package(actor=None, congress=room.tree.congress_A, data=bytes(changed))
    assert ReceivedResult.objects.count() == 0 and ResultReport.objects.count() == 0


def test_a_package_received_on_the_command_line_is_used_from_the_page(
    room: Room, registered: bytes
) -> None:
    received, _ = package_import(actor=None, data=registered)
    client = room.tree.client_for(room.tree.commune_officer)
    page = client.get(reverse("planning_report", args=[room.tree.congress_A.pk])).content.decode()
    assert reverse("planning_report_attach", args=[room.tree.congress_A.pk, received.pk]) in page
    assert station_fingerprint() in page  # the key registered for the unit is shown
    client.post(reverse("planning_report_attach", args=[room.tree.congress_A.pk, received.pk]))
    assert ResultReport.objects.get().people.count() == 4


def upload(client: Client, room: Room, data: bytes) -> str:
    url = reverse("planning_report_package", args=[room.tree.congress_A.pk])
    response = client.post(url, {"file": SimpleUploadedFile("goi.json", data)}, follow=True)
    return response.content.decode()


def test_the_upload_refuses_in_vietnamese_and_keeps_nothing(room: Room, package: bytes) -> None:
    client = room.tree.client_for(room.tree.province_officer)
    page = upload(client, room, package)
    assert "message error" in page and "chưa được cấp ủy cấp trên đăng ký" in page
    assert ReceivedResult.objects.count() == 0 and ResultReport.objects.count() == 0
    page = upload(client, room, b'{"format": "daihoi/package@1"}')
    assert "message error" in page and ReceivedResult.objects.count() == 0


def test_the_upper_office_registers_the_key_then_uploads(room: Room, package: bytes) -> None:
    client = room.tree.client_for(room.tree.province_officer)
    report_page = client.get(reverse("planning_report", args=[room.tree.congress_A.pk]))
    register_link = reverse("planning_stations", args=["P"]) + "?unit=A"
    assert register_link in report_page.content.decode()
    spoken = " ".join(station_fingerprint().lower().split("-"))
    client.post(
        reverse("planning_station_register", args=["P"]),
        {"unit": "A", "fingerprint": spoken, "station": "Máy kiểm phiếu xã A"},
    )
    assert StationKey.objects.get().unit == room.tree.A
    assert (
        station_fingerprint()
        in client.get(reverse("planning_stations", args=["P"])).content.decode()
    )
    upload(client, room, package)
    assert ResultReport.objects.get().people.count() == 4


def test_the_units_own_office_cannot_register_its_own_key(room: Room, package: bytes) -> None:
    client = room.tree.client_for(room.tree.commune_officer)
    response = client.post(
        reverse("planning_station_register", args=["A"]),
        {"unit": "A", "fingerprint": station_fingerprint()},
        follow=True,
    )
    assert "message error" in response.content.decode()
    assert (
        client.post(
            reverse("planning_station_register", args=["P"]),
            {"unit": "A", "fingerprint": station_fingerprint()},
        ).status_code
        == 404
    )
    assert StationKey.objects.count() == 0


def test_a_second_upload_is_kept_as_a_dispute_the_province_resolves(
    room: Room, registered: bytes, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    client = room.tree.client_for(room.tree.commune_officer)
    upload(client, room, registered)
    settings.STATION_KEY_FILE = str(tmp_path / "second.pem")
    second = package_export(actor=None, election=room.election)
    station_key_register(actor=None, unit=room.tree.A, fingerprint=station_fingerprint())
    page = upload(client, room, second)
    assert "lưu dưới dạng khiếu nại" in page
    dispute = ResultDispute.objects.get()
    assert ResultReport.objects.get().packages.count() == 1  # the disputed one is not used
    # The commune cannot decide its own dispute; the province can.
    resolve = reverse("planning_dispute_resolve", args=["A", dispute.pk])
    kept = dispute.results.get(standing=ResultStanding.DISPUTED)
    assert client.post(resolve, {"keep": kept.pk, "reason": "x"}).status_code == 404
    province = room.tree.client_for(room.tree.province_officer)
    page = province.get(reverse("planning_dispute", args=["P", dispute.pk])).content.decode()
    assert kept.fingerprint in page
    response = province.post(
        reverse("planning_dispute_resolve", args=["P", dispute.pk]),
        {"keep": kept.pk, "reason": "Máy thứ hai là máy được Ban kiểm phiếu dùng"},
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    dispute.refresh_from_db()
    assert kept.standing == ResultStanding.STANDING and not dispute.is_open
    # The package set aside is out of the report; the kept one can now be used.
    assert ResultReport.objects.get().packages.count() == 0
    client.post(reverse("planning_report_attach", args=[room.tree.congress_A.pk, kept.pk]))
    assert list(ResultReport.objects.get().packages.all()) == [kept]


def test_while_a_dispute_is_open_no_package_of_it_is_used(
    room: Room, registered: bytes, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, _ = package_import(actor=None, data=registered)
    settings.STATION_KEY_FILE = str(tmp_path / "second.pem")
    second = package_export(actor=None, election=room.election)
    station_key_register(actor=None, unit=room.tree.A, fingerprint=station_fingerprint())
    package_import(actor=None, data=second)
    client = room.tree.client_for(room.tree.commune_officer)
    attach = reverse("planning_report_attach", args=[room.tree.congress_A.pk, first.pk])
    page = client.get(reverse("planning_report", args=[room.tree.congress_A.pk])).content.decode()
    assert attach not in page
    response = client.post(attach, follow=True)
    assert "message error" in response.content.decode()
    assert not ResultReport.objects.filter(packages=first).exists()
