"""``daihoi tally``: exit codes, the Vietnamese summary, ``--json``, errors on stderr.

The sample files are built so the counts can be read off by hand:
115 ballots collected of 115 issued; 60 strike c10, 30 strike c09, 20 strike
c08 and c09 (all valid: 110); 3 strike nobody (over_seats: 10 kept for 9
seats), 1 strikes everyone (all_crossed), 1 has writing on it (extra_content).
Base 120 − 2 = 118, threshold 60. Votes: c01–c07 110, c08 90, c09 60, c10 50.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from daihoi.core.elections.command import run_tally
from daihoi.core.elections.formats import result_from_json

DATA = Path(__file__).parent / "data"
ELECTION = str(DATA / "election.json")
BALLOTS = str(DATA / "ballots.jsonl")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = run_tally(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_tally_prints_the_figures_of_the_counting_minutes_in_vietnamese() -> None:
    status, out, err = run(ELECTION, BALLOTS)
    assert (status, err) == (0, "")
    for line in [
        "Số đại biểu được triệu tập: 120",
        "  - Đại biểu chính thức vắng mặt suốt thời gian đại hội, không có dự khuyết thay thế: 2",
        "Số làm cơ sở tính quá bán: 118",
        "Số phiếu tối thiểu để trúng cử (quá một nửa): 60",
        "Số lượng cần bầu: 9",
        "Số phiếu phát ra: 115",
        "Số phiếu thu vào: 115",
        "Số phiếu hợp lệ: 110",
        "Số phiếu không hợp lệ: 5",
        "  - để lại quá số lượng cần bầu: 3",
        "  - gạch hết tên: 1",
        "  - có chữ ký, ký hiệu hoặc viết thêm nội dung: 1",
        "Kết quả: đã bầu đủ số lượng.",
    ]:
        assert line in out.splitlines()
    rows = [line.split() for line in out.splitlines() if "%" in line]
    assert rows[0] == ["1", "Đỗ", "Văn", "Bình", "110", "93,22%", "trúng", "cử"]
    assert rows[7] == ["8", "Bùi", "Văn", "Tuấn", "90", "76,27%", "trúng", "cử"]
    assert rows[8] == ["9", "Ngô", "Thị", "Hường", "60", "50,85%", "trúng", "cử"]
    assert rows[9] == ["10", "Đặng", "Văn", "An", "50", "42,37%", "không", "trúng", "cử"]


def test_tally_json_is_a_result_of_the_format() -> None:
    status, out, err = run(ELECTION, BALLOTS, "--json")
    assert (status, err) == (0, "")
    result = result_from_json(json.loads(out))
    assert (result.base, result.threshold, result.outcome) == (118, 60, "complete")
    assert result.ballots.invalid_by_reason == (
        ("over_seats", 3),
        ("all_crossed", 1),
        ("extra_content", 1),
    )
    # equal votes follow ballot order: Bình, Đức, Hùng, Hương, Lan, Mai, Nam
    assert result.elected == ("c07", "c03", "c01", "c04", "c06", "c02", "c05", "c08", "c09")


def test_tally_speaks_english_on_request() -> None:
    status, out, _ = run(ELECTION, BALLOTS, "--lang", "en")
    assert status == 0
    assert "Valid ballots: 110" in out and "Outcome: all seats filled." in out


def test_a_result_with_a_tie_or_shortfall_still_exits_zero(tmp_path: Path) -> None:
    lines = ['{"format": "daihoi/ballots@1", "election": "bch-doan-2025"}']
    lines += ['{"crossed": ["d1"]}', '{"crossed": ["d2"]}']
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, _ = run(str(DATA / "election-youth.json"), str(tmp_path / "b.jsonl"), "--json")
    assert status == 0
    # one vote each of 2 ballots: base 2 (ballots collected), neither has more than half
    assert json.loads(out)["outcome"] == "shortfall"


def test_bad_input_exits_two_naming_file_line_and_field_and_prints_no_result(
    tmp_path: Path,
) -> None:
    text = (DATA / "ballots.jsonl").read_text(encoding="utf-8").splitlines()
    text[5] = '{"crossed": ["c10", "c99"]}'
    bad = tmp_path / "phieu.jsonl"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    status, out, err = run(ELECTION, str(bad))
    assert (status, out) == (2, "")
    assert f'tệp {bad}, dòng 6, trường crossed[1]: mã "c99" không có trong danh sách bầu cử' in err
    status, out, err = run(ELECTION, str(bad), "--lang", "en")
    assert f'file {bad}, line 6, field crossed[1]: the id "c99" is not on the candidate list' in err


def test_a_missing_file_exits_two() -> None:
    status, out, err = run("khong-co.json", BALLOTS)
    assert (status, out) == (2, "")
    assert "tệp khong-co.json: không có tệp này" in err


def test_a_usage_error_exits_two_on_the_given_stream() -> None:
    status, out, err = run(ELECTION)
    assert (status, out) == (2, "")
    assert "usage: daihoi tally" in err


def test_help_exits_zero() -> None:
    status, out, _ = run("--help")
    assert status == 0 and "ELECTION.json" in out
