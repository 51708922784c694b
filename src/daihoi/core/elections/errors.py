"""Structured input errors and the message catalogue that renders them.

An error is data (code, parameters, and where: file, line, field); it is
turned into Vietnamese or English text only at the edge (the command, a
page). Nothing is tallied from an input with an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from ..bounded import quote

__all__ = ["InputError", "InvalidInput", "Lang", "error", "os_error", "render"]

Lang = Literal["vi", "en"]
Param = str | int


@dataclass(frozen=True, slots=True)
class InputError:
    """One problem in an input, located as precisely as the input allows."""

    code: str
    field: str | None = None
    params: tuple[tuple[str, Param], ...] = ()
    file: str | None = None
    line: int | None = None

    def at(self, *, file: str | None = None, line: int | None = None) -> InputError:
        """The same error, placed in a file (and line) unless it already is.

        An error found in a file read on the way (a profile file named by an
        election file) keeps the place where it was found.
        """
        if self.file is not None:
            return self
        return replace(self, file=file, line=self.line if line is None else line)

    def param(self, name: str) -> Param:
        """One parameter's value (KeyError if the error has none)."""
        return dict(self.params)[name]


class InvalidInput(Exception):
    """Raised with every error found; the caller renders them."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(render(e, "en") for e in self.errors))

    def at(self, *, file: str | None = None, line: int | None = None) -> InvalidInput:
        """The same errors, placed in a file (and line)."""
        return InvalidInput(e.at(file=file, line=line) for e in self.errors)


def error(code: str, field: str | None = None, **params: Param) -> InputError:
    """Build an error; ``params`` fill the message's placeholders."""
    if code not in MESSAGES:
        raise KeyError(f"no message for error code {code!r}")
    return InputError(code=code, field=field, params=tuple(params.items()))


def os_error(exc: OSError) -> InputError:
    """A file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return error("file_not_found")
    return error("file_unreadable", None, reason=exc.strerror or str(exc))


def render(err: InputError, lang: Lang = "vi") -> str:
    """One line of text: where, then what."""
    params = dict(err.params)
    if err.code == "malformed_json" and lang == "vi":
        params["detail"] = json_detail_vi(str(params.get("detail", "")))
    # A value from the input is quoted short: an id of 100 MB is not echoed.
    message = MESSAGES[err.code][lang].format(**{k: quote(v) for k, v in params.items()})
    where = _where(err, lang)
    return f"{where}: {message}" if where else message


def _where(err: InputError, lang: Lang) -> str:
    parts: list[str] = []
    if err.file is not None:
        parts.append(f"{'tệp' if lang == 'vi' else 'file'} {err.file}")
    if err.line is not None:
        parts.append(f"{'dòng' if lang == 'vi' else 'line'} {err.line}")
    if err.field is not None:
        parts.append(f"{'trường' if lang == 'vi' else 'field'} {err.field}")
    return ", ".join(parts)


#: What Python's JSON parser says went wrong (the start of its message), in
#: Vietnamese: the parser speaks English only.
JSON_DETAIL_VI: dict[str, str] = {
    "Expecting value": "thiếu một giá trị",
    "Expecting property name enclosed in double quotes": "cần tên khóa trong ngoặc kép",
    "Expecting ':' delimiter": "thiếu dấu ':'",
    "Expecting ',' delimiter": "thiếu dấu ','",
    "Extra data": "còn dữ liệu thừa sau giá trị",
    "Unterminated string": "chuỗi không có ngoặc kép đóng",
    "Invalid control character": "ký tự điều khiển trong chuỗi",
    "Invalid \\uXXXX escape": "mã \\uXXXX không hợp lệ",
    "Invalid \\escape": "dấu \\ không hợp lệ",
}


def json_detail_vi(detail: str) -> str:
    """The parser's message in Vietnamese; one it never gave before, as is."""
    for start, vi in JSON_DETAIL_VI.items():
        if detail.startswith(start):
            return vi
    return detail


