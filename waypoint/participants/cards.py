"""Participant card pieces: the public verification URL and its QR code."""

from __future__ import annotations

import segno
from django.http import HttpRequest
from django.urls import reverse

from waypoint.core.links import shareable_url

from .models import ParticipantCard


def verify_url(request: HttpRequest, card: ParticipantCard) -> str:
    return shareable_url(request, reverse("card:verify", args=[card.token]))


def qr_svg(url: str) -> str:
    """The QR code as inline SVG markup (no script, no external request), sized by the
    card's stylesheet: a viewBox and no fixed width, so it fits the card at any width."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True, title="QR")
