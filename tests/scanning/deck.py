"""A synthetic deck of scanned ballots, each with what a careful human reads on it.

The real ballot PDF (``render_ballot_pdf``, with a committee header) is
rendered at 150, 200 or 300 dpi; names are struck as people strike them, or
X marks put in the agree/disagree boxes, with black and blue pens of several
widths; then the sheet is "scanned": stamped (or not), skewed, scaled,
shifted, stretched a little unevenly along its length as a sheet-feed
scanner does, sometimes fed upside down, blurred, made light or dark,
noised, JPEG-compressed, given dust and stray pen dots, a written-in name,
a mark elsewhere, a streak.

Ground truth per row: ``struck``/``kept`` (cross-out) or
``agree``/``disagree``/``both``/``none`` when the mark is clear, and
``doubtful`` for a mark made deliberately doubtful (a short or partial
stroke, an underline; a dot, a dash or an X across two boxes). Per ballot:
the review reasons that must be raised (``expected``) and whether it is
*clean* (every mark clear, stamped, nothing outside the rows, no streak),
which must raise none.

Everything is drawn from a :class:`BallotSpec`, itself drawn from a seed:
``make_spec(definition, seed)`` then ``render(spec)`` gives the same image
on any machine with the same fonts.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import Any, Literal

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2

from daihoi.core.ballots.layout import BallotLayout, Rect
from daihoi.core.elections.model import ElectionDefinition
from daihoi.core.scanning import interpret, template
from daihoi.core.scanning.template import SCALE, BlankBallot, Box, RowGeometry
from daihoi.documents.ballot_pdf import BallotHeader, blank_ballot_pdf, render_ballot_pdf

HEADER = BallotHeader(committee="Đảng ủy xã Hòa Bình", upper="Đảng bộ huyện Tân Lạc")

# Without the PDF printed, the scanner compares with the ballot the printer draws
# with an empty header: core takes that drawing from its caller.
blank_ballot = partial(template.blank_ballot, render=blank_ballot_pdf)
interpret_page = partial(interpret.interpret_page, render=blank_ballot_pdf)
interpret_file = partial(interpret.interpret_file, render=blank_ballot_pdf)

Image = npt.NDArray[np.uint8]

PENS: dict[str, tuple[int, int, int]] = {  # BGR
    "black": (40, 35, 35),
    "blue": (175, 80, 30),
    "dark_blue": (130, 45, 25),
    "light_blue": (205, 130, 70),
    "violet": (150, 45, 115),
    "red": (45, 40, 200),
}
PEN_WIDTHS = (0.3, 0.5, 0.7, 1.0)

#: The stroke families of the first deck (issue 5).
FIRST_STRIKES = ("line", "double", "wavy", "zigzag", "scribble")
#: Strokes people make (issue 14): a straight line at any slope within the row,
#: a freehand line (wobble, pressure), one with skips where the pen lifted,
#: three lines, a ruler line, a stroke starting in the number column, one
#: running past the row's end; a shaking hand's line, a line bowed through the
#: letters, a name struck in two overlapping movements, a quick stroke fading
#: at both ends, a line with a hook where the pen landed and a flick where it
#: left.
WIDE_STRIKES = (
    "slope",
    "freehand",
    "skipping",
    "triple",
    "ruler",
    "from_number",
    "overrun",
    "tremor",
    "arc",
    "two_pass",
    "tapered",
    "hooked",
)
CLEAR_STRIKES = FIRST_STRIKES + WIDE_STRIKES
DOUBTFUL_STRIKES = ("short", "partial", "underline")
#: A stroke along the row's top or bottom edge; one on the rule between two
#: rows (both rows are then doubtful); one that stays on one word; one that
#: strikes every word but one in the middle; a ring drawn round the name and
#: a tick over it (kept or struck? the committee decides).
WIDE_DOUBTFUL = ("edge", "between", "one_word", "skip_word", "circled", "ticked")
#: Not drawn: the row below a ``between`` stroke, doubtful too.
BETWEEN_BELOW = "between_below"

#: Families of the wide deck: tuned on the first, every figure reported on
#: the second (seeds apart too, see ``HELD_OUT_SEED``). Held out: strokes,
#: pens, papers, seals, and the dithered 1-bit scanner.
TUNING = {
    "strikes": ("line", "double", "wavy", "scribble", "slope", "freehand", "skipping", "tapered"),
    "doubtful": ("short", "partial", "underline", "edge", "skip_word", "circled"),
    "pens": ("black", "blue"),
    "papers": ("flat", "fold2", "light_toner"),
    "seals": ("red",),
    "modes": ("colour", "gray", "threshold"),
}
HELD_OUT = {
    "strikes": (
        "zigzag",
        "triple",
        "ruler",
        "from_number",
        "overrun",
        "tremor",
        "arc",
        "two_pass",
        "hooked",
    ),
    "doubtful": ("short", "partial", "underline", "edge", "between", "one_word", "ticked"),
    "pens": ("violet", "red", "dark_blue", "light_blue", "black", "blue"),
    "papers": ("fold4", "print_streaks", "cut_margins", "dog_ear"),
    "seals": ("orange_red", "crimson", "small", "large"),
    "modes": ("colour", "gray", "threshold", "dither"),
}
#: Seeds from here on were never used to set a threshold, nor looked at while
#: building the reader (seeds 1,000,000–1,000,299 of the held-out families
#: were: two runs there led to the 1-bit and light-pen changes).
HELD_OUT_SEED = 2_000_000
SEAL_INKS: dict[str, tuple[int, int, int]] = {  # BGR
    "red": (60, 45, 200),
    "orange_red": (50, 85, 225),
    "crimson": (95, 35, 170),
}
CLEAR_BOXES = ("x", "tick")
DOUBTFUL_BOXES = ("dot", "dash", "straddle", "name_stroke")

Truth = Literal["struck", "kept", "agree", "disagree", "both", "none", "doubtful"]


@dataclass(frozen=True)
class Scan:
    """How the sheet went through the scanner."""

    dpi: int = 200
    colour: bool = True
    angle: float = 0.0
    scale: float = 1.0
    shift: tuple[float, float] = (0.0, 0.0)
    upside_down: bool = False
    stretch: float = 0.0  # mm, uneven feed along the page's length
    blur: float = 0.0  # Gaussian sigma in pixels
    noise: float = 0.0  # standard deviation, of 255
    jpeg: int | None = None  # quality
    tone: Literal["normal", "light", "dark"] = "normal"
    tone_amount: float = 0.0
    black_backing: bool = False
    #: ``threshold`` or ``dither``: a 1-bit black-and-white scan …
    binary: str = ""
    #: … and a threshold scanner's level (of 255; 0: drawn when scanning).
    threshold: float = 0.0
    #: The sheet folded in two or four: creases, shadows, not flat.
    fold: int = 0
    #: mm of the scan cut off at its left, top, right, bottom (uneven margins).
    cut: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class RowPlan:
    """What the voter does on one row: ``style`` and where (``box``: agree/disagree/both)."""

    number: int
    candidate_id: str
    style: str = "none"
    box: str = ""


@dataclass(frozen=True)
class BallotSpec:
    seed: int
    rows: tuple[RowPlan, ...]
    pen: str = "blue"
    pen_width: float = 0.5
    stamp: bool = True
    stamp_alpha: float = 0.85
    outside: Literal["name", "mark"] | None = None
    streak: bool = False
    dust: int = 0
    pen_dots: int = 0
    scan: Scan = field(default_factory=Scan)
    #: Printing: toner (1 full, lower lighter), faded streaks along the feed.
    toner: float = 1.0
    print_streaks: int = 0
    #: The seal: its ink, its diameter (mm).
    seal_ink: str = "red"
    seal_mm: tuple[float, float] = (20.0, 25.0)
    #: A corner of the sheet folded over (0–3 from top-left, clockwise), or -1.
    dog_ear: int = -1
    #: The families drawn, for the benchmark's tables.
    families: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class BallotTruth:
    rows: tuple[tuple[str, Truth], ...]
    styles: tuple[tuple[str, str], ...]
    expected: frozenset[str]
    clean: bool


def seal_dropped(spec: BallotSpec) -> bool:
    """Whether a threshold scanner dropped the seal whole: its ink, laid at the
    impression's strength on white paper, is lighter than the scanner's level
    (no reader can see it; a photocopy drops it the same way)."""
    if not spec.stamp or spec.scan.binary != "threshold" or not spec.scan.threshold:
        return False
    blue, green, red = (
        255.0 * (1.0 - spec.stamp_alpha * (1.0 - c / 255.0)) for c in SEAL_INKS[spec.seal_ink]
    )
    return 0.114 * blue + 0.587 * green + 0.299 * red > spec.scan.threshold


def truth_of(spec: BallotSpec, form: str) -> BallotTruth:
    rows: list[tuple[str, Truth]] = []
    for plan in spec.rows:
        rows.append((plan.candidate_id, _row_truth(plan, form)))
    expected: set[str] = set()
    if any(t == "doubtful" for _, t in rows):
        expected.add("doubtful_row")
    if not spec.stamp:
        expected.add("no_stamp")
    if spec.outside is not None:
        expected.add("ink_outside_rows")
    if spec.streak:
        expected.add("streak")
    return BallotTruth(
        rows=tuple(rows),
        styles=tuple((p.candidate_id, p.style) for p in spec.rows),
        expected=frozenset(expected),
        clean=not expected,
    )


def _row_truth(plan: RowPlan, form: str) -> Truth:
    if (
        plan.style in DOUBTFUL_STRIKES
        or plan.style in WIDE_DOUBTFUL
        or plan.style == BETWEEN_BELOW
        or plan.style in DOUBTFUL_BOXES
    ):
        return "doubtful"
    if form == "cross_out":
        return "struck" if plan.style in CLEAR_STRIKES else "kept"
    if plan.style == "none":
        return "none"
    boxes: dict[str, Truth] = {"agree": "agree", "disagree": "disagree", "both": "both"}
    return boxes[plan.box]


# --- choosing a ballot ----------------------------------------------------------


@dataclass(frozen=True)
class Mix:
    """Shares of each case in a deck (the rest is clean)."""

    doubtful: float = 0.10
    no_stamp: float = 0.05
    outside_name: float = 0.04
    outside_mark: float = 0.04
    streak: float = 0.03
    upside_down: float = 0.08
    gray: float = 0.3
    jpeg: float = 0.3
    strike_share: float = 0.4
    #: The families drawn from (``None``: the first deck's, nothing new).
    families: dict[str, tuple[str, ...]] | None = None


def make_spec(
    definition: ElectionDefinition, seed: int, mix: Mix | None = None, **scan: Any
) -> BallotSpec:
    """A random ballot of ``definition`` (``scan`` fixes fields of its :class:`Scan`)."""
    mix = mix or Mix()
    rng = random.Random(seed)
    layout = _layout(definition)
    form = layout.form
    rows = [RowPlan(r.number, r.candidate_id) for r in layout.rows]
    planned = []
    wide = mix.families
    strikes = FIRST_STRIKES if wide is None else wide["strikes"]
    for plan in rows:
        if rng.random() < mix.strike_share or form != "cross_out":
            if form == "cross_out":
                plan = replace(plan, style=rng.choice(strikes))
            else:
                box = rng.choice(("agree", "agree", "agree", "disagree", "both", "none"))
                style = "none" if box == "none" else rng.choice(CLEAR_BOXES)
                plan = replace(plan, style=style, box="" if box == "none" else box)
        planned.append(plan)
    if rng.random() < mix.doubtful:
        k = rng.randrange(len(planned))
        styles: tuple[str, ...] = DOUBTFUL_STRIKES if form == "cross_out" else DOUBTFUL_BOXES
        if wide is not None and form == "cross_out":
            styles = wide["doubtful"]
        planned[k] = replace(
            planned[k], style=rng.choice(styles), box=rng.choice(("agree", "disagree"))
        )
        if planned[k].style == "between":
            below = _below(layout, planned[k].number)
            if below is None:
                planned[k] = replace(planned[k], style="edge")
            else:
                planned[below - 1] = replace(planned[below - 1], style=BETWEEN_BELOW)
    roll = rng.random()
    outside: Literal["name", "mark"] | None = None
    if roll < mix.outside_name:
        outside = "name"
    elif roll < mix.outside_name + mix.outside_mark:
        outside = "mark"
    dpi = rng.choices((150, 200, 300), weights=(3, 5, 2))[0]
    tone: Literal["normal", "light", "dark"] = rng.choices(
        ("normal", "light", "dark"), weights=(6, 2, 2)
    )[0]
    base = Scan(
        dpi=dpi,
        colour=rng.random() >= mix.gray,
        angle=rng.uniform(-3.0, 3.0),
        scale=rng.uniform(0.97, 1.03),
        shift=(rng.uniform(-2.0, 2.0), rng.uniform(-2.0, 2.0)),
        upside_down=rng.random() < mix.upside_down,
        stretch=rng.uniform(-0.6, 0.6),
        blur=rng.uniform(0.0, 1.0),
        noise=rng.uniform(0.0, 6.0),
        jpeg=rng.randint(40, 90) if rng.random() < mix.jpeg else None,
        tone=tone,
        tone_amount=rng.uniform(0.1, 0.3),
        black_backing=rng.random() < 0.1,
    )
    ballot = BallotSpec(
        seed=seed,
        rows=tuple(planned),
        pen=rng.choice(tuple(PENS)[:4]),
        pen_width=rng.choice(PEN_WIDTHS),
        stamp=rng.random() >= mix.no_stamp,
        stamp_alpha=rng.uniform(0.6, 0.95),
        outside=outside,
        streak=rng.random() < mix.streak,
        dust=rng.randint(0, 12),
        pen_dots=rng.randint(0, 2),
        scan=base,
    )
    if wide is not None:
        ballot = _widen(ballot, rng, wide)
    return replace(ballot, scan=replace(ballot.scan, **scan))


def _below(layout: BallotLayout, number: int) -> int | None:
    """The row under row ``number`` in the same table column, if any."""
    rows = {r.number: r for side in layout.sides for r in side.rows}
    this, under = rows[number], rows.get(number + 1)
    if under is None or under.column != this.column:
        return None
    return under.number


def _widen(ballot: BallotSpec, rng: random.Random, wide: dict[str, tuple[str, ...]]) -> BallotSpec:
    """Pens, paper, seal and scanner drawn from the wide deck's ``wide`` families."""
    pen = rng.choice(wide["pens"])
    width = (
        round(rng.uniform(0.2, 1.0), 2) if "violet" in wide["pens"] else rng.choice((0.3, 0.5, 0.7))
    )
    paper = rng.choice(wide["papers"])
    seal = rng.choice(wide["seals"])
    mode = rng.choice(wide["modes"])
    scan = ballot.scan
    binary = mode if mode in ("threshold", "dither") else ""
    if binary:  # a black-and-white scanner sets its own exposure and threshold
        scan = replace(scan, tone="normal", blur=min(scan.blur, 0.6))
    scan = replace(
        scan,
        colour=mode == "colour",
        binary=binary,
        jpeg=None if binary else (rng.randint(40, 95) if rng.random() < 0.5 else None),
        fold={"fold2": 2, "fold4": 4}.get(paper, 0),
        angle=rng.uniform(-3.0, 3.0),
    )
    if paper == "cut_margins":  # the scanner's margin cut unevenly, up to the sheet's edge
        cuts = tuple(round(rng.uniform(0.0, 5.5), 1) for _ in range(4))
        scan = replace(scan, cut=(cuts[0], cuts[1], cuts[2], cuts[3]))
    sizes = {"small": (28.0, 33.0), "large": (40.0, 44.0)}
    widened = replace(
        ballot,
        pen=pen,
        pen_width=width,
        toner=rng.uniform(0.65, 0.85) if paper == "light_toner" else 1.0,
        print_streaks=rng.randint(1, 3) if paper == "print_streaks" else 0,
        seal_ink=seal if seal in SEAL_INKS else "red",
        seal_mm=sizes.get(seal, (34.0, 40.0)),
        dog_ear=rng.randrange(4) if paper == "dog_ear" else -1,
        scan=scan,
        families=(
            ("pen", pen),
            ("paper", paper),
            ("seal", seal),
            ("scanner", f"{mode} {scan.dpi} dpi"),
        ),
    )
    if binary == "threshold":
        widened = replace(widened, scan=replace(widened.scan, threshold=rng.uniform(115.0, 150.0)))
    return widened


