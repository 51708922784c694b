"""Two factors: enrolment, the code after the password, recovery codes, resets.

The requirement is off in the tests by default (tests/conftest.py); the tests
here that are about it turn it on.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from daihoi.accounts.models import LoginFailure, User
from daihoi.accounts.twofactor import totp_confirm, two_factor_required
from daihoi.accounts.twofactor_views import PENDING_KEY
from daihoi.audit.models import AuditEntry
from daihoi.elections import services as elections
from tests.conftest import Tree
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


def _code(key: str, offset: int = 0) -> str:
    return str(totp(bytes.fromhex(key), drift=offset)).zfill(6)


def _password(client: Client, user: User, next_url: str = "") -> str:
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code == 302
    return str(response["Location"])


def _enrol(user: User) -> tuple[str, list[str]]:
    """A confirmed device for ``user``, made as the enrolment page makes it."""
    from daihoi.accounts.twofactor import new_totp_key

    key = new_totp_key()
    # The previous step's code (still accepted): the current one stays unused for the login.
    codes = totp_confirm(actor=user, user=user, key=key, code=_code(key, -1))
    assert codes is not None
    return key, codes


@pytest.fixture
def required(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DAIHOI_REQUIRE_2FA = True


def test_the_roles_that_need_two_factors(tree: Tree) -> None:
    assert two_factor_required(tree.province_officer)  # a unit's office
    assert two_factor_required(tree.clerk)  # a counting clerk
    assert not two_factor_required(tree.province_viewer)
    assert not two_factor_required(tree.outsider)
    admin = UserFactory(is_superuser=True)
    assert two_factor_required(admin)


def test_enrolment_shows_a_qr_confirms_one_code_and_shows_ten_recovery_codes_once(
    tree: Tree, required: None
) -> None:
    client = Client()
    assert _password(client, tree.commune_officer).startswith(reverse("two_factor_enrol"))
    page = client.get(reverse("two_factor_enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    key = client.session[PENDING_KEY]
    assert not TOTPDevice.objects.filter(user=tree.commune_officer).exists()  # a GET writes nothing
    wrong = client.post(reverse("two_factor_enrol"), {"code": "000000"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=tree.commune_officer).exists()
    done = client.post(reverse("two_factor_enrol"), {"code": _code(key)})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = list(StaticToken.objects.filter(device__user=tree.commune_officer))
    assert len(codes) == 10
    for c in codes:
        assert c.token in done.content.decode()
    assert client.get(reverse("unit_detail", args=["A"])).status_code == 200  # now verified
    again = client.get(reverse("two_factor"))
    assert codes[0].token not in again.content.decode()  # shown once only
    assert AuditEntry.objects.filter(
        action="two_factor.enrol", object_id=str(tree.commune_officer.pk)
    ).exists()


def test_login_with_a_device_asks_for_the_code_before_anything(tree: Tree) -> None:
    """Even with the requirement off: an account that enrolled is asked for its code."""
    key, _codes = _enrol(tree.province_viewer)
    client = Client()
    target = reverse("unit_detail", args=["A"])
    step = _password(client, tree.province_viewer, next_url=target)
    assert step.startswith(reverse("two_factor_verify"))
    blocked = client.get(target)
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("two_factor_verify"))
    done = client.post(reverse("two_factor_verify"), {"code": _code(key), "next": target})
    assert done.status_code == 302
    assert done["Location"] == target
    assert client.get(target).status_code == 200


def test_a_wrong_code_is_refused_in_vietnamese_and_throttled(tree: Tree, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    key, _codes = _enrol(tree.province_viewer)
    client = Client()
    _password(client, tree.province_viewer)
    for _ in range(3):
        wrong = client.post(reverse("two_factor_verify"), {"code": "12345x"})
        assert wrong.status_code == 400
        assert "Mã không đúng hoặc đã dùng" in wrong.content.decode()
    assert LoginFailure.objects.filter(username=tree.province_viewer.username).count() == 3
    throttled = client.post(reverse("two_factor_verify"), {"code": _code(key)})
    assert throttled.status_code == 429  # the right code too, while throttled
    assert "sai quá nhiều lần" in throttled.content.decode()
    assert client.get(reverse("unit_detail", args=["A"])).status_code == 302


def test_a_recovery_code_works_once(tree: Tree) -> None:
    _key, codes = _enrol(tree.province_viewer)
    first = Client()
    _password(first, tree.province_viewer)
    ok = first.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert ok.status_code == 302
    second = Client()
    _password(second, tree.province_viewer)
    again = second.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert StaticToken.objects.filter(device__user=tree.province_viewer).count() == 9


def test_a_required_account_without_device_reaches_only_the_two_factor_pages(
    tree: Tree, required: None
) -> None:
    election = elections.election_create(
        actor=None, congress=tree.congress_A, kind="committee", seats=3, summoned=9, title="Bầu"
    )
    clerk = Client()
    _password(clerk, tree.clerk)
    count = clerk.get(reverse("count_home", args=[election.pk]))
    assert count.status_code == 302
    assert count["Location"].startswith(reverse("two_factor_enrol"))
    office = Client()
    _password(office, tree.commune_officer)
    for url in (reverse("unit_edit", args=["A"]), reverse("home"), reverse("api_tokens")):
        response = office.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_enrol"))
    assert office.post(reverse("unit_edit", args=["A"]), {"name": "x"}).status_code == 302
    assert office.get("/api/units/A").status_code == 401  # the session API as to a visitor
    assert office.get(reverse("two_factor_enrol")).status_code == 200
    assert office.post(reverse("logout")).status_code == 302


def test_relaxed_a_required_account_signs_in_with_its_password(tree: Tree) -> None:
    client = Client()
    assert _password(client, tree.commune_officer) == reverse("home")
    assert client.get(reverse("unit_edit", args=["A"])).status_code == 200
    # and may still enrol of its own accord
    assert client.get(reverse("two_factor_enrol")).status_code == 200


def test_own_reset_needs_a_current_code(tree: Tree) -> None:
    key, _codes = _enrol(tree.province_viewer)
    client = Client()
    _password(client, tree.province_viewer)
    client.post(reverse("two_factor_verify"), {"code": _code(key)})
    refused = client.post(reverse("two_factor"), {"code": "999999"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=tree.province_viewer).exists()
    done = client.post(reverse("two_factor"), {"code": _codes[1]})
    assert done.status_code == 302
    assert done["Location"] == reverse("two_factor_enrol")
    assert not TOTPDevice.objects.filter(user=tree.province_viewer).exists()
    assert not StaticToken.objects.filter(device__user=tree.province_viewer).exists()
    assert AuditEntry.objects.filter(action="two_factor.reset").count() == 1


def test_the_admin_resets_another_account_audited(tree: Tree) -> None:
    _enrol(tree.clerk)
    admin = UserFactory(is_superuser=True)
    client = Client()
    client.force_login(admin)  # the requirement is off here
    unknown = client.post(reverse("two_factor_admin_reset"), {"username": "khongco"})
    assert unknown.status_code == 400
    assert "khongco" in unknown.content.decode()
    done = client.post(reverse("two_factor_admin_reset"), {"username": tree.clerk.username})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=tree.clerk).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor == admin
    assert entry.object_id == str(tree.clerk.pk)
    other = Client()
    other.force_login(tree.province_officer)
    assert (
        other.post(reverse("two_factor_admin_reset"), {"username": tree.clerk.username}).status_code
        == 404
    )


def test_an_api_token_is_its_own_factor(tree: Tree, required: None) -> None:
    from daihoi.accounts.tokens import api_token_create

    _row, token = api_token_create(
        actor=None, user=tree.commune_officer, name="thử", scopes=["read:units"], days=5
    )
    response = Client().get("/api/v1/units/A", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_the_command_line_resets_a_locked_out_account(tree: Tree, capsys) -> None:  # type: ignore[no-untyped-def]
    """The only administrator lost the phone and the codes: whoever runs the server resets it."""
    from daihoi.cli import main

    admin = UserFactory(is_superuser=True, username="quantri")
    _enrol(admin)
    assert main(["two-factor", "reset", "quantri"]) == 0
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not StaticToken.objects.filter(device__user=admin).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor is None and entry.object_id == str(admin.pk)
    # Nothing left to reset, or nobody of that name: said, and a non-zero status.
    assert main(["two-factor", "reset", "quantri"]) == 1
    assert main(["two-factor", "reset", "khongco"]) == 2
    assert "khongco" in capsys.readouterr().err
