"""Guide: "The congress in session", the delegate's phone — the question arrives by push.

The server runs as a congress of many phones would run it: two web processes,
both also serving the hall's stream. A phone shows the question the moment
the chair opens the vote, without reloading, and its tap goes to the stream;
when its stream is cut (the processes serving it killed, and the phone's
network refusing the stream from then on) the page goes back to polling and
still gets the next question.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.procs import children
from tests.walkthrough.conftest import (
    DAIHOI,
    POSTGRES,
    Demo,
    Site,
    _answers,
    _database_url,
    _env,
    _free_port,
    _postgres,
)
from tests.walkthrough.marks import WALKTHROUGH
from tests.walkthrough.test_congress_in_session import absent_delegate, pass_link

pytestmark = WALKTHROUGH

LIVE_PORT: list[int] = []


@pytest.fixture
def site(demo: Demo, tmp_path: Path) -> Iterator[Site]:
    """The demo served by ``daihoi serve --workers 2`` with its push stream."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo.folder, data)
    database = f"daihoi_walkthrough_{os.getpid()}_{_free_port()}" if POSTGRES else ""
    if POSTGRES:
        _postgres(f"CREATE DATABASE {database} TEMPLATE {demo.database}")
    url = _database_url(database) if POSTGRES else ""
    port, live = _free_port(), _free_port()
    LIVE_PORT[:] = [live]
    process = subprocess.Popen(
        [str(DAIHOI), "serve", "--port", str(port), "--workers", "2", "--live-port", str(live)],
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
        site = Site(f"http://127.0.0.1:{port}", data, url)
        site.server = process.pid  # type: ignore[attr-defined]
        yield site
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        if POSTGRES:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def stream_processes(server: int, port: int) -> list[int]:
    """The server's children that accept on the stream's port (from /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
            inodes.add(fields[9])
    found = []
    for child in children(server):
        for fd in Path(f"/proc/{child}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                found.append(child)
                break
    assert found, "no process listens on the stream's port"
    return found


def test_a_phone_gets_the_question_by_push_and_by_polling_once_the_stream_is_cut(  # type: ignore[no-untyped-def]
    login, site: Site
) -> None:
    secretary = login("thuky")
    hall = secretary.click("a:text('Đại hội đang diễn ra')").url.removeprefix(site.url)
    first, name, code = absent_delegate(secretary.go(hall + "delegates/"))
    page = secretary.go(hall + "desk/")
    page.fill("#code", code)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#checkin-result >> text={name}")

    passes = secretary.page.request.get(site.url + hall + "passes.pdf")
    phone = login.phone(pass_link(passes.body(), first))
    phone.click("button:text('Tôi là đại biểu này')")
    phone.sees("Chưa có biểu quyết nào")
    phone.page.wait_for_selector("#ballot[data-pushed=open]")
    phone.page.evaluate("() => { window.notReloaded = true; }")

    # The chair opens the vote: the question is on the phone at once, the page not reloaded.
    chair = login("chutich")
    chair.click("a:text('Đại hội đang diễn ra')")
    chair.click("nav a:text-is('Biểu quyết')")
    chair.click("a:text('Biểu quyết danh sách bầu cử Ban Chấp hành khóa mới')")
    opened = time.monotonic()
    chair.click("button:text('Mở biểu quyết')")
    phone.page.wait_for_selector(".vote-button.agree", timeout=5_000)
    assert time.monotonic() - opened < 5  # the page's poll would take up to 20 s
    assert phone.page.evaluate("() => window.notReloaded") is True
    phone.sees("Biểu quyết danh sách bầu cử Ban Chấp hành khóa mới")
    phone.axe.check(phone.page)
    taps: list[str] = []
    phone.page.on("request", lambda r: taps.append(r.url) if r.method == "POST" else None)
    phone.page.click(".vote-button.agree")
    phone.page.wait_for_selector(".sent")
    assert taps and taps[0].startswith(f"http://127.0.0.1:{LIVE_PORT[0]}/")  # to the stream

    # Closed: the choice waiting for its batch is written, and the page, still sending it,
    # says "recorded" (the stream's "no vote open" does not wipe a choice not recorded yet).
    chair.click("button:text('Kết thúc biểu quyết và công bố kết quả')")
    chair.click("button:text('Có, kết thúc biểu quyết')")
    phone.page.wait_for_selector(".done", timeout=15_000)
    assert phone.page.evaluate("() => window.notReloaded") is True

    # The stream is cut: the processes serving it killed (the server starts others), and the
    # phone's network refuses the stream from now on.
    phone.page.route("**/events", lambda route: route.abort())
    serving = stream_processes(site.server, LIVE_PORT[0])  # type: ignore[attr-defined]
    assert len(serving) == 2  # every worker serves the stream, as it serves the site
    for process in serving:
        os.kill(process, signal.SIGKILL)
    phone.page.wait_for_selector("#ballot[data-pushed=lost]", timeout=10_000)

    # The chair prepares and opens another question; the phone's poll brings it.
    page = chair.go(hall + "votes/")
    page.select_option("#id_subject", "other")
    page.fill("#id_title", "Biểu quyết thông qua quy chế làm việc")
    page.select_option("#id_method", "electronic")
    chair.click("button:text('Chuẩn bị')")
    chair.click("button:text('Mở biểu quyết')")
    phone.page.wait_for_selector(
        "text=Biểu quyết thông qua quy chế làm việc", timeout=30_000
    )  # the 20-second poll
    assert phone.page.evaluate("() => window.notReloaded") is True
    assert phone.page.get_attribute("#ballot", "data-pushed") == "lost"
    phone.page.click(".vote-button.agree")
    phone.page.wait_for_selector(".done, .sent")