# --- drawing ----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _layout(definition: ElectionDefinition) -> BallotLayout:
    return blank_ballot(definition).layout


@lru_cache(maxsize=8)
def _pdf(definition: ElectionDefinition) -> bytes:
    return render_ballot_pdf(definition, header=HEADER)


@lru_cache(maxsize=8)
def printed_side(definition: ElectionDefinition, dpi: int, side: int = 1) -> Image:
    """The printed ballot side as a BGR image at ``dpi`` (a fresh copy each call)."""
    document = pypdfium2.PdfDocument(_pdf(definition))
    try:
        page = document[side - 1]
        image = np.array(page.render(scale=dpi / 72).to_numpy(), copy=True)
        page.close()
    finally:
        document.close()
    image.setflags(write=False)
    return image


class _Ink:
    """Marks drawn in millimetres onto a coverage layer, then laid over the paper."""

    def __init__(self, shape: tuple[int, int], dpi: int) -> None:
        self.cover = np.zeros(shape, dtype=np.uint8)
        self.per_mm = dpi / 25.4

    def px(self, points: list[tuple[float, float]]) -> npt.NDArray[np.int32]:
        arr = np.array(points, dtype=np.float64) * self.per_mm * 16
        return np.rint(arr).astype(np.int32).reshape(-1, 1, 2)

    def line(self, points: list[tuple[float, float]], width: float, value: int = 255) -> None:
        thickness = max(1, round(width * self.per_mm))
        cv2.polylines(self.cover, [self.px(points)], False, value, thickness, cv2.LINE_AA, shift=4)

    def dot(self, centre: tuple[float, float], radius: float) -> None:
        cv2.circle(
            self.cover, tuple(self.px([centre]).ravel()), round(radius * self.per_mm * 16),
            255, -1, cv2.LINE_AA, shift=4,
        )  # fmt: skip

    def fill(self, points: list[tuple[float, float]]) -> None:
        cv2.fillPoly(self.cover, [self.px(points)], 255, cv2.LINE_AA, shift=4)

    def text(self, text: str, at: tuple[float, float], height: float, width: float) -> None:
        font = cv2.FONT_HERSHEY_SCRIPT_SIMPLEX
        scale = height * self.per_mm / 22.0
        org = (round(at[0] * self.per_mm), round(at[1] * self.per_mm))
        thickness = max(1, round(width * self.per_mm))
        cv2.putText(self.cover, text, org, font, scale, 255, thickness, cv2.LINE_AA)

    def lay(self, image: Image, colour: tuple[int, int, int], alpha: float) -> None:
        """Multiply (ink over print looks like ink over print), where there is ink."""
        x, y, w, h = cv2.boundingRect(self.cover)
        if not w or not h:
            return
        part = image[y : y + h, x : x + w].astype(np.float32)
        a = self.cover[y : y + h, x : x + w].astype(np.float32)[:, :, None] * (alpha / 255.0)
        tint = np.array(colour, dtype=np.float32)[None, None, :] / 255.0
        part *= 1.0 - a * (1.0 - tint)
        image[y : y + h, x : x + w] = np.clip(part + 0.5, 0, 255).astype(np.uint8)


