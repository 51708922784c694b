"""``daihoi archive verify FILE [--trust FINGERPRINT ...]``: a congress archive, checked offline.

No database: every member against the signed manifest, the signature with the
public key the archive carries, and, with ``--trust``, that key against the
fingerprints given (those the portal registered for the unit's station).
Exit status 0 for an archive that passes every check, 2 otherwise, the first
problem named on stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from daihoi.core.commandline import ArgumentError, StreamParser
from daihoi.core.congress_archive import ArchiveError, VerifiedArchive, verify_archive
from daihoi.core.package.keys import normalize_fingerprint

__all__ = ["render_verified", "run_archive_verify"]

EXIT_OK = 0
EXIT_REFUSED = 2


def _parser(stdout: TextIO, stderr: TextIO) -> StreamParser:
    parser = StreamParser(
        "daihoi archive verify",
        "Check a congress archive: every file against the signed manifest.",
        stdout,
        stderr,
    )
    parser.add_argument("file", metavar="FILE", help="the archive (.zip) to check")
    parser.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        action="append",
        help="a registered station key (repeat for several); any other key is refused",
    )
    return parser


def run_archive_verify(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; ``argv`` are the arguments after ``archive verify``."""
    try:
        args = _parser(stdout, stderr).parse_args(list(argv))
    except ArgumentError as exc:
        stderr.write(exc.message)
        return exc.status
    for text in args.trust or ():
        try:
            normalize_fingerprint(text)
        except ValueError:
            stderr.write(f"--trust {text[:80]}: not a key fingerprint (32 hex digits)\n")
            return EXIT_REFUSED
    path = Path(args.file)
    try:
        verified = verify_archive(path, trusted=args.trust)
    except ArchiveError as exc:
        stderr.write(f"The archive is refused: {exc}\n")
        return EXIT_REFUSED
    stdout.write(render_verified(verified, trusted=args.trust is not None))
    return EXIT_OK


def render_verified(archive: VerifiedArchive, *, trusted: bool) -> str:
    """One fact a line, ending with a newline."""
    m = archive.meta
    total = sum(f.size for f in archive.files)
    lines = [
        "The archive is valid: the manifest's signature holds and every file matches it.",
        f"Congress: {m.congress} (id {m.congress_id})",
        f"Unit: {m.unit_code} – {m.unit_name}",
        f"Created: {m.created_at} by {m.software}",
        f"Files: {len(archive.files)}, {total:,} bytes",
        *(f"  {f.size:>10,}  {f.name}" for f in archive.files),
        f"Signing key: {archive.fingerprint}",
        (
            "This key is on the trusted list."
            if trusted
            else "The key was not checked: compare its fingerprint with the station keys "
            "registered for the unit, or run again with --trust."
        ),
    ]
    return "\n".join(lines) + "\n"
