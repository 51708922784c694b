"""Who reads personal data: the personnel role of the unit or a unit above it, nobody else.

On top of ``accounts.access``: a dossier belongs to its congress's unit, a
person to their unit; both need ``Perm.PERSONNEL`` there. Whoever sees the
unit but is not of its personnel subcommittee (its office, a viewer) gets 403;
whoever does not see the unit gets 404, as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from daihoi.accounts.access import Perm, congress_perms, require, unit_perms
from daihoi.organizations.models import Member
from daihoi.personnel.models import Dossier


def get_dossier(user: Any, pk: int) -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "congress",
            "congress__unit",
            "congress__unit__level",
            "congress__term",
            "member",
            "member__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    require(congress_perms(user, dossier.congress), Perm.PERSONNEL)
    return dossier


def get_member(user: Any, pk: int) -> Member:
    member = Member.objects.select_related("unit").filter(pk=pk).first()
    if member is None:
        raise Http404
    require(unit_perms(user, member.unit), Perm.PERSONNEL)
    return member


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)
T = TypeVar("T")


def _access(
    load: Callable[[Any, int], T],
) -> Callable[[Callable[Concatenate[R, T, P], HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[Concatenate[R, T, P], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: R, pk: int, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, load(request.user, pk), *args, **kwargs)

        return wrapped

    return decorate


#: Load the dossier named by ``pk`` and require the personnel role on its congress's unit.
dossier_access = _access(get_dossier)
#: Load the member named by ``pk`` and require the personnel role on their unit.
member_access = _access(get_member)
