"""Who may do what: the roles, what each permits, and the one access-decorator factory.

A unit role covers the unit's subtree; a congress role covers one congress.
Who may not even see an object gets 404 (its existence is not confirmed);
who may see it but not do the action gets 403.

This app sits below the apps whose objects it guards, and imports none of
them: it knows a unit by its path and a congress by its id and its unit
(:class:`InTree`, :class:`HeldByUnit`). Every access decorator is made by
:func:`object_access` from a loader that finds the object and checks the
permission, in the app of the object: units (``organizations.access``),
congresses (``congresses.access``), elections (``elections.access``),
documents (``planning.access``), working groups and their
recommendations (``workgroups.access``), targets (``targets.access``), dossiers and
members (``personnel.access``), drafts and what belongs to them
(``consultation.access``).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from daihoi.accounts.models import CongressRole, UnitRole


class InTree(Protocol):
    """A unit as the permissions see it: where it stands in the tree."""

    @property
    def path(self) -> str: ...


class HeldByUnit(Protocol):
    """A congress as the permissions see it: its id and the unit that holds it."""

    @property
    def pk(self) -> Any: ...

    @property
    def unit(self) -> InTree: ...


class Perm(StrEnum):
    VIEW = "view"  # read the unit or congress pages
    MANAGE = "manage"  # change units, congresses, imports, grants
    AUDIT = "audit"  # read the audit log of the subtree
    SETUP = "setup"  # set up a congress's elections and candidate lists
    COUNT = "count"  # enter ballots (counting committee)
    COUNT_HEAD = "count_head"  # open batches, resolve mismatches, seal, reopen
    HALL = "hall"  # run the congress in session: delegates, check-in, agenda, votes, minutes
    PERSONNEL = "personnel"  # read and change candidates' personal data and dossiers
    VISIT = "visit"  # record a working group's visits and recommendations (its members)


UNIT_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    UnitRole.OFFICE: frozenset({Perm.VIEW, Perm.MANAGE, Perm.AUDIT, Perm.SETUP, Perm.HALL}),
    UnitRole.VIEWER: frozenset({Perm.VIEW}),
    # Personal data is the personnel subcommittee's alone (of the unit and the
    # units above it): the office manages the unit but does not read dossiers.
    UnitRole.PERSONNEL: frozenset({Perm.VIEW, Perm.PERSONNEL}),
}

# Counting is the counting committee's alone: a unit's office sets the
# election up and reads the sealed result, but does not reach the count.
CONGRESS_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    # The presidium chairs the congress (sittings, agenda, votes); the secretariat
    # also prepares the elections' set-up for the counting committee.
    CongressRole.PRESIDIUM: frozenset({Perm.VIEW, Perm.HALL}),
    CongressRole.SECRETARIAT: frozenset({Perm.VIEW, Perm.SETUP, Perm.HALL}),
    CongressRole.COUNTING_HEAD: frozenset({Perm.VIEW, Perm.COUNT, Perm.COUNT_HEAD}),
    CongressRole.COUNTING_CLERK: frozenset({Perm.VIEW, Perm.COUNT}),
    CongressRole.DELEGATE: frozenset({Perm.VIEW}),
}

# The system's administrator manages everything but counts nothing: counting
# needs a counting committee role on that congress, like anyone else. Nor does
# the administrator read personal data: that needs the personnel role on the
# unit (a grant the audit log records), like anyone else.
ADMIN_PERMS = frozenset(Perm) - {Perm.COUNT, Perm.COUNT_HEAD, Perm.PERSONNEL}


def _unit_grants(user: Any) -> list[tuple[str, str]]:
    """(path, role) of the user's unit grants, loaded once per request."""
    cached = getattr(user, "_daihoi_unit_grants", None)
    if cached is None:
        cached = list(user.unit_grants.values_list("unit__path", "role"))
        user._daihoi_unit_grants = cached
    return cached


def _congress_grants(user: Any) -> dict[int, set[str]]:
    cached = getattr(user, "_daihoi_congress_grants", None)
    if cached is None:
        cached = {}
        for congress_id, role in user.congress_grants.values_list("congress_id", "role"):
            cached.setdefault(congress_id, set()).add(role)
        user._daihoi_congress_grants = cached
    return cached


def unit_perms(user: Any, unit: InTree) -> frozenset[Perm]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ADMIN_PERMS
    perms: set[Perm] = set()
    for path, role in _unit_grants(user):
        if unit.path.startswith(path):
            perms |= UNIT_ROLE_PERMS.get(role, frozenset())
    return frozenset(perms)


def congress_perms(user: Any, congress: HeldByUnit) -> frozenset[Perm]:
    perms = set(unit_perms(user, congress.unit))
    if user.is_authenticated and user.is_active:
        for role in _congress_grants(user).get(congress.pk, ()):
            perms |= CONGRESS_ROLE_PERMS.get(role, frozenset())
    return frozenset(perms)


def root_paths(user: Any) -> list[str]:
    """Paths of the highest units the user holds a role on (for lists of what they see)."""
    paths = sorted({path for path, _ in _unit_grants(user)})
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return roots


ModelT = TypeVar("ModelT", bound=Model)


def by_key(queryset: QuerySet[ModelT], pk: int) -> ModelT:
    """The row of ``queryset`` with this key, or 404 — the first step of every getter.

    Without the model's default ordering: a lookup by key never needs it, and
    on PostgreSQL an ``ORDER BY`` over the joined tables with ``LIMIT 1`` made
    the planner take seconds for one row.
    """
    found = queryset.filter(pk=pk).order_by().first()
    if found is None:
        raise Http404
    return found


def require(perms: frozenset[Perm], perm: Perm) -> None:
    if Perm.VIEW not in perms:
        raise Http404
    if perm not in perms:
        raise PermissionDenied


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
View = Callable[..., HttpResponse]


class AccessDecorator(Protocol[T_co]):
    """Turns ``view(request, obj, …)`` into the view the URL calls with the object's key."""

    def __call__(self, view: Callable[Concatenate[R, T_co, P], HttpResponse], /) -> View: ...


def object_access(
    load: Callable[[Any, Any, Perm], T], *, arg: str = "pk"
) -> Callable[[Perm], AccessDecorator[T]]:
    """The access decorators' one factory.

    ``load(user, key, perm)`` finds the object the URL argument ``arg`` names
    and checks ``perm`` on it (404 when the user may not see it, 403 when they
    may see it but not do this). ``object_access(get_x)(perm)`` decorates a
    view ``view(request, x, …)``: an anonymous visitor is sent to sign in, and
    the view's body runs only with the object loaded and allowed.
    """

    def for_perm(perm: Perm = Perm.VIEW) -> AccessDecorator[T]:
        def decorate(view: Callable[Concatenate[R, T, P], HttpResponse]) -> View:
            @wraps(view)
            def wrapped(request: R, *args: Any, **kwargs: Any) -> HttpResponse:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if arg in kwargs:
                    key = kwargs.pop(arg)
                else:
                    key, *args = args  # type: ignore[assignment]
                return view(request, load(request.user, key, perm), *args, **kwargs)

            return wrapped

        return decorate

    return for_perm
