"""The pages: the secretariat publishes and counts; a delegate reads on the phone; no one else."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import CongressRole
from daihoi.accounts.services import congress_role_grant
from daihoi.congresses import voting
from daihoi.papers.models import Paper, PaperRead, PaperVersion
from tests.factories import UserFactory
from tests.papers.conftest import PDF, Papers, docx_bytes


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_secretariat_publishes_a_word_file_and_sees_it_listed(papers: Papers) -> None:
    hall = papers.hall
    client = hall.client(hall.secretary)
    url = reverse("congress_papers", args=[hall.congress.pk])
    response = client.post(
        url,
        {
            "title": "Danh sách đại biểu",
            "kind": "list",
            "file": SimpleUploadedFile("ds.docx", docx_bytes("Nguyễn Văn An")),
        },
    )
    assert response.status_code == 302
    paper = Paper.objects.get(title="Danh sách đại biểu")
    assert paper.versions.get().format == "docx"
    page = _text(client.get(url))
    assert "Danh sách đại biểu" in page and "Tài liệu đại hội" in page


def test_a_50_mb_upload_is_refused_in_vietnamese_and_nothing_is_saved(papers: Papers) -> None:
    hall = papers.hall
    client = hall.client(hall.secretary)
    before = (Paper.objects.count(), PaperVersion.objects.count())
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (50 * 1024 * 1024), "application/pdf")
    response = client.post(
        reverse("congress_papers", args=[hall.congress.pk]),
        {"title": "Tệp quá lớn", "kind": "report", "file": big},
        follow=True,
    )
    assert response.status_code == 200
    assert "Tệp (PDF hoặc DOCX, tối đa 20 MB): “lon.pdf” lớn hơn 20 MB" in _text(response)
    assert (Paper.objects.count(), PaperVersion.objects.count()) == before


def test_a_file_that_is_not_a_pdf_or_docx_and_an_empty_title_are_refused(papers: Papers) -> None:
    hall = papers.hall
    client = hall.client(hall.secretary)
    before = (Paper.objects.count(), PaperVersion.objects.count())
    url = reverse("congress_papers", args=[hall.congress.pk])
    picture = SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 99)
    page = _text(client.post(url, {"title": "Ảnh", "kind": "other", "file": picture}, follow=True))
    assert "Tệp: “anh.pdf” không phải tệp PDF hay tệp Word (.docx)." in page
    no_title = client.post(
        url, {"title": " ", "kind": "other", "file": SimpleUploadedFile("a.pdf", PDF)}, follow=True
    )
    assert "Tiêu đề tài liệu:" in _text(no_title)
    assert (Paper.objects.count(), PaperVersion.objects.count()) == before


def test_a_new_version_from_the_papers_page_becomes_the_current_one(papers: Papers) -> None:
    hall = papers.hall
    client = hall.client(hall.secretary)
    url = reverse("congress_paper", args=[hall.congress.pk, papers.programme.pk])
    response = client.post(url, {"file": SimpleUploadedFile("ct2.pdf", PDF), "note": "Giờ mới"})
    assert response.status_code == 302
    page = _text(client.get(url))
    assert page.index("ct2.pdf") < page.index("chuong-trinh.pdf")
    assert "bản hiện hành" in page and "bản cũ, đã được thay" in page


def test_the_delegate_reads_the_list_a_paper_and_its_text(papers: Papers) -> None:
    phone, token = papers.phone()
    listing = _text(phone.get(reverse("phone_papers", args=[token])))
    assert "Báo cáo kiểm điểm của Ban Chấp hành" in listing
    assert "Chương trình Đại hội" in listing
    assert "Danh sách đã thay" not in listing  # withdrawn
    assert "Tài liệu của xã B" not in listing  # another congress's
    paper = _text(phone.get(reverse("phone_paper", args=[token, papers.report.pk])))
    assert paper.index("Bản 2") < paper.index("Bản 1")
    assert "bản hiện hành" in paper
    current = _text(phone.get(reverse("phone_paper_version", args=[token, papers.report.pk, 2])))
    assert "Bản 2, bản hiện hành" in current
    assert "Bản thứ hai của báo cáo, đã sửa." in current
    older = _text(phone.get(reverse("phone_paper_version", args=[token, papers.report.pk, 1])))
    assert "Bản 1, đã được thay bằng bản mới hơn" in older
    draft = _text(phone.get(reverse("phone_paper_version", args=[token, papers.draft.pk, 1])))
    assert "<h2>II. NHIỆM VỤ</h2>" in draft and "Đoạn nhiệm vụ." in draft


def test_a_pdf_opens_inline_and_a_word_file_downloads(papers: Papers) -> None:
    phone, token = papers.phone()
    pdf = phone.get(reverse("phone_paper_file", args=[token, papers.programme.pk, 1]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;") and pdf.content == PDF
    docx = phone.get(reverse("phone_paper_file", args=[token, papers.report.pk, 2]))
    assert docx["Content-Disposition"].startswith("attachment;")
    assert docx.content.startswith(b"PK")
    missing = phone.get(reverse("phone_paper_file", args=[token, papers.draft.pk, 1]))
    assert missing.status_code == 404  # a draft's text has no file


def test_opening_counts_once_per_delegate_and_the_secretariat_sees_the_count(
    papers: Papers,
) -> None:
    first, token = papers.phone(papers.hall.delegates[0])
    second, token2 = papers.phone(papers.hall.delegates[1])
    for _ in range(3):
        first.get(reverse("phone_paper_version", args=[token, papers.programme.pk, 1]))
    first.get(reverse("phone_paper_file", args=[token, papers.programme.pk, 1]))
    second.get(reverse("phone_paper_file", args=[token2, papers.programme.pk, 1]))
    assert PaperRead.objects.filter(version__paper=papers.programme).count() == 2
    page = papers.hall.client(papers.hall.secretary).get(
        reverse("congress_papers", args=[papers.hall.congress.pk])
    )
    row = re.search(r"Chương trình Đại hội</a></td>.*?</tr>", _text(page))
    assert row is not None and '<td class="num">2</td>' in row.group(0)


def test_nothing_is_shown_outside_the_congress_of_the_link(papers: Papers) -> None:
    phone, token = papers.phone()
    for pid in (papers.other.pk, papers.withdrawn.pk):
        assert phone.get(reverse("phone_paper", args=[token, pid])).status_code == 404
        assert phone.get(reverse("phone_paper_version", args=[token, pid, 1])).status_code == 404
        assert phone.get(reverse("phone_paper_file", args=[token, pid, 1])).status_code == 404
    # Commune B's delegate, with B's link, does not reach A's papers.
    other_phone, other_token = papers.hall.phone(papers.other_delegate)
    url = reverse("phone_paper", args=[other_token, papers.report.pk])
    assert other_phone.get(url).status_code == 404
    assert "Chương trình Đại hội" not in _text(
        other_phone.get(reverse("phone_papers", args=[other_token]))
    )


def test_a_forged_a_voided_and_a_foreign_phones_link_are_refused(papers: Papers) -> None:
    delegate = papers.hall.delegates[0]
    phone, token = papers.phone(delegate)
    url = reverse("phone_paper", args=[token, papers.report.pk])
    # Another phone (no device cookie) with the same link.
    stranger = Client().get(url)
    assert stranger.status_code == 403
    assert "Báo cáo kiểm điểm" not in _text(stranger)
    # A forged token.
    forged = reverse("phone_papers", args=[f"{delegate.pk}.1.AAAAAAAAAAAAAAAAAAAAAAAA"])
    assert phone.get(forged).status_code == 404
    # The link reissued: the old one is void, even on its own phone.
    chair = UserFactory(username="chair")
    congress_role_grant(
        actor=None, user=chair, congress=papers.hall.congress, role=CongressRole.PRESIDIUM
    )
    ask = voting.pass_reissue_ask(actor=chair, delegate=delegate, reason="mất máy")
    voting.pass_reissue_confirm(actor=papers.hall.secretary, reissue=ask)
    assert phone.get(url).status_code == 404
    assert phone.get(reverse("phone_papers", args=[token])).status_code == 404


def test_a_link_not_yet_confirmed_on_a_phone_is_sent_to_confirm_it(papers: Papers) -> None:
    token = voting.pass_token(papers.hall.delegates[5])
    response = Client().get(reverse("phone_papers", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ballot_pass", args=[token])


def test_the_service_worker_is_served_at_the_papers_path_as_javascript(papers: Papers) -> None:
    phone, token = papers.phone()
    response = phone.get(reverse("phone_papers_worker", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert reverse("phone_papers_worker", args=[token]) == f"/v/{token}/papers/sw.js"
    body = response.content.decode()
    assert "self.registration.scope" in body and "request.url.startsWith(SCOPE)" in body
    assert "Content-Security-Policy" in response  # served like every page, under the CSP
    page = phone.get(reverse("phone_papers", args=[token]))
    assert f'data-worker="/v/{token}/papers/sw.js"' in page.content.decode()
    assert f'data-scope="/v/{token}/papers/"' in page.content.decode()
    assert Client().get(reverse("phone_papers_worker", args=[token])).status_code == 403


def test_the_halls_qr_sends_a_phone_to_its_own_papers_and_no_one_else(papers: Papers) -> None:
    phone, token = papers.phone()
    find = reverse("phone_papers_find", args=[papers.hall.congress.pk])
    response = phone.get(find)
    assert response.status_code == 302
    assert response["Location"] == reverse("phone_papers", args=[token])
    assert Client().get(find).status_code == 403
    # A phone of congress A does not find the papers of congress B.
    assert (
        phone.get(reverse("phone_papers_find", args=[papers.other.congress_id])).status_code == 403
    )
    screen = papers.hall.client(papers.hall.secretary).get(
        reverse("congress_papers_screen", args=[papers.hall.congress.pk])
    )
    assert "<svg" in screen.content.decode() and find in screen.content.decode()
