"""In headless Chromium: the phone on the hall's push stream, as `daihoi serve` runs it.

The question reaches the phone through the stream, the tap goes to the stream's
own port (a cross-origin form post with the phone's cookies), and when the
stream cannot be reached the same tap goes to the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from daihoi.congresses import services, stream, stream_server, voting
from daihoi.congresses.models import ProceduralVote, VoteCast
from tests.conftest import Tree
from tests.congresses.conftest import Hall, build_hall, check_in_all
from tests.e2e.test_browser import CHROMIUM, pytestmark  # noqa: F401 - same marks and skip


@pytest.fixture
def hall_on_stream(
    tree: Tree,
    live_server,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> Iterator[tuple[Hall, str, int, stream_server.Running]]:
    from daihoi.congresses.live import cache

    cache.clear()
    hall = build_hall(tree)
    site_port = int(urlsplit(live_server.url).port or 80)
    sock = stream_server.listen("127.0.0.1", 0)
    port = int(sock.getsockname()[1])
    monkeypatch.setenv(stream.PORT_ENV, str(port))
    running = stream_server.run_in_thread(sock, site_port)
    try:
        yield hall, live_server.url, port, running
    finally:
        running.stop()


def phone_of(browser, base: str, hall: Hall, index: int):  # type: ignore[no-untyped-def]
    phone = browser.new_context(viewport={"width": 390, "height": 760}).new_page()
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.goto(f"{base}/v/{voting.pass_token(hall.delegates[index])}/")
    phone.click("button:text('Tôi là đại biểu này')")
    phone.wait_for_selector("#ballot[data-pushed=open]")
    return phone


@pytest.mark.django_db(transaction=True)
def test_the_phone_taps_on_the_stream_and_on_the_site_when_the_stream_is_gone(  # type: ignore[no-untyped-def]
    hall_on_stream, browser
) -> None:
    hall, base, port, running = hall_on_stream
    check_in_all(hall, range(3))
    phones = [phone_of(browser, base, hall, i) for i in range(3)]
    posts: list[str] = []
    for phone in phones:
        phone.on(
            "request",
            lambda r: posts.append(r.url) if r.method == "POST" and "/votes/" in r.url else None,
        )
    services.vote_open(actor=None, vote=hall.electronic)
    for phone in phones:  # by the stream, no reload
        phone.wait_for_selector(".vote-button.agree", timeout=5_000)

    phones[0].click(".vote-button:text-is('Tán thành')")
    phones[0].wait_for_selector(".sent")
    assert urlsplit(posts[-1]).port == port  # the tap went to the stream's port

    phones[1].click(".vote-button:text-is('Không tán thành')")
    phones[1].wait_for_selector(".sent")
    assert urlsplit(posts[-1]).port == port

    running.stop()  # the stream is gone: the tap goes to the site
    phones[2].click(".vote-button.abstain")
    phones[2].wait_for_selector(".sent", timeout=10_000)
    assert urlsplit(posts[-2]).port == port and urlsplit(posts[-1]).port != port

    services.vote_close(actor=None, vote=hall.electronic)
    for phone in phones:  # the pages sent their choices again, to the site: recorded
        phone.wait_for_selector(".done", timeout=10_000)
    vote = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert (vote.agree, vote.disagree, vote.abstain) == (1, 1, 1)
    assert VoteCast.objects.filter(vote=vote).count() == 3
