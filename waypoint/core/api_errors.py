"""Response shapes shared by every router, so the OpenAPI document lists real answers.

Use them in ``response=``: ``{200: ThingOut, **REFUSALS_FOR_ID}``. The schemathesis run in
``tests/api/test_openapi.py`` fails on any status an operation answers but does not list.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """What the API answers when it refuses: ``{"detail": "..."}``."""

    detail: str


class InvalidInputOut(Schema):
    """A 422: one entry per invalid parameter or body field (``loc`` says which)."""

    detail: list[dict[str, Any]]


# Every authenticated operation: 401 (no or bad credential), 403 (role too low, or a
# session request without its CSRF token).
REFUSALS = {401: ErrorOut, 403: ErrorOut}
# An operation that takes an id or parameters: 404 (no such object in the caller's
# program), 422 (a parameter or field is invalid).
REFUSALS_FOR_ID = {**REFUSALS, 404: ErrorOut, 422: InvalidInputOut}
# An operation that takes a JSON body: also 400 (the body is not JSON at all).
REFUSALS_FOR_BODY = {**REFUSALS_FOR_ID, 400: ErrorOut}
