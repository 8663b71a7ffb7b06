"""Audit test helpers: events written at a chosen moment."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from waypoint.audit import context
from waypoint.audit.services import log_event


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    """A moment in the program's time zone (noon by default, far from a date boundary)."""
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def event_at():
    """``event_at(when, action, ip=None, **log_event_kwargs)``: an event logged at ``when``.

    The event's time is set by the database row's ``auto_now_add`` from the clock, the
    only way an event gets a time; so the clock is what is moved.
    """

    def make(when: dt.datetime, action: str = "test.event", *, ip: str | None = None, **kwargs):
        token = context.client_ip.set(ip)  # what RequestIdMiddleware records per request
        try:
            with mock.patch("django.utils.timezone.now", return_value=when):
                return log_event(action, **kwargs)
        finally:
            context.client_ip.reset(token)

    return make
