"""Who sees exact figures: coordinators and admins of the program, unless they ask for
the version for publication (``published=1``). Everyone else — viewers, staff, peers,
network analysts, the public — sees suppressed figures for the publication grid only."""

from __future__ import annotations

from waypoint.core.models import Role


def sees_exact(membership, data) -> bool:
    """For a request's program membership and its query or form data."""
    return membership.has_role(Role.COORDINATOR) and data.get("published") != "1"