def _wobble(rng: random.Random, length: float, amount: float) -> list[float]:
    """A smooth random offset along a stroke (a hand is not a ruler)."""
    k1, k2 = rng.uniform(0.05, 0.2), rng.uniform(0.2, 0.6)
    p1, p2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    steps = max(2, int(length * 2))
    return [
        amount * (0.7 * math.sin(k1 * i / 2 + p1) + 0.3 * math.sin(k2 * i / 2 + p2))
        for i in range(steps + 1)
    ]


def _mm(value: int) -> float:
    return value / SCALE


def _strike(ink: _Ink, rng: random.Random, g: RowGeometry, style: str, width: float) -> None:
    """A cross-out stroke (or a deliberately doubtful one) on row ``g``."""
    if style in WIDE_STRIKES or style in WIDE_DOUBTFUL:
        _wide_strike(ink, rng, g, style, width)
        return
    if style == BETWEEN_BELOW:
        return
    start, end = _mm(g.words[0][0]), _mm(g.words[-1][1])
    cells_left = _mm(g.cells.x0)
    mid = (_mm(g.band[0]) + _mm(g.band[1])) / 2
    row_top, row_bottom = _mm(g.inner.y0), _mm(g.inner.y1)
    room = (row_bottom - row_top) / 2 - 0.6 - width / 2  # from mid to stay in the row
    half_band = (_mm(g.band[1]) - _mm(g.band[0])) / 2
    if style in CLEAR_STRIKES:
        x0 = max(cells_left + 0.5, start - rng.uniform(1.0, 7.0))
        x1 = end + rng.uniform(1.0, 7.0)
    elif style == "short":
        length = rng.uniform(4.0, 10.0)
        x0 = rng.uniform(start, max(start, end - length))
        x1 = min(end, x0 + length)
        _path(ink, rng, x0, x1, mid + rng.uniform(-0.4, 0.4), width, 0.15, 0.4)
        return
    elif style == "partial":
        word = rng.randrange(len(g.words)) if len(g.words) > 1 else 0
        a, b = _mm(g.words[word][0]), _mm(g.words[word][1])
        if len(g.words) > 1:  # the strike stops short of (or starts after) one word
            if word == 0:
                x0, x1 = b + 0.5, end + rng.uniform(1.0, 5.0)
            else:
                x0, x1 = start - rng.uniform(1.0, 5.0), a - 0.5
        else:
            x0, x1 = start - rng.uniform(1.0, 4.0), a + (b - a) * rng.uniform(0.2, 0.5)
        _path(ink, rng, x0, x1, mid + rng.uniform(-0.4, 0.4), width, 0.15, 0.4)
        return
    else:  # underline: below the baseline, through the descenders
        y = _mm(g.band[1]) + 0.6 + width / 2 + rng.uniform(0.0, 0.6)
        y = min(y, row_bottom - width / 2 - 0.3)
        _path(
            ink,
            rng,
            start - rng.uniform(0.5, 4.0),
            end + rng.uniform(0.5, 4.0),
            y,
            width,
            0.05,
            0.0,
        )
        return
    slope = rng.uniform(-0.6, 0.6)
    y = mid + rng.uniform(-0.3, 0.3) * half_band
    if style == "line":
        _path(ink, rng, x0, x1, y, width, 0.25, slope)
    elif style == "double":
        gap = min(room * 0.8, rng.uniform(0.8, 1.5))
        _path(ink, rng, x0, x1, y - gap / 2, width, 0.15, slope)
        _path(
            ink,
            rng,
            x0 + rng.uniform(-1, 1),
            x1 + rng.uniform(-1, 1),
            y + gap / 2,
            width,
            0.15,
            slope,
        )
    elif style == "wavy":
        amp = min(room * 0.7, half_band * rng.uniform(0.4, 0.8))
        period = rng.uniform(4.0, 8.0)
        ink.line(_wave(x0, x1, y, amp, period, slope, sharp=False), width)
    elif style == "zigzag":
        amp = min(room * 0.9, half_band * rng.uniform(0.8, 1.3))
        period = rng.uniform(2.5, 5.0)
        ink.line(_wave(x0, x1, y, amp, period, slope, sharp=True), width)
    else:  # scribble: several overlapping waves
        for _ in range(rng.randint(2, 4)):
            amp = min(room * 0.9, half_band * rng.uniform(0.5, 1.2))
            ink.line(
                _wave(x0 + rng.uniform(-1, 1), x1 + rng.uniform(-1, 1), y + rng.uniform(-0.4, 0.4),
                      amp, rng.uniform(1.5, 3.5), slope, sharp=rng.random() < 0.5),
                width,
            )  # fmt: skip


