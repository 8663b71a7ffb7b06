from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypoint.core.access import program_role, public, signed_in
from waypoint.core.middleware import SESSION_PROGRAM, SESSION_SITE
from waypoint.core.models import Membership, Role

from .forms import AcceptInvitationForm, DeviceForm, InviteForm, RoleForm
from .models import DeviceToken, Invitation
from .queries import (
    find_invitation,
    find_user_by_email,
    list_device_tokens,
    list_open_invitations,
    list_team,
)
from .services import (
    AccountError,
    accept_invitation,
    change_member_role,
    create_device_token,
    invite_member,
    revoke_device_token,
    revoke_invitation,
    set_membership_active,
    set_user_language,
)


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

    has_totp = Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP
    ).exists()
    return render(request, "accounts/profile.html", {"has_totp": has_totp})


# --- Team ------------------------------------------------------------------------------


def _render_team(request: HttpRequest, form: InviteForm, *, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "members": list_team(request.program),
        "invitations": list_open_invitations(request.program),
        "roles": Role.choices,
        "invitation_days": settings.INVITATION_DAYS,
    }
    return render(request, "accounts/team.html", context, status=status)


@program_role(Role.ADMIN)
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The program's people and open invitations; only admins manage them."""
    return _render_team(request, InviteForm(program=request.program))


@program_role(Role.ADMIN)
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST, program=request.program)
    if not form.is_valid():
        return _render_team(request, form, status=400)
    sent = invite_member(
        request.program,
        actor=request.user,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
    )
    if sent.emailed:
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link works for %(days)d days.")
            % {"email": sent.invitation.email, "days": settings.INVITATION_DAYS},
        )
        return redirect("accounts:team")
    # The link is shown on this page only, never carried through a redirect or a message.
    response = render(request, "accounts/invitation_not_sent.html", {"sent": sent})
    add_never_cache_headers(response)
    return response


def _after_member_change(request: HttpRequest, membership: Membership) -> HttpResponse:
    if membership.user_id == request.user.pk and not (
        membership.is_active and membership.role == Role.ADMIN
    ):
        return redirect("today:home")
    return redirect("accounts:team")


@program_role(Role.ADMIN)
@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: choose one of the roles in the list."))
        return redirect("accounts:team")
    try:
        change_member_role(membership, actor=request.user, role=form.cleaned_data["role"])
    except AccountError as error:
        messages.error(request, str(error))
        return redirect("accounts:team")
    messages.success(
        request,
        _("%(person)s now has the role: %(role)s.")
        % {"person": str(membership.user), "role": membership.get_role_display()},
    )
    return _after_member_change(request, membership)


def _set_active(request: HttpRequest, membership_id: int, *, active: bool) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    try:
        set_membership_active(membership, actor=request.user, active=active)
    except AccountError as error:
        messages.error(request, str(error))
        return redirect("accounts:team")
    if active:
        message = _("%(person)s can use this program again.")
    else:
        message = _("%(person)s can no longer use this program. You can reactivate them later.")
    messages.success(request, message % {"person": str(membership.user)})
    return _after_member_change(request, membership)


@program_role(Role.ADMIN)
@require_POST
def member_deactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _set_active(request, membership_id, active=False)


@program_role(Role.ADMIN)
@require_POST
def member_reactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    return _set_active(request, membership_id, active=True)


@program_role(Role.ADMIN)
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects, pk=invitation_id)
    try:
        revoke_invitation(invitation, actor=request.user)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:team")


# --- Accepting an invitation ------------------------------------------------------------


def _invitation_unavailable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        reason, status = "unknown", 404
    elif invitation.accepted_at is not None:
        reason, status = "used", 410
    elif invitation.revoked_at is not None:
        reason, status = "revoked", 410
    else:
        reason, status = "expired", 410
    return render(
        request, "accounts/invitation_unavailable.html", {"reason": reason}, status=status
    )


def _joined(request: HttpRequest, membership: Membership) -> HttpResponse:
    request.session[SESSION_PROGRAM] = membership.program_id
    request.session.pop(SESSION_SITE, None)
    messages.success(
        request,
        _("Welcome to %(program)s. Your role: %(role)s.")
        % {"program": membership.program.name, "role": membership.get_role_display()},
    )
    return redirect("today:home")


@public
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join a program from an invitation link.

    A new person chooses a password and is signed in. Someone who already has an
    account must be signed in as the invited address to accept.
    """
    invitation = find_invitation(token)
    if invitation is None or not invitation.is_open:
        return _invitation_unavailable(request, invitation)
    signed_in_user = request.user if request.user.is_authenticated else None
    existing = find_user_by_email(invitation.email)
    context = {"invitation": invitation, "program": invitation.program, "state": "new"}
    if signed_in_user is not None and (existing is None or existing.pk != signed_in_user.pk):
        context["state"] = "wrong_user"
        return render(request, "accounts/accept_invitation.html", context, status=403)
    if existing is not None and signed_in_user is None:
        context["state"] = "sign_in"
        context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "accounts/accept_invitation.html", context)

    form = None
    if existing is None:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                membership = accept_invitation(invitation, user=signed_in_user)
            else:
                membership = accept_invitation(
                    invitation,
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except AccountError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        return _joined(request, membership)
    context.update({"form": form, "state": "confirm" if form is None else "new"})
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "accounts/accept_invitation.html", context, status=status)


# --- Devices ---------------------------------------------------------------------------


def _render_devices(request: HttpRequest, form: DeviceForm, *, status: int = 200) -> HttpResponse:
    context = {"form": form, "devices": list_device_tokens(request.program)}
    return render(request, "accounts/devices.html", context, status=status)


@program_role(Role.ADMIN)
@require_GET
def devices(request: HttpRequest) -> HttpResponse:
    """Device tokens for outreach phones and kiosks that call the API."""
    return _render_devices(request, DeviceForm())


@program_role(Role.ADMIN)
@require_POST
def device_create(request: HttpRequest) -> HttpResponse:
    form = DeviceForm(request.POST)
    if not form.is_valid():
        return _render_devices(request, form, status=400)
    device, raw = create_device_token(
        request.program,
        actor=request.user,
        name=form.cleaned_data["name"],
        role=form.cleaned_data["role"],
    )
    # The only time the token is ever shown: not cached, not in a redirect.
    response = render(request, "accounts/device_created.html", {"device": device, "token": raw})
    add_never_cache_headers(response)
    return response


@program_role(Role.ADMIN)
@require_POST
def device_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    device = get_object_or_404(DeviceToken.objects, pk=token_id)
    try:
        revoke_device_token(device, actor=request.user)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(device)s was revoked; it can no longer reach the API.") % {"device": device.name},
        )
    return redirect("accounts:devices")
