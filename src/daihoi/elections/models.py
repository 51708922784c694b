"""Elections of a congress and their candidate lists (the counting room builds on these)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.tasks.models import Job


class ElectionKind(models.TextChoices):
    COMMITTEE = "committee", _("Executive committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    INSPECTION = "inspection", _("Inspection committee")
    DELEGATION = "delegation", _("Delegation to the upper congress")
    DELEGATION_ALTERNATE = "delegation_alternate", _("Alternate delegates")
    OTHER = "other", _("Other")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("Candidate list in preparation")
    LIST_APPROVED = "list_approved", _("Candidate list approved")
    COUNTING = "counting", _("Counting")
    FINALISED = "finalised", _("Result sealed")


class EntryCopies(models.IntegerChoices):
    DOUBLE = 2, _("Double entry (two clerks)")
    TRIPLE = 3, _("Triple entry (three clerks)")


class Election(models.Model):
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ElectionKind.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    title = models.CharField(_("title"), max_length=255)
    seats = models.PositiveSmallIntegerField(_("seats"))
    profile = models.CharField(_("rules profile"), max_length=64, default="cpv-2024")
    status = models.CharField(
        _("status"), max_length=16, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT
    )
    summoned = models.PositiveIntegerField(
        _("summoned"), default=0, help_text=_("official delegates (or members) summoned")
    )
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    #: The counting committee (ban kiểm phiếu) by its members' own names, as the
    #: minutes print and they sign: [{"name": "Phạm Quốc Việt", "role": "head"}, …].
    counting_committee = models.JSONField(_("counting committee"), default=list, blank=True)
    rules = models.JSONField(_("rule overrides"), default=dict, blank=True)
    entry_copies = models.PositiveSmallIntegerField(
        _("entry"), choices=EntryCopies.choices, default=EntryCopies.DOUBLE
    )
    batch_size = models.PositiveSmallIntegerField(_("ballots per batch"), default=50)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_round"
    )
    # The congress's vote approving the list (190-QĐ/TW Art. 28(5)).
    list_present = models.PositiveIntegerField(null=True, blank=True)
    list_agree = models.PositiveIntegerField(null=True, blank=True)
    list_disagree = models.PositiveIntegerField(null=True, blank=True)
    # Set when the result is sealed; nothing about the ballots changes after that.
    result = models.JSONField(null=True, blank=True)
    seal_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "kind", "round"]
        verbose_name = _("election")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "round"], name="one_election_per_kind_round"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Deduction(models.Model):
    """People taken off the threshold base, with the reason the minutes print (docs/rules.md §3)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="deductions")
    reason = models.CharField(_("reason"), max_length=300)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["election", "pk"]

    def __str__(self) -> str:
        return f"{self.reason}: {self.count}"


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT
    )
    full_name = models.CharField(_("full name"), max_length=150)
    note = models.CharField(
        _("distinguishing line"), max_length=150, blank=True, help_text=_("birth year, unit")
    )
    born = models.DateField(_("date of birth"), null=True, blank=True)
    # A self-nominee or a nominee the convening committee did not propose enters
    # the list only with the agreement of more than 30% of those present.
    outside_nominee = models.BooleanField(_("self-nominated or not proposed"), default=False)
    admission_present = models.PositiveIntegerField(null=True, blank=True)
    admission_agree = models.PositiveIntegerField(null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawal_note = models.CharField(_("the congress's decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["election", "full_name"]
        verbose_name = _("candidate")

    def __str__(self) -> str:
        return self.full_name

    @property
    def code(self) -> str:
        """The id the election file and the ballots use."""
        return f"c{self.pk}"


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Being entered")
    MISMATCH = "mismatch", _("Entries differ: stopped")
    REVIEW = "review", _("Scanned: ballots to adjudicate")
    MATCHED = "matched", _("Matched")


class BatchSource(models.TextChoices):
    ENTRY = "entry", _("Typed by the clerks")
    SCAN = "scan", _("Scanned")


class Batch(models.Model):
    """A stack of paper ballots entered independently by two (or three) clerks."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.OPEN)
    source = models.CharField(max_length=8, choices=BatchSource.choices, default=BatchSource.ENTRY)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="batch_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}/{self.number}"


class Stream(models.Model):
    """One clerk's entry of one batch. The clerk is kept for the audit only."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="streams")
    slot = models.PositiveSmallIntegerField()
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "slot"], name="stream_slot_unique"),
            models.UniqueConstraint(fields=["batch", "clerk"], name="stream_one_per_clerk"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} #{self.slot}"


class Entry(models.Model):
    """One ballot as one clerk typed it: the engine's ballot fields, nothing about a voter."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    ballot = models.JSONField()

    class Meta:
        ordering = ["stream", "position"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "position"], name="entry_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.stream} @{self.position}"


class CastBallot(models.Model):
    """A counted ballot: the agreed entry of a matched batch.

    No clerk, no time, no position: only what the paper showed.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="cast_ballots")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="cast_ballots")
    ballot = models.JSONField()

    def __str__(self) -> str:
        return f"ballot of {self.election_id}"


