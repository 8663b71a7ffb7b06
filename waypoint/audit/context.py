"""Per-request facts the audit trail records without every caller passing them."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("waypoint_request_id", default="")
client_ip: ContextVar[str | None] = ContextVar("waypoint_client_ip", default=None)
