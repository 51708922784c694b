"""Group the comments of a consultation round (for a big draft, outside a web request)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from daihoi.consultation import services
from daihoi.consultation.models import Round


class Command(BaseCommand):
    help = "Group a consultation round's comments into duplicates and topics, section by section."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("round", type=int, help="the id of the round")

    def handle(self, *args: Any, **options: Any) -> None:
        round_ = Round.objects.filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"no round {options['round']}")
        totals = services.round_aggregate(
            round_=round_,
            user=None,
            progress=lambda done, total: self.stdout.write(f"section {done} of {total} grouped"),
        )
        self.stdout.write(
            f"{totals['comments']} comments: {totals['groups']} groups of duplicates, "
            f"{totals['topics']} topics"
        )
