"""Personas on a small tree, as healthchecks has alice, bob and charlie.

P  (province)          province_officer: office on P; province_viewer: viewer on P
├── A (commune)        commune_officer: office on A
│   ├── A1 (branch)    clerk: counting clerk of A's congress only
│   └── A2 (branch)
└── B (commune)        sibling_officer: office on B, sees nothing of A
    └── B1 (branch)
outsider: no role anywhere
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings

from daihoi.accounts.models import CongressRole, UnitRole, User
from daihoi.accounts.services import congress_role_grant, unit_role_grant
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Unit
from tests.factories import UserFactory, make_congress, make_unit

# The properties state what must hold, not how fast: on a machine shared with
# other jobs one example can take longer than hypothesis's 200 ms deadline.
settings.register_profile("daihoi", deadline=None)
settings.load_profile("daihoi")


@dataclass
class Tree:
    P: Unit
    A: Unit
    A1: Unit
    A2: Unit
    B: Unit
    B1: Unit
    congress_A: Congress
    congress_A1: Congress
    congress_B: Congress
    province_officer: User
    province_viewer: User
    commune_officer: User
    sibling_officer: User
    clerk: User
    outsider: User

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def tree(db: None) -> Tree:
    P = make_unit("P", name="Đảng bộ tỉnh P")
    A = make_unit("A", parent=P, name="Đảng bộ xã A", members_count=40)
    A1 = make_unit("A1", parent=A, name="Chi bộ thôn 1", members_count=25)
    A2 = make_unit("A2", parent=A, name="Chi bộ thôn 2", members_count=15)
    B = make_unit("B", parent=P, name="Đảng bộ xã B")
    B1 = make_unit("B1", parent=B, name="Chi bộ thôn B1", members_count=30)
    congress_A, congress_A1, congress_B = make_congress(A), make_congress(A1), make_congress(B)
    users = {
        name: UserFactory(username=name)
        for name in (
            "province_officer",
            "province_viewer",
            "commune_officer",
            "sibling_officer",
            "clerk",
            "outsider",
        )
    }
    unit_role_grant(actor=None, user=users["province_officer"], unit=P, role=UnitRole.OFFICE)
    unit_role_grant(actor=None, user=users["province_viewer"], unit=P, role=UnitRole.VIEWER)
    unit_role_grant(actor=None, user=users["commune_officer"], unit=A, role=UnitRole.OFFICE)
    unit_role_grant(actor=None, user=users["sibling_officer"], unit=B, role=UnitRole.OFFICE)
    congress_role_grant(
        actor=None, user=users["clerk"], congress=congress_A, role=CongressRole.COUNTING_CLERK
    )
    return Tree(P, A, A1, A2, B, B1, congress_A, congress_A1, congress_B, **users)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in English leaves its language active in the thread: each test
    starts in the default."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_key_stays(settings) -> None:  # type: ignore[no-untyped-def]
    """A test that moves the data folder mid-chain keeps the audit key where the chain began
    (a station would refuse to write on without it); the key's own tests set it themselves."""
    if not settings.AUDIT_KEY_FILE:
        settings.AUDIT_KEY_FILE = str(Path(settings.DATA_DIR) / "audit.key")


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """The Excel files background tasks write go to a folder of the test run."""
    settings.EXPORTS_DIR = tmp_path_factory.getbasetemp() / "exports"


@pytest.fixture(autouse=True)
def _two_factors_relaxed(settings) -> None:  # type: ignore[no-untyped-def]
    """Most tests sign in with ``force_login`` (a password's worth): the two-factor
    requirement is off unless a test turns it on (``settings.DAIHOI_REQUIRE_2FA = True``).
    An account that has enrolled is asked for its code either way."""
    settings.DAIHOI_REQUIRE_2FA = False
