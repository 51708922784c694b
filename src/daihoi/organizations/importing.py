"""Import of a unit tree from an Excel (.xlsx) or CSV file.

The whole file is read and checked before anything is written: a bad row is
reported with its row number and column, and then nothing at all is imported.

Columns (the header row, Vietnamese or English, any order):
``code``/``mã``, ``name``/``tên``, ``level``/``cấp``, ``parent``/``mã cấp trên``,
``members``/``số đảng viên``, ``start_date``/``ngày thành lập``,
``end_date``/``ngày giải thể``. Dates are dd/mm/yyyy or yyyy-mm-dd.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.core.collation import search_form
from daihoi.organizations.models import Level, Unit
from daihoi.organizations.paths import SEGMENT
from daihoi.tables import ImportRefused, RowError, header_columns, norm, parse_date, read_table

HEADERS = {
    "code": ("code", "mã", "ma", "mã đơn vị"),
    "name": ("name", "tên", "ten", "tên đơn vị"),
    "level": ("level", "cấp", "cap"),
    "parent": ("parent", "parent_code", "mã cấp trên", "ma cap tren", "cấp trên"),
    "members": ("members", "members_count", "số đảng viên", "so dang vien"),
    "start_date": ("start_date", "ngày thành lập", "ngay thanh lap"),
    "end_date": ("end_date", "ngày giải thể", "ngay giai the"),
}
REQUIRED = ("code", "name", "level")
# A column the file lacks is named as the guide names it (in English if the file's headers are).
GUIDE_NAMES = {
    "code": "Mã",
    "name": "Tên",
    "level": "Cấp",
    "parent": "Mã cấp trên",
    "members": "Số đảng viên",
    "start_date": "Ngày thành lập",
    "end_date": "Ngày giải thể",
}
MAX_ROWS = 200_000


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    level: str
    parent: str
    members: int
    start_date: dt.date | None
    end_date: dt.date | None
    depth: int = -1
    children: list[UnitRow] = field(default_factory=list)


def parse_rows(table: list[list[str]]) -> tuple[list[UnitRow], list[RowError]]:
    if not table:
        return [], [RowError(1, "-", _("the file is empty"))]
    columns = header_columns(table[0], HEADERS, required=REQUIRED)
    if columns.errors:
        return [], columns.errors
    if len(table) - 1 > MAX_ROWS:
        return [], [RowError(len(table), "-", _("more than %d rows") % MAX_ROWS)]
    get = columns.get
    errors: list[RowError] = []
    rows: list[UnitRow] = []
    for n, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        code, name, level = get(cells, "code"), get(cells, "name"), get(cells, "level")
        for key, value in (("code", code), ("name", name), ("level", level)):
            if not value:
                errors.append(RowError(n, key, _("this field is required")))
        if len(code) > 64:
            errors.append(RowError(n, "code", _("at most 64 characters")))
        if len(name) > 255:
            errors.append(RowError(n, "name", _("at most 255 characters")))
        members = 0
        if text := get(cells, "members"):
            try:
                members = int(text)
                if members < 0:
                    raise ValueError
            except ValueError:
                errors.append(RowError(n, "members", _("not a whole number: %s") % text))
        dates: dict[str, dt.date | None] = {"start_date": None, "end_date": None}
        for key in dates:
            if text := get(cells, key):
                try:
                    dates[key] = parse_date(text)
                except ValueError:
                    errors.append(RowError(n, key, _("not a date (dd/mm/yyyy): %s") % text))
        start, end = dates["start_date"], dates["end_date"]
        if start and end and end < start:
            errors.append(RowError(n, "end_date", _("before the start date")))
        rows.append(UnitRow(n, code, name, level, get(cells, "parent"), members, start, end))
    return rows, errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    file_sha256: str


def _check(
    rows: list[UnitRow], levels: dict[str, Level], existing: dict[str, Unit], under: Unit | None
) -> list[RowError]:
    errors: list[RowError] = []
    by_code: dict[str, UnitRow] = {}
    for r in rows:
        if r.code in by_code:
            errors.append(
                RowError(
                    r.row,
                    "code",
                    _("code %(code)s repeats row %(first)d")
                    % {"code": r.code, "first": by_code[r.code].row},
                )
            )
            continue
        by_code[r.code] = r
        if r.code in existing:
            errors.append(RowError(r.row, "code", _("unit %s already exists") % r.code))
        if norm(r.level) not in levels:
            errors.append(RowError(r.row, "level", _("unknown level: %s") % r.level))
    roots: list[UnitRow] = []
    for r in by_code.values():
        if not r.parent:
            if under is not None:
                errors.append(
                    RowError(
                        r.row, "parent", _("a unit imported here needs a parent in %s") % under.name
                    )
                )
            else:
                roots.append(r)
        elif r.parent in by_code:
            by_code[r.parent].children.append(r)
        elif r.parent in existing:
            parent = existing[r.parent]
            if under is not None and not under.contains(parent):
                errors.append(
                    RowError(
                        r.row, "parent", _("unit %s is outside the subtree you manage") % r.parent
                    )
                )
            elif not parent.is_active:
                errors.append(RowError(r.row, "parent", _("unit %s is dissolved") % r.parent))
            else:
                roots.append(r)
        else:
            errors.append(RowError(r.row, "parent", _("unknown parent unit: %s") % r.parent))
    # Depth from the roots; whatever is never reached sits on a cycle of parents.
    stack = [(r, (existing[r.parent].depth + 1) if r.parent else 0) for r in roots]
    while stack:
        r, d = stack.pop()
        r.depth = d
        stack.extend((c, d + 1) for c in r.children)
    for r in by_code.values():
        level = levels.get(norm(r.level))
        if r.parent in by_code:
            parent_level = levels.get(norm(by_code[r.parent].level))
        else:
            parent_level = existing[r.parent].level if r.parent in existing else None
        # A level above the parent's is refused (no "Trung ương" under a commune); the same
        # level is accepted, as a chi bộ under a đảng bộ bộ phận is recorded today.
        if level is not None and parent_level is not None and level.rank < parent_level.rank:
            errors.append(
                RowError(
                    r.row,
                    "level",
                    _("a unit under %(parent)s (%(parent_level)s) cannot be of a level above it")
                    % {"parent": r.parent, "parent_level": parent_level.name},
                )
            )
    for r in by_code.values():
        if r.depth < 0 and r.parent in by_code:
            errors.append(
                RowError(r.row, "parent", _("the parents of unit %s form a cycle") % r.code)
            )
    return errors


def _as_headed(errors: list[RowError], table: list[list[str]]) -> list[RowError]:
    """The errors with each column named as the file's header names it ("Cấp", not "level")."""
    header = table[0] if table else []
    english = any(norm(text) in HEADERS for text in header)
    guide = {key: key if english else name for key, name in GUIDE_NAMES.items()}
    named = header_columns(header, HEADERS, labels=guide, lenient=True).labels
    return [RowError(e.row, named.get(e.column, e.column), e.message) for e in errors]


