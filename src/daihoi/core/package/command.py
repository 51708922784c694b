"""``daihoi package verify FILE [--trust FINGERPRINT ...] [--lang vi|en]``.

A thin command: read the file, run :func:`read_package`, print a short
summary (unit, congress, election, ballots, outcome, who is elected, the
station's key) or the reason the package is refused. Exit status 0 for a
package that passes every check, 2 otherwise. Without ``--trust`` the key
is not checked against anything, and the summary says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO, cast

from daihoi.core.elections.errors import Lang

from ..commandline import ArgumentError, StreamParser
from .container import VerifiedPackage
from .errors import PackageError
from .keys import normalize_fingerprint
from .reading import read_package

__all__ = ["run_package_verify"]

EXIT_OK = 0
EXIT_REFUSED = 2

_TEXT: dict[str, dict[Lang, str]] = {
    "valid": {
        "vi": "Gói kết quả hợp lệ: chữ ký đúng, các phần còn nguyên, kiểm lại phiếu "
        "ra đúng kết quả.",
        "en": "The result package is valid: the signature holds, every part is intact, "
        "and a recount of its ballots gives its result.",
    },
    "refused": {"vi": "Gói kết quả bị từ chối: ", "en": "The result package is refused: "},
    "unreadable": {
        "vi": "không đọc được tệp {file} ({reason})",
        "en": "cannot read the file {file} ({reason})",
    },
    "unit": {"vi": "Đơn vị: {code} – {name}", "en": "Unit: {code} – {name}"},
    "congress": {"vi": "Đại hội: {name}", "en": "Congress: {name}"},
    "election": {
        "vi": "Cuộc bầu: {title} (mã {id}), vòng {round}",
        "en": "Election: {title} (id {id}), round {round}",
    },
    "station": {
        "vi": "Trạm kiểm phiếu: {station}; niêm phong lúc {time}; phần mềm {software}",
        "en": "Counting station: {station}; sealed at {time}; software {software}",
    },
    "ballots": {
        "vi": "Phiếu thu vào: {collected}; hợp lệ: {valid}; không hợp lệ: {invalid}",
        "en": "Ballots collected: {collected}; valid: {valid}; invalid: {invalid}",
    },
    "outcome": {"vi": "Kết quả: {outcome}", "en": "Outcome: {outcome}"},
    "elected": {
        "vi": "Trúng cử ({filled}/{seats}): {names}",
        "en": "Elected ({filled}/{seats}): {names}",
    },
    "alternates": {
        "vi": "Trúng cử dự khuyết ({filled}/{seats}): {names}",
        "en": "Elected alternates ({filled}/{seats}): {names}",
    },
    "nobody": {"vi": "không có ai", "en": "nobody"},
    "key": {"vi": "Khóa của trạm: {fingerprint}", "en": "Station key: {fingerprint}"},
    "trusted": {
        "vi": "Khóa này nằm trong danh sách tin cậy.",
        "en": "This key is on the trusted list.",
    },
    "not_checked": {
        "vi": "Chưa đối chiếu khóa: hãy đọc dấu vân tay trên với trạm kiểm phiếu "
        "(qua điện thoại) hoặc chạy lại với --trust.",
        "en": "The key was not checked: read the fingerprint above to the counting "
        "station (by phone) or run again with --trust.",
    },
}

_OUTCOMES: dict[str, dict[Lang, str]] = {
    "complete": {"vi": "đã bầu đủ số lượng", "en": "all seats filled"},
    "tie": {"vi": "bằng phiếu ở vị trí cuối, phải bầu lại", "en": "a tie at the cutoff"},
    "shortfall": {"vi": "chưa bầu đủ số lượng", "en": "seats left unfilled"},
    "void": {"vi": "không có phiếu hợp lệ", "en": "no valid ballot"},
}


def _parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi package verify",
        "Check a signed result package: signature, parts, recount.",
        stdout,
        stderr,
    )
    parser.add_argument("file", metavar="FILE", help="daihoi/package@1 file")
    parser.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        action="append",
        help="a trusted station key (repeat for several); any other key is refused",
    )
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    return parser


def run_package_verify(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; ``argv`` are the arguments after ``package verify``."""
    try:
        args = _parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    lang = cast(Lang, args.lang)
    for text in args.trust or ():
        try:
            normalize_fingerprint(text)
        except ValueError:
            stderr.write(PackageError("bad_fingerprint", value=text).message(lang) + "\n")
            return EXIT_REFUSED
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        stderr.write(_TEXT["unreadable"][lang].format(file=args.file, reason=reason) + "\n")
        return EXIT_REFUSED
    try:
        package = read_package(data, trusted=args.trust)
    except PackageError as exc:
        stderr.write(_TEXT["refused"][lang] + exc.message(lang) + "\n")
        return EXIT_REFUSED
    stdout.write(render_verified(package, lang, trusted=args.trust is not None))
    return EXIT_OK


def render_verified(package: VerifiedPackage, lang: Lang = "vi", *, trusted: bool) -> str:
    """The summary of a verified package, one fact a line, ending with a newline."""

    def t(key: str, **values: object) -> str:
        return _TEXT[key][lang].format(**values)

    m, d, r = package.meta, package.definition, package.result
    names = {c.id: c.name for c in d.candidates}

    def listing(ids: Sequence[str]) -> str:
        return ", ".join(names[i] for i in ids) or t("nobody")

    b = r.ballots
    lines = [
        t("valid"),
        t("unit", code=m.unit_code, name=m.unit_name),
        t("congress", name=m.congress),
        t("election", title=d.title, id=d.id, round=d.round),
        t("station", station=m.station, time=_time(m.sealed_at), software=m.software),
        t("ballots", collected=b.collected, valid=b.valid, invalid=b.invalid),
        t("outcome", outcome=_OUTCOMES[r.outcome][lang]),
        t("elected", filled=r.seats_filled, seats=r.seats, names=listing(r.elected)),
    ]
    if r.alternates is not None:
        a = r.alternates
        lines.append(
            t("alternates", filled=a.seats_filled, seats=a.seats, names=listing(a.elected))
        )
    lines += [t("key", fingerprint=package.fingerprint), t("trusted" if trusted else "not_checked")]
    return "\n".join(lines) + "\n"


def _time(moment: datetime) -> str:
    """``21:30 14/06/2025 (UTC+07:00)``: the station's own clock and offset."""
    offset = moment.strftime("%z")
    return f"{moment:%H:%M %d/%m/%Y} (UTC{offset[:3]}:{offset[3:]})"
