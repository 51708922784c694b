"""The one error a service raises when it refuses: a rule's code, its parameters, a message.

``DomainError`` is a :class:`django.core.exceptions.ValidationError`, so every
``except ValidationError`` (a form, :func:`daihoi.http.service_call`, the CLI)
keeps catching it. What it adds is the discipline:

- ``code`` names the rule that refused (``"report.not_submitted"``); tests and
  the API read the code, not the wording;
- ``params`` are the facts of the case (a count, a name), kept apart from the
  text so an edge can show them as it likes;
- the message is a lazy translation (``gettext_lazy``) with ``%(name)s``
  placeholders: it is rendered when it is shown, in the language of the page
  or the command that shows it, not in the language active where it was raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DomainError(ValidationError):
    """A service refuses: ``DomainError("code", gettext_lazy("… %(n)d …"), n=3)``."""

    def __init__(self, code: str, message: StrOrPromise, /, **params: Any) -> None:
        super().__init__(message, code=code, params=params or None)

    @property
    def text(self) -> str:
        """The message rendered now, in the active language."""
        return " ".join(self.messages)
