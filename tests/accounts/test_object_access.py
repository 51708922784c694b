"""The one access-decorator factory: the object loaded and checked before the view runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from daihoi.accounts.access import Perm, by_key, object_access
from daihoi.congresses.models import Congress
from tests.factories import make_congress, make_unit

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


@pytest.mark.django_db
def test_a_getter_loads_by_key_without_the_models_default_ordering() -> None:
    congress = make_congress(make_unit("A"))
    assert Congress._meta.ordering  # by term (start year) and unit path
    with CaptureQueriesContext(connection) as queries:
        assert by_key(Congress.objects.select_related("unit", "term"), congress.pk) == congress
    (sql,) = [q["sql"].upper() for q in queries.captured_queries]
    order = sql.split("ORDER BY", 1)[1]
    assert "START_YEAR" not in order and "PATH" not in order
    with pytest.raises(Http404):
        by_key(Congress.objects.all(), congress.pk + 1000)
