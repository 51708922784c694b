"""``daihoi manage planning_reminders --days 7``: the reminders, as a Django command."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daihoi.planning.reminders import run_reminders


class Command(BaseCommand):
    help = "E-mail the offices whose congresses are due soon, overdue, or not reported."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", default="7")
        parser.add_argument("--repeat", default="7")
        parser.add_argument("--today", default="")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--url", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = ["--days", str(options["days"]), "--repeat", str(options["repeat"])]
        if options["today"]:
            argv += ["--today", options["today"]]
        if options["dry_run"]:
            argv.append("--dry-run")
        if options["url"]:
            argv += ["--url", options["url"]]
        code = run_reminders(argv, self.stdout, self.stderr)  # type: ignore[arg-type]
        if code:
            raise CommandError("reminders: bad arguments", returncode=code)
