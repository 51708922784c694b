"""A term 2020–2025 with the new term after it, and helpers to make targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from daihoi.congresses.models import Term
from daihoi.organizations.models import Unit
from daihoi.targets import services
from daihoi.targets.models import Target
from tests.conftest import Tree
from tests.factories import make_term


@dataclass
class Terms:
    tree: Tree
    old: Term  # 2020–2025, reviewed
    new: Term  # 2025–2030


@pytest.fixture
def terms(tree: Tree) -> Terms:
    return Terms(tree, make_term(2020), make_term(2025))


def data(name: str = "Kết nạp đảng viên", **kw: object) -> services.TargetData:
    values: dict[str, object] = {
        "name": name,
        "group": "party",
        "measure": "đảng viên",
        "kind": "sum",
        "direction": "higher",
        "value": Decimal(100),
    }
    values.update(kw)
    return services.TargetData(**values)  # type: ignore[arg-type]


def make_target(unit: Unit, term: Term, name: str = "Kết nạp đảng viên", **kw: object) -> Target:
    return services.target_create(actor=None, unit=unit, term=term, data=data(name, **kw))


def figures(target: Target, *values: str, first: int = 2021, estimate_last: bool = False) -> None:
    for i, v in enumerate(values):
        services.actual_set(
            actor=None,
            target=target,
            year=first + i,
            value=Decimal(v),
            estimate=estimate_last and i == len(values) - 1,
        )
