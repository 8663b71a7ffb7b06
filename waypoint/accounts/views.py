from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import public, signed_in

from .services import set_user_language


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; remembered on the account when signed in, in a cookie otherwise."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    if request.user.is_authenticated:
        set_user_language(request.user, code)
    translation.activate(code)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@signed_in
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/profile.html", {"has_totp": has_totp})
