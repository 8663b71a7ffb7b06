from __future__ import annotations

import uuid

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
        t2 = context.client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(t1)
            context.client_ip.reset(t2)
        response["X-Request-ID"] = rid
        return response
