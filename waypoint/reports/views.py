"""Report pages for a program: the list, each funder report, the dashboard, settings.

Viewers (and staff and peers) see suppressed figures. Coordinators and admins see exact
figures, marked "not for publication", unless they ask for the published version
(``?published=1``). No page here shows anything about a single participant.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role

from . import audience, services
from .compose import build_report
from .dashboard import build_dashboard
from .dashboard import default_period as dashboard_period
from .definitions import TEMPLATES, program_templates
from .forms import PeriodForm, ReportSettingsForm
from .grid import default_period
from .indicators.coverage import report_settings
from .models import ReportSettings
from .period import Scope
from .publish import suppression_threshold


def sees_exact(request: HttpRequest) -> bool:
    return audience.sees_exact(request.membership, request.GET)


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@program_role(Role.VIEWER)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    reports = [{"template": t, "url": reverse(f"reports:{t.key}")} for t in program_templates()]
    return render(
        request,
        "reports/index.html",
        {"reports": reports, "community_url": community_url(request.program)},
    )


def community_url(program) -> str | None:
    """The program's public community page, if its admin has published it."""
    if ReportSettings.objects.filter(program=program, community_page=True).exists():
        return reverse("community:page", kwargs={"program_slug": program.slug})
    return None


def link_for_another_program(request: HttpRequest) -> HttpResponse | None:
    """Links in emails name their program (``?program=<id>``): when it is another of the
    user's programs, ask before switching to it (a switch is a POST, never a link)."""
    wanted = request.GET.get("program", "")
    if not wanted.isdigit() or int(wanted) == request.program.pk:
        return None
    membership = next((m for m in request.memberships if m.program_id == int(wanted)), None)
    if membership is None:
        return None  # not theirs: the page of their current program, as without it
    return render(
        request,
        "reports/switch_first.html",
        {
            "target": membership.program,
            "next": f"{request.path}?{_query_without(request, 'program')}",
        },
    )


@program_role(Role.VIEWER)
@require_GET
def report(request: HttpRequest, report_key: str) -> HttpResponse:
    if (ask := link_for_another_program(request)) is not None:
        return ask
    template = TEMPLATES[report_key]
    exact = sees_exact(request)
    form = PeriodForm(
        request.GET or None,
        program=request.program,
        default=default_period(template),
        published=not exact,
    )
    result = None
    if not form.is_bound or form.is_valid():
        scope = Scope.of_program(request.program, form.chosen_site)
        result = build_report(template, form.period, scope, suppressed=not exact)
    return render(
        request,
        template.html_template,
        {
            "template": template,
            "form": form,
            "result": result,
            "can_see_exact": request.membership.has_role(Role.COORDINATOR),
            "query": _query_without(request, "published"),
            "program": request.program,
        },
    )


@program_role(Role.VIEWER)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if (ask := link_for_another_program(request)) is not None:
        return ask
    exact = sees_exact(request)
    form = PeriodForm(
        request.GET or None,
        program=request.program,
        default=dashboard_period(published=not exact),
        published=not exact,
    )
    board = None
    if not form.is_bound or form.is_valid():
        scope = Scope.of_program(request.program, form.chosen_site)
        board = build_dashboard(form.period, scope, suppressed=not exact)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "board": board,
            "can_see_exact": request.membership.has_role(Role.COORDINATOR),
            "suppressed": not exact,
            "threshold": suppression_threshold(),
            "query": _query_without(request, "published"),
        },
    )


@program_role(Role.ADMIN)
def report_settings_view(request: HttpRequest) -> HttpResponse:
    """The population estimate and coverage bands used by the coverage indicators."""
    current = report_settings(request.program)
    form = ReportSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_report_settings(form.save(commit=False), actor=request.user)
        messages.success(request, _("Report settings saved."))
        return redirect("reports:settings")
    return render(
        request,
        "reports/settings.html",
        {"form": form, "community_url": community_url(request.program)},
    )
