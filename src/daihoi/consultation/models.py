"""Draft documents in versions, consultation rounds, comments anchored to paragraphs.

A draft (the unit's political report, a report of the committee …) belongs to
its unit and term. Each version is split into numbered sections and
paragraphs (``daihoi.core.texts.paragraphs``); a paragraph knows its match in
the version before it and whether it changed. A round opens a version for
comment to a subtree of units. A comment is written on a paragraph of the
round's version and follows that paragraph into later versions
(``current_paragraph``), marked when the text it was written on changed or
was removed. The documents subcommittee classifies and answers each comment;
the aggregation stores the groups of duplicates and the topics of a round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.tasks.models import Job


class DraftKind(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Political report")
    REVIEW_REPORT = "review_report", _("Review report of the committee")
    RESOLUTION = "resolution", _("Draft resolution")
    OTHER = "other", _("Other document")


class Draft(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="drafts",
        verbose_name=_("unit"),
    )
    term = models.ForeignKey("congresses.Term", on_delete=models.PROTECT, related_name="drafts")
    kind = models.CharField(_("kind"), max_length=32, choices=DraftKind.choices)
    title = models.CharField(_("title"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "pk"]
        verbose_name = _("draft document")

    def __str__(self) -> str:
        return self.title


class VersionSource(models.TextChoices):
    MARKDOWN = "markdown", _("Written text")
    DOCX = "docx", _("Word file")


class Version(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source = models.CharField(max_length=16, choices=VersionSource.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="consultation_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft} · v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveIntegerField()  # 0: the text before the first heading
    title = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="consultation_section_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ParagraphChange(models.TextChoices):
    NEW = "new", _("first version")
    SAME = "same", _("unchanged")
    CHANGED = "changed", _("changed")
    ADDED = "added", _("added")


class Paragraph(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()  # through the whole version
    text = models.TextField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
    change = models.CharField(max_length=8, choices=ParagraphChange.choices)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="consultation_paragraph_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Round(models.Model):
    """A consultation round: which version, when, and which subtree of units may comment."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=300)
    scope = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("units that may comment (this unit and all below it)"),
    )
    members_may_comment = models.BooleanField(
        _("members may comment in their own name"), default=True
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    closed_at = models.DateTimeField(null=True, blank=True)
    aggregated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "opens_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Anchor(models.TextChoices):
    ON_TEXT = "on_text", _("on the text")
    ON_CHANGED = "on_changed", _("on changed text")
    ON_REMOVED = "on_removed", _("on removed text")


class Handling(models.TextChoices):
    PENDING = "", _("not handled yet")
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    EXPLAINED = "explained", _("explained")
    NOTED = "noted", _("noted")


class CommentSource(models.TextChoices):
    WEB = "web", _("written on the page")
    IMPORT = "import", _("imported from a file")


class Comment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="comments")
    section_number = models.PositiveIntegerField()  # of the paragraph it was written on
    current_paragraph = models.ForeignKey(
        Paragraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_comments",
    )
    anchor = models.CharField(max_length=12, choices=Anchor.choices, default=Anchor.ON_TEXT)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    on_behalf = models.BooleanField(default=False)  # the unit's comment, not one member's
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("who commented"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    source = models.CharField(max_length=8, choices=CommentSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    handling = models.CharField(
        _("handling"), max_length=12, choices=Handling.choices, default=Handling.PENDING, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    change = models.ForeignKey(
        Paragraph,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caused_by",
        verbose_name=_("the change it caused"),
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_group = models.ForeignKey(
        "CommentGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    topic = models.ForeignKey(
        "CommentGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paragraph__number", "pk"]
        indexes = [
            models.Index(
                fields=["round", "section_number", "paragraph"], name="consult_comment_sect"
            ),
            models.Index(fields=["round", "handling"], name="consult_comment_handling"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class GroupKind(models.TextChoices):
    DUPLICATES = "duplicates", _("same or nearly the same comments")
    TOPIC = "topic", _("topic")


class CommentGroup(models.Model):
    """A group of duplicates or a topic of a round's section, as the aggregation found it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    section_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=GroupKind.choices)
    rank = models.PositiveIntegerField()  # 0 is the largest of its kind in the section
    label = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField()  # comments
    wordings = models.PositiveIntegerField(default=1)
    topic = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="duplicate_groups"
    )
    representatives = models.JSONField(default=list)  # comment ids
    units = models.JSONField(default=list)  # [unit name, comments], most first (at most 20)
    units_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["round", "section_number", "kind", "rank"]

    def __str__(self) -> str:
        return self.label or str(self.pk)


class GroupingState(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Grouping")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class GroupingFailure(models.TextChoices):
    LOST = "lost", _("The background worker stopped before the grouping was finished.")
    OTHER = "other", _("An unexpected error stopped the grouping.")


class GroupingJob(Job):
    """A round's comments grouped in the background, asked for by ``user``.

    ``done``/``total`` are the sections grouped so far; the groups are stored
    together at the end, in one transaction, so a grouping that fails leaves
    the round's previous groups as they were. ``totals`` are the comments,
    groups and topics found.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="grouping_jobs")
    state = models.CharField(
        max_length=8, choices=GroupingState.choices, default=GroupingState.QUEUED
    )
    failure = models.CharField(max_length=8, choices=GroupingFailure.choices, blank=True)
    totals = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["round", "-pk"]

    def __str__(self) -> str:
        return f"grouping {self.pk} of round {self.round_id} [{self.state}]"
