"""A service's refusal reaches the person in their language, through one helper."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from daihoi.errors import DomainError
from daihoi.http import run_service, service_call


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refuse() -> None:
    raise DomainError(
        "report.return_reason", gettext_lazy("Give the reason for sending the report back.")
    )


def test_a_domain_error_is_a_validation_error_with_its_code_and_parameters() -> None:
    error = DomainError("seats.too_many", gettext_lazy("more than %(n)d"), n=3)
    assert isinstance(error, ValidationError)
    assert (error.code, error.params) == ("seats.too_many", {"n": 3})
    assert error.messages == ["more than 3"]


def test_the_message_is_rendered_where_it_is_shown_not_where_it_was_raised() -> None:
    with translation.override("en"), pytest.raises(DomainError) as caught:
        _refuse()
    with translation.override("vi"):
        assert caught.value.text == "Cần ghi lý do trả lại báo cáo."
    with translation.override("en"):
        assert caught.value.text == "Give the reason for sending the report back."


def test_a_refusal_ends_the_block_and_becomes_the_error_message() -> None:
    request = _request()
    reached = False
    with translation.override("vi"), service_call(request, "Done.") as call:
        _refuse()
        reached = True
    assert call.refused and not reached
    assert call.text == "Cần ghi lý do trả lại báo cáo."
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "Cần ghi lý do trả lại báo cáo.")
    ]


def test_a_quiet_call_leaves_the_text_to_the_page() -> None:
    request = _request()
    with service_call(request, quiet=True) as call:
        raise ValidationError("no")
    assert call.messages == ["no"] and not list(get_messages(request))


def test_a_call_that_is_not_refused_says_it_is_done() -> None:
    request = _request()
    assert run_service(request, lambda: None, "Done.")
    assert [m.message for m in get_messages(request)] == ["Done."]
    assert not run_service(request, _refuse, "Done.")


def test_other_errors_are_not_taken_for_refusals() -> None:
    with pytest.raises(KeyError), service_call(_request()):
        raise KeyError("a bug is not a refusal")
