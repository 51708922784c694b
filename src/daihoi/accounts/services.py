"""Writes to accounts and roles, and the login throttle."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.db import transaction
from django.utils import timezone

from daihoi.accounts.access import HeldByUnit, InTree
from daihoi.accounts.models import CongressGrant, LoginFailure, UnitGrant, User
from daihoi.actor import Actor
from daihoi.audit.services import audit_record


class GrantedUnit(InTree, Protocol):
    """A unit as a grant names it: its place in the tree and its code.

    ``accounts`` imports no app: the unit and the congress (``HeldByUnit``)
    are known by what the grants read of them.
    """

    @property
    def pk(self) -> Any: ...

    @property
    def code(self) -> str: ...


@transaction.atomic
def user_create(
    *,
    actor: Actor | None,
    username: str,
    password: str,
    full_name: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username, full_name=full_name, is_superuser=is_superuser, is_staff=is_superuser
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.pk,
        after={"username": username, "full_name": full_name, "is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def unit_role_grant(*, actor: Actor | None, user: User, unit: GrantedUnit, role: str) -> UnitGrant:
    grant, created = UnitGrant.objects.get_or_create(user=user, unit_id=unit.pk, role=role)
    if created:
        audit_record(
            actor=actor,
            action="role.grant",
            object_type="user",
            object_id=user.pk,
            unit_path=unit.path,
            after={"unit": unit.code, "role": role},
        )
    return grant


@transaction.atomic
def unit_role_revoke(*, actor: Actor | None, user: User, unit: GrantedUnit, role: str) -> None:
    deleted, _ = UnitGrant.objects.filter(user=user, unit_id=unit.pk, role=role).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="role.revoke",
            object_type="user",
            object_id=user.pk,
            unit_path=unit.path,
            before={"unit": unit.code, "role": role},
        )


@transaction.atomic
def congress_role_grant(
    *, actor: Actor | None, user: User, congress: HeldByUnit, role: str
) -> CongressGrant:
    grant, created = CongressGrant.objects.get_or_create(
        user=user, congress_id=congress.pk, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="role.grant",
            object_type="user",
            object_id=user.pk,
            unit_path=congress.unit.path,
            after={"congress": congress.pk, "role": role},
        )
    return grant


@transaction.atomic
def congress_role_revoke(*, actor: Actor | None, grant: CongressGrant) -> None:
    congress = grant.congress
    deleted, _ = CongressGrant.objects.filter(pk=grant.pk).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="role.revoke",
            object_type="user",
            object_id=grant.user_id,
            unit_path=congress.unit.path,
            before={"congress": congress.pk, "role": grant.role},
        )


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_name_key(typed: str) -> str:
    """The name a login attempt is counted under: the account it would reach.

    The login form strips the name and folds Unicode compatibility forms
    (NFKC: fullwidth letters, ligatures) before the account is looked up, so
    the throttle does the same, and also ignores case: "nhansu ", "NHANSU"
    and "ｎｈａｎｓｕ" are all failures of "nhansu". Normalized first, cut to
    the column's length after, so padding cannot push the name out of it.
    """
    # A name longer than the column never reaches an account (the form refuses
    # it before normalizing); cutting it keeps normalization cheap.
    name = str(UsernameField().to_python(typed.strip()[:600]) or "").strip()
    return unicodedata.normalize("NFKC", name.casefold())[:150]


def login_is_throttled(*, username: str, address: str | None) -> bool:
    """Too many recent failures for this account, or from this address."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username=login_name_key(username)).count() >= limit:
        return True
    return address is not None and recent.filter(address=address).count() >= 4 * limit


def login_failure_record(*, username: str, address: str | None) -> None:
    """One more failure; a later success does not wipe it (the window does)."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(
        username=login_name_key(username), address=address, at=timezone.now()
    )
