"""Terms, congresses, and the congress in session.

The delegates summoned (with what the credentials report counts), the
deductions from the base, the sittings and who attended each, the agenda and
its speakers, the procedural votes. An electronic vote keeps the choices as
three counters on the vote's own row and, apart from it, who has voted
(:class:`VoteCast`): for a secret vote nothing ties a delegate to a choice.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Term(models.Model):
    """A term of the whole organization, e.g. 2025–2030."""

    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("term")
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="term_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class CongressKind(models.TextChoices):
    DELEGATES = "delegates", _("Congress of delegates")
    MEMBERS = "members", _("Congress of members")


class CongressStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    HELD = "held", _("Held")
    RESULTS_APPROVED = "results_approved", _("Results approved")


# The only moves a congress makes; going back a step is allowed for corrections.
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    CongressStatus.PLANNED: (CongressStatus.PREPARING,),
    CongressStatus.PREPARING: (CongressStatus.PLANNED, CongressStatus.HELD),
    CongressStatus.HELD: (CongressStatus.PREPARING, CongressStatus.RESULTS_APPROVED),
    CongressStatus.RESULTS_APPROVED: (CongressStatus.HELD,),
}


class Congress(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="congresses"
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="congresses")
    number = models.CharField(
        _("numbered term"), max_length=16, blank=True, help_text=_("khóa, e.g. XXII")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CongressKind.choices)
    is_pilot = models.BooleanField(_("pilot congress"), default=False)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    held_from = models.DateField(_("held from"), null=True, blank=True)
    held_to = models.DateField(_("held to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CongressStatus.choices, default=CongressStatus.PLANNED
    )
    summoned = models.PositiveIntegerField(
        _("summoned"), default=0, help_text=_("official delegates or members summoned")
    )
    # The rules profile whose quorum and vote base the congress in session uses.
    profile = models.CharField(_("rules profile"), max_length=64, default="cpv-2024")
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    class Meta:
        ordering = ["term", "unit__path"]
        verbose_name = _("congress")
        constraints = [
            models.UniqueConstraint(fields=["unit", "term"], name="one_congress_per_unit_term"),
            models.CheckConstraint(
                condition=Q(held_to__isnull=True)
                | Q(held_from__isnull=True)
                | Q(held_to__gte=models.F("held_from")),
                name="congress_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["term", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} ({self.term})"


class DelegateKind(models.TextChoices):
    OFFICIAL = "official", _("Official delegate")
    ALTERNATE = "alternate", _("Alternate delegate")


class Credential(models.TextChoices):
    VALID = "valid", _("Valid")
    QUESTIONED = "questioned", _("Questioned")


# Letters and digits a person cannot misread (no 0/O, 1/I/L), for the check-in code.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_checkin_code() -> str:
    """Eight characters, about 40 bits: identifies a delegate at the desk, nothing more."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Delegate(models.Model):
    """A person summoned to a congress: an elected delegate or, at a member congress, a member.

    ``sex``, ``birth_date``, ``ethnicity`` and ``joined_on`` are the member's when
    the delegate came from the unit's members; an imported delegate carries them
    here. ``code`` is printed as the QR on the delegate card: it identifies the
    person at the check-in desk and is never used for a vote.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT
    )
    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=16, choices=DelegateKind.choices, default=DelegateKind.OFFICIAL
    )
    is_ex_officio = models.BooleanField(
        _("ex officio"), default=False, help_text=_("member of the convening committee")
    )
    number = models.PositiveIntegerField(_("delegate number"), null=True, blank=True)
    code = models.CharField(_("check-in code"), max_length=16, default=new_checkin_code)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined the Party"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=80, blank=True)
    political_theory = models.CharField(_("political theory"), max_length=80, blank=True)
    position = models.CharField(_("position, unit"), max_length=200, blank=True)
    credential = models.CharField(
        _("credential"), max_length=16, choices=Credential.choices, default=Credential.VALID
    )
    credential_note = models.CharField(
        _("credentials committee's note"), max_length=300, blank=True
    )
    # An alternate taking the place of an official delegate who is absent.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("in place of"),
    )
    # The electronic vote pass: the link's generation (a new one voids the old link)
    # and the hash of the secret of the one phone it is bound to.
    pass_generation = models.PositiveIntegerField(default=1)
    pass_device = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["congress", "full_name"]
        verbose_name = _("delegate")
        constraints = [
            models.UniqueConstraint(fields=["congress", "code"], name="delegate_code_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def votes(self) -> bool:
        """An official delegate votes; an alternate only in an absent official's place."""
        return self.kind == DelegateKind.OFFICIAL or self.replaces_id is not None


