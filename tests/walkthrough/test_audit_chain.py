"""Guide: "The audit chain" — a change made in the browser is in the chain;
``daihoi audit verify`` finds it whole, and names an entry edited behind its back."""

from __future__ import annotations

import sqlite3

from tests.walkthrough.conftest import daihoi
from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_a_change_from_the_browser_keeps_the_chain_whole_and_an_edit_is_named(login, site) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("main a:text-is('Sửa')")
    office.page.locator("#id_note").fill("Ghi chú mới của văn phòng")
    office.click("main button[type=submit]")

    whole = daihoi(site.data, "audit", "verify")
    assert whole.returncode == 0, whole.stdout + whole.stderr

    database = sqlite3.connect(site.data / "daihoi.sqlite3")
    with database:
        (last,) = database.execute("select max(id) from audit_auditentry").fetchone()
        database.execute(
            "update audit_auditentry set action = action || ' ' where id = ?", (last - 5,)
        )
    database.close()
    broken = daihoi(site.data, "audit", "verify")
    assert broken.returncode != 0
    assert str(last - 5) in broken.stdout + broken.stderr
