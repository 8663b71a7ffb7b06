"""Addresses that leave the app: printed on a participant card or a survey poster as a
QR code, or sent by email or text message; and the address a command prints."""

from __future__ import annotations

import os

from django.conf import settings
from django.http import HttpRequest


def shareable_url(request: HttpRequest | None, path: str) -> str:
    """``path`` as a full address people outside can open. With WAYPOINT_SITE_URL set, that
    address (a card printed from a staff laptop on an internal address, or behind a proxy,
    still opens for a participant on the street); else the address this request came to."""
    if settings.SITE_URL_SET or request is None:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


DEFAULT_BIND = "127.0.0.1:8000"


def browser_address(bind: str) -> str | None:
    """The address a browser on this machine opens for gunicorn's ``--bind`` value
    (``host:port``): every-interface binds are reached on 127.0.0.1. None for a Unix
    socket, which only a proxy reaches."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, sep, port = bind.rpartition(":")
    if not sep:  # a host alone: gunicorn's default port
        host, port = bind, "8000"
    if host in ("", "0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}" if port == "80" else f"http://{host}:{port}"


def served_address() -> str:
    """Where people open this installation, for a command to print: WAYPOINT_SITE_URL
    when it is set, else what ``manage.py serve`` listens on (WAYPOINT_BIND)."""
    if settings.SITE_URL_SET:
        return settings.SITE_URL
    return browser_address(os.environ.get("WAYPOINT_BIND", DEFAULT_BIND)) or settings.SITE_URL
