from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import services
from .access import network_analyst, program_role, public, signed_in
from .forms import SiteClosureForm, SiteForm, SiteHoursForm
from .middleware import SESSION_PROGRAM, SESSION_SITE
from .models import Role, Site, SiteClosure, SiteHours
from .queries import list_sites, network_overview
from .tasks import HEARTBEAT_KEY


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the current program's day, or the network overview for analysts."""
    if request.membership is None:
        if request.analyst_networks:
            return redirect("core:network")
        return render(request, "core/no_program.html", status=403)
    return render(request, "core/home.html", {"sites": list_sites(request.program)})


@network_analyst
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    """Programs and sites of the analyst's networks: aggregate facts only."""
    return render(
        request, "core/network.html", {"networks": network_overview(request.analyst_networks)}
    )


@signed_in
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Change the current program and/or site. Only the user's own programs and their sites."""
    program_id = _int(request.POST.get("program"))
    site_id = _int(request.POST.get("site"))
    if program_id is not None:
        membership = next((m for m in request.memberships if m.program_id == program_id), None)
        if membership is None:
            messages.error(request, _("You are not a member of that program."))
            return redirect("core:home")
        request.session[SESSION_PROGRAM] = program_id
        request.session.pop(SESSION_SITE, None)
        messages.success(
            request, _("Now working in %(program)s.") % {"program": membership.program}
        )
    elif site_id is not None and request.program is not None:
        site = Site.objects.filter(pk=site_id, program=request.program, is_active=True).first()
        if site is None:
            messages.error(request, _("That site is not part of your current program."))
            return redirect("core:home")
        request.session[SESSION_SITE] = site.pk
        messages.success(request, _("Now working at %(site)s.") % {"site": site.name})
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target or "/")


@program_role(Role.STAFF)
@require_GET
def sites(request: HttpRequest) -> HttpResponse:
    all_sites = list_sites(request.program, active_only=False).prefetch_related("hours", "closures")
    return render(request, "core/sites.html", {"sites": all_sites})


@program_role(Role.STAFF)
@require_GET
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.prefetch_related("hours", "closures"), pk=site_id)
    can_edit = request.membership.has_role(Role.COORDINATOR)
    return render(
        request,
        "core/site_detail.html",
        {
            "site": site,
            "can_edit": can_edit,
            "hours_form": SiteHoursForm(prefix="hours") if can_edit else None,
            "closure_form": SiteClosureForm(prefix="closure") if can_edit else None,
        },
    )


@program_role(Role.COORDINATOR)
def site_create(request: HttpRequest) -> HttpResponse:
    return _site_form(request, Site(program=request.program))


@program_role(Role.COORDINATOR)
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    return _site_form(request, get_object_or_404(Site.objects, pk=site_id))


def _site_form(request: HttpRequest, site: Site) -> HttpResponse:
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        site = services.save_site(form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved %(site)s.") % {"site": site.name})
        return redirect("core:site_detail", site_id=site.pk)
    return render(request, "core/site_form.html", {"form": form, "site": site})


@program_role(Role.COORDINATOR)
@require_POST
def site_hours_add(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    form = SiteHoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            services.add_site_hours(site, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Opening hours added."))
    else:
        messages.error(
            request, _("Those hours were not saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect("core:site_detail", site_id=site.pk)


@program_role(Role.COORDINATOR)
@require_POST
def site_hours_remove(request: HttpRequest, site_id: int, hours_id: int) -> HttpResponse:
    hours = get_object_or_404(SiteHours.objects, pk=hours_id, site_id=site_id)
    services.remove_site_hours(hours, actor=request.user)
    messages.success(request, _("Opening hours removed."))
    return redirect("core:site_detail", site_id=site_id)


@program_role(Role.COORDINATOR)
@require_POST
def site_closure_add(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    form = SiteClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        services.add_closure(site, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Closure added."))
    else:
        messages.error(
            request, _("The closure was not saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect("core:site_detail", site_id=site.pk)


@program_role(Role.COORDINATOR)
@require_POST
def site_closure_remove(request: HttpRequest, site_id: int, closure_id: int) -> HttpResponse:
    closure = get_object_or_404(SiteClosure.objects, pk=closure_id, site_id=site_id)
    services.remove_closure(closure, actor=request.user)
    messages.success(request, _("Closure removed."))
    return redirect("core:site_detail", site_id=site_id)


def _errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and task-queue reachability, for load balancers and monitoring."""
    from huey.contrib.djhuey import HUEY

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # report, never raise: this is the health endpoint
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        HUEY.pending_count()
        checks["queue"] = "ok"
    except Exception as exc:
        checks["queue"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    try:
        worker_seen = cache.get(HEARTBEAT_KEY)
    except Exception:
        worker_seen = None
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks, "worker_last_seen": worker_seen},
        status=200 if healthy else 503,
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the failure may be the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
