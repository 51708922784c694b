"""Personnel preparation: personal data for personnel work, dossiers, the term's rules.

Only what personnel work needs is kept, beside ``organizations.Member`` (name,
sex, birth date, ethnicity, unit): education, the current post, and the posts
and committees held term by term. A dossier is a member's candidacy at one
congress with its documents — the conclusions of the authorised bodies are
recorded as documents with their issuer and date; nothing here scores a person.
The rules of a term (working time left, term limits, the self-nominees'
deadline, the age reference date per level, the structure targets) are data a
unit's personnel subcommittee sets, each with the text it comes from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core.eligibility import DIRECTIVE_45


class Post(models.TextChoices):
    COMMITTEE = "committee", _("Member of the executive committee")
    STANDING = "standing", _("Member of the standing committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    INSPECTION = "inspection", _("Member of the inspection committee")
    OTHER = "other", _("Other post")


class PersonalRecord(models.Model):
    """A member's data for personnel work beyond what the unit's member list holds."""

    member = models.OneToOneField(
        "organizations.Member", on_delete=models.CASCADE, related_name="personnel_record"
    )
    education = models.CharField(_("education"), max_length=120, blank=True)
    political_theory = models.CharField(_("political theory"), max_length=80, blank=True)
    current_post = models.CharField(_("current post and unit"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal record")

    def __str__(self) -> str:
        return f"record of member {self.member_id}"


class ServedTerm(models.Model):
    """A post or committee seat held for a term, e.g. secretary of the commune 2020–2025."""

    member = models.ForeignKey(
        "organizations.Member", on_delete=models.CASCADE, related_name="personnel_terms"
    )
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    body = models.CharField(
        _("committee or body"), max_length=200, help_text=_("e.g. Đảng ủy xã Hòa Bình")
    )
    start_year = models.PositiveSmallIntegerField(_("from (year)"))
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)

    class Meta:
        ordering = ["member", "-start_year", "pk"]
        verbose_name = _("term served")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="personnel_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.start_year}–{self.end_year or ''}"


class Nomination(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the outgoing committee")
    NOMINATED = "nominated", _("Nominated")
    SELF = "self", _("Self-nominated")


class Dossier(models.Model):
    """A member's candidacy at a congress, with its documents."""

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="dossiers"
    )
    member = models.ForeignKey(
        "organizations.Member", on_delete=models.PROTECT, related_name="dossiers"
    )
    post = models.CharField(
        _("proposed for"), max_length=16, choices=Post.choices, default=Post.COMMITTEE
    )
    nomination = models.CharField(
        _("nomination"), max_length=16, choices=Nomination.choices, default=Nomination.PROPOSED
    )
    reelection = models.BooleanField(
        _("re-election"), default=False, help_text=_("a member of the outgoing committee")
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    on_list = models.BooleanField(
        _("on the proposed list"),
        default=True,
        help_text=_("proposed for the candidate list handed to the election"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress", "member__name_order", "pk"]
        verbose_name = _("candidate dossier")
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="personnel_dossier_once"),
        ]

    def __str__(self) -> str:
        return f"dossier {self.pk}"


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    CV = "cv", _("Curriculum vitae")
    ASSETS = "assets", _("Asset declaration")
    HEALTH = "health", _("Health certificate")
    CONCLUSION = "conclusion", _("Conclusion of an authorised body")
    OTHER = "other", _("Other document")


#: What a complete dossier holds (a conclusion: at least one, from the body that issues it).
REQUIRED_DOCUMENTS = (
    DocumentKind.APPLICATION,
    DocumentKind.CV,
    DocumentKind.ASSETS,
    DocumentKind.HEALTH,
    DocumentKind.CONCLUSION,
)


class DossierDocument(models.Model):
    """A document of a dossier as issued: what, by whom, when, its number."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Kết luận tiêu chuẩn chính trị"),
    )
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("date"))
    number = models.CharField(_("number"), max_length=64, blank=True)

    class Meta:
        # By the dossier's id, not the dossier: "dossier" would order through the
        # dossier's, congress's and member's orderings, five joins on every
        # prefetch of one dossier's documents (PostgreSQL planned them as a
        # loop over every member inside a test's transaction).
        ordering = ["dossier_id", "issued_on", "pk"]
        verbose_name = _("dossier document")

    def __str__(self) -> str:
        return f"{self.kind} {self.issued_on}"


DEFAULT_TERM_LIMIT_SOURCE = (
    "Quy định thi hành Điều lệ Đảng: bí thư cấp ủy không giữ chức quá hai nhiệm kỳ liên tiếp "
    "(đối chiếu văn bản đang có hiệu lực)"
)


class RuleSet(models.Model):
    """The rules a unit's personnel subcommittee sets for a term, for its congress and below.

    The nearest rule set up the tree (the unit's own first) applies to a congress.
    """

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="personnel_rules"
    )
    term = models.ForeignKey("congresses.Term", on_delete=models.CASCADE, related_name="+")
    first_time_months = models.PositiveSmallIntegerField(
        _("first-time candidates: working time left, at least (months)"), default=60
    )
    first_time_source = models.CharField(_("source"), max_length=300, default=DIRECTIVE_45)
    reelection_months = models.PositiveSmallIntegerField(
        _("re-election: working time left, at least (months)"), default=48
    )
    reelection_source = models.CharField(_("source"), max_length=300, default=DIRECTIVE_45)
    secretary_max_terms = models.PositiveSmallIntegerField(
        _("secretary: consecutive terms, at most"), null=True, blank=True, default=2
    )
    term_limit_source = models.CharField(
        _("source"), max_length=300, blank=True, default=DEFAULT_TERM_LIMIT_SOURCE
    )
    self_nominee_deadline = models.DateField(_("self-nominees file by"), null=True, blank=True)
    filing_source = models.CharField(_("source"), max_length=300, blank=True)
    reference_source = models.CharField(
        _("source of the age reference dates"), max_length=300, blank=True
    )
    young_age = models.PositiveSmallIntegerField(_("young: under (years)"), default=40)
    target_women = models.DecimalField(
        _("women, at least (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    target_young = models.DecimalField(
        _("young, at least (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    target_minority = models.DecimalField(
        _("ethnic minorities, at least (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    target_renewal = models.DecimalField(
        _("first-time (renewal), at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    targets_source = models.CharField(_("source of the targets"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personnel rules")
        constraints = [
            models.UniqueConstraint(fields=["unit", "term"], name="personnel_rules_once"),
        ]

    def __str__(self) -> str:
        return f"rules of unit {self.unit_id} for term {self.term_id}"


class ReferenceDate(models.Model):
    """The date ages and working time are counted at, for the congresses of one level."""

    rules = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="reference_dates")
    level = models.ForeignKey("organizations.Level", on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("reference date"))

    class Meta:
        ordering = ["level__rank"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "level"], name="personnel_reference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.level_id}: {self.on}"


# The unit role's label (defined in accounts) is translated in this app's catalogue.
PERSONNEL_ROLE_LABEL = _("Personnel subcommittee (candidates' dossiers)")


# --- introducing the personnel before the list (docs/nomination.md) ----------------------


class CadrePoolEntry(models.Model):
    """A person planned (quy hoạch) for posts of the next term, reviewed year by year.

    Either a member of the unit's subtree (their dossier data and the term's
    checks apply) or a name and birth year imported as the pool was kept on paper.
    """

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="cadre_pool"
    )
    member = models.ForeignKey(
        "organizations.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cadre_pool",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    posts = models.JSONField(_("planned for"), default=list)
    reviewed_year = models.PositiveSmallIntegerField(_("reviewed in (year)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["unit", "full_name", "pk"]
        verbose_name = _("cadre pool entry")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "member"],
                condition=models.Q(member__isnull=False),
                name="personnel_pool_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"pool entry {self.pk}"

    @property
    def nominee_id(self) -> str:
        """The id the nomination engine and the ballots use."""
        return f"pool:{self.pk}"


class NominationRun(models.Model):
    """A congress's run of the introduction procedure: the procedure as it was when the run
    began, and the unit's own values (``{step code: {parameter: value}}``)."""

    congress = models.OneToOneField(
        "congresses.Congress", on_delete=models.CASCADE, related_name="nomination_run"
    )
    procedure = models.JSONField()
    overrides = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personnel introduction procedure")

    def __str__(self) -> str:
        return f"nomination run {self.pk}"


class StepState(models.TextChoices):
    OPEN = "open", _("Open for entry")
    COUNTING = "counting", _("Entries matched, to seal")
    SEALED = "sealed", _("Sealed")


class StepRecord(models.Model):
    """One step of a run once opened: its ballot's names frozen, then its ballots, then its
    sealed tally and decision. The ballots are kept as a sorted list: nothing of the order
    the sheets were entered in, and nothing of who filled them in."""

    run = models.ForeignKey(NominationRun, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(max_length=16)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.OPEN)
    names = models.JSONField()  # [{"id", "name"}] in ballot order
    ballots = models.JSONField(default=list, blank=True)  # sorted, once both entries match
    tally = models.JSONField(null=True, blank=True)
    decision = models.JSONField(null=True, blank=True)
    decided = models.JSONField(default=dict, blank=True)  # the body's decision on ties
    handed_on = models.JSONField(null=True, blank=True)  # [{"id", "name"}]
    seal_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    count_began_at = models.DateTimeField(null=True, blank=True)  # the first sheet typed
    # What the printed ballot and minutes say that the count does not (not sealed: the
    # committee may record them after the seal too). Empty place or date: the unit's
    # locality and the day the step was opened.
    place = models.CharField(_("place"), max_length=100, blank=True)
    held_on = models.DateField(_("date of the conference"), null=True, blank=True)
    counting_committee = models.JSONField(default=list, blank=True)  # [{"name", "role"}]
    present = models.PositiveIntegerField(null=True, blank=True)
    issued = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "code"], name="personnel_step_once"),
        ]

    def __str__(self) -> str:
        return f"step {self.code} of run {self.run_id}"


class StepEntry(models.Model):
    """One sheet as one clerk typed it. Two clerks type the whole stack each (``slot`` 1
    and 2); the two are compared as collections, never sheet by sheet, and deleted when
    the step is sealed."""

    step = models.ForeignKey(StepRecord, on_delete=models.CASCADE, related_name="entries")
    slot = models.PositiveSmallIntegerField()
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ballot = models.JSONField()

    class Meta:
        ordering = ["step", "slot", "pk"]

    def __str__(self) -> str:
        return f"sheet {self.pk} of entry {self.slot}"


class StepSlot(models.Model):
    """A clerk's hold on one of the two entries of a step, and whether they finished it."""

    step = models.ForeignKey(StepRecord, on_delete=models.CASCADE, related_name="slots")
    slot = models.PositiveSmallIntegerField()
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["step", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["step", "slot"], name="personnel_slot_once"),
            models.UniqueConstraint(fields=["step", "clerk"], name="personnel_slot_one_clerk"),
        ]

    def __str__(self) -> str:
        return f"entry {self.slot} of step {self.step_id}"
