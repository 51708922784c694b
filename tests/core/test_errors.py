"""Error messages: every code speaks Vietnamese and English with the same facts."""

from __future__ import annotations

import string

from daihoi.core.elections.errors import MESSAGES, error, render


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for code, text in MESSAGES.items():
        assert set(text) == {"vi", "en"}, code
        assert placeholders(text["vi"]) == placeholders(text["en"]), code


def test_an_error_renders_where_then_what() -> None:
    err = error("unknown_candidate", "crossed[1]", value="c99").at(file="phieu.jsonl", line=6)
    assert render(err) == (
        'tệp phieu.jsonl, dòng 6, trường crossed[1]: mã "c99" không có trong danh sách bầu cử'
    )
    assert render(err, "en") == (
        'file phieu.jsonl, line 6, field crossed[1]: the id "c99" is not on the candidate list'
    )


def test_an_error_found_in_another_file_keeps_its_place() -> None:
    err = error("not_one_of", "rules.tie", value="x", allowed="revote").at(file="p.json")
    assert err.at(file="e.json", line=3).file == "p.json"
