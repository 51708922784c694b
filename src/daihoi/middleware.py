"""Vietnamese first: the UI language is Vietnamese unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, and many
offices run browsers set to English; the language switch in the header sets
the cookie this reads.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_for(cookies: Mapping[str, str]) -> str:
    """The user's chosen language (the switch's cookie), else Vietnamese."""
    code = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else str(settings.LANGUAGE_CODE)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        code = language_for(request.COOKIES)
        translation.activate(code)
        request.LANGUAGE_CODE = code
