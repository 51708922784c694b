"""The result package between the counting station and the portal (Django side).

The station exports a sealed election with its ballots, result and minutes,
signed with its own Ed25519 key (kept in the data folder); the portal imports
a package only after ``read_package`` has checked every byte, the signature,
the key (when trusted keys are configured) and a recount.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import daihoi
from daihoi.audit.services import audit_record
from daihoi.core.elections.formats import result_to_json
from daihoi.core.package import (
    PackageMeta,
    VerifiedPackage,
    build_package,
    key_fingerprint,
    read_package,
    station_key_load_or_create,
)
from daihoi.elections.definition import election_json
from daihoi.elections.documents import minutes_docx, minutes_pdf
from daihoi.elections.models import Election, ElectionStatus, ReceivedResult
from daihoi.elections.services import counted_ballots
from daihoi.organizations.models import Unit


def station_key_path() -> Path:
    return Path(settings.DATA_DIR) / "station-ed25519.pem"


def station_fingerprint() -> str:
    return key_fingerprint(station_key_load_or_create(station_key_path()).public_key())


def package_export(*, actor: Any, election: Election, station: str = "") -> bytes:
    """The signed package of a sealed election."""
    if election.status != ElectionStatus.FINALISED or election.result is None:
        raise ValidationError(_("Only a sealed result can be sent up."))
    congress = election.congress
    key = station_key_load_or_create(station_key_path())
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
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="election.package_export",
            object_type="election",
            object_id=election.pk,
            unit_path=congress.unit.path,
            after={"fingerprint": key_fingerprint(key.public_key()), "bytes": len(data)},
        )
    return data


@transaction.atomic
def package_import(
    *, actor: Any, data: bytes, trusted: list[str] | None = None
) -> tuple[ReceivedResult, VerifiedPackage]:
    """Verify a package (raises ``PackageError``) and keep it under its unit."""
    verified = read_package(data, trusted=trusted)
    unit = Unit.objects.filter(code=verified.meta.unit_code).first()
    if unit is None:
        raise ValidationError(
            _("The package is from unit %s, which this portal does not have.")
            % verified.meta.unit_code
        )
    if ReceivedResult.objects.filter(sha256=verified.sha256).exists():
        raise ValidationError(_("This package was already imported."))
    received = ReceivedResult.objects.create(
        unit=unit,
        election_ref=verified.definition.id,
        title=verified.definition.title,
        kind=verified.definition.kind,
        round=verified.definition.round,
        outcome=verified.result.outcome,
        result=result_to_json(verified.result),
        station=verified.meta.station,
        fingerprint=verified.fingerprint,
        seal_hash=verified.meta.seal_hash,
        sealed_at=verified.meta.sealed_at,
        sha256=verified.sha256,
        package=data,
    )
    audit_record(
        actor=actor,
        action="election.package_import",
        object_type="received_result",
        object_id=received.pk,
        unit_path=unit.path,
        after={
            "sha256": verified.sha256,
            "fingerprint": verified.fingerprint,
            "election": verified.definition.id,
            "outcome": verified.result.outcome,
        },
    )
    return received, verified
