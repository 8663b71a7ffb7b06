"""Exports use the reports' hand-counted world and its English labels."""

from tests.reports.conftest import _english, scn  # noqa: F401  (fixtures)
