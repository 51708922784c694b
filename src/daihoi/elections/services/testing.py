"""Test mode: a logic-and-accuracy test of the count before the real count (docs/test-mode.md).

The head opens a test while the list is approved and the real count has not
started; while it is open, the counting room works as usual — batches, double
entry, scan import, review — but counts by the test definition
(``core.ballots.testing``, ``elections.definition.election_definition``): only
MẪU THỬ ballots scan, and every batch is test data. The head uploads the
expected result (a ``daihoi/ballots@1`` file of the deck, counted by the engine,
or a ``daihoi/result@1``), compares (:func:`election_test_report`), then clears:
every batch, entry, cast and scanned ballot goes, the election is back to
"list approved", the report stays on the test's row. One open test at a time;
the seal, the package, the minutes and the archive refuse while it is open.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daihoi.actor import Actor
from daihoi.core.ballots.testing import real_id, trial_definition
from daihoi.core.elections import ElectionDefinition, InvalidInput, decide, result_to_json
from daihoi.core.elections.errors import error, render
from daihoi.core.elections.formats import (
    RESULT_FORMAT,
    count_ballots_lines,
    result_from_json,
)
from daihoi.elections.definition import has_open_test, real_definition
from daihoi.elections.models import (
    BatchStatus,
    CastBallot,
    Election,
    ElectionStatus,
    ElectionTest,
    ScannedBallot,
    ScanStatus,
)
from daihoi.elections.selectors import counted_ballots, definition_or_refusal, result_or_refusal
from daihoi.elections.services.common import _audit, _locked, _require_status

#: The largest expected file taken (a deck of a few thousand ballots is far smaller).
EXPECTED_MAX_BYTES = 20 * 1024 * 1024


def refuse_while_testing(election: Election) -> None:
    """What must not happen while a test is open (the seal, the package, the minutes,
    the archive) is refused in these words."""
    if has_open_test(election):
        raise ValidationError(
            _(
                "A test run of “%s” is open: its data is not the real count. "
                "Clear the test data before the real count."
            )
            % election.title
        )


def open_test(election: Election) -> ElectionTest | None:
    return ElectionTest.objects.filter(election_id=election.pk, cleared_at__isnull=True).first()


def _open_test_or_refusal(election: Election) -> ElectionTest:
    test = (
        ElectionTest.objects.select_for_update()
        .filter(election_id=election.pk, cleared_at__isnull=True)
        .first()
    )
    if test is None:
        raise ValidationError(_("No test run is open for this election."))
    return test


@transaction.atomic
def election_test_open(*, actor: Actor | None, election: Election) -> ElectionTest:
    """Open a test: the list approved, the real count not started, no test open."""
    election = _locked(election)
    _require_status(election, ElectionStatus.LIST_APPROVED)
    if election.batches.exists():
        raise ValidationError(
            _("The real count has started (batches exist): a test is only run before it.")
        )
    if ElectionTest.objects.filter(election=election, cleared_at__isnull=True).exists():
        raise ValidationError(_("A test run is already open for this election."))
    definition = definition_or_refusal(election)
    test = ElectionTest.objects.create(election=election, opened_by_id=_actor_id(actor))
    _audit(
        actor, "election.test_open", election, test=test.pk, test_id=trial_definition(definition).id
    )
    return test


def _actor_id(actor: Actor | None) -> int | None:
    pk = getattr(actor, "pk", None)
    return pk if isinstance(pk, int) else None


# --- the expected result ----------------------------------------------------------------


def _lang() -> Any:
    return "en" if get_language() == "en" else "vi"


def _refusal(errors: Any) -> ValidationError:
    return ValidationError([render(e, _lang()) for e in errors])


def expected_result(name: str, data: bytes, definition: ElectionDefinition) -> dict[str, Any]:
    """The expected ``daihoi/result@1`` of a ballots file (counted and decided by the
    engine) or of a result file, whose election is the real or the test id of
    ``definition``; ``ValidationError`` naming the file, the line and the field.
    """
    test = trial_definition(definition)
    real = replace(test, id=real_id(test.id))
    label = Path(name).name or "expected"
    lines = data.splitlines()
    first = next((line for line in lines if line.strip()), b"")
    try:
        header = json.loads(first.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        header = None
    if isinstance(header, dict) and header.get("format") == RESULT_FORMAT:
        return _expected_from_result(label, data, (test.id, real.id))
    found = header.get("election") if isinstance(header, dict) else None
    counted_by = real if found == real.id else test
    try:
        result = decide(counted_by, count_ballots_lines(lines, counted_by, label=label))
    except InvalidInput as exc:
        raise _refusal(exc.errors) from None
    return result_to_json(result)


def _expected_from_result(label: str, data: bytes, ids: tuple[str, str]) -> dict[str, Any]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            _("File %(file)s: not a JSON file (%(why)s).") % {"file": label, "why": exc}
        ) from None
    try:
        result = result_from_json(obj)
    except InvalidInput as exc:
        raise _refusal([e.at(file=label) for e in exc.errors]) from None
    if result.election not in ids:
        mismatch = error("election_mismatch", "election", found=result.election, expected=ids[0])
        raise _refusal([mismatch.at(file=label)])
    return result_to_json(result)


@transaction.atomic
def election_test_expected_set(
    *, actor: Actor | None, election: Election, name: str, data: bytes
) -> ElectionTest:
    """Keep the expected result of the open test; a bad file is refused whole."""
    election = _locked(election)
    test = _open_test_or_refusal(election)
    if len(data) > EXPECTED_MAX_BYTES:
        raise ValidationError(
            _("File %(file)s is larger than %(mb)d MB.")
            % {"file": name, "mb": EXPECTED_MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ValidationError(_("File %s is empty.") % name)
    expected = expected_result(name, data, real_definition(election))
    test.expected, test.expected_name = expected, Path(name).name[:255]
    test.save(update_fields=["expected", "expected_name"])
    _audit(
        actor,
        "election.test_expected",
        election,
        test=test.pk,
        file=test.expected_name,
        collected=expected["ballots"]["collected"],
    )
    return test


# --- the comparison ---------------------------------------------------------------------


def _line(key: str, label: str, expected: Any, counted: Any) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "expected": expected,
        "counted": counted,
        "equal": expected is not None and expected == counted,
    }


def comparison(election: Election, test: ElectionTest) -> dict[str, Any]:
    """The logic-and-accuracy comparison of the test's count with the expected result.

    Each line: ballots collected, valid, invalid, each candidate's votes, who is
    elected; equal or not. PASS only when every batch is matched, no scanned
    ballot waits for a decision, an expected result is there and every line is
    equal. Reads only; the words of the labels are Vietnamese (the report is
    printed and signed).
    """
    definition = trial_definition(real_definition(election))
    batches = list(election.batches.values_list("status", flat=True))
    pending = sum(1 for status in batches if status != BatchStatus.MATCHED)
    waiting = election.scans.filter(status=ScanStatus.REVIEW).count()
    problem = ""
    counted: dict[str, Any] | None = None
    try:
        counted = result_to_json(result_or_refusal(definition, counted_ballots(election)))
    except ValidationError as exc:
        problem = "; ".join(exc.messages)
    expected = test.expected
    lines: list[dict[str, Any]] = []
    for key, label in (
        ("collected", "Số phiếu thu vào"),
        ("valid", "Số phiếu hợp lệ"),
        ("invalid", "Số phiếu không hợp lệ"),
    ):
        lines.append(
            _line(
                key,
                label,
                expected["ballots"][key] if expected else None,
                counted["ballots"][key] if counted else None,
            )
        )
    expected_votes = {c["id"]: c["votes"] for c in expected["candidates"]} if expected else {}
    counted_votes = {c["id"]: c["votes"] for c in counted["candidates"]} if counted else {}
    for c in definition.candidates:
        lines.append(
            _line(
                f"votes:{c.id}",
                f"Số phiếu bầu {c.name}",
                expected_votes.get(c.id) if expected else None,
                counted_votes.get(c.id),
            )
        )
    names = {c.id: c.name for c in definition.candidates}

    def elected(result: dict[str, Any] | None) -> str | None:
        if result is None:
            return None
        return ", ".join(names.get(i, i) for i in sorted(result["elected"], key=str)) or "—"

    lines.append(_line("elected", "Trúng cử", elected(expected), elected(counted)))
    passed = (
        expected is not None
        and counted is not None
        and not pending
        and not waiting
        and all(line["equal"] for line in lines)
    )
    return {
        "election": real_id(definition.id),
        "test_id": definition.id,
        "title": real_definition(election).title,
        "opened_at": test.opened_at.isoformat() if test.opened_at else "",
        "computed_at": timezone.now().isoformat(),
        "expected_file": test.expected_name,
        "batches": len(batches),
        "pending_batches": pending,
        "waiting_scans": waiting,
        "problem": problem,
        "lines": lines,
        "passed": passed,
    }


def election_test_report(election: Election) -> dict[str, Any]:
    """The report of the election's open test, or of its last one once cleared."""
    test = open_test(election)
    if test is not None:
        return comparison(election, test)
    last = ElectionTest.objects.filter(election=election).exclude(report=None).first()
    if last is None:
        raise ValidationError(_("No test run is open for this election."))
    return dict(last.report or {})


