from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.consultation import services
from daihoi.consultation.models import Anchor, Paragraph, Version
from tests.consultation.conftest import TEXT_V2, Consult


def test_comments_follow_their_paragraph_into_the_next_version(consult: Consult) -> None:
    t = consult.tree
    p1 = consult.version.paragraphs.get(number=1)
    p3 = consult.version.paragraphs.get(number=3)
    on_same = services.comment_create(
        round_=consult.round,
        paragraph=p1,
        text="Đồng ý.",
        unit=t.A,
        on_behalf=True,
        user=t.commune_officer,
    )
    on_removed = services.comment_create(
        round_=consult.round,
        paragraph=p3,
        text="Nên bỏ.",
        unit=t.A,
        on_behalf=True,
        user=t.commune_officer,
    )
    v2 = services.version_create(draft=consult.draft, user=t.commune_officer, markdown=TEXT_V2)
    for c in (on_same, on_removed, consult.comment):
        c.refresh_from_db()
    assert (on_same.current_paragraph.version, on_same.current_paragraph.number) == (v2, 1)
    assert on_same.anchor == Anchor.ON_TEXT
    assert consult.comment.current_paragraph.number == 2  # edited: 52 → 55 triệu đồng
    assert consult.comment.anchor == Anchor.ON_CHANGED
    assert on_removed.current_paragraph is None
    assert on_removed.anchor == Anchor.ON_REMOVED
    assert on_removed.paragraph == p3  # still shows what it was written on
    changes = dict(v2.paragraphs.values_list("number", "change"))
    assert changes == {1: "same", 2: "changed", 3: "added", 4: "same"}


def test_the_diff_page_shows_what_changed_escaped(consult: Consult) -> None:
    t = consult.tree
    v2 = services.version_create(
        draft=consult.draft, user=t.commune_officer, markdown=TEXT_V2 + "\n\n<script>x</script>\n"
    )
    page = t.client_for(t.commune_officer).get(reverse("consultation_diff", args=[v2.pk]))
    html = page.content.decode()
    assert "<ins>55</ins>" in html and "<del>52</del>" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_a_file_that_is_not_a_word_file_is_refused_and_nothing_written(consult: Consult) -> None:
    t = consult.tree
    before = (Version.objects.count(), Paragraph.objects.count())
    with pytest.raises(ValidationError) as e:
        services.version_create(
            draft=consult.draft, user=t.commune_officer, file_name="du-thao.docx", data=b"nope"
        )
    assert "du-thao.docx" in e.value.messages[0]
    assert (Version.objects.count(), Paragraph.objects.count()) == before


def test_the_upload_page_names_the_bad_file(consult: Consult) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    t = consult.tree
    response = t.client_for(t.commune_officer).post(
        reverse("consultation_version_create", args=[consult.draft.pk]),
        {"file": SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4")},
    )
    assert response.status_code == 400
    assert "bao-cao.docx" in response.content.decode()
    assert consult.draft.versions.count() == 1
