"""The crawler's world: the demo as `daihoi demo` builds it, and every URL filled from it.

Every URL pattern of the URLconf is filled with real ids. A pattern is named
by its route with the converters dropped ("elections/<pk>/count/streams/<sid>/");
its first parameter is found from the route's first segment, each later one
from the route's text before it. A pattern with a parameter this table does
not know cannot be filled, and the crawler fails on it: a new URL is crawled
or the test says why not.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver

from daihoi.accounts.models import ApiToken, CongressGrant, UnitGrant
from daihoi.congresses.models import (
    AgendaItem,
    BaseDeduction,
    Congress,
    Delegate,
    PassReissue,
    ProceduralVote,
    Sitting,
    Speaker,
    Speech,
)
from daihoi.congresses.voting import pass_token
from daihoi.consultation.models import Comment, Draft, Round, Version
from daihoi.elections.models import (
    Batch,
    Candidate,
    Deduction,
    Election,
    ReceivedResult,
    ResultDispute,
    ScanImportJob,
    ScannedBallot,
    StationKey,
    Stream,
)
from daihoi.organizations.models import Member, Unit
from daihoi.papers.models import Paper, PaperVersion
from daihoi.personnel.models import (
    CadrePoolEntry,
    Dossier,
    DossierDocument,
    ServedTerm,
    StepEntry,
    StepRecord,
)
from daihoi.planning.models import Document, ExportJob, Milestone, ReportPerson
from daihoi.targets.models import Actual, Target
from daihoi.workgroups.models import FollowedUnit, GroupMember, Recommendation, Visit, WorkGroup

#: How many objects of each kind a pattern is crawled with (states differ: draft, sealed…).
PER_KIND = 2


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name" for a namespaced pattern
    route: str  # the full route, converters kept
    key: str  # the route without converters: "elections/<pk>/count/"
    params: tuple[str, ...]


def patterns() -> list[Pattern]:
    """Every named pattern of the URLconf, included ones too."""
    found: list[Pattern] = []

    def walk(items: list[Any], prefix: str, namespace: str | None) -> None:
        for p in items:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                name = f"{namespace}:{p.name}" if namespace else p.name
                key = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)
                found.append(Pattern(name, route, key, tuple(re.findall(r"<(\w+)>", key))))

    walk(get_resolver().url_patterns, "", None)
    return found


def _pks(qs: QuerySet[Any], n: int = PER_KIND) -> list[Any]:
    return list(qs.order_by("pk").values_list("pk", flat=True)[:n])


def _spread(qs: QuerySet[Any], field: str) -> list[Any]:
    """One object per value of ``field`` (e.g. one election per status), a few at most."""
    seen: dict[Any, Any] = {}
    for pk, value in qs.order_by("pk").values_list("pk", field):
        seen.setdefault(value, pk)
    return list(seen.values())[: PER_KIND + 2]


Values = Callable[[dict[str, Any]], list[Any]]

#: first parameter: the route's text up to it -> the values to try.
FIRST: dict[str, Values] = {
    "units/<code>": lambda kw: ["TS", "TS-X01", "TS-X01-C01"],
    "api/units/<code>": lambda kw: ["TS", "TS-X01"],
    "congresses/<pk>": lambda kw: _congresses(),
    "api/congresses/<pk>": lambda kw: _congresses()[:1],
    "api/v1/units/<code>": lambda kw: ["TS", "TS-X01"],
    "api/v1/congresses/<pk>": lambda kw: _congresses(),
    "api/v1/elections/<pk>": lambda kw: _spread(Election.objects.all(), "status"),
    "api/v1/rounds/<pk>": lambda kw: [
        *_pks(Round.objects.filter(closed_at__isnull=True), 1),
        *_pks(Round.objects.filter(closed_at__isnull=False), 1),
    ],
    "account/api-tokens/<tid>": lambda kw: _pks(ApiToken.objects.all(), 1),
    "elections/<pk>": lambda kw: [
        *_spread(Election.objects.all(), "status"),
        *_pks(Election.objects.annotate(n=Count("candidates")).filter(n__lt=F("seats")), 1),
    ],
    "documents/<pk>": lambda kw: _pks(Document.objects.filter(milestones__isnull=False)),
    "dossiers/<pk>": lambda kw: _pks(Dossier.objects.filter(documents__isnull=False)),
    "members/<pk>": lambda kw: _pks(Member.objects.filter(personnel_terms__isnull=False)),
    "targets/<pk>": lambda kw: _pks(Target.objects.filter(actuals__isnull=False)),
    "drafts/<pk>": lambda kw: _pks(Draft.objects.all(), 2),
    "drafts/versions/<pk>": lambda kw: _pks(Version.objects.all(), 2),
    "drafts/rounds/<pk>": lambda kw: [
        *_pks(Round.objects.filter(closed_at__isnull=True), 1),
        *_pks(Round.objects.filter(closed_at__isnull=False), 1),
    ],
    "drafts/comments/<pk>": lambda kw: _pks(Comment.objects.all(), 2),
    "v/<token>": lambda kw: _tokens(),
    "v/papers/<pk>": lambda kw: _congresses()[:1],
    "exports/<pk>": lambda kw: _pks(ExportJob.objects.all(), 1),
    "workgroups/<pk>": lambda kw: _pks(WorkGroup.objects.all(), 1),
    "recommendations/<pk>": lambda kw: [
        *_pks(Recommendation.objects.filter(done_on__isnull=True), 1),
        *_pks(Recommendation.objects.filter(done_on__isnull=False), 1),
    ],
}


def _congresses() -> list[int]:
    """The commune congress in session, the counted one, and the province's."""
    in_hall = Congress.objects.filter(sittings__isnull=False).distinct()
    counted = Congress.objects.filter(elections__status="finalised").distinct()
    return [*_pks(in_hall, 1), *_pks(counted, 1), *_pks(Congress.objects.filter(unit__code="TS"))]


