"""What the scanned-ballot benchmarks share: an election in a fresh database, its
ballots printed by the project and marked by the test deck, a real server, and a
scripted committee member deciding the flagged ballots in Chromium.

The scripted person decides as the committee would from the paper: a clear
mark as it is; a deliberately doubtful stroke by :data:`RULING` (the bench's
own rulings, not a rule of the software); a ballot without its stamp ``k``, a
written-in name ``v``, any other mark outside the rows ``x``. They look at
what the page shows, then type only where the reader's suggestion differs
(Enter alone when it does not); a page the reader could not read is typed in
full. Keys are typed at ``key_delay`` seconds each, as a trained clerk does.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench-password-1"
CHROMIUM = "/usr/bin/chromium"
#: How the scripted person rules on the deck's deliberately doubtful strokes.
RULING = {
    "short": "kept",
    "underline": "kept",
    "partial": "struck",
    # The held-out deck's: a stroke along the row's edge, on the rule between
    # two rows (both rows), on one word only.
    "edge": "kept",
    "between": "kept",
    "between_below": "kept",
    "one_word": "kept",
}
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Tâm", "Sơn"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]


def setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django

    django.setup()


def build_election(names: int, seats: int) -> tuple[int, str]:
    """A fresh database with a counting head and an approved list; (election pk, login)."""
    from django.core.management import call_command
    from django.db import connections
    from tests.factories import make_congress, make_unit

    from daihoi.accounts.models import CongressRole, User
    from daihoi.accounts.services import congress_role_grant
    from daihoi.elections import services
    from daihoi.elections.models import Candidate
    from daihoi.organizations.models import Unit

    call_command("migrate", verbosity=0)
    if Unit.objects.exists():
        sys.exit("the database is not empty: run the benchmark on a fresh one")
    upper = make_unit("TL", name="Đảng bộ huyện Tân Lạc")
    unit = make_unit("HB", parent=upper, name="Đảng ủy xã Hòa Bình")
    congress = make_congress(unit, summoned=500)
    head = User.objects.create_user("head", password=PASSWORD, full_name="Trưởng ban kiểm phiếu")
    congress_role_grant(actor=None, user=head, congress=congress, role=CongressRole.COUNTING_HEAD)
    election = services.election_create(
        actor=None,
        congress=congress,
        kind="committee",
        seats=seats,
        summoned=500,
        title=f"Bầu thử {seats} trong {names} người",
    )
    rng = random.Random(names)
    Candidate.objects.bulk_create(
        Candidate(
            election=election,
            full_name=f"{rng.choice(FAMILY)} Văn {GIVEN[i % len(GIVEN)]} {chr(65 + i // 11)}",
        )
        for i in range(names)
    )
    services.election_list_approve(
        actor=None, election=election, present=480, agree=480, disagree=0
    )
    connections.close_all()
    return election.pk, "head"


# --- printing and marking ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the paper shows, as the scripted person decides it: struck row numbers
    and defect letters."""

    numbers: frozenset[int]
    defects: frozenset[str]

    def line(self) -> str:
        parts = [str(n) for n in sorted(self.numbers)] or ["0"]
        return " ".join(parts + sorted(self.defects, key="kvx".index))


_JOB: dict[str, Any] = {}


def _init(pdf: bytes, election_json: dict[str, Any], folder: str, mix: dict[str, Any]) -> None:
    setup_django()
    import cv2
    from tests.scanning import deck

    from daihoi.core.elections.formats import parse_election

    cv2.setNumThreads(1)
    # The deck marks the ballot exactly as the project printed it for this election.
    deck._pdf = lambda definition: pdf  # type: ignore[assignment]
    deck.printed_side.cache_clear()
    _JOB.update(definition=parse_election(election_json), folder=folder, mix=deck.Mix(**mix))


def _mark(seed: int) -> tuple[int, Target]:
    import cv2
    from tests.scanning import deck

    definition = _JOB["definition"]
    spec = deck.make_spec(definition, seed, _JOB["mix"])
    image = deck.render(definition, spec)
    if spec.scan.binary:  # a black-and-white scanner writes two levels, losslessly
        path = Path(_JOB["folder"]) / f"b{seed:05d}.png"
        cv2.imwrite(str(path), image)
    else:
        path = Path(_JOB["folder"]) / f"b{seed:05d}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    truth = deck.truth_of(spec, "cross_out")
    rows = zip(spec.rows, truth.rows, strict=True)
    numbers = {plan.number for plan, (_, t) in rows if t == "struck"}
    numbers |= {p.number for p in spec.rows if p.style in RULING and RULING[p.style] == "struck"}
    defects = set()
    if not spec.stamp:
        defects.add("k")
    if spec.outside == "name":
        defects.add("v")
    elif spec.outside == "mark":
        defects.add("x")
    return seed, Target(frozenset(numbers), frozenset(defects))


def print_and_mark(
    election_pk: int, folder: Path, seeds: Sequence[int], mix: dict[str, Any], workers: int
) -> dict[int, Target]:
    """The election's ballot as the project prints it, marked and scanned, one JPEG a
    ballot (colour or grayscale, 150–300 dpi, as the deck draws them)."""
    from daihoi.elections.definition import election_json as election_data
    from daihoi.elections.documents import ballot_pdf
    from daihoi.elections.models import Election

    election = Election.objects.select_related("congress__unit__parent").get(pk=election_pk)
    pdf = ballot_pdf(election)
    election_json = election_data(election)
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(
        workers, initializer=_init, initargs=(pdf, election_json, str(folder), mix)
    ) as pool:
        return dict(pool.map(_mark, seeds, chunksize=4))