#: code -> language -> template. Placeholders are the error's ``params``.
MESSAGES: dict[str, dict[Lang, str]] = {
    # reading files
    "file_unreadable": {
        "vi": "không đọc được tệp ({reason})",
        "en": "cannot read the file ({reason})",
    },
    "not_utf8": {
        "vi": "không phải văn bản UTF-8",
        "en": "not UTF-8 text",
    },
    "malformed_json": {
        "vi": "JSON sai cú pháp ở cột {column} ({detail})",
        "en": "malformed JSON at column {column} ({detail})",
    },
    "json_too_deep": {
        "vi": "JSON lồng nhau quá {limit} tầng ở cột {column}",
        "en": "JSON nested more than {limit} levels deep at column {column}",
    },
    "number_too_long": {
        "vi": "số có {digits} chữ số ở cột {column}, quá giới hạn {limit} chữ số",
        "en": "a number of {digits} digits at column {column}, over the limit of {limit}",
    },
    "file_not_found": {
        "vi": "không có tệp này",
        "en": "no such file",
    },
    "duplicate_key": {
        "vi": 'khóa "{key}" xuất hiện hai lần trong cùng một đối tượng',
        "en": 'the key "{key}" appears twice in one object',
    },
    "too_many_errors": {
        "vi": "dừng sau {count} lỗi; sửa các lỗi trên rồi chạy lại",
        "en": "stopped after {count} errors; fix those above and run again",
    },
    # structure
    "wrong_format": {
        "vi": 'định dạng "{found}" không phải "{expected}"',
        "en": 'the format "{found}" is not "{expected}"',
    },
    "unsupported_version": {
        "vi": 'phiên bản "{found}" không được hỗ trợ; phiên bản đọc được: "{supported}"',
        "en": 'version "{found}" is not supported; the version this reads is "{supported}"',
    },
    "unknown_field": {
        "vi": "trường không có trong định dạng (gõ nhầm?)",
        "en": "not a field of this format (a typo?)",
    },
    "needs_review": {
        "vi": "phiếu còn chờ Ban kiểm phiếu xem xét ({reasons}); quyết định rồi mới kiểm được",
        "en": "the ballot awaits the counting committee's review ({reasons}); decide it first",
    },
    "missing_field": {
        "vi": "thiếu trường bắt buộc",
        "en": "a required field is missing",
    },
    "expected_object": {
        "vi": "phải là một đối tượng JSON {{…}}",
        "en": "must be a JSON object {{…}}",
    },
    "expected_list": {
        "vi": "phải là một danh sách JSON […]",
        "en": "must be a JSON list […]",
    },
    "expected_string": {
        "vi": "phải là một chuỗi văn bản",
        "en": "must be a text string",
    },
    "expected_integer": {
        "vi": "phải là một số nguyên",
        "en": "must be a whole number",
    },
    "empty_text": {
        "vi": "không được để trống",
        "en": "must not be empty",
    },
    "not_one_of": {
        "vi": '"{value}" không hợp lệ; chỉ nhận: {allowed}',
        "en": '"{value}" is not allowed; one of: {allowed}',
    },
    "too_small": {
        "vi": "phải từ {minimum} trở lên (đang là {value})",
        "en": "must be at least {minimum} (is {value})",
    },
    "bad_date": {
        "vi": '"{value}" không phải ngày dạng NNNN-TT-NN',
        "en": '"{value}" is not a date written YYYY-MM-DD',
    },
    # election definition
    "bad_candidate_id": {
        "vi": 'mã "{value}" không hợp lệ: 1–32 ký tự A-Z, a-z, 0-9, "_" hoặc "-"',
        "en": 'the id "{value}" is invalid: 1 to 32 characters of A-Z, a-z, 0-9, "_" or "-"',
    },
    "duplicate_candidate_id": {
        "vi": 'mã "{value}" đã dùng cho một người khác trong danh sách',
        "en": 'the id "{value}" is already used by another candidate',
    },
    "equal_names_need_note": {
        "vi": 'có người khác cùng họ tên "{name}": cần một dòng ghi chú riêng '
        "(năm sinh, đơn vị) để phân biệt trên phiếu",
        "en": 'another candidate has the same full name "{name}": each needs its own note '
        "(birth year, unit) to tell them apart on the ballot",
    },
    "no_candidates": {
        "vi": "danh sách bầu cử không có ai",
        "en": "the candidate list is empty",
    },
    "seats_out_of_range": {
        "vi": "số lượng cần bầu {seats} phải từ 1 đến số người trong danh sách ({candidates})",
        "en": "the seats ({seats}) must be from 1 to the number of candidates ({candidates})",
    },
    "deductions_leave_no_base": {
        "vi": "tổng số trừ ({deducted}) phải nhỏ hơn số triệu tập ({summoned})",
        "en": "the deductions ({deducted}) must be fewer than those summoned ({summoned})",
    },
    "present_over_summoned": {
        "vi": "số có mặt ({present}) nhiều hơn số được triệu tập ({summoned})",
        "en": "more present ({present}) than summoned ({summoned})",
    },
    "issued_over_present": {
        "vi": "số phiếu phát ra ({issued}) nhiều hơn số đại biểu có mặt ({present})",
        "en": "more ballots issued ({issued}) than delegates present ({present})",
    },
    "collected_over_issued": {
        "vi": "số phiếu thu vào ({collected}) nhiều hơn số phiếu phát ra ({issued})",
        "en": "more ballots collected ({collected}) than issued ({issued})",
    },
    "collected_over_present": {
        "vi": "số phiếu thu vào ({collected}) nhiều hơn số đại biểu có mặt ({present})",
        "en": "more ballots collected ({collected}) than delegates present ({present})",
    },
    "votes_over_present": {
        "vi": "số tán thành và không tán thành cộng lại ({votes}) nhiều hơn số có mặt ({present})",
        "en": "more votes for and against ({votes}) than present ({present})",
    },
    "issued_over_base": {
        "vi": "số phiếu phát ra ({issued}) nhiều hơn số người có quyền bầu cử ({base})",
        "en": "more ballots issued ({issued}) than people entitled to vote ({base})",
    },
    "round_over_max": {
        "vi": "vòng {round} vượt quá số vòng tối đa của quy chế ({max_rounds})",
        "en": "round {round} is past the profile's maximum rounds ({max_rounds})",
    },
    "born_required": {
        "vi": "quy chế chọn người nhiều tuổi hơn khi bằng phiếu (older_wins): cần ngày sinh",
        "en": "the tie policy older_wins needs every candidate's date of birth",
    },
    "alternate_seats_not_allowed": {
        "vi": "chỉ dùng khi bầu đoàn đại biểu với dự khuyết trên cùng phiếu (same_ballot)",
        "en": "only for a delegation with alternates on the same ballot (same_ballot)",
    },
    "alternate_seats_required": {
        "vi": "quy chế bầu dự khuyết trên cùng phiếu (same_ballot): cần số dự khuyết",
        "en": "alternates on the same ballot (same_ballot) need the number of alternates",
    },
    "places_out_of_range": {
        "vi": "số chính thức và dự khuyết ({places}) vượt số người trong danh sách ({candidates})",
        "en": "official and alternate seats ({places}) exceed the candidates ({candidates})",
    },
    # profiles
    "unknown_profile": {
        "vi": 'không có quy chế "{name}" (có sẵn: {builtin}) và không có tệp như vậy',
        "en": 'no profile "{name}" (built in: {builtin}) and no such file',
    },
    "unknown_parameter": {
        "vi": 'quy chế không có tham số "{name}"; các tham số: {known}',
        "en": 'no rules parameter "{name}"; the parameters are: {known}',
    },
    "missing_parameters": {
        "vi": 'thiếu tham số {names}; hãy khai báo hoặc dùng "extends"',
        "en": 'missing parameters {names}; give them or use "extends"',
    },
    "profile_name_taken": {
        "vi": 'tên "{name}" là tên một quy chế có sẵn; hãy đặt tên khác',
        "en": '"{name}" is the name of a built-in profile; choose another',
    },
    "bad_fraction": {
        "vi": '"{value}" phải là phân số dạng "2/3", lớn hơn 0 và không quá 1',
        "en": '"{value}" must be a fraction such as "2/3", above 0 and at most 1',
    },
    "repeated_code": {
        "vi": 'mã "{value}" bị lặp',
        "en": 'the code "{value}" is repeated',
    },
    "bounds_reversed": {
        "vi": "cận dưới {low} lớn hơn cận trên {high}",
        "en": "the lower bound {low} is above the upper bound {high}",
    },
    # ballots
    "missing_header": {
        "vi": "tệp phiếu trống: dòng đầu phải là tiêu đề daihoi/ballots@1",
        "en": "the ballots file is empty: its first line must be the daihoi/ballots@1 header",
    },
    "election_mismatch": {
        "vi": 'phiếu của cuộc bầu "{found}", không phải "{expected}"',
        "en": 'ballots of election "{found}", not "{expected}"',
    },
    "expected_crossed": {
        "vi": 'cuộc bầu này dùng phiếu gạch tên: dòng phải ghi "crossed", không ghi "marks"',
        "en": 'this election uses cross-out ballots: a line gives "crossed", not "marks"',
    },
    "expected_marks": {
        "vi": 'cuộc bầu này dùng phiếu đồng ý/không đồng ý: dòng phải ghi "marks", '
        'không ghi "crossed"',
        "en": 'this election uses agree/disagree ballots: a line gives "marks", not "crossed"',
    },
    "unknown_candidate": {
        "vi": 'mã "{value}" không có trong danh sách bầu cử',
        "en": 'the id "{value}" is not on the candidate list',
    },
    "repeated_candidate": {
        "vi": 'mã "{value}" xuất hiện hai lần trên cùng một phiếu',
        "en": 'the id "{value}" appears twice on one ballot',
    },
    "more_than_issued": {
        "vi": "số phiếu thu vào vượt số phiếu phát ra ({issued})",
        "en": "more ballots collected than issued ({issued})",
    },
    "more_than_base": {
        "vi": "số phiếu thu vào vượt số người có quyền bầu cử ({base})",
        "en": "more ballots collected than people entitled to vote ({base})",
    },
    # results
    "does_not_add_up": {
        "vi": "là {value}, nhưng các số liệu khác cho {expected}",
        "en": "is {value}, but the other figures give {expected}",
    },
}
