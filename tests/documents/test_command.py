"""``daihoi ballots print``: exit codes, the file written, errors on stderr."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from daihoi.documents.ballot_pdf import BallotHeader, render_ballot_pdf
from daihoi.documents.command import run_ballots_print

from .builders import definition, election_data


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = run_ballots_print(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def write(folder: Path, data: object, name: str = "election.json") -> str:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def test_it_writes_the_ballot_of_the_election(tmp_path: Path) -> None:
    election = write(tmp_path, election_data(17))
    output = tmp_path / "phieu.pdf"
    status, out, err = run(
        election,
        "-o",
        str(output),
        "--committee",
        "Đảng ủy xã Hòa Bình",
        "--upper",
        "Đảng bộ tỉnh Phú Thọ",
    )
    assert (status, err) == (0, "")
    assert out == f"Đã in phiếu bầu vào {output}: khổ A4, 1 mặt, 17 người.\n"
    header = BallotHeader(committee="Đảng ủy xã Hòa Bình", upper="Đảng bộ tỉnh Phú Thọ")
    assert output.read_bytes() == render_ballot_pdf(definition(17), header=header)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["election.json", "phieu.pdf"]


def test_it_says_so_in_english_on_request(tmp_path: Path) -> None:
    election = write(tmp_path, election_data(300))
    status, out, _ = run(election, "-o", str(tmp_path / "b.pdf"), "--lang", "en")
    assert status == 0
    assert out.endswith(": A3, 2 side(s), 300 names.\n")


def test_a_bad_election_file_exits_2_naming_file_and_field(tmp_path: Path) -> None:
    data = election_data(5)
    data["candidates"][1]["id"] = "bad id"
    data["candidates"][3]["id"] = "c001"
    election = write(tmp_path, data)
    output = tmp_path / "b.pdf"
    status, out, err = run(election, "-o", str(output))
    assert (status, out) == (2, "")
    assert err.startswith("Dữ liệu vào có lỗi, không in phiếu bầu:\n")
    assert f"tệp {election}, trường candidates[1].id:" in err
    assert f'tệp {election}, trường candidates[3].id: mã "c001" đã dùng' in err
    assert not output.exists()


def test_errors_are_in_english_with_lang_en(tmp_path: Path) -> None:
    election = write(tmp_path, {**election_data(5), "colour": "red"})
    status, _, err = run(election, "-o", str(tmp_path / "b.pdf"), "--lang", "en")
    assert status == 2
    assert err.startswith("The input has errors; no ballot printed:\n")
    assert f"file {election}, field colour: not a field of this format (a typo?)" in err


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "election.json"
    path.write_text('{\n  "format": "daihoi/election@1",\n  "id": \n}\n', encoding="utf-8")
    status, _, err = run(str(path), "-o", str(tmp_path / "b.pdf"))
    assert status == 2
    assert f"tệp {path}, dòng 4" in err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.json")
    status, _, err = run(missing, "-o", str(tmp_path / "b.pdf"))
    assert status == 2
    assert f"tệp {missing}: không có tệp này" in err


def test_a_list_too_long_for_one_sheet_exits_2(tmp_path: Path) -> None:
    election = write(tmp_path, election_data(361))
    status, out, err = run(election, "-o", str(tmp_path / "b.pdf"))
    assert (status, out) == (2, "")
    assert f"tệp {election}: danh sách 361 người không in vừa một tờ phiếu (tối đa 360)" in err


def test_an_unwritable_output_exits_1_and_leaves_nothing(tmp_path: Path) -> None:
    election = write(tmp_path, election_data(5))
    output = tmp_path / "no-such-folder" / "b.pdf"
    status, out, err = run(election, "-o", str(output))
    assert (status, out) == (1, "")
    assert f"tệp {output}: không ghi được" in err


def test_the_output_is_required_and_usage_errors_exit_2(tmp_path: Path) -> None:
    election = write(tmp_path, election_data(5))
    status, out, err = run(election)
    assert (status, out) == (2, "")
    assert "usage: daihoi ballots print" in err
    assert "-o/--output" in err


def test_help_goes_to_stdout_and_exits_0() -> None:
    status, out, err = run("--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: daihoi ballots print")
    assert "ELECTION.json" in out and "--committee" in out
