"""What the per-app permission matrices share (each is registered in tests/test_permissions.py).

A matrix is a list of :class:`Case`: a page or an action, its URL made from the
app's test world, and the status each persona gets (any persona not listed
gets 404: what one may not see does not exist for them). A refused POST must
also change nothing: every row of every table is compared before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

W = TypeVar("W")

#: The personas of ``tests.conftest.tree``.
PERSONAS = [
    "province_officer",
    "province_viewer",
    "commune_officer",
    "sibling_officer",
    "clerk",
    "outsider",
]
VIEW = {"province_officer": 200, "province_viewer": 200, "commune_officer": 200}
MANAGE = {"province_officer": 200, "province_viewer": 403, "commune_officer": 200}
MANAGE_POST = {"province_officer": 302, "province_viewer": 403, "commune_officer": 302}


@dataclass(frozen=True)
class Case(Generic[W]):
    name: str
    url: Callable[[W], str]
    method: str
    allowed: dict[str, int]  # persona -> status; others get 404
    data: dict[str, Any] | None = None  # a POST's body


def answer(client: Client, case: Case[W], url: str) -> HttpResponse:
    if case.method == "post":
        return client.post(url, case.data or {})  # type: ignore[return-value]
    return getattr(client, case.method)(url)  # type: ignore[no-any-return]


#: Statuses that refuse an action.
REFUSED = (401, 403, 404, 405)
#: Tables a refused request may still touch: the visitor's session.
UNWATCHED = {"django_session"}
#: The audit chain may grow by the refusal itself (e.g. ``vote.refused``), and only so.
AUDIT = {"audit_auditentry", "audit_audithead"}


def db_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the project's models, in primary-key order."""
    snapshot = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in UNWATCHED or not model._meta.managed:
            continue
        snapshot[table] = list(model._default_manager.order_by("pk").values_list())
    return snapshot


def assert_nothing_changed(before: dict[str, list[tuple[Any, ...]]], label: object) -> None:
    from daihoi.audit.models import AuditEntry

    after = db_snapshot()
    changed = sorted(t for t in before if t not in AUDIT and before[t] != after.get(t))
    assert not changed, (label, "a refused request changed the tables", changed)
    kept = before["audit_auditentry"]
    assert after["audit_auditentry"][: len(kept)] == kept, (label, "the audit was rewritten")
    last = kept[-1][0] if kept else 0
    added = list(AuditEntry.objects.filter(pk__gt=last).values_list("action", flat=True))
    assert all(a.endswith(".refused") for a in added), (label, "audited as done", added)


def assert_allowed(client: Client, case: Case[W], world: W, persona: str) -> None:
    expected = case.allowed.get(persona, 404)
    refused_post = case.method == "post" and expected in REFUSED
    url = case.url(world)  # building the URL may create what it points to
    before = db_snapshot() if refused_post else None
    status = answer(client, case, url).status_code
    assert status == expected, (persona, case.name)
    if before is not None:
        assert_nothing_changed(before, (persona, case.name))


def assert_login_required(case: Case[W], world: W) -> None:
    response = answer(Client(), case, case.url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
