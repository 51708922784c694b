"""A congress's dossier as one signed zip: what is in it, what is not, who may take it."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from daihoi.archive.services import archive_to_file
from daihoi.audit.models import AuditEntry
from daihoi.audit.services import audit_record
from daihoi.cli import main
from daihoi.congresses import services as hall
from daihoi.core.congress_archive import ArchiveError, verify_archive
from daihoi.core.package import read_package, station_key_load_or_create
from daihoi.elections.packages import station_fingerprint
from daihoi.personnel import services as personnel
from daihoi.personnel.services import nomination
from tests.conftest import Tree
from tests.consultation.conftest import Consult, consult  # noqa: F401 (the fixture)
from tests.elections.conftest import Room, room  # noqa: F401 (the fixture)
from tests.elections.test_packages import sealed  # noqa: F401 (the fixture)
from tests.personnel.conftest import People, people  # noqa: F401 (the fixture)
from tests.targets.conftest import Terms, figures, make_target, terms  # noqa: F401

pytestmark = pytest.mark.django_db
D = dt.date


def _files(path_or_bytes: Path | bytes) -> dict[str, bytes]:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(source) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _rezip(path: Path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def _sitting_and_delegate(tree: Tree) -> None:
    hall.delegates_add_many(
        actor=None, congress=tree.congress_A, rows=[{"full_name": "Lò Văn Một"}]
    )
    hall.sitting_add(
        actor=None, congress=tree.congress_A, title="Phiên trù bị", date=D(2025, 10, 1)
    )


def test_a_sealed_election_round_trips_through_verify(sealed: Room, tmp_path: Path) -> None:  # noqa: F811
    congress, election = sealed.tree.congress_A, sealed.election
    _sitting_and_delegate(sealed.tree)
    path = tmp_path / "ho-so.zip"
    archive = archive_to_file(actor=None, congress=congress, path=path)

    again = verify_archive(path, trusted=[station_fingerprint()])
    assert again == archive
    assert archive.meta.congress_id == congress.pk
    assert archive.meta.unit_code == "A" and archive.meta.unit_name == "Đảng bộ xã A"
    files = _files(path)
    folder = f"bau-cu/{election.pk}-committee-vong-1/"
    expected = {
        "MANIFEST.json",
        "MANIFEST.sig",
        "dai-hoi/bien-ban-dai-hoi.pdf",
        "dai-hoi/bien-ban-dai-hoi.docx",
        "dai-hoi/nghi-quyet.pdf",
        "dai-hoi/nghi-quyet.docx",
        "dai-hoi/bao-cao-tham-tra-tu-cach.pdf",
        "dai-hoi/bao-cao-tham-tra-tu-cach.docx",
        *(
            folder + n
            for n in (
                "election.json",
                "phieu-bau.pdf",
                "result.json",
                "ballots.jsonl",
                "bien-ban-kiem-phieu.pdf",
                "bien-ban-kiem-phieu.docx",
                "goi-ket-qua.json",
            )
        ),
        "nhat-ky/audit.jsonl",
    }
    assert set(files) == expected
    assert files[folder + "bien-ban-kiem-phieu.pdf"].startswith(b"%PDF-")
    assert json.loads(files[folder + "result.json"]) == election.result
    package = read_package(files[folder + "goi-ket-qua.json"], trusted=[station_fingerprint()])
    assert package.result.ballots.collected == 4
    ballots = files[folder + "ballots.jsonl"].decode().splitlines()
    assert json.loads(ballots[0]) == {"format": "daihoi/ballots@1", "election": f"e{election.pk}"}
    assert len(ballots) == 5 and all('"ref"' not in line for line in ballots)
    actions = [json.loads(line)["action"] for line in files["nhat-ky/audit.jsonl"].splitlines()]
    assert "congress.create" in actions and "election.seal" in actions
    # The archive's making is audited; the package it carries is not an export.
    made = AuditEntry.objects.get(action="congress.archive")
    assert made.object_id == str(congress.pk) and made.after["files"] == len(expected) - 2
    assert not AuditEntry.objects.filter(action="election.package_export").exists()


def test_the_command_line_writes_and_verifies(
    sealed: Room,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "a.zip"
    assert main(["archive", str(sealed.tree.congress_A.pk), "-o", str(path)]) == 0
    assert f"{path} written:" in capsys.readouterr().out
    assert main(["archive", "verify", str(path), "--trust", station_fingerprint()]) == 0
    out = capsys.readouterr().out
    assert "The archive is valid" in out and "on the trusted list" in out

    # Refusals, each named, nothing written.
    assert main(["archive", "99999", "-o", str(tmp_path / "b.zip")]) == 2
    assert "congress 99999: no such congress" in capsys.readouterr().err
    assert main(["archive", "abc", "-o", str(tmp_path / "b.zip")]) == 2
    assert "give the congress's number" in capsys.readouterr().err
    assert main(["archive", str(sealed.tree.congress_A.pk), "-o", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "station.pem"]

    files = _files(path)
    name = next(n for n in files if n.endswith("result.json"))
    tampered = tmp_path / "tampered.zip"
    _rezip(tampered, {**files, name: files[name].replace(b"4", b"5")})
    assert main(["archive", "verify", str(tampered)]) == 2
    err = capsys.readouterr().err
    assert f"tampered.zip: {name} does not match its SHA-256" in err

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[:-100])
    assert main(["archive", "verify", str(truncated)]) == 2
    assert "cut short" in capsys.readouterr().err
    other = tmp_path / "other.zip"
    other.write_bytes(b"not a zip")
    assert main(["archive", "verify", str(other)]) == 2
    assert "other.zip is not a zip archive" in capsys.readouterr().err


def test_a_congress_with_nothing_yet_gives_an_archive_of_what_exists(
    tree: Tree, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    archive = archive_to_file(actor=None, congress=tree.congress_B, path=tmp_path / "b.zip")
    assert [f.name for f in archive.files] == ["nhat-ky/audit.jsonl"]
    lines = _files(tmp_path / "b.zip")["nhat-ky/audit.jsonl"].splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["congress.create"]


def test_no_personnel_data_goes_in(people: People, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    congress = people.congress
    personnel.dossier_create(actor=None, congress=congress, member=people.members[0])
    nomination.pool_add(
        actor=None,
        congress=congress,
        posts=["secretary"],
        reviewed_year=2025,
        full_name="Vương Bí Mật",
        birth_year=1970,
    )
    with transaction.atomic():  # as the pool's import records itself: on the congress
        audit_record(
            actor=None,
            action="personnel.pool.import",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            after={"file": "quy-hoach.xlsx", "people": 1, "name": "Vương Bí Mật"},
        )
    archive = archive_to_file(actor=None, congress=congress, path=tmp_path / "a.zip")
    files = _files(tmp_path / "a.zip")
    assert all("personnel" not in f.name and "nhan-su" not in f.name for f in archive.files)
    for name, data in files.items():
        assert "Vương Bí Mật".encode() not in data, name
        assert b"personnel." not in data, name
    audit = [json.loads(line) for line in files["nhat-ky/audit.jsonl"].splitlines()]
    assert {e["action"] for e in audit} == {"congress.create", "congress.update"}


def test_a_hall_vote_choice_is_left_out_of_the_audit_extract(
    tree: Tree, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    congress = tree.congress_A
    with transaction.atomic():
        audit_record(
            actor=None,
            action="vote.cast",
            object_type="congress",
            object_id=congress.pk,
            unit_path=congress.unit.path,
            after={"vote": 1, "delegate": 7, "choice": "disagree"},
        )
    archive_to_file(actor=None, congress=congress, path=tmp_path / "a.zip")
    lines = _files(tmp_path / "a.zip")["nhat-ky/audit.jsonl"].splitlines()
    cast = next(json.loads(x) for x in lines if b"vote.cast" in x)
    assert cast["after"] == {"vote": 1, "delegate": 7}
    assert cast["redacted"] == ["after.choice"]
    assert b"disagree" not in b"".join(lines)


def test_the_page_streams_the_archive_to_the_office_only(
    tree: Tree, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    url = reverse("congress_archive", args=[tree.congress_A.pk])
    response = tree.client_for(tree.commune_officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ho-so-dai-hoi-{tree.congress_A.pk}.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    verified = verify_archive(io.BytesIO(data))
    assert verified.meta.congress_id == tree.congress_A.pk
    entry = AuditEntry.objects.get(action="congress.archive")
    assert entry.actor_name == "commune_officer"
    assert tree.client_for(tree.province_viewer).get(url).status_code == 403
    assert tree.client_for(tree.clerk).get(url).status_code == 403
    assert tree.client_for(tree.sibling_officer).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="congress.archive").count() == 1
    with pytest.raises(ArchiveError):
        verify_archive(io.BytesIO(data[:-10]))


def test_the_congress_page_offers_the_archive_in_vietnamese(tree: Tree) -> None:
    url = reverse("congress_detail", args=[tree.congress_A.pk])
    archive = reverse("congress_archive", args=[tree.congress_A.pk])
    page = tree.client_for(tree.commune_officer).get(url).content.decode()
    assert "Tải hồ sơ đại hội (tệp nén)" in page and archive in page
    assert "không gồm hồ sơ nhân sự" in page
    page = tree.client_for(tree.province_viewer).get(url).content.decode()
    assert archive not in page


def test_the_reports_of_comments_on_the_units_drafts_go_in(
    consult: Consult,  # noqa: F811
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    congress = consult.tree.congress_A
    assert consult.draft.term == congress.term
    archive = archive_to_file(actor=None, congress=congress, path=tmp_path / "a.zip")
    name = f"gop-y/bao-cao-tong-hop-y-kien-{consult.draft.pk}-{consult.round.pk}"
    files = _files(tmp_path / "a.zip")
    assert {f.name for f in archive.files} >= {name + ".pdf", name + ".docx"}
    assert files[name + ".pdf"].startswith(b"%PDF-")
    # The sibling commune's congress holds none of A's drafts.
    other = archive_to_file(actor=None, congress=consult.tree.congress_B, path=tmp_path / "b.zip")
    assert not any(f.name.startswith("gop-y/") for f in other.files)


def test_the_review_of_the_closing_terms_resolution_goes_in(
    terms: Terms,  # noqa: F811
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.STATION_KEY_FILE = str(tmp_path / "station.pem")
    tree = terms.tree
    assert tree.congress_A.term == terms.new
    figures(make_target(tree.A, terms.old), "20", "25", "30")
    archive = archive_to_file(actor=None, congress=tree.congress_A, path=tmp_path / "a.zip")
    name = "chi-tieu/danh-gia-chi-tieu-A-2020"
    assert {f.name for f in archive.files} >= {name + ".docx", name + ".xlsx"}
    other = archive_to_file(actor=None, congress=tree.congress_B, path=tmp_path / "b.zip")
    assert not any(f.name.startswith("chi-tieu/") for f in other.files)


@pytest.mark.parametrize("given", ["sai", ""])
def test_a_station_key_that_cannot_be_opened_refuses_the_archive_with_nothing_written(
    tree: Tree, tmp_path: Path, settings, given: str
) -> None:  # type: ignore[no-untyped-def]
    """The archive is signed with the station key as the packages are: behind a
    passphrase, it opens only with it; without it nothing is written or audited."""
    key = tmp_path / "station.pem"
    settings.STATION_KEY_FILE = str(key)
    station_key_load_or_create(key, b"mat khau")
    settings.STATION_PASSPHRASE = given
    target = tmp_path / "a.zip"
    with pytest.raises(ValidationError) as caught:
        archive_to_file(actor=None, congress=tree.congress_A, path=target)
    assert "DAIHOI_STATION_PASSPHRASE" in caught.value.messages[0]
    assert not target.exists() and list(tmp_path.glob("*.zip")) == []
    assert not AuditEntry.objects.filter(action="congress.archive").exists()
    url = reverse("congress_archive", args=[tree.congress_A.pk])
    page = tree.client_for(tree.commune_officer).get(url, follow=True).content.decode()
    assert "Không ký được hồ sơ lưu trữ" in page
    settings.STATION_PASSPHRASE = "mat khau"
    archive = archive_to_file(actor=None, congress=tree.congress_A, path=target)
    assert verify_archive(target).fingerprint == archive.fingerprint
