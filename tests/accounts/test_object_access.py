"""The one access-decorator factory: the object loaded and checked before the view runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from daihoi.accounts.access import Perm, object_access

SEEN: list[tuple[Any, Any, Perm]] = []


class Signed:
    is_authenticated = True


def _load(user: Any, key: Any, perm: Perm) -> str:
    SEEN.append((user, key, perm))
    if key == "hidden":
        raise PermissionDenied
    return f"object {key}"


thing_access = object_access(_load, arg="code")


@thing_access(Perm.MANAGE)
def view(request: HttpRequest, thing: str, extra: int = 0) -> HttpResponse:
    return HttpResponse(f"{thing} {extra}")


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/things/a/")
    request.user = user
    return request


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_loaded() -> None:
    SEEN.clear()
    response = view(_request(AnonymousUser()), code="a")
    assert response.status_code == 302 and "next=/things/a/" in response["Location"]
    assert SEEN == []


def test_the_view_gets_the_object_its_url_argument_names_checked_for_the_permission() -> None:
    SEEN.clear()
    user = Signed()
    assert view(_request(user), code="a", extra=3).content == b"object a 3"
    assert view(_request(user), "b").content == b"object b 0"
    assert [(user, "a", Perm.MANAGE), (user, "b", Perm.MANAGE)] == SEEN


def test_a_refusal_of_the_loader_stops_the_view() -> None:
    with pytest.raises(PermissionDenied):
        view(_request(Signed()), code="hidden")
