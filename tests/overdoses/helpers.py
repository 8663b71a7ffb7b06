"""Building blocks for reversal report tests: a visit whose last kit was used in an overdose."""

from __future__ import annotations

from tests.encounters.helpers import visit
from waypoint.encounters.models import Encounter, KitOutcome
from waypoint.encounters.services import log_encounter
from waypoint.overdoses.models import OverdoseReport


def told(world, answers: dict | None = None, *, actor=None, site=None, **fields) -> Encounter:
    """Log a refill at the window (program A) with the participant's reversal report."""
    data = visit(
        site or world.site, kit_outcome=KitOutcome.USED_OVERDOSE, overdose=answers, **fields
    )
    return log_encounter(world.program, data, actor=actor or world.member).encounter


def report_of(encounter) -> OverdoseReport:
    """The visit's report that is not voided (there is at most one)."""
    return OverdoseReport.unscoped.get(encounter=encounter, voided_at__isnull=True)
