"""Domain objects for tests, built through the services so paths and audit are real."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from daihoi.accounts.models import User
from daihoi.congresses.models import Congress, CongressKind, Term
from daihoi.congresses.services import congress_create
from daihoi.core.collation import sort_string
from daihoi.organizations.models import Level, Member, Sex, Unit
from daihoi.organizations.services import unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"level-{n}")
    name = factory.LazyAttribute(lambda o: o.code.title())
    rank = factory.Sequence(lambda n: n)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = "Nguyễn Văn An"
    name_order = factory.LazyAttribute(lambda m: sort_string(m.full_name))
    sex = Sex.MALE
    birth_date = dt.date(1980, 5, 1)


def make_unit(
    code: str, *, parent: Unit | None = None, level: Level | None = None, **kw: Any
) -> Unit:
    if level is None:
        rank = 0 if parent is None else parent.level.rank + 1
        level = LevelFactory(code=f"rank-{rank}", name=f"Cấp {rank}", rank=rank)
    return unit_create(
        actor=None,
        code=code,
        name=kw.pop("name", f"Đảng bộ {code}"),
        level=level,
        parent=parent,
        **kw,
    )


def make_term(start: int = 2025) -> Term:
    return Term.objects.get_or_create(start_year=start, end_year=start + 5)[0]


def make_congress(unit: Unit, **kw: Any) -> Congress:
    return congress_create(
        actor=None,
        unit=unit,
        term=kw.pop("term", None) or make_term(),
        kind=kw.pop("kind", CongressKind.DELEGATES),
        **kw,
    )
