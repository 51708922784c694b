"""Ballots printed in the fallback font, DejaVu Serif, read as well as in
Liberation Serif.

A process prints in one family only (``documents.fonts``), so each case runs
in a process of its own that registers DejaVu Serif before printing. DejaVu
Serif is wider and sets its letters closer: no column of "Nguyễn" is clear
of printing, and the word is 18 mm long, more than a stroke was once allowed
to be hidden by letters (``strokes._hidden_reach``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from daihoi.documents import fonts

ROOT = Path(__file__).resolve().parents[2]

#: Printed in DejaVu Serif: rows 7 and 8 ("Nguyễn Thị An", "Nguyễn Văn An")
#: with the given styles, on a gray 200 dpi and a colour 300 dpi scan; prints
#: each reading's states by row number, as JSON.
_READ = """
import json, sys
from daihoi.documents import fonts
fonts.register_fonts(fonts.find_font_family(only="DejaVu Serif"))
from tests.scanning.deck import Scan, interpret_page
from tests.scanning.helpers import cross_out_election, image, states
rows = {int(k): v for k, v in json.loads(sys.argv[1]).items()}
seeds = json.loads(sys.argv[2])
election = cross_out_election()
scans = (
    Scan(dpi=200, colour=False, angle=-1.0, blur=0.5, noise=3.0),
    Scan(dpi=300, angle=0.8, blur=0.5, noise=3.0),
)
found = []
for seed in seeds:
    for scan in scans:
        picture = image(election, rows=rows, scan=scan, seed=seed, pen="black", pen_width=0.3)
        found.append(states(interpret_page(picture, election, sha256="-")))
print(json.dumps(found))
"""


def _read_in_dejavu(rows: dict[int, str], seeds: list[int]) -> list[dict[int, str]]:
    try:
        fonts.find_font_family(only="DejaVu Serif")
    except fonts.FontNotFound as missing:  # the fallback not installed: nothing to test
        pytest.skip(str(missing))
    done = subprocess.run(
        [sys.executable, "-c", _READ, json.dumps(rows), json.dumps(seeds)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [{int(k): v for k, v in one.items()} for one in json.loads(done.stdout)]


def test_a_stroke_through_a_long_word_is_read_struck_in_dejavu_serif() -> None:
    rows = {7: "line", 8: "slope", 3: "freehand", 11: "tapered"}
    for found in _read_in_dejavu(rows, [1, 3, 6]):
        assert {n for n, s in found.items() if s == "struck"} == set(rows)
        assert all(s == "kept" for n, s in found.items() if n not in rows)


@pytest.mark.parametrize("style", ["skip_word", "one_word", "partial"])
def test_a_stroke_through_part_of_the_name_stays_doubtful_in_dejavu_serif(style: str) -> None:
    # A pen lifted over a whole long word, or a stroke over some words only:
    # hidden letters are bridged over one word, never more (the split rule
    # and the word's darkness still decide, as in the preferred font).
    for found in _read_in_dejavu({7: style, 8: style}, [1, 2]):
        assert found[7] == found[8] == "doubtful"
