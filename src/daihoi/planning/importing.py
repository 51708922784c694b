"""Results of many congresses from one spreadsheet (.xlsx or .csv): all of them, or none.

One row a unit, as an organization board compiles them today ("biểu tổng hợp
kết quả đại hội"). The header row names the columns, in Vietnamese or
English, in any order:

======================  ==============  =========================================
Vietnamese              English         what
======================  ==============  =========================================
Mã đơn vị               unit            the unit's code (required)
Ngày đại hội            held_on         dd/mm/yyyy; required if not yet recorded
Số ủy viên BCH          committee       members of the new committee (required)
Nữ                      women           of them women
Dưới 40 tuổi            under_40        of them under 40 on the congress day
Dân tộc thiểu số        minority        of them of an ethnic minority
Tái cử                  reelected       of them re-elected
Lần đầu                 first_time      optional; must equal committee − re-elected
Số ủy viên BTV          standing        standing committee members
Bí thư                  secretary       name
Phó Bí thư              deputies        names, separated by commas
Đại biểu chính thức     delegates       official delegates to the upper congress
Đại biểu dự khuyết      alternates      alternate delegates
Ghi chú                 note
======================  ==============  =========================================

Every row is checked before anything is written: an unknown code, a unit
outside the importer's subtree, a congress not set up, a result already
reported, a count that cannot be (more women than members) — each is named
with its row and column, and then nothing is imported. A congress not yet
recorded as held is recorded as held on the row's date, through the
congresses' own services.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.accounts.actors import stored_user
from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress, CongressStatus, Term
from daihoi.congresses.services import congresses_mark_held
from daihoi.organizations.models import Unit
from daihoi.planning.models import ReportSource, ReportStatus, ResultReport
from daihoi.planning.services import REPORT_FIELDS
from daihoi.tables import (
    Columns,
    ImportRefused,
    RowError,
    header_columns,
    norm,
    parse_date,
    read_table,
)

MAX_ROWS = 20_000
CHUNK = 900  # below SQLite's limit of bound parameters

# key: (the column's Vietnamese name, every name accepted, normalized)
HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": ("Mã đơn vị", ("mã đơn vị", "mã", "unit", "code", "unit_code")),
    "held_on": ("Ngày đại hội", ("ngày đại hội", "held_on", "date", "ngày")),
    "committee": (
        "Số ủy viên BCH",
        ("số ủy viên bch", "ủy viên bch", "bch", "số lượng bch", "committee"),
    ),
    "women": ("Nữ", ("nữ", "women")),
    "young": ("Dưới 40 tuổi", ("dưới 40 tuổi", "dưới 40", "under_40", "young")),
    "minority": ("Dân tộc thiểu số", ("dân tộc thiểu số", "dtts", "minority")),
    "reelected": ("Tái cử", ("tái cử", "reelected", "re-elected")),
    "first_time": ("Lần đầu", ("lần đầu", "tham gia lần đầu", "first_time")),
    "standing": ("Số ủy viên BTV", ("số ủy viên btv", "ủy viên btv", "btv", "standing")),
    "secretary": ("Bí thư", ("bí thư", "secretary")),
    "deputies": ("Phó Bí thư", ("phó bí thư", "deputies", "deputy_secretaries")),
    "delegates": ("Đại biểu chính thức", ("đại biểu chính thức", "delegates")),
    "alternates": ("Đại biểu dự khuyết", ("đại biểu dự khuyết", "alternates")),
    "note": ("Ghi chú", ("ghi chú", "note")),
}
REQUIRED = ("unit", "committee")
COUNTS: tuple[str, ...] = (
    "committee",
    "women",
    "young",
    "minority",
    "reelected",
    "first_time",
    "standing",
    "delegates",
    "alternates",
)
PART_OF_COMMITTEE = ("women", "young", "minority", "reelected", "standing")


def _header_key(text: str) -> str:
    # "Uỷ" and "Ủy" are both written; so are "Thuỷ" and "Thủy".
    return norm(text).replace("uỷ", "ủy")


def _header(header: list[str]) -> Columns:
    return header_columns(
        header,
        {key: names for key, (_vi, names) in HEADERS.items()},
        required=REQUIRED,
        labels={key: vi for key, (vi, _names) in HEADERS.items()},
        key=_header_key,
    )


@dataclass
class ResultRow:
    row: int
    unit_code: str
    held_on: dt.date | None
    counts: dict[str, int]
    secretary: str
    deputies: str
    note: str


@dataclass(frozen=True)
class ReportsImported:
    reports: int
    marked_held: int
    file_sha256: str


def parse_rows(table: list[list[str]]) -> tuple[list[ResultRow], list[RowError]]:
    if not table or not any(table[0]):
        return [], [RowError(1, "-", _("the file is empty"))]
    columns = _header(table[0])
    if columns.errors:
        return [], columns.errors
    if len(table) - 1 > MAX_ROWS:
        return [], [RowError(len(table), "-", _("more than %d rows") % MAX_ROWS)]
    label = columns.labels
    errors: list[RowError] = []
    rows: list[ResultRow] = []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue

        def get(key: str, cells: list[str] = cells) -> str:
            return columns.get(cells, key)

        code = get("unit")
        if not code:
            errors.append(RowError(n, label["unit"], _("this field is required")))
        held_on = None
        if text := get("held_on"):
            try:
                held_on = parse_date(text)
            except ValueError:
                errors.append(
                    RowError(n, label["held_on"], _("not a date (dd/mm/yyyy): %s") % text)
                )
        counts: dict[str, int] = {}
        for key in COUNTS:
            text = get(key)
            if not text:
                continue
            try:
                value = int(text)
                if value < 0:
                    raise ValueError
            except ValueError:
                errors.append(RowError(n, label[key], _("not a whole number: %s") % text))
                continue
            counts[key] = value
        if "committee" not in counts and not any(
            e.row == n and e.column == label["committee"] for e in errors
        ):
            errors.append(RowError(n, label["committee"], _("this field is required")))
        size = counts.get("committee")
        if size is not None:
            if size == 0:
                errors.append(
                    RowError(n, label["committee"], _("a committee has at least one member"))
                )
            for key in PART_OF_COMMITTEE:
                if counts.get(key, 0) > size:
                    errors.append(
                        RowError(
                            n,
                            label[key],
                            _("%(part)d is more than the %(size)d members of the committee")
                            % {"part": counts[key], "size": size},
                        )
                    )
            if "first_time" in counts and counts["first_time"] != size - counts.get("reelected", 0):
                errors.append(
                    RowError(
                        n,
                        label["first_time"],
                        _("%(first)d first-time and %(re)d re-elected do not make %(size)d")
                        % {
                            "first": counts["first_time"],
                            "re": counts.get("reelected", 0),
                            "size": size,
                        },
                    )
                )
        for key, limit in (("secretary", 150), ("deputies", 500)):
            if len(get(key)) > limit:
                errors.append(RowError(n, label[key], _("at most %d characters") % limit))
        rows.append(
            ResultRow(n, code, held_on, counts, get("secretary"), get("deputies"), get("note"))
        )
    if not rows and not errors:
        errors.append(RowError(2, label["unit"], _("no result in the file")))
    return rows, errors


def _load(codes: list[str], term: Term) -> tuple[dict[str, Unit], dict[int, Congress]]:
    units: dict[str, Unit] = {}
    for i in range(0, len(codes), CHUNK):
        for u in Unit.objects.filter(code__in=codes[i : i + CHUNK]).only(
            "pk", "code", "name", "path", "end_date"
        ):
            units[u.code] = u
    ids = [u.pk for u in units.values()]
    congresses: dict[int, Congress] = {}
    for i in range(0, len(ids), CHUNK):
        for c in Congress.objects.filter(term=term, unit_id__in=ids[i : i + CHUNK]):
            congresses[c.unit_id] = c
    return units, congresses


def _check(
    rows: list[ResultRow],
    units: dict[str, Unit],
    congresses: dict[int, Congress],
    reports: dict[int, tuple[int, str, str, int]],
    under: Unit,
    label: dict[str, str],
    today: dt.date,
) -> list[RowError]:
    errors: list[RowError] = []
    first: dict[str, int] = {}
    for r in rows:
        if not r.unit_code:
            continue
        if r.unit_code in first:
            errors.append(
                RowError(
                    r.row,
                    label["unit"],
                    _("unit %(code)s repeats row %(first)d")
                    % {"code": r.unit_code, "first": first[r.unit_code]},
                )
            )
            continue
        first[r.unit_code] = r.row
        unit = units.get(r.unit_code)
        if unit is None:
            errors.append(RowError(r.row, label["unit"], _("unknown unit: %s") % r.unit_code))
            continue
        if not under.contains(unit):
            errors.append(
                RowError(
                    r.row,
                    label["unit"],
                    _("unit %(code)s is outside %(under)s, whose results you import")
                    % {"code": r.unit_code, "under": under.name},
                )
            )
            continue
        congress = congresses.get(unit.pk)
        if congress is None:
            errors.append(
                RowError(
                    r.row,
                    label["unit"],
                    _("%(unit)s has no congress set up for this term") % {"unit": unit.name},
                )
            )
            continue
        if r.held_on is not None and r.held_on > today:
            errors.append(
                RowError(r.row, label["held_on"], _("a date in the future: %s") % _d(r.held_on))
            )
        if congress.status in (CongressStatus.HELD, CongressStatus.RESULTS_APPROVED):
            if r.held_on is not None and congress.held_from and r.held_on != congress.held_from:
                errors.append(
                    RowError(
                        r.row,
                        label["held_on"],
                        _("the congress is recorded as held on %(recorded)s, not %(file)s")
                        % {"recorded": _d(congress.held_from), "file": _d(r.held_on)},
                    )
                )
        elif r.held_on is None:
            errors.append(
                RowError(
                    r.row,
                    label["held_on"],
                    _("the congress of %(unit)s is not recorded as held: give its date")
                    % {"unit": unit.name},
                )
            )
        existing = reports.get(congress.pk)
        if existing is not None:
            _pk, status, _source, people = existing
            if status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
                errors.append(
                    RowError(
                        r.row,
                        label["unit"],
                        _("%(unit)s has already reported its results (%(status)s)")
                        % {"unit": unit.name, "status": ReportStatus(status).label},
                    )
                )
            elif people:
                errors.append(
                    RowError(
                        r.row,
                        label["unit"],
                        _("%(unit)s is entering its report itself (%(n)d people listed)")
                        % {"unit": unit.name, "n": people},
                    )
                )
    return errors


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def reports_import(
    *, actor: Actor | None, under: Unit, term: Term, file_name: str, data: bytes
) -> ReportsImported:
    """Check the whole file, then record every result in it in one transaction, or none."""
    table = read_table(file_name, data)
    rows, errors = parse_rows(table)
    if not rows:
        raise ImportRefused(file_name, errors)
    label = _header(table[0]).labels
    codes = sorted({r.unit_code for r in rows})
    units, congresses = _load(codes, term)
    from django.db.models import Count

    reports: dict[int, tuple[int, str, str, int]] = {}
    cids = [c.pk for c in congresses.values()]
    for i in range(0, len(cids), CHUNK):
        for pk, cid, status, source, people in (
            ResultReport.objects.filter(congress_id__in=cids[i : i + CHUNK])
            .annotate(n=Count("people"))
            .values_list("pk", "congress_id", "status", "source", "n")
        ):
            reports[cid] = (pk, status, source, people)
    # Every wrong row at once: the cells that did not read, then what the database says.
    errors += _check(rows, units, congresses, reports, under, label, timezone.localdate())
    if errors:
        raise ImportRefused(file_name, sorted(errors, key=lambda e: e.row))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        marked = _write(actor, rows, units, congresses, reports)
        audit_record(
            actor=actor,
            action="report.import",
            object_type="result_report",
            object_id=file_name[:64],
            unit_path=under.path,
            after={
                "file": file_name,
                "sha256": digest,
                "reports": len(rows),
                "marked_held": marked,
            },
        )
    return ReportsImported(reports=len(rows), marked_held=len(marked), file_sha256=digest)


def _write(
    actor: Actor | None,
    rows: list[ResultRow],
    units: dict[str, Unit],
    congresses: dict[int, Congress],
    reports: dict[int, tuple[int, str, str, int]],
) -> list[int]:
    now = timezone.now()
    user = stored_user(actor)
    # Congresses not yet recorded as held: all at once, through the congresses' own service.
    days = {
        congress.pk: r.held_on
        for r in rows
        for congress in (congresses[units[r.unit_code].pk],)
        if congress.status not in (CongressStatus.HELD, CongressStatus.RESULTS_APPROVED)
        and r.held_on is not None
    }
    if days:
        congresses_mark_held(actor=actor, days=days)
    marked = list(days)  # in the file's order
    new: list[ResultReport] = []
    changed: list[ResultReport] = []
    for r in rows:
        congress = congresses[units[r.unit_code].pk]
        c = r.counts
        report = ResultReport(
            congress=congress,
            status=ReportStatus.SUBMITTED,
            source=ReportSource.IMPORTED,
            committee_size=c["committee"],
            women=c.get("women", 0),
            young=c.get("young", 0),
            minority=c.get("minority", 0),
            reelected=c.get("reelected", 0),
            standing_size=c.get("standing", 0),
            secretary=r.secretary,
            deputies=r.deputies,
            delegates=c.get("delegates", 0),
            alternates=c.get("alternates", 0),
            note=r.note,
            submitted_at=now,
            submitted_by=user,
            return_reason="",
        )
        existing = reports.get(congress.pk)
        if existing is None:
            new.append(report)
        else:
            report.pk = existing[0]
            changed.append(report)
    ResultReport.objects.bulk_create(new, batch_size=1000)
    if changed:
        ResultReport.objects.bulk_update(
            changed,
            [*REPORT_FIELDS, "submitted_at", "submitted_by"],
            batch_size=500,
        )
    return marked
