"""Counting a site's shelf (staff), reading what a count found, and the count differences
over time (coordinators)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role, Site

from ..forms import CountSheetForm, sites_of
from ..models import StockCount
from ..services.counts import count_sheet, record_stock_count, variance_report
from . import int_param, page, site_param


@program_role(Role.STAFF)
def count(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(Site.objects, pk=site_id)
    sheet = count_sheet(site)
    form = CountSheetForm(request.POST if request.method == "POST" else None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        counted = form.counted()
        try:
            stock_count = record_stock_count(
                request.program, site, counted, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Count saved: %(n)d lines at %(site)s.") % {"n": len(counted), "site": site.name},
            )
            return redirect("supplies:count_detail", count_id=stock_count.pk)
    return page(request, "count_form.html", {"site": site, "sheet": sheet, "form": form})


@program_role(Role.STAFF)
@require_GET
def count_detail(request: HttpRequest, count_id: int) -> HttpResponse:
    stock_count = get_object_or_404(
        StockCount.objects.select_related("site", "counted_by"), pk=count_id
    )
    lines = list(
        stock_count.lines.select_related("item", "lot").order_by(
            "item__sort_order", "item__name", "lot__expires_on"
        )
    )
    differences = [line for line in lines if line.difference]
    return page(
        request,
        "count.html",
        {"count": stock_count, "lines": lines, "differences": differences},
    )


@program_role(Role.COORDINATOR)
@require_GET
def variance(request: HttpRequest) -> HttpResponse:
    days = int_param(request.GET.get("days"), 90, low=1, high=3650)
    site = site_param(request)
    until = timezone.now()
    rows = variance_report(
        request.program, since=until - dt.timedelta(days=days), until=until, site=site
    )
    return page(
        request,
        "variance.html",
        {"rows": rows, "days": days, "site": site, "sites": sites_of(request.program)},
    )
