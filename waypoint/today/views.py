"""Today: the start page after sign-in, saying what needs doing now, role by role.

Peers and staff: the visits at their site today and their own recent visits, to open or
correct. Coordinators, also: stock that needs them. Admins, also: the reports due this
quarter, devices and failed exports. Viewers: the latest published figures. Network
analysts without a program: their networks' latest published figures. Each part is a
fixed number of queries; the tests pin them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from waypoint.core.access import Principal, signed_in
from waypoint.core.models import Role
from waypoint.encounters.queries import record_visits_shown
from waypoint.exports.documents import report_title

from . import figures, queries


@signed_in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.membership is None:
        if request.analyst_networks:
            return render(
                request,
                "today/analyst.html",
                {"figures": [(n, figures.network_figures(n)) for n in request.analyst_networks]},
            )
        return render(request, "core/no_program.html", status=403)
    membership, now = request.membership, timezone.now()
    context: dict = {"can_log": membership.has_role(Role.PEER)}
    if context["can_log"] and request.site is not None:
        recent = queries.my_recent_visits(request.program, request.site, request.user, now=now)
        if recent:
            record_visits_shown(
                Principal.of(request), "today.recent_visits", [r.visit for r in recent]
            )
        context.update(
            today=queries.visits_today(request.site, request.user, now=now),
            recent=recent,
            # Opening a visit (to correct or void it) needs the visit page's own role.
            can_open=membership.has_role(_role_for("encounters:detail", 0)),
        )
    if membership.has_role(Role.COORDINATOR):
        context["stock"] = queries.stock_needs(request.program, now=now)
    if membership.has_role(Role.ADMIN):
        context["due_quarter"], context["due"] = figures.due_this_quarter(timezone.localdate(now))
        devices = queries.devices_last_seen(request.program)
        failed = queries.failed_exports(request.program, now=now)
        context.update(
            admin=True,
            devices=devices[: queries.SHOWN],
            more_devices=len(devices) > queries.SHOWN,
            failed=[(job, report_title(job.report_key)) for job in failed],
        )
    if membership.role == Role.VIEWER:
        context["figures"] = figures.program_figures(request.program)
    return render(request, "today/home.html", context)


def _role_for(url_name: str, *args) -> Role:
    """The role a page asks for, read from its view's access rule."""
    return resolve(reverse(url_name, args=args)).func.access.min_role
