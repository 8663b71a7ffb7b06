"""Program A objects for the suite-wide access test (tests/test_access.py)."""

from __future__ import annotations


def _published_program_slug(world) -> str:
    from waypoint.reports.models import ReportSettings

    ReportSettings.unscoped.update_or_create(
        program=world.program, defaults={"community_page": True}
    )
    return world.program.slug


OBJECTS = {"program_slug": _published_program_slug}
