"""Stock pages to read: the dashboard (program and site), expiring lots, reorder, variance."""

from __future__ import annotations

import csv
import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role, Site

from . import dashboard as stock_dashboard
from .counts import variance_report
from .inventory_forms import sites_of
from .lots import expiring_lots, get_inventory_settings


def page(request: HttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a stock page; menus show coordinator actions only to coordinators."""
    context.setdefault("can_manage", request.membership.has_role(Role.COORDINATOR))
    context.setdefault("today", timezone.localdate())
    return render(request, f"supplies/inventory/{template}", context, status=status)


def _int(value, default: int, *, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def _site_param(request: HttpRequest) -> Site | None:
    value = request.GET.get("site") or ""
    if not value.isdigit():
        return None
    return get_object_or_404(Site.objects, pk=int(value))


@program_role(Role.STAFF)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = stock_dashboard.build(request.program)
    return page(request, "dashboard.html", {"board": board, "site": None})


@program_role(Role.STAFF)
@require_GET
def site_dashboard(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    board = stock_dashboard.build(request.program, site=site)
    return page(request, "dashboard.html", {"board": board, "site": site})


@program_role(Role.STAFF)
@require_GET
def expiring(request: HttpRequest) -> HttpResponse:
    settings = get_inventory_settings(request.program)
    days = _int(request.GET.get("days"), settings.expiry_warning_days, low=1, high=730)
    site = _site_param(request)
    lots = expiring_lots(request.program, within_days=days, site=site)
    return page(
        request,
        "expiring.html",
        {"lots": lots, "days": days, "site": site, "sites": sites_of(request.program)},
    )


def _reorder_rows(request: HttpRequest):
    settings = get_inventory_settings(request.program)
    days = _int(request.GET.get("days"), settings.reorder_days, low=1, high=365)
    site = _site_param(request)
    rows = stock_dashboard.reorder(request.program, days=days, site=site)
    return days, site, [(row, row.to_order(days)) for row in rows]


@program_role(Role.COORDINATOR)
@require_GET
def reorder(request: HttpRequest) -> HttpResponse:
    days, site, rows = _reorder_rows(request)
    return page(
        request,
        "reorder.html",
        {
            "rows": rows,
            "days": days,
            "site": site,
            "sites": sites_of(request.program),
            "use_days": stock_dashboard.USE_DAYS,
        },
    )


def _cell(value) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ as a formula; quote it."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@program_role(Role.COORDINATOR)
@require_GET
def reorder_csv(request: HttpRequest) -> HttpResponse:
    days, site, rows = _reorder_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    where = f"-site-{site.pk}" if site else ""
    response["Content-Disposition"] = (
        f'attachment; filename="reorder-{timezone.localdate():%Y-%m-%d}{where}-{days}-days.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Item"),
            _("Unit"),
            _("On hand"),
            _("On the way"),
            _("Used in the last 28 days"),
            _("Average daily use"),
            _("Days of supply left"),
            _("Reorder point"),
            _("To order for %(days)d days") % {"days": days},
        ]
    )
    for row, to_order in rows:
        writer.writerow(
            [
                _cell(row.item.name),
                _cell(row.item.unit),
                row.on_hand,
                row.in_transit,
                row.used,
                f"{row.daily_use:.1f}",
                "" if row.days_left is None else row.days_left,
                row.item.reorder_point,
                to_order,
            ]
        )
    return response


@program_role(Role.COORDINATOR)
@require_GET
def variance(request: HttpRequest) -> HttpResponse:
    days = _int(request.GET.get("days"), 90, low=1, high=3650)
    site = _site_param(request)
    until = timezone.now()
    rows = variance_report(
        request.program, since=until - dt.timedelta(days=days), until=until, site=site
    )
    return page(
        request,
        "variance.html",
        {"rows": rows, "days": days, "site": site, "sites": sites_of(request.program)},
    )
