"""In headless Chromium: log in, in Vietnamese, and walk down the tree.

Uses Debian's chromium through Playwright (no browser download). Skipped with a
reason when chromium is not installed; `make test` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import Tree

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(settings) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Playwright runs its own event loop in this thread; Django's ORM must still be allowed.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.django_db(transaction=True)
def test_an_officer_logs_in_and_walks_down_the_tree(tree: Tree, live_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("#id_username", "commune_officer")
    page.fill("#id_password", "correct horse battery")
    page.click(".login button[type=submit]")
    page.wait_for_url("**/units/A/")
    assert page.locator("h1").inner_text() == "Đảng bộ xã A"
    page.fill("#q", "thôn 2")
    page.wait_for_selector("#search-results a")
    assert page.locator("#search-results a").all_inner_texts() == ["Chi bộ thôn 2"]
    page.click("#search-results a")
    page.wait_for_url("**/units/A2/")
    assert "Đảng bộ xã A" in page.locator(".crumbs").inner_text()


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_shows_a_vietnamese_message(tree: Tree, live_server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "commune_officer")
    page.fill("#id_password", "sai mật khẩu")
    page.click(".login button[type=submit]")
    assert "mật khẩu chính xác" in page.locator(".errors").inner_text()
