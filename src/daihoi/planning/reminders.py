"""Reminders by e-mail: congresses whose deadline is near or past, results not reported.

Who is told: the office of the nearest unit — the unit itself or the first
one above it — that has office accounts with an e-mail address; each person
gets one message listing all their units. A reminder about the same unit,
deadline and kind is not repeated within ``repeat_days``. Mail goes through
Django's mail settings (the console in the demo).

``run_reminders(argv, stdout, stderr)`` is the command line
(``daihoi reminders --days 7``); ``reminders_send`` does the work, in the
command or, with ``--enqueue``, in a worker (``reminders_task``).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from daihoi.accounts.models import UnitGrant, UnitRole
from daihoi.audit.services import audit_record
from daihoi.congresses.selectors import term_current
from daihoi.organizations.models import Unit
from daihoi.organizations.paths import SEGMENT
from daihoi.planning.models import ReminderKind, ReminderSent
from daihoi.planning.progress import Flag, Stage
from daihoi.planning.selectors import subtree_rows

LISTED = 200


@dataclass(frozen=True)
class Notice:
    unit_id: int
    kind: str
    due: dt.date


@dataclass
class ReminderRun:
    notices: int = 0  # units needing a reminder today
    skipped_recent: int = 0  # already reminded within repeat_days
    without_recipient: int = 0  # no office with an e-mail address above them
    messages: int = 0
    recipients: list[str] = field(default_factory=list)


def _notices(term: Any, today: dt.date, days: int) -> list[Notice]:
    horizon = today + dt.timedelta(days=days)
    out: list[Notice] = []
    for root in Unit.objects.filter(parent__isnull=True).active():
        for r in subtree_rows(root, term, today):
            p = r.progress
            if Flag.OVERDUE in p.flags and p.due is not None:
                out.append(Notice(r.unit_id, ReminderKind.OVERDUE, p.due))
            elif (
                p.stage in (Stage.NOT_SCHEDULED, Stage.SCHEDULED)
                and p.due is not None
                and today <= p.due <= horizon
            ):
                out.append(Notice(r.unit_id, ReminderKind.DUE_SOON, p.due))
            elif Flag.REPORT_LATE in p.flags and p.report_due is not None:
                out.append(Notice(r.unit_id, ReminderKind.REPORT_LATE, p.report_due))
    return out


def _offices() -> dict[str, list[tuple[int, str, str]]]:
    """Unit path → (user id, e-mail, name) of its office accounts that can be written to."""
    by_path: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for path, uid, email, full_name, username in (
        UnitGrant.objects.filter(role=UnitRole.OFFICE, user__is_active=True)
        .exclude(user__email="")
        .values_list("unit__path", "user_id", "user__email", "user__full_name", "user__username")
        .order_by("unit__path", "user_id")
    ):
        by_path[path].append((uid, email, full_name or username))
    return by_path


def _line(unit: Unit, notice: Notice, today: dt.date) -> str:
    day = notice.due.strftime("%d/%m/%Y")
    if notice.kind == ReminderKind.OVERDUE:
        late = (today - notice.due).days
        what = ngettext(
            "the congress was due by %(day)s: %(n)d day overdue",
            "the congress was due by %(day)s: %(n)d days overdue",
            late,
        ) % {"day": day, "n": late}
    elif notice.kind == ReminderKind.DUE_SOON:
        left = (notice.due - today).days
        what = ngettext(
            "the congress is due by %(day)s: %(n)d day left",
            "the congress is due by %(day)s: %(n)d days left",
            left,
        ) % {"day": day, "n": left}
    else:
        what = _("the results were due by %(day)s and are not reported") % {"day": day}
    return f"- {unit.name} ({unit.code}): {what}"


def reminders_send(
    *,
    days: int,
    today: dt.date | None = None,
    repeat_days: int = 7,
    dry_run: bool = False,
    site_url: str = "",
) -> ReminderRun:
    """Send today's reminders; returns what was done (nothing is sent or kept with ``dry_run``)."""
    today = today or timezone.localdate()
    run = ReminderRun()
    term = term_current()
    if term is None:
        return run
    notices = _notices(term, today, days)
    run.notices = len(notices)
    recent = set(
        ReminderSent.objects.filter(sent_on__gt=today - dt.timedelta(days=repeat_days)).values_list(
            "unit_id", "kind", "due"
        )
    )
    fresh = [n for n in notices if (n.unit_id, n.kind, n.due) not in recent]
    run.skipped_recent = len(notices) - len(fresh)
    units = Unit.objects.in_bulk([n.unit_id for n in fresh])
    offices = _offices()
    per_user: dict[int, tuple[str, str, list[Notice]]] = {}
    reached: dict[Notice, int] = {}
    for n in fresh:
        unit = units[n.unit_id]
        found: list[tuple[int, str, str]] = []
        for end in range(len(unit.path), 0, -SEGMENT):
            found = offices.get(unit.path[:end], [])
            if found:
                break
        if not found:
            run.without_recipient += 1
            continue
        reached[n] = len(found)
        for uid, email, name in found:
            per_user.setdefault(uid, (email, name, []))[2].append(n)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for email, name, items in per_user.values():
            items.sort(key=lambda n: (n.due, units[n.unit_id].path))
            lines = [_line(units[n.unit_id], n, today) for n in items[:LISTED]]
            if len(items) > LISTED:
                lines.append(_("… and %d more units.") % (len(items) - LISTED))
            body = [
                _("Dear %s,") % name,
                "",
                _("As of %s, these congresses need your attention:") % today.strftime("%d/%m/%Y"),
                "",
                *lines,
            ]
            if site_url:
                first = units[items[0].unit_id]
                body += [
                    "",
                    _("Calendar: %s")
                    % (site_url.rstrip("/") + reverse("planning_calendar", args=[first.code])),
                ]
            body += ["", _("This message was sent by daihoi; please do not reply to it.")]
            subject = ngettext(
                "[daihoi] Congress reminder: %d unit",
                "[daihoi] Congress reminders: %d units",
                len(items),
            ) % len(items)
            messages.append(EmailMessage(subject, "\n".join(body), to=[email]))
    run.messages = len(messages)
    run.recipients = sorted(m.to[0] for m in messages)
    if dry_run or not messages:
        return run
    get_connection().send_messages(messages)
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            ReminderSent(unit_id=n.unit_id, kind=n.kind, due=n.due, sent_on=today, recipients=k)
            for n, k in reached.items()
        )
        audit_record(
            actor=None,
            action="planning.reminders",
            object_type="reminder",
            object_id=today.isoformat(),
            after={"units": len(reached), "messages": len(messages), "days": days},
        )
    return run


