"""Account writes: each one transaction, with its audit event."""

from __future__ import annotations

from django.db import transaction

from waypoint.audit.services import log_event


def set_user_language(user, code: str) -> None:
    if user.language == code:
        return
    with transaction.atomic():
        user.language = code
        user.save(update_fields=["language"])
        log_event("account.language", actor=user, obj=user, extra={"language": code})
