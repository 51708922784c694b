"""Guide: "Two factors (an app's code after the password)" — the demo's path:
an office enrols of its own accord, and its next login asks for the code."""

from __future__ import annotations

import base64
import re

from django_otp.oath import totp

from tests.walkthrough.marks import WALKTHROUGH

pytestmark = WALKTHROUGH


def _code(secret: str) -> str:
    """The 6 digits an authenticator app shows now for ``secret``."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_an_office_enrols_and_its_next_login_asks_for_the_code(login) -> None:  # type: ignore[no-untyped-def]
    office = login("xahoabinh")
    page = office.page
    office.click("header a:text-is('Xác thực hai lớp')")
    office.click("main a:has-text('Thiết lập xác thực hai lớp'), main button:has-text('Thiết lập')")
    office.sees("Quét mã QR này")
    assert page.locator("main svg").count() == 1  # the QR code
    shown = page.locator("main").inner_text()
    secret = re.search(r"Khóa bí mật:\s*([A-Z2-7 ]+)", shown)
    assert secret is not None
    secret_key = secret.group(1).replace(" ", "").strip()

    # A wrong code is refused in Vietnamese; nothing is set up.
    page.fill("input[name=code]", "000000")
    office.click("main button:has-text('Xác nhận')")
    office.sees("Mã không đúng")
    page.fill("input[name=code]", _code(secret_key))
    office.click("main button:has-text('Xác nhận')")
    office.sees("Đã thiết lập xác thực hai lớp")
    recovery = re.findall(r"\b[a-z2-7]{8}\b", page.locator("main").inner_text())
    assert len(recovery) == 10
    office.click("header button:has-text('Đăng xuất')")

    # The next login asks for the code before anything else.
    again = login("xahoabinh")
    assert "/account/two-factor/verify/" in again.page.url
    again.go("/congresses/11/")
    assert "/account/two-factor/verify/" in again.page.url
    again.sees("Mã xác thực hai lớp")
    # A recovery code stands in for the app once.
    again.page.fill("input[name=code]", recovery[0])
    again.click("main button:has-text('Xác nhận')")
    again.go("/congresses/11/")
    assert again.page.url.endswith("/congresses/11/")
    again.click("header button:has-text('Đăng xuất')")

    third = login("xahoabinh")
    third.page.fill("input[name=code]", recovery[0])
    third.click("main button:has-text('Xác nhận')")
    third.sees("Mã không đúng")
    assert "/account/two-factor/verify/" in third.page.url
