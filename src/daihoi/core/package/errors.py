"""Why a result package is refused: a code, its parameters, a message in two languages.

A :class:`PackageError` is data until it is shown: ``message("vi")`` (the
default, also ``str()``) or ``message("en")``. An error found by the
election engine inside a part keeps the engine's own errors as ``details``,
each rendered in the same language under the package's message.
"""

from __future__ import annotations

from collections.abc import Iterable

from daihoi.core.bounded import quote
from daihoi.core.elections.errors import InputError, Lang, render

__all__ = ["MESSAGES", "PART_FILES", "PackageError"]

Param = str | int

#: The parts of a package, in the order a reader checks them, and the file
#: name each would have on its own (used to locate the engine's errors).
PART_FILES: dict[str, str] = {
    "election": "election.json",
    "ballots": "ballots.jsonl",
    "result": "result.json",
    "minutes_pdf": "minutes.pdf",
    "minutes_docx": "minutes.docx",
}

_PART_NAMES: dict[str, dict[Lang, str]] = {
    "election": {"vi": "định nghĩa cuộc bầu", "en": "the election definition"},
    "ballots": {"vi": "các phiếu bầu", "en": "the ballots"},
    "result": {"vi": "kết quả", "en": "the result"},
    "minutes_pdf": {"vi": "biên bản kiểm phiếu PDF", "en": "the counting minutes, PDF"},
    "minutes_docx": {"vi": "biên bản kiểm phiếu DOCX", "en": "the counting minutes, DOCX"},
}


class PackageError(Exception):
    """A package (or a station key file) refused, and why.

    ``code`` names the reason; ``params`` fill its message; ``details`` are
    the engine's errors when a part did not read.
    """

    def __init__(self, code: str, /, *, details: Iterable[InputError] = (), **params: Param):
        if code not in MESSAGES:
            raise KeyError(f"no message for package error code {code!r}")
        self.code = code
        self.params: dict[str, Param] = params
        self.details = tuple(details)
        super().__init__(self.message("vi"))

    def message(self, lang: Lang = "vi") -> str:
        """The reason as text; the engine's errors follow, one a line."""
        values: dict[str, object] = {k: quote(v) for k, v in self.params.items()}
        part = values.get("part")
        if isinstance(part, str) and part in _PART_NAMES:
            values["what"] = _PART_NAMES[part][lang]
            values["file"] = PART_FILES[part]
        text = MESSAGES[self.code][lang].format(**values)
        return "\n".join([text, *(f"  {render(e, lang)}" for e in self.details)])

    def __str__(self) -> str:
        return self.message("vi")