class BaseDeduction(models.Model):
    """People taken off the base of "more than half", with their reason (docs/rules.md §3)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="deductions")
    reason = models.CharField(_("reason"), max_length=300)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["congress", "pk"]

    def __str__(self) -> str:
        return f"{self.reason}: {self.count}"


class SittingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class Sitting(models.Model):
    """A session of the congress (phiên trù bị, phiên chính thức): attendance is per sitting."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sittings")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=16, choices=SittingStatus.choices, default=SittingStatus.PLANNED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="sitting_number_unique"),
            models.UniqueConstraint(
                fields=["congress"],
                condition=Q(status="open"),
                name="one_open_sitting_per_congress",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with a reason")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether a delegate attended a sitting; a check-in makes the row, an absence too."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendance")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("status"), max_length=16, choices=Presence.choices)
    at = models.DateTimeField(_("time"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    via = models.CharField(max_length=16, blank=True)  # code, search, absence

    class Meta:
        ordering = ["sitting", "delegate__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "delegate"], name="attendance_once"),
        ]
        indexes = [models.Index(fields=["sitting", "status"])]

    def __str__(self) -> str:
        return f"{self.delegate_id}@{self.sitting_id}: {self.status}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("To come")
    CURRENT = "current", _("Now")
    DONE = "done", _("Done")


class AgendaItem(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    planned_at = models.DateTimeField(_("planned time"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes planned"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress"],
                condition=Q(status="current"),
                name="one_current_item_per_congress",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SpeakerStatus(models.TextChoices):
    WAITING = "waiting", _("Registered")
    SPEAKING = "speaking", _("Speaking")
    DONE = "done", _("Has spoken")
    WITHDRAWN = "withdrawn", _("Withdrew")


class Speaker(models.Model):
    """A delegate who registered to speak (đăng ký phát biểu) on an item, in order."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    delegate = models.ForeignKey(
        Delegate, null=True, blank=True, on_delete=models.RESTRICT, related_name="speeches"
    )
    name = models.CharField(_("speaker"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"))
    status = models.CharField(
        _("status"), max_length=16, choices=SpeakerStatus.choices, default=SpeakerStatus.WAITING
    )

    class Meta:
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class VoteSubject(models.TextChoices):
    PRESIDIUM = "presidium", _("Presidium")
    SECRETARIAT = "secretariat", _("Secretariat")
    CREDENTIALS = "credentials", _("Credentials committee")
    COUNTING = "counting", _("Counting committee")
    AGENDA = "agenda", _("Agenda")
    WORKING_RULES = "working_rules", _("Working rules")
    SEATS = "seats", _("Number to elect")
    CANDIDATE_LIST = "candidate_list", _("Candidate list")
    WITHDRAWAL = "withdrawal", _("Withdrawal from the list")
    RESOLUTION = "resolution", _("Resolution of the congress")
    OTHER = "other", _("Other")


class VoteMethod(models.TextChoices):
    HANDS = "hands", _("Show of hands, counted by the counters")
    ELECTRONIC = "electronic", _("Electronic, from the delegates' phones")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Closed")


class VoteChoice(models.TextChoices):
    AGREE = "agree", pgettext_lazy("procedural vote", "Agree")
    DISAGREE = "disagree", pgettext_lazy("procedural vote", "Disagree")
    ABSTAIN = "abstain", pgettext_lazy("procedural vote", "Abstain")


class ProceduralVote(models.Model):
    """A procedural vote (biểu quyết, docs/rules.md §5).

    ``agree``, ``disagree``, ``abstain`` are the counts: typed by the counters
    for a show of hands, or counters the electronic votes add to under a lock of
    this row. ``present``, ``base`` and ``passed`` are fixed when the vote
    closes, ``passed`` by the engine. A vote on an election's candidate list
    names the ``election``: when it closes, its figures are that election's
    list vote (the counting room does not type them again).
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="votes")
    election = models.ForeignKey(
        "elections.Election",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hall_votes",
        verbose_name=_("election"),
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="votes"
    )
    sitting = models.ForeignKey(
        Sitting, null=True, blank=True, on_delete=models.RESTRICT, related_name="votes"
    )
    subject = models.CharField(_("subject"), max_length=24, choices=VoteSubject.choices)
    title = models.CharField(_("question"), max_length=300)
    method = models.CharField(_("method"), max_length=16, choices=VoteMethod.choices)
    secret = models.BooleanField(_("secret"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=VoteStatus.choices, default=VoteStatus.DRAFT
    )
    agree = models.PositiveIntegerField(_("agree"), default=0)
    disagree = models.PositiveIntegerField(_("disagree"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    base = models.PositiveIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["hands", "electronic"]), name="vote_method_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cast(self) -> int:
        return self.agree + self.disagree + self.abstain


class VoteCast(models.Model):
    """Who has voted electronically in a vote: one row per delegate, never twice.

    No time is kept. ``choice`` is kept only for an open (not secret) vote, like
    the hands the hall sees; for a secret vote it stays empty and the choice
    exists only inside the vote's three counters.
    """

    vote = models.ForeignKey(ProceduralVote, on_delete=models.CASCADE, related_name="casts")
    # RESTRICT: a delegate who voted cannot be removed alone, but goes with the congress.
    delegate = models.ForeignKey(Delegate, on_delete=models.RESTRICT, related_name="casts")
    choice = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "delegate"], name="one_vote_per_delegate"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id} voted in {self.vote_id}"


class ReissueStatus(models.TextChoices):
    ASKED = "asked", _("Awaiting confirmation")
    DONE = "done", _("New link issued")
    CANCELLED = "cancelled", _("Cancelled")


class PassReissue(models.Model):
    """A new vote link for a delegate, asked by one member and confirmed by another.

    One of the two is of the presidium and the other not (the secretariat or
    the unit's office), so that no one person can give an absent delegate's
    vote to a phone of their own. At most one request waits per delegate.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="reissues")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="reissues")
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ReissueStatus.choices, default=ReissueStatus.ASKED
    )
    asked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="reissues_asked"
    )
    asked_as_presidium = models.BooleanField()
    asked_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reissues_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(status="asked"),
                name="one_waiting_reissue_per_delegate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id}: {self.status}"


class SpeechStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", pgettext_lazy("speech", "Accepted")
    DECLINED = "declined", pgettext_lazy("speech", "Declined")


class SpeechSource(models.TextChoices):
    TYPED = "typed", _("Typed")
    DOCX = "docx", _("Word file")


class Speech(models.Model):
    """A written contribution (tham luận) to the congress, read from the rostrum.

    Given by a delegate in their own name or on behalf of a unit (a party
    organisation below the congress's unit). Accepted speeches are numbered
    ``position`` 1, 2, 3 … in the programme; the others have none. The one
    speaking has ``started_at`` and no ``ended_at`` (at most one per congress):
    the projector counts its ``minutes`` down from ``started_at``.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="speeches")
    title = models.CharField(_("title"), max_length=300)
    delegate = models.ForeignKey(
        Delegate, on_delete=models.RESTRICT, related_name="contributions", verbose_name=_("speaker")
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("text"))
    source = models.CharField(max_length=8, choices=SpeechSource.choices)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SpeechStatus.choices,
        default=SpeechStatus.REGISTERED,
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes allotted"))
    registered_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["congress", "position", "registered_at", "pk"]
        verbose_name = _("speech")
        constraints = [
            models.UniqueConstraint(
                fields=["congress"],
                condition=Q(started_at__isnull=False, ended_at__isnull=True),
                name="one_speech_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", position__isnull=False)
                | (~Q(status="accepted") & Q(position__isnull=True)),
                name="speech_numbered_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def speaking(self) -> bool:
        return self.started_at is not None and self.ended_at is None
