"""Request context: the current program, site and scope; security headers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .queries import memberships_for_user, sites_and_current
from .scoping import program_scope, scopes_disabled
from .services import remember_site

SESSION_PROGRAM = "waypoint_program_id"
SESSION_SITE = "waypoint_site_id"


class CurrentProgramMiddleware:
    """Resolve the signed-in user's current program and site, and open its scope.

    Everything the request then reads of program-owned data is limited to that one
    program; a user who works for several switches between them explicitly. The site is
    the one chosen in this session, else the one the member last chose (so it survives
    signing out and in), else the program's first. A chosen site that is no longer
    active is never replaced silently: the member is told where they now work.
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
            chosen = request.session.get(SESSION_SITE)
            wanted = chosen if chosen is not None else current.last_site_id
            request.sites, request.site = sites_and_current(current.program_id, wanted)
            if wanted is not None and request.site is not None and request.site.pk != wanted:
                _site_gone(request, current, wanted)
            return self.get_response(request)


def _site_gone(request: HttpRequest, membership, wanted: int) -> None:
    """The chosen site was deactivated: say so once, and stay at the fallback for the
    session (the remembered site changes only when the member chooses one)."""
    request.session[SESSION_SITE] = request.site.pk
    if membership.last_site is not None and membership.last_site_id == wanted:
        text = _(
            "%(old)s is no longer an active site, so you are now working at %(new)s. "
            "You can choose another site at the top of the page."
        ) % {"old": membership.last_site.name, "new": request.site.name}
    else:
        text = _(
            "The site you were working at is no longer active, so you are now working at "
            "%(new)s. You can choose another site at the top of the page."
        ) % {"new": request.site.name}
    messages.warning(request, text)


def set_current_site(request: HttpRequest, site) -> None:
    """Work at ``site`` from now on: for the rest of this session and after the member's
    next sign-in."""
    request.session[SESSION_SITE] = site.pk
    request.site = site
    remember_site(request.membership, site)


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