def _wide_strike(ink: _Ink, rng: random.Random, g: RowGeometry, style: str, width: float) -> None:
    """The strokes of the wide deck (issue 14), and its doubtful ones."""
    start, end = _mm(g.words[0][0]), _mm(g.words[-1][1])
    cells_left, row_right = _mm(g.cells.x0), _mm(g.inner.x1)
    mid = (_mm(g.band[0]) + _mm(g.band[1])) / 2
    row_top, row_bottom = _mm(g.inner.y0), _mm(g.inner.y1)
    row_height = row_bottom - row_top + 2 * 0.7
    half_band = (_mm(g.band[1]) - _mm(g.band[0])) / 2
    room = (row_bottom - row_top) / 2 - 0.6 - width / 2
    x0 = max(cells_left + 0.5, start - rng.uniform(0.5, 8.0))
    x1 = min(row_right - 0.5, end + rng.uniform(0.5, 8.0))
    if style == "from_number":
        x0 = cells_left + rng.uniform(0.5, 8.0)
    elif style == "overrun":  # past the row's end, or a long way past the name
        far = row_right + rng.uniform(1.0, 4.5)
        x1 = far if far - end < 40.0 else end + rng.uniform(10.0, 40.0)
    if style == "edge":  # along the row's top or bottom rule, inside the row
        y = row_top + 0.3 + width / 2 if rng.random() < 0.5 else row_bottom - 0.3 - width / 2
        _path(
            ink,
            rng,
            start - rng.uniform(0.5, 4.0),
            end + rng.uniform(0.5, 4.0),
            y,
            width,
            0.08,
            0.0,
        )
        return
    if style == "between":  # on the rule under the row
        y = row_bottom + 0.7 + rng.uniform(-0.3, 0.3)
        _path(
            ink, rng, start - rng.uniform(0.5, 4.0), end + rng.uniform(0.5, 4.0), y, width, 0.1, 0.0
        )
        return
    if style == "skip_word" and len(g.words) >= 3:
        # Every word struck but one in the middle: two strokes, each ending in
        # the space beside the word left standing.
        skip = rng.randrange(1, len(g.words) - 1)
        left_end = _mm(g.words[skip - 1][1]) + rng.uniform(0.1, 0.5)
        right_start = _mm(g.words[skip + 1][0]) - rng.uniform(0.1, 0.5)
        y = mid + rng.uniform(-0.4, 0.4)
        _path(ink, rng, start - rng.uniform(0.5, 4.0), left_end, y, width, 0.15, 0.2)
        _path(ink, rng, right_start, end + rng.uniform(0.5, 4.0), y, width, 0.15, 0.2)
        return
    if style == "circled":  # a ring round the whole name, hugging the rules
        cx, rx = (start + end) / 2, (end - start) / 2 + rng.uniform(1.0, 3.0)
        rx = min(rx, cx - cells_left - 0.3, row_right - 0.3 - cx)
        ry = ((row_bottom - row_top) / 2 - 0.5 - width / 2) * rng.uniform(0.85, 1.0)
        cy = (row_top + row_bottom) / 2
        first = rng.uniform(0, math.tau)
        sweep = math.tau + rng.uniform(0.15, 0.5)  # the pen runs on past where it began
        count = 72
        ink.line(
            [
                (
                    cx + rx * math.cos(first + sweep * i / count),
                    cy + ry * math.sin(first + sweep * i / count) + rng.uniform(-0.08, 0.08),
                )
                for i in range(count + 1)
            ],
            width,
        )
        return
    if style == "ticked":  # a tick over the name: down a little, then up and on
        at = start + (end - start) * rng.uniform(0.2, 0.6)
        drop = rng.uniform(0.8, 1.6)
        low = min(row_bottom - 0.5 - width / 2, mid + drop)
        high = max(row_top + 0.5 + width / 2, mid - rng.uniform(1.2, 2.4))
        ink.line(
            [
                (at - rng.uniform(1.0, 2.0), mid + rng.uniform(-0.3, 0.3)),
                (at, low),
                (at + rng.uniform(3.0, 7.0), high),
            ],
            width,
        )
        return
    if style in ("one_word", "skip_word"):
        word = rng.randrange(len(g.words))
        a, b = _mm(g.words[word][0]), _mm(g.words[word][1])
        _path(ink, rng, a - rng.uniform(0.3, 1.5), b + rng.uniform(0.3, 1.5),
              mid + rng.uniform(-0.4, 0.4), width, 0.15, rng.uniform(-0.4, 0.4))  # fmt: skip
        return
    # Total rise over the name: up to a quarter of the row's height, kept in the row.
    rise = rng.uniform(-0.25, 0.25) * row_height
    slope_per_mm = rise / max(end - start, x1 - x0, 1.0)
    centre = mid + rng.uniform(-0.4, 0.4) * half_band
    name_mid = (start + end) / 2

    def y_at(x: float) -> float:
        return centre + slope_per_mm * (x - name_mid)

    # Keep the whole stroke inside the row (a stroke over the rules is another case).
    lowest, highest = row_top + 0.5 + width / 2, row_bottom - 0.5 - width / 2
    spread = 1.2 if style == "triple" else 0.0
    ends = [y_at(x0), y_at(x1)]
    if min(ends) - spread < lowest:
        centre += lowest - (min(ends) - spread)
    if max(ends) + spread > highest:
        centre -= max(ends) + spread - highest
    if style == "slope" or style == "from_number" or style == "overrun":
        _free_line(ink, rng, x0, x1, y_at, width, wobble=0.12, pressure=False, skips=0)
    elif style == "ruler":
        ink.line([(x0, y_at(x0)), (x1, y_at(x1))], min(width, 0.5))
    elif style == "freehand":
        _free_line(ink, rng, x0, x1, y_at, width, wobble=min(room, 0.5), pressure=True, skips=0)
    elif style == "skipping":
        _free_line(
            ink, rng, x0, x1, y_at, width, wobble=0.3, pressure=True, skips=rng.randint(1, 3)
        )
    elif style == "tremor":  # a shaking hand: a small fast wave all along
        amp, period = rng.uniform(0.12, 0.35), rng.uniform(0.8, 2.0)
        phase = rng.uniform(0, 6.3)
        count = max(2, int((x1 - x0) * 4))
        xs = [x0 + (x1 - x0) * i / count for i in range(count + 1)]
        shake = [
            amp * math.sin(math.tau * x / period + phase) + rng.uniform(-0.05, 0.05) for x in xs
        ]
        ink.line([(x, y_at(x) + d) for x, d in zip(xs, shake, strict=True)], width)
    elif style == "arc":  # a bowed line through the letters, highest (or lowest) mid-name
        # The bow stays within the letters' band: a bow that leaves the
        # letters over the middle words is a curved underline, not a strike.
        lean = 1.0 if rng.random() < 0.5 else -1.0
        bow = rng.uniform(0.4, 1.6) * half_band
        base = mid - lean * bow / 2 + rng.uniform(-0.15, 0.15) * half_band
        count = max(2, int((x1 - x0) * 2))
        xs = [x0 + (x1 - x0) * i / count for i in range(count + 1)]
        points = [
            (x, min(highest, max(lowest, base + lean * bow * 4 * (i / count) * (1 - i / count))))
            for i, x in enumerate(xs)
        ]
        ink.line(points, width)
    elif style == "two_pass":  # struck in two movements overlapping in the middle
        cut_at = x0 + (x1 - x0) * rng.uniform(0.3, 0.7)
        overlap = rng.uniform(1.0, 4.0)
        for a, b in ((x0, cut_at + overlap / 2), (cut_at - overlap / 2, x1)):
            shift = rng.uniform(-0.5, 0.5)

            def y_s(x: float, shift: float = shift) -> float:
                return min(highest, max(lowest, y_at(x) + shift))

            _free_line(ink, rng, a, b, y_s, width, wobble=0.15, pressure=False, skips=0)
    elif style == "tapered":  # a quick stroke: lighter and thinner where it starts and ends
        fade = rng.uniform(0.15, 0.25)
        floor = rng.uniform(0.45, 0.7)
        count = max(2, int((x1 - x0) * 4))
        for i in range(count):
            t = (i + 0.5) / count
            edge = min(t, 1 - t) / fade
            strength = floor + (1 - floor) * min(1.0, edge)
            a, b = x0 + (x1 - x0) * i / count, x0 + (x1 - x0) * (i + 1) / count
            ink.line(
                [(a, y_at(a)), (b, y_at(b))], width * (0.5 + 0.5 * strength), round(255 * strength)
            )
    elif style == "hooked":  # a hook where the pen landed, a flick where it left
        _free_line(ink, rng, x0, x1, y_at, width, wobble=0.2, pressure=False, skips=0)

        def kept_in(y: float) -> float:
            return min(highest, max(lowest, y))

        land = rng.uniform(0.6, 1.8) * rng.choice((-1.0, 1.0))
        foot = max(cells_left + 0.2, x0 - rng.uniform(0.3, 0.9))
        ink.line([(foot, kept_in(y_at(x0) + land)), (x0, y_at(x0))], width)
        flick = rng.uniform(0.8, 2.2) * rng.choice((-1.0, 1.0))
        tip = min(row_right - 0.3, x1 + rng.uniform(0.4, 1.4))
        ink.line([(x1, y_at(x1)), (tip, kept_in(y_at(x1) + flick))], width)
    else:  # triple
        gap = rng.uniform(0.5, 1.1)
        for k in (-1, 0, 1):
            a = x0 + rng.uniform(-1.0, 1.0)
            b = x1 + rng.uniform(-1.0, 1.0)

            def y_k(x: float, k: int = k) -> float:
                return y_at(x) + k * gap

            a = max(cells_left + 0.3, a)
            _free_line(ink, rng, a, b, y_k, width, wobble=0.15, pressure=False, skips=0)


