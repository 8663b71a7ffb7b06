"""The public card check: anyone can ask whether a card is valid, and learn nothing else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from waypoint.audit.services import log_event
from waypoint.core.access import public
from waypoint.core.scoping import scopes_disabled

from .models import ParticipantCard, ParticipantStatus


def _valid_card(token: str) -> ParticipantCard | None:
    if not token or len(token) > 64:
        return None
    # Crossing programs on purpose: the token alone names the card.
    with scopes_disabled():
        card = (
            ParticipantCard.objects.select_related("program", "participant")
            .filter(token=token)
            .first()
        )
    if card is None or card.revoked_at is not None or not card.program.is_active:
        return None
    if card.participant.status != ParticipantStatus.ACTIVE:
        return None
    return card


@public
@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """ "Valid card issued by <program>" or "This card is not valid" — nothing more."""
    card = _valid_card(token)
    log_event(
        "card.verify",
        actor_label="public",
        program=card.program if card else None,
        object_type="participants.participantcard" if card else "",
        object_id=card.pk if card else "",
        extra={"valid": card is not None},
    )
    response = render(
        request, "participants/card_verify.html", {"program": card.program if card else None}
    )
    response.headers["X-Robots-Tag"] = "noindex"
    # The card's token is in the address and must not reach other sites; "no-referrer"
    # would also blank the Origin of the page's own language form, which the CSRF check
    # needs (the switch then failed with Django's 403).
    response.headers["Referrer-Policy"] = "same-origin"
    return response
