"""allauth hooks: invitation-only accounts, and an audited login lockout."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from waypoint.audit.services import log_event


class WaypointAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a program by invitation from its admin, never by self sign-up.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            with transaction.atomic():
                log_event(
                    "auth.locked_out",
                    actor_label="anonymous",
                    extra={"email": (credentials.get("email") or "")[:254]},
                )
            raise

    def authentication_failed(self, request: HttpRequest, **credentials) -> None:
        with transaction.atomic():
            log_event(
                "auth.login_failed",
                actor_label="anonymous",
                extra={"email": (credentials.get("email") or "")[:254]},
            )
