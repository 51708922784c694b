"""The counting minutes state the ballots issued and the committee by the
members' own names, as the head records them before the seal."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from daihoi.elections import services
from daihoi.elections.models import Election
from tests.elections.conftest import Room, approve
from tests.elections.test_counting import count_batch


def minutes_text(room: Room) -> str:
    client = Client()
    client.force_login(room.head)
    response = client.get(reverse("election_minutes_docx", args=[room.election.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def counted(room: Room) -> None:
    approve(room)
    count_batch(room, ["1", "2", "1 2"], ["1", "2", "1 2"])


def test_the_head_records_the_issued_ballots_and_the_committee_for_the_minutes(
    room: Room,
) -> None:
    counted(room)
    room.head.full_name = "Thành viên Ban kiểm phiếu"  # an account's display name
    room.head.save()
    client = Client()
    client.force_login(room.head)
    response = client.post(
        reverse("election_minutes_details", args=[room.election.pk]),
        {
            "ballots_issued": "9",
            "head": "Phạm  Quốc Việt",
            "deputies": "",
            "members": "Lê Thị Hồng\n\nĐinh Văn Tú\n",
        },
    )
    assert response.status_code == 302
    services.election_finalise(actor=room.head, election=room.election)
    text = minutes_text(room)
    assert "Số phiếu phát ra: 9" in text
    assert "Số phiếu thu vào: 3" in text
    for name in ("Phạm Quốc Việt", "Lê Thị Hồng", "Đinh Văn Tú"):
        assert name in text
    assert "Thành viên Ban kiểm phiếu" not in text.replace("CÁC THÀNH VIÊN BAN KIỂM PHIẾU", "")


def test_the_minutes_keep_a_line_for_the_issued_ballots_when_none_is_recorded(
    room: Room,
) -> None:
    counted(room)
    services.election_finalise(actor=room.head, election=room.election)
    assert "Số phiếu phát ra: …………" in minutes_text(room)


def test_a_committee_with_two_heads_or_a_nameless_member_is_refused(room: Room) -> None:
    for committee in ([("A", "head"), ("B", "head")], [("A", "head"), ("  ", "member")]):
        with pytest.raises(ValidationError):
            services.counting_minutes_set(
                actor=None, election=room.election, ballots_issued=9, committee=committee
            )
    assert Election.objects.get(pk=room.election.pk).counting_committee == []


def test_a_clerk_cannot_record_the_minutes_details(room: Room) -> None:
    client = Client()
    client.force_login(room.clerk1)
    response = client.post(
        reverse("election_minutes_details", args=[room.election.pk]),
        {"ballots_issued": "9", "head": "Phạm Quốc Việt"},
    )
    assert response.status_code == 403
    assert Election.objects.get(pk=room.election.pk).ballots_issued is None
