"""The supplies pages, one module per family: the catalog, stock (the dashboard, expiring
lots, reorder, receiving, adjusting, settings), counts, transfers and imports. Here: what
the stock pages share, their rendering and their query parameters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from waypoint.core.models import Role, Site


def page(request: HttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a stock page; menus show coordinator actions only to coordinators."""
    context.setdefault("can_manage", request.membership.has_role(Role.COORDINATOR))
    context.setdefault("today", timezone.localdate())
    return render(request, f"supplies/inventory/{template}", context, status=status)


def int_param(value, default: int, *, low: int, high: int) -> int:
    """``value`` as a whole number kept within ``low`` and ``high``; ``default`` if it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def site_param(request: HttpRequest) -> Site | None:
    """The site named by ``?site=``, 404 outside the program; None when there is none."""
    value = request.GET.get("site") or ""
    if not value.isdigit():
        return None
    return get_object_or_404(Site.objects, pk=int(value))
