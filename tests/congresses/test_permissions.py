"""Every page and action of the congress in session, for every persona (the hall's matrix).

The hall is the presidium's and the secretariat's (Perm.HALL: the unit's office,
the congress's secretariat); a viewer or a counting clerk sees the projector
only. A delegate's phone pages need no login: the link is the credential, so
they answer every persona alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congresses import services, voting
from daihoi.congresses.models import PassReissue, Speech
from tests.congresses.conftest import Hall
from tests.permissions import REFUSED, assert_nothing_changed, db_snapshot


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[Hall], str]
    method: str
    allowed: dict[str, int]  # persona -> status; others get 404
    public: bool = False  # a phone page: no login, the same answer for everyone
    data: dict[str, str] | None = None  # a POST's body


SEES = ["province_officer", "commune_officer", "province_viewer", "clerk", "secretary"]
EVERYONE = [*SEES, "sibling_officer", "outsider"]
HALL = ("province_officer", "commune_officer", "secretary")


def only(status: int, *who: str, refused: int = 403) -> dict[str, int]:
    return {p: (status if p in who else refused) for p in SEES}


def all_get(status: int) -> dict[str, int]:
    return dict.fromkeys(EVERYONE, status)


def h(name: str, *args: Callable[[Hall], object]) -> Callable[[Hall], str]:
    def url(hall: Hall) -> str:
        return reverse(name, args=[hall.congress.pk, *(a(hall) for a in args)])

    return url


def sitting(hall: Hall) -> int:
    return hall.sitting.pk


def delegate(hall: Hall) -> int:
    return hall.delegates[0].pk


def deduction(hall: Hall) -> int:
    return hall.congress.deductions.get().pk


def item(hall: Hall) -> int:
    return hall.item.pk


def speaker(hall: Hall) -> int:
    return hall.speaker.pk


def hands(hall: Hall) -> int:
    return hall.hands.pk


def electronic(hall: Hall) -> int:
    return hall.electronic.pk


def reissue(hall: Hall) -> int:
    """A request for a new link of delegate 3, asked by the secretariat."""
    waiting = PassReissue.objects.filter(delegate=hall.delegates[2], status="asked").first()
    if waiting is None:
        waiting = voting.pass_reissue_ask(
            actor=hall.secretary, delegate=hall.delegates[2], reason="mất máy"
        )
    return waiting.pk


def speech(hall: Hall) -> int:
    """An accepted speech by delegate 2, registered by the secretariat."""
    found = Speech.objects.filter(congress=hall.congress).first()
    if found is None:
        found = services.speech_register(
            actor=hall.secretary,
            congress=hall.congress,
            delegate=hall.delegates[1],
            title="Tham luận về chuyển đổi số",
            text="Kính thưa Đại hội.",
        )
        services.speech_accept(actor=hall.secretary, speech=found)
    return found.pk


def token(hall: Hall) -> str:
    return voting.pass_token(hall.delegates[1])


CASES = [
    Case("hall_home", h("hall_home"), "get", only(200, *HALL)),
    Case("hall_settings", h("hall_settings"), "post", only(302, *HALL)),
    Case("hall_sitting_add", h("hall_sitting_add"), "post", only(302, *HALL)),
    Case("hall_sitting_open", h("hall_sitting_open", sitting), "post", only(302, *HALL)),
    Case("hall_sitting_close", h("hall_sitting_close", sitting), "post", only(302, *HALL)),
    Case("hall_delegates", h("hall_delegates"), "get", only(200, *HALL)),
    Case("hall_delegate_add", h("hall_delegate_add"), "post", only(302, *HALL)),
    Case("hall_delegates_import", h("hall_delegates_import"), "post", only(302, *HALL)),
    Case("hall_delegates_members", h("hall_delegates_members"), "post", only(302, *HALL)),
    Case("hall_delegate_edit", h("hall_delegate_edit", delegate), "get", only(200, *HALL)),
    Case("hall_pass_reissue", h("hall_pass_reissue", delegate), "post", only(302, *HALL)),
    Case(
        "hall_pass_reissue_confirm",
        h("hall_pass_reissue_confirm", reissue),
        "post",
        only(302, *HALL),
    ),
    Case(
        "hall_pass_reissue_cancel", h("hall_pass_reissue_cancel", reissue), "post", only(302, *HALL)
    ),
    Case("hall_checkin_undo", h("hall_checkin_undo", delegate), "post", only(302, *HALL)),
    Case("hall_deduction_add", h("hall_deduction_add"), "post", only(302, *HALL)),
    Case("hall_deduction_remove", h("hall_deduction_remove", deduction), "post", only(302, *HALL)),
    Case("hall_credentials", h("hall_credentials"), "get", only(200, *HALL)),
    Case("hall_cards_pdf", h("hall_cards_pdf"), "get", only(200, *HALL)),
    Case("hall_passes_pdf", h("hall_passes_pdf"), "get", only(200, *HALL)),
    Case("hall_desk", h("hall_desk"), "get", only(200, *HALL)),
    Case("hall_checkin", h("hall_checkin"), "post", only(200, *HALL)),
    Case("hall_search", h("hall_search"), "get", only(200, *HALL)),
    Case("hall_attendance", h("hall_attendance"), "get", only(200, *HALL)),
    Case("hall_absence", h("hall_absence", sitting), "post", only(302, *HALL)),
    Case("hall_agenda", h("hall_agenda"), "get", only(200, *HALL)),
    Case("hall_item_add", h("hall_item_add"), "post", only(302, *HALL)),
    Case("hall_item_start", h("hall_item_start", item), "post", only(302, *HALL)),
    Case("hall_item_finish", h("hall_item_finish", item), "post", only(302, *HALL)),
    Case("hall_speaker_add", h("hall_speaker_add", item), "post", only(302, *HALL)),
    Case("hall_speaker_set", h("hall_speaker_set", speaker), "post", only(302, *HALL)),
    # Speeches (tham luận): the secretariat's; the projector shows the one being given.
    Case("hall_speeches", h("hall_speeches"), "get", only(200, *HALL)),
    Case("hall_speech_add", h("hall_speech_add"), "post", only(302, *HALL)),
    Case("hall_speech", h("hall_speech", speech), "get", only(200, *HALL)),
    Case("hall_speech_accept", h("hall_speech_accept", speech), "post", only(302, *HALL)),
    Case(
        "hall_speech_decline",
        h("hall_speech_decline", speech),
        "post",
        only(302, *HALL),
        data={"reason": "Trùng nội dung"},
    ),
    Case("hall_speech_reconsider", h("hall_speech_reconsider", speech), "post", only(302, *HALL)),
    Case(
        "hall_speech_move",
        h("hall_speech_move", speech),
        "post",
        only(302, *HALL),
        data={"direction": "up"},
    ),
    Case(
        "hall_speech_minutes",
        h("hall_speech_minutes", speech),
        "post",
        only(302, *HALL),
        data={"minutes": "9"},
    ),
    Case("hall_speech_start", h("hall_speech_start", speech), "post", only(302, *HALL)),
    Case("hall_speech_stop", h("hall_speech_stop", speech), "post", only(302, *HALL)),
    Case("hall_speeches_docx", h("hall_speeches_docx"), "get", only(200, *HALL)),
    Case("hall_votes", h("hall_votes"), "get", only(200, *HALL)),
    Case("hall_vote_add", h("hall_vote_add"), "post", only(302, *HALL)),
    Case("hall_vote", h("hall_vote", hands), "get", only(200, *HALL)),
    Case("hall_vote_live", h("hall_vote_live", electronic), "get", only(200, *HALL)),
    Case("hall_vote_open", h("hall_vote_open", electronic), "post", only(302, *HALL)),
    Case(
        "hall_vote_close",
        h("hall_vote_close", electronic),
        "post",
        only(302, *HALL),
        data={"confirmed": "yes"},
    ),
    # Closing is final: an unconfirmed POST only asks.
    Case(
        "hall_vote_close (asks first)", h("hall_vote_close", electronic), "post", only(200, *HALL)
    ),
    Case("hall_vote_hands", h("hall_vote_hands", hands), "post", only(302, *HALL)),
    # The projector shows what the hall sees: everyone who sees the congress.
    Case("hall_screen", h("hall_screen"), "get", only(200, *SEES)),
    Case("hall_screen_live", h("hall_screen_live"), "get", only(200, *SEES)),
    Case("hall_minutes_pdf", h("hall_minutes_pdf"), "get", only(200, *HALL)),
    Case("hall_minutes_docx", h("hall_minutes_docx"), "get", only(200, *HALL)),
    Case("hall_credentials_pdf", h("hall_credentials_pdf"), "get", only(200, *HALL)),
    Case("hall_credentials_docx", h("hall_credentials_docx"), "get", only(200, *HALL)),
    Case("hall_resolution_pdf", h("hall_resolution_pdf"), "get", only(200, *HALL)),
    Case("hall_resolution_docx", h("hall_resolution_docx"), "get", only(200, *HALL)),
    # The phone: a valid link asks to confirm the phone; without the phone's cookie the
    # live view and the cast are refused, whoever is logged in.
    Case(
        "ballot_pass",
        lambda hl: reverse("ballot_pass", args=[token(hl)]),
        "get",
        all_get(200),
        public=True,
    ),
    Case(
        "ballot_pass (forged)",
        lambda hl: reverse("ballot_pass", args=["2.1.AAAAAAAAAAAAAAAAAAAAAAAA"]),
        "get",
        all_get(404),
        public=True,
    ),
    # A speech from the phone: an unconfirmed link is sent to confirm the phone first.
    Case(
        "ballot_speech",
        lambda hl: reverse("ballot_speech", args=[token(hl)]),
        "get",
        all_get(302),
        public=True,
    ),
    Case(
        "ballot_speech (forged)",
        lambda hl: reverse("ballot_speech", args=["2.1.AAAAAAAAAAAAAAAAAAAAAAAA"]),
        "post",
        all_get(404),
        public=True,
    ),
    Case(
        "ballot_live",
        lambda hl: reverse("ballot_live", args=[token(hl)]),
        "get",
        all_get(403),
        public=True,
    ),
    Case(
        "ballot_cast",
        lambda hl: reverse("ballot_cast", args=[token(hl), hl.electronic.pk]),
        "post",
        all_get(403),
        public=True,
    ),
]


@pytest.fixture
def hall_open(hall: Hall) -> Hall:
    """The electronic vote open, delegate 1 checked in (so undo has something to undo)."""
    services.checkin(actor=None, congress=hall.congress, code=hall.delegates[0].code)
    services.vote_open(actor=None, vote=hall.electronic)
    return hall


def persona(hall: Hall, name: str):  # type: ignore[no-untyped-def]
    return hall.secretary if name == "secretary" else getattr(hall.tree, name)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("who", EVERYONE)
def test_each_persona_reaches_only_what_its_role_allows(
    hall_open: Hall, case: Case, who: str
) -> None:
    client = Client()
    client.force_login(persona(hall_open, who))
    expected = case.allowed.get(who, 404)
    url = case.url(hall_open)  # building the URL may create what it points to
    refused_post = case.method == "post" and expected in REFUSED
    before = db_snapshot() if refused_post else None
    if case.method == "post":
        response = client.post(url, case.data or {})
    else:
        response = getattr(client, case.method)(url)
    assert response.status_code == expected, (who, case.name)
    if before is not None:
        assert_nothing_changed(before, (who, case.name))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_visitors_are_sent_to_log_in_except_on_the_phone(
    hall_open: Hall, case: Case
) -> None:
    response = getattr(Client(), case.method)(case.url(hall_open))
    if case.public:
        assert response.status_code == case.allowed["outsider"]
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]