class StationKey(models.Model):
    """A counting station's key registered for one unit by the office above it.

    A package is imported only when it is signed by a key registered (and not
    withdrawn) for the package's own unit: a key registered for another unit,
    even an ancestor, does not count. The fingerprint is the printed form
    (``3F2A-91C0-…``), read over the phone between the station and the office.
    """

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="station_keys"
    )
    fingerprint = models.CharField(max_length=39)
    station = models.CharField(max_length=200, blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "fingerprint"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_registration_per_unit_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint} ({self.unit_id})"


class ResultStanding(models.TextChoices):
    STANDING = "standing", _("Stands")
    DISPUTED = "disputed", _("Disputed")
    SET_ASIDE = "set_aside", _("Set aside")


class ResultDispute(models.Model):
    """Two or more packages for the same election and round: the upper office keeps one.

    The same election is the same unit, congress (as the station names it),
    kind and round. The first package received stands; each later one is kept
    as ``disputed`` and joins the open dispute until an office above the unit
    keeps one of them, with a reason (audited).
    """

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="result_disputes"
    )
    congress_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=24)
    round = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    kept = models.ForeignKey(
        "ReceivedResult", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"dispute {self.title} ({self.unit_id})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReceivedResult(models.Model):
    """A signed result package a counting station sent up, verified and recounted on import."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="received_results"
    )
    election_ref = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=24)
    round = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=16)
    result = models.JSONField()
    station = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    seal_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64, unique=True)
    package = models.BinaryField()
    received_at = models.DateTimeField(auto_now_add=True)
    congress_label = models.CharField(max_length=300, blank=True)
    standing = models.CharField(
        max_length=10, choices=ResultStanding.choices, default=ResultStanding.STANDING
    )
    dispute = models.ForeignKey(
        ResultDispute, null=True, blank=True, on_delete=models.PROTECT, related_name="results"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "congress_label", "kind", "round"],
                condition=models.Q(standing="standing"),
                name="one_standing_result_per_election_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit_id})"


class ScanStatus(models.TextChoices):
    COUNTED = "counted", _("Counted as read")
    REVIEW = "review", _("To adjudicate")
    DECIDED = "decided", _("Decided by the committee")
    REJECTED = "rejected", _("Not counted: not a ballot")


class ScannedBallot(models.Model):
    """One scanned ballot with everything its reading was decided on (issue 5).

    ``reading`` keeps the image hashes, every row's score and the thresholds
    used; ``read`` is the ballot as the machine read it. A flagged ballot
    waits for a committee member's decision, which is audited with their
    name; the counted ballot itself (``CastBallot``) carries none of this.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="scans")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="scans")
    ref = models.CharField(max_length=500)
    image = models.CharField(max_length=300, blank=True)  # stored copy, under MEDIA_ROOT
    page = models.PositiveIntegerField(null=True, blank=True)
    reading = models.JSONField()
    review = models.JSONField(default=list)
    read = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ScanStatus.choices)
    decision = models.JSONField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        indexes = [models.Index(fields=["election", "status"])]

    def __str__(self) -> str:
        return self.ref


class ScanImportFailure(models.TextChoices):
    LOST = "lost", _("The background worker stopped before the scans were read.")
    REFUSED = "refused", _("The scans were refused:")
    OTHER = "other", _("An unexpected error stopped the reading.")


class ScanImportJob(Job):
    """Scans uploaded from the counting desk, read by a background worker into one batch.

    The files wait under ``settings.SCAN_UPLOADS_DIR / folder`` until the
    worker has read them and stored copies of them with the batch (as ``daihoi
    scan import`` does); then the folder is removed. ``done``/``total`` are the
    pages read; ``names`` the files' own names, in upload order, which the
    pages are referred to by. ``counted``/``flagged`` are the batch's ballots
    counted and waiting for the committee; ``colourless`` those waiting whose
    seal was not seen on a colour scan with no colour at all; ``one_bit`` the
    pages read from a 1-bit black-and-white scan; ``other_printing`` the pages
    whose printing is not this list's blank (``scanning.ScanAdvice``).
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="scan_jobs")
    failure = models.CharField(max_length=8, choices=ScanImportFailure.choices, blank=True)
    folder = models.CharField(max_length=64)
    names = models.JSONField(default=list)
    duplex = models.BooleanField(default=False)
    #: Uploaded while a test run was open: read only while it still is (and the others
    #: only while none is), so that a test's scans never land in the real count.
    for_test = models.BooleanField(default=False)
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    colourless = models.PositiveIntegerField(default=0)
    one_bit = models.PositiveIntegerField(default=0)
    other_printing = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["election", "-pk"]

    def __str__(self) -> str:
        return f"scan import {self.pk} of election {self.election_id} [{self.state}]"


class ElectionTest(models.Model):
    """A logic-and-accuracy test of an election's count, run before the real count.

    While a test is open (``cleared_at`` empty), every batch, entry, cast and
    scanned ballot of the election is test data, counted against the test
    definition (``core.ballots.testing``: only MẪU THỬ ballots scan). Clearing
    deletes them; the row stays, with the report, for the record.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="tests")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The expected result (``daihoi/result@1``, computed by the engine from the
    #: uploaded ballots file, or the result file itself) and the file's name.
    expected = models.JSONField(null=True, blank=True)
    expected_name = models.CharField(max_length=255, blank=True)
    #: The last report (the comparison), kept after clearing.
    report = models.JSONField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["election", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["election"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_open_test_per_election",
            ),
        ]

    def __str__(self) -> str:
        return f"test of {self.election_id}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