# --- clearing ---------------------------------------------------------------------------


@transaction.atomic
def election_test_clear(*, actor: Actor | None, election: Election) -> ElectionTest:
    """Delete every batch, entry, cast and scanned ballot of the test, in one transaction;
    the election is back to "list approved", the report kept on the test's row. The stored
    scan images go once the transaction is committed."""
    election = _locked(election)
    test = _open_test_or_refusal(election)
    report = comparison(election, test)
    images = set(election.scans.exclude(image="").values_list("image", flat=True))
    scans = ScannedBallot.objects.filter(election=election).count()
    ballots = CastBallot.objects.filter(election=election).count()
    batches = election.batches.count()
    CastBallot.objects.filter(election=election).delete()
    ScannedBallot.objects.filter(election=election).delete()
    election.batches.all().delete()  # streams and entries go with them
    if election.status == ElectionStatus.COUNTING:
        election.status = ElectionStatus.LIST_APPROVED
        election.save(update_fields=["status"])
    test.cleared_at, test.cleared_by_id, test.report = timezone.now(), _actor_id(actor), report
    test.save(update_fields=["cleared_at", "cleared_by", "report"])
    _audit(
        actor,
        "election.test_clear",
        election,
        test=test.pk,
        batches=batches,
        ballots=ballots,
        scans=scans,
        passed=report["passed"],
    )
    transaction.on_commit(lambda: _remove_images(sorted(images)))
    return test


def _remove_images(images: list[str]) -> None:
    """The stored copies of the test's scans (named by hash, under the election's folder)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    for relative in images:
        path = (root / relative).resolve()
        if root in path.parents and not ScannedBallot.objects.filter(image=relative).exists():
            path.unlink(missing_ok=True)