def _free_line(
    ink: _Ink,
    rng: random.Random,
    x0: float,
    x1: float,
    y_at: Any,
    width: float,
    *,
    wobble: float,
    pressure: bool,
    skips: int,
) -> None:
    """A hand's line from ``x0`` to ``x1`` along ``y_at``: wobble, pressure
    (width and darkness change along it), ``skips`` where the pen lifts."""
    length = max(x1 - x0, 0.5)
    offsets = _wobble(rng, length, wobble)
    n = len(offsets) - 1
    points = [(x0 + length * i / n, y_at(x0 + length * i / n) + offsets[i]) for i in range(n + 1)]
    lifted: set[int] = set()
    for _ in range(skips):
        at = rng.randrange(1, max(2, n - 3))
        lifted.update(range(at, at + rng.randint(1, 3)))  # 0.5 to 1.5 mm
    if not pressure and not lifted:
        ink.line(points, width)
        return
    phase = rng.uniform(0, 6.3)
    for i in range(n):
        if i in lifted:
            continue
        strength = 0.85 + 0.15 * math.sin(i / 6.0 + phase) if pressure else 1.0
        ink.line(points[i : i + 2], width * (0.6 + 0.4 * strength), round(255 * strength))


def _path(
    ink: _Ink,
    rng: random.Random,
    x0: float,
    x1: float,
    y: float,
    width: float,
    wobble: float,
    slope: float,
) -> None:
    length = max(x1 - x0, 0.5)
    offsets = _wobble(rng, length, wobble)
    n = len(offsets) - 1
    points = [(x0 + length * i / n, y + slope * (i / n - 0.5) + offsets[i]) for i in range(n + 1)]
    ink.line(points, width)


