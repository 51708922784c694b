"""Candidates' dossiers for a congress from one spreadsheet (.xlsx or .csv): all, or none.

One row a person already on a unit's member list; the header row names the
columns, in Vietnamese or English, in any order:

====================  ==============  ==============================================
Vietnamese            English         what
====================  ==============  ==============================================
Họ và tên             name            as on the member list (required)
Ngày sinh             birth_date      dd/mm/yyyy, as on the member list (required)
Mã chi bộ             unit            the unit's code, when two members share a name
Dự kiến               post            ủy viên BCH, ủy viên BTV, bí thư, phó bí thư
Hình thức             nomination      giới thiệu, đề cử, tự ứng cử
Tái cử                reelection      có / không
Ngày nộp hồ sơ        filed_on        dd/mm/yyyy (a self-nominee's filing date)
Trình độ chuyên môn   education
Ghi chú               note
====================  ==============  ==============================================

Every row is checked first: a missing column, a person not found among the
members of the congress's unit and the units below it (or found in another
unit), a date of birth in the future, a repeated person, one who already has
a dossier — each is named with its row and column, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Member
from daihoi.organizations.paths import subtree_upper_bound
from daihoi.personnel.models import Dossier, Nomination, PersonalRecord, Post
from daihoi.personnel.services import dossier_create
from daihoi.tables import ImportRefused, RowError, header_columns, norm, parse_date, read_table

MAX_ROWS = 2_000

HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Họ và tên", ("họ và tên", "họ tên", "name", "full_name")),
    "birth_date": ("Ngày sinh", ("ngày sinh", "ngày tháng năm sinh", "birth_date", "born")),
    "unit": ("Mã chi bộ", ("mã chi bộ", "mã đơn vị", "unit", "unit_code")),
    "post": ("Dự kiến", ("dự kiến", "chức danh dự kiến", "post")),
    "nomination": ("Hình thức", ("hình thức", "nomination")),
    "reelection": ("Tái cử", ("tái cử", "reelection", "re-election")),
    "filed_on": ("Ngày nộp hồ sơ", ("ngày nộp hồ sơ", "ngày nộp", "filed_on")),
    "education": ("Trình độ chuyên môn", ("trình độ chuyên môn", "trình độ", "education")),
    "note": ("Ghi chú", ("ghi chú", "note")),
}
REQUIRED = ("name", "birth_date")

POSTS = {
    "": Post.COMMITTEE,
    "ủy viên bch": Post.COMMITTEE,
    "bch": Post.COMMITTEE,
    "committee": Post.COMMITTEE,
    "ủy viên btv": Post.STANDING,
    "btv": Post.STANDING,
    "standing": Post.STANDING,
    "bí thư": Post.SECRETARY,
    "secretary": Post.SECRETARY,
    "phó bí thư": Post.DEPUTY,
    "deputy": Post.DEPUTY,
}
NOMINATIONS = {
    "": Nomination.PROPOSED,
    "giới thiệu": Nomination.PROPOSED,
    "cấp ủy giới thiệu": Nomination.PROPOSED,
    "proposed": Nomination.PROPOSED,
    "đề cử": Nomination.NOMINATED,
    "nominated": Nomination.NOMINATED,
    "tự ứng cử": Nomination.SELF,
    "ứng cử": Nomination.SELF,
    "self": Nomination.SELF,
}
YES = {"có", "x", "yes", "1", "true", "tái cử"}
NO = {"", "không", "no", "0", "false"}


@dataclass(frozen=True)
class ImportedRow:
    member: Member
    post: str
    nomination: str
    reelection: bool
    filed_on: dt.date | None
    education: str
    note: str


def _columns(header: list[str], file_name: str) -> dict[str, int]:
    columns = header_columns(
        header,
        {key: aliases for key, (_vi, aliases) in HEADERS.items()},
        required=REQUIRED,
        labels={key: vi for key, (vi, _aliases) in HEADERS.items()},
        lenient=True,
    )
    if columns.errors:
        raise ImportRefused(file_name, columns.errors)
    return columns.index


def _date(text: str, row: int, column: str, errors: list[RowError]) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        errors.append(RowError(row, column, _("“%s” is not a date (dd/mm/yyyy)") % text))
        return None


def parse_dossiers(congress: Congress, file_name: str, data: bytes) -> list[ImportedRow]:
    """Read and check the whole file; raises ``ImportRefused`` listing every error."""
    table = [r for r in read_table(file_name, data) if any(c for c in r)]
    if not table:
        raise ImportRefused(file_name, [RowError(1, "-", _("the file is empty"))])
    if len(table) - 1 > MAX_ROWS:
        raise ImportRefused(file_name, [RowError(0, "-", _("more than %d rows") % MAX_ROWS)])
    cols = _columns(table[0], file_name)
    unit = congress.unit
    subtree = Member.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=subtree_upper_bound(unit.path)
    ).select_related("unit")
    by_key: dict[tuple[str, dt.date | None], list[Member]] = {}
    for m in subtree:
        by_key.setdefault((norm(m.full_name), m.birth_date), []).append(m)
    has_dossier = set(Dossier.objects.filter(congress=congress).values_list("member_id", flat=True))
    today = timezone.localdate()
    errors: list[RowError] = []
    rows: list[ImportedRow] = []
    seen: dict[int, int] = {}

    def get(r: list[str], key: str) -> str:
        i = cols.get(key)
        return r[i].strip() if i is not None and i < len(r) else ""

    for number, r in enumerate(table[1:], start=2):
        before = len(errors)
        name = " ".join(get(r, "name").split())
        if not name:
            errors.append(RowError(number, HEADERS["name"][0], _("the name is empty")))
        born = _date(get(r, "birth_date"), number, HEADERS["birth_date"][0], errors)
        if born is None and get(r, "birth_date") == "":
            errors.append(RowError(number, HEADERS["birth_date"][0], _("the date is empty")))
        if born is not None and born > today:
            errors.append(
                RowError(
                    number,
                    HEADERS["birth_date"][0],
                    _("%s is in the future") % born.strftime("%d/%m/%Y"),
                )
            )
        post = POSTS.get(norm(get(r, "post")))
        if post is None:
            errors.append(
                RowError(number, HEADERS["post"][0], _("unknown post “%s”") % get(r, "post"))
            )
        nomination = NOMINATIONS.get(norm(get(r, "nomination")))
        if nomination is None:
            errors.append(
                RowError(
                    number,
                    HEADERS["nomination"][0],
                    _("unknown nomination “%s” (giới thiệu, đề cử, tự ứng cử)")
                    % get(r, "nomination"),
                )
            )
        flag = norm(get(r, "reelection"))
        if flag not in YES | NO:
            errors.append(RowError(number, HEADERS["reelection"][0], _("write “có” or “không”")))
        filed_on = _date(get(r, "filed_on"), number, HEADERS["filed_on"][0], errors)
        if filed_on is not None and filed_on > today:
            errors.append(
                RowError(
                    number,
                    HEADERS["filed_on"][0],
                    _("%s is in the future") % filed_on.strftime("%d/%m/%Y"),
                )
            )
        if len(errors) > before or not name:
            continue
        found = by_key.get((norm(name), born), [])
        code = get(r, "unit")
        if code:
            found = [m for m in found if m.unit.code == code]
        if not found:
            elsewhere = Member.objects.filter(full_name__iexact=name, birth_date=born).exclude(
                pk__in=[m.pk for m in subtree.filter(full_name__iexact=name)]
            )
            if elsewhere.exists():
                message = _(
                    "%(name)s is a member of another unit, not of %(unit)s or a unit below it"
                ) % {"name": name, "unit": unit.name}
            else:
                message = _(
                    "no member of %(unit)s or a unit below it is %(name)s, born %(born)s"
                ) % {
                    "unit": unit.name,
                    "name": name,
                    "born": born.strftime("%d/%m/%Y") if born else "?",
                }
            errors.append(RowError(number, HEADERS["name"][0], message))
            continue
        if len(found) > 1:
            errors.append(
                RowError(
                    number,
                    HEADERS["unit"][0],
                    _("%(n)d members share this name and date of birth: give the unit's code")
                    % {"n": len(found)},
                )
            )
            continue
        member = found[0]
        if member.pk in seen:
            errors.append(
                RowError(
                    number,
                    HEADERS["name"][0],
                    _("the same person as row %d") % seen[member.pk],
                )
            )
            continue
        seen[member.pk] = number
        if member.pk in has_dossier:
            errors.append(
                RowError(number, HEADERS["name"][0], _("already has a dossier for this congress"))
            )
            continue
        rows.append(
            ImportedRow(
                member=member,
                post=str(post),
                nomination=str(nomination),
                reelection=flag in YES,
                filed_on=filed_on,
                education=get(r, "education"),
                note=get(r, "note"),
            )
        )
    if errors:
        raise ImportRefused(file_name, errors)
    if not rows:
        raise ImportRefused(file_name, [RowError(2, "-", _("no rows below the header"))])
    return rows


@transaction.atomic
def dossiers_import(*, actor: Actor | None, congress: Congress, file_name: str, data: bytes) -> int:
    """Check the whole file, then create every dossier in one transaction."""
    rows = parse_dossiers(congress, file_name, data)
    for row in rows:
        dossier_create(
            actor=actor,
            congress=congress,
            member=row.member,
            post=row.post,
            nomination=row.nomination,
            reelection=row.reelection,
            filed_on=row.filed_on,
            note=row.note,
        )
        if row.education:
            PersonalRecord.objects.update_or_create(
                member=row.member, defaults={"education": row.education}
            )
    audit_record(
        actor=actor,
        action="personnel.dossiers.import",
        object_type="congress",
        object_id=congress.pk,
        unit_path=congress.unit.path,
        after={
            "file": file_name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "dossiers": len(rows),
        },
    )
    return len(rows)
