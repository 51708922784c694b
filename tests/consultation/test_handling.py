from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.consultation import selectors, services
from daihoi.consultation.models import Comment
from tests.consultation.conftest import TEXT_V2, Consult


def test_an_answer_is_classified_linked_to_its_change_and_counted_by_section(
    consult: Consult,
) -> None:
    t = consult.tree
    v2 = services.version_create(draft=consult.draft, user=t.commune_officer, markdown=TEXT_V2)
    t.client_for(t.commune_officer).post(
        reverse("consultation_comment_answer", args=[consult.comment.pk]),
        {
            "handling": "accepted",
            "answer": "Đã bổ sung.",
            "change_version": "2",
            "change_paragraph": "2",
        },
    )
    consult.comment.refresh_from_db()
    assert consult.comment.handling == "accepted"
    assert consult.comment.change == v2.paragraphs.get(number=2)
    progress = {p.section.number: p for p in selectors.round_progress(consult.round)}
    assert (progress[1].total, progress[1].handled, progress[1].by_handling["accepted"]) == (
        1,
        1,
        1,
    )
    assert progress[2].total == 0


def test_an_explanation_needs_an_answer(consult: Consult) -> None:
    with pytest.raises(ValidationError):
        services.comment_answer(
            comment=consult.comment,
            handling="explained",
            answer=" ",
            change=None,
            user=consult.tree.commune_officer,
        )


def test_a_change_must_be_in_a_later_version(consult: Consult) -> None:
    with pytest.raises(ValidationError):
        services.comment_answer(
            comment=consult.comment,
            handling="accepted",
            answer="",
            change=consult.version.paragraphs.get(number=1),
            user=consult.tree.commune_officer,
        )


def test_a_section_page_of_many_comments_keeps_its_queries(
    consult: Consult, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    t = consult.tree
    p = consult.version.paragraphs.get(number=1)
    Comment.objects.bulk_create(
        [
            Comment(
                round=consult.round,
                paragraph=p,
                section_number=1,
                current_paragraph=p,
                unit=t.A1,
                author_name="x",
                text=f"Ý kiến {i}",
                source="import",
            )
            for i in range(300)
        ]
    )
    client = t.client_for(t.commune_officer)
    url = reverse("consultation_section", args=[consult.round.pk, 1])
    with django_assert_max_num_queries(20):
        response = client.get(url + "?page=3")
    assert response.status_code == 200
    assert response.content.decode().count('<li id="c') == 50
