"""Guide: "The audit chain" — a change made in the browser is in the chain;
``daihoi audit verify`` finds it whole, and names an entry edited behind its back."""

from __future__ import annotations

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def test_a_change_from_the_browser_keeps_the_chain_whole_and_an_edit_is_named(login, site) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    office.click("main a:text-is('Sửa')")
    office.page.locator("#id_note").fill("Ghi chú mới của văn phòng")
    office.click("main button[type=submit]")

    whole = site.daihoi("audit", "verify")
    assert whole.returncode == 0, whole.stdout + whole.stderr

    # An entry in the middle of the chain, edited behind the application's back.
    edited = site.execute("select max(id) - 5 from audit_auditentry")
    site.execute(f"update audit_auditentry set action = action || ' ' where id = {edited}")
    broken = site.daihoi("audit", "verify")
    assert broken.returncode != 0
    assert f"#{edited} (edited)" in broken.stdout + broken.stderr
