"""Publishing papers, their versions, withdrawing, and the count of delegates who opened one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.consultation import services as consultation
from daihoi.core.paper_files import MAX_BYTES
from daihoi.papers import selectors, services
from daihoi.papers.models import Paper, PaperRead, PaperVersion
from tests.conftest import Tree
from tests.papers.conftest import PDF, Papers


def _counts() -> tuple[int, int, int]:
    return Paper.objects.count(), PaperVersion.objects.count(), AuditEntry.objects.count()


def test_a_docx_is_kept_with_its_text_and_a_new_upload_is_the_next_version(
    papers: Papers,
) -> None:
    versions = selectors.paper_versions(papers.report)
    assert [v.number for v in versions] == [2, 1]  # the current one first
    assert versions[0].format == "docx"
    body = PaperVersion.objects.get(pk=versions[0].pk).body
    assert body == [
        {"title": "I. TÌNH HÌNH CHUNG", "paragraphs": ["Bản thứ hai của báo cáo, đã sửa."]}
    ]
    assert bytes(PaperVersion.objects.get(pk=versions[1].pk).data or b"").startswith(b"PK")


def test_a_draft_of_the_consultation_is_copied_as_its_sections(papers: Papers) -> None:
    version = papers.draft.versions.get()
    assert version.format == "draft" and version.data is None
    assert version.body == [
        {"title": "I. MỤC TIÊU", "paragraphs": ["Đoạn mục tiêu của dự thảo."]},
        {"title": "II. NHIỆM VỤ", "paragraphs": ["Đoạn nhiệm vụ."]},
    ]


def test_each_write_is_audited(papers: Papers) -> None:
    actions = list(
        AuditEntry.objects.filter(action__startswith="paper.").values_list("action", flat=True)
    )
    assert actions.count("paper.publish") == 5
    assert "paper.version" in actions and "paper.withdraw" in actions


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"title": "   "}, "paper.title_empty", "Tiêu đề"),
        (
            {"data": b"\x89PNG\r\n\x1a\n" + b"0" * 64, "file_name": "anh.pdf"},
            "paper.file_type",
            "anh.pdf",
        ),
        ({"data": b"", "file_name": "rong.pdf"}, "paper.file_empty", "Tệp"),
        (
            {"data": PDF + b"0" * (50 * 1024 * 1024), "file_name": "lon.pdf"},
            "paper.file_too_large",
            "20 MB",
        ),
        ({"kind": "poster"}, "paper.kind", "Loại"),
        ({"data": None}, "paper.source", "Tệp"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(
    papers: Papers, kwargs: dict[str, object], code: str, words: str
) -> None:
    before = _counts()
    arguments: dict[str, object] = {
        "title": "Tài liệu mới",
        "kind": "report",
        "file_name": "a.pdf",
        "data": PDF,
        **kwargs,
    }
    with pytest.raises(ValidationError) as refused:
        services.paper_publish(
            actor=papers.hall.secretary, congress=papers.hall.congress, **arguments
        )  # type: ignore[arg-type]
    assert refused.value.code == code
    with translation.override("vi"):
        assert words in " ".join(refused.value.messages)
    assert _counts() == before


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_accepted(papers: Papers) -> None:
    congress = papers.hall.congress
    with pytest.raises(ValidationError):
        services.paper_publish(
            actor=None,
            congress=congress,
            title="x",
            kind="other",
            data=PDF + b"0" * (MAX_BYTES - len(PDF) + 1),
        )
    paper = services.paper_publish(
        actor=None,
        congress=congress,
        title="x",
        kind="other",
        data=PDF + b"0" * (MAX_BYTES - len(PDF)),
    )
    assert paper.versions.get().size == MAX_BYTES


def test_a_new_version_that_is_refused_leaves_the_paper_as_it_was(papers: Papers) -> None:
    before = _counts()
    with pytest.raises(ValidationError):
        services.paper_version_add(actor=None, paper=papers.report, file_name="x.txt", data=b"text")
    assert _counts() == before
    assert papers.report.versions.count() == 2


def test_a_draft_of_another_unit_cannot_be_published(papers: Papers, tree: Tree) -> None:
    draft = consultation.draft_create(
        unit=tree.B, term=papers.hall.congress.term, kind="other", title="Của xã B", user=None
    )
    version = consultation.version_create(draft=draft, user=None, markdown="Một đoạn.")
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.paper_publish(
            actor=None, congress=papers.hall.congress, title="x", kind="draft", draft=version
        )
    assert refused.value.code == "paper.draft_foreign"
    assert _counts() == before


def test_withdraw_and_publish_again(papers: Papers) -> None:
    services.paper_withdraw(actor=None, paper=papers.programme)
    assert not Paper.objects.get(pk=papers.programme.pk).published
    assert papers.programme.pk not in {
        p.pk for p in selectors.published_papers(papers.hall.congress.pk)
    }
    with pytest.raises(ValidationError):
        services.paper_withdraw(actor=None, paper=papers.programme)
    services.paper_republish(actor=None, paper=papers.programme)
    assert Paper.objects.get(pk=papers.programme.pk).published


def test_a_version_is_counted_once_per_delegate(papers: Papers) -> None:
    version = papers.report.versions.get(number=2)
    first, second = papers.hall.delegates[:2]
    assert services.paper_read(delegate=first, version=version) is True
    assert services.paper_read(delegate=first, version=version) is False
    services.paper_read(delegate=second, version=version)
    services.paper_read(delegate=first, version=papers.report.versions.get(number=1))
    counts = {v.number: v.read_count for v in selectors.paper_versions(papers.report)}
    assert counts == {2: 2, 1: 1}
    assert PaperRead.objects.count() == 3


def test_the_secretariats_list_costs_the_same_queries_for_more_papers(
    papers: Papers, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(2):
        listed = selectors.papers_of_congress(papers.hall.congress)
        assert [len(p.versions.all()) for p in listed] == [2, 1, 1, 1]
