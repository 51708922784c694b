"""Scanned ballots in the counting room (issue 5, Django side).

The pure scanner (``daihoi.core.scanning``) reads the pages, in worker
processes, outside any transaction; then one transaction stores every ballot
with the figures it was read on, counts those read without doubt, and leaves
the others for the committee to adjudicate one by one. A page that was not
read — unreadable, another election, blank — is never counted silently: it
waits for a human like a doubtful one.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from daihoi.audit.services import audit_record
from daihoi.core.adjudication import Doubt, apply_fix, doubts, suggested_ballot
from daihoi.core.ballots.testing import is_test
from daihoi.core.elections import ElectionDefinition
from daihoi.core.elections.entry import EntryError, ballot_text, parse_entry
from daihoi.core.elections.formats import ballot_to_json
from daihoi.core.elections.model import Ballot
from daihoi.core.scanning import (
    BallotReading,
    Thresholds,
    assemble_ballots,
    ballot_reading_to_json,
    blank_ballot,
    list_pages,
)
from daihoi.core.scanning.command import read_pages
from daihoi.core.scanning.images import PageSource
from daihoi.elections.definition import has_open_test
from daihoi.elections.documents import ballot_pdf
from daihoi.elections.models import (
    Batch,
    BatchSource,
    BatchStatus,
    CastBallot,
    Election,
    ElectionStatus,
    ScannedBallot,
    ScanStatus,
)
from daihoi.elections.services import entry_error_message

SCAN_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf")


def scan_files(paths: Iterable[str]) -> list[str]:
    """The image and PDF files named, a folder standing for its files in name order."""
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(str(p) for p in path.iterdir() if p.suffix.lower() in SCAN_SUFFIXES)
        else:
            files.append(str(path))
    return files


def read_ballots(
    files: Sequence[str],
    definition: ElectionDefinition,
    *,
    ballot_pdf_bytes: bytes,
    workers: int = 1,
    duplex: bool = False,
    progress: Callable[[int], None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Iterator[BallotReading]:
    """Every ballot in the files, in scanning order, read in ``workers`` processes.

    ``names`` gives a file the name its pages are referred to by (an uploaded
    file's own name rather than where the upload was put)."""
    thresholds = Thresholds()
    blank = blank_ballot(definition, pdf=ballot_pdf_bytes)
    sources = (
        _named(source, names.get(path)) if names else source
        for path in files
        for source in list_pages(path)
    )

    def counted(pages: Iterable[Any]) -> Iterator[Any]:
        for n, page in enumerate(pages, start=1):
            if progress is not None:
                progress(n)
            yield page

    pages = counted(read_pages(sources, definition, ballot_pdf_bytes, thresholds, workers))
    yield from assemble_ballots(pages, blank.layout, duplex=duplex)


def _named(source: PageSource, name: str | None) -> PageSource:
    if name is None:
        return source
    return dataclasses.replace(source, ref=name + source.ref[len(source.path) :])


def _stored_copy(election: Election, path: str, digest: str | None) -> str:
    """A copy of the scanned file under the media folder, named by its hash."""
    if not digest or not Path(path).is_file():
        return ""
    relative = Path("scans") / f"e{election.pk}" / f"{digest}{Path(path).suffix.lower()}"
    target = Path(settings.MEDIA_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return str(relative)


def scan_import(
    *,
    actor: Any,
    election: Election,
    paths: Sequence[str],
    definition: ElectionDefinition,
    workers: int = 1,
    duplex: bool = False,
    progress: Callable[[int], None] | None = None,
    names: Mapping[str, str] | None = None,
) -> Batch:
    """Read the scans, then store them as one batch; doubtful ballots wait for a human.

    ``names``: the name each file's pages are referred to by (see ``read_ballots``)."""
    if election.status not in (ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING):
        raise ValidationError(
            _("Not possible while the election is “%s”.") % election.get_status_display()
        )
    if is_test(definition) != has_open_test(election):
        raise ValidationError(
            _("A test run is open: scans are read as MẪU THỬ test ballots only.")
            if has_open_test(election)
            else _("No test run is open: MẪU THỬ test ballots are not counted.")
        )
    files = scan_files(paths)
    if not files:
        raise ValidationError(_("No image or PDF file to read."))
    readings = list(
        read_ballots(
            files,
            definition,
            ballot_pdf_bytes=ballot_pdf(election, definition),
            workers=workers,
            duplex=duplex,
            progress=progress,
            names=names,
        )
    )
    path_of = {name: path for path, name in (names or {}).items()}
    copies: dict[str, str] = {}
    for reading in readings:
        for page in reading.pages:
            if page.ref and page.sha256:
                ref = page.ref.split("#")[0]
                copies[ref] = copies.get(ref) or _stored_copy(
                    election, path_of.get(ref, ref), page.sha256
                )
    return _store(actor, election, readings, copies, test=is_test(definition))


@transaction.atomic
def _store(
    actor: Any,
    election: Election,
    readings: list[BallotReading],
    copies: dict[str, str],
    *,
    test: bool,
) -> Batch:
    election = (
        Election.objects.select_for_update().select_related("congress__unit").get(pk=election.pk)
    )
    if election.status not in (ElectionStatus.LIST_APPROVED, ElectionStatus.COUNTING):
        raise ValidationError(_("The election changed while the scans were read."))
    # Read by the test's definition and a test no longer open (or the other way round):
    # a test run was cleared or opened during the reading; its ballots go nowhere.
    if test != has_open_test(election):
        raise ValidationError(_("The election changed while the scans were read."))
    if election.status == ElectionStatus.LIST_APPROVED:
        election.status = ElectionStatus.COUNTING
        election.save(update_fields=["status"])
    number = (election.batches.aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(election=election, number=number, source=BatchSource.SCAN)
    counted, flagged = 0, 0
    for reading in readings:
        first = reading.pages[0] if reading.pages else None
        clean = reading.ballot is not None and not reading.review
        ScannedBallot.objects.create(
            election=election,
            batch=batch,
            ref=reading.ref[:500],
            image=copies.get((first.ref or "").split("#")[0], "") if first else "",
            page=first.page if first else None,
            reading=ballot_reading_to_json(reading),
            review=list(reading.review) or ([] if clean else ["unreadable"]),
            read=ballot_to_json(reading.ballot) if reading.ballot is not None else None,
            status=ScanStatus.COUNTED if clean else ScanStatus.REVIEW,
        )
        if clean:
            assert reading.ballot is not None
            CastBallot.objects.create(
                election=election, batch=batch, ballot=ballot_to_json(reading.ballot)
            )
            counted += 1
        else:
            flagged += 1
    batch.status = BatchStatus.REVIEW if flagged else BatchStatus.MATCHED
    batch.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="scan.import",
        object_type="election",
        object_id=election.pk,
        unit_path=election.congress.unit.path,
        after={
            "batch": number,
            "ballots": len(readings),
            "counted": counted,
            "flagged": flagged,
            "images": sorted({p.sha256 for r in readings for p in r.pages if p.sha256}),
        },
    )
    return batch


@dataclasses.dataclass(frozen=True)
class ScanAdvice:
    """What the scanner's settings cost a batch, for the desk to change them.

    ``colourless``: ballots waiting because no seal was seen on a colour scan
    with no colour anywhere (a grayscale scan saved as colour, or no red on
    the paper). ``one_bit``: pages read from a 1-bit black-and-white scan,
    which can drop a light pen or a pale seal whole. ``other_printing``:
    pages aligned by their squares whose printing is not this list's blank
    (printed from another list, or on a machine with another font)."""

    colourless: int
    one_bit: int
    other_printing: int = 0


def scan_advice(batch: Batch) -> ScanAdvice:
    """The batch's :class:`ScanAdvice`, counted from its ballots' readings."""
    colourless = one_bit = other_printing = 0
    for reading, status in batch.scans.values_list("reading", "status"):
        pages = reading.get("pages", ())
        one_bit += sum(1 for p in pages if p.get("binary") and p.get("status") == "read")
        other_printing += sum(1 for p in pages if printing_not_this_lists(p))
        if status == ScanStatus.REVIEW and any(p.get("colourless") for p in pages):
            colourless += 1
    return ScanAdvice(colourless=colourless, one_bit=one_bit, other_printing=other_printing)


def printing_not_this_lists(page: dict[str, Any]) -> bool:
    """Whether a page's reading (its audit JSON) was aligned by its squares and
    then refused because its printing is not this list's blank."""
    return page.get("status") == "unregistered" and "print_match" in page


def _close_if_done(batch: Batch) -> None:
    if not batch.scans.filter(status=ScanStatus.REVIEW).exists():
        batch.status = BatchStatus.MATCHED
        batch.save(update_fields=["status"])


def _locked_scan(scanned: ScannedBallot) -> ScannedBallot:
    scanned = (
        ScannedBallot.objects.select_for_update()
        .select_related("batch", "election__congress__unit")
        .get(pk=scanned.pk)
    )
    if scanned.status != ScanStatus.REVIEW:
        raise ValidationError(_("This ballot was already decided."))
    if scanned.election.status != ElectionStatus.COUNTING:
        raise ValidationError(_("The result is sealed: nothing changes."))
    return scanned


@transaction.atomic
def scan_decide(
    *,
    actor: Any,
    scanned: ScannedBallot,
    text: str,
    reason: str,
    definition: ElectionDefinition,
    ids: Sequence[str],
) -> ScannedBallot:
    """A committee member reads the paper and decides what it shows, with a reason."""
    scanned = _locked_scan(scanned)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    try:
        ballot = ballot_to_json(parse_entry(text, form=definition.form, ids=ids))
    except EntryError as exc:
        raise ValidationError(entry_error_message(exc)) from exc
    CastBallot.objects.create(election=scanned.election, batch=scanned.batch, ballot=ballot)
    scanned.status, scanned.decision, scanned.reason = ScanStatus.DECIDED, ballot, reason.strip()
    scanned.decided_by = actor
    scanned.save(update_fields=["status", "decision", "reason", "decided_by"])
    audit_record(
        actor=actor,
        action="scan.decide",
        object_type="election",
        object_id=scanned.election_id,
        unit_path=scanned.election.congress.unit.path,
        after={
            "scan": scanned.pk,
            "ref": scanned.ref,
            "read": scanned.read,
            "decided": ballot,
            "review": scanned.review,
            "reason": scanned.reason,
        },
    )
    _close_if_done(scanned.batch)
    return scanned


@transaction.atomic
def scan_reject(*, actor: Any, scanned: ScannedBallot, reason: str) -> ScannedBallot:
    """Not a ballot of this election (a stray page, a test sheet): not counted, with a reason."""
    scanned = _locked_scan(scanned)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    scanned.status, scanned.reason, scanned.decided_by = ScanStatus.REJECTED, reason.strip(), actor
    scanned.save(update_fields=["status", "reason", "decided_by"])
    audit_record(
        actor=actor,
        action="scan.reject",
        object_type="election",
        object_id=scanned.election_id,
        unit_path=scanned.election.congress.unit.path,
        after={
            "scan": scanned.pk,
            "ref": scanned.ref,
            "review": scanned.review,
            "reason": scanned.reason,
        },
    )
    _close_if_done(scanned.batch)
    return scanned


def machine_text(scanned: ScannedBallot, definition: ElectionDefinition, ids: Sequence[str]) -> str:
    """What the machine read, as a clerk would type it (the decision form's starting point)."""
    if scanned.read is None:
        return ""
    from daihoi.core.elections.formats import ballot_from_json

    return ballot_text(ballot_from_json(scanned.read, definition.form), ids=ids)


# --- adjudication: the reader's suggestion, corrected by a human ----------------------
@dataclass(frozen=True)
class Suggestion:
    """What the committee is shown for a flagged ballot: the doubtful rows and the
    whole ballot as the reader suggests it (``None`` when the page was not read)."""

    doubts: list[Doubt]
    ballot: Ballot | None
    text: str


def scan_suggestion(
    scanned: ScannedBallot, definition: ElectionDefinition, ids: Sequence[str]
) -> Suggestion:
    found = doubts(scanned.reading or {}, scanned.read, definition.form)
    ballot = suggested_ballot(scanned.read, found, scanned.review, definition.form, ids)
    text = ballot_text(ballot, ids=ids) if ballot is not None else ""
    return Suggestion(found, ballot, text)


def scan_adjudicate(
    *,
    actor: Any,
    scanned: ScannedBallot,
    typed: str,
    note: str = "",
    definition: ElectionDefinition,
    ids: Sequence[str],
) -> ScannedBallot:
    """A committee member accepts the reader's suggestion (nothing typed) or corrects
    it by row numbers; the decision goes through :func:`scan_decide`, audited, with
    a reason that says which."""
    suggestion = scan_suggestion(scanned, definition, ids)
    try:
        ballot, changed = apply_fix(suggestion.ballot, typed, form=definition.form, ids=ids)
    except EntryError as exc:
        raise ValidationError(entry_error_message(exc)) from exc
    if typed.strip().startswith("=") or suggestion.ballot is None:
        reason = _("Read from the paper and typed in full")
    elif typed.strip():
        if changed:
            reason = _("Reader's suggestion corrected on rows %s") % ", ".join(map(str, changed))
        else:
            reason = _("Reader's suggestion corrected (defects)")
    else:
        reason = _("Reader's suggestion accepted")
    if note.strip():
        reason = f"{reason}: {note.strip()}"
    return scan_decide(
        actor=actor,
        scanned=scanned,
        text=ballot_text(ballot, ids=ids),
        reason=reason[:500],
        definition=definition,
        ids=ids,
    )
