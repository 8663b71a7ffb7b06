"""Program A objects for the suite-wide access test (tests/test_access.py)."""

import datetime as dt

from django.utils import timezone

from waypoint.accounts.models import DeviceToken, Invitation, new_token
from waypoint.core.models import Membership, Role


def _membership(world) -> int:
    return Membership.unscoped.get(program=world.program, user=world.member).pk


def _invitation(world) -> int:
    _raw, token_hash = new_token()
    return Invitation.unscoped.create(
        program=world.program,
        email="invited@example.org",
        role=Role.STAFF,
        token_hash=token_hash,
        invited_by=world.owner,
        expires_at=timezone.now() + dt.timedelta(days=7),
    ).pk


def _device(world) -> int:
    raw, token_hash = new_token()
    return DeviceToken.unscoped.create(
        program=world.program, name="Van tablet", token_hash=token_hash, prefix=raw[:8]
    ).pk


OBJECTS = {
    "membership_id": _membership,
    "invitation_id": _invitation,
    "token_id": _device,
}
