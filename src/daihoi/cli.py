"""The ``daihoi`` command: the server, the demo, and the batch jobs.

Thin: it parses arguments and calls services or the pure cores. ``tally``
needs no database and starts no Django.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _django(lang: str = "vi") -> None:
    """Set Django up, speaking ``lang`` (Vietnamese unless --lang en)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    import django
    from django.utils import translation

    django.setup()
    translation.activate(lang)


def cmd_serve(args: argparse.Namespace) -> int:
    _django()
    from waitress import serve

    from daihoi.wsgi import application

    print(f"daihoi: http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _django()
    from django.core.management import call_command

    from daihoi.demo import DEMO_LOGINS, demo_build

    call_command("migrate", verbosity=0, interactive=False)
    built = demo_build(seed=args.seed)
    print("Dữ liệu mẫu (hư cấu): " + ("đã tạo." if built else "đã có sẵn, dùng lại."))
    print("Tài khoản đăng nhập thử:")
    for username, password, role in DEMO_LOGINS:
        print(f"  {username:<12} {password:<14} {role}")
    if args.serve:
        return cmd_serve(args)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["daihoi manage", *args.rest])
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from daihoi.core.elections.command import run_tally

    return int(run_tally(args.rest, sys.stdout, sys.stderr))


def cmd_audit_verify(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.utils.translation import gettext as _

    from daihoi.audit.services import audit_verify

    report = audit_verify()
    if report.problem is None:
        print(_("audit chain intact: %d entries") % report.checked)
        return 0
    print(
        _("audit chain broken at entry #%(seq)d (%(kind)s): %(detail)s")
        % {"seq": report.problem.seq, "kind": report.problem.kind, "detail": report.problem.detail},
        file=sys.stderr,
    )
    return 1


def cmd_units_import(args: argparse.Namespace) -> int:
    _django(args.lang)
    from django.utils.translation import gettext as _

    from daihoi.organizations.importing import ImportRefused, units_import
    from daihoi.organizations.models import Unit

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

    p = sub.add_parser("serve", help="run the web server")
    serve_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="migrate and load the fictional demo province")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--serve", action="store_true", help="then run the web server")
    serve_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("manage", help="Django's management commands", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    p = sub.add_parser("tally", help="tally a ballot file by the rules", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_tally)

    audit = sub.add_parser("audit", help="the audit chain").add_subparsers(
        dest="audit", required=True
    )
    p = audit.add_parser("verify", help="walk the chain and name the first broken entry")
    lang_option(p)
    p.set_defaults(func=cmd_audit_verify)

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
