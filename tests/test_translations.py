"""Every English text a page can show has its Vietnamese translation.

The msgids are read the way ``makemessages`` reads them (Django's own
template-to-gettext conversion for templates, the Python syntax tree for
code), and each is looked up in the Vietnamese catalogues the server loads.
A string marked for translation and missing from them would reach a
Vietnamese page in English ("How many:", "Title of the election:").
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

SRC = Path(__file__).resolve().parents[1] / "src" / "daihoi"
SINGULAR = {"gettext", "gettext_lazy", "_", "gettext_noop", "ugettext"}
CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
FUNCTIONS = SINGULAR | CONTEXT | PLURAL | CONTEXT_PLURAL

Msg = tuple[str, str, int, str | None, str]  # file, function, line, context, msgid


def _calls_in_python(path: Path) -> Iterator[Msg]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in FUNCTIONS:
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        context = None
        if name in CONTEXT | CONTEXT_PLURAL:
            context, args = args[0] if args else None, args[1:]
        if args and isinstance(args[0], str) and (context is None or isinstance(context, str)):
            yield str(path), name, node.lineno, context, args[0]


_LITERAL = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_CALL = re.compile(
    r"\b(" + "|".join(sorted(FUNCTIONS)) + r")\((" + _LITERAL + r"(?:\s*,\s*" + _LITERAL + r")*)"
)


def _calls_in_template(path: Path) -> Iterator[Msg]:
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _CALL.finditer(code):
        function = match.group(1)
        strings = [ast.literal_eval(s) for s in re.findall(_LITERAL, match.group(2))]
        context = None
        if function in CONTEXT | CONTEXT_PLURAL:
            context, strings = strings[0], strings[1:]
        if strings:
            line = code.count("\n", 0, match.start()) + 1
            yield str(path), function, line, context, strings[0]


def used_msgids() -> list[Msg]:
    found: list[Msg] = []
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            found += _calls_in_python(path)
    for path in sorted(SRC.rglob("templates/**/*")):
        if path.suffix in (".html", ".txt"):
            found += _calls_in_template(path)
    return found


def untranslated() -> list[str]:
    with translation.override("vi"):
        catalog = trans_real.translation("vi")._catalog  # type: ignore[attr-defined]
    missing = []
    for path, function, line, context, msgid in used_msgids():
        if not msgid.strip():
            continue
        key = msgid if context is None else f"{context}\x04{msgid}"
        plural = function in PLURAL | CONTEXT_PLURAL
        if catalog.get((key, 0) if plural else key) is None:
            where = Path(path).relative_to(SRC.parent)
            missing.append(f"{where}:{line}: {msgid!r}" + (f" ({context})" if context else ""))
    return missing


def test_the_extractor_finds_the_strings_of_code_and_templates() -> None:
    msgids = {m[4] for m in used_msgids()}
    assert "No unit found." in msgids  # {% translate %} in a template
    assert "in %(parent)s" in msgids  # {% blocktranslate %} with a variable
    assert "Title of the election" in msgids  # gettext_lazy in a form
    assert "%s%%/year" in msgids  # gettext in code


@pytest.mark.django_db
def test_every_string_a_page_can_show_has_a_vietnamese_translation() -> None:
    missing = untranslated()
    assert not missing, "untranslated for vi:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_a_form_asks_for_a_whole_number_in_the_words_clerks_use(client) -> None:  # type: ignore[no-untyped-def]
    from django import forms

    class Count(forms.Form):
        n = forms.IntegerField()

    with translation.override("vi"):
        form = Count({"n": "mười"})
        assert not form.is_valid()
        assert form.errors["n"] == ["Nhập một số nguyên."]
