"""A resolution's targets and their yearly figures from one spreadsheet: all of it, or nothing.

One row a target, as the review table is kept in Excel. The header names the
columns, in Vietnamese or English, in any order:

==================  ============  ==============================================
Vietnamese          English       what
==================  ============  ==============================================
Chỉ tiêu            target        the target's name (required)
Nhóm                group         Kinh tế, Văn hóa – xã hội, … (for a new target)
Đơn vị tính         measure       %, xã, tỷ đồng …
Loại                kind          cuối kỳ, cộng dồn, tăng trưởng bình quân,
                                  bình quân năm, ít nhất, tối đa (new target)
Chiều               direction     tăng (higher is better) or giảm
Giá trị gốc         baseline
Năm gốc             baseline_year
Mục tiêu            value         the target value (for a new target)
Nguồn               source        where the figures come from
2021 … 2025         (the same)    a year's figure; "2025 (ước)" marks estimates
==================  ============  ==============================================

A row naming a target already in the resolution sets its figures only (its
definition is changed on its page); any other row creates a target. Numbers
take a decimal comma or point (8,5 or 8.5; 1.234,5). Every row is checked
first: a figure that is not a number, a year column outside the resolution's
years, a target named twice, a missing or unknown group or kind — each is
named with its row and column, and then nothing is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.tables import ImportRefused, RowError, header_columns, norm, read_table
from daihoi.targets import services
from daihoi.targets.models import Direction, Group, Kind, State, Target

MAX_ROWS = 2_000

HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Chỉ tiêu", ("chỉ tiêu", "tên chỉ tiêu", "target", "name")),
    "group": ("Nhóm", ("nhóm", "lĩnh vực", "group")),
    "measure": ("Đơn vị tính", ("đơn vị tính", "đvt", "measure", "unit")),
    "kind": ("Loại", ("loại", "loại chỉ tiêu", "kind")),
    "direction": ("Chiều", ("chiều", "direction")),
    "baseline": ("Giá trị gốc", ("giá trị gốc", "gốc", "baseline")),
    "baseline_year": ("Năm gốc", ("năm gốc", "baseline_year")),
    "value": ("Mục tiêu", ("mục tiêu", "chỉ tiêu nghị quyết", "target_value", "value")),
    "source": ("Nguồn", ("nguồn", "nguồn số liệu", "source")),
    "number": ("STT", ("stt", "tt", "number", "#")),
}

GROUP_WORDS: dict[str, str] = {
    "kinh tế": Group.ECONOMY,
    "văn hóa – xã hội": Group.SOCIETY,
    "văn hóa - xã hội": Group.SOCIETY,
    "văn hóa, xã hội": Group.SOCIETY,
    "xã hội": Group.SOCIETY,
    "tài nguyên – môi trường": Group.ENVIRONMENT,
    "tài nguyên - môi trường": Group.ENVIRONMENT,
    "môi trường": Group.ENVIRONMENT,
    "quốc phòng – an ninh": Group.DEFENCE,
    "quốc phòng - an ninh": Group.DEFENCE,
    "quốc phòng, an ninh": Group.DEFENCE,
    "xây dựng đảng": Group.PARTY,
    "xây dựng đảng và hệ thống chính trị": Group.PARTY,
    **{g.value: g.value for g in Group},
}
KIND_WORDS: dict[str, str] = {
    "cuối kỳ": Kind.LEVEL,
    "mức cuối kỳ": Kind.LEVEL,
    "đến cuối nhiệm kỳ": Kind.LEVEL,
    "cộng dồn": Kind.SUM,
    "tổng cả nhiệm kỳ": Kind.SUM,
    "tăng trưởng bình quân": Kind.GROWTH,
    "tăng bình quân": Kind.GROWTH,
    "bình quân năm": Kind.AVERAGE,
    "bình quân": Kind.AVERAGE,
    "ít nhất": Kind.AT_LEAST,
    "hằng năm ít nhất": Kind.AT_LEAST,
    "tối đa": Kind.AT_MOST,
    "không quá": Kind.AT_MOST,
    "hằng năm không quá": Kind.AT_MOST,
    **{k.value: k.value for k in Kind},
}
DIRECTION_WORDS: dict[str, str] = {
    "tăng": Direction.HIGHER,
    "cao hơn là tốt": Direction.HIGHER,
    "giảm": Direction.LOWER,
    "thấp hơn là tốt": Direction.LOWER,
    **{d.value: d.value for d in Direction},
}
YEAR_COLUMN = re.compile(r"^(?:năm\s+)?(\d{4})\s*(\(?\s*(?:ước|est\.?|estimate)\s*\)?)?$")


def _key(text: str) -> str:
    return norm(text).replace("hoá", "hóa").replace("uỷ", "ủy")


def parse_decimal(text: str) -> Decimal:
    """8,5 · 8.5 · 1.234,5 · 1,234.5 · 1.234.567 → Decimal; ValueError otherwise."""
    t = text.replace(" ", "").replace("\u00a0", "")
    if "," in t and "." in t:
        decimal_mark = "," if t.rfind(",") > t.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        t = t.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in t:
        if t.count(",") > 1:
            raise ValueError(text)
        t = t.replace(",", ".")
    elif t.count(".") > 1:
        if not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", t):
            raise ValueError(text)
        t = t.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", t):
        raise ValueError(text)
    try:
        return Decimal(t)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


@dataclass
class TargetRow:
    row: int
    name: str
    data: services.TargetData | None  # None: the target exists; only its figures are set
    existing: Target | None
    figures: dict[int, tuple[Decimal, bool]] = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class Imported:
    created: int
    figures: int
    file_sha256: str


def parse(table: list[list[str]], unit: Unit, term: Term) -> tuple[list[TargetRow], list[RowError]]:
    if not table or not any(table[0]):
        return [], [RowError(1, "-", _("the file is empty"))]
    years: dict[int, tuple[int, bool]] = {}  # column index -> (year, estimate)

    def year_column(i: int, text: str) -> list[RowError] | None:
        match = YEAR_COLUMN.match(_key(text))
        if not match:
            return None
        year = int(match.group(1))
        problem = services.check_year(term, year)
        if problem:
            return [RowError(1, text, problem)]
        if any(y == year for y, _e in years.values()):
            return [RowError(1, text, _("the year %s has two columns") % year)]
        years[i] = (year, bool(match.group(2)))
        return []

    header = header_columns(
        table[0],
        {key: names for key, (_vi, names) in HEADERS.items()},
        required=("name",),
        labels={key: vi for key, (vi, _names) in HEADERS.items()},
        key=_key,
        other=year_column,
    )
    columns, errors = header.index, header.errors
    if errors:
        return [], errors
    if len(table) - 1 > MAX_ROWS:
        return [], [RowError(1, "-", _("more than %d rows") % MAX_ROWS)]
    existing = {services.name_key(t.name): t for t in Target.objects.filter(unit=unit, term=term)}
    seen: dict[str, int] = {}
    rows: list[TargetRow] = []
    label = {key: vi for key, (vi, _n) in HEADERS.items()}
    for r, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue

        def get(key: str, raw: list[str] = raw) -> str:
            i = columns.get(key)
            return raw[i].strip() if i is not None and i < len(raw) else ""

        name = " ".join(get("name").split())
        if not name:
            errors.append(RowError(r, label["name"], _("the target has no name")))
            continue
        key = services.name_key(name)
        if key in seen:
            errors.append(
                RowError(r, label["name"], _("the target is already on row %d") % seen[key])
            )
            continue
        seen[key] = r
        row = TargetRow(r, name, None, existing.get(key), source=get("source"))
        for i, (year, estimate) in years.items():
            text = raw[i].strip() if i < len(raw) else ""
            if not text:
                continue
            try:
                row.figures[year] = (parse_decimal(text), estimate)
            except ValueError:
                errors.append(RowError(r, table[0][i], _("“%s” is not a number") % text))
        if row.existing is None:
            row.data = _new_target(r, get, label, unit, term, errors)
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "-", _("the file has no target")))
    return rows, errors


def _new_target(
    r: int, get: Any, label: dict[str, str], unit: Unit, term: Term, errors: list[RowError]
) -> services.TargetData | None:
    ok = True
    group = GROUP_WORDS.get(_key(get("group")))
    if group is None:
        errors.append(RowError(r, label["group"], _("a new target needs a known group")))
        ok = False
    kind = KIND_WORDS.get(_key(get("kind")))
    if kind is None:
        errors.append(RowError(r, label["kind"], _("a new target needs a known kind")))
        ok = False
    direction = DIRECTION_WORDS.get(_key(get("direction")) or Direction.HIGHER)
    if direction is None:
        errors.append(RowError(r, label["direction"], _("write “tăng” or “giảm”")))
        ok = False
    numbers: dict[str, Decimal | None] = {}
    for key in ("value", "baseline"):
        text = get(key)
        if not text:
            numbers[key] = None
            continue
        try:
            numbers[key] = parse_decimal(text)
        except ValueError:
            errors.append(RowError(r, label[key], _("“%s” is not a number") % text))
            ok = False
    if ok and numbers.get("value") is None:
        errors.append(RowError(r, label["value"], _("a new target needs its target value")))
        ok = False
    baseline_year: int | None = None
    if get("baseline_year"):
        try:
            baseline_year = int(get("baseline_year"))
        except ValueError:
            errors.append(
                RowError(r, label["baseline_year"], _("“%s” is not a year") % get("baseline_year"))
            )
            ok = False
    if not ok:
        return None
    data = services.TargetData(
        name=" ".join(get("name").split()),
        group=str(group),
        measure=get("measure"),
        kind=str(kind),
        direction=str(direction),
        value=numbers["value"],  # type: ignore[arg-type]
        baseline=numbers.get("baseline"),
        baseline_year=baseline_year,
    )
    for problem in services.check_target_data(unit, term, data):
        errors.append(RowError(r, "-", problem))
        ok = False
    return data if ok else None


def targets_import(
    *, actor: Actor | None, unit: Unit, term: Term, file_name: str, data: bytes
) -> Imported:
    """Check the whole file, then write it in one transaction; ImportRefused names every error."""
    table = read_table(file_name, data)
    rows, errors = parse(table, unit, term)
    if errors:
        raise ImportRefused(file_name, errors)
    digest = hashlib.sha256(data).hexdigest()
    created = figures = 0
    with transaction.atomic():
        for row in rows:
            target = row.existing
            if target is None:
                assert row.data is not None
                target = services.target_create(
                    actor=actor, unit=unit, term=term, data=row.data, state=State.ADOPTED
                )
                created += 1
            for year, (value, estimate) in sorted(row.figures.items()):
                services.actual_set(
                    actor=actor,
                    target=target,
                    year=year,
                    value=value,
                    estimate=estimate,
                    source=row.source or file_name,
                )
                figures += 1
        audit_record(
            actor=actor,
            action="target.import",
            object_type="unit",
            object_id=unit.pk,
            unit_path=unit.path,
            after={
                "term": str(term),
                "file": file_name,
                "sha256": digest,
                "created": created,
                "figures": figures,
            },
        )
    return Imported(created, figures, digest)