def units_import(
    *, actor: Actor | None, file_name: str, data: bytes, under: Unit | None
) -> ImportResult:
    """Check the whole file, then create every unit in it in one transaction, or none."""
    table = read_table(file_name, data)
    rows, errors = parse_rows(table)
    if errors:
        raise ImportRefused(file_name, _as_headed(errors, table))
    levels: dict[str, Level] = {}
    for level in Level.objects.all():
        levels[norm(level.code)] = level
        levels.setdefault(norm(level.name), level)
    codes = {r.code for r in rows} | {r.parent for r in rows if r.parent}
    existing: dict[str, Unit] = {}
    code_list = list(codes)
    for i in range(0, len(code_list), 900):
        for u in Unit.objects.filter(code__in=code_list[i : i + 900]):
            existing[u.code] = u
    errors = _check(rows, levels, existing, under)
    if errors:
        raise ImportRefused(file_name, _as_headed(sorted(errors, key=lambda e: e.row), table))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        _write(rows, levels, existing)
        audit_record(
            actor=actor,
            action="unit.import",
            object_type="unit",
            object_id=file_name[:64],
            unit_path=under.path if under else "",
            after={"file": file_name, "sha256": digest, "created": len(rows)},
        )
    return ImportResult(created=len(rows), file_sha256=digest)


def _write(rows: list[UnitRow], levels: dict[str, Level], existing: dict[str, Unit]) -> None:
    """Insert depth by depth, then set each depth's paths in one UPDATE from the parents'."""
    pk_of = {code: u.pk for code, u in existing.items()}
    for depth in sorted({r.depth for r in rows}):
        batch = [
            Unit(
                code=r.code,
                name=r.name,
                search_name=search_form(r.name),
                level=levels[norm(r.level)],
                parent_id=pk_of[r.parent] if r.parent else None,
                members_count=r.members,
                start_date=r.start_date,
                end_date=r.end_date,
                depth=depth,
                path=f"new:{r.code}",
            )
            for r in rows
            if r.depth == depth
        ]
        created = Unit.objects.bulk_create(batch, batch_size=2000)
        for u in created:
            pk_of[u.code] = u.pk
        own = LPad(Cast("pk", CharField()), SEGMENT, Value("0"))
        new = Unit.objects.filter(depth=depth, path__startswith="new:")
        if depth == 0:
            new.filter(parent__isnull=True).update(path=own)
        parent_path = Subquery(Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
        new.filter(parent__isnull=False).update(path=Concat(parent_path, own))