def _wave(
    x0: float, x1: float, y: float, amp: float, period: float, slope: float, *, sharp: bool
) -> list[tuple[float, float]]:
    length = x1 - x0
    steps = max(2, int(length / (period / 2 if sharp else period / 16)))
    points = []
    for i in range(steps + 1):
        x = x0 + length * i / steps
        t = (x - x0) / period
        offset = amp * (1 if i % 2 else -1) if sharp else amp * math.sin(2 * math.pi * t)
        points.append((x, y + slope * (i / steps - 0.5) + offset))
    return points


def _box_mark(ink: _Ink, rng: random.Random, g: RowGeometry, plan: RowPlan, width: float) -> None:
    assert g.agree is not None and g.disagree is not None
    boxes = {"agree": (g.agree,), "disagree": (g.disagree,), "both": (g.agree, g.disagree)}
    if plan.style in CLEAR_BOXES:
        for box in boxes[plan.box]:
            _x_or_tick(ink, rng, box, plan.style, width)
        return
    box = g.agree if plan.box == "agree" else g.disagree
    cx, cy = (_mm(box.x0) + _mm(box.x1)) / 2, (_mm(box.y0) + _mm(box.y1)) / 2
    if plan.style == "dot":
        ink.dot((cx + rng.uniform(-4, 4), cy + rng.uniform(-1, 1)), rng.uniform(0.55, 0.9))
    elif plan.style == "dash":
        length = rng.uniform(1.2, 2.0)
        x = cx + rng.uniform(-4, 4)
        ink.line([(x, cy), (x + length, cy + rng.uniform(-0.2, 0.2))], width)
    elif plan.style == "straddle":  # an X across the rule between the two boxes
        border = _mm(g.agree.x1) + 0.7
        size = rng.uniform(4.0, 6.0)
        _x_at(ink, border + rng.uniform(-1.0, 1.0), cy, size, width)
    else:  # name_stroke: the name struck through on an agree/disagree ballot
        start, end = _mm(g.words[0][0]), _mm(g.words[-1][1])
        mid = (_mm(g.band[0]) + _mm(g.band[1])) / 2
        _path(ink, rng, start - 2, end + 2, mid, width, 0.2, 0.3)


def _x_or_tick(ink: _Ink, rng: random.Random, box: Box, style: str, width: float) -> None:
    x0, x1, y0, y1 = _mm(box.x0), _mm(box.x1), _mm(box.y0), _mm(box.y1)
    size = min(rng.uniform(3.5, 7.0), (y1 - y0) - 1.6 - width)
    margin = 1.2 + width / 2 + size / 2
    cx = rng.uniform(x0 + margin, x1 - margin)
    cy = rng.uniform(y0 + margin, y1 - margin) if y1 - y0 > 2 * margin else (y0 + y1) / 2
    if style == "x":
        _x_at(ink, cx, cy, size, width)
    else:
        h = size / 2
        ink.line([(cx - h, cy), (cx - h / 3, cy + h), (cx + h, cy - h)], width)


