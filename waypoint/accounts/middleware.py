"""Per-user language, idle sign-out and compulsory MFA for senior roles."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

SESSION_LAST_SEEN = "waypoint_last_seen"
SESSION_MFA_OK = "waypoint_mfa_ok"


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Sign a user out after ``WAYPOINT_SESSION_IDLE_MINUTES`` without a request.

    Shared devices at a window or in a van are the norm; an unattended session must
    not stay open. The timestamp is refreshed at most once a minute to spare writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                response = redirect_to_login(request.get_full_path())
                _add_message(
                    request, response, _("You were signed out after a period without activity.")
                )
                return response
            if last is None or now - last >= 60:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def _add_message(request: HttpRequest, response: HttpResponse, text: str) -> None:
    """Add a message whether or not MessageMiddleware has seen this request yet.

    When this middleware sits before MessageMiddleware and answers early, that
    middleware never runs for the request, so the message is stored here.
    """
    if hasattr(request, "_messages"):
        messages.info(request, text)
        return
    storage = default_storage(request)
    storage.add(messages.INFO, text)
    storage.update(response)


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/language/")


class RequireMfaMiddleware:
    """Send admins and coordinators to TOTP enrolment until they have it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_MFA_OK)
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and needs_mfa(request)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[SESSION_MFA_OK] = True
            else:
                messages.warning(
                    request,
                    _(
                        "Your role needs a second sign-in step. Set up an authenticator app to go on."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def needs_mfa(request: HttpRequest) -> bool:
    required = set(settings.MFA_REQUIRED_ROLES)
    return request.user.is_superuser or any(m.role in required for m in request.memberships)
