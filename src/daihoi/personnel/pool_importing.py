"""The cadre pool (quy hoạch) from one spreadsheet (.xlsx or .csv): all, or none.

One row a person; the header row names the columns, in Vietnamese or English:

====================  ==============  ==============================================
Vietnamese            English         what
====================  ==============  ==============================================
Họ và tên             name            required
Năm sinh              birth_year      four digits
Dự kiến               posts           required: ủy viên BCH, ủy viên BTV, bí thư, phó
                                      bí thư; several separated by “;”
Năm rà soát           reviewed_year   the year the entry was last reviewed (this year
                                      when empty)
Ghi chú               note
====================  ==============  ==============================================

A person who is a member of the unit or a unit below it, with that name and
birth year and no namesake, is linked to their member record (their checks
show); anyone else is kept as a name and birth year. Every row is checked
first — each error is named with its row and column — and nothing is written
when one is wrong.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Member
from daihoi.organizations.paths import subtree_upper_bound
from daihoi.personnel.importing import MAX_ROWS, POSTS
from daihoi.personnel.models import CadrePoolEntry
from daihoi.personnel.services.nomination import pool_add
from daihoi.tables import ImportRefused, RowError, header_columns, norm, read_table

HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Họ và tên", ("họ và tên", "họ tên", "name", "full_name")),
    "birth_year": ("Năm sinh", ("năm sinh", "birth_year")),
    "posts": ("Dự kiến", ("dự kiến", "chức danh dự kiến", "posts", "post")),
    "reviewed_year": ("Năm rà soát", ("năm rà soát", "reviewed_year")),
    "note": ("Ghi chú", ("ghi chú", "note")),
}
REQUIRED = ("name", "posts")


def _year(text: str, row: int, column: str, earliest: int, errors: list[RowError]) -> int | None:
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4) or not (
        earliest <= int(text) <= timezone.localdate().year
    ):
        errors.append(
            RowError(
                row,
                column,
                _("“%(text)s” is not a year between %(earliest)d and this year")
                % {"text": text, "earliest": earliest},
            )
        )
        return None
    return int(text)


def parse_pool(
    congress: Congress, file_name: str, data: bytes
) -> list[tuple[Member | None, dict[str, object]]]:
    """Read and check the whole file; raises ``ImportRefused`` listing every error."""
    table = [r for r in read_table(file_name, data) if any(c for c in r)]
    if not table:
        raise ImportRefused(file_name, [RowError(1, "-", _("the file is empty"))])
    if len(table) - 1 > MAX_ROWS:
        raise ImportRefused(file_name, [RowError(0, "-", _("more than %d rows") % MAX_ROWS)])
    columns = header_columns(
        table[0],
        {key: aliases for key, (_vi, aliases) in HEADERS.items()},
        required=REQUIRED,
        labels={key: vi for key, (vi, _aliases) in HEADERS.items()},
        lenient=True,
    )
    if columns.errors:
        raise ImportRefused(file_name, columns.errors)
    cols = columns.index
    unit = congress.unit
    members: dict[tuple[str, int | None], list[Member]] = {}
    for m in Member.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
    ):
        members.setdefault(
            (norm(m.full_name), m.birth_date.year if m.birth_date else None), []
        ).append(m)
    in_pool = {(norm(e.full_name), e.birth_year) for e in CadrePoolEntry.objects.filter(unit=unit)}
    this_year = timezone.localdate().year
    errors: list[RowError] = []
    rows: list[tuple[Member | None, dict[str, object]]] = []
    seen: dict[tuple[str, int | None], int] = {}

    def get(r: list[str], key: str) -> str:
        i = cols.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    for number, r in enumerate(table[1:], start=2):
        before = len(errors)
        name = " ".join(get(r, "name").split())
        if not name:
            errors.append(RowError(number, HEADERS["name"][0], _("the name is empty")))
        born = _year(get(r, "birth_year"), number, HEADERS["birth_year"][0], 1900, errors)
        reviewed = _year(get(r, "reviewed_year"), number, HEADERS["reviewed_year"][0], 2000, errors)
        posts = []
        texts = [t.strip() for t in get(r, "posts").split(";") if t.strip()]
        if not texts:
            errors.append(RowError(number, HEADERS["posts"][0], _("no post is given")))
        for text in texts:
            post = POSTS.get(norm(text))
            if post is None:
                errors.append(RowError(number, HEADERS["posts"][0], _("unknown post “%s”") % text))
            else:
                posts.append(str(post))
        if len(errors) > before:
            continue
        key = (norm(name), born)
        if key in seen:
            errors.append(
                RowError(number, HEADERS["name"][0], _("the same person as row %d") % seen[key])
            )
            continue
        seen[key] = number
        if key in in_pool:
            errors.append(RowError(number, HEADERS["name"][0], _("already in the cadre pool")))
            continue
        found = members.get(key, []) if born is not None else []
        rows.append(
            (
                found[0] if len(found) == 1 else None,
                {
                    "full_name": name,
                    "birth_year": born,
                    "posts": posts,
                    "reviewed_year": reviewed or this_year,
                    "note": get(r, "note"),
                },
            )
        )
    if errors:
        raise ImportRefused(file_name, errors)
    if not rows:
        raise ImportRefused(file_name, [RowError(2, "-", _("no rows below the header"))])
    return rows


@transaction.atomic
def pool_import(*, actor: Actor | None, congress: Congress, file_name: str, data: bytes) -> int:
    """Check the whole file, then add every person in one transaction."""
    rows = parse_pool(congress, file_name, data)
    for member, values in rows:
        pool_add(actor=actor, congress=congress, member=member, **values)  # type: ignore[arg-type]
    audit_record(
        actor=actor,
        action="personnel.pool.import",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        after={"file": file_name, "sha256": hashlib.sha256(data).hexdigest(), "people": len(rows)},
    )
    return len(rows)