def _x_at(ink: _Ink, cx: float, cy: float, size: float, width: float) -> None:
    h = size / 2
    ink.line([(cx - h, cy - h), (cx + h, cy + h)], width)
    ink.line([(cx - h, cy + h), (cx + h, cy - h)], width)


def _print_faults(paper: Image, rng: random.Random, toner: float, streaks: int, dpi: int) -> None:
    """Light toner (the printing lighter by ``toner``), faded streaks along the feed."""
    gain = np.ones(paper.shape[:2], dtype=np.float32) * toner
    per_mm = dpi / 25.4
    for _ in range(streaks):
        x = rng.randrange(paper.shape[1])
        w = max(1, round(rng.uniform(1.0, 6.0) * per_mm))
        gain[:, x : x + w] *= rng.uniform(0.35, 0.7)
    dark = (255.0 - paper.astype(np.float32)) * gain[:, :, None]
    paper[:] = np.clip(255.0 - dark + 0.5, 0, 255).astype(np.uint8)


def _creases(paper: Image, rng: random.Random, fold: int, dpi: int) -> None:
    """The sheet folded in two (across its length) or four: a crease and its
    shadow on one side, darker by a few per cent."""
    height, width = paper.shape[:2]
    per_mm = dpi / 25.4
    shade = np.ones((height, width), dtype=np.float32)
    lines = [("y", height / 2 + rng.uniform(-4, 4) * per_mm)]
    if fold == 4:
        lines.append(("x", width / 2 + rng.uniform(-4, 4) * per_mm))
    for axis, at in lines:
        size = height if axis == "y" else width
        d = np.arange(size, dtype=np.float32) - at
        side = 1.0 if rng.random() < 0.5 else -1.0
        reach = rng.uniform(5.0, 25.0) * per_mm
        depth = rng.uniform(0.02, 0.06)
        shadow = 1.0 - depth * np.exp(-np.maximum(side * d, 0) / reach) * (side * d >= 0)
        crease = 1.0 - rng.uniform(0.03, 0.07) * np.exp(-((d / (0.35 * per_mm)) ** 2))
        profile = (shadow * crease).astype(np.float32)
        shade *= profile[:, None] if axis == "y" else profile[None, :]
    paper[:] = np.clip(paper.astype(np.float32) * shade[:, :, None] + 0.5, 0, 255).astype(np.uint8)


def _dog_ear(paper: Image, rng: random.Random, corner: int, dpi: int) -> None:
    """A corner of the sheet folded over: its back (blank) covers the corner's square."""
    height, width = paper.shape[:2]
    per_mm = dpi / 25.4
    a, b = rng.uniform(26.0, 36.0) * per_mm, rng.uniform(26.0, 36.0) * per_mm
    cx = 0.0 if corner in (0, 3) else float(width)
    cy = 0.0 if corner in (0, 1) else float(height)
    sx = 1.0 if corner in (0, 3) else -1.0
    sy = 1.0 if corner in (0, 1) else -1.0
    triangle = np.array([[cx, cy], [cx + sx * a, cy], [cx, cy + sy * b]], dtype=np.float64)
    cv2.fillPoly(paper, [np.rint(triangle * 16).astype(np.int32)], (238, 238, 238), cv2.LINE_AA, 4)
    edge = np.rint(triangle[1:] * 16).astype(np.int32)
    cv2.line(paper, tuple(edge[0]), tuple(edge[1]), (200, 200, 200), 1, cv2.LINE_AA, 4)


#: 4×4 ordered-dither thresholds (a scanner's "halftone" black-and-white mode).
_BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]], dtype=np.float32)


