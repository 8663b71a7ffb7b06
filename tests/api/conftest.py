"""API test helpers: device tokens created the way an admin's device page stores them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from waypoint.accounts.models import DeviceToken, new_token
from waypoint.core.models import Role


@pytest.fixture
def device_token():
    """``device_token(program, role=Role.STAFF, revoked=False)`` -> (raw token, DeviceToken)."""

    def make(program, role: Role = Role.STAFF, *, revoked: bool = False):
        raw, token_hash = new_token()
        device = DeviceToken.unscoped.create(
            program=program,
            name=f"Outreach phone ({role})",
            role=role,
            token_hash=token_hash,
            prefix=raw[:8],
            revoked_at=timezone.now() if revoked else None,
        )
        return raw, device

    return make


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
