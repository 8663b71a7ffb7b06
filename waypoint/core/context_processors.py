from django.conf import settings
from django.http import HttpRequest

from .navigation import nav_for


def waypoint(request: HttpRequest) -> dict:
    membership = getattr(request, "membership", None)
    program = getattr(request, "program", None)
    analyst = bool(getattr(request, "analyst_networks", []))
    return {
        "membership": membership,
        "current_program": program,
        "current_site": getattr(request, "site", None),
        "program_sites": getattr(request, "sites", []),
        "memberships": getattr(request, "memberships", []),
        "nav_items": nav_for(membership, request.path, analyst=analyst),
        "is_demo": settings.DEMO_MODE or bool(program and program.is_demo),
        "is_analyst": analyst,
    }
