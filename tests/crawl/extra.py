"""The states `daihoi demo` does not reach, made the way a person's clicks would make them.

- the upper office has received An Phú's signed result package (a report can attach it);
- a second election of the Hòa Bình congress is being counted: a scanned ballot waits
  for review and a batch is open for typed entry, with the demo's clerk on it;
- a third is a draft with fewer names than seats (its list vote once answered 500);
- a fourth is in a test run (docs/test-mode.md): a test batch typed by the demo's
  clerks and an expected file uploaded, so the test pages show a comparison;
- the open introduction step has a sheet typed by `nhansu` (its entry page lists it);
- the province's office has an API token (its page lists it, with a revoke button).
- the province office has exported its calendar to Excel (the job's page and its file).
- a speech of the Hòa Bình congress is being given (the projector counts it down).
"""

from __future__ import annotations

from pathlib import Path
from tempfile import mkdtemp

import cv2
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from daihoi.accounts.models import ApiScope, User
from daihoi.accounts.tokens import api_token_create
from daihoi.congresses import voting
from daihoi.congresses.models import Congress
from daihoi.congresses.selectors import term_current
from daihoi.congresses.services import speech_start
from daihoi.elections import services
from daihoi.elections.definition import election_definition
from daihoi.elections.models import Election, ElectionKind, ElectionStatus
from daihoi.elections.packages import (
    package_export,
    package_import,
    station_fingerprint,
    station_key_register,
)
from daihoi.elections.scan_jobs import scan_upload_run, scan_upload_start
from daihoi.elections.scanning import scan_import
from daihoi.organizations.models import Unit
from daihoi.personnel.models import StepRecord
from daihoi.personnel.services import nomination
from daihoi.planning.services import report_from_package
from daihoi.planning.services.exports import export_run, export_start
from tests.scanning.deck import render
from tests.scanning.helpers import spec


