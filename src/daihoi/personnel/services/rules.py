"""The rules of a term the dossiers are checked against, set by a unit for its subtree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from daihoi.actor import Actor
from daihoi.audit.services import audit_record
from daihoi.congresses.models import Term
from daihoi.errors import DomainError
from daihoi.organizations.models import Level, Unit
from daihoi.personnel.models import (
    ReferenceDate,
    RuleSet,
)

# --- the term's rules -------------------------------------------------------------------


RULE_FIELDS = (
    "first_time_months",
    "first_time_source",
    "reelection_months",
    "reelection_source",
    "secretary_max_terms",
    "term_limit_source",
    "self_nominee_deadline",
    "filing_source",
    "reference_source",
    "young_age",
    "target_women",
    "target_young",
    "target_minority",
    "target_renewal",
    "targets_source",
)


@transaction.atomic
def ruleset_save(
    *,
    actor: Actor | None,
    unit: Unit,
    term: Term,
    values: Mapping[str, Any],
    reference_dates: Mapping[int, dt.date | None],
) -> RuleSet:
    """Set the unit's rules for the term and its age reference date per level (all or none)."""
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(
            "rules.unknown",
            gettext_lazy("Unknown rule: %(rules)s"),
            rules=", ".join(sorted(unknown)),
        )
    for name in ("target_women", "target_young", "target_minority", "target_renewal"):
        v = values.get(name)
        if v is not None and not Decimal(0) <= Decimal(v) <= Decimal(100):
            raise DomainError(
                "rules.target_share",
                gettext_lazy("A target is a share between 0 and 100%."),
            )
    levels = {lv.pk: lv for lv in Level.objects.filter(pk__in=list(reference_dates))}
    if len(levels) != len(reference_dates):
        raise DomainError(
            "rules.level_unknown",
            gettext_lazy("Unknown level."),
        )
    ruleset, _created = RuleSet.objects.select_for_update().get_or_create(unit=unit, term=term)
    changed = [k for k, v in values.items() if getattr(ruleset, k) != v]
    for k, v in values.items():
        setattr(ruleset, k, v)
    ruleset.full_clean()
    ruleset.save()
    for level_id, on in reference_dates.items():
        current = ReferenceDate.objects.filter(rules=ruleset, level_id=level_id).first()
        if on is None:
            if current is not None:
                current.delete()
                changed.append(f"reference:{levels[level_id].code}")
        elif current is None or current.on != on:
            ReferenceDate.objects.update_or_create(
                rules=ruleset, level_id=level_id, defaults={"on": on}
            )
            changed.append(f"reference:{levels[level_id].code}")
    audit_record(
        actor=actor,
        action="personnel.rules.save",
        object_type="personnel_rules",
        object_id=ruleset.pk,
        unit_path=unit.path,
        after={
            "term": str(term),
            "changed": changed,
            **{k: values[k] for k in changed if k in values},
        },
    )
    return ruleset
