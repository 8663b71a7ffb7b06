"""Role rules for API operations, mirrored from the web views' ``program_role``.

The role is checked as soon as the caller is known — by the credential classes in
``auth.py``, before ninja reads parameters and body — so a caller whose role is too
low gets 403 whatever it sent, never a 422 describing the input it may not submit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from waypoint.core.access import Access
from waypoint.core.models import Role
from waypoint.core.scoping import program_scope

_REQUIRED_ROLE = "waypoint_required_role"


def _refuse() -> HttpError:
    return HttpError(403, _("Your role does not allow this action."))


def authorize(request, principal):
    """Return ``principal`` if its role meets the operation's minimum, else raise 403."""
    minimum = getattr(request, _REQUIRED_ROLE, None)
    if minimum is not None and not principal.role.at_least(minimum):
        raise _refuse()
    return principal


def _announce_role(minimum: Role) -> Callable:
    """Wrap the operation's ``run`` so the credential classes know the minimum role."""

    def decorator(run: Callable) -> Callable:
        @wraps(run)
        def run_with_role(request, *args, **kwargs):
            setattr(request, _REQUIRED_ROLE, minimum)
            return run(request, *args, **kwargs)

        return run_with_role

    return decorator


def api_role(minimum: Role | str) -> Callable:
    """Require at least ``minimum`` in the caller's program and run inside its scope."""
    minimum = Role(minimum)

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            principal = request.auth
            if not principal.role.at_least(minimum):
                raise _refuse()
            with program_scope(principal.program):
                return func(request, *args, **kwargs)

        wrapper.access = Access("program", minimum)
        # ninja resolves string annotations (``from __future__ import annotations``) in
        # the globals of the function it is given — this module's, not the router's.
        wrapper.__signature__ = inspect.signature(func, eval_str=True)
        return decorate_view(_announce_role(minimum))(wrapper)

    return decorator


def api_public(func: Callable) -> Callable:
    func.access = Access("public")
    return func