def _one_bit(image: Image, mode: str, rng: random.Random, threshold: float = 0.0) -> Image:
    """A 1-bit scan: black or white only, by a threshold or ordered dithering."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if mode == "threshold":
        limit = threshold or rng.uniform(115.0, 150.0)
        return np.where(gray > limit, 255, 0).astype(np.uint8)
    h, w = gray.shape
    tiles = np.tile(_BAYER, (h // 4 + 1, w // 4 + 1))[:h, :w]
    return np.where(gray.astype(np.float32) > (tiles + 0.5) * 16.0, 255, 0).astype(np.uint8)


def _stamp(
    ink: _Ink, rng: random.Random, box: Rect, diameter: tuple[float, float] = (20.0, 25.0)
) -> None:
    cx, cy = box.centre
    cx += rng.uniform(-3.0, 3.0)
    cy += rng.uniform(-2.0, 2.0)
    radius = rng.uniform(diameter[0] / 2, diameter[1] / 2)
    ring = [
        (cx + radius * math.cos(t / 40 * math.tau), cy + radius * math.sin(t / 40 * math.tau))
        for t in range(41)
    ]
    ink.line(ring, 0.7)
    inner = radius - 2.2
    ring2 = [
        (cx + inner * math.cos(t / 40 * math.tau), cy + inner * math.sin(t / 40 * math.tau))
        for t in range(41)
    ]
    ink.line(ring2, 0.35)
    for k in range(28):  # the lettering between the rings
        t = k / 28 * math.tau + rng.uniform(-0.03, 0.03)
        r0, r1 = inner + 0.4, radius - 0.5
        ink.line(
            [
                (cx + r0 * math.cos(t), cy + r0 * math.sin(t)),
                (cx + r1 * math.cos(t + 0.04), cy + r1 * math.sin(t + 0.04)),
            ],
            0.3,
        )
    star = []
    for k in range(10):
        r = 3.0 if k % 2 == 0 else 1.2
        t = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    ink.fill(star)
    ink.line([(cx - 5.5, cy + 4.2), (cx + 5.5, cy + 4.2)], 0.4)


def _free_spot(
    rng: random.Random, blank: BlankBallot, size: float, side: int = 1
) -> tuple[float, float]:
    """A point where a ``size`` mm mark touches no printing, no row, no stamp."""
    clear = blank.sides[side - 1].clear_outside
    half = max(1, round(size / 2 * SCALE))
    height, width = clear.shape
    for _ in range(400):
        x = rng.randrange(half + 60, width - half - 60)
        y = rng.randrange(half + 60, height - half - 60)
        if clear[y - half : y + half, x - half : x + half].min() > 0:
            return x / SCALE, y / SCALE
    raise RuntimeError("no free spot on the ballot")


def render(definition: ElectionDefinition, spec: BallotSpec, side: int = 1) -> Image:
    """The scanned image of ``spec`` (of one ``side``): BGR or grayscale, 8 bits.

    The stamp is on side 1; rows, outside marks and dots on the side drawn.
    """
    rng = random.Random(spec.seed * 7919 + 17 + side)
    scan = spec.scan
    blank = blank_ballot(definition)
    layout = blank.layout
    paper = printed_side(definition, scan.dpi, side).copy()
    shape = paper.shape[:2]
    if spec.toner < 1.0 or spec.print_streaks:
        _print_faults(paper, rng, spec.toner, spec.print_streaks, scan.dpi)
    geometry = {g.number: g for g in blank.sides[side - 1].rows}
    pen = _Ink(shape, scan.dpi)
    for plan in spec.rows:
        if plan.style == "none" or plan.number not in geometry:
            continue
        g = geometry[plan.number]
        if layout.form == "cross_out":
            _strike(pen, rng, g, plan.style, spec.pen_width)
        else:
            _box_mark(pen, rng, g, plan, spec.pen_width)
    if spec.outside == "name":
        x, y = _free_spot(rng, blank, 6.0, side)
        names = ("Nguyen Van Tu", "Tran Thi Mai", "Le Hoang Nam", "Pham Duc Long")
        pen.text(rng.choice(names), (x - 3.0, y + 2.0), rng.uniform(3.5, 5.0), spec.pen_width)
    elif spec.outside == "mark":
        x, y = _free_spot(rng, blank, 5.0, side)
        if rng.random() < 0.5:
            pen.dot((x, y), rng.uniform(0.8, 1.3))
        else:
            pen.line(
                [(x - 2.0, y + rng.uniform(-1, 1)), (x + 2.0, y + rng.uniform(-1, 1))],
                spec.pen_width,
            )
    for _ in range(spec.pen_dots):
        x, y = rng.uniform(10, layout.width - 10), rng.uniform(10, layout.height - 10)
        pen.dot((x, y), rng.uniform(0.12, 0.25))
    pen.lay(paper, PENS[spec.pen], 0.95)
    if spec.stamp and side == 1:
        stamp = _Ink(shape, scan.dpi)
        assert layout.sides[0].stamp_box is not None
        _stamp(stamp, rng, layout.sides[0].stamp_box, spec.seal_mm)
        stamp.lay(paper, SEAL_INKS[spec.seal_ink], spec.stamp_alpha)
    per_mm = scan.dpi / 25.4
    for _ in range(spec.dust):  # sparse: drawn straight onto the paper
        x, y = rng.uniform(5, layout.width - 5), rng.uniform(5, layout.height - 5)
        radius = rng.uniform(0.05, 0.14) * per_mm * 16
        centre = (round(x * per_mm * 16), round(y * per_mm * 16))
        cv2.circle(paper, centre, round(radius), (60, 60, 60), -1, cv2.LINE_AA, shift=4)
    if scan.fold:
        _creases(paper, rng, scan.fold, scan.dpi)
    if spec.dog_ear >= 0:
        _dog_ear(paper, rng, spec.dog_ear, scan.dpi)
    image = _scan(paper, scan, spec.seed * 2 + side)
    if any(scan.cut):
        per = scan.dpi / 25.4
        left, top, right, bottom = (round(c * per) for c in scan.cut)
        image = np.ascontiguousarray(
            image[top : image.shape[0] - bottom, left : image.shape[1] - right]
        )
    if spec.streak:
        x = rng.randrange(image.shape[1] // 5, 4 * image.shape[1] // 5)
        w = max(1, round(rng.uniform(0.15, 0.4) * scan.dpi / 25.4))
        value = rng.uniform(40, 110)
        image[:, x : x + w] = np.minimum(image[:, x : x + w], value).astype(np.uint8)
    if scan.binary:
        return _one_bit(image, scan.binary, rng, scan.threshold)
    if scan.jpeg is not None:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, scan.jpeg])
        assert ok
        image = np.asarray(cv2.imdecode(data, cv2.IMREAD_UNCHANGED), dtype=np.uint8)
    return image


#: The scanner sees this far past each edge of the sheet, in millimetres.
SCAN_MARGIN = 5.0


def _scan(paper: Image, scan: Scan, seed: int) -> Image:
    """Move, stretch, blur, tone and noise the sheet as a scanner would."""
    height, width = paper.shape[:2]
    per_mm = scan.dpi / 25.4
    margin = SCAN_MARGIN * per_mm
    out_w = round(width * scan.scale + 2 * margin)
    out_h = round(height * scan.scale + 2 * margin)
    # Output pixel -> sheet pixel: undo the shift, turn, rotation and scale about the centres.
    u = np.arange(out_w, dtype=np.float32)[None, :] - out_w / 2 - scan.shift[0] * per_mm
    v = np.arange(out_h, dtype=np.float32)[:, None] - out_h / 2 - scan.shift[1] * per_mm
    if scan.upside_down:
        u, v = -u, -v
    a = math.radians(scan.angle)
    cos, sin = math.cos(a) / scan.scale, math.sin(a) / scan.scale
    sx = (cos * u + sin * v + width / 2).astype(np.float32)
    sy = (-sin * u + cos * v + height / 2).astype(np.float32)
    if scan.stretch:
        sy += (scan.stretch * per_mm) * np.sin(sy * np.float32(np.pi / height))
    if scan.fold:  # the sheet is not flat: it bulges along its creases
        bulge = random.Random(seed).uniform(0.15, 0.5) * per_mm
        sy += np.float32(bulge) * np.exp(-(((sy - height / 2) / (12 * per_mm)) ** 2))
        if scan.fold == 4:
            sx += np.float32(bulge) * np.exp(-(((sx - width / 2) / (12 * per_mm)) ** 2))
    background = 25 if scan.black_backing else 250
    moved = cv2.remap(
        paper, sx, sy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
        borderValue=(background, background, background),
    )  # fmt: skip
    if scan.blur > 0.05:
        moved = cv2.GaussianBlur(moved, (0, 0), scan.blur)
    if scan.tone != "normal":
        levels = np.arange(256, dtype=np.float32)
        if scan.tone == "light":
            levels = 255.0 - (255.0 - levels) * (1.0 - scan.tone_amount * 1.2)
        else:
            levels = levels * (1.0 - scan.tone_amount)
        moved = cv2.LUT(moved, np.clip(levels + 0.5, 0, 255).astype(np.uint8))
    if not scan.colour:
        moved = cv2.cvtColor(moved, cv2.COLOR_BGR2GRAY)
    if scan.noise > 0:
        noise = np.random.default_rng(seed).standard_normal(moved.shape, dtype=np.float32)
        noise *= scan.noise
        moved = np.clip(moved + noise, 0, 255).astype(np.uint8)
    return np.asarray(moved, dtype=np.uint8)