def add_missing_states() -> None:
    admin = User.objects.get(username="admin")
    api_token_create(
        actor=None,
        user=User.objects.get(username="tinhuy"),
        name="Hệ thống báo cáo của tỉnh",
        scopes=ApiScope.values,
        days=30,
    )
    sealed = Election.objects.filter(status=ElectionStatus.FINALISED).order_by("pk").first()
    assert sealed is not None, "the demo has a sealed election"
    station_key_register(
        actor=admin, unit=sealed.congress.unit, fingerprint=station_fingerprint(), station="demo"
    )
    # The office above takes the result into the congress's report, then a second
    # package of the same election arrives: a dispute for that office to resolve.
    report_from_package(
        actor=admin, congress=sealed.congress, data=package_export(actor=admin, election=sealed)
    )
    package_import(
        actor=admin, data=package_export(actor=admin, election=sealed, station="trạm dự phòng")
    )

    congress = Congress.objects.filter(sittings__isnull=False).distinct().get()
    # The secretariat asks for a delegate's new vote link; the presidium has yet to confirm.
    voting.pass_reissue_ask(
        actor=User.objects.get(username="thuky"),
        delegate=congress.delegates.order_by("number").first(),
        reason="mất điện thoại",
    )
    # The secretariat gives the floor to the first speech of the programme: the projector
    # and the speeches' page show it with its countdown.
    first_speech = congress.speeches.filter(position=1).get()
    speech_start(actor=User.objects.get(username="thuky"), speech=first_speech)
    election = services.election_create(
        actor=admin,
        congress=congress,
        kind=ElectionKind.INSPECTION,
        seats=4,
        title="Bầu Ủy ban Kiểm tra Đảng ủy xã khóa I",
    )
    delegates = list(congress.delegates.order_by("pk")[:5])
    services.candidates_add_many(
        actor=admin,
        election=election,
        rows=[{"full_name": d.full_name, "note": f"Đại biểu số {d.pk}"} for d in delegates],
    )
    present = congress.summoned - 5
    services.election_list_approve(
        actor=admin, election=election, present=present, agree=present, disagree=0
    )
    election.refresh_from_db()
    folder = Path(mkdtemp(prefix="crawl-scans-"))
    settings.MEDIA_ROOT = folder / "media"
    # The desk's backup copies only what is committed, and every crawled POST is rolled
    # back: the crawler meets the backup unconfigured (refused with its reason, no write).
    settings.BACKUP_DIR = ""
    definition = election_definition(election)
    cv2.imwrite(
        str(folder / "01.png"), render(definition, spec(definition, rows={1: "short"}, seed=3))
    )
    scan_import(
        actor=admin, election=election, paths=[str(folder)], definition=definition, workers=1
    )
    batch = services.batch_open(actor=admin, election=election)
    services.stream_join(clerk=User.objects.get(username="kiemphieu"), batch=batch)

    # Issue 15's 500: the list vote of an election with fewer names than seats.
    short = services.election_create(
        actor=admin,
        congress=congress,
        kind=ElectionKind.STANDING_COMMITTEE,
        seats=3,
        title="Bầu Ban Thường vụ Đảng ủy xã khóa I",
    )
    services.candidates_add_many(
        actor=admin,
        election=short,
        rows=[{"full_name": d.full_name, "note": f"Đại biểu số {d.pk}"} for d in delegates[:2]],
    )

    # A test run of a fourth election: one test batch matched, the expected deck uploaded.
    trial = services.election_create(
        actor=admin,
        congress=congress,
        kind=ElectionKind.DELEGATION,
        seats=4,
        title="Bầu đoàn đại biểu dự Đại hội cấp trên",
    )
    services.candidates_add_many(
        actor=admin,
        election=trial,
        rows=[{"full_name": d.full_name, "note": f"Đại biểu số {d.pk}"} for d in delegates],
    )
    services.election_list_approve(
        actor=admin, election=trial, present=present, agree=present, disagree=0
    )
    trial.refresh_from_db()
    services.election_test_open(actor=admin, election=trial)
    test_batch = services.batch_open(actor=admin, election=trial)
    for clerk in ("kiemphieu", "kiemphieu2"):
        user = User.objects.get(username=clerk)
        stream = services.stream_join(clerk=user, batch=test_batch)
        services.entry_save(actor=user, stream_id=stream.pk, text="1")
        services.stream_close(clerk=user, stream=stream)
    first = services.candidate_ids(trial)[0]
    services.election_test_expected_set(
        actor=admin,
        election=trial,
        name="xap-phieu-thu.jsonl",
        data=(
            f'{{"format": "daihoi/ballots@1", "election": "e{trial.pk}~thu"}}\n'
            f'{{"crossed": ["{first}"]}}\n'
        ).encode(),
    )

    # A sheet typed into the open introduction step (step 3 of Hòa Bình), by ``nhansu``.
    record = StepRecord.objects.get(run__congress=congress, state="open")
    nomination.entry_add(
        actor=User.objects.get(username="nhansu"),
        record=record,
        sheet=nomination.Sheet(record.code, ticks=(1, 2)),
    )

    # The province office's export of its calendar, written by a worker: its page and file.
    term = term_current()
    assert term is not None, "the demo has a current term"
    settings.EXPORTS_DIR = folder / "exports"
    job = export_start(
        actor=User.objects.get(username="tinhuy"),
        unit=Unit.objects.get(code="TS"),
        term=term,
        as_of=timezone.localdate(),
        filters={},
    )
    export_run(job.pk)

    # Scans uploaded from the desk of the inspection election, read by a worker: the
    # reading's page, done, with its batch.
    settings.SCAN_UPLOADS_DIR = folder / "uploads"
    settings.SCAN_WORKERS = 1
    upload = scan_upload_start(
        actor=admin,
        election=election,
        files=[SimpleUploadedFile("may-quet-01.png", (folder / "01.png").read_bytes())],
        duplex=False,
    )
    scan_upload_run(upload.pk)
