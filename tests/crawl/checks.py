"""What the crawler looks at in an answer: forms to post, English on a Vietnamese page, rows.

- :class:`FormFinder` reads the forms a page offers (the fields a person can fill);
- :func:`english_on_page` finds text a Vietnamese reader is shown in English;
- :func:`snapshot` is every table's row count and a checksum of its rows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    choices: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # what the page filled in


class FormFinder(HTMLParser):
    """The forms of a page, their fields and the choices of their drop-downs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", "text").lower() if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset") or tag == "button":
                return
            if a["name"] == "csrfmiddlewaretoken":
                return
            self._form.fields.setdefault(a["name"], kind)
            if kind in ("radio", "checkbox"):
                self._form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
            elif "value" in a:
                self._form.values.setdefault(a["name"], a["value"])
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select is not None:
            self._form.choices.setdefault(self._select, []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    finder = FormFinder()
    finder.feed(html)
    return finder.forms


# --- English on a Vietnamese page ------------------------------------------------

#: Words of English prose that Vietnamese text never uses on its own.
ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "were",
        "not",
        "this",
        "that",
        "must",
        "be",
        "of",
        "and",
        "or",
        "with",
        "for",
        "you",
        "your",
        "please",
        "enter",
        "field",
        "value",
        "valid",
        "required",
        "cannot",
        "already",
        "only",
        "has",
        "have",
        "does",
        "should",
        "at",
        "least",
    ]
)


class _Text(HTMLParser):
    """The text a reader sees: no script, style, textarea (echoed input) or hidden tag."""

    SKIP = frozenset({"script", "style", "textarea", "template", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def english(text: str, msgids: frozenset[str]) -> bool:
    """Text shown in English: a whole msgid, or a sentence of English words.

    A code is not a word: a token in capitals, or of letters and digits (an
    authenticator's secret in groups of four, "A5BE LD6L … 57OF", once read
    as "be" and "of" and failed a crawl at random)."""
    if text in msgids:
        return True
    tokens = re.findall(r"\w+", text)
    words = {t.lower() for t in tokens if t.isalpha() and not (len(t) > 1 and t.isupper())}
    return len(words & ENGLISH) >= 2


def english_on_page(chunks: list[str], msgids: frozenset[str]) -> list[str]:
    return [c for c in chunks if english(c, msgids)]


def english_msgids(root: Path) -> frozenset[str]:
    """Every msgid of the project's catalogues that Vietnamese shows differently.

    Read with a few lines rather than a library: a msgid is the text after
    ``msgid`` up to ``msgstr``, joined over its continuation lines.
    """
    found: set[str] = set()
    for po in root.glob("**/locale/vi/LC_MESSAGES/django.po"):
        for msgid, msgstr in _entries(po.read_text(encoding="utf-8")):
            plain = "%" not in msgid and "{" not in msgid and len(msgid) > 3
            if plain and msgid != msgstr and re.search(r"[A-Za-z]{3}", msgid):
                found.add(" ".join(msgid.split()))
    return frozenset(found)


def _entries(text: str) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
        msgid, msgstr, current = "", "", None
        for ln in lines:
            if ln.startswith("msgid "):
                current, msgid = "id", _unquote(ln[6:])
            elif ln.startswith("msgstr "):
                current, msgstr = "str", _unquote(ln[7:])
            elif ln.startswith("msgid_plural") or ln.startswith("msgstr["):
                current = None
            elif ln.startswith('"') and current == "id":
                msgid += _unquote(ln)
            elif ln.startswith('"') and current == "str":
                msgstr += _unquote(ln)
        if msgid:
            entries.append((msgid, msgstr))
    return entries


def _unquote(s: str) -> str:
    s = s.strip()
    if s.startswith('"') and s.endswith('"'):
        s = s[1:-1]
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


# --- rows ------------------------------------------------------------------------

#: Tables a request may write without anything being accepted: the session.
UNTRACKED = frozenset({"django_session"})


class Writes:
    """Counts the statements that may change a row (a request's writes, rolled back or not).

    A request that sent none changed no table, so its snapshot need not be taken.
    """

    VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        head = sql.lstrip().upper()
        if head.startswith(self.VERBS) and "DJANGO_SESSION" not in head[:40]:
            self.count += 1
        return execute(sql, params, many, context)


def snapshot() -> dict[str, tuple[int, str]]:
    """table -> (row count, SHA-256 over its rows in key order)."""
    from django.apps import apps
    from django.db import connection

    tables = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    state: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in sorted(set(tables) - UNTRACKED):
            columns = [c.column for c in tables[table]._meta.local_concrete_fields]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode("utf-8", "surrogatepass"))
            state[table] = (len(rows), digest.hexdigest())
    return state


def changed_tables(
    before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]
) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))
