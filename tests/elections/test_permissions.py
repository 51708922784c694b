"""Every election page and action, for every persona (the counting room's matrix).

Counting pages are the counting committee's alone: a unit's office sets the
election up and reads the sealed result, but does not reach the count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.elections import services
from daihoi.elections.models import Batch, ScanImportJob, ScannedBallot, Stream
from tests.elections.conftest import Room, approve
from tests.permissions import REFUSED, assert_nothing_changed, db_snapshot


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[Room], str]
    method: str
    allowed: dict[str, int]  # persona -> status; others get 404
    data: dict[str, str] | None = None  # a POST's body


#: An irreversible action asks first; this is the answer "yes" of its confirmation page.
CONFIRMED = {"confirmed": "yes"}


SEES = ["province_officer", "commune_officer", "province_viewer", "clerk1", "head", "secretary"]


def only(status: int, *who: str, refused: int = 403) -> dict[str, int]:
    """``who`` get ``status``; everyone else who sees the congress gets ``refused``."""
    return {p: (status if p in who else refused) for p in SEES}


SETUP = ("province_officer", "commune_officer", "secretary")
COUNT = ("clerk1", "head")


def e(name: str, *args: object) -> Callable[[Room], str]:
    def url(r: Room) -> str:
        values = [a(r) if callable(a) else a for a in args]
        return reverse(name, args=[r.election.pk, *values])

    return url


def first_candidate(r: Room) -> int:
    return r.election.candidates.first().pk  # type: ignore[union-attr]


def first_deduction(r: Room) -> int:
    return r.election.deductions.first().pk  # type: ignore[union-attr]


def the_batch(r: Room) -> int:
    return Batch.objects.get(election=r.election, source="entry").pk


def clerk1_stream(r: Room) -> int:
    return Stream.objects.get(clerk=r.clerk1).pk


def the_scan(r: Room) -> int:
    return ScannedBallot.objects.get(election=r.election).pk


def a_scan_job(r: Room) -> int:
    """Scans the head uploaded (not queued: its page shows it waiting)."""
    job = ScanImportJob.objects.filter(election=r.election).first()
    if job is None:
        job = ScanImportJob.objects.create(
            election=r.election, user=r.head, folder="x", names=["a.png"]
        )
    return job.pk


CASES = [
    Case(
        "election_create",
        lambda r: reverse("election_create", args=[r.tree.congress_A.pk]),
        "get",
        only(200, *SETUP),
    ),
    Case("election_detail", e("election_detail"), "get", only(200, *SEES)),
    Case("election_edit", e("election_edit"), "get", only(200, *SETUP)),
    Case("candidate_add", e("candidate_add"), "post", only(302, *SETUP)),
    Case("candidates_import", e("candidates_import"), "post", only(302, *SETUP)),
    Case("candidates_from_delegates", e("candidates_from_delegates"), "get", only(200, *SETUP)),
    Case("candidate_remove", e("candidate_remove", first_candidate), "post", only(302, *SETUP)),
    Case("candidate_withdraw", e("candidate_withdraw", first_candidate), "post", only(302, *SETUP)),
    Case("deduction_add", e("deduction_add"), "post", only(302, *SETUP)),
    Case("deduction_remove", e("deduction_remove", first_deduction), "post", only(302, *SETUP)),
    Case("list_vote", e("list_vote"), "post", only(302, *SETUP)),
    # Counting has begun in this room: the correction page sends back to the election.
    Case("list_vote_correct", e("list_vote_correct"), "get", only(302, *SETUP)),
    Case("election_next_round", e("election_next_round"), "post", only(302, *SETUP)),
    Case("election_file", e("election_file"), "get", only(200, *SEES)),
    Case("election_ballot_pdf", e("election_ballot_pdf"), "get", only(200, *SEES)),
    Case("count_home", e("count_home"), "get", only(200, *COUNT)),
    Case("batch_join", e("batch_join", the_batch), "post", only(302, *COUNT)),
    # A clerk's entry is theirs alone, not even the head's.
    Case("stream_entry", e("stream_entry", clerk1_stream), "get", only(200, "clerk1")),
    Case("stream_undo", e("stream_undo", clerk1_stream), "post", only(302, "clerk1")),
    Case("stream_close", e("stream_close", clerk1_stream), "post", only(302, "clerk1"), CONFIRMED),
    Case(
        "stream_close (asks first)", e("stream_close", clerk1_stream), "post", only(200, "clerk1")
    ),
    Case("batches", e("batches"), "get", only(200, "head")),
    Case("batch_open", e("batch_open"), "post", only(302, "head")),
    Case("batch_resolve", e("batch_resolve", the_batch), "get", only(200, "head")),
    Case("election_finalise", e("election_finalise"), "post", only(302, "head"), CONFIRMED),
    Case("election_finalise (asks first)", e("election_finalise"), "post", only(200, "head")),
    Case("election_reopen", e("election_reopen"), "post", only(302, "head")),
    Case("election_minutes_details", e("election_minutes_details"), "post", only(302, "head")),
    # The head's backup to the USB folder (unconfigured here: refused with its reason; the
    # written backup is in tests/elections/test_backup_desk.py).
    Case("election_backup", e("election_backup"), "post", only(302, "head")),
    # Before the seal, the running count is the counting committee's only.
    Case("election_result", e("election_result"), "get", only(200, *COUNT)),
    Case("election_minutes_pdf", e("election_minutes_pdf"), "get", only(403)),
    Case("election_minutes_docx", e("election_minutes_docx"), "get", only(403)),
    # The signed package is the counting head's to send up, once sealed (403 before;
    # the sealed download is in tests/elections/test_packages.py).
    Case("election_package", e("election_package"), "get", only(403)),
    # Scanned ballots are adjudicated by the counting committee.
    Case("review_next", e("review_next"), "get", only(200, *COUNT)),
    Case("review_decide", e("review_decide", the_scan), "post", only(302, *COUNT)),
    Case("review_image", e("review_image", the_scan), "get", only(200, *COUNT)),
    Case("review_crop", e("review_crop", the_scan, "1"), "get", only(200, *COUNT)),
    Case("review_blank", e("review_blank", "1"), "get", only(200, *COUNT)),
    # Scans are uploaded and their reading followed by the head (who opens batches).
    Case("scan_upload", e("scan_upload"), "get", only(200, "head")),
    Case("scan_upload (no file)", e("scan_upload"), "post", only(400, "head")),
    Case("scan_job", e("scan_job", a_scan_job), "get", only(200, "head")),
    Case("scan_job_status", e("scan_job_status", a_scan_job), "get", only(200, "head")),
    # Test mode is the counting head's (the count has started in this room: opening a
    # test, the report and clearing are refused with their reason, a redirect).
    Case("election_test", e("election_test"), "get", only(200, "head")),
    Case("election_test_open", e("election_test_open"), "post", only(302, "head"), CONFIRMED),
    Case("election_test_open (asks first)", e("election_test_open"), "post", only(200, "head")),
    Case("election_test_ballot", e("election_test_ballot"), "get", only(200, "head")),
    Case("election_test_expected", e("election_test_expected"), "post", only(302, "head")),
    Case("election_test_report", e("election_test_report"), "get", only(302, "head")),
    Case("election_test_clear", e("election_test_clear"), "post", only(302, "head"), CONFIRMED),
    Case("election_test_clear (asks first)", e("election_test_clear"), "post", only(200, "head")),
    Case("election_test_deck", e("election_test_deck"), "get", only(200, "head")),
    Case("election_test_deck_ballots", e("election_test_deck_ballots"), "get", only(200, "head")),
]


@pytest.fixture
def counting_room(room: Room, settings, tmp_path) -> Room:  # type: ignore[no-untyped-def]
    approve(room)
    settings.BACKUP_DIR = ""
    batch = services.batch_open(actor=room.head, election=room.election)
    services.stream_join(clerk=room.clerk1, batch=batch)
    # A flagged scan with its stored image, for the adjudication pages.
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "scan.png").write_bytes(_png())
    scans = Batch.objects.create(election=room.election, number=2, source="scan", status="review")
    ScannedBallot.objects.create(
        election=room.election,
        batch=scans,
        ref="scan.png",
        image="scan.png",
        # Registered: the corner squares' centres on the (tiny) image, for the crops.
        reading={
            "pages": [
                {
                    "side": 1,
                    "registration": {"fiducials": [[2, 2], [28, 2], [28, 38], [2, 38]]},
                    "rows": [],
                }
            ]
        },
        review=["doubtful_row"],
        status="review",
    )
    return room


def _png() -> bytes:
    import cv2
    import numpy as np

    ok, data = cv2.imencode(".png", np.full((40, 30), 255, dtype=np.uint8))
    assert ok
    return bytes(data)


def persona(room: Room, name: str):  # type: ignore[no-untyped-def]
    return getattr(room.tree, name, None) or getattr(room, name)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("who", [*SEES, "sibling_officer", "outsider"])
def test_each_persona_reaches_only_what_its_role_allows(
    counting_room: Room, case: Case, who: str
) -> None:
    client = Client()
    client.force_login(persona(counting_room, who))
    expected = case.allowed.get(who, 404)
    url = case.url(counting_room)  # building the URL may create what it points to
    before = db_snapshot() if case.method == "post" and expected in REFUSED else None
    response = client.post(url, case.data or {}) if case.method == "post" else client.get(url)
    assert response.status_code == expected, (who, case.name)
    if before is not None:
        assert_nothing_changed(before, (who, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_visitors_are_sent_to_log_in(counting_room: Room, case: Case) -> None:
    response = getattr(Client(), case.method)(case.url(counting_room))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_sealed_result_and_minutes_are_readable_by_all_who_see_the_congress(
    counting_room: Room,
) -> None:
    room = counting_room
    Batch.objects.filter(election=room.election, source="scan").delete()
    batch = Batch.objects.get(election=room.election, source="entry")
    stream1 = Stream.objects.get(clerk=room.clerk1)
    services.entry_save(actor=room.clerk1, stream_id=stream1.pk, text="1")
    stream2 = services.stream_join(clerk=room.clerk2, batch=batch)
    services.entry_save(actor=room.clerk2, stream_id=stream2.pk, text="1")
    services.stream_close(clerk=room.clerk1, stream=stream1)
    services.stream_close(clerk=room.clerk2, stream=stream2)
    services.election_finalise(actor=room.head, election=room.election)
    for who in ("province_viewer", "commune_officer", "clerk1"):
        client = Client()
        client.force_login(persona(room, who))
        assert client.get(reverse("election_result", args=[room.election.pk])).status_code == 200
        pdf = client.get(reverse("election_minutes_pdf", args=[room.election.pk]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        docx = client.get(reverse("election_minutes_docx", args=[room.election.pk]))
        assert docx.status_code == 200 and docx.content.startswith(b"PK")  # a zip, as docx is
    outsider = Client()
    outsider.force_login(room.tree.outsider)
    assert outsider.get(reverse("election_minutes_pdf", args=[room.election.pk])).status_code == 404
