"""Two factors: a TOTP device (django-otp) and ten single-use recovery codes.

Which accounts must have them (:func:`two_factor_required`): the counting
committee's head and clerks, the units' personnel and office roles, and the
system's administrators — the roles that reach the count, personal data, or
the management of a whole subtree. ``DAIHOI_REQUIRE_2FA`` (true unless set
false, as the demo does) turns the requirement on; an account that has a
confirmed device is asked for a code at every login whatever the setting.

The device's own exponential throttle is off (``OTP_*_THROTTLE_FACTOR = 0``):
a wrong code is one more failure of the login throttle
(``services.login_failure_record``), counted like a wrong password.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from daihoi.accounts.models import CongressRole, UnitRole, User
from daihoi.actor import Actor
from daihoi.audit.services import audit_record

RECOVERY_CODES = 10

#: The unit roles and congress roles that need two factors (and every administrator).
UNIT_ROLES_2FA = frozenset({UnitRole.OFFICE, UnitRole.PERSONNEL})
CONGRESS_ROLES_2FA = frozenset({CongressRole.COUNTING_HEAD, CongressRole.COUNTING_CLERK})


def two_factor_required(user: Any) -> bool:
    """Whether this account's roles need two factors (the setting aside)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.unit_grants.filter(role__in=UNIT_ROLES_2FA).exists():
        return True
    return bool(user.congress_grants.filter(role__in=CONGRESS_ROLES_2FA).exists())


def two_factor_enforced(user: Any) -> bool:
    """Required by the roles and the setting is on."""
    return bool(settings.DAIHOI_REQUIRE_2FA) and two_factor_required(user)


def totp_device_of(user: User) -> TOTPDevice | None:
    """The account's confirmed TOTP device, if it has enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factors(user: Any) -> bool:
    return bool(
        user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def totp_pending(user: User, key: str) -> TOTPDevice:
    """The device the enrolment page shows, not saved: its secret waits in the session."""
    return TOTPDevice(user=user, key=key, name="totp", confirmed=False)


def new_totp_key() -> str:
    return str(default_key())


def _normal(code: str) -> str:
    return "".join(str(code).split()).lower()[:32]


def totp_confirm(*, actor: Actor | None, user: User, key: str, code: str) -> list[str] | None:
    """Save the device of ``key`` once one code from it is right; the recovery codes, or None.

    A wrong code writes nothing. A right one, all in one transaction: any older
    devices of the account removed, the device saved confirmed, ten recovery
    codes made, the enrolment audited.
    """
    token = _normal(code)
    device = totp_pending(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.last_t = totp.t()
        device.save()
        static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
        audit_record(
            actor=actor,
            action="two_factor.enrol",
            object_type="user",
            object_id=user.pk,
            after={"username": user.username, "recovery_codes": RECOVERY_CODES},
        )
    return codes


def code_verify(user: User, code: str) -> Device | None:
    """The confirmed device that accepts this code (6 digits or a recovery code), or None.

    A recovery code is deleted as it is accepted: it cannot be used twice.
    """
    token = _normal(code)
    if not token:
        return None
    with transaction.atomic():
        if token.isdigit():
            totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
            for device in totp:
                if device.verify_token(token):
                    return device
            return None
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in static:
            if device.verify_token(token):
                return device
    return None


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def two_factor_reset(*, actor: Actor | None, user: User) -> bool:
    """Remove the account's devices and recovery codes (audited); False if it had none."""
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    if not (totp or static):
        return False
    audit_record(
        actor=actor,
        action="two_factor.reset",
        object_type="user",
        object_id=user.pk,
        before={"username": user.username},
    )
    return True
