# ruff: noqa: F811  (``room`` is the counting room's fixture, imported to be used here)
"""A unit's report from the counting station's signed package: verified, then its elected listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.core.package import PackageError
from daihoi.elections import services as elections
from daihoi.elections.models import ReceivedResult
from daihoi.elections.packages import package_export, package_import, station_fingerprint
from daihoi.organizations.models import Member
from daihoi.planning import services
from daihoi.planning.models import ReportSource, ResultReport
from tests.elections.conftest import Room, approve, room  # noqa: F401  (the fixture)
from tests.elections.test_counting import count_batch
from tests.planning.conftest import D, hold


@pytest.fixture
def package(room: Room, settings, tmp_path: Path) -> bytes:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
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


def test_the_elected_of_a_verified_package_become_the_committee(room: Room, package: bytes) -> None:
    report, done = services.report_from_package(
        actor=None, congress=room.tree.congress_A, data=package, trusted=[station_fingerprint()]
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


def test_a_package_of_another_unit_is_refused_and_nothing_kept(room: Room, package: bytes) -> None:
    hold(room.tree.congress_B, D(2025, 7, 2))
    with pytest.raises(ValidationError, match="Đảng bộ xã A"):
        services.report_from_package(
            actor=None, congress=room.tree.congress_B, data=package, trusted=[station_fingerprint()]
        )
    assert ReceivedResult.objects.count() == 0 and ResultReport.objects.count() == 0


def test_a_wrong_fingerprint_or_a_changed_byte_keeps_nothing(room: Room, package: bytes) -> None:
    with pytest.raises(PackageError):
        services.report_from_package(
            actor=None,
            congress=room.tree.congress_A,
            data=package,
            trusted=["0000-0000-0000-0000-0000-0000-0000-0000"],
        )
    changed = bytearray(package)
    changed[len(changed) // 2] ^= 1
    with pytest.raises(PackageError):
        services.report_from_package(
            actor=None, congress=room.tree.congress_A, data=bytes(changed), trusted=None
        )
    assert ReceivedResult.objects.count() == 0 and ResultReport.objects.count() == 0


def test_a_package_received_on_the_command_line_is_used_from_the_page(
    room: Room, package: bytes
) -> None:
    received, _ = package_import(actor=None, data=package, trusted=[station_fingerprint()])
    client = room.tree.client_for(room.tree.commune_officer)
    page = client.get(reverse("planning_report", args=[room.tree.congress_A.pk])).content.decode()
    assert reverse("planning_report_attach", args=[room.tree.congress_A.pk, received.pk]) in page
    client.post(reverse("planning_report_attach", args=[room.tree.congress_A.pk, received.pk]))
    assert ResultReport.objects.get().people.count() == 4


def test_the_upload_on_the_page_shows_the_packages_refusal(room: Room, package: bytes) -> None:
    client = room.tree.client_for(room.tree.commune_officer)
    url = reverse("planning_report_package", args=[room.tree.congress_A.pk])
    response = client.post(
        url,
        {"file": SimpleUploadedFile("goi.json", package), "fingerprint": "0000-0000"},
        follow=True,
    )
    assert ReceivedResult.objects.count() == 0
    assert "message error" in response.content.decode()
    client.post(
        url, {"file": SimpleUploadedFile("goi.json", package), "fingerprint": station_fingerprint()}
    )
    assert ResultReport.objects.get().people.count() == 4
