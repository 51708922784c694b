"""In headless Chromium: log in, in Vietnamese, and walk down the tree.

Uses Debian's chromium through Playwright (no browser download). Skipped with a
reason when chromium is not installed; `make test` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import Tree
from tests.e2e.conftest import CHROMIUM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


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


def test_the_browser_tests_leave_the_orm_guard_on_for_the_tests_after_them() -> None:
    # Runs after the tests above in this module: their browser must not have
    # switched Django's async-safety check off for the rest of the run.
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