#: code -> language -> template. ``{what}`` and ``{file}`` come from ``part``.
MESSAGES: dict[str, dict[Lang, str]] = {
    # not a package at all
    "not_json": {
        "vi": "tệp không phải JSON hợp lệ nên không phải gói kết quả (vị trí {detail})",
        "en": "the file is not valid JSON, so it is not a result package (at {detail})",
    },
    "json_too_deep": {
        "vi": "JSON lồng nhau quá {limit} tầng (dòng {line}, cột {column})",
        "en": "JSON nested more than {limit} levels deep (line {line}, column {column})",
    },
    "number_too_long": {
        "vi": "số có {digits} chữ số (dòng {line}, cột {column}), quá giới hạn {limit} chữ số",
        "en": "a number of {digits} digits (line {line}, column {column}), over {limit}",
    },
    "duplicate_key": {
        "vi": 'khóa "{key}" xuất hiện hai lần trong cùng một đối tượng JSON',
        "en": 'the key "{key}" appears twice in one JSON object',
    },
    "not_a_package": {
        "vi": "tệp không phải gói kết quả daihoi/package@1",
        "en": "the file is not a daihoi/package@1 result package",
    },
    "wrong_format": {
        "vi": 'tệp có định dạng "{found}", không phải gói kết quả "{expected}"',
        "en": 'the file is a "{found}", not a "{expected}" result package',
    },
    "unsupported_version": {
        "vi": 'gói kết quả phiên bản "{found}" không được hỗ trợ; '
        'phiên bản phần mềm này đọc được: "{supported}"',
        "en": 'result package version "{found}" is not supported; '
        'the version this software reads is "{supported}"',
    },
    # fields
    "missing_field": {
        "vi": 'gói thiếu trường bắt buộc "{field}"',
        "en": 'the package lacks the required field "{field}"',
    },
    "unknown_field": {
        "vi": 'trường "{field}" không có trong định dạng gói',
        "en": 'the field "{field}" is not part of the package format',
    },
    "not_object": {
        "vi": 'trường "{field}" phải là một đối tượng JSON {{…}}',
        "en": 'the field "{field}" must be a JSON object {{…}}',
    },
    "not_text": {
        "vi": 'trường "{field}" phải là một chuỗi văn bản không rỗng',
        "en": 'the field "{field}" must be a non-empty text string',
    },
    "not_base64": {
        "vi": 'trường "{field}" không phải dữ liệu base64 chuẩn',
        "en": 'the field "{field}" is not standard base64',
    },
    "not_sha256": {
        "vi": 'trường "{field}" phải là mã SHA-256: 64 chữ số hệ 16 viết thường',
        "en": 'the field "{field}" must be a SHA-256 digest: 64 lowercase hex digits',
    },
    "bad_key_size": {
        "vi": 'trường "{field}" dài {size} byte, phải đúng {expected} byte',
        "en": 'the field "{field}" is {size} bytes long; it must be {expected}',
    },
    "unsupported_algorithm": {
        "vi": 'thuật toán ký "{value}" không được hỗ trợ; chỉ nhận "ed25519"',
        "en": 'the signature algorithm "{value}" is not supported; only "ed25519" is',
    },
    "bad_timestamp": {
        "vi": 'trường "{field}": "{value}" không phải thời điểm ISO 8601 có múi giờ '
        "(ví dụ 2025-06-14T21:30:00+07:00)",
        "en": 'the field "{field}": "{value}" is not an ISO 8601 time with its offset '
        "(e.g. 2025-06-14T21:30:00+07:00)",
    },
    "not_canonical": {
        "vi": "tệp không ở dạng chuẩn của gói: đã bị sửa hoặc lưu lại bằng một chương trình khác",
        "en": "the file is not in the package's canonical form: "
        "it was edited or saved again by another program",
    },
    # signature and key
    "bad_signature": {
        "vi": "chữ ký không hợp lệ: gói đã bị thay đổi sau khi ký",
        "en": "the signature is invalid: the package was changed after it was signed",
    },
    "untrusted_key": {
        "vi": "gói được ký bằng khóa {fingerprint}, không phải khóa của một trạm kiểm phiếu "
        "được tin cậy ({trusted})",
        "en": "the package is signed with the key {fingerprint}, not the key of a trusted "
        "counting station ({trusted})",
    },
    "bad_fingerprint": {
        "vi": '"{value}" không phải dấu vân tay khóa: cần 32 chữ số hệ 16, '
        "ví dụ 3F2A-91C0-7B1E-D4A8-0C55-E9F1-2B6D-8A03",
        "en": '"{value}" is not a key fingerprint: 32 hex digits are needed, '
        "e.g. 3F2A-91C0-7B1E-D4A8-0C55-E9F1-2B6D-8A03",
    },
    "key_file_invalid": {
        "vi": "tệp khóa của trạm {path} không phải khóa riêng Ed25519 dạng PEM",
        "en": "the station key file {path} is not an Ed25519 private key in PEM",
    },
    "key_passphrase_missing": {
        "vi": (
            "tệp khóa của trạm {path} được khóa bằng mật khẩu: đặt mật khẩu vào "
            "DAIHOI_STATION_PASSPHRASE rồi khởi động lại; chưa ký gì"
        ),
        "en": (
            "the station key file {path} is protected by a passphrase: set "
            "DAIHOI_STATION_PASSPHRASE and start again; nothing was signed"
        ),
    },
    "key_passphrase_wrong": {
        "vi": (
            "mật khẩu trong DAIHOI_STATION_PASSPHRASE không mở được tệp khóa của trạm {path}; "
            "chưa ký gì"
        ),
        "en": (
            "the passphrase in DAIHOI_STATION_PASSPHRASE does not open the station key file "
            "{path}; nothing was signed"
        ),
    },
    "key_file_missing": {
        "vi": "không có tệp khóa của trạm {path}",
        "en": "there is no station key file {path}",
    },
    # parts
    "part_changed": {
        "vi": 'phần "{file}" ({what}) đã bị thay đổi sau khi ký: mã SHA-256 của nó là {found}, '
        "bản kê đã ký ghi {expected}",
        "en": 'the part "{file}" ({what}) was changed after signing: its SHA-256 is {found}, '
        "the signed list says {expected}",
    },
    "part_unreadable": {
        "vi": 'phần "{file}" ({what}) không đọc được:',
        "en": 'the part "{file}" ({what}) cannot be read:',
    },
    "part_not_canonical": {
        "vi": 'phần "{file}" ({what}) không ở dạng JSON chuẩn của gói',
        "en": 'the part "{file}" ({what}) is not in the package\'s canonical JSON',
    },
    "ballots_not_canonical": {
        "vi": 'phần "ballots.jsonl", dòng {line}: phiếu không ở dạng chuẩn hoặc không theo '
        "thứ tự sắp xếp của gói (thứ tự phiếu không được để lộ thứ tự kiểm)",
        "en": 'the part "ballots.jsonl", line {line}: a ballot not in canonical form or out of '
        "the package's sorted order (the order must not reveal the counting order)",
    },
    "profile_not_builtin": {
        "vi": 'cuộc bầu dùng tệp quy chế "{profile}"; gói chỉ nhận quy chế có sẵn ({builtin}), '
        'có thể kèm "rules"',
        "en": 'the election uses the profile file "{profile}"; a package takes only a built-in '
        'profile ({builtin}), with "rules" if needed',
    },
    "wrong_kind": {
        "vi": 'phần "{file}" ({what}) không phải tệp {kind}',
        "en": 'the part "{file}" ({what}) is not a {kind} file',
    },
    "result_mismatch": {
        "vi": "kết quả trong gói khác với kết quả kiểm lại từ các phiếu trong gói, "
        "ở trường {field}: gói ghi {found}, kiểm lại được {expected}",
        "en": "the result in the package differs from a recount of its ballots "
        "at {field}: the package says {found}, the recount gives {expected}",
    },
    # the minutes against the result
    "minutes_unreadable": {
        "vi": 'không đọc được chữ trong phần "{file}" ({what}): {detail}',
        "en": 'the text of the part "{file}" ({what}) cannot be read: {detail}',
    },
    "minutes_missing": {
        "vi": 'phần "{file}" ({what}) không ghi "{figure}" của kết quả',
        "en": 'the part "{file}" ({what}) does not state the result\'s "{figure}"',
    },
    "minutes_mismatch": {
        "vi": 'biên bản không khớp kết quả: phần "{file}" ({what}) ghi "{figure}" là {found}, '
        "kết quả trong gói là {expected}",
        "en": 'the minutes disagree with the result: the part "{file}" ({what}) gives '
        '"{figure}" as {found}, the package\'s result as {expected}',
    },
    "minutes_elected": {
        "vi": 'biên bản không khớp kết quả: danh sách trúng cử trong phần "{file}" ({what}) '
        "có thêm {found} và thiếu {expected} so với kết quả trong gói",
        "en": 'the minutes disagree with the result: the elected listed in the part "{file}" '
        "({what}) add {found} and lack {expected}, against the package's result",
    },
    # the portal's trust list and disputes
    "key_not_registered": {
        "vi": "gói được ký bằng khóa {fingerprint}, chưa được cấp ủy cấp trên đăng ký là khóa "
        "trạm kiểm phiếu của đơn vị {unit}; hãy đối chiếu dấu vân tay với trạm kiểm phiếu "
        "qua điện thoại rồi đăng ký khóa trước khi nhập",
        "en": "the package is signed with the key {fingerprint}, which the upper office has not "
        "registered as a counting station key of the unit {unit}; read the fingerprint with "
        "the counting station by phone and register the key before importing",
    },
}
