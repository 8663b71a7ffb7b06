"""Scoped reads for accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from waypoint.core.models import Membership

from .models import DeviceToken, Invitation, hash_token


def list_team(program):
    """The program's memberships, active first, with their users."""
    return (
        Membership.objects.filter(program=program)
        .select_related("user")
        .order_by("-is_active", "user__email")
    )


def list_open_invitations(program):
    return (
        Invitation.objects.filter(
            program=program,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def list_device_tokens(program):
    """Active devices first, then revoked ones (kept for the record)."""
    return (
        DeviceToken.objects.filter(program=program)
        .select_related("created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    )


def find_invitation(raw_token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state and program.

    Reached by people who are not members yet, so it cannot use the request's scope;
    knowing the token is what grants access.
    """
    return (
        Invitation.unscoped.select_related("program", "invited_by")
        .filter(token_hash=hash_token(raw_token))
        .first()
    )


def find_user_by_email(email: str):
    return get_user_model().objects.filter(email__iexact=email).first()
