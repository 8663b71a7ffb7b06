"""Helpers for account tests: invitations and device tokens made the way the app makes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from waypoint.accounts.models import DeviceToken, Invitation, new_token
from waypoint.core.models import Role


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    """Login rate limits live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_invitation():
    """An invitation and its raw token. ``age_days`` moves it into the past."""

    def make(
        program, email="new.person@example.org", role=Role.STAFF, *, invited_by=None, age_days=0
    ):
        raw, token_hash = new_token()
        now = timezone.now() - dt.timedelta(days=age_days)
        invitation = Invitation.unscoped.create(
            program=program,
            email=email,
            role=role,
            token_hash=token_hash,
            invited_by=invited_by,
            expires_at=now + dt.timedelta(days=7),
        )
        return invitation, raw

    return make


@pytest.fixture
def make_device():
    def make(program, name="Van 2 tablet", role=Role.STAFF):
        raw, token_hash = new_token()
        device = DeviceToken.unscoped.create(
            program=program, name=name, role=role, token_hash=token_hash, prefix=raw[:8]
        )
        return device, raw

    return make
