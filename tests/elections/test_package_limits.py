"""``daihoi package import`` refuses hostile JSON cleanly, even signed by a trusted key.

The station's own key signs a package whose parts nest 100,000 deep, hold a
number of 5,000 digits or a candidate id of 2 MB: each is refused with exit 2
and a short message naming the part, the line and the column; nothing is kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from daihoi.cli import main
from daihoi.core.package.canonical import b64decode_strict, b64encode
from daihoi.elections.models import ReceivedResult
from daihoi.elections.packages import (
    package_export,
    station_fingerprint,
    station_key_load_or_create,
    station_key_path,
)
from tests.core.test_package import resigned
from tests.elections.conftest import Room
from tests.elections.test_packages import sealed  # noqa: F401  (a fixture)

DEEP = "[" * 100_000 + "]" * 100_000
LONG_INT = "7" * 5_000


def _with_ballot_line(line: str) -> Callable[[dict[str, object]], None]:
    def edit(document: dict[str, object]) -> None:
        parts = document["parts"]
        assert isinstance(parts, dict)
        lines = b64decode_strict(parts["ballots"]).split(b"\n")
        lines.insert(1, line.encode())
        parts["ballots"] = b64encode(b"\n".join(lines))

    return edit


def _with_election_round(raw: str) -> Callable[[dict[str, object]], None]:
    def edit(document: dict[str, object]) -> None:
        parts = document["parts"]
        assert isinstance(parts, dict)
        text = b64decode_strict(parts["election"]).decode()
        parts["election"] = b64encode(text.replace('"round":1', '"round":' + raw, 1).encode())

    return edit


EDITS = {
    "deep-ballot": (_with_ballot_line('{"crossed":' + DEEP + "}"), "levels deep"),
    "long-int-ballot": (_with_ballot_line('{"crossed":[' + LONG_INT + "]}"), "5000 digits"),
    "giant-id-ballot": (_with_ballot_line(json.dumps({"crossed": ["x" * 2_000_000]})), "xxxx…"),
    "deep-election": (_with_election_round(DEEP), "levels deep"),
    "long-int-election": (_with_election_round(LONG_INT), "5000 digits"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_import_refuses_hostile_json_signed_by_the_trusted_station(
    sealed: Room,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    edit, said = EDITS[name]
    document = json.loads(package_export(actor=None, election=sealed.election))
    edit(document)
    path = tmp_path / "goi.json"
    path.write_bytes(resigned(document, station_key_load_or_create(station_key_path())))
    trust = station_fingerprint()
    status = main(["package", "import", str(path), "--trust", trust, "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2
    assert said in err and "line " in err and len(err) < 1500
    assert ReceivedResult.objects.count() == 0


def test_import_refuses_a_deep_envelope(tmp_path: Path, db: None, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "goi.json"
    path.write_text('{"format": ' + DEEP + "}", encoding="utf-8")
    assert main(["package", "import", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "levels deep" in err and len(err) < 1500
