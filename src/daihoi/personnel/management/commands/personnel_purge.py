"""Erase candidates' dossiers kept past the retention period, and say what was erased."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.personnel.services import dossiers_erase_expired
from daihoi.tables import parse_date


class Command(BaseCommand):
    help = (
        "Erase the dossiers of congresses whose results were approved more than "
        "PERSONNEL_RETENTION_DAYS days ago (with --dry-run: only list them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="override the retention days")
        parser.add_argument("--today", default="", help="count from this day (dd/mm/yyyy)")
        parser.add_argument("--dry-run", action="store_true", help="list, erase nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = parse_date(options["today"])
            except ValueError as exc:
                raise CommandError(f"--today: not a date (dd/mm/yyyy): {options['today']}") from exc
        days = options["days"] if options["days"] is not None else settings.PERSONNEL_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must not be negative")
        erased = dossiers_erase_expired(
            actor=None, today=today, days=days, dry_run=options["dry_run"]
        )
        verb = "would erase" if options["dry_run"] else "erased"
        for e in erased:
            self.stdout.write(
                f"{e.congress.unit.code} {e.congress.unit.name} ({e.congress.term}), results "
                f"approved {e.approved_on:%d/%m/%Y}: {verb} {e.dossiers} dossiers, "
                f"{e.documents} documents, {e.records} personal records"
            )
        total = sum(e.dossiers for e in erased)
        self.stdout.write(
            f"{verb} {total} dossiers of {len(erased)} congresses "
            f"(retention {days} days after the results are approved)"
        )
