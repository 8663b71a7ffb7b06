"""API credentials: the web session (with CSRF) or a per-device bearer token."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from waypoint.accounts.models import DeviceToken, hash_token
from waypoint.core.access import Principal
from waypoint.core.api_access import authorize
from waypoint.core.models import Role


class ProgramSessionAuth(SessionAuth):
    """The signed-in staff member, acting in their current program.

    The CSRF check only applies to a request that carries a signed-in session: a
    device sending its bearer token has no cookie to forge, and checking it here
    would refuse the device before its token is even read.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        membership = getattr(request, "membership", None)
        if not request.user.is_authenticated or membership is None:
            return None
        principal = Principal(
            program=membership.program, role=Role(membership.role), user=request.user
        )
        return authorize(request, principal)


class DeviceTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` issued by a program admin to one device."""

    def authenticate(self, request: HttpRequest, token: str):
        token_hash = hash_token(token)
        device = (
            DeviceToken.unscoped.select_related("program")
            .filter(token_hash=token_hash, revoked_at__isnull=True, program__is_active=True)
            .first()
        )
        if device is None:
            return None
        now = timezone.now()
        if device.last_used_at is None or now - device.last_used_at > timedelta(minutes=5):
            DeviceToken.unscoped.filter(pk=device.pk).update(last_used_at=now)
        return authorize(
            request, Principal(program=device.program, role=Role(device.role), device=device)
        )
