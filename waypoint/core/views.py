from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .access import network_analyst, public, signed_in
from .middleware import SESSION_PROGRAM, SESSION_SITE, set_current_site
from .models import Site
from .queries import network_overview
from .tasks import HEARTBEAT_KEY


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
            return redirect("today:home")
        request.session[SESSION_PROGRAM] = program_id
        request.session.pop(SESSION_SITE, None)
        messages.success(
            request, _("Now working in %(program)s.") % {"program": membership.program}
        )
    elif site_id is not None and request.program is not None:
        site = Site.objects.filter(pk=site_id, program=request.program, is_active=True).first()
        if site is None:
            messages.error(request, _("That site is not part of your current program."))
            return redirect("today:home")
        set_current_site(request, site)
        messages.success(request, _("Now working at %(site)s.") % {"site": site.name})
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target or "/")


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
