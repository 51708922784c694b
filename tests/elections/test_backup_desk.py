"""The counting desk offers a backup after each batch; the head writes it to the USB folder."""

from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from daihoi.audit.keys import audit_key_path
from daihoi.audit.models import AuditEntry
from daihoi.backup import audit_key_file, read_archive, station_key_file
from daihoi.elections import packages, services
from daihoi.elections.models import BatchStatus
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


@pytest.fixture
def usb(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.BACKUP_DIR = str(folder)
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The data folder beside the "stick", on one disk: the desk's same-disk warning is due.
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return folder


#: The snapshot is of what is committed: these tests commit (the test database is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)


def _head(room: Room) -> Client:
    client = Client()
    client.force_login(room.head)
    return client


def test_the_desk_asks_for_a_backup_after_a_matched_batch_and_the_head_writes_it(
    room: Room, usb: Path
) -> None:
    approve(room)
    client = _head(room)
    desk = reverse("batches", args=[room.election.pk])
    page = client.get(desk).content.decode()
    assert "No backup yet." in page or "Chưa sao lưu lần nào." in page
    assert "sao lưu ngay" not in page.lower()
    assert count_batch(room, ["1 2", "3"], ["1 2", "3"]).status == BatchStatus.MATCHED
    page = client.get(desk).content.decode()
    assert "1 tập đã khớp từ lần sao lưu trước: hãy sao lưu ngay." in page

    response = client.post(reverse("election_backup", args=[room.election.pk]), follow=True)
    assert response.status_code == 200
    archives = sorted(usb.glob("daihoi-*.tar.gz"))
    assert len(archives) == 1
    sidecar = archives[0].with_name(archives[0].name + ".sha256")
    entry = AuditEntry.objects.filter(action="election.backup").get()
    assert entry.actor_name == "head" and entry.object_id == str(room.election.pk)
    assert entry.after["file"] == archives[0].name and entry.after["batches_matched"] == 1
    assert sidecar.read_text().split() == [entry.after["sha256"], archives[0].name]
    page = response.content.decode()
    assert archives[0].name in page and "sao lưu ngay" not in page.lower()
    # Same disk as the data folder in the test: the head is warned.
    assert "cùng ổ đĩa" in page
    # The next matched batch asks again.
    count_batch(room, ["3"], ["3"])
    page = client.get(desk).content.decode()
    assert "1 tập đã khớp từ lần sao lưu trước: hãy sao lưu ngay." in page


def test_the_archive_holds_the_database_as_committed_and_the_key(
    room: Room, usb: Path, tmp_path: Path
) -> None:
    approve(room)
    count_batch(room, ["1 2"], ["1 2"])
    packages.station_fingerprint()  # the key exists once a package could be signed
    written = services.counting_backup(actor=room.head, election=room.election)
    manifest = read_archive(written.path, tmp_path / "out")
    names = [m.name for m in manifest.files]
    assert names[:2] == ["database/daihoi.sqlite3", "keys/station-ed25519.pem"] or (
        names[0] == "database/daihoi.pgdump"
    )
    assert (
        tmp_path / "out/keys/station-ed25519.pem"
    ).read_bytes() == station_key_file().read_bytes()
    # The audit chain's key goes with the chain it marks.
    assert "keys/audit.key" in names
    assert (tmp_path / "out/keys/audit.key").read_bytes() == audit_key_file().read_bytes()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(tmp_path / "out/database/daihoi.sqlite3")
        (title,) = copy.execute(
            "SELECT title FROM elections_election WHERE id = ?", [room.election.pk]
        ).fetchone()
        copy.close()
        assert title == room.election.title
    with tarfile.open(written.path) as tar:
        assert tar.getnames()[0] == "MANIFEST.json"


def test_the_station_key_is_found_where_the_packages_keep_it(usb: Path) -> None:
    assert station_key_file() == packages.station_key_path()


def test_the_audit_key_is_found_where_the_chain_keeps_it(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIT_KEY_FILE = ""
    settings.DATA_DIR = tmp_path
    assert audit_key_file() == audit_key_path() == tmp_path / "audit.key"
    settings.AUDIT_KEY_FILE = str(tmp_path / "elsewhere.key")
    assert audit_key_file() == audit_key_path() == tmp_path / "elsewhere.key"


def test_a_backup_inside_a_transaction_is_a_programming_error(room: Room, usb: Path) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError, match="outside any transaction"), transaction.atomic():
        services.counting_backup(actor=room.head, election=room.election)
    assert not list(usb.iterdir())


def test_without_a_folder_the_button_says_so_and_the_post_is_refused(
    room: Room, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.BACKUP_DIR = ""
    approve(room)
    client = _head(room)
    page = client.get(reverse("batches", args=[room.election.pk])).content.decode()
    assert "disabled" in page and "DAIHOI_BACKUP_DIR" in page
    assert "Chưa cấu hình thư mục sao lưu trên máy này" in page
    response = client.post(reverse("election_backup", args=[room.election.pk]), follow=True)
    assert "Chưa cấu hình thư mục sao lưu trên máy này" in response.content.decode()
    assert not AuditEntry.objects.filter(action="election.backup").exists()


def test_a_usb_stick_not_plugged_in_is_named_and_nothing_is_written(
    room: Room, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings.BACKUP_DIR = str(tmp_path / "not-mounted")
    approve(room)
    response = _head(room).post(reverse("election_backup", args=[room.election.pk]), follow=True)
    page = response.content.decode()
    assert "not-mounted" in page and "USB" in page
    assert not (tmp_path / "not-mounted").exists()
    assert not AuditEntry.objects.filter(action="election.backup").exists()
