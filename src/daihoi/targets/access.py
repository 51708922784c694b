"""Who may read and change a target, on top of ``accounts.access``.

A target belongs to its unit: the unit's office changes it, whoever sees the
unit reads it — an upper unit's office and viewers read the targets of every
unit below, as ``unit_perms`` gives. Nothing else is new here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from daihoi.accounts.access import Perm, require, unit_perms
from daihoi.targets import selectors
from daihoi.targets.models import Target


def get_target(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Target:
    target = selectors.target_detail(pk)
    if target is None:
        raise Http404
    require(unit_perms(user, target.unit), perm)
    return target


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def target_access(
    perm: Perm = Perm.VIEW,
) -> Callable[[Callable[Concatenate[R, Target, P], HttpResponse]], Callable[..., HttpResponse]]:
    """Load the target named by the ``pk`` URL argument and check ``perm`` on its unit."""

    def decorate(
        view: Callable[Concatenate[R, Target, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: R, pk: int, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, get_target(request.user, pk, perm), *args, **kwargs)

        return wrapped

    return decorate
