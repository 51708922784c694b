"""The result package between the counting station and the portal (Django side).

The station exports a sealed election with its ballots, result and minutes,
signed with its own Ed25519 key (kept in the data folder); the portal imports
a package only after ``read_package`` has checked every byte, the signature
and a recount, the key is registered for the package's own unit (by the
office above it), and the minutes state the result's figures. One package
stands per election and round; a later one is kept as a dispute that an
office above the unit resolves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import daihoi
from daihoi.audit.services import audit_record
from daihoi.core.elections.formats import result_to_json
from daihoi.core.package import (
    PackageError,
    PackageMeta,
    VerifiedPackage,
    build_package,
    check_minutes,
    key_fingerprint,
    normalize_fingerprint,
    read_package,
    station_key_load_or_create,
)
from daihoi.elections.definition import election_json
from daihoi.elections.documents import minutes_docx, minutes_pdf
from daihoi.elections.models import (
    Election,
    ElectionStatus,
    ReceivedResult,
    ResultDispute,
    ResultStanding,
    StationKey,
)
from daihoi.elections.selectors import counted_ballots
from daihoi.elections.services.testing import refuse_while_testing
from daihoi.organizations.models import Unit


def station_key_path() -> Path:
    """Where this station's signing key lives: ``DAIHOI_STATION_KEY_FILE``, else the data folder."""
    configured = getattr(settings, "STATION_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "station-ed25519.pem"


def station_key() -> Ed25519PrivateKey:
    """This station's signing key, opened with ``DAIHOI_STATION_PASSPHRASE`` when it is set.

    ``PackageError`` when the file is encrypted and the passphrase is missing or wrong.
    """
    passphrase = getattr(settings, "STATION_PASSPHRASE", "")
    return station_key_load_or_create(
        station_key_path(), passphrase.encode("utf-8") if passphrase else None
    )


def station_fingerprint() -> str:
    return key_fingerprint(station_key().public_key())


def package_export(*, actor: Any, election: Election, station: str = "") -> bytes:
    """The signed package of a sealed election, its export audited."""
    data, fingerprint = package_build(election=election, station=station)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="election.package_export",
            object_type="election",
            object_id=election.pk,
            unit_path=election.congress.unit.path,
            after={"fingerprint": fingerprint, "bytes": len(data)},
        )
    return data


def package_build(*, election: Election, station: str = "") -> tuple[bytes, str]:
    """The signed package of a sealed election and the signing key's fingerprint.

    Not audited: the caller records what it does with it (an export, an archive).
    """
    refuse_while_testing(election)
    if election.status != ElectionStatus.FINALISED or election.result is None:
        raise ValidationError(_("Only a sealed result can be sent up."))
    congress = election.congress
    key = station_key()
    meta = PackageMeta(
        unit_code=congress.unit.code,
        unit_name=congress.unit.name,
        congress=str(congress),
        station=station or congress.unit.name,
        sealed_at=timezone.localtime(election.sealed_at),
        seal_hash=election.seal_hash,
        software=f"daihoi {daihoi.__version__}",
    )
    data = build_package(
        election=election_json(election),
        ballots=counted_ballots(election),
        result=election.result,
        minutes_pdf=minutes_pdf(election),
        minutes_docx=minutes_docx(election),
        meta=meta,
        key=key,
    )
    return data, key_fingerprint(key.public_key())


# --- the portal: registered station keys, import, disputes ------------------------------


def registered_fingerprints(unit: Unit) -> set[str]:
    """The keys registered (and not withdrawn) for exactly this unit."""
    return set(
        StationKey.objects.filter(unit=unit, withdrawn_at__isnull=True).values_list(
            "fingerprint", flat=True
        )
    )


@transaction.atomic
def station_key_register(
    *, actor: Any, unit: Unit, fingerprint: str, station: str = ""
) -> StationKey:
    """Register a counting station's key for one unit (the office above it decides, in the view).

    The fingerprint is taken as typed (any case, spaces, colons or hyphens)
    and kept in its printed form.
    """
    try:
        printed = normalize_fingerprint(fingerprint)
    except ValueError:
        raise ValidationError(
            _(
                "“%s” is not a key fingerprint: 32 hexadecimal digits are needed, "
                "e.g. 3F2A-91C0-7B1E-D4A8-0C55-E9F1-2B6D-8A03."
            )
            % fingerprint[:60]
        ) from None
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if StationKey.objects.filter(
        unit=unit, fingerprint=printed, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(
            _("The key %(fp)s is already registered for %(unit)s.")
            % {"fp": printed, "unit": unit.name}
        )
    key = StationKey.objects.create(
        unit=unit,
        fingerprint=printed,
        station=" ".join(station.split())[:200],
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="station_key.register",
        object_type="station_key",
        object_id=key.pk,
        unit_path=unit.path,
        after={"unit": unit.code, "fingerprint": printed, "station": key.station},
    )
    return key


@transaction.atomic
def station_key_withdraw(*, actor: Any, key: StationKey) -> StationKey:
    """Withdraw a registration: packages signed by that key are no longer imported for the unit."""
    key = StationKey.objects.select_for_update().get(pk=key.pk)
    if key.withdrawn_at is not None:
        raise ValidationError(_("This key registration was already withdrawn."))
    key.withdrawn_at = timezone.now()
    key.withdrawn_by = actor if getattr(actor, "pk", None) else None
    key.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action="station_key.withdraw",
        object_type="station_key",
        object_id=key.pk,
        unit_path=key.unit.path,
        before={"unit": key.unit.code, "fingerprint": key.fingerprint},
    )
    return key


