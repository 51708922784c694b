"""Malformed JSON is named in the reader's language: the parser's own message
(English only) is given in Vietnamese in a Vietnamese message."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.elections.errors import JSON_DETAIL_VI, error, render
from daihoi.core.elections.jsonread import json_error, loads_strict

#: Each way a line of a file can be broken, and what the parser says of it.
BROKEN = [
    ('{"a" 1}', "thiếu dấu ':'"),
    ('{"a": 1,}', "cần tên khóa trong ngoặc kép"),
    ("{'a': 1}", "cần tên khóa trong ngoặc kép"),
    ('{"a": 1 "b": 2}', "thiếu dấu ','"),
    ("", "thiếu một giá trị"),
    ("[1,]", "thiếu một giá trị"),
    ('{"a": 1} x', "còn dữ liệu thừa sau giá trị"),
    ('"abc', "chuỗi không có ngoặc kép đóng"),
    ('"a\x01b"', "ký tự điều khiển trong chuỗi"),
    ('"\\q"', "dấu \\ không hợp lệ"),
    ('"\\u12"', "mã \\uXXXX không hợp lệ"),
]


def _refusal(text: str) -> json.JSONDecodeError:
    with pytest.raises(json.JSONDecodeError) as caught:
        loads_strict(text)
    return caught.value


@pytest.mark.parametrize(("text", "vietnamese"), BROKEN)
def test_the_parsers_complaint_is_said_in_vietnamese(text: str, vietnamese: str) -> None:
    exc = _refusal(text)
    err = json_error(exc).at(file="kq.jsonl")
    vi, en = render(err, "vi"), render(err, "en")
    assert vi.startswith("tệp kq.jsonl, dòng 1: JSON sai cú pháp ở cột")
    assert vietnamese in vi and exc.msg not in vi
    assert exc.msg in en


def test_a_complaint_never_seen_before_is_kept_as_the_parser_gave_it() -> None:
    err = error("malformed_json", detail="Something new", column=3)
    assert render(err, "vi") == "JSON sai cú pháp ở cột 3 (Something new)"


@given(st.text(alphabet='{}[]:,"\\ ab1-.eE+ntrufls\x01\n', max_size=24))
def test_whatever_the_parser_refuses_is_named_in_vietnamese(text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        assert any(exc.msg.startswith(start) for start in JSON_DETAIL_VI), exc.msg
