"""Electronic votes: one per present delegate, results hidden until closed, and the link's rules.

A vote link cannot be used twice, by another person (another phone), or after
the vote closes; forged and replayed requests are refused and logged. A secret
vote leaves no link between a voter and a choice in any table.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from daihoi.accounts.services import congress_role_grant
from daihoi.audit.models import AuditEntry
from daihoi.congresses import services, voting
from daihoi.congresses.models import Delegate, ProceduralVote, VoteCast
from tests.congresses.conftest import Hall, check_in_all
from tests.factories import UserFactory


def cast(client: Client, token: str, vote: ProceduralVote, choice: str) -> Any:
    return client.post(reverse("ballot_cast", args=[token, vote.pk]), {"choice": choice})


def refusals(reason: str) -> list[dict[str, Any]]:
    return [
        e.after
        for e in AuditEntry.objects.filter(action="vote.refused")
        if e.after and e.after["reason"] == reason
    ]


@pytest.fixture
def voting_hall(hall: Hall) -> Hall:
    check_in_all(hall, range(9))  # no. 10 absent; the alternate in his place checks in
    check_in_all(hall, [10])
    services.vote_open(actor=hall.secretary, vote=hall.electronic)
    hall.electronic.refresh_from_db()
    return hall


def test_a_phone_confirms_the_link_once_and_then_sees_the_open_vote(voting_hall: Hall) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[0])
    page = client.get(reverse("ballot_pass", args=[token]))
    text = page.content.decode()
    assert page.status_code == 200 and "Biểu quyết chương trình Đại hội" in text
    assert 'value="agree"' in text
    assert AuditEntry.objects.filter(action="vote_pass.bind").count() == 1


def test_a_present_delegate_votes_once_and_a_second_try_is_refused_and_logged(
    voting_hall: Hall,
) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[0])
    assert cast(client, token, voting_hall.electronic, "agree").status_code == 202  # waits
    again = cast(client, token, voting_hall.electronic, "disagree")
    assert again.status_code == 409 and "đã biểu quyết" in again.content.decode()
    vote = services.vote_close(actor=voting_hall.secretary, vote=voting_hall.electronic)
    again = cast(client, token, voting_hall.electronic, "disagree")
    assert again.status_code == 403
    assert (vote.agree, vote.disagree, vote.abstain) == (1, 0, 0)
    assert refusals("twice")[0]["delegate"] == voting_hall.delegates[0].pk


def test_a_replayed_request_with_the_same_cookies_is_refused(voting_hall: Hall) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[1])
    cookies = {k: v.value for k, v in client.cookies.items()}
    assert cast(client, token, voting_hall.electronic, "agree").status_code == 202
    replay = Client()
    for k, v in cookies.items():
        replay.cookies[k] = v
        replay.cookies[k]["path"] = "/v/"
    assert cast(replay, token, voting_hall.electronic, "agree").status_code == 409
    services.vote_close(actor=voting_hall.secretary, vote=voting_hall.electronic)
    assert ProceduralVote.objects.get(pk=voting_hall.electronic.pk).agree == 1


def test_another_phone_with_the_same_link_is_refused_and_logged(voting_hall: Hall) -> None:
    delegate = voting_hall.delegates[2]
    _owner, token = voting_hall.phone(delegate)
    other = Client()
    assert other.get(reverse("ballot_pass", args=[token])).status_code == 403
    assert other.post(reverse("ballot_pass", args=[token])).status_code == 403
    assert cast(other, token, voting_hall.electronic, "agree").status_code == 403
    other.cookies[voting.DEVICE_COOKIE % delegate.pk] = "guessed-secret"
    assert cast(other, token, voting_hall.electronic, "agree").status_code == 403
    assert len(refusals("foreign_device")) == 4
    assert voting_hall.electronic.casts.count() == 0


def test_a_forged_or_voided_link_is_refused_and_logged(voting_hall: Hall) -> None:
    delegate = voting_hall.delegates[3]
    client, token = voting_hall.phone(delegate)
    pk, generation, mac = token.split(".")
    forged = f"{voting_hall.delegates[4].pk}.{generation}.{mac}"
    assert cast(client, forged, voting_hall.electronic, "agree").status_code == 404
    assert Client().get(f"/v/{pk}.{generation}.{'A' * len(mac)}/").status_code == 404
    asked = voting.pass_reissue_ask(actor=voting_hall.secretary, delegate=delegate, reason="x")
    chair = UserFactory(username="chutich")
    congress_role_grant(actor=None, user=chair, congress=voting_hall.congress, role="presidium")
    voting.pass_reissue_confirm(actor=chair, reissue=asked)
    assert cast(client, token, voting_hall.electronic, "agree").status_code == 404
    assert len(refusals("forged")) == 3
    fresh, new_token = voting_hall.phone(Delegate.objects.get(pk=delegate.pk))
    assert cast(fresh, new_token, voting_hall.electronic, "abstain").status_code == 202


def test_no_vote_is_taken_after_the_vote_closes(voting_hall: Hall) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[5])
    services.vote_close(actor=voting_hall.secretary, vote=voting_hall.electronic)
    late = cast(client, token, voting_hall.electronic, "agree")
    assert late.status_code == 403 and "đã kết thúc" in late.content.decode()
    assert refusals("closed")


def test_only_delegates_present_who_vote_may_vote(voting_hall: Hall) -> None:
    hall = voting_hall
    absent, _t = hall.delegates[9], None
    client, token = hall.phone(absent)
    assert cast(client, token, hall.electronic, "agree").status_code == 403
    assert refusals("absent")
    # The alternate in no. 10's place votes; the other alternate does not.
    client, token = hall.phone(hall.delegates[10])
    assert cast(client, token, hall.electronic, "agree").status_code == 202
    check_in_all(hall, [11])
    client, token = hall.phone(hall.delegates[11])
    assert cast(client, token, hall.electronic, "agree").status_code == 403
    assert refusals("not_voter")


def test_a_bad_choice_or_a_vote_of_another_congress_is_refused(voting_hall: Hall) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[6])
    assert cast(client, token, voting_hall.electronic, "maybe").status_code == 403
    response = client.post(reverse("ballot_cast", args=[token, 999999]), {"choice": "agree"})
    assert response.status_code == 403
    assert refusals("bad_choice") and refusals("no_vote")


def test_results_are_hidden_until_the_vote_closes_then_decided_by_the_engine(
    voting_hall: Hall, settings: Any
) -> None:
    settings.SECRET_VOTE_BATCH = 3
    hall = voting_hall
    choices = ["agree"] * 6 + ["disagree", "abstain", "abstain"]
    for delegate, choice in zip(hall.delegates[:9], choices, strict=True):
        client, token = hall.phone(delegate)
        assert cast(client, token, hall.electronic, choice).status_code in (200, 202)
    secretary = hall.client(hall.secretary)
    votes_page = secretary.get(reverse("hall_votes", args=[hall.congress.pk])).content.decode()
    assert "công bố khi kết thúc" in votes_page
    # Written in batches of 3, the newest 3 kept back for the close.
    live = secretary.get(reverse("hall_vote_live", args=[hall.congress.pk, hall.electronic.pk]))
    assert "6</span> đã biểu quyết" in live.content.decode()
    screen = secretary.get(reverse("hall_screen_live", args=[hall.congress.pk])).content.decode()
    assert "Tán thành" not in screen and "6<small>" in screen
    vote = services.vote_close(actor=hall.secretary, vote=hall.electronic)
    # Base: 10 summoned − 1 = 9; 6 agree is more than half.
    assert (vote.agree, vote.disagree, vote.abstain, vote.base, vote.passed) == (6, 1, 2, 9, True)
    screen = secretary.get(reverse("hall_screen_live", args=[hall.congress.pk])).content.decode()
    assert "THÔNG QUA" in screen and "<strong>6</strong>" in screen


CHOICES = {"agree", "disagree", "abstain"}


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _values(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in _values(v)]
    return [value]


def links_between_voters_and_choices(voters: set[int]) -> list[str]:
    """Every row of every table that names a voter (or a has-voted row) next to a choice,
    and every table holding choices one row each (whose ids or times could be ordered
    against the has-voted rows)."""
    found: list[str] = []
    cast_ids = set(VoteCast.objects.values_list("pk", flat=True))
    for model in apps.get_models():
        for row in model.objects.all():
            values: list[Any] = []
            names_voter = False
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(field, models.ForeignKey) and field.related_model is Delegate:
                    names_voter |= value in voters
                if model is Delegate and field.primary_key:
                    continue  # a delegate's own row holds no choice
                if isinstance(value, str) and value.startswith(("{", "[")):
                    with contextlib.suppress(ValueError):
                        value = json.loads(value)
                values += _values(value)
            flat = [v for v in values if isinstance(v, str | int)]
            names_voter |= any(
                isinstance(v, dict) and v.get("delegate") in voters
                for v in [getattr(row, f.attname) for f in model._meta.concrete_fields]
            )
            names_voter |= model is VoteCast and row.pk in cast_ids
            holds_choice = any(isinstance(v, str) and v in CHOICES for v in flat)
            if holds_choice:
                found.append(f"{model.__name__}#{row.pk} holds a choice")
            if names_voter and holds_choice:
                found.append(f"{model.__name__}#{row.pk} links a voter to a choice")
    return found


def test_a_secret_vote_leaves_no_link_between_a_voter_and_a_choice_in_any_table(
    voting_hall: Hall,
) -> None:
    hall = voting_hall
    choices = ["agree", "disagree", "abstain", "agree", "agree", "disagree", "agree"]
    voters = set()
    for delegate, choice in zip(hall.delegates[:7], choices, strict=True):
        client, token = hall.phone(delegate)
        assert cast(client, token, hall.electronic, choice).status_code == 202
        voters.add(delegate.pk)
    services.vote_close(actor=hall.secretary, vote=hall.electronic)
    assert links_between_voters_and_choices(voters) == []
    # Who has voted is kept, without a time; the choices only as three counters.
    assert set(VoteCast.objects.values_list("delegate_id", flat=True)) == voters
    assert {f.name for f in VoteCast._meta.concrete_fields} == {"id", "vote", "delegate", "choice"}
    vote = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert (vote.agree, vote.disagree, vote.abstain) == (4, 2, 1)


def test_the_same_reading_finds_the_link_of_an_open_vote(voting_hall: Hall) -> None:
    """The check is not blind: an open (not secret) vote keeps each delegate's choice."""
    hall = voting_hall
    services.vote_close(actor=hall.secretary, vote=hall.electronic)
    show = services.vote_create(
        actor=None, congress=hall.congress, subject="other", title="Công khai", method="electronic"
    )
    services.vote_open(actor=None, vote=show)
    client, token = hall.phone(hall.delegates[0])
    assert cast(client, token, show, "disagree").status_code == 200
    found = links_between_voters_and_choices({hall.delegates[0].pk})
    assert any("links a voter to a choice" in f for f in found)


