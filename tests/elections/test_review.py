"""Adjudicating flagged scans: crops beside the blank, one key accepts, row numbers correct."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import cv2
import numpy as np
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.audit.models import AuditEntry
from daihoi.core.scanning.readings import DoubtReason
from daihoi.elections import services
from daihoi.elections.definition import election_definition
from daihoi.elections.models import CastBallot, Election, ScannedBallot, ScanStatus
from daihoi.elections.scan_views import doubt_label, not_shown_words
from daihoi.elections.scanning import scan_decide, scan_import
from tests.elections.test_scanning import scan_room, write_scans  # noqa: F401 - the fixture


def flagged_ballots(election: Election, tmp: Path) -> None:
    """Three flagged ballots waiting: a short stroke on row 3, no stamp, an unreadable file."""
    write_scans(election, tmp / "scans")
    scan_import(
        actor=None,
        election=election,
        paths=[str(tmp / "scans")],
        definition=election_definition(election),
        workers=1,
    )


@pytest.fixture
def flagged(scan_room):  # type: ignore[no-untyped-def]  # noqa: F811
    election, head, tmp = scan_room
    flagged_ballots(election, tmp)
    client = Client()
    client.force_login(head)
    return election, client, tmp


def waiting(election: Election) -> list[ScannedBallot]:
    return list(election.scans.filter(status=ScanStatus.REVIEW).order_by("pk"))


def decide(client: Client, election: Election, scanned: ScannedBallot, fix: str, **more: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("review_decide", args=[election.pk, scanned.pk]),
        {"fix": fix, **more},
        HTTP_HX_REQUEST="true",
    )


def gray(png: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    return image.astype(np.float32)


def test_each_doubtful_row_is_shown_beside_the_blank_with_the_suggestion_and_why(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    assert first.ref.endswith("03.png")
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert reverse("review_crop", args=[election.pk, first.pk, 3]) in page
    assert reverse("review_blank", args=[election.pk, 3]) in page
    assert "Dòng 3 trên phiếu đã quét" in page  # each crop is labelled for a screen reader
    assert "Máy đọc đề nghị" in page and "giữ lại" in page  # a short stroke: suggested kept
    # Why, in the reader's own words: ink that is no stroke through the whole name.
    assert "nhưng không thành nét gạch qua cả họ tên" in page
    assert "Chữ đậm hơn bình thường" not in page
    assert 'id="fix"' in page and "review.js" in page
    # The next ballot's crops are asked for ahead of time.
    second = waiting(election)[1]
    assert reverse("review_crop", args=[election.pk, second.pk, "stamp"]) in page


def test_the_review_page_names_the_word_a_lifted_pen_left_standing(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    reading = first.reading
    row = next(r for p in reading["pages"] for r in p.get("rows", []) if r["number"] == 3)
    name = next(c.full_name for c in election.candidates.all() if c.code == row["id"]).split()
    row.update(reason="split", words={"not_shown": [1], "of": len(name)})
    first.reading = reading
    first.save(update_fields=["reading"])
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert f"Nét gạch đứt bên chữ “{name[1]}”" in page


def test_a_page_not_printed_from_this_list_says_so_not_corner_squares(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    reading = first.reading
    page_reading = reading["pages"][0]
    # Aligned by its squares, its printing another list's (or another font's).
    page_reading.update(status="unregistered", review=["unregistered"], print_match=0.14)
    first.reading, first.review = reading, ["unregistered"]
    first.save(update_fields=["reading", "review"])
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "Chữ in trên phiếu không khớp với phiếu trắng của danh sách này (14%)" in page
    assert "bằng phông chữ khác" in page
    assert "không thấy các ô vuông ở góc" not in page
    # A page whose squares were not found: the reason stays what it was.
    del page_reading["print_match"]
    first.reading = reading
    first.save(update_fields=["reading"])
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert "Không căn được trang (không thấy các ô vuông ở góc)" in page
    assert "Chữ in trên phiếu không khớp" not in page


@pytest.mark.parametrize("code", [*get_args(DoubtReason), "undecided"])
def test_every_reason_the_reader_gives_is_worded_for_the_committee(code: str) -> None:
    with translation.override("en"):
        english = doubt_label(code, None, 1.25)
    with translation.override("vi"):
        vietnamese = doubt_label(code, None, 1.25)
    assert english != code and vietnamese not in (code, english)


@pytest.mark.parametrize("code", ["unseen", "split"])
def test_the_word_a_stroke_does_not_show_in_is_named(code: str) -> None:
    words = not_shown_words("Trần Minh Hùng", (1,), 3)
    assert words == "“Minh”"
    with translation.override("vi"):
        label = doubt_label(code, None, 0.0, words)
    assert "chữ “Minh”" in label
    assert label != doubt_label(code, None, 0.0)
    assert not_shown_words("Trần Minh Hùng", (0, 2), 3) == "“Trần”, “Hùng”"


def test_no_word_is_named_when_the_printing_counted_other_words() -> None:
    # The reader found two printed words where the name has three: which is which
    # cannot be told, and the label names no word, as before.
    assert not_shown_words("Trần Minh Hùng", (1,), 2) == ""
    assert not_shown_words("Trần Minh Hùng", (), 3) == ""
    assert not_shown_words("Trần Minh Hùng", (3,), 3) == ""


def test_a_marks_ink_is_written_with_the_languages_decimal_mark() -> None:
    with translation.override("vi"):
        assert "(1,2 mm²)" in doubt_label("mark", None, 1.25)
    with translation.override("en"):
        assert "(1.2 mm²)" in doubt_label("mark", None, 1.25)


def test_enter_with_nothing_typed_accepts_the_suggestion_and_shows_the_next(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first, second = waiting(election)[:2]
    before = CastBallot.objects.count()
    answer = decide(client, election, first, "")
    assert answer.status_code == 200
    assert second.ref in answer.content.decode() and "<html" not in answer.content.decode()
    first.refresh_from_db()
    assert first.status == ScanStatus.DECIDED and first.decision == {"crossed": []}
    assert CastBallot.objects.count() == before + 1
    entry = AuditEntry.objects.get(action="scan.decide")
    assert entry.after["reason"] == "Chấp nhận đề nghị của máy đọc"


def test_typed_row_numbers_correct_the_suggestion(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    decide(client, election, first, "3", note="Nét ngắn nhưng rõ ý gạch")
    first.refresh_from_db()
    ids = services.candidate_ids(election)
    assert first.decision == {"crossed": [ids[2]]}
    assert first.reason == "Sửa đề nghị của máy đọc ở dòng 3: Nét ngắn nhưng rõ ý gạch"


def test_a_ballot_without_its_stamp_is_accepted_as_not_issued(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first, second = waiting(election)[:2]
    decide(client, election, first, "")
    page = client.get(reverse("review_next", args=[election.pk])).content.decode()
    assert reverse("review_crop", args=[election.pk, second.pk, "stamp"]) in page
    decide(client, election, second, "")
    second.refresh_from_db()
    assert second.decision is not None and second.decision["defects"] == ["not_issued"]


def test_a_correction_that_cannot_be_read_records_nothing_and_says_why(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    before = CastBallot.objects.count()
    answer = decide(client, election, first, "3 9")
    body = answer.content.decode()
    assert "nằm ngoài 1–5" in body and 'value="3 9"' in body
    first.refresh_from_db()
    assert first.status == ScanStatus.REVIEW and CastBallot.objects.count() == before
    assert not AuditEntry.objects.filter(action="scan.decide").exists()


def test_a_page_that_was_not_read_must_be_typed_in_full(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    for scanned in waiting(election)[:2]:
        decide(client, election, scanned, "")
    unread = waiting(election)[0]
    assert unread.read is None
    answer = decide(client, election, unread, "")
    assert "gõ các số" in answer.content.decode()
    decide(client, election, unread, "2 5")
    unread.refresh_from_db()
    assert unread.status == ScanStatus.DECIDED and len(unread.decision["crossed"]) == 2


def test_a_ballot_decided_at_another_desk_is_not_decided_twice(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first, second = waiting(election)[:2]
    definition = election_definition(election)
    scan_decide(
        actor=None,
        scanned=first,
        text="0",
        reason="Bàn bên cạnh đã quyết định",
        definition=definition,
        ids=services.candidate_ids(election, definition),
    )
    count = CastBallot.objects.count()
    answer = decide(client, election, first, "3")
    assert second.ref in answer.content.decode()
    assert CastBallot.objects.count() == count


def test_an_unmarked_rows_crop_matches_the_blanks_and_a_struck_one_does_not(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]

    def difference(area: str) -> float:
        scan = client.get(reverse("review_crop", args=[election.pk, first.pk, area]))
        blank = client.get(reverse("review_blank", args=[election.pk, area]))
        assert scan["Content-Type"] == blank["Content-Type"] == "image/png"
        a, b = gray(scan.content), gray(blank.content)
        assert a.shape == b.shape
        return float(np.mean(np.abs(a - b)))

    assert difference("1") < difference("3")
    assert difference("1") < 12.0


def test_showing_crops_stores_nothing(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, tmp = flagged
    first = waiting(election)[0]
    files = sorted(p for p in Path(tmp / "media").rglob("*"))
    readings = list(ScannedBallot.objects.values_list("reading", "review", "read"))
    for area in ("1", "3", "stamp"):
        assert (
            client.get(reverse("review_crop", args=[election.pk, first.pk, area])).status_code
            == 200
        )
    assert sorted(p for p in Path(tmp / "media").rglob("*")) == files
    assert list(ScannedBallot.objects.values_list("reading", "review", "read")) == readings


def test_an_area_that_is_not_on_the_ballot_is_not_found(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    first = waiting(election)[0]
    assert client.get(reverse("review_crop", args=[election.pk, first.pk, "99"])).status_code == 404
    assert client.get(reverse("review_blank", args=[election.pk, "99"])).status_code == 404
    unread = waiting(election)[2]
    assert client.get(reverse("review_crop", args=[election.pk, unread.pk, "1"])).status_code == 404


def test_a_stray_page_is_rejected_with_a_reason_even_without_a_note(flagged) -> None:  # type: ignore[no-untyped-def]
    election, client, _ = flagged
    unread = waiting(election)[2]
    count = CastBallot.objects.count()
    decide(client, election, unread, "", action="reject")
    unread.refresh_from_db()
    assert unread.status == ScanStatus.REJECTED and unread.reason
    assert CastBallot.objects.count() == count
    assert AuditEntry.objects.filter(action="scan.reject").count() == 1


def test_the_review_page_asks_the_database_a_bounded_number_of_times(  # type: ignore[no-untyped-def]
    flagged, django_assert_max_num_queries
) -> None:
    election, client, _ = flagged
    client.get(reverse("review_next", args=[election.pk]))  # sessions, caches warmed
    # 17: one of them asks whether a test run is open (the definition counted by).
    with django_assert_max_num_queries(17):
        client.get(reverse("review_next", args=[election.pk]), HTTP_HX_REQUEST="true")