@task()
def reminders_task(
    days: int,
    repeat_days: int = 7,
    today: str | None = None,
    dry_run: bool = False,
    site_url: str = "",
) -> dict[str, int]:
    """``reminders_send`` run by a worker (``today``: YYYY-MM-DD); returns its counts."""
    run = reminders_send(
        days=days,
        today=dt.date.fromisoformat(today) if today else None,
        repeat_days=repeat_days,
        dry_run=dry_run,
        site_url=site_url,
    )
    return {
        "notices": run.notices,
        "skipped_recent": run.skipped_recent,
        "without_recipient": run.without_recipient,
        "messages": run.messages,
    }


def run_reminders(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """``daihoi reminders [--days 7] [--repeat 7] [--today YYYY-MM-DD] [--dry-run] [--url URL]
    [--enqueue]``.

    Django must be set up (the ``daihoi`` command does it). Exit 0 when the run
    finished, whatever it sent; 2 for bad arguments.
    """
    parser = argparse.ArgumentParser(
        prog="daihoi reminders",
        description="E-mail the offices whose congresses are due soon, overdue, or not reported.",
    )
    parser.add_argument("--days", type=int, default=7, help="deadlines within this many days")
    parser.add_argument("--repeat", type=int, default=7, help="do not repeat within this many days")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="as if today were YYYY-MM-DD")
    parser.add_argument("--dry-run", action="store_true", help="tell what would be sent, send none")
    parser.add_argument("--url", default="", help="the portal's address, for links in the messages")
    parser.add_argument(
        "--enqueue",
        action="store_true",
        help="leave the run to a worker (daihoi worker)",
    )
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.days < 0 or args.repeat < 0:
        print(_("--days and --repeat are whole numbers of days, 0 or more"), file=stderr)
        return 2
    if term_current() is None:
        print(_("No term has been set up yet."), file=stderr)
        return 2
    if args.enqueue:
        result = reminders_task.enqueue(
            days=args.days,
            repeat_days=args.repeat,
            today=args.today.isoformat() if args.today else None,
            dry_run=args.dry_run,
            site_url=args.url,
        )
        print(_("Reminders queued as task %s; a worker sends them.") % result.id, file=stdout)
        return 0
    run = reminders_send(
        days=args.days,
        today=args.today,
        repeat_days=args.repeat,
        dry_run=args.dry_run,
        site_url=args.url,
    )
    print(
        _(
            "%(n)d units need a reminder; %(recent)d were reminded recently; "
            "%(none)d have no office with an e-mail address; %(m)d messages %(verb)s."
        )
        % {
            "n": run.notices,
            "recent": run.skipped_recent,
            "none": run.without_recipient,
            "m": run.messages,
            "verb": _("would be sent") if args.dry_run else _("sent"),
        },
        file=stdout,
    )
    for address in run.recipients:
        print(f"  {address}", file=stdout)
    return 0
