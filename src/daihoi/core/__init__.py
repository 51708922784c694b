"""Pure cores: the logic that must be exactly right, with no Django import.

Everything here takes and returns plain data (frozen dataclasses, str, int)
so it can be checked against the rules (docs/rules.md) on its own and called
from the CLI and the web app alike. ``core`` is the bottom layer: it imports
neither Django nor anything of daihoi outside ``core`` (``make lint`` checks
this with import-linter).

- :mod:`.elections`: the election engine, its formats and rules profiles;
- :mod:`.ballots`: the ballot paper's geometry and its QR code, shared by
  the printer (``documents.ballot_pdf``) and the scanner;
- :mod:`.scanning`, :mod:`.adjudication`: reading scanned ballots, and the
  committee's review of the flagged ones;
- :mod:`.package`: the signed result package;
- :mod:`.collation`, :mod:`.eligibility`, :mod:`.targets`, :mod:`.texts`,
  :mod:`.bounded`, :mod:`.commandline`: Vietnamese name order, candidates'
  eligibility and structure, the term's targets, draft texts and comments,
  bounded reading of untrusted files, the commands' shared parsing.
"""
