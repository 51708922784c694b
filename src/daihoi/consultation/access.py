"""Who reads drafts, who comments, who answers — on top of ``accounts.access``.

- **Read** a draft: whoever sees its unit; whoever holds a unit role anywhere
  below it (a commune reads the province's draft); whoever holds a congress
  role (a delegate …) in a congress of a unit in its subtree for its term.
- **Manage** a draft (versions, rounds, answers, aggregation, the report) —
  the documents subcommittee: the office role of the draft's unit (or of a
  unit above it), nothing new in accounts.
- **Comment** in a round, while it is open:
  * on behalf of a unit: the office role of a unit inside the round's
    subtree comments for that unit (and imports the comments it collected
    from the units below it);
  * as oneself (there is no member login yet): when the round lets members
    comment, a user with any unit role inside the subtree, or a delegate of
    a congress of a unit inside it for the draft's term. The comment is filed
    under that unit.
  Holding a role above the subtree (the province office on a commune's
  round) is not a place in it: such a user reads and manages, but does not
  comment.
- **Read the comments** of a round: the draft's documents subcommittee and
  whoever holds a unit role on the draft's unit or above it read them all;
  anyone else reads only the comments of the units they hold a role on (and
  those below), of the unit of a congress they hold a role in, and their own
  (:func:`visible_comments`). A commune does not read another commune's
  comments; it reads the published figures and topics of the report.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from daihoi.accounts.access import Perm, by_key, object_access, require, root_paths, unit_perms
from daihoi.accounts.models import CongressRole, UnitRole
from daihoi.consultation.models import Comment, Draft, Round, Version
from daihoi.organizations.models import Unit


def draft_perms(user: Any, draft: Draft) -> frozenset[Perm]:
    perms = unit_perms(user, draft.unit)
    if Perm.VIEW in perms or not (user.is_authenticated and user.is_active):
        return perms
    if any(path.startswith(draft.unit.path) for path in root_paths(user)):
        return frozenset({Perm.VIEW})
    if user.congress_grants.filter(
        congress__term_id=draft.term_id, congress__unit__path__startswith=draft.unit.path
    ).exists():
        return frozenset({Perm.VIEW})
    return perms


def reads_all_comments(user: Any, draft: Draft) -> bool:
    """The documents subcommittee, or a role on the draft's unit or above it
    (every commenting unit is in the draft unit's subtree)."""
    return Perm.VIEW in unit_perms(user, draft.unit) or Perm.MANAGE in draft_perms(user, draft)


def visible_comments(user: Any, round_: Round) -> QuerySet[Comment]:
    """The round's comments this user may read (see the module's rules)."""
    comments = round_.comments.all()
    if reads_all_comments(user, round_.draft):
        return comments
    if not (user.is_authenticated and user.is_active):
        return comments.none()
    mine = Q(author_id=user.pk)
    for path in root_paths(user):
        mine |= Q(unit__path__startswith=path)
    congress_units = list(
        Unit.objects.filter(
            congresses__grants__user=user,
            congresses__term_id=round_.draft.term_id,
            path__startswith=round_.scope.path,
        ).values_list("pk", flat=True)
    )
    if congress_units:
        mine |= Q(unit_id__in=congress_units)
    return comments.filter(mine)


def office_units(user: Any, round_: Round) -> list[Unit]:
    """The units inside the round's subtree the user holds the office role of."""
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        Unit.objects.filter(
            grants__user=user,
            grants__role=UnitRole.OFFICE,
            path__startswith=round_.scope.path,
        )
        .select_related("level")
        .distinct()
        .order_by("path")
    )


def member_unit(user: Any, round_: Round) -> Unit | None:
    """The unit a user comments under in their own name, or None if they may not."""
    if not (round_.members_may_comment and user.is_authenticated and user.is_active):
        return None
    unit = (
        Unit.objects.filter(grants__user=user, path__startswith=round_.scope.path)
        .order_by("-depth", "path")
        .first()
    )
    if unit is not None:
        return unit
    return (
        Unit.objects.filter(
            congresses__grants__user=user,
            congresses__grants__role=CongressRole.DELEGATE,
            congresses__term_id=round_.draft.term_id,
            path__startswith=round_.scope.path,
        )
        .order_by("-depth", "path")
        .first()
    )


def may_comment(user: Any, round_: Round) -> bool:
    return bool(office_units(user, round_)) or member_unit(user, round_) is not None


def get_draft(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Draft:
    draft = by_key(
        Draft.objects.select_related("unit", "unit__level", "term"),
        pk,
    )
    require(draft_perms(user, draft), perm)
    return draft


def get_version(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Version:
    version = by_key(
        Version.objects.select_related("draft", "draft__unit", "draft__term"),
        pk,
    )
    require(draft_perms(user, version.draft), perm)
    return version


def get_round(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Round:
    round_ = by_key(
        Round.objects.select_related(
            "draft", "draft__unit", "draft__term", "version", "scope", "scope__level"
        ),
        pk,
    )
    require(draft_perms(user, round_.draft), perm)
    return round_


def get_comment(user: Any, pk: int, perm: Perm = Perm.VIEW) -> Comment:
    comment = by_key(
        Comment.objects.select_related(
            "round", "round__draft", "round__draft__unit", "round__version", "paragraph", "unit"
        ),
        pk,
    )
    require(draft_perms(user, comment.round.draft), perm)
    return comment


#: Load the draft named by the ``pk`` URL argument and check the permission on it.
draft_access = object_access(get_draft)
#: Load a version, a round or a comment by ``pk`` and check the permission on its draft.
version_access = object_access(get_version)
round_access = object_access(get_round)
comment_access = object_access(get_comment)
