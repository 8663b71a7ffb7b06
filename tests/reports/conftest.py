import pytest

from waypoint.core.scoping import program_scope

from . import scenario


@pytest.fixture
def scn(db):
    """The hand-counted world of ``scenario.py``."""
    return scenario.build()


@pytest.fixture
def in_program(scn):
    """Run inside program A's scope, as a request of program A does."""
    with program_scope(scn.program):
        yield scn
