"""A delegate registers a speech (tham luận) from their phone, through their vote link.

No login: the link is the credential, on the one phone that confirmed it, as
for voting (:mod:`daihoi.congresses.ballot_views`). The speaker is the link's
delegate; the secretariat then accepts, orders and times the speech.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from daihoi.congresses import services, voting
from daihoi.congresses.ballot_views import _refused, _secret
from daihoi.congresses.forms import PhoneSpeechForm
from daihoi.congresses.models import Delegate, Speech
from daihoi.core import speeches as speech_rules
from daihoi.organizations.models import Unit


def _units(delegate: Delegate) -> list[tuple[int, str]]:
    units = Unit.objects.filter(parent_id=delegate.congress.unit_id, end_date__isnull=True)
    return [(u.pk, u.name) for u in units.order_by("name")]


def _errors(form: PhoneSpeechForm) -> list[str]:
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_speech(request: HttpRequest, token: str) -> HttpResponse:
    """The delegate's speeches and the form to register one."""
    delegate = voting.pass_delegate(token)
    if delegate is None:
        return _refused(request, "forged", None)
    if not delegate.pass_device:
        return redirect("ballot_pass", token=token)  # the phone is confirmed first
    if not voting.device_matches(delegate, _secret(request, delegate)):
        return _refused(request, "foreign_device", delegate)
    form = PhoneSpeechForm(request.POST or None, request.FILES or None, units=_units(delegate))
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                services.speech_register(
                    actor=None,
                    congress=delegate.congress,
                    delegate=delegate,
                    title=data["title"],
                    text=data["text"],
                    data=upload.read(speech_rules.MAX_FILE_BYTES + 1) if upload else None,
                    file_name=upload.name if upload else "",
                    unit=Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None,
                    via="delegate",
                )
            except ValidationError as refused:
                errors = list(refused.messages)
            else:
                return redirect(f"{request.path}?done=1")
        else:
            errors = _errors(form)
    speeches = Speech.objects.filter(delegate=delegate).select_related("unit").order_by("pk")
    return render(
        request,
        "congresses/ballot_speech.html",
        {
            "delegate": delegate,
            "token": token,
            "form": form,
            "errors": errors,
            "done": request.method == "GET" and request.GET.get("done") == "1",
            "speeches": speeches.defer("text"),
            "max_mb": speech_rules.MAX_FILE_BYTES // (1024 * 1024),
        },
        status=200,
    )
