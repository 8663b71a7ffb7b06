"""API: the program's catalog (for devices that log visits offline), and stock balances,
receipts, transfers and counts. Scoped to the caller's program; every write is a service
with its audit event, naming the person or the device that called.

404: a site, item, lot, transfer or count that is not in the caller's program.
409: well-formed but refused (a transfer already received, a lot with another expiry…);
``detail`` says what to change.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import ErrorOut
from waypoint.core.models import Role, Site

from .models import (
    Lot,
    LotBalance,
    StockBalance,
    StockCount,
    StockCountLine,
    SupplyItem,
    Transfer,
    TransferLine,
)
from .schemas import (
    ANSWERS,
    ANSWERS_WITH_BODY,
    EARLIEST,
    LATEST,
    BalanceFilters,
    BalanceOut,
    CancelIn,
    CountIn,
    CountLineOut,
    CountOut,
    LotOut,
    ReceiptIn,
    ReceiptOut,
    SupplyItemOut,
    TransferFilters,
    TransferIn,
    TransferLineOut,
    TransferOut,
)
from .services import counts, stock, transfers

# The tags group operations in the document (and the classes client generators make of
# them): the catalog's one operation under "supplies", the rest under "stock".
router = Router(tags=["stock"])


@router.get(
    "/supply-items",
    response={200: list[SupplyItemOut], 401: ErrorOut, 403: ErrorOut},
    summary="Active catalog items, quick items first",
    tags=["supplies"],
)
@api_role(Role.PEER)
def list_items(request):
    items = SupplyItem.objects.filter(program=request.auth.program, is_active=True)
    return [
        SupplyItemOut(
            id=item.pk,
            name=item.name,
            category=item.category,
            unit=item.unit,
            syringes_per_unit=item.syringes_per_unit,
            naloxone_doses_per_unit=item.naloxone_doses_per_unit,
            max_per_visit=item.max_per_visit,
            is_quick=item.is_quick,
            sort_order=item.sort_order,
        )
        for item in items.order_by("-is_quick", "sort_order", "name")
    ]


def _refused(exc: ValidationError) -> Status:
    return Status(409, {"detail": " ".join(exc.messages)})


def _by_id(model, pk: int):
    return get_object_or_404(model.objects, pk=pk)


@router.get(
    "/stock/balances",
    response={200: list[BalanceOut], **ANSWERS},
    summary="On hand per site and item, with lots",
)
@api_role(Role.STAFF)
def list_balances(request, filters: Query[BalanceFilters]):
    balances = StockBalance.objects.order_by("site_id", "item_id")
    lots = LotBalance.objects.exclude(on_hand=0).select_related("lot").order_by("lot__expires_on")
    if filters.site_id is not None:
        _by_id(Site, filters.site_id)
        balances = balances.filter(site_id=filters.site_id)
        lots = lots.filter(site_id=filters.site_id)
    by_key: dict[tuple[int, int], list[LotOut]] = {}
    for row in lots:
        by_key.setdefault((row.site_id, row.item_id), []).append(
            LotOut(
                lot_id=row.lot_id,
                lot_number=row.lot.lot_number,
                expires_on=row.lot.expires_on,
                on_hand=row.on_hand,
            )
        )
    return [
        BalanceOut(
            site_id=b.site_id,
            item_id=b.item_id,
            on_hand=b.on_hand,
            needs_recount=b.needs_recount,
            lots=by_key.get((b.site_id, b.item_id), []),
        )
        for b in balances
    ]


@router.post(
    "/stock/receipts",
    response={201: ReceiptOut, **ANSWERS_WITH_BODY},
    summary="Record a delivery; items that track lots need lot_number and expires_on",
)
@api_role(Role.COORDINATOR)
def create_receipt(request, payload: ReceiptIn):
    site = _by_id(Site, payload.site_id)
    items = {
        item.pk: item
        for item in SupplyItem.objects.filter(pk__in={ln.item_id for ln in payload.lines})
    }
    if len(items) != len({ln.item_id for ln in payload.lines}):
        raise Http404
    if any(ln.expires_on and not EARLIEST <= ln.expires_on <= LATEST for ln in payload.lines):
        return Status(409, {"detail": _("Check the expiry dates: one is not a real date.")})
    lines = [
        stock.ReceiptLine(
            items[ln.item_id],
            ln.quantity,
            ln.lot_number,
            ln.expires_on,
            None if ln.unit_cost is None else Decimal(f"{ln.unit_cost:.2f}"),
        )
        for ln in payload.lines
    ]
    principal = request.auth
    try:
        receipt = stock.receive_stock(
            principal.program,
            site,
            lines,
            actor=principal.user,
            actor_label=principal.label,
            supplier=payload.supplier,
            reference=payload.reference,
            note=payload.note,
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, ReceiptOut(id=receipt.pk, site_id=site.pk, received_at=receipt.received_at))


def _transfers():
    return Transfer.objects.prefetch_related(
        Prefetch("lines", queryset=TransferLine.objects.order_by("pk"))
    ).order_by("-sent_at", "-id")


def _transfer_out(transfer: Transfer) -> TransferOut:
    return TransferOut(
        id=transfer.pk,
        from_site_id=transfer.from_site_id,
        to_site_id=transfer.to_site_id,
        status=transfer.status,
        sent_at=transfer.sent_at,
        received_at=transfer.received_at,
        cancelled_at=transfer.cancelled_at,
        cancel_reason=transfer.cancel_reason,
        lines=[
            TransferLineOut(item_id=ln.item_id, lot_id=ln.lot_id, quantity=ln.quantity)
            for ln in transfer.lines.all()
        ],
    )


@router.get(
    "/stock/transfers",
    response={200: list[TransferOut], **ANSWERS},
    summary="Transfers, newest first (at most 200)",
)
@api_role(Role.STAFF)
def list_transfers(request, filters: Query[TransferFilters]):
    rows = _transfers()
    if filters.status:
        rows = rows.filter(status=filters.status)
    return [_transfer_out(transfer) for transfer in rows[:200]]


@router.post(
    "/stock/transfers",
    response={201: TransferOut, **ANSWERS_WITH_BODY},
    summary="Send stock to another site; it is on the way until received",
)
@api_role(Role.COORDINATOR)
def create_transfer(request, payload: TransferIn):
    origin, destination = _by_id(Site, payload.from_site_id), _by_id(Site, payload.to_site_id)
    lines = []
    for ln in payload.lines:
        item = _by_id(SupplyItem, ln.item_id)
        lot = _by_id(Lot, ln.lot_id) if ln.lot_id is not None else None
        lines.append(transfers.TransferLineInput(item, ln.quantity, lot))
    principal = request.auth
    try:
        transfer = transfers.send_transfer(
            principal.program,
            origin,
            destination,
            lines,
            actor=principal.user,
            actor_label=principal.label,
            note=payload.note,
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, _transfer_out(_transfers().get(pk=transfer.pk)))


@router.get(
    "/stock/transfers/{transfer_id}", response={200: TransferOut, **ANSWERS}, summary="One transfer"
)
@api_role(Role.STAFF)
def get_transfer(request, transfer_id: int):
    return _transfer_out(get_object_or_404(_transfers(), pk=transfer_id))


@router.post(
    "/stock/transfers/{transfer_id}/receive",
    response={200: TransferOut, **ANSWERS_WITH_BODY},
    summary="Put a transfer on the destination's shelf (409 if already received or cancelled)",
)
@api_role(Role.STAFF)
def receive_transfer(request, transfer_id: int):
    transfer = _by_id(Transfer, transfer_id)
    try:
        transfers.receive_transfer(
            transfer, actor=request.auth.user, actor_label=request.auth.label
        )
    except ValidationError as exc:
        return _refused(exc)
    return _transfer_out(_transfers().get(pk=transfer.pk))


@router.post(
    "/stock/transfers/{transfer_id}/cancel",
    response={200: TransferOut, **ANSWERS_WITH_BODY},
    summary="Cancel a transfer on the way; the stock goes back to the origin",
)
@api_role(Role.COORDINATOR)
def cancel_transfer(request, transfer_id: int, payload: CancelIn):
    transfer = _by_id(Transfer, transfer_id)
    try:
        transfers.cancel_transfer(
            transfer, actor=request.auth.user, actor_label=request.auth.label, reason=payload.reason
        )
    except ValidationError as exc:
        return _refused(exc)
    return _transfer_out(_transfers().get(pk=transfer.pk))


def _count_out(stock_count: StockCount) -> CountOut:
    lines = StockCountLine.objects.filter(stock_count=stock_count).order_by("pk")
    return CountOut(
        id=stock_count.pk,
        site_id=stock_count.site_id,
        counted_at=stock_count.counted_at,
        lines=[
            CountLineOut(
                item_id=ln.item_id,
                lot_id=ln.lot_id,
                expected=ln.expected,
                counted=ln.counted,
                difference=ln.difference,
            )
            for ln in lines
        ],
    )


@router.post(
    "/stock/counts",
    response={201: CountOut, **ANSWERS_WITH_BODY},
    summary="Record a physical count; the differences become count movements",
)
@api_role(Role.STAFF)
def create_count(request, payload: CountIn):
    site = _by_id(Site, payload.site_id)
    counted: dict[tuple[int, int | None], int] = {}
    for ln in payload.lines:
        _by_id(SupplyItem, ln.item_id)
        if ln.lot_id is not None:
            _by_id(Lot, ln.lot_id)
        counted[(ln.item_id, ln.lot_id)] = ln.counted
    principal = request.auth
    try:
        stock_count = counts.record_stock_count(
            principal.program,
            site,
            counted,
            actor=principal.user,
            actor_label=principal.label,
            note=payload.note,
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, _count_out(stock_count))


@router.get("/stock/counts/{count_id}", response={200: CountOut, **ANSWERS}, summary="One count")
@api_role(Role.STAFF)
def get_count(request, count_id: int):
    return _count_out(_by_id(StockCount, count_id))
