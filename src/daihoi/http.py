"""What every page module shares: the htmx request type and the small reply helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass
class ServiceCall:
    """What :func:`service_call` saw: whether the service refused, and what it said."""

    refused: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The refusal as one line (for a JSON reply or an inline error)."""
        return " ".join(self.messages)


@contextmanager
def service_call(
    request: HttpRequest | None, done: str = "", *, quiet: bool = False
) -> Iterator[ServiceCall]:
    """Run the services in the block; a refusal ends the block and becomes what the user reads.

    ``with service_call(request, _("Saved.")) as call: services.x(...)`` — when a
    service raises a ``ValidationError`` (a :class:`daihoi.errors.DomainError`), its
    messages are rendered now, in the request's language, and added as error
    messages (unless ``quiet``: the page shows ``call.text`` itself); the code
    after the block runs with ``call.refused`` true. When the block ends without a
    refusal, ``done`` is added as the success message.
    """
    call = ServiceCall()
    try:
        yield call
    except ValidationError as exc:
        call.refused = True
        call.messages = [str(m) for m in exc.messages]
        if request is not None and not quiet:
            for message in call.messages:
                messages.error(request, message)
        return
    if done and request is not None:
        messages.success(request, done)


def run_service(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """:func:`service_call` for one call: True when the service did not refuse."""
    with service_call(request, done) as call:
        action()
    return not call.refused


def form_errors(request: HttpRequest, form: Any) -> None:
    """Each field's errors as messages, named by the field's label."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def submit_form(
    request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], object], done: str
) -> bool:
    """A posted form: if valid, ``action(cleaned_data)`` as :func:`run_service`
    runs it; if not, its errors as messages. True when the service ran."""
    if not form.is_valid():
        form_errors(request, form)
        return False
    return run_service(request, lambda: action(form.cleaned_data), done)


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def confirmed(request: HttpRequest) -> bool:
    """The person confirmed an irreversible action on its confirmation page."""
    return request.POST.get("confirmed") == "yes"


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    facts: list[str],
    button: str,
    back: str,
    **context: Any,
) -> HttpResponse:
    """Ask before an action that cannot simply be taken back (sealing, closing).

    The action's own form posts here first; this page posts again with
    ``confirmed=yes``. Nothing is written until then.
    """
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "facts": facts,
            "button": button,
            "back": back,
            **context,
        },
    )


def query_text(request: HttpRequest, name: str = "q", limit: int = 100) -> str:
    """A search box's text: trimmed, at most ``limit`` characters, without control characters.

    A NUL or another control character cannot be typed into a search box and cannot be
    stored in a PostgreSQL text value; it is dropped rather than sent to the database.
    """
    text = "".join(c for c in request.GET.get(name, "") if c.isprintable() or c == " ")
    return text.strip()[:limit]


def query_id(request: HttpRequest, name: str) -> int | None:
    """An id given in the address (``?from=12``), or None when it is not one."""
    text = request.GET.get(name, "")
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return int(text)
