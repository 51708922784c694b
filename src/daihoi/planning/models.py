"""Directives and plans with their deadlines, and the results each unit reports up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from daihoi.tasks.models import Job


class DocumentKind(models.TextChoices):
    DIRECTIVE = "directive", _("Directive")
    RESOLUTION = "resolution", _("Resolution")
    PLAN = "plan", _("Plan")
    GUIDANCE = "guidance", _("Guidance")
    CONCLUSION = "conclusion", _("Conclusion")


class Document(models.Model):
    """A directive, plan or guidance an upper committee issues for the congresses below it.

    A plan implements an upper document (153-KH/TU implements 35-CT/TW); its
    milestones set the deadlines, its targets the structure it asks for.
    """

    issuer = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="planning_documents",
        verbose_name=_("issued by"),
    )
    # A body outside this system's tree (the Central Committee on a province's
    # portal): the document is then recorded, owned and read as ``issuer``'s,
    # and shows this name as the one that issued it.
    issued_by = models.CharField(_("issued by another body"), max_length=200, blank=True)
    term = models.ForeignKey(
        "congresses.Term", on_delete=models.PROTECT, related_name="planning_documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64, help_text=_("e.g. 35-CT/TW, 150-KH/HU"))
    issued_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    implements = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implemented_by",
        verbose_name=_("implements"),
    )
    report_days = models.PositiveSmallIntegerField(
        _("results reported within (days)"),
        null=True,
        blank=True,
        help_text=_("days after its congress a unit has to report its results"),
    )
    target_women = models.DecimalField(
        _("women in the committee, at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    target_young = models.DecimalField(
        _("under 40 in the committee, at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    target_minority = models.DecimalField(
        _("ethnic minorities in the committee, at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    target_renewal = models.DecimalField(
        _("renewal of the committee, at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # Kept in the database like the result packages: one place to back up.
    file_data = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("document")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "term", "number"], name="planning_document_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def issuer_name(self) -> str:
        """Who issued it, as the document says: the outside body, or the unit."""
        return self.issued_by or self.issuer.name

    @property
    def has_targets(self) -> bool:
        return any(
            v is not None
            for v in (
                self.target_women,
                self.target_young,
                self.target_minority,
                self.target_renewal,
            )
        )


class Milestone(models.Model):
    """A deadline for the congresses of a level (or only its pilot congresses), or of one unit."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="milestones")
    level = models.ForeignKey(
        "organizations.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    pilot = models.BooleanField(_("pilot congresses only"), default=False)
    due = models.DateField(_("congress held by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["document", "due", "pk"]
        verbose_name = _("milestone")
        constraints = [
            models.CheckConstraint(
                condition=(Q(level__isnull=False) & Q(unit__isnull=True))
                | (Q(level__isnull=True) & Q(unit__isnull=False) & Q(pilot=False)),
                name="planning_milestone_level_or_unit",
            ),
            models.UniqueConstraint(
                fields=["document", "level", "pilot"],
                condition=Q(level__isnull=False),
                name="planning_milestone_one_per_level",
            ),
            models.UniqueConstraint(
                fields=["document", "unit"],
                condition=Q(unit__isnull=False),
                name="planning_milestone_one_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.number}: {self.due}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Being entered")
    SUBMITTED = "submitted", _("Reported, awaiting approval")
    RETURNED = "returned", _("Sent back")
    APPROVED = "approved", _("Approved")


class ReportSource(models.TextChoices):
    ENTERED = "entered", _("Entered by the unit")
    PACKAGE = "package", _("From the counting station's package")
    IMPORTED = "imported", _("Imported from a spreadsheet")


class ResultReport(models.Model):
    """What a unit reports up after its congress: its new committee, leaders and delegation.

    The structure counts are computed from the people listed (entered by the
    unit or taken from the counting station's signed packages) when the report
    is submitted; a spreadsheet import brings them as counts.
    """

    congress = models.OneToOneField(
        "congresses.Congress", on_delete=models.PROTECT, related_name="result_report"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=16, choices=ReportSource.choices, default=ReportSource.ENTERED
    )
    committee_size = models.PositiveIntegerField(_("committee members"), default=0)
    women = models.PositiveIntegerField(_("women"), default=0)
    young = models.PositiveIntegerField(_("under 40"), default=0)
    minority = models.PositiveIntegerField(_("ethnic minorities"), default=0)
    reelected = models.PositiveIntegerField(_("re-elected"), default=0)
    standing_size = models.PositiveIntegerField(_("standing committee members"), default=0)
    secretary = models.CharField(_("secretary"), max_length=150, blank=True)
    deputies = models.CharField(_("deputy secretaries"), max_length=500, blank=True)
    delegates = models.PositiveIntegerField(_("official delegates"), default=0)
    alternates = models.PositiveIntegerField(_("alternate delegates"), default=0)
    note = models.TextField(_("note"), blank=True)
    packages = models.ManyToManyField(
        "elections.ReceivedResult", blank=True, related_name="planning_reports"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("reason for sending back"), blank=True)

    class Meta:
        verbose_name = _("result report")
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(women__lte=models.F("committee_size"))
                & Q(young__lte=models.F("committee_size"))
                & Q(minority__lte=models.F("committee_size"))
                & Q(reelected__lte=models.F("committee_size"))
                & Q(standing_size__lte=models.F("committee_size")),
                name="planning_report_counts_within_committee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress} [{self.status}]"

    @property
    def first_time(self) -> int:
        return self.committee_size - self.reelected

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class Post(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY = "deputy_secretary", _("Deputy secretary")


class DelegateKind(models.TextChoices):
    OFFICIAL = "official", _("Official delegate")
    ALTERNATE = "alternate", _("Alternate delegate")


class ReportPerson(models.Model):
    """One person in a report: a member of the new committee, a delegate, or both."""

    report = models.ForeignKey(ResultReport, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(
        _("sex"), max_length=1, blank=True, choices=[("M", _("Male")), ("F", _("Female"))]
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    committee = models.BooleanField(_("executive committee"), default=False)
    reelected = models.BooleanField(_("re-elected"), default=False)
    standing = models.BooleanField(_("standing committee"), default=False)
    post = models.CharField(_("post"), max_length=20, blank=True, choices=Post.choices)
    delegate = models.CharField(
        _("delegation to the upper congress"),
        max_length=16,
        blank=True,
        choices=DelegateKind.choices,
    )

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.full_name


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Deadline passed")
    REPORT_LATE = "report_late", _("Results not reported")


class ReminderSent(models.Model):
    """A reminder sent about a unit, so the next run does not repeat it too soon."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["unit", "kind", "due"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.due}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFailure(models.TextChoices):
    LOST = "lost", _("The background worker stopped before the file was finished.")
    DISK = "disk", _("The file could not be written on the server.")
    OTHER = "other", _("An unexpected error stopped the export.")


class ExportJob(Job):
    """The calendar of a subtree written to Excel in the background, for the one who asked.

    The filters and the day are those of the calendar page when the export
    was asked for; ``done``/``total`` are the rows written so far; the file
    lies under ``settings.EXPORTS_DIR`` and is given only to ``user``.
    """

    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey("congresses.Term", on_delete=models.CASCADE, related_name="+")
    filters = models.JSONField(default=dict, blank=True)
    as_of = models.DateField()
    state = models.CharField(max_length=8, choices=ExportState.choices, default=ExportState.QUEUED)
    failure = models.CharField(max_length=8, choices=ExportFailure.choices, blank=True)
    file_name = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"export {self.pk} of {self.unit_id} [{self.state}]"


class Dissemination(models.Model):
    """A unit's conference disseminating a document to its cadres and members (hội nghị
    quán triệt, triển khai): when, and how many of those summoned attended.

    One per document and unit: recording it again corrects it. The unit is the
    document's issuer or a unit below it.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="disseminations")
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    held_on = models.DateField(_("date held"))
    summoned = models.PositiveIntegerField(_("summoned"))
    attended = models.PositiveIntegerField(_("attended"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "unit__path"]
        verbose_name = _("dissemination conference")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit"], name="planning_dissemination_one_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(summoned__gte=1) & Q(attended__lte=models.F("summoned")),
                name="planning_dissemination_attended_within_summoned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} @ {self.unit_id}: {self.held_on}"

    @property
    def attendance(self) -> float:
        return 100.0 * self.attended / self.summoned if self.summoned else 0.0
