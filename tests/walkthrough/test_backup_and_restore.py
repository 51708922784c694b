"""Guide: "Sao lưu và khôi phục" — the head's desk shows the backup (greyed out and saying
why, where no USB folder is set); ``daihoi backup`` of the served demo, restored into an
empty folder and database, gives back its units, elections and audit chain."""

from __future__ import annotations

import os

from tests.walkthrough.conftest import POSTGRES, _database_url, _free_port, _postgres, daihoi
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH

HOA_BINH = (
    "select e.id from elections_election e"
    " join congresses_congress c on c.id = e.congress_id"
    " join organizations_unit u on u.id = c.unit_id"
    " where u.code = 'TS-X01' and e.kind = 'committee' and e.round = 1"
)


def test_the_desk_shows_the_backup_and_the_command_restores_the_demo(  # type: ignore[no-untyped-def]
    login, site, tmp_path
) -> None:
    election = site.execute(HOA_BINH)
    head = login("truongban")
    head.go(f"/elections/{election}/batches/")
    head.sees("Sao lưu")
    head.sees("Chưa cấu hình thư mục sao lưu trên máy này")
    assert head.page.get_by_role("button", name="Sao lưu").is_disabled()

    units = site.execute("select count(*) from organizations_unit")
    entries = site.execute("select count(*) from audit_auditentry")
    usb = tmp_path / "usb"
    usb.mkdir()
    made = site.daihoi("backup", str(usb / "demo.tar.gz"))
    assert made.returncode == 0, made.stderr
    assert (usb / "demo.tar.gz.sha256").exists()

    database = f"daihoi_walkthrough_restore_{os.getpid()}_{_free_port()}" if POSTGRES else ""
    if POSTGRES:
        _postgres(f"CREATE DATABASE {database}")
    try:
        url = _database_url(database) if POSTGRES else ""
        restored = daihoi(
            tmp_path / "restored", "restore", str(usb / "demo.tar.gz"), database_url=url
        )
        assert restored.returncode == 0, restored.stderr
        assert f"đơn vị: {units}," in restored.stdout
        assert f"mục nhật ký: {entries}" in restored.stdout
        assert f"chuỗi nhật ký nguyên vẹn: {entries} mục" in restored.stdout
        again = daihoi(tmp_path / "restored", "restore", str(usb / "demo.tar.gz"), database_url=url)
        assert again.returncode == 2 and "Chưa khôi phục gì" in again.stderr
    finally:
        if POSTGRES:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
