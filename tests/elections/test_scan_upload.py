"""Scans uploaded from the counting desk are read by the background worker into one batch.

The queue runs in the test's own process (``tests.tasks.running``), as
``daihoi worker --once`` would, with one reading process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.elections import scan_jobs, services
from daihoi.elections.models import (
    Batch,
    CastBallot,
    Election,
    ElectionStatus,
    ScanImportJob,
    ScannedBallot,
    ScanStatus,
)
from tests.elections.test_scanning import (  # noqa: F401  (fixture)
    scan_room,
    without_the_names,
    write_scans,
)
from tests.tasks.running import run_ready


@pytest.fixture
def desk(scan_room, settings, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    settings.SCAN_UPLOADS_DIR = tmp_path / "uploads"
    settings.SCAN_WORKERS = 1
    election, head, tmp = scan_room
    write_scans(election, tmp / "scans")
    client = Client()
    client.force_login(head)
    return election, head, client, tmp / "scans"


def _files(folder: Path, names: list[str]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(n, (folder / n).read_bytes()) for n in names]


def test_uploaded_scans_become_one_batch_read_by_the_worker(desk: Any) -> None:
    election, head, client, folder = desk
    names = ["01.png", "02.png", "03.png", "04.png", "05.png"]
    response = client.post(
        reverse("scan_upload", args=[election.pk]), {"files": _files(folder, names)}
    )
    job = ScanImportJob.objects.get()
    assert response.url == reverse("scan_job", args=[election.pk, job.pk])
    assert job.names == names and job.state == "queued" and not ScannedBallot.objects.exists()
    page = client.get(response.url).content.decode()
    assert "hx-get" in page and reverse("scan_job_status", args=[election.pk, job.pk]) in page
    assert run_ready() == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.counted, job.flagged) == ("done", 5, 5, 2, 3)
    assert job.colourless == 0  # 04.png has no seal, but its pen is blue: the scan is colour
    assert job.one_bit == 0
    # As ``daihoi scan import`` reads a folder: clear ballots counted, the rest for a human.
    statuses = dict(ScannedBallot.objects.values_list("ref", "status"))
    assert statuses == {
        "01.png": ScanStatus.COUNTED,
        "02.png": ScanStatus.COUNTED,
        "03.png": ScanStatus.REVIEW,
        "04.png": ScanStatus.REVIEW,
        "05.png": ScanStatus.REVIEW,
    }
    assert CastBallot.objects.count() == 2 and job.batch == Batch.objects.get()
    # The pages are kept with the batch; the uploaded files are gone.
    stored = ScannedBallot.objects.get(ref="01.png").image
    assert stored and (Path(election_media(election)) / Path(stored).name).exists()
    assert not any((Path(scan_jobs.settings.SCAN_UPLOADS_DIR)).iterdir())
    entry = AuditEntry.objects.get(action="scan.import")
    assert entry.actor_name == head.username and entry.after["counted"] == 2
    status = client.get(reverse("scan_job_status", args=[election.pk, job.pk])).content.decode()
    assert "hx-get" not in status and reverse("review_next", args=[election.pk]) in status
    assert "không có chút màu nào" not in status and "1 bit" not in status


def _read_with(
    client: Client, election: Election, folder: Path, name: str, picture: Any
) -> tuple[ScanImportJob, str]:
    """``picture`` uploaded as ``name`` with the desk's 02.png, read by the worker:
    the job and its status fragment."""
    ok, png = cv2.imencode(".png", picture)
    assert ok
    files = [SimpleUploadedFile(name, png.tobytes()), *_files(folder, ["02.png"])]
    client.post(reverse("scan_upload", args=[election.pk]), {"files": files})
    assert run_ready() == 1
    job = ScanImportJob.objects.get()
    status = client.get(reverse("scan_job_status", args=[election.pk, job.pk])).content.decode()
    return job, status


def test_a_gray_scan_saved_as_colour_is_explained_on_the_upload_and_the_review(
    desk: Any,
) -> None:
    """Every seal is unseen on such a scan: the desk is told why, and the
    committee sees it beside the stamp box; the ballot still waits."""
    election, _head, client, folder = desk
    stamped = cv2.imread(str(folder / "01.png"))
    gray = cv2.cvtColor(cv2.cvtColor(stamped, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    job, status = _read_with(client, election, folder, "gray.png", gray)
    assert (job.state, job.counted, job.flagged, job.colourless) == ("done", 1, 1, 1)
    assert ScannedBallot.objects.get(ref="gray.png").review == ["no_stamp"]
    assert "1 phiếu phải chờ vì không thấy dấu đỏ" in status
    assert "các tập sau hãy quét ở chế độ màu" in status
    review = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "gray.png" in review
    assert "ảnh quét màu này không có chút màu nào" in review


def test_a_page_not_printed_from_this_list_is_explained_on_the_upload(desk: Any) -> None:
    """Squares and code found, the names not this list's printing (another list,
    or a machine with another font): the desk is told at once; the page waits."""
    election, _head, client, folder = desk
    other = without_the_names(cv2.imread(str(folder / "01.png")))
    job, status = _read_with(client, election, folder, "khac.png", other)
    assert (job.state, job.counted, job.flagged, job.other_printing) == ("done", 1, 1, 1)
    assert ScannedBallot.objects.get(ref="khac.png").review == ["unregistered"]
    assert "1 trang phải chờ vì chữ in trên đó không khớp với phiếu trắng" in status
    assert "in trên máy có phông chữ khác" in status
    review = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "Chữ in trên phiếu không khớp với phiếu trắng của danh sách này" in review


def test_a_batch_of_this_lists_printing_says_nothing_of_it(desk: Any) -> None:
    election, _head, client, folder = desk
    client.post(reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])})
    assert run_ready() == 1
    job = ScanImportJob.objects.get()
    assert job.other_printing == 0
    status = client.get(reverse("scan_job_status", args=[election.pk, job.pk])).content.decode()
    assert "không khớp với phiếu trắng" not in status


def election_media(election) -> Path:  # type: ignore[no-untyped-def]
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "scans" / f"e{election.pk}"


def test_two_files_of_the_same_name_are_both_read_and_told_apart(desk: Any) -> None:
    election, _head, client, folder = desk
    same = [
        SimpleUploadedFile("scan.png", (folder / "01.png").read_bytes()),
        SimpleUploadedFile("scan.png", (folder / "02.png").read_bytes()),
    ]
    client.post(reverse("scan_upload", args=[election.pk]), {"files": same})
    run_ready()
    assert sorted(ScannedBallot.objects.values_list("ref", flat=True)) == [
        "scan (2).png",
        "scan.png",
    ]


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ([], "Chọn các tệp ảnh quét"),
        ([SimpleUploadedFile("phieu.docx", b"PK\x03\x04")], "phieu.docx"),
    ],
)
def test_bad_uploads_are_refused_in_vietnamese_and_nothing_is_kept(
    desk: Any, files: list[Any], says: str
) -> None:
    election, _head, client, _folder = desk
    response = client.post(reverse("scan_upload", args=[election.pk]), {"files": files})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ScanImportJob.objects.exists()
    uploads = Path(scan_jobs.settings.SCAN_UPLOADS_DIR)
    assert not uploads.exists() or not any(uploads.iterdir())


def test_too_many_bytes_are_refused_before_anything_is_written(desk: Any, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    election, _head, client, folder = desk
    monkeypatch.setattr(scan_jobs, "MAX_BYTES", 1000)
    response = client.post(
        reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])}
    )
    assert response.status_code == 400 and "MB" in response.content.decode()
    assert not ScanImportJob.objects.exists()


def test_a_refusal_when_the_worker_reads_fails_the_job_with_its_reason(desk: Any) -> None:
    election, _head, client, folder = desk
    client.post(reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])})
    # The election left counting meanwhile (sealed from another batch's entry): the
    # reading is refused, nothing stored.
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.FINALISED)
    run_ready()
    job = ScanImportJob.objects.get()
    assert (job.state, job.failure) == ("failed", "refused")
    assert job.error and not ScannedBallot.objects.exists()
    status = client.get(reverse("scan_job_status", args=[election.pk, job.pk])).content.decode()
    assert job.error in status and 'role="alert"' in status
    assert not any(Path(scan_jobs.settings.SCAN_UPLOADS_DIR).iterdir())
    # The upload page lists the failed reading for the head to come back to.
    page = client.get(reverse("scan_upload", args=[election.pk])).content.decode()
    assert reverse("scan_job", args=[election.pk, job.pk]) in page


def test_a_job_of_another_election_is_not_found(desk: Any) -> None:
    election, _head, client, folder = desk
    client.post(reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])})
    job = ScanImportJob.objects.get()
    other = services.election_create(
        actor=None,
        congress=election.congress,
        kind="inspection",
        seats=3,
        summoned=10,
        title="UBKT",
    )
    assert client.get(reverse("scan_job", args=[other.pk, job.pk])).status_code == 404


def test_more_files_than_the_server_takes_get_a_page_in_vietnamese(desk: Any, settings) -> None:  # type: ignore[no-untyped-def]
    election, _head, client, folder = desk
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    response = client.post(
        reverse("scan_upload", args=[election.pk]),
        {"files": _files(folder, ["01.png", "02.png", "03.png"])},
    )
    assert response.status_code == 400
    assert "tối đa 1.000 tệp" in response.content.decode()
    assert not ScanImportJob.objects.exists()


def test_while_a_test_is_open_the_desk_reads_mau_thu_ballots_under_its_banner(desk: Any) -> None:
    """Test mode: the upload page says a test runs, and the worker reads by the test's
    definition, so a real ballot uploaded then is not counted."""
    from daihoi.elections.services.testing import election_test_open

    election, head, client, folder = desk
    election_test_open(actor=head, election=election)
    page = client.get(reverse("scan_upload", args=[election.pk])).content.decode()
    assert "ĐANG CHẠY THỬ" in page
    client.post(reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])})
    run_ready()
    job = ScanImportJob.objects.get()
    assert job.state == "done" and job.counted == 0 and job.flagged == 1
    assert not CastBallot.objects.exists()


def test_scans_uploaded_before_a_test_is_cleared_are_not_read_into_the_real_count(
    desk: Any,
) -> None:
    """Uploaded during a test, read after it was cleared (or the other way round): refused,
    so that a test's scans never land in the real count."""
    from daihoi.elections.services.testing import election_test_clear, election_test_open

    election, head, client, folder = desk
    election_test_open(actor=head, election=election)
    client.post(reverse("scan_upload", args=[election.pk]), {"files": _files(folder, ["01.png"])})
    election_test_clear(actor=head, election=election)
    run_ready()
    job = ScanImportJob.objects.get()
    assert (job.state, job.failure) == ("failed", "refused")
    assert "chạy thử" in job.error
    assert not ScannedBallot.objects.exists() and not Batch.objects.exists()


