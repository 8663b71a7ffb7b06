import pytest
from django.utils import translation

from waypoint.core.scoping import program_scope

from . import scenario


@pytest.fixture(autouse=True)
def _english():
    """Labels are compared in English; a request in Spanish must not leak into the next test."""
    with translation.override("en"):
        yield


@pytest.fixture
def scn(db):
    """The hand-counted world of ``scenario.py``."""
    return scenario.build()


@pytest.fixture
def in_program(scn):
    """Run inside program A's scope, as a request of program A does."""
    with program_scope(scn.program):
        yield scn
