from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def alice(db: None) -> User:
    return UserFactory(username="alice")


def post_login(client: Client, password: str, username: str = "alice"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_is_in_vietnamese_by_default(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="vi">' in text
    assert "Đăng nhập" in text and "Mật khẩu" in text


def test_english_can_be_chosen(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Password" in client.get(reverse("login")).content.decode()


def test_a_user_logs_in_and_is_sent_home(alice: User, client: Client) -> None:
    response = post_login(client, "correct horse battery")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_is_refused(alice: User, client: Client) -> None:
    response = post_login(client, "wrong")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_repeated_failures_pause_the_account_even_with_the_right_password(
    alice: User, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        post_login(client, "wrong")
    response = post_login(client, "correct horse battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    # The suite swaps in a fast hasher (tests/conftest.py); put back what the project sets.
    import daihoi.settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = UserFactory(username="bob")
    assert user.password.startswith("argon2$")
    assert user.check_password("correct horse battery")


def test_an_open_redirect_after_login_is_ignored(alice: User, client: Client) -> None:
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "correct horse battery", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_pages_carry_a_content_security_policy(client: Client) -> None:
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_a_user_without_roles_is_told_so(alice: User, client: Client) -> None:
    client.force_login(alice)
    assert "chưa có vai trò" in client.get(reverse("home")).content.decode()


def test_a_browser_set_to_english_still_gets_vietnamese_until_it_chooses(client: Client) -> None:
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize(
    "variant",
    ["alice ", " alice", "\talice\n", "ALICE", "Alice", "ａｌｉｃｅ", "ＡＬＩＣＥ ", "\u3000alice"],
    ids=[
        "trailing",
        "leading",
        "tab-newline",
        "upper",
        "title",
        "fullwidth",
        "fullwidth-upper",
        "ideographic-space",
    ],
)
def test_a_locked_account_stays_locked_under_another_spelling_of_its_name(
    alice: User, client: Client, settings, variant: str
) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        post_login(client, "wrong")
    response = post_login(client, "correct horse battery", username=variant)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("variant", ["alice ", " ALICE", "ａｌｉｃｅ"])
def test_failures_under_other_spellings_count_against_the_account(
    alice: User, client: Client, settings, variant: str
) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        post_login(client, "wrong", username=variant)
    response = post_login(client, "correct horse battery")
    assert response.status_code == 429


def test_the_form_still_logs_in_a_fullwidth_or_padded_name(alice: User, client: Client) -> None:
    # The normalization the throttle copies is the form's own.
    response = post_login(client, "correct horse battery", username=" ａｌｉｃｅ ")
    assert response.status_code == 302


def test_padding_cannot_push_the_name_out_of_the_counted_part(
    alice: User, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        post_login(client, "wrong")
    response = post_login(client, "correct horse battery", username=" " * 400 + "alice")
    assert response.status_code == 429


def test_a_success_does_not_wipe_the_failures_before_it(
    alice: User, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_FAILURE_LIMIT = 3
    post_login(client, "wrong")
    post_login(client, "wrong")
    assert post_login(client, "correct horse battery").status_code == 302
    client.logout()
    post_login(client, "wrong")
    response = post_login(client, "correct horse battery")
    assert response.status_code == 429