def test_a_test_cleared_while_its_scans_are_read_stores_none_of_them(desk: Any) -> None:
    """The reading takes minutes: a test cleared meanwhile must not leave its MẪU THỬ
    ballots, read clean by the test's definition, counted in the real count."""
    from unittest import mock

    from daihoi.elections import scanning
    from daihoi.elections.services.testing import election_test_clear, election_test_open

    election, head, _client, folder = desk
    election_test_open(actor=head, election=election)
    definition = scan_jobs.election_definition(election)
    real_read = scanning.read_ballots

    def clearing_midway(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        election_test_clear(actor=head, election=election)
        yield from real_read(*args, **kwargs)

    with (
        mock.patch.object(scanning, "read_ballots", clearing_midway),
        pytest.raises(scanning.ValidationError),
    ):
        scanning.scan_import(
            actor=head,
            election=election,
            paths=[str(folder / "01.png")],
            definition=definition,
            workers=1,
        )
    assert not Batch.objects.exists() and not CastBallot.objects.exists()
    assert not ScannedBallot.objects.exists()


def test_pages_scanned_one_bit_are_counted_and_the_desk_told_to_scan_in_gray(desk: Any) -> None:
    election, _head, client, folder = desk
    gray = cv2.cvtColor(cv2.imread(str(folder / "02.png")), cv2.COLOR_BGR2GRAY)
    _, one_bit = cv2.threshold(gray, 150, 255, cv2.THRESH_BINARY)
    ok, png = cv2.imencode(".png", one_bit)
    assert ok
    files = [SimpleUploadedFile("bw.png", png.tobytes()), *_files(folder, ["01.png"])]
    client.post(reverse("scan_upload", args=[election.pk]), {"files": files})
    assert run_ready() == 1
    job = ScanImportJob.objects.get()
    assert (job.state, job.done, job.one_bit) == ("done", 2, 1)
    form = client.get(reverse("scan_upload", args=[election.pk])).content.decode()
    assert "Hãy quét ở chế độ màu (hoặc xám), từ 200 dpi trở lên" in form  # said before, too
    status = client.get(reverse("scan_job_status", args=[election.pk, job.pk])).content.decode()
    assert "1 trang được quét đen trắng (1 bit)" in status
    assert "Các tập sau hãy quét ở chế độ xám hoặc màu, 200 dpi" in status