# --- the server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(timeout: float) -> Iterator[str]:
    """``daihoi serve`` on 127.0.0.1, killed after ``timeout`` seconds at the latest."""
    port = free_port()
    # The counting head signs in with the password only: the figure is the scanning's.
    env = {
        **os.environ,
        "DAIHOI_SECURE_COOKIES": "false",
        "DAIHOI_LOG_LEVEL": "ERROR",
        "DAIHOI_REQUIRE_2FA": "false",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("daihoi")), "serve", "--port", str(port)],
        env=env,
        start_new_session=True,
    )
    killer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
    killer.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                sys.exit("the server stopped before answering")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("the server did not answer in time")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        killer.cancel()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- the committee member at the keyboard -----------------------------------------------


@dataclass
class Review:
    seconds: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)  # accepted, corrected, full
    wall: float = 0.0


_SEED = re.compile(r"b(\d+)\.\w+$")
_IMAGES_READY = """() => Array.from(document.querySelectorAll('#review img:not([loading=lazy])'))
    .every(i => i.complete && i.naturalWidth > 0)"""


def _typed(target: Target, suggested: str | None) -> tuple[str, str]:
    """What to type, and whether it accepts, corrects or types the whole ballot."""
    if suggested is None:
        return target.line(), "full"
    tokens = suggested.split()
    numbers = {int(t) for t in tokens if t.isdigit() and t != "0"}
    defects = {t for t in tokens if t in ("k", "v", "x")}
    flips = sorted(numbers ^ target.numbers)
    letters = sorted(defects ^ target.defects)
    text = " ".join([*map(str, flips), *letters])
    return text, ("corrected" if text else "accepted")


def review_in_browser(
    base: str,
    username: str,
    election_pk: int,
    targets: dict[int, Target],
    key_delay: float,
    *,
    look: float = 0.0,
) -> Review:
    """Decide every flagged ballot on the review page, from the keyboard only."""
    from playwright.sync_api import sync_playwright

    review = Review()
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
            page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
            page.set_default_timeout(60_000)
            page.goto(base + "/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click(".login button[type=submit]")
            page.wait_for_load_state()
            started = time.monotonic()
            page.goto(f"{base}/elections/{election_pk}/review/")
            last = ""
            while True:
                shown = time.monotonic()
                if page.locator("#review-ref .ref").count() == 0:
                    break
                ref = page.locator("#review-ref .ref").inner_text()
                if ref == last:
                    errors = page.locator(".error").all_inner_texts()
                    sys.exit(f"the same ballot came back: {ref} {errors}")
                last = ref
                page.wait_for_function(_IMAGES_READY)
                page.wait_for_function("() => document.activeElement.id === 'fix'")
                if look:
                    page.wait_for_timeout(look * 1000)
                match = _SEED.search(ref)
                if match is None:
                    sys.exit(f"not a bench ballot: {ref}")
                suggested = page.locator("#suggested")
                text, kind = _typed(
                    targets[int(match.group(1))],
                    suggested.inner_text() if suggested.count() else None,
                )
                if text:
                    page.keyboard.type(text, delay=key_delay * 1000)
                page.keyboard.press("Enter")
                review.kinds[kind] += 1
                page.wait_for_function(
                    "(ref) => { const r = document.querySelector('#review-ref .ref');"
                    " return !r || r.textContent !== ref; }",
                    arg=ref,
                )
                review.seconds.append(time.monotonic() - shown)
            review.wall = time.monotonic() - started
        finally:
            browser.close()
    return review


_LETTER = {"not_issued": "k", "added_name": "v", "extra_content": "x"}


def _as_target(ballot: dict[str, Any], ids: list[str]) -> Target:
    return Target(
        frozenset(ids.index(c) + 1 for c in ballot.get("crossed", [])),
        frozenset(_LETTER[d] for d in ballot.get("defects", [])),
    )


def _target_of(ref: str, targets: dict[int, Target]) -> Target | None:
    match = _SEED.search(ref)
    return targets.get(int(match.group(1))) if match else None


def check_decisions(election_pk: int, targets: dict[int, Target]) -> list[str]:
    """Every flagged ballot was decided, and holds what the person meant to record."""
    from daihoi.elections import services
    from daihoi.elections.models import Election, ScanStatus

    election = Election.objects.get(pk=election_pk)
    ids = services.candidate_ids(election)
    wrong = []
    for scanned in election.scans.exclude(status=ScanStatus.COUNTED):
        target = _target_of(scanned.ref, targets)
        got = _as_target(scanned.decision or {}, ids)
        if scanned.status != ScanStatus.DECIDED or got != target:
            wrong.append(f"{scanned.ref}: {scanned.status} {got} ≠ {target}")
    return wrong


def check_counted(election_pk: int, targets: dict[int, Target]) -> list[str]:
    """Every ballot counted as read, without a flag, holds what the paper shows."""
    from daihoi.elections import services
    from daihoi.elections.models import Election, ScanStatus

    election = Election.objects.get(pk=election_pk)
    ids = services.candidate_ids(election)
    wrong = []
    for scanned in election.scans.filter(status=ScanStatus.COUNTED):
        target = _target_of(scanned.ref, targets)
        got = _as_target(scanned.read or {}, ids)
        if got != target:
            wrong.append(f"{scanned.ref}: read {got} ≠ {target}")
    return wrong


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else 0.0
