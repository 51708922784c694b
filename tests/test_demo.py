from __future__ import annotations

import pytest
from django.utils import timezone

from daihoi.audit.services import audit_verify
from daihoi.cli import main
from daihoi.congresses.models import Congress, CongressStatus, Delegate
from daihoi.elections.models import Election
from daihoi.organizations.models import Member, Unit
from daihoi.papers.models import Paper, PaperRead
from daihoi.workgroups.models import WorkGroup


@pytest.mark.django_db
def test_the_demo_builds_a_fictional_province_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "tinhuy" in out and "daihoi-demo-2025" in out

    province = Unit.objects.get(code="TS")
    assert "hư cấu" in province.name
    assert 280 <= Unit.objects.count() <= 320
    assert 8_000 <= Member.objects.count() <= 12_000
    assert Unit.objects.filter(end_date__isnull=False, merged_into=province).count() == 1
    statuses = set(Congress.objects.values_list("status", flat=True))
    assert statuses == set(CongressStatus.values)

    # The commune congress ready for its committee election: a 10–15% surplus.
    election = Election.objects.get(congress__unit__name="Đảng bộ xã Hòa Bình")
    surplus = (election.candidates.count() - election.seats) / election.seats
    assert 0.10 <= surplus <= 0.15
    assert Delegate.objects.filter(congress=election.congress).count() == 120

    # The province's working group follows Hòa Bình; a recommendation of it overdue, one done.
    group = WorkGroup.objects.get(unit=province)
    assert "TS-X01" in group.followed.values_list("unit__code", flat=True)
    today = timezone.localdate()
    recs = list(group.recommendations.all())
    assert [r.unit.code for r in recs if r.is_overdue(today)] == ["TS-X01"]
    assert [r.state for r in recs].count("done") == 1
    assert group.members.filter(user__username="tocongtac").exists()
    # Its papers on the delegates' phones: a report in two versions, the programme, a draft.
    papers = {p.kind: p for p in Paper.objects.filter(congress=election.congress)}
    assert set(papers) == {"report", "programme", "draft"}
    assert papers["report"].versions.count() == 2
    assert PaperRead.objects.filter(version__paper=papers["programme"]).exists()
    assert audit_verify().ok

    units = Unit.objects.count()
    assert main(["demo"]) == 0
    assert "dùng lại" in capsys.readouterr().out
    assert Unit.objects.count() == units


def _printed_logins(out: str) -> list[tuple[str, str]]:
    """(username, password) of every login ``daihoi demo`` prints."""
    lines = out.split("Tài khoản đăng nhập thử:", 1)[1].strip().splitlines()
    return [(line.split()[0], line.split()[1]) for line in lines if line.startswith("  ")]


def _work_links(username: str) -> set[str]:
    """The addresses that lead a person to their work, from the roles the demo granted them."""
    from django.urls import reverse

    from daihoi.accounts.models import CongressGrant, CongressRole, UnitGrant, User

    user = User.objects.get(username=username)
    if user.is_superuser:
        return {reverse("unit_detail", args=[u.code]) for u in Unit.objects.filter(parent=None)}
    links = {
        reverse("unit_detail", args=[g.unit.code]) for g in UnitGrant.objects.filter(user=user)
    }
    for grant in CongressGrant.objects.filter(user=user):
        congress = grant.congress
        if grant.role in (CongressRole.PRESIDIUM, CongressRole.SECRETARIAT):
            links.add(reverse("hall_home", args=[congress.pk]))
        elif grant.role in (CongressRole.COUNTING_HEAD, CongressRole.COUNTING_CLERK):
            # The counting room of each election, or its page while the list is a draft.
            for election in Election.objects.filter(congress=congress):
                names = {
                    "draft": "election_detail",
                    "finalised": "election_result",
                    "list_approved": "count_home",
                    "counting": "count_home",
                }
                links.add(reverse(names[election.status], args=[election.pk]))
    return links


@pytest.mark.django_db
def test_every_printed_login_logs_in_and_lands_where_their_work_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from django.test import Client

    assert main(["demo"]) == 0
    logins = _printed_logins(capsys.readouterr().out)
    assert {"truongban", "kiemphieu", "kiemphieu2", "thuky", "anphu-truongban"} <= {
        u for u, _ in logins
    }
    for username, password in logins:
        client = Client()
        response = client.post("/login/", {"username": username, "password": password}, follow=True)
        assert response.status_code == 200, username
        assert response.wsgi_request.user.username == username, f"{username} cannot log in"
        landed = response.wsgi_request.path
        page = response.content.decode()
        expected = _work_links(username)
        assert expected, f"{username} holds no role in the demo"
        missing = {url for url in expected if url != landed and f'href="{url}"' not in page}
        assert not missing, f"{username} lands on {landed} without a link to {missing}"
        assert "chưa có vai trò" not in page, username
