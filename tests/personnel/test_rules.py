"""The term's rules are data: set per unit, the nearest one applies, each with its source."""

from __future__ import annotations

from django.urls import reverse

from daihoi.personnel import selectors, services
from daihoi.personnel.models import ReferenceDate, RuleSet
from tests.personnel.conftest import D, People, open_dossiers


def test_without_rules_the_defaults_and_the_congress_date_apply(people: People) -> None:
    ctx = selectors.context_for(people.congress)
    assert ctx.ruleset is None
    assert (ctx.reference.on, ctx.reference.origin) == (D(2025, 10, 1), "congress")
    assert (ctx.rules.first_time.min_months, ctx.rules.reelection.min_months) == (60, 48)


def test_the_reference_date_is_set_per_level_by_the_unit_above(people: People) -> None:
    t = people.tree
    services.ruleset_save(
        actor=None,
        unit=t.P,
        term=people.congress.term,
        values={"reference_source": "Hướng dẫn 05-HD/TU"},
        reference_dates={t.A.level_id: D(2025, 7, 1), t.P.level_id: D(2025, 10, 15)},
    )
    ctx = selectors.context_for(people.congress)
    assert (ctx.reference.on, ctx.reference.origin) == (D(2025, 7, 1), "rules")
    assert ctx.reference.source == "Hướng dẫn 05-HD/TU"


def test_the_nearest_rules_win(people: People) -> None:
    t, term = people.tree, people.congress.term
    services.ruleset_save(
        actor=None, unit=t.P, term=term, values={"reelection_months": 42}, reference_dates={}
    )
    services.ruleset_save(
        actor=None, unit=t.A, term=term, values={"reelection_months": 54}, reference_dates={}
    )
    assert selectors.context_for(people.congress).rules.reelection.min_months == 54
    assert selectors.context_for(t.congress_B).rules.reelection.min_months == 42


def test_the_rules_page_saves_the_units_own_rules(people: People) -> None:
    t = people.tree
    client = t.client_for(people.personnel_A)
    url = reverse("personnel_rules", args=[t.A.code])
    page = client.get(url).content.decode()
    assert "45-CT/TW" in page
    data = {
        "first_time_months": "60",
        "first_time_source": "Chỉ thị 45-CT/TW",
        "reelection_months": "48",
        "reelection_source": "Chỉ thị 45-CT/TW",
        "secretary_max_terms": "2",
        "term_limit_source": "Quy định",
        "self_nominee_deadline": "31/08/2025",
        "filing_source": "Thông báo của Đảng ủy xã",
        "reference_source": "",
        "young_age": "40",
        "target_women": "15",
        "target_young": "",
        "target_minority": "",
        "target_renewal": "30",
        "targets_source": "153-KH/TU",
        f"ref_{t.A.level_id}": "01/09/2025",
    }
    assert client.post(url, data).status_code == 302
    rules = RuleSet.objects.get(unit=t.A)
    assert rules.self_nominee_deadline == D(2025, 8, 31)
    assert ReferenceDate.objects.get(rules=rules).on == D(2025, 9, 1)


def test_a_late_self_nominee_is_flagged_by_the_deadline(people: People) -> None:
    services.ruleset_save(
        actor=None,
        unit=people.tree.A,
        term=people.congress.term,
        values={"self_nominee_deadline": D(2025, 8, 31), "filing_source": "Thông báo"},
        reference_dates={},
    )
    dossier = open_dossiers(people, nomination="self", filed_on=D(2025, 9, 2))[1]
    ctx = selectors.context_for(people.congress)
    row = selectors.row_of(selectors.dossiers_query(people.congress).get(pk=dossier.pk), ctx)
    assert [(c.code, c.outcome) for c in row.checks][-1] == ("filing_deadline", "fail")
    assert row.flagged


def test_a_target_over_100_percent_is_refused(people: People) -> None:
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.ruleset_save(
            actor=None,
            unit=people.tree.A,
            term=people.congress.term,
            values={"target_women": 150},
            reference_dates={},
        )
    assert not RuleSet.objects.exists()
