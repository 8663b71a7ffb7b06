"""Shared test fixtures: two programs, and owner / member / outsider users."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from waypoint.accounts.models import DeviceToken, new_token
from waypoint.core.models import Role

from .factories import NetworkFactory, ProgramFactory, SiteFactory, member


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    queue = settings.HUEY["huey_class"]
    browser = shutil.which("chromium") or "not installed"
    return [f"waypoint: database={db} queue={queue} chromium={browser}"]


@dataclass
class World:
    """Program A (with owner, member) and program B (with outsider), one network."""

    network: object
    program: object
    other_program: object
    site: object
    other_site: object
    owner: object
    member: object
    outsider: object


@pytest.fixture
def world(db) -> World:
    network = NetworkFactory(name="Test network")
    program = ProgramFactory(network=network, name="Program A")
    other = ProgramFactory(network=network, name="Program B")
    return World(
        network=network,
        program=program,
        other_program=other,
        site=SiteFactory(program=program, name="Site A"),
        other_site=SiteFactory(program=other, name="Site B"),
        owner=member(program, Role.ADMIN),
        member=member(program, Role.STAFF),
        outsider=member(other, Role.ADMIN),
    )


@pytest.fixture
def client_for():
    """A logged-in test client for a user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def device_token():
    """A device token created the way an admin's device page stores it:
    ``device_token(program, role=Role.STAFF, revoked=False)`` -> (raw token, DeviceToken)."""

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


@pytest.fixture(autouse=True)
def _tasks_immediate(settings):
    """Tasks run synchronously in tests unless a test starts a real worker."""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = previous


def require(flag: str) -> bool:
    return os.environ.get(flag) == "1"


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_in_memory_sqlite():
    """With an in-memory SQLite test database, Django's live server hands every request
    thread the test's one connection; two requests at once (a typed-ahead htmx search
    and the form it belongs to) then collide on it ("cannot open savepoint — SQL
    statements in progress"). There the live server answers one request at a time (and
    closes each connection, as Django's runserver --nothreading does). PostgreSQL keeps
    the threaded server: each thread has its own connection, as in production."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        yield
        return

    class OneAtATimeWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneAtATimeWSGIServer
    yield
    LiveServerThread.server_class = threaded
