"""Request context: the current program, site and scope; security headers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .queries import memberships_for_user, sites_and_current
from .scoping import program_scope, scopes_disabled

SESSION_PROGRAM = "waypoint_program_id"
SESSION_SITE = "waypoint_site_id"


class CurrentProgramMiddleware:
    """Resolve the signed-in user's current program and site, and open its scope.

    Everything the request then reads of program-owned data is limited to that one
    program; a user who works for several switches between them explicitly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None
        request.program = None
        request.site = None
        request.sites = []
        request.memberships = []
        request.analyst_networks = []
        user = request.user
        if not user.is_authenticated:
            with program_scope():
                return self.get_response(request)
        if user.is_superuser and request.path.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)

        request.memberships = memberships_for_user(user)
        request.analyst_networks = [grant.network for grant in user.analyst_of.all()]
        wanted = request.session.get(SESSION_PROGRAM)
        current = next((m for m in request.memberships if m.program_id == wanted), None)
        if current is None and request.memberships:
            current = request.memberships[0]
        request.membership = current
        if current is None:
            with program_scope():
                return self.get_response(request)
        request.program = current.program
        with program_scope(current.program_id):
            request.sites, request.site = sites_and_current(
                current.program_id, request.session.get(SESSION_SITE)
            )
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline script) and a strict permissions policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            return response
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"
        )
        return response
