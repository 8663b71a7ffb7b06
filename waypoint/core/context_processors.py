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
        # In a program, the banner follows the program: a real program set up on a demo
        # server (make run, then create_program) holds no demo data.
        "is_demo": program.is_demo if program is not None else settings.DEMO_MODE,
        "is_analyst": analyst,
    }
