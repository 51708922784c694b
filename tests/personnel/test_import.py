"""Importing dossiers from a spreadsheet: all rows or none, each error named by row and column."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.personnel.models import Dossier, PersonalRecord
from tests.personnel.conftest import People

HEADER = "Họ và tên,Ngày sinh,Dự kiến,Hình thức,Tái cử,Ngày nộp hồ sơ,Trình độ chuyên môn\n"


def post(people: People, text: str, name: str = "ho-so.csv"):  # type: ignore[no-untyped-def]
    client = people.tree.client_for(people.personnel_A)
    return client.post(
        reverse("personnel_import", args=[people.congress.pk]),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"))},
        follow=True,
    )


def test_it_imports_every_row_of_a_good_file(people: People) -> None:
    response = post(
        people,
        HEADER
        + "Nguyễn Văn An,15/03/1975,Bí thư,giới thiệu,có,,Đại học\n"
        + "Trần Thị Bình,02/07/1988,,tự ứng cử,không,20/08/2025,Thạc sĩ\n",
    )
    assert response.redirect_chain[-1][0] == reverse(
        "personnel_dossiers", args=[people.congress.pk]
    )
    an = Dossier.objects.get(member=people.members[0])
    binh = Dossier.objects.get(member=people.members[1])
    assert (an.post, an.reelection, binh.nomination) == ("secretary", True, "self")
    assert PersonalRecord.objects.get(member=people.members[1]).education == "Thạc sĩ"


def test_a_missing_column_is_named_and_nothing_is_imported(people: People) -> None:
    response = post(people, "Họ và tên,Dự kiến\nNguyễn Văn An,Bí thư\n")
    page = response.content.decode()
    assert "Ngày sinh" in page and "ho-so.csv" in page
    assert not Dossier.objects.exists()


def test_one_bad_row_refuses_the_whole_file(people: People) -> None:
    response = post(
        people,
        HEADER
        + "Nguyễn Văn An,15/03/1975,,,,,\n"
        + "Trần Thị Bình,02/07/2999,,,,,\n"
        + "Đỗ Văn Giang,01/01/1980,,,,,\n"
        + "Lê Văn Cường,20/01/1964,thủ quỹ,,,,\n",
    )
    page = response.content.decode()
    assert "02/07/2999" in page  # row 3: a birth date in the future
    assert "Đỗ Văn Giang" in page  # row 4: a member of another unit
    assert "thủ quỹ" in page  # row 5: an unknown post
    assert not Dossier.objects.exists()
    assert not PersonalRecord.objects.exists()


def test_a_person_already_with_a_dossier_or_repeated_is_refused(people: People) -> None:
    post(people, HEADER + "Nguyễn Văn An,15/03/1975,,,,,\n")
    response = post(
        people,
        HEADER + "Trần Thị Bình,02/07/1988,,,,,\nTrần Thị Bình,02/07/1988,,,,,\n"
        "Nguyễn Văn An,15/03/1975,,,,,\n",
    )
    page = response.content.decode()
    assert "Row 3" in page or "Dòng 3" in page
    assert Dossier.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(people: People) -> None:
    response = post(people, "x", name="ho-so.pdf")
    assert "ho-so.pdf" in response.content.decode()
    assert not Dossier.objects.exists()
