import pytest
from django.utils import translation

from tests.reports import scenario


@pytest.fixture(autouse=True)
def _english():
    """Labels are compared in English; a request in Spanish must not leak into the next test."""
    with translation.override("en"):
        yield


@pytest.fixture
def scn(db):
    """The hand-counted world of ``tests/reports/scenario.py`` (quarter 1 of 2025)."""
    return scenario.build()
