"""Everything kept about one person, as one JSON file (a data subject's copy).

``daihoi/person@1``: the member's data from the unit's list, the personnel
record, the terms served, and every dossier with its documents and the checks
as they stand today. Reading it is logged by the view through the services.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from daihoi.organizations.models import Member
from daihoi.personnel import selectors
from daihoi.personnel.models import PersonalRecord, ServedTerm


def _date(d: Any) -> str | None:
    return d.isoformat() if d else None


def person_json(member: Member) -> dict[str, Any]:
    record = PersonalRecord.objects.filter(member=member).first()
    terms = ServedTerm.objects.filter(member=member).order_by("start_year", "pk")
    dossiers = []
    for dossier in selectors.member_dossiers(member):
        ctx = selectors.context_for(dossier.congress)
        row = selectors.row_of(selectors.dossiers_query(dossier.congress).get(pk=dossier.pk), ctx)
        dossiers.append(
            {
                "congress": {
                    "unit": dossier.congress.unit.code,
                    "unit_name": dossier.congress.unit.name,
                    "term": str(dossier.congress.term),
                },
                "post": dossier.post,
                "nomination": dossier.nomination,
                "reelection": dossier.reelection,
                "filed_on": _date(dossier.filed_on),
                "on_list": dossier.on_list,
                "note": dossier.note,
                "documents": [
                    {
                        "kind": d.kind,
                        "title": d.title,
                        "issuer": d.issuer,
                        "issued_on": _date(d.issued_on),
                        "number": d.number,
                    }
                    for d in dossier.documents.all()
                ],
                "reference_date": _date(ctx.reference.on),
                "checks": [
                    {
                        "rule": c.code,
                        "outcome": c.outcome,
                        "required": c.required,
                        "actual": c.actual,
                        "source": c.source,
                    }
                    for c in row.checks
                ],
            }
        )
    return {
        "format": "daihoi/person@1",
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "member": {
            "full_name": member.full_name,
            "sex": member.sex,
            "birth_date": _date(member.birth_date),
            "ethnicity": member.ethnicity,
            "joined_on": _date(member.joined_on),
            "official": member.is_official,
            "unit": member.unit.code,
            "unit_name": member.unit.name,
        },
        "record": {
            "education": record.education,
            "political_theory": record.political_theory,
            "current_post": record.current_post,
        }
        if record
        else None,
        "terms_served": [
            {"post": t.post, "body": t.body, "from": t.start_year, "to": t.end_year} for t in terms
        ],
        "dossiers": dossiers,
    }


def person_json_bytes(member: Member) -> bytes:
    return json.dumps(person_json(member), ensure_ascii=False, indent=2).encode("utf-8")
