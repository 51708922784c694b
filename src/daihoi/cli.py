"""The ``daihoi`` command: the server, the demo, and the batch jobs.

Thin: it parses arguments and calls services or the pure cores. ``tally``
needs no database and starts no Django.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from daihoi.core.commandline import add_passthrough

if TYPE_CHECKING:
    from daihoi.audit.services import ChainReport


def _django(lang: str = "vi") -> None:
    """Set Django up, speaking ``lang`` (Vietnamese unless --lang en)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django
    from django.utils import translation

    django.setup()
    translation.activate(lang)


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings

    from daihoi import server
    from daihoi.wsgi import application

    workers = f", {args.workers} processes" if args.workers > 1 else ""
    live_port = args.port + 1 if args.live_port is None else args.live_port
    live = f", the hall's push stream on port {live_port}" if live_port else ""
    print(f"daihoi: http://{args.host}:{args.port}/  (Ctrl+C to stop{workers}{live})", flush=True)
    return server.run(
        application,
        host=args.host,
        port=args.port,
        threads=args.threads,
        workers=args.workers,
        trusted_proxy=settings.TRUSTED_PROXY if settings.BEHIND_PROXY else None,
        live_port=live_port,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo's logins stay one step (a password); an account may still enrol
    # two factors from its menu, and is then asked for the code.
    os.environ.setdefault("DAIHOI_REQUIRE_2FA", "false")
    _django()
    from django.core.management import call_command

    from daihoi.demo import DEMO_LOGINS, demo_build

    call_command("migrate", verbosity=0, interactive=False)
    built = demo_build(seed=args.seed)
    print("Dữ liệu mẫu (hư cấu): " + ("đã tạo." if built else "đã có sẵn, dùng lại."))
    print("Tài khoản đăng nhập thử:")
    for username, password, role in DEMO_LOGINS:
        print(f"  {username:<16} {password:<17} {role}")
    if args.serve:
        return _serve_with_worker(args)
    return 0


def _serve_with_worker(args: argparse.Namespace) -> int:
    """The server, with one background worker beside it, started and stopped with it."""
    import signal

    # Its own session: Ctrl+C reaches the server only, which then stops the worker
    # once (it finishes the task in hand, then leaves).
    worker = subprocess.Popen(
        [sys.executable, "-m", "daihoi.cli", "worker"], start_new_session=True
    )
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        return cmd_serve(args)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(worker)


def _stop(process: subprocess.Popen[bytes]) -> None:
    import signal

    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cmd_worker(args: argparse.Namespace) -> int:
    _django(args.lang)
    from daihoi.tasks.worker import run_worker

    return run_worker(queues=args.queue or ["default"], interval=args.interval, once=args.once)


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi manage", *args.rest])
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from daihoi.core.elections.command import run_tally

    return int(run_tally(args.rest, sys.stdout, sys.stderr))


def cmd_ballots_print(args: argparse.Namespace) -> int:
    from daihoi.documents.command import run_ballots_print

    return int(run_ballots_print(args.rest, sys.stdout, sys.stderr))


def cmd_ballots_test_deck(args: argparse.Namespace) -> int:
    from daihoi.documents.command import run_ballots_test_deck

    return int(run_ballots_test_deck(args.rest, sys.stdout, sys.stderr))


def cmd_package_verify(args: argparse.Namespace) -> int:
    from daihoi.core.package import run_package_verify

    return int(run_package_verify(args.rest, sys.stdout, sys.stderr))


def cmd_package_export(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from daihoi.elections.models import Election
    from daihoi.elections.packages import package_export, station_fingerprint

    election = Election.objects.filter(pk=args.election).select_related("congress__unit").first()
    if election is None:
        print(_("election %s: no such election") % args.election, file=sys.stderr)
        return 2
    try:
        data = package_export(actor=None, election=election, station=args.station or "")
    except ValidationError as exc:
        print(f"{args.election}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    with open(args.output, "wb") as f:
        f.write(data)
    print(
        _("%(file)s written, signed by the station key %(fp)s")
        % {"file": args.output, "fp": station_fingerprint()}
    )
    return 0


def cmd_package_import(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from daihoi.core.package import PackageError
    from daihoi.elections.packages import package_import

    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        received, verified = package_import(actor=None, data=data, trusted=args.trust or None)
    except PackageError as exc:
        print(f"{args.file}: {exc.message(args.lang)}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(f"{args.file}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    if received.standing == "disputed":
        print(
            _(
                "%(file)s kept as a dispute: another package of %(title)s (%(unit)s, round "
                "%(round)d) was received before; the office above the unit keeps one."
            )
            % {
                "file": args.file,
                "title": received.title,
                "unit": received.unit.name,
                "round": received.round,
            }
        )
        return 0
    print(
        _("%(file)s imported: %(title)s, %(unit)s, key %(fp)s")
        % {
            "file": args.file,
            "title": received.title,
            "unit": received.unit.name,
            "fp": verified.fingerprint,
        }
    )
    return 0


def cmd_api_token(args: argparse.Namespace) -> int:
    """``daihoi api token create USER --scope S [--scope S …] --days N [--name NAME]``."""
    _django(args.lang)
    from django.core.exceptions import ValidationError

    from daihoi.accounts.models import User
    from daihoi.accounts.tokens import api_token_create

    user = User.objects.filter(username=args.user).first()
    if user is None:
        print(f"no account is called {args.user!r}", file=sys.stderr)
        return 2
    scopes = [s for value in args.scope for s in value.split(",")]
    try:
        row, token = api_token_create(
            actor=None, user=user, name=args.name or "CLI", scopes=scopes, days=args.days
        )
    except ValidationError as exc:
        print(" ".join(exc.messages), file=sys.stderr)
        return 2
    print(token)
    print(
        f"token {row.pk} of {user.username}: scopes {' '.join(row.scopes)}, "
        f"expires {row.expires_at:%Y-%m-%d %H:%M} UTC. Shown only now: copy it.",
        file=sys.stderr,
    )
    return 0


def cmd_two_factor_reset(args: argparse.Namespace) -> int:
    """``daihoi two-factor reset USER``: the account enrols again at its next login.

    For the administrator locked out with their phone and their recovery codes
    lost, when no other administrator can reset them on the web page. Whoever
    runs it holds the server's settings and database already."""
    _django(args.lang)
    from daihoi.accounts.models import User
    from daihoi.accounts.twofactor import two_factor_reset

    user = User.objects.filter(username=args.user).first()
    if user is None:
        print(f"no account is called {args.user!r}", file=sys.stderr)
        return 2
    if not two_factor_reset(actor=None, user=user):
        print(f"{user.username} has no second factor: nothing to reset", file=sys.stderr)
        return 1
    print(
        f"{user.username}: second factor and recovery codes removed (audited); "
        "the account enrols again at its next login",
        file=sys.stderr,
    )
    return 0


def cmd_package_keys(args: argparse.Namespace) -> int:
    """``daihoi package keys list|add|withdraw``: the station keys registered per unit."""
    _django(args.lang)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from daihoi.core.package import normalize_fingerprint
    from daihoi.elections.models import StationKey
    from daihoi.elections.packages import station_key_register, station_key_withdraw
    from daihoi.organizations.models import Unit

    if args.action == "list":
        keys = StationKey.objects.filter(withdrawn_at__isnull=True).select_related("unit")
        if args.unit:
            keys = keys.filter(unit__code=args.unit)
        for key in keys:
            print(f"{key.unit.code}\t{key.fingerprint}\t{key.station}\t{key.unit.name}")
        return 0
    if not args.unit or not args.fingerprint:
        print(_("give the unit's code and the key's fingerprint"), file=sys.stderr)
        return 2
    unit = Unit.objects.filter(code=args.unit).first()
    if unit is None:
        print(_("unit %s: no such unit") % args.unit[:60], file=sys.stderr)
        return 2
    try:
        if args.action == "add":
            key = station_key_register(
                actor=None, unit=unit, fingerprint=args.fingerprint, station=args.station or ""
            )
            print(
                _("key %(fp)s registered for %(unit)s") % {"fp": key.fingerprint, "unit": unit.name}
            )
            return 0
        try:
            printed = normalize_fingerprint(args.fingerprint)
        except ValueError:
            printed = args.fingerprint
        found = StationKey.objects.filter(
            unit=unit, fingerprint=printed, withdrawn_at__isnull=True
        ).first()
        if found is None:
            print(
                _("key %(fp)s: not registered for %(unit)s")
                % {"fp": args.fingerprint[:60], "unit": unit.name},
                file=sys.stderr,
            )
            return 2
        station_key_withdraw(actor=None, key=found)
        print(_("key %(fp)s withdrawn for %(unit)s") % {"fp": printed, "unit": unit.name})
        return 0
    except ValidationError as exc:
        print(" ".join(exc.messages), file=sys.stderr)
        return 2


def cmd_scan_interpret(args: argparse.Namespace) -> int:
    from daihoi.core.scanning.command import run_scan_interpret
    from daihoi.documents.ballot_pdf import blank_ballot_pdf

    return int(run_scan_interpret(args.rest, sys.stdout, sys.stderr, blank_ballot_pdf))


def cmd_scan_import(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from daihoi.elections.definition import election_definition
    from daihoi.elections.models import Election, ScanStatus
    from daihoi.elections.scanning import scan_advice, scan_files, scan_import

    election = Election.objects.filter(pk=args.election).select_related("congress__unit").first()
    if election is None:
        print(_("election %s: no such election") % args.election, file=sys.stderr)
        return 2
    files = scan_files(args.paths)
    pages_label = _("pages read")

    def progress(n: int) -> None:
        print(f"\r{pages_label}: {n}", end="", file=sys.stderr, flush=True)

    try:
        batch = scan_import(
            actor=None,
            election=election,
            paths=files,
            definition=election_definition(election),
            workers=args.workers,
            duplex=args.duplex,
            progress=progress,
        )
    except ValidationError as exc:
        print(f"\n{args.election}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    counted = batch.scans.filter(status=ScanStatus.COUNTED).count()
    flagged = batch.scans.filter(status=ScanStatus.REVIEW).count()
    print(file=sys.stderr)
    for scanned in batch.scans.filter(read__isnull=True).order_by("pk"):
        # Not read, so nothing counted: name each page and why (the reader's words).
        for page in scanned.reading.get("pages", []):
            if page.get("status") != "read":
                print(
                    _("%(ref)s: not read (%(status)s: %(detail)s)")
                    % {
                        "ref": page.get("ref") or scanned.ref,
                        "status": page.get("status"),
                        "detail": page.get("detail") or "",
                    },
                    file=sys.stderr,
                )
    print(
        _("batch %(n)d: %(counted)d ballots counted as read, %(flagged)d to decide by a human")
        % {"n": batch.number, "counted": counted, "flagged": flagged}
    )
    advice = scan_advice(batch)
    if advice.one_bit:
        print(
            _(
                "%d pages scanned 1-bit black and white: such a scanner can drop a light pen "
                "and the red seal whole; scan in grayscale or colour, 200 dpi"
            )
            % advice.one_bit,
            file=sys.stderr,
        )
    if advice.colourless:
        print(
            _(
                "%d of them without a seal seen on colour scans with no colour at all: "
                "a grayscale scan saved as colour (scan in colour), or no red seal on the paper"
            )
            % advice.colourless,
            file=sys.stderr,
        )
    if advice.other_printing:
        print(
            _(
                "%d pages whose printing is not this list's blank ballot: printed from "
                "another list, or on a machine with another font than this one"
            )
            % advice.other_printing,
            file=sys.stderr,
        )
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    """``daihoi archive CONGRESS -o FILE`` (Django) or ``daihoi archive verify FILE`` (pure)."""
    if args.rest[:1] == ["verify"]:
        from daihoi.core.congress_archive_command import run_archive_verify

        return int(run_archive_verify(args.rest[1:], sys.stdout, sys.stderr))
    from daihoi.core.commandline import ArgumentError, StreamParser

    parser = StreamParser(
        "daihoi archive",
        "Write a congress's dossier as one signed zip; `daihoi archive verify FILE` checks one.",
        sys.stdout,
        sys.stderr,
    )
    parser.add_argument("congress", metavar="CONGRESS_ID", help="the congress's number")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the .zip to write")
    try:
        parsed = parser.parse_args(args.rest)
    except ArgumentError as exc:
        sys.stderr.write(exc.message)
        return exc.status
    if not parsed.congress.isdigit():
        print(f"congress {parsed.congress[:60]}: give the congress's number", file=sys.stderr)
        return 2
    _django("en")
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from daihoi.archive.services import archive_to_file
    from daihoi.congresses.models import Congress
    from daihoi.core.congress_archive import ArchiveError

    congress = Congress.objects.select_related("unit", "term").filter(pk=parsed.congress).first()
    if congress is None:
        print(f"congress {parsed.congress}: no such congress", file=sys.stderr)
        return 2
    try:
        written = archive_to_file(actor=None, congress=congress, path=Path(parsed.output))
    except (ArchiveError, ValidationError) as exc:
        if isinstance(exc, ValidationError):
            print(f"{parsed.output}: {' '.join(exc.messages)}", file=sys.stderr)
        else:
            print(exc, file=sys.stderr)
        return 2
    total = sum(f.size for f in written.files)
    print(
        f"{parsed.output} written: {len(written.files)} files, {total:,} bytes, "
        f"signed by the station key {written.fingerprint}"
    )
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    _django()
    from daihoi.planning.reminders import run_reminders

    return int(run_reminders(args.rest, sys.stdout, sys.stderr))


def _station_fingerprint_or_none() -> str | None:
    """This station's key fingerprint when its file opens (None: no key, or a passphrase needed)."""
    from daihoi.core.package import PackageError
    from daihoi.elections.packages import station_fingerprint, station_key_path

    if not station_key_path().exists():
        return None
    try:
        return station_fingerprint()
    except (PackageError, OSError):
        return None


def _print_audit_report(report: ChainReport) -> int:
    """What ``audit verify`` and ``restore`` say of the chain; 0 when it holds."""
    from django.utils.translation import gettext as _

    if report.problem is None:
        print(_("audit chain intact: %d entries") % report.checked)
        if report.checked:
            print(_("every entry's key mark matches the audit key"))
        if report.keyed_from > 1:
            print(
                _(
                    "entries #1 to #%(last)d were marked when the key was introduced: their "
                    "marks show no change since then, not before"
                )
                % {"last": report.keyed_from - 1}
            )
        if report.signed_heads:
            print(
                _("%(n)d sealed heads signed by the station key %(keys)s")
                % {"n": report.signed_heads, "keys": ", ".join(report.signers)}
            )
        return 0
    problem = report.problem
    if problem.kind in ("key_missing", "key_invalid"):
        print(_("audit chain not verified: %s") % problem.detail, file=sys.stderr)
        return 1
    print(
        _("audit chain broken at entry #%(seq)d (%(kind)s): %(detail)s")
        % {"seq": problem.seq, "kind": problem.kind, "detail": problem.detail},
        file=sys.stderr,
    )
    return 1


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _django(args.lang)
    from daihoi.audit.services import audit_verify

    return _print_audit_report(audit_verify(station=_station_fingerprint_or_none()))


def cmd_station_key(args: argparse.Namespace) -> int:
    """``daihoi station-key protect|fingerprint``: this station's signing key."""
    _django(args.lang)
    from django.conf import settings
    from django.utils.translation import gettext as _

    from daihoi.core.package import PackageError, station_key_protect
    from daihoi.elections.packages import station_fingerprint, station_key_path

    path = station_key_path()
    try:
        if args.action == "fingerprint":
            print(station_fingerprint())
            return 0
        passphrase = settings.STATION_PASSPHRASE
        if not passphrase:
            print(
                _("set DAIHOI_STATION_PASSPHRASE to the passphrase first; nothing was changed"),
                file=sys.stderr,
            )
            return 2
        changed = station_key_protect(path, passphrase.encode("utf-8"))
    except PackageError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{path}: {exc.strerror}", file=sys.stderr)
        return 2
    if changed:
        print(_("%s is now encrypted with the passphrase") % path)
    else:
        print(_("%s was already encrypted with this passphrase; nothing was changed") % path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """``daihoi backup FILE``: the database, keys and stored files in one checked archive."""
    _django(args.lang)
    from pathlib import Path

    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from daihoi.audit.services import audit_record
    from daihoi.backup import backup_write

    try:
        written = backup_write(Path(args.file))
    except ValidationError as exc:
        print(f"{args.file}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    with transaction.atomic():
        audit_record(
            actor=None,
            action="backup.write",
            object_type="backup",
            object_id=written.path.name,
            after={"sha256": written.sha256, "bytes": written.size},
        )
    print(
        _("%(file)s written: %(size)s bytes, %(n)d files (%(engine)s database)")
        % {
            "file": args.file,
            "size": f"{written.size:,}",
            "n": len(written.manifest.files),
            "engine": written.manifest.engine,
        }
    )
    print(f"sha256 {written.sha256}")
    print(_("the SHA-256 is also in %s; write it down apart from the file") % f"{args.file}.sha256")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """``daihoi restore FILE [--data-dir DIR]``: into an empty data folder and database."""
    from pathlib import Path

    if args.data_dir:
        # Before Django reads its settings: the data folder is where everything lands.
        os.environ["DAIHOI_DATA_DIR"] = str(Path(args.data_dir).resolve())
    _django(args.lang)
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError, connections
    from django.utils.translation import gettext as _

    from daihoi.audit.models import AuditEntry
    from daihoi.audit.services import audit_verify
    from daihoi.backup import restore
    from daihoi.elections.models import Election, ElectionStatus
    from daihoi.organizations.models import Unit

    try:
        restored = restore(Path(args.file))
    except ValidationError as exc:
        print(f"{args.file}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    connections.close_all()
    manifest = restored.manifest
    print(
        _("%(file)s restored into %(folder)s (%(engine)s database, backed up %(at)s by %(by)s)")
        % {
            "file": args.file,
            "folder": settings.DATA_DIR,
            "engine": manifest.engine,
            "at": manifest.created_at,
            "by": manifest.software,
        }
    )
    if restored.sidecar_checked:
        print(_("the archive matches %s") % f"{args.file}.sha256")
    else:
        print(
            _("no %s beside the archive: each file was checked against the manifest only")
            % f"{args.file}.sha256"
        )
    if restored.migrations_behind:
        print(
            _(
                "the database predates this version (%(n)d migrations to run, the first "
                "%(first)s): run `daihoi manage migrate` before serving it"
            )
            % {"n": len(restored.migrations_behind), "first": restored.migrations_behind[0]}
        )
    try:
        print(
            _(
                "units: %(units)d, elections: %(elections)d, sealed results: %(sealed)d, "
                "audit entries: %(entries)d"
            )
            % {
                "units": Unit.objects.count(),
                "elections": Election.objects.count(),
                "sealed": Election.objects.filter(status=ElectionStatus.FINALISED).count(),
                "entries": AuditEntry.objects.count(),
            }
        )
        report = audit_verify(station=_station_fingerprint_or_none())
    except DatabaseError as exc:
        print(_("the restored database cannot be read yet: %s") % exc, file=sys.stderr)
        return 1
    return _print_audit_report(report)


def cmd_units_import(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.utils.translation import gettext as _

    from daihoi.organizations.importing import units_import
    from daihoi.organizations.models import Unit
    from daihoi.tables import ImportRefused

    under = None
    if args.under:
        under = Unit.objects.filter(code=args.under).first()
        if under is None:
            print(_("%s: no such unit") % args.under, file=sys.stderr)
            return 2
    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        result = units_import(actor=None, file_name=args.file, data=data, under=under)
    except ImportRefused as refused:
        for error in refused.errors:
            print(f"{args.file}: {error}", file=sys.stderr)
        print(_("%s: nothing was imported") % args.file, file=sys.stderr)
        return 2
    print(
        _("%(n)d units imported (sha256 %(sha)s)")
        % {"n": result.created, "sha": result.file_sha256}
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daihoi", description="Congresses at every level.")
    sub = parser.add_subparsers(dest="command", required=True)

    def lang_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages")

    def serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--threads", type=int, default=8)
        p.add_argument(
            "--workers",
            type=int,
            default=1,
            help="server processes sharing the port (one per CPU for a busy portal)",
        )
        p.add_argument(
            "--live-port",
            type=int,
            default=None,
            help="the hall's push stream (Server-Sent Events) listens here "
            "(default: the port + 1; 0: none, the phones poll)",
        )

    p = sub.add_parser("serve", help="run the web server")
    serve_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="migrate and load the fictional demo province")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--serve", action="store_true", help="then run the web server")
    serve_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "worker",
        help="run background tasks (exports, comment grouping, scan uploads) until stopped",
    )
    p.add_argument(
        "--queue", action="append", default=None, help="queue to take tasks from (default: default)"
    )
    p.add_argument(
        "--interval", type=float, default=0.25, help="seconds between looks at the queue"
    )
    p.add_argument("--once", action="store_true", help="run the tasks ready now, then stop")
    lang_option(p)
    p.set_defaults(func=cmd_worker)

    add_passthrough(sub, "manage", help="Django's management commands", func=cmd_manage)

    add_passthrough(sub, "tally", help="tally a ballot file by the rules", func=cmd_tally)

    ballots = sub.add_parser("ballots", help="ballot papers").add_subparsers(
        dest="ballots", required=True
    )
    add_passthrough(
        ballots, "print", help="draw an election's ballot paper (PDF)", func=cmd_ballots_print
    )
    add_passthrough(
        ballots,
        "test-deck",
        help="a marked deck of MẪU THỬ test ballots and its expected ballots file",
        func=cmd_ballots_test_deck,
    )

    package = sub.add_parser("package", help="signed result packages").add_subparsers(
        dest="package", required=True
    )
    add_passthrough(
        package, "verify", help="check a package without a database", func=cmd_package_verify
    )
    p = package.add_parser("export", help="write a sealed election's signed package")
    p.add_argument("election", type=int, help="the election's number in the database")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--station", help="the station's name, printed in the package")
    lang_option(p)
    p.set_defaults(func=cmd_package_export)
    p = package.add_parser("import", help="verify a package and keep it under its unit")
    p.add_argument("file")
    p.add_argument(
        "--trust",
        action="append",
        help="also require this fingerprint (the key must be registered for the unit anyway)",
    )
    lang_option(p)
    p.set_defaults(func=cmd_package_import)
    p = package.add_parser("keys", help="station keys registered per unit (the portal)")
    p.add_argument("action", choices=["list", "add", "withdraw"])
    p.add_argument("unit", nargs="?", help="the unit's code")
    p.add_argument("fingerprint", nargs="?", help="the station key's fingerprint, as read out")
    p.add_argument("--station", help="the station's name (add)")
    lang_option(p)
    p.set_defaults(func=cmd_package_keys)

    api = sub.add_parser("api", help="the JSON API").add_subparsers(dest="api", required=True)
    token = api.add_parser("token", help="API tokens").add_subparsers(dest="token", required=True)
    p = token.add_parser("create", help="make a token for an account (printed once)")
    p.add_argument("user", help="the account's username")
    p.add_argument(
        "--scope",
        action="append",
        required=True,
        help="read:units, read:results, write:packages, read:comments, write:comments "
        "(repeat, or separate with commas)",
    )
    p.add_argument("--days", type=int, default=90, help="how long it is valid (1-366)")
    p.add_argument("--name", help="what the token is for")
    p.add_argument("--lang", choices=["vi", "en"], default="en", help="language of messages")
    p.set_defaults(func=cmd_api_token)

    two = sub.add_parser("two-factor", help="accounts' second factor").add_subparsers(
        dest="two_factor", required=True
    )
    p = two.add_parser("reset", help="remove an account's TOTP device and recovery codes")
    p.add_argument("user", help="the account's username")
    p.add_argument("--lang", choices=["vi", "en"], default="en", help="language of messages")
    p.set_defaults(func=cmd_two_factor_reset)

    scan = sub.add_parser("scan", help="scanned ballots").add_subparsers(dest="scan", required=True)
    add_passthrough(
        scan, "interpret", help="read scans into daihoi/ballots@1", func=cmd_scan_interpret
    )
    p = scan.add_parser("import", help="read scans into an election in the database")
    p.add_argument("election", type=int, help="the election's number in the database")
    p.add_argument("paths", nargs="+", help="image or PDF files, or folders of them")
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1)))
    p.add_argument("--duplex", action="store_true", help="each sheet scanned on both sides")
    lang_option(p)
    p.set_defaults(func=cmd_scan_import)

    add_passthrough(
        sub,
        "archive",
        help="a congress's dossier in one signed zip (archive ID -o FILE; archive verify FILE)",
        func=cmd_archive,
    )

    add_passthrough(
        sub, "reminders", help="notify units of congress deadlines near or past", func=cmd_reminders
    )

    audit = sub.add_parser("audit", help="the audit chain").add_subparsers(
        dest="audit", required=True
    )
    p = audit.add_parser("verify", help="walk the chain and name the first broken entry")
    lang_option(p)
    p.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("station-key", help="this counting station's signing key")
    p.add_argument(
        "action",
        choices=["protect", "fingerprint"],
        help="protect: encrypt the key file with DAIHOI_STATION_PASSPHRASE; "
        "fingerprint: print the key's fingerprint",
    )
    lang_option(p)
    p.set_defaults(func=cmd_station_key)

    p = sub.add_parser(
        "backup", help="write the database, keys and stored files to one archive (FILE.sha256)"
    )
    p.add_argument("file", help="the archive to write (.tar.gz); an existing file is refused")
    lang_option(p)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="restore an archive into an empty data folder and database")
    p.add_argument("file", help="the archive written by `daihoi backup`")
    p.add_argument("--data-dir", help="the data folder to restore into (else DAIHOI_DATA_DIR)")
    lang_option(p)
    p.set_defaults(func=cmd_restore)

    units = sub.add_parser("units", help="the unit tree").add_subparsers(
        dest="units", required=True
    )
    p = units.add_parser("import", help="import units from .xlsx or .csv, all or nothing")
    p.add_argument("file")
    p.add_argument("--under", help="code of the unit the file's top units belong under")
    lang_option(p)
    p.set_defaults(func=cmd_units_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