@transaction.atomic
def package_import(
    *, actor: Any, data: bytes, trusted: list[str] | None = None, unit: Unit | None = None
) -> tuple[ReceivedResult, VerifiedPackage]:
    """Verify a package and keep it under its unit; raises ``PackageError`` or ``ValidationError``.

    Kept only when every check holds, in order: the file itself
    (``read_package``: format, signature, parts, recount; ``trusted``, when
    given, narrows the keys further), its unit exists (and is ``unit`` when
    the caller expects one), the signing key is registered for exactly that
    unit, the file was not imported before, and the minutes state the
    result's figures. The first package of an election and round stands; a
    later one is kept as ``disputed`` in the election's open dispute (see
    :func:`dispute_resolve`). Nothing is written when a check fails.
    """
    verified = read_package(data, trusted=trusted)
    meta = verified.meta
    found = Unit.objects.select_for_update().filter(code=meta.unit_code).first()
    if found is None:
        raise ValidationError(
            _("The package is from unit %s, which this portal does not have.") % meta.unit_code[:60]
        )
    if unit is not None and found.pk != unit.pk:
        raise ValidationError(
            _("The package is the result of %(other)s, not of %(unit)s.")
            % {"other": found.name, "unit": unit.name}
        )
    if verified.fingerprint not in registered_fingerprints(found):
        raise PackageError(
            "key_not_registered",
            fingerprint=verified.fingerprint,
            unit=f"{found.code} – {found.name}",
        )
    if ReceivedResult.objects.filter(sha256=verified.sha256).exists():
        raise ValidationError(_("This package was already imported."))
    check_minutes(verified)
    definition = verified.definition
    label = meta.congress[:300]
    same = ReceivedResult.objects.filter(
        unit=found, congress_label=label, kind=definition.kind, round=definition.round
    )
    standing = same.filter(standing=ResultStanding.STANDING).first()
    dispute = None
    if standing is not None:
        dispute = ResultDispute.objects.filter(
            unit=found,
            congress_label=label,
            kind=definition.kind,
            round=definition.round,
            resolved_at__isnull=True,
        ).first()
        if dispute is None:
            dispute = ResultDispute.objects.create(
                unit=found,
                congress_label=label,
                kind=definition.kind,
                round=definition.round,
                title=definition.title[:255],
            )
        if standing.dispute_id != dispute.pk:
            standing.dispute = dispute
            standing.save(update_fields=["dispute"])
    received = ReceivedResult.objects.create(
        unit=found,
        election_ref=definition.id,
        title=definition.title[:255],
        kind=definition.kind,
        round=definition.round,
        outcome=verified.result.outcome,
        result=result_to_json(verified.result),
        station=meta.station[:200],
        fingerprint=verified.fingerprint,
        seal_hash=meta.seal_hash,
        sealed_at=meta.sealed_at,
        sha256=verified.sha256,
        package=data,
        congress_label=label,
        standing=ResultStanding.DISPUTED if dispute else ResultStanding.STANDING,
        dispute=dispute,
    )
    audit_record(
        actor=actor,
        action="election.package_import",
        object_type="received_result",
        object_id=received.pk,
        unit_path=found.path,
        after={
            "sha256": verified.sha256,
            "fingerprint": verified.fingerprint,
            "election": definition.id,
            "outcome": verified.result.outcome,
            "standing": received.standing,
            "dispute": dispute.pk if dispute else None,
        },
    )
    return received, verified


@transaction.atomic
def dispute_resolve(
    *, actor: Any, dispute: ResultDispute, keep: ReceivedResult, reason: str
) -> ResultDispute:
    """Keep one package of a dispute, with the reason; the others are set aside.

    A package set aside that a unit's report already used is taken out of
    that report (its people stay, for the office to check against the kept
    package); the audit entry names the reports.
    """
    dispute = ResultDispute.objects.select_for_update().get(pk=dispute.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for keeping this package."))
    if dispute.resolved_at is not None:
        raise ValidationError(_("This dispute was already resolved."))
    members = list(dispute.results.select_for_update().order_by("pk"))
    if keep.pk not in {m.pk for m in members}:
        raise ValidationError(_("The package to keep is not one of this dispute's."))
    set_aside, unlinked = [], []
    for member in members:
        if member.pk == keep.pk:
            continue
        if member.standing != ResultStanding.SET_ASIDE:
            member.standing = ResultStanding.SET_ASIDE
            member.save(update_fields=["standing"])
        set_aside.append(member.sha256)
        reports = list(member.planning_reports.values_list("pk", flat=True))
        if reports:
            member.planning_reports.clear()
            unlinked += reports
    keep = ReceivedResult.objects.get(pk=keep.pk)
    keep.standing = ResultStanding.STANDING
    keep.save(update_fields=["standing"])
    dispute.resolved_at = timezone.now()
    dispute.resolved_by = actor if getattr(actor, "pk", None) else None
    dispute.reason = reason
    dispute.kept = keep
    dispute.save(update_fields=["resolved_at", "resolved_by", "reason", "kept"])
    audit_record(
        actor=actor,
        action="election.dispute_resolve",
        object_type="result_dispute",
        object_id=dispute.pk,
        unit_path=dispute.unit.path,
        after={
            "kept": keep.sha256,
            "set_aside": set_aside,
            "reason": reason,
            "reports_unlinked": unlinked,
        },
    )
    return dispute
