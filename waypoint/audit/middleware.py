from __future__ import annotations

import ipaddress
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import context


class RequestIdMiddleware:
    """Give each request an id (echoed as X-Request-ID) that its audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = uuid.uuid4().hex
        request.request_id = rid
        t1 = context.request_id.set(rid)
        t2 = context.client_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(t1)
            context.client_ip.reset(t2)
        response["X-Request-ID"] = rid
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from. Behind WAYPOINT_BEHIND_PROXY, the one the
    trusted proxies recorded in X-Forwarded-For (the proxies' count from the right, as
    allauth reads it for sign-in limits), else the connection's own address. Anything that
    is not an IP address is not recorded."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        candidate = forwarded[-proxies]
    else:
        candidate = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
