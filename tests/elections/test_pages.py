"""The counting room through its pages, as the committee uses them on the day."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from daihoi.elections.models import Batch, BatchStatus, CastBallot, ElectionStatus, Stream
from tests.elections.conftest import Room, approve


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_setup_page_shows_the_base_the_list_in_order_and_the_surplus(room: Room) -> None:
    text = (
        client_for(room.secretary)
        .get(reverse("election_detail", args=[room.election.pk]))
        .content.decode()
    )
    assert "Số làm cơ sở tính quá bán" in text and ">9<" in text  # 10 summoned − 1
    assert text.index("Nguyễn Thị An") < text.index("Trần Văn Bình")
    assert "Số dư 25,0%" in text  # 5 names for 4 seats


def test_the_office_adds_names_and_a_bad_date_is_refused(room: Room) -> None:
    client = client_for(room.tree.commune_officer)
    url = reverse("candidate_add", args=[room.election.pk])
    client.post(url, {"full_name": "  Vũ   Văn Phúc ", "note": "1980", "born": "01/02/1980"})
    assert room.election.candidates.filter(full_name="Vũ Văn Phúc").exists()
    response = client.post(url, {"full_name": "Đỗ Giang", "born": "30/02/1980"}, follow=True)
    assert "Nhập một ngày hợp lệ" in response.content.decode()
    assert not room.election.candidates.filter(full_name="Đỗ Giang").exists()


def test_a_candidate_file_with_a_bad_row_adds_nobody(room: Room) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "Họ và tên,Ngày sinh\nVũ Văn Phúc,01/02/1980\nĐỗ Thị Giang,hôm qua\n".encode()
    response = client_for(room.secretary).post(
        reverse("candidates_import", args=[room.election.pk]),
        {"file": SimpleUploadedFile("ds.csv", data)},
        follow=True,
    )
    text = response.content.decode()
    assert "ds.csv: Dòng 3" in text and "hôm qua" in text
    assert room.election.candidates.count() == 5


def test_a_clerk_types_ballots_and_enter_saves_each_one(room: Room) -> None:
    approve(room)
    client_for(room.head).post(reverse("batch_open", args=[room.election.pk]))
    batch = Batch.objects.get(election=room.election)
    clerk = client_for(room.clerk1)
    clerk.post(reverse("batch_join", args=[room.election.pk, batch.pk]))
    stream = Stream.objects.get(clerk=room.clerk1)
    url = reverse("stream_entry", args=[room.election.pk, stream.pk])
    response = clerk.post(url, {"line": "2 5"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert "<strong>1</strong>" in text and "2 5" in text  # one entered, echoed back
    response = clerk.post(url, {"line": "7"}, HTTP_HX_REQUEST="true")
    assert "nằm ngoài 1–5" in response.content.decode()
    assert stream.entries.count() == 1


def test_the_head_resolves_a_mismatch_on_its_page(room: Room) -> None:
    approve(room)
    head = client_for(room.head)
    head.post(reverse("batch_open", args=[room.election.pk]))
    batch = Batch.objects.get(election=room.election)
    for clerk, lines in ((room.clerk1, ["1", "2"]), (room.clerk2, ["1", "3"])):
        c = client_for(clerk)
        c.post(reverse("batch_join", args=[room.election.pk, batch.pk]))
        stream = Stream.objects.get(clerk=clerk)
        for line in lines:
            c.post(reverse("stream_entry", args=[room.election.pk, stream.pk]), {"line": line})
        c.post(reverse("stream_close", args=[room.election.pk, stream.pk]), {"confirmed": "yes"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MISMATCH
    page = head.get(reverse("batch_resolve", args=[room.election.pk, batch.pk])).content.decode()
    assert "#2" in page and "<code>2</code>" in page and "<code>3</code>" in page
    assert "clerk1" not in page  # who typed what is not shown beside a ballot
    head.post(
        reverse("batch_resolve", args=[room.election.pk, batch.pk]),
        {"p2": "3", "reason": "Đọc lại phiếu giấy"},
    )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MATCHED and CastBallot.objects.count() == 2
    head.post(reverse("election_finalise", args=[room.election.pk]), {"confirmed": "yes"})
    room.election.refresh_from_db()
    assert room.election.status == ElectionStatus.FINALISED
    result = head.get(reverse("election_result", args=[room.election.pk])).content.decode()
    # Two ballots against a base of 9: nobody has more than half.
    assert "Không quá một nửa: 2 &lt; 5" in result and "Chỉ trúng cử 0/4" in result
    assert "Đại hội quyết định" in result


def test_the_result_page_counts_its_queries(room: Room, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    approve(room)
    head = client_for(room.head)
    with django_assert_max_num_queries(20):
        head.get(reverse("election_result", args=[room.election.pk]))


def test_a_ballot_for_a_list_not_ready_says_why_instead_of_failing(room: Room) -> None:
    for c in room.election.candidates.all():
        c.delete()
    response = client_for(room.secretary).get(
        reverse("election_ballot_pdf", args=[room.election.pk]), follow=True
    )
    assert "Chưa in được phiếu" in response.content.decode()


def test_the_ballot_paper_is_a_pdf_and_the_same_for_every_copy(room: Room) -> None:
    client = client_for(room.secretary)
    url = reverse("election_ballot_pdf", args=[room.election.pk])
    first, second = client.get(url), client.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content.startswith(b"%PDF-")
    assert first.content == second.content
