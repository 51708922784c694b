"""A new vote link takes two members: one asks, one of the other side confirms.

One insider alone (the secretariat, or the presidium) cannot check in an absent
delegate and bind a fresh link to a phone of their own: the old link keeps
working until a member of the other side confirms, the presidium's page shows
the request and the count of links reissued, and the audit names both.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from daihoi.accounts.models import CongressRole, User
from daihoi.accounts.services import congress_role_grant
from daihoi.audit.models import AuditEntry
from daihoi.congresses import voting
from daihoi.congresses.models import Delegate, PassReissue, ReissueStatus
from tests.congresses.conftest import Hall
from tests.factories import UserFactory


def member(hall: Hall, username: str, role: str) -> User:
    user = UserFactory(username=username, full_name=username.title())
    congress_role_grant(actor=None, user=user, congress=hall.congress, role=role)
    return user


@pytest.fixture
def chair(hall: Hall) -> User:
    return member(hall, "chutich", CongressRole.PRESIDIUM)


def test_a_request_of_the_secretariat_is_issued_only_when_the_presidium_confirms(
    hall: Hall, chair: User
) -> None:
    delegate = hall.delegates[0]
    _phone, old = hall.phone(delegate)
    asked = voting.pass_reissue_ask(actor=hall.secretary, delegate=delegate, reason="mất máy")
    # Nothing changes yet: the delegate's phone keeps its link.
    assert Delegate.objects.get(pk=delegate.pk).pass_generation == 1
    assert voting.pass_delegate(old) is not None
    voting.pass_reissue_confirm(actor=chair, reissue=asked)
    fresh = Delegate.objects.get(pk=delegate.pk)
    assert (fresh.pass_generation, fresh.pass_device) == (2, "")
    assert voting.pass_delegate(old) is None
    entry = AuditEntry.objects.get(action="vote_pass.reissue")
    assert entry.after["asked_by"] == hall.secretary.pk
    assert entry.after["confirmed_by"] == chair.pk


def test_a_request_of_the_presidium_is_confirmed_by_the_secretariat(
    hall: Hall, chair: User
) -> None:
    asked = voting.pass_reissue_ask(actor=chair, delegate=hall.delegates[1], reason="đổi máy")
    assert asked.asked_as_presidium
    with pytest.raises(ValidationError):
        voting.pass_reissue_confirm(actor=member(hall, "chutich2", "presidium"), reissue=asked)
    voting.pass_reissue_confirm(actor=hall.secretary, reissue=asked)
    assert PassReissue.objects.get(pk=asked.pk).status == ReissueStatus.DONE


def test_one_member_alone_or_two_of_the_same_side_cannot_reissue(hall: Hall) -> None:
    asked = voting.pass_reissue_ask(
        actor=hall.secretary, delegate=hall.delegates[9], reason="vắng, mất máy"
    )
    for actor in (hall.secretary, member(hall, "thuky2", CongressRole.SECRETARIAT)):
        with pytest.raises(ValidationError):
            voting.pass_reissue_confirm(actor=actor, reissue=asked)
    # The unit's office is not of the presidium either.
    with pytest.raises(ValidationError):
        voting.pass_reissue_confirm(actor=hall.tree.commune_officer, reissue=asked)
    assert Delegate.objects.get(pk=hall.delegates[9].pk).pass_generation == 1
    assert not AuditEntry.objects.filter(action="vote_pass.reissue").exists()


def test_a_request_needs_a_reason_and_waits_once_per_delegate(hall: Hall) -> None:
    with pytest.raises(ValidationError):
        voting.pass_reissue_ask(actor=hall.secretary, delegate=hall.delegates[2], reason="  ")
    voting.pass_reissue_ask(actor=hall.secretary, delegate=hall.delegates[2], reason="mất máy")
    with pytest.raises(ValidationError):
        voting.pass_reissue_ask(actor=hall.secretary, delegate=hall.delegates[2], reason="lần nữa")


def test_a_refused_request_leaves_the_link_and_cannot_then_be_confirmed(
    hall: Hall, chair: User
) -> None:
    asked = voting.pass_reissue_ask(actor=hall.secretary, delegate=hall.delegates[3], reason="x")
    voting.pass_reissue_cancel(actor=chair, reissue=asked)
    with pytest.raises(ValidationError):
        voting.pass_reissue_confirm(actor=chair, reissue=asked)
    assert Delegate.objects.get(pk=hall.delegates[3].pk).pass_generation == 1
    assert AuditEntry.objects.filter(action="vote_pass.reissue_cancel").count() == 1


def test_the_presidiums_page_shows_the_requests_and_the_count_of_reissued_links(
    hall: Hall, chair: User
) -> None:
    secretary, presidium = hall.client(hall.secretary), hall.client(chair)
    delegate = hall.delegates[4]
    page = reverse("hall_delegate_edit", args=[hall.congress.pk, delegate.pk])
    asked = secretary.post(
        reverse("hall_pass_reissue", args=[hall.congress.pk, delegate.pk]), {"reason": "mất máy"}
    )
    assert asked.status_code == 302
    assert "chờ một thành viên" in secretary.get(page).content.decode()
    home = presidium.get(reverse("hall_home", args=[hall.congress.pk])).content.decode()
    assert "0 đường dẫn biểu quyết đã được cấp lại" in home
    assert delegate.full_name in home and "mất máy" in home
    reissue = PassReissue.objects.get(delegate=delegate)
    # The one who asked cannot confirm: refused with a message, nothing issued.
    own = secretary.post(
        reverse("hall_pass_reissue_confirm", args=[hall.congress.pk, reissue.pk]), follow=True
    )
    assert "không phải người đề nghị" in own.content.decode()
    assert Delegate.objects.get(pk=delegate.pk).pass_generation == 1
    presidium.post(reverse("hall_pass_reissue_confirm", args=[hall.congress.pk, reissue.pk]))
    assert Delegate.objects.get(pk=delegate.pk).pass_generation == 2
    home = presidium.get(reverse("hall_home", args=[hall.congress.pk])).content.decode()
    assert "1 đường dẫn biểu quyết đã được cấp lại" in home and "mất máy" not in home
