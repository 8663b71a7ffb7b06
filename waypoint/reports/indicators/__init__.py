"""The indicator registry: every indicator Waypoint can compute, by key.

Compute through a ``Calculator`` for one period and scope; it caches each value, so a
report that shows a figure twice computes it once. ``calc.value("visits")`` gives a
``Measure``; ``calc.breakdown("visits", "site")`` gives a ``Breakdown`` with one
``Category`` per site and the total.
"""

from . import coverage, naloxone, program, supplies, surveys, visits  # noqa: F401  (registers)
from .base import REGISTRY, Breakdown, Calculator, Category, Indicator, Measure, get

__all__ = ["REGISTRY", "Breakdown", "Calculator", "Category", "Indicator", "Measure", "get"]
