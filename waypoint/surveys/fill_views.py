"""Filling in a survey: staff hand a phone to a participant, or the participant follows
the survey's link or QR code. After each save the form is empty again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from waypoint.core.access import program_role, public
from waypoint.core.models import Role, Site
from waypoint.core.scoping import program_scope, scopes_disabled

from .filling import build_fields, form_errors, new_client_uuid, posted_uuid, submit
from .forms import parse_fill_form
from .models import ResponseMode, Survey
from .queries import questions_of

THANKS = "thanks"


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@program_role(Role.PEER)
def fill(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects, pk=survey_id)
    questions = questions_of(survey)
    sites = list(Site.objects.filter(program=request.program, is_active=True).order_by("name"))
    context = {"survey": survey, "sites": sites, "form_errors": [], "closed": not survey.is_open}
    if request.method != "POST" or not survey.is_open:
        site_id = request.site.pk if request.site is not None else None
        context.update(
            fields=build_fields(questions), client_uuid=new_client_uuid(), site_id=site_id
        )
        status = 409 if request.method == "POST" else 200
        return render(request, "surveys/fill.html", context, status=status)

    site_id = _int(request.POST.get("site"))
    site = next((s for s in sites if s.pk == site_id), None)
    if site_id is not None and site is None:
        errors = {"site": [_("Choose one of this program's open sites.")]}
        answers = parse_fill_form(request.POST, questions)
        return _again(request, context, questions, errors, answers, site_id)
    outcome = submit(
        request, survey, questions, mode=ResponseMode.STAFF, site=site, actor=request.user
    )
    if outcome.not_open:
        context["closed"] = True
        return render(request, "surveys/fill.html", context, status=409)
    if outcome.errors:
        return _again(request, context, questions, outcome.errors, outcome.answers, site_id)
    if outcome.duplicate or not outcome.result.created:
        messages.info(request, _("Those answers were already saved. Ready for the next person."))
    else:
        messages.success(request, _("Thank you — ready for the next person."))
    return redirect("surveys:fill", survey_id=survey.pk)


def _again(request, context, questions, errors, answers, site_id) -> HttpResponse:
    context.update(
        fields=build_fields(questions, answers, errors),
        client_uuid=posted_uuid(request),
        site_id=site_id,
        form_errors=form_errors(errors),
        show_errors=True,
    )
    return render(request, "surveys/fill.html", context, status=422)


@public
@never_cache
def public_fill(request: HttpRequest, token: str) -> HttpResponse:
    """The self-fill page behind the link and QR code. Only an open survey takes answers;
    nothing about the person or their device is kept."""
    with scopes_disabled():
        survey = Survey.objects.select_related("program").filter(public_token=token[:64]).first()
    if survey is None:
        return _no_index(render(request, "surveys/public_missing.html", status=404))
    # Only the survey's own questions are read in its program's scope; the page itself
    # renders in the visitor's (a signed-in visitor keeps their own program switcher).
    with program_scope(survey.program_id):
        questions = questions_of(survey)
    return _no_index(_public_fill(request, survey, questions))


def _public_fill(request: HttpRequest, survey: Survey, questions) -> HttpResponse:
    context = {"survey": survey, "program": survey.program, "form_errors": []}
    if not survey.is_open:
        return render(request, "surveys/public_closed.html", context)
    if request.method != "POST":
        context.update(
            fields=build_fields(questions),
            client_uuid=new_client_uuid(),
            thanks=request.GET.get(THANKS) == "1",
        )
        return render(request, "surveys/public_fill.html", context)
    outcome = submit(
        request, survey, questions, mode=ResponseMode.SELF, actor_label="self-fill link"
    )
    if outcome.not_open:
        return render(request, "surveys/public_closed.html", context, status=409)
    if outcome.errors:
        context.update(
            fields=build_fields(questions, outcome.answers, outcome.errors),
            client_uuid=posted_uuid(request),
            form_errors=form_errors(outcome.errors),
            show_errors=True,
        )
        return render(request, "surveys/public_fill.html", context, status=422)
    return redirect(f"{request.path}?{THANKS}=1")


def _no_index(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token in the address must not reach other sites; "no-referrer" would also
    # blank the Origin of the page's own form posts, which the CSRF check needs.
    response["Referrer-Policy"] = "same-origin"
    return response
