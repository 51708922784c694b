"""Every comment of a round as an Excel workbook, and the comment report's data.

Cells that a spreadsheet would run as a formula (text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe-like
quote character so they stay text: a comment is never executed.
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from daihoi.consultation import selectors
from daihoi.consultation.models import (
    Anchor,
    Comment,
    CommentGroup,
    GroupKind,
    Handling,
    Round,
)
from daihoi.documents.comment_report import (
    AnswerLine,
    CommentReport,
    SectionReport,
    TopicLine,
)
from daihoi.organizations.models import Unit
from daihoi.tables import as_text


def comments_xlsx(round_: Round) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Comments"))
    sheet.freeze_panes = "A2"
    heads = [
        _("No."),
        _("Section"),
        _("Paragraph"),
        _("Unit code"),
        _("Unit"),
        _("Who commented"),
        _("On behalf of the unit"),
        _("Comment"),
        _("Anchor in the latest version"),
        _("Handling"),
        _("Answer"),
        _("Changed in version"),
        _("Changed paragraph"),
        _("Duplicate group"),
        _("Topic"),
        _("Received"),
    ]
    for i, w in enumerate((8, 8, 9, 12, 28, 24, 10, 60, 18, 16, 50, 10, 10, 10, 30, 12)):
        sheet.column_dimensions[chr(ord("A") + i)].width = w
    bold = Font(bold=True)
    row = []
    for h in heads:
        c = WriteOnlyCell(sheet, value=h)
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="top")
        row.append(c)
    sheet.append(row)
    anchors = dict(Anchor.choices)
    handlings = dict(Handling.choices)
    for (
        pk,
        section,
        paragraph,
        code,
        unit,
        author,
        behalf,
        text,
        anchor,
        handling,
        answer,
        change_version,
        change_number,
        group,
        topic,
        created,
    ) in selectors.export_rows(round_):
        sheet.append(
            [
                pk,
                section,
                paragraph,
                as_text(code),
                as_text(unit),
                as_text(author),
                _("yes") if behalf else _("no"),
                as_text(text),
                str(anchors.get(anchor, anchor)),
                str(handlings.get(handling, handling)),
                as_text(answer),
                change_version,
                change_number,
                group,
                as_text(topic or ""),
                timezone.localtime(created).strftime("%d/%m/%Y"),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_place(unit: Unit) -> str:
    """The place a report is dated at: the unit's name without its kind ("Hòa Bình")."""
    name = unit.name
    for prefix in ("Đảng bộ ", "Chi bộ ", "tỉnh ", "thành phố ", "huyện ", "xã ", "phường "):
        if name.startswith(prefix) or name.lower().startswith(prefix.lower()):
            name = name[len(prefix) :]
    return name


def report_data(
    round_: Round,
    *,
    place: str = "",
    answers_per_section: int = 200,
    comments: QuerySet[Comment] | None = None,
) -> CommentReport:
    """The report's content. Given ``comments`` (what one reader may read), the
    figures and topics stay those of the whole round, but only those comments
    are quoted or answered and only their units named."""
    draft = round_.draft
    readable = round_.comments.all() if comments is None else comments
    names = None if comments is None else selectors.commenting_unit_names(comments)
    unit = draft.unit
    parent = unit.parent
    progress = selectors.round_progress(round_)
    topics = {
        (g.section_number, g.pk): g
        for g in round_.groups.filter(kind=GroupKind.TOPIC).order_by("section_number", "rank")
    }
    dups: dict[int, list[CommentGroup]] = {}
    for g in round_.groups.filter(kind=GroupKind.DUPLICATES).order_by("rank")[:5000]:
        if g.topic_id is not None and g.size > 1:
            dups.setdefault(g.topic_id, []).append(g)
    rep_ids = [i for g in topics.values() for i in g.representatives]
    rep_ids += [g.representatives[0] for gs in dups.values() for g in gs[:3] if g.representatives]
    texts = dict(readable.filter(pk__in=rep_ids).values_list("pk", "text"))
    sections = []
    for p in progress:
        if not p.total:
            continue
        lines = []
        for (number, _pk), g in topics.items():
            if number != p.section.number:
                continue
            lines.append(
                TopicLine(
                    label=g.label,
                    count=g.size,
                    representatives=tuple(texts[i] for i in g.representatives if i in texts),
                    units=tuple((name, n) for name, n in g.units if names is None or name in names),
                    units_count=g.units_count,
                    duplicates=tuple(
                        (texts[d.representatives[0]], d.size, d.units_count)
                        for d in dups.get(g.pk, [])[:3]
                        if d.representatives and d.representatives[0] in texts
                    ),
                )
            )
        qs = selectors.section_comments(round_, p.section.number, comments=comments)
        answers = [
            AnswerLine(
                paragraph=c.paragraph.number,
                unit=c.unit.name if c.on_behalf else f"{c.author_name} ({c.unit.name})",
                text=c.text,
                handling=c.handling,
                answer=c.answer,
                change=(
                    f"đoạn {c.change.number}, bản {c.change.version.number}" if c.change else ""
                ),
            )
            for c in qs.filter(handling__in=[h for h in Handling.values if h])[:answers_per_section]
        ]
        sections.append(
            SectionReport(
                title=p.section.title,
                counts={h: p.by_handling.get(h, 0) for h in Handling.values if h} | {"": p.pending},
                topics=tuple(lines),
                answers=tuple(answers),
                answers_total=p.handled,
            )
        )
    return CommentReport(
        upper_body=parent.name if parent else "",
        issuing_body=unit.name,
        place=place or unit.name,
        day=timezone.localdate(),
        draft_title=draft.title,
        version=round_.version.number,
        round_title=round_.title,
        scope=round_.scope.name,
        opens_on=round_.opens_on,
        closes_on=round_.closes_on,
        units=round_.comments.values("unit_id").distinct().count(),
        sections=tuple(sections),
        answers_per_section=answers_per_section,
    )
