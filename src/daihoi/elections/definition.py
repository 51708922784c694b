"""The bridge to the engine: an election in the database as a ``daihoi/election@1``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from daihoi.core.ballots.testing import trial_definition
from daihoi.core.elections import ElectionDefinition, InvalidInput, parse_election
from daihoi.core.elections.ballot_order import ballot_order
from daihoi.core.elections.errors import InputError
from daihoi.core.elections.formats import born_for_ties
from daihoi.core.elections.model import Candidate as EngineCandidate
from daihoi.core.elections.model import Rules
from daihoi.core.elections.rules import apply_overrides, builtin_profile
from daihoi.elections.models import Candidate, Election, ElectionTest
from daihoi.elections.problems import problem_texts


def election_json(election: Election) -> dict[str, Any]:
    """The election as its interchange file: what the engine, the ballot and the package use.

    The file is offered to every congress viewer (clerks, delegates), so a
    candidate's date of birth — personal data, kept for the personnel
    subcommittee — is in it only as far as the tie rule needs it
    (:func:`~daihoi.core.elections.formats.born_for_ties`).
    """
    candidates = [c for c in election.candidates.all() if not c.withdrawn]
    born = born_for_ties(_tie_rule(election), [c.born for c in candidates])
    data: dict[str, Any] = {
        "format": "daihoi/election@1",
        "id": f"e{election.pk}",
        "title": election.title,
        "kind": election.kind,
        "round": election.round,
        "seats": election.seats,
        "profile": election.profile,
        "electorate": {
            "congress": election.congress.kind,
            "summoned": election.summoned,
            "deductions": [
                {"reason": d.reason, "count": d.count} for d in election.deductions.all()
            ],
        },
        "candidates": [_candidate_json(c, b) for c, b in zip(candidates, born, strict=True)],
    }
    if election.rules:
        data["rules"] = election.rules
    if election.ballots_issued is not None:
        data["ballots_issued"] = election.ballots_issued
    return data


def _tie_rule(election: Election) -> str:
    """The tie rule the election's profile and overrides give ("" if unknown)."""
    overrides = election.rules if isinstance(election.rules, dict) else {}
    if isinstance(overrides.get("tie"), str):
        return str(overrides["tie"])
    try:
        return builtin_profile(election.profile).rules.tie
    except (KeyError, InvalidInput):
        return ""  # the engine will name the unknown profile


def _candidate_json(c: Candidate, born: dt.date | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": c.code, "name": c.full_name}
    if c.note:
        item["note"] = c.note
    if born is not None:
        item["born"] = born.isoformat()
    return item


def real_definition(election: Election) -> ElectionDefinition:
    """The election's own definition, test or not: what its file, ballot and minutes show.

    Raises ``InvalidInput`` listing what is missing or wrong.
    """
    return parse_election(election_json(election), file=f"e{election.pk}")


def has_open_test(election: Election) -> bool:
    """Whether a logic-and-accuracy test of the election is open (docs/test-mode.md)."""
    return ElectionTest.objects.filter(election_id=election.pk, cleared_at__isnull=True).exists()


def election_definition(election: Election) -> ElectionDefinition:
    """The definition the counting room counts by; raises ``InvalidInput`` listing what is
    missing or wrong.

    While a test is open it is the test definition (``core.ballots.testing``): the
    counting room works as usual, but only MẪU THỬ ballots scan, and what is counted
    is test data.
    """
    definition = real_definition(election)
    return trial_definition(definition) if has_open_test(election) else definition


def election_rules(election: Election) -> Rules:
    """The election's rules: its profile with its overrides, resolved once, errors kept.

    For the checks that need the rules before the list is complete (an outside
    nominee's admission). An unknown profile or a wrong override is refused with
    the engine's reasons, never replaced by the profile's own values.
    """
    try:
        profile = builtin_profile(election.profile)
    except KeyError as exc:
        raise ValidationError(_("Unknown rules profile: %s") % election.profile) from exc
    errors: list[InputError] = []
    rules = apply_overrides(profile.rules, election.rules, "rules", errors)
    if errors:
        raise ValidationError(problem_texts(errors))
    return rules


def definition_or_problems(
    election: Election, *, lang: str = "vi"
) -> tuple[ElectionDefinition | None, list[str]]:
    """The definition, or the engine's reasons it cannot be one yet, worded for the page.

    ``lang`` is kept for callers; the words follow the active language.
    """
    try:
        return election_definition(election), []
    except InvalidInput as exc:
        return None, problem_texts(exc.errors)


def ordered_candidates(
    election: Election, definition: ElectionDefinition | None = None
) -> list[Candidate]:
    """Candidates still on the list, in ballot order (the engine's order, docs/rules.md §1)."""
    listed = [c for c in election.candidates.all() if not c.withdrawn]
    order = definition.rules.order if definition is not None else "collation"
    engine = [EngineCandidate(id=c.code, name=c.full_name, note=c.note or None) for c in listed]
    return [listed[i] for i in ballot_order(engine, order)]
