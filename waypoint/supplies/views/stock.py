"""Stock pages: the dashboard (program and site), expiring lots and reorder to read; and,
for coordinators, receiving a delivery, adjusting or writing off, an item's stock settings
and the program's stock settings. Every write is a service."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role, Site

from .. import dashboard as stock_dashboard
from ..forms import (
    ChangeForm,
    InventorySettingsForm,
    ItemStockForm,
    ReceiptForm,
    ReceiptLineForm,
    filled_lines,
    line_forms,
    sites_of,
)
from ..models import LotBalance, StockBalance, StockMovement, SupplyItem
from ..services import stock
from ..services.lots import expiring_lots, get_inventory_settings, suggest_lots
from . import int_param, page, site_param


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
    days = int_param(request.GET.get("days"), settings.expiry_warning_days, low=1, high=730)
    site = site_param(request)
    lots = expiring_lots(request.program, within_days=days, site=site)
    return page(
        request,
        "expiring.html",
        {"lots": lots, "days": days, "site": site, "sites": sites_of(request.program)},
    )


def _reorder_rows(request: HttpRequest):
    settings = get_inventory_settings(request.program)
    days = int_param(request.GET.get("days"), settings.reorder_days, low=1, high=365)
    site = site_param(request)
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
def receive(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"site": request.site.pk} if request.site else None
    form = ReceiptForm(data, program=request.program, initial=initial)
    lines = line_forms(ReceiptLineForm, data, program=request.program)
    if data is not None:
        chosen = filled_lines(lines)
        valid = form.is_valid() & all([line.is_valid() for line in lines])
        if not chosen:
            form.add_error(None, _("Fill in at least one line: an item and how many."))
        elif valid:
            receipt_lines = [
                stock.ReceiptLine(
                    item=line.cleaned_data["item"],
                    quantity=line.cleaned_data["quantity"],
                    lot_number=line.cleaned_data.get("lot_number") or "",
                    expires_on=line.cleaned_data.get("expires_on"),
                    unit_cost=line.cleaned_data.get("unit_cost"),
                )
                for line in chosen
            ]
            try:
                receipt = stock.receive_stock(
                    request.program,
                    form.cleaned_data["site"],
                    receipt_lines,
                    actor=request.user,
                    supplier=form.cleaned_data["supplier"],
                    reference=form.cleaned_data["reference"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                total = sum(line.quantity for line in receipt_lines)
                messages.success(
                    request,
                    _("Received %(n)d units in %(lines)d lines at %(site)s.")
                    % {"n": total, "lines": len(receipt_lines), "site": receipt.site.name},
                )
                return redirect("supplies:site", site_id=receipt.site_id)
    return page(request, "receive.html", {"form": form, "lines": lines})


@program_role(Role.COORDINATOR)
def change(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"action": ChangeForm.REMOVE}
    if request.site:
        initial["site"] = request.site.pk
    if (request.GET.get("item") or "").isdigit():
        initial["item"] = request.GET["item"]
    form = ChangeForm(data, program=request.program, initial=initial)
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if d["action"] == ChangeForm.WRITE_OFF:
                stock.write_off_stock(
                    request.program, d["site"], d["item"], d["quantity"],
                    reason=d["reason"], actor=request.user, lot=d["lot"], note=d["note"],
                )  # fmt: skip
            else:
                sign = 1 if d["action"] == ChangeForm.ADD else -1
                stock.adjust_stock(
                    request.program, d["site"], d["item"], sign * d["quantity"],
                    reason=d["reason"], actor=request.user, lot=d["lot"], note=d["note"],
                )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Recorded: %(item)s at %(site)s.")
                % {"item": d["item"].name, "site": d["site"].name},
            )
            return redirect("supplies:site", site_id=d["site"].pk)
    return page(request, "change.html", {"form": form})


@program_role(Role.COORDINATOR)
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    supply_item = get_object_or_404(SupplyItem.objects, pk=item_id)
    form = ItemStockForm(request.POST if request.method == "POST" else None, instance=supply_item)
    if request.method == "POST" and form.is_valid():
        stock.save_stock_settings(
            supply_item,
            reorder_point=form.cleaned_data["reorder_point"],
            tracks_lots=form.cleaned_data["tracks_lots"],
            actor=request.user,
        )
        messages.success(request, _("Saved %(item)s.") % {"item": supply_item.name})
        return redirect("supplies:item", item_id=supply_item.pk)
    balances = (
        StockBalance.objects.filter(item=supply_item).select_related("site").order_by("site__name")
    )
    lots = (
        LotBalance.objects.filter(item=supply_item)
        .exclude(on_hand=0)
        .select_related("lot", "site")
        .order_by("lot__expires_on", "site__name")
    )
    movements = (
        StockMovement.objects.filter(item=supply_item)
        .select_related("site", "lot", "actor")
        .order_by("-created_at", "-id")[:50]
    )
    suggestion = (
        suggest_lots(request.site, [supply_item.pk]).get(supply_item.pk, []) if request.site else []
    )
    return page(
        request,
        "item.html",
        {
            "item": supply_item,
            "form": form,
            "balances": balances,
            "lots": lots,
            "movements": movements,
            "suggestion": suggestion,
        },
    )


@program_role(Role.COORDINATOR)
def settings(request: HttpRequest) -> HttpResponse:
    current = get_inventory_settings(request.program)
    form = InventorySettingsForm(
        request.POST if request.method == "POST" else None,
        instance=current,
        program=request.program,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        stock.save_inventory_settings(
            saved, recipients=list(form.cleaned_data["digest_recipients"]), actor=request.user
        )
        messages.success(request, _("Stock settings saved."))
        return redirect("supplies:settings")
    return page(request, "settings.html", {"form": form})
