"""A congress's papers, their versions, and which delegates have opened each version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    REPORT = "report", _("Report")
    DRAFT = "draft", _("Draft document")
    PROGRAMME = "programme", _("Programme")
    LIST = "list", _("List")
    RESOLUTION = "resolution", _("Draft resolution")
    OTHER = "other", _("Other")


class Paper(models.Model):
    """One document handed to the delegates; ``published`` false once withdrawn."""

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="papers"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=PaperKind.choices)
    published = models.BooleanField(default=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["congress", "pk"]
        verbose_name = _("congress paper")

    def __str__(self) -> str:
        return self.title


class VersionFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    DRAFT = "draft", _("draft of the consultation")


class PaperVersion(models.Model):
    """A version of a paper: the file as uploaded (PDF, DOCX) and its text, or a draft's text.

    ``body`` holds the text a phone shows, as ``[{"title": …, "paragraphs": […]}]``:
    read from a DOCX, or copied from a consultation draft's version when published
    (``draft_version`` says which). A PDF has no body: the phone's viewer opens it.
    """

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    format = models.CharField(max_length=8, choices=VersionFormat.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    data = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    body = models.JSONField(default=list, blank=True)
    draft_version = models.ForeignKey(
        "consultation.Version",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="paper_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.paper} · v{self.number}"


class PaperRead(models.Model):
    """A delegate opened a version (the first time only): what the download count counts."""

    version = models.ForeignKey(PaperVersion, on_delete=models.CASCADE, related_name="reads")
    delegate = models.ForeignKey(
        "congresses.Delegate", on_delete=models.CASCADE, related_name="paper_reads"
    )
    first_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "delegate"], name="paper_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.delegate_id}"
