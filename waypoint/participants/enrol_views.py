"""Enrolment: the recipe's guided questions, and similar records shown while they are
answered (htmx), each with what differs, its last visit and a way to confirm it; a
different person with the same code is one button away.

Every response that shows similar records writes one audit event (``record_shown``)
before it is rendered.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.core.access import Principal, program_role
from waypoint.core.models import Role

from . import matching, services, uic
from .forms import EnrolForm
from .models import Participant
from .queries import record_shown, settings_for


def _enrol_form(request: HttpRequest, data=None) -> EnrolForm:
    program_settings = settings_for(request.program)
    return EnrolForm(data, recipe=program_settings.get_recipe(), program_settings=program_settings)


def _window_url() -> str | None:
    try:
        return reverse("encounters:window")
    except NoReverseMatch:
        return None


def _after_enrol(participant: Participant) -> str:
    window = _window_url()
    if window is None:
        return reverse("participants:detail", args=[participant.pk])
    return f"{window}?participant={participant.pk}"


@program_role(Role.PEER)
def enrol(request: HttpRequest) -> HttpResponse:
    """Guided enrolment: the recipe's questions build the code; similar records are shown."""
    form = _enrol_form(request, request.POST if request.method == "POST" else None)
    candidates, duplicate = [], None
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.enrol_participant(
                request.program,
                actor=request.user,
                code=form.built.code,
                fallback_parts=form.built.fallbacks,
                different_person=form.cleaned_data.get("different_person", False),
                **form.optional_values(),
            )
        except services.DuplicateCode as exc:
            duplicate = exc.existing
            form.add_error(None, exc.message)
        except services.ParticipantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Enrolled with code %(code)s.") % {"code": participant.code}
            )
            return redirect(_after_enrol(participant))
    if request.method == "POST" and form.built is not None:
        candidates = _candidates(request, form)
    if request.method == "POST" and (duplicate is not None or _looked_up(form)):
        shown = [c.participant for c in candidates]
        if duplicate is not None and duplicate not in shown:
            shown.append(duplicate)
        record_shown(Principal.of(request), "participant.candidates", shown)
    return render(
        request,
        "participants/enrol.html",
        {
            "form": form,
            "candidates": candidates,
            "duplicate": duplicate,
            "recipe": form.recipe,
            "window_url": _window_url(),
            "same_code": duplicate.code if duplicate else _same_code(form.built, candidates),
        },
        status=400 if request.method == "POST" else 200,
    )


def _same_code(built: uic.Built | None, found: list[matching.Candidate]) -> str:
    """The typed code when a record already has it exactly (a new person then needs a
    suffix letter), else ""."""
    if built is None or not built.complete:
        return ""
    return built.code if any(c.participant.code == built.code for c in found) else ""


def _looked_up(form: EnrolForm) -> bool:
    """Whether the form held enough of a code for similar records to be looked up."""
    return form.built is not None and bool(form.built.code)


def _candidates(request: HttpRequest, form: EnrolForm) -> list[matching.Candidate]:
    built = form.built
    if built is None or not built.code:
        return []
    data = getattr(form, "cleaned_data", {})
    typed = bool(uic.normalize(data.get("code") or ""))
    return matching.find_candidates(
        request.program,
        form.recipe,
        built.code,
        fallbacks=built.fallbacks,
        initials=str(data.get("initials", "")),
        complete=built.complete,
        # The names themselves, when given, let other forms of them be recognised; they
        # are used for this lookup only and never stored.
        answers=None if typed else form.answers(),
    )


@program_role(Role.PEER)
@require_POST
def candidates(request: HttpRequest) -> HttpResponse:
    """The live list of similar records while the enrolment form is filled in (htmx)."""
    form = _enrol_form(request, request.POST)
    form.is_valid()  # errors are shown on submit, not while typing
    data = getattr(form, "cleaned_data", {})
    typed = uic.normalize(data.get("code") or "")
    if typed:
        form.built = uic.Built(code=typed)
    else:
        try:
            form.built = uic.build_code(form.recipe, form.answers(), partial=True)
        except uic.AnswerError:
            form.built = None
    found = _candidates(request, form)
    if _looked_up(form):
        record_shown(
            Principal.of(request), "participant.candidates", [c.participant for c in found]
        )
    return render(
        request,
        "participants/_candidates_response.html",
        {
            "candidates": found,
            "code": form.built.code if form.built else "",
            "complete": bool(form.built and form.built.complete),
            "recipe": form.recipe,
            "window_url": _window_url(),
            "same_code": _same_code(form.built, found),
        },
    )
