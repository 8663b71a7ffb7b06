"""Shared test fixtures: two programs, and owner / member / outsider users."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

import pytest
from django.test import Client

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
