"""Role rules for API operations, mirrored from the web views' ``program_role``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from waypoint.core.access import Access
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope


def api_role(minimum: Role | str) -> Callable:
    """Require at least ``minimum`` in the caller's program and run inside its scope."""
    minimum = Role(minimum)

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            principal = request.auth
            if not principal.role.at_least(minimum):
                raise HttpError(403, _("Your role does not allow this action."))
            with program_scope(principal.program):
                return func(request, *args, **kwargs)

        wrapper.access = Access("program", minimum)
        return wrapper

    return decorator


def api_public(func: Callable) -> Callable:
    func.access = Access("public")
    return func