def test_the_desk_cannot_take_back_the_check_in_of_someone_who_voted(voting_hall: Hall) -> None:
    client, token = voting_hall.phone(voting_hall.delegates[0])
    cast(client, token, voting_hall.electronic, "agree")
    services.vote_close(actor=voting_hall.secretary, vote=voting_hall.electronic)
    with pytest.raises(Exception, match="đã biểu quyết"):
        services.checkin_undo(
            actor=None, congress=voting_hall.congress, delegate=voting_hall.delegates[0]
        )


def test_a_check_in_taken_back_while_the_choice_waits_is_not_counted(voting_hall: Hall) -> None:
    hall = voting_hall
    client, token = hall.phone(hall.delegates[0])
    assert cast(client, token, hall.electronic, "agree").status_code == 202
    services.checkin_undo(actor=None, congress=hall.congress, delegate=hall.delegates[0])
    vote = services.vote_close(actor=hall.secretary, vote=hall.electronic)
    assert vote.cast == 0 and not VoteCast.objects.exists()
    late = client.post(
        reverse("ballot_cast", args=[token, hall.electronic.pk]), {"choice": "agree", "again": "1"}
    )
    assert late.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_votes_cast_at_once_from_many_threads_are_all_counted_once(tree) -> None:  # type: ignore[no-untyped-def]
    """Concurrent casts (on SQLite through the group commit): none lost, none twice."""
    import threading

    from django.db import connection

    from tests.congresses.conftest import build_hall, phones_voting

    hall = build_hall(tree)
    phones = phones_voting(hall, 40)
    extra = [d for d, _secret in phones.values()]
    secrets = {pk: secret for pk, (_d, secret) in phones.items()}
    fresh = {pk: d for pk, (d, _secret) in phones.items()}
    outcomes: list[str] = []

    def vote(d: Delegate, choice: str) -> None:
        try:
            voting.vote_cast(
                delegate=fresh[d.pk],
                device_secret=secrets[d.pk],
                vote_id=hall.electronic.pk,
                choice=choice,
            )
            outcomes.append("ok")
        except voting.VoteRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    jobs = [(d, "agree" if i % 3 else "disagree") for i, d in enumerate(extra)]
    jobs.append((extra[0], "abstain"))  # the same delegate again, at the same moment
    threads = [threading.Thread(target=vote, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] * 40 + ["twice"]
    services.vote_close(actor=None, vote=hall.electronic)
    vote_row = ProceduralVote.objects.get(pk=hall.electronic.pk)
    assert vote_row.cast == 40 == VoteCast.objects.filter(vote=vote_row).count()


@pytest.mark.django_db(transaction=True)
def test_choices_cast_inside_a_transaction_are_left_to_it_by_the_ballot_box_watcher(
    tree,  # type: ignore[no-untyped-def]
) -> None:
    """The demo builds its hall in one transaction, in a process where a server's
    watcher may run: the watcher's connection cannot see that vote yet, and must not
    refuse its choices as those of a deleted vote."""
    import time

    from django.db import transaction

    from daihoi.congresses.voting import box
    from tests.congresses.conftest import build_hall

    box._watch()  # a watcher left running by an earlier request of this process
    with transaction.atomic():
        hall = build_hall(tree)
        check_in_all(hall, range(5))
        services.vote_open(actor=None, vote=hall.electronic)
        for i, d in enumerate(hall.delegates[:5]):
            phone = Delegate.objects.get(pk=d.pk)
            secret = voting.pass_bind(delegate=phone)
            voting.vote_cast(
                delegate=Delegate.objects.get(pk=d.pk),
                device_secret=secret,
                vote_id=hall.electronic.pk,
                choice="agree" if i else "disagree",
            )
        time.sleep(4 * box.WATCH_SECONDS)  # the watcher looks more than once meanwhile
        vote = services.vote_close(actor=None, vote=hall.electronic)
    assert (vote.cast, vote.agree, vote.disagree) == (5, 4, 1)
