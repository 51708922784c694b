"""The secretariat's forms: a new paper, and a new version of one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from daihoi.congresses.models import Congress
from daihoi.consultation.models import Version
from daihoi.core import paper_files
from daihoi.papers.models import PaperKind
from daihoi.papers.selectors import draft_versions_for


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or DOCX, at most 20 MB)"), required=False)
    draft = forms.TypedChoiceField(
        label=_("or a draft of the consultation"), required=False, coerce=int, empty_value=None
    )
    note = forms.CharField(label=_("Note on this version"), max_length=300, required=False)

    def __init__(self, *args: Any, congress: Congress, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {v.pk: v for v in draft_versions_for(congress)}
        choices: list[tuple[Any, str]] = [("", "—")]
        choices += [
            (pk, _("%(title)s · version %(n)d") % {"title": v.draft.title, "n": v.number})
            for pk, v in self.versions.items()
        ]
        self.fields["draft"].choices = choices  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile[Any] | None:
        upload: UploadedFile[Any] | None = self.cleaned_data.get("file")
        # Refused before it is read: the size the upload already knows.
        if upload is not None and (upload.size or 0) > paper_files.MAX_BYTES:
            raise forms.ValidationError(
                _("“%(file)s” is larger than 20 MB."), params={"file": upload.name}
            )
        return upload

    def source(self) -> dict[str, Any]:
        """The service's arguments for the file or the draft chosen."""
        upload = self.cleaned_data.get("file")
        draft_pk = self.cleaned_data.get("draft")
        draft: Version | None = self.versions.get(draft_pk) if draft_pk else None
        return {
            "file_name": upload.name if upload is not None else "",
            "data": upload.read() if upload is not None else None,
            "draft": draft,
            "note": self.cleaned_data.get("note") or "",
        }


class PaperForm(VersionForm):
    title = forms.CharField(label=_("Title of the paper"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PaperKind.choices)

    field_order = ["title", "kind", "file", "draft", "note"]
