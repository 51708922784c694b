"""The README's user guide, walked in Chromium on the real demo.

``daihoi demo`` builds the fictional province once per session into a data
folder of its own and a database of its own: SQLite as ``make demo`` does, or,
when the run is on PostgreSQL (DATABASE_URL), a database of that server. Each
test gets a copy of both (the SQLite file, or ``CREATE DATABASE … TEMPLATE``)
and its own ``daihoi serve`` on 127.0.0.1, so a test that seals a result
leaves nothing behind for the next one. Every page a test visits is checked
with axe-core (WCAG 2.1 A and AA): a serious or critical violation fails it.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from daihoi.demo import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DAIHOI = Path(sys.executable).with_name("daihoi")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


SERVER_URL = os.environ.get("DATABASE_URL", "")
POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(statement)


def _database_url(name: str) -> str:
    return urlsplit(SERVER_URL)._replace(path="/" + name).geturl()


def _env(data: Path, database_url: str = "") -> dict[str, str]:
    return {
        **os.environ,
        "DAIHOI_DATA_DIR": str(data),
        "DATABASE_URL": database_url,
        "DAIHOI_SECURE_COOKIES": "false",
        # The demo's own setting: its logins are one step (enrolling is walked by itself).
        "DAIHOI_REQUIRE_2FA": "false",
        "DJANGO_SETTINGS_MODULE": "daihoi.settings",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/login/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def daihoi(
    data: Path, *args: str, database_url: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the ``daihoi`` command on a data folder, as a person at the console would."""
    return subprocess.run(
        [str(DAIHOI), *args],
        env=_env(data, database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Demo:
    folder: Path  # the data folder: secret key, station key (and the SQLite file)
    database: str  # on PostgreSQL, the database the demo was built in


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """What ``daihoi demo`` leaves, built once for the whole run."""
    folder = tmp_path_factory.mktemp("demo")
    database = "daihoi_walkthrough_demo" if POSTGRES else ""
    if POSTGRES:
        _postgres(f"DROP DATABASE IF EXISTS {database}")
        _postgres(f"CREATE DATABASE {database}")
    url = _database_url(database) if POSTGRES else ""
    try:
        done = daihoi(folder, "demo", database_url=url, timeout=600)
        assert done.returncode == 0, done.stderr
        assert "daihoi-demo-2025" in done.stdout
        yield Demo(folder, database)
    finally:
        if POSTGRES:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@dataclass
class Site:
    url: str
    data: Path
    database_url: str  # empty: the SQLite file in ``data``

    def daihoi(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A ``daihoi`` command on this site's data folder and database."""
        return daihoi(self.data, *args, database_url=self.database_url)

    def execute(self, sql: str) -> Any:
        """Read or change the database behind the application's back (a tampering
        test): the first value of the first row, if any."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as connection:
                cursor = connection.execute(sql)
                row = cursor.fetchone() if cursor.description else None
        else:
            connection = sqlite3.connect(self.data / "daihoi.sqlite3")
            with connection:
                row = connection.execute(sql).fetchone()
            connection.close()
        return row[0] if row else None


@pytest.fixture
def site(demo: Demo, tmp_path: Path) -> Iterator[Site]:
    """A fresh copy of the demo served by ``daihoi serve`` on its own port."""
    data = tmp_path / "data"
    shutil.copytree(demo.folder, data)
    database = f"daihoi_walkthrough_{os.getpid()}_{_free_port()}" if POSTGRES else ""
    if POSTGRES:
        _postgres(f"CREATE DATABASE {database} TEMPLATE {demo.database}")
    url = _database_url(database) if POSTGRES else ""
    port = _free_port()
    process = subprocess.Popen(
        [str(DAIHOI), "serve", "--port", str(port), "--threads", "4"],
        env=_env(data, url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "daihoi serve did not answer in 30 s"
            time.sleep(0.1)
        yield Site(f"http://127.0.0.1:{port}", data, url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        if POSTGRES:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture
def worker(site: Site) -> Iterator[None]:
    """A ``daihoi worker`` beside the site's server, as on a real installation:
    it writes the files background tasks make (the calendar's Excel export)."""
    process = subprocess.Popen(
        [str(DAIHOI), "worker"],
        env=_env(site.data, site.database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

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
            yield browser
        finally:
            browser.close()


@dataclass
class Axe:
    """axe-core, run on every page a walkthrough shows (the script ships with the package)."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check(self, page: Any) -> None:
        from axe_playwright_python.sync_playwright import Axe as AxeRunner

        page.wait_for_load_state()
        results = (
            AxeRunner()
            .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            .response
        )
        self.checked.append(page.url)
        for violation in results["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
                self.problems.append(
                    f"{page.url}: {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {targets}"
                )


@dataclass
class Person:
    """One demo account in its own browser context (its own laptop or phone)."""

    username: str
    page: Any
    site: Site
    axe: Axe

    def go(self, path: str) -> Any:
        self.page.goto(self.site.url + path)
        self.axe.check(self.page)
        return self.page

    def reload(self) -> Any:
        self.page.reload()
        self.axe.check(self.page)
        return self.page

    def click(self, selector: str) -> Any:
        """Follow a link or press a button that loads another page, then check that page."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.axe.check(self.page)
        return self.page

    def sees(self, text: str) -> None:
        assert text in self.page.inner_text("main"), f"{self.username} does not see {text!r}"

    def focused(self) -> str:
        """What a screen reader names the focused control by: its label, text or value."""
        return str(
            self.page.evaluate(
                """() => {
                  const e = document.activeElement;
                  if (!e) return "";
                  const byId = e.id && document.querySelector(`label[for="${e.id}"]`);
                  return (e.getAttribute("aria-label") || (byId && byId.innerText)
                          || (e.labels && e.labels[0] && e.labels[0].innerText)
                          || e.innerText || e.value || "").trim();
                }"""
            )
        )

    def tab_to(self, name: str, limit: int = 120) -> None:
        """Press Tab (keyboard only) until the control named ``name`` has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if name in self.focused():
                return
        raise AssertionError(f"{name!r} cannot be reached with Tab on {self.page.url}")

    def enter(self) -> Any:
        """Press Enter on the focused control, which loads the next page."""
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.axe.check(self.page)
        return self.page


@pytest.fixture
def axe() -> Iterator[Axe]:
    found = Axe()
    yield found
    assert not found.problems, "accessibility (WCAG 2.1 AA):\n" + "\n".join(found.problems)


class People:
    """Opens each demo account (or a delegate's phone) in its own browser context."""

    def __init__(self, chromium: Any, site: Site, axe: Axe) -> None:
        self.chromium, self.site, self.axe = chromium, site, axe
        self.contexts: list[Any] = []

    def _page(self, **context: Any) -> Any:
        ctx = self.chromium.new_context(locale="vi-VN", **context)
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        # A confirmation ("Niêm phong kết quả?") is answered yes, as the person would.
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    def __call__(self, username: str, **context: Any) -> Person:
        page = self._page(**context)
        page.goto(self.site.url + "/login/")
        self.axe.check(page)
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click(".login button[type=submit]")
        self.axe.check(page)
        assert "/login/" not in page.url, f"{username} could not log in"
        return Person(username, page, self.site, self.axe)

    def phone(self, link: str) -> Person:
        """A delegate's phone (390 px wide) opening the link of their vote pass."""
        page = self._page(viewport={"width": 390, "height": 760}, is_mobile=True)
        page.goto(link)
        self.axe.check(page)
        return Person("phone", page, self.site, self.axe)

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


@pytest.fixture
def login(chromium: Any, site: Site, axe: Axe) -> Iterator[People]:
    people = People(chromium, site, axe)
    yield people
    people.close()
