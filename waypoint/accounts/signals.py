"""Audit sign-ins, sign-outs and second-factor changes."""

from __future__ import annotations

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db import transaction
from django.dispatch import receiver

from waypoint.audit.services import log_event

from .middleware import SESSION_MFA_OK


@receiver(auth_signals.user_logged_in)
def on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        log_event("auth.login", actor=user, obj=user)


@receiver(auth_signals.user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        with transaction.atomic():
            log_event("auth.logout", actor=user, obj=user)


@receiver(mfa_signals.authenticator_added)
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    with transaction.atomic():
        log_event("auth.mfa_added", actor=user, obj=user, extra={"type": authenticator.type})


@receiver(mfa_signals.authenticator_removed)
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    if request is not None:
        request.session.pop(SESSION_MFA_OK, None)
    with transaction.atomic():
        log_event("auth.mfa_removed", actor=user, obj=user, extra={"type": authenticator.type})


@receiver(mfa_signals.authenticator_reset)
def on_mfa_reset(sender, request, user, authenticator, **kwargs):
    with transaction.atomic():
        log_event("auth.mfa_reset", actor=user, obj=user, extra={"type": authenticator.type})
