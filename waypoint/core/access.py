"""Access rules for views. Every URL's view carries one, and a test checks that it does.

- ``public``: no account needed (locator, card check, drug alerts).
- ``signed_in``: any signed-in user, no program data (profile, program switcher).
- ``program_role(minimum)``: a member of the current program with at least that role;
  the request runs inside that program's scope, so objects of other programs are 404.
- ``network_analyst``: a network-level analyst (aggregates only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Program, Role

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Access:
    kind: str  # "public" | "signed_in" | "program" | "network"
    min_role: Role | None = None


@dataclass(frozen=True)
class Principal:
    """Who is acting, for which program, with which role: a signed-in member of the
    current program, or a device with its token. Reads of person-level data name it
    in the audit trail (``audit.services.record_read``)."""

    program: Program
    role: Role
    user: object | None = None
    device: object | None = None

    @property
    def label(self) -> str:
        if self.device is not None:
            return f"device {self.device.pk}"
        return f"user {self.user.pk}"

    def at_least(self, minimum: Role) -> bool:
        return self.role.at_least(minimum)

    @classmethod
    def of(cls, request: HttpRequest) -> Principal:
        """The API's caller (``request.auth``), else the member behind a page."""
        found = getattr(request, "auth", None)
        if isinstance(found, Principal):
            return found
        membership = request.membership
        return cls(program=membership.program, role=Role(membership.role), user=request.user)


def _mark(view: View, access: Access) -> View:
    view.access = access  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    return _mark(view, Access("public"))


def signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, Access("signed_in"))


def program_role(minimum: Role | str) -> Callable[[View], View]:
    minimum = Role(minimum)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "core/no_program.html", status=403)
            if not membership.has_role(minimum):
                raise PermissionDenied(
                    _("Your role in %(program)s does not include this page.")
                    % {"program": membership.program.name}
                )
            return view(request, *args, **kwargs)

        return _mark(wrapper, Access("program", minimum))

    return decorator


def network_analyst(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.analyst_networks:
            raise PermissionDenied(_("This page is for network analysts."))
        return view(request, *args, **kwargs)

    return _mark(wrapper, Access("network"))
