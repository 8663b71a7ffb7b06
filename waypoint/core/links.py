"""Addresses that leave the app: printed on a participant card or a survey poster as a
QR code, or sent by email or text message."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def shareable_url(request: HttpRequest | None, path: str) -> str:
    """``path`` as a full address people outside can open. With WAYPOINT_SITE_URL set, that
    address (a card printed from a staff laptop on an internal address, or behind a proxy,
    still opens for a participant on the street); else the address this request came to."""
    if settings.SITE_URL_SET or request is None:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)