def _issuer_and_below(pk: int) -> list[str]:
    """A document's issuer and the first unit below it (both may hold its conference)."""
    issuer = Document.objects.select_related("issuer").get(pk=pk).issuer
    below = Unit.objects.filter(parent=issuer, end_date__isnull=True).order_by("code")
    return [issuer.code, *below.values_list("code", flat=True)[:1]]


def _tokens() -> list[str]:
    """The vote link of a delegate who checked in."""
    present = Delegate.objects.filter(attendance__isnull=False).distinct().order_by("pk")
    return [pass_token(d) for d in present[:1]]


def _numbers(paper: int) -> list[int]:
    """A paper's versions: the current one and the one before it."""
    return list(
        PaperVersion.objects.filter(paper_id=paper)
        .order_by("-number")
        .values_list("number", flat=True)[:2]
    )


def _of(model: type[Model], **lookup: str) -> Values:
    """The pks of ``model`` belonging to the parent named by the first parameter."""
    return lambda kw: _pks(
        model._default_manager.filter(**{f: kw[p] for f, p in lookup.items()}), 2
    )


#: later parameter: (the first parameter's route, the text before it) -> the values to try.
LATER: dict[tuple[str, str], Values] = {
    ("units/<code>", "/roles/<grant_id>"): _of(UnitGrant, unit__code="code"),
    ("units/<code>", "/targets/<term>"): lambda kw: list(
        Target.objects.filter(unit__code=kw["code"]).values_list("term_id", flat=True).distinct()
    ),
    ("congresses/<pk>", "/roles/<grant_id>"): _of(CongressGrant, congress_id="pk"),
    ("congresses/<pk>", "/hall/sittings/<sid>"): _of(Sitting, congress_id="pk"),
    ("congresses/<pk>", "/hall/attendance/<sid>"): _of(Sitting, congress_id="pk"),
    ("congresses/<pk>", "/hall/delegates/<did>"): _of(Delegate, congress_id="pk"),
    ("congresses/<pk>", "/hall/deductions/<xid>"): _of(BaseDeduction, congress_id="pk"),
    ("congresses/<pk>", "/hall/agenda/<iid>"): _of(AgendaItem, congress_id="pk"),
    ("congresses/<pk>", "/hall/speakers/<spid>"): _of(Speaker, item__congress_id="pk"),
    ("congresses/<pk>", "/hall/speeches/<spid>"): lambda kw: _spread(
        Speech.objects.filter(congress_id=kw["pk"]), "status"
    ),
    ("congresses/<pk>", "/hall/votes/<vid>"): lambda kw: _spread(
        ProceduralVote.objects.filter(congress_id=kw["pk"]), "status"
    ),
    ("congresses/<pk>", "/report/people/<pid>"): _of(ReportPerson, report__congress_id="pk"),
    ("congresses/<pk>", "/report/packages/<rid>"): lambda kw: _pks(
        ReceivedResult.objects.filter(unit__congresses__pk=kw["pk"]), 1
    ),
    ("elections/<pk>", "/candidates/<cid>"): _of(Candidate, election_id="pk"),
    ("elections/<pk>", "/deductions/<did>"): _of(Deduction, election_id="pk"),
    ("elections/<pk>", "/count/batches/<bid>"): _of(Batch, election_id="pk"),
    ("elections/<pk>", "/batches/<bid>"): _of(Batch, election_id="pk"),
    ("elections/<pk>", "/count/streams/<sid>"): _of(Stream, batch__election_id="pk"),
    ("elections/<pk>", "/review/<sid>"): _of(ScannedBallot, election_id="pk"),
    ("elections/<pk>", "/scans/imports/<jid>"): _of(ScanImportJob, election_id="pk"),
    ("elections/<pk>", "/crop/<area>"): lambda kw: ["1", "stamp"],
    ("elections/<pk>", "/review/blank/<area>"): lambda kw: ["1", "stamp"],
    ("units/<code>", "/stations/<kid>"): lambda kw: _pks(
        StationKey.objects.filter(unit__parent__code=kw["code"]), 1
    ),
    ("congresses/<pk>", "/hall/reissues/<rid>"): _of(PassReissue, congress_id="pk"),
    ("units/<code>", "/disputes/<did>"): lambda kw: _pks(
        ResultDispute.objects.filter(unit__parent__code=kw["code"]), 1
    ),
    ("documents/<pk>", "/milestones/<mid>"): _of(Milestone, document_id="pk"),
    ("documents/<pk>", "/dissemination/<code>"): lambda kw: _issuer_and_below(kw["pk"]),
    ("documents/<pk>", "/coverage/<code>"): lambda kw: _issuer_and_below(kw["pk"]),
    ("dossiers/<pk>", "/documents/<did>"): _of(DossierDocument, dossier_id="pk"),
    ("members/<pk>", "/personnel/terms/<tid>"): _of(ServedTerm, member_id="pk"),
    ("congresses/<pk>", "/nomination/pool/<eid>"): lambda kw: _pks(
        CadrePoolEntry.objects.filter(unit__congresses__pk=kw["pk"]), 1
    ),
    ("congresses/<pk>", "/nomination/steps/<code>"): lambda kw: list(
        StepRecord.objects.filter(run__congress_id=kw["pk"])
        .order_by("-pk")
        .values_list("code", flat=True)[:2]
    ),
    ("congresses/<pk>", "/entry/<eid>"): lambda kw: _pks(
        StepEntry.objects.filter(step__run__congress_id=kw["pk"], step__code=kw["code"]), 1
    ),
    ("targets/<pk>", "/actuals/<year>"): lambda kw: list(
        Actual.objects.filter(target_id=kw["pk"]).values_list("year", flat=True)[:2]
    ),
    ("drafts/rounds/<pk>", "/sections/<number>"): lambda kw: list(
        Round.objects.get(pk=kw["pk"]).version.sections.values_list("number", flat=True)[:2]
    ),
    ("workgroups/<pk>", "/members/<mid>"): _of(GroupMember, group_id="pk"),
    ("workgroups/<pk>", "/units/<uid>"): lambda kw: list(
        FollowedUnit.objects.filter(group_id=kw["pk"])
        .order_by("unit__path")
        .values_list("unit_id", flat=True)[:2]
    ),
    ("workgroups/<pk>", "/visits/<vid>"): _of(Visit, group_id="pk"),
    ("congresses/<pk>", "/papers/<pid>"): _of(Paper, congress_id="pk"),
    ("congresses/<pk>", "/v/<number>"): lambda kw: _numbers(kw["pid"]),
    ("v/<token>", "/papers/<pid>"): lambda kw: _pks(
        Paper.objects.filter(congress__delegates__pk=int(kw["token"].split(".")[0])), 2
    ),
    ("v/<token>", "/v/<number>"): lambda kw: _numbers(kw["pid"]),
    ("v/<token>", "/votes/<vid>"): lambda kw: _pks(
        ProceduralVote.objects.filter(congress__delegates__pk=int(kw["token"].split(".")[0])), 2
    ),
}


class Unfillable(Exception):
    pass


def fill(pattern: Pattern) -> Iterator[dict[str, Any]]:
    """Every way to fill the pattern's parameters with real ids (a few per parameter)."""
    if not pattern.params:
        yield {}
        return
    first = pattern.params[0]
    head = pattern.key.split(f"<{first}>")[0] + f"<{first}>"
    if head not in FIRST:
        raise Unfillable(f"{pattern.name}: no values for {head}")
    rest = pattern.key[len(head) :]
    steps: list[tuple[str, str]] = []
    for param in pattern.params[1:]:
        before, rest = rest.split(f"<{param}>", 1)
        key = (head, "/" + before.strip("/") + f"/<{param}>")
        if key not in LATER:
            raise Unfillable(f"{pattern.name}: no values for {key}")
        steps.append((param, key[1]))
    found = False
    for value in FIRST[head]({}):
        partial: list[dict[str, Any]] = [{first: value}]
        for param, text in steps:
            partial = [{**kw, param: v} for kw in partial for v in LATER[(head, text)](kw)]
        for kw in itertools.islice(partial, 1):
            found = True
            yield kw
    if not found:
        raise Unfillable(f"{pattern.name}: the demo has no objects to fill it with")
