"""Receiving, adjusting and writing off stock; an item's stock settings; inventory settings.

Each public function is one audited transaction. Corrections are new movements: to undo
a receipt, adjust with the reason "correcting a recording mistake".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from ..models import (
    ADJUST_REASONS,
    WASTE_REASONS,
    InventorySettings,
    Lot,
    MovementKind,
    MovementReason,
    Receipt,
    SupplyItem,
)
from .ledger import Line, Posted, lock_item_balances, post
from .lots import allocate_lots, find_or_create_lot

MAX_QUANTITY = 10_000_000


@dataclass
class ReceiptLine:
    item: SupplyItem
    quantity: int
    lot_number: str = ""
    expires_on: dt.date | None = None
    unit_cost: Decimal | None = None


def check_quantity(quantity: int, *, allow_negative: bool = False) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise ValidationError(_("Give the quantity as a whole number."))
    if quantity == 0 or (quantity < 0 and not allow_negative):
        raise ValidationError(_("Give a quantity of 1 or more."))
    if abs(quantity) > MAX_QUANTITY:
        raise ValidationError(_("That quantity is too large; check it for a typing mistake."))


def check_site(program, site) -> None:
    if site.program_id != program.pk:
        raise ValidationError(_("That site is not part of this program."))


def check_item(program, item: SupplyItem) -> None:
    if item.program_id != program.pk:
        raise ValidationError(_("That item is not in this program's catalog."))


def resolve_lot(item: SupplyItem, lot: Lot | None) -> Lot | None:
    """A lot given for an item must be that item's; an item that tracks none takes none."""
    if lot is None:
        return None
    if lot.item_id != item.pk:
        raise ValidationError(
            _("Lot %(lot)s is not a lot of %(item)s.") % {"lot": lot.lot_number, "item": item.name}
        )
    return lot


def receive_stock(
    program,
    site,
    lines: list[ReceiptLine],
    *,
    actor,
    actor_label: str = "",
    supplier: str = "",
    reference: str = "",
    note: str = "",
) -> Receipt:
    """Record a delivery at ``site``: one RECEIVE movement per line, lots created on first sight.

    Items that track lots need a lot number and an expiry date on every line; items
    that do not must have none. Raises ``ValidationError`` and stores nothing if any
    line is wrong.
    """
    check_site(program, site)
    if not lines:
        raise ValidationError(_("Add at least one line to the receipt."))
    with transaction.atomic():
        receipt = Receipt.unscoped.create(
            program=program,
            site=site,
            supplier=supplier.strip()[:120],
            reference=reference.strip()[:60],
            note=note.strip()[:200],
            received_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        posted_lines = []
        for line in lines:
            check_item(program, line.item)
            check_quantity(line.quantity)
            if line.unit_cost is not None and line.unit_cost < 0:
                raise ValidationError(_("A cost cannot be negative."))
            lot = None
            if line.item.tracks_lots:
                if line.expires_on is None:
                    raise ValidationError(
                        _("%(item)s tracks lots: give the expiry date.") % {"item": line.item.name}
                    )
                lot = find_or_create_lot(
                    line.item, line.lot_number, expires_on=line.expires_on, supplier=supplier
                )
            elif line.lot_number.strip():
                raise ValidationError(
                    _(
                        "%(item)s does not track lots. Leave the lot empty, or turn on lot "
                        "tracking for it first."
                    )
                    % {"item": line.item.name}
                )
            posted_lines.append(
                Line(site.pk, line.item.pk, line.quantity, lot.pk if lot else None, line.unit_cost)
            )
        post(program, posted_lines, kind=MovementKind.RECEIVE, actor=actor, receipt=receipt)
        log_event(
            "stock.receive",
            actor=actor,
            actor_label=actor_label,
            obj=receipt,
            extra={
                "site": site.pk,
                "supplier": receipt.supplier,
                "lines": [
                    {"item": ln.item_id, "lot": ln.lot_id, "quantity": ln.quantity}
                    for ln in posted_lines
                ],
            },
        )
    return receipt


def adjust_stock(
    program, site, item: SupplyItem, quantity: int, *, reason: str, actor, lot=None, note=""
) -> Posted:
    """Add (positive) or remove (negative) stock with a reason. Never refused for going short.

    Removing an item that tracks lots without naming one takes from its lots at the site,
    earliest expiry first, as a visit does."""
    check_quantity(quantity, allow_negative=True)
    if reason not in ADJUST_REASONS:
        raise ValidationError(_("Choose why the stock is being adjusted."))
    return _change(
        program, site, item, quantity, MovementKind.ADJUST, "stock.adjust", reason, actor, lot, note
    )


def write_off_stock(
    program, site, item: SupplyItem, quantity: int, *, reason: str, actor, lot=None, note=""
) -> Posted:
    """Take expired, damaged or recalled stock off the shelf (``quantity`` is how many)."""
    check_quantity(quantity)
    if reason not in WASTE_REASONS:
        raise ValidationError(_("Choose why the stock is being written off."))
    return _change(
        program,
        site,
        item,
        -quantity,
        MovementKind.EXPIRE,
        "stock.write_off",
        reason,
        actor,
        lot,
        note,
    )


def _change(program, site, item, quantity, kind, action, reason, actor, lot, note) -> Posted:
    check_site(program, site)
    check_item(program, item)
    lot = resolve_lot(item, lot)
    note = (note or "").strip()[:200]
    if reason == MovementReason.OTHER and not note:
        raise ValidationError(_("Say what happened in the note when the reason is “Other”."))
    with transaction.atomic():
        if lot is None and quantity < 0 and item.tracks_lots:
            # Like a visit: what leaves the shelf comes from the earliest-expiring lots.
            lock_item_balances(program, [(site.pk, item.pk)])
            split = allocate_lots(site.pk, {item.pk: quantity})
        else:
            split = [(item.pk, lot.pk if lot else None, quantity)]
        posted = post(
            program,
            [Line(site.pk, item_id, qty, lot_id) for item_id, lot_id, qty in split],
            kind=kind,
            actor=actor,
            reason=reason,
            note=note,
        )
        log_event(
            action,
            actor=actor,
            obj=item,
            extra={
                "site": site.pk,
                "lines": [{"lot": lot_id, "quantity": qty} for _i, lot_id, qty in split],
                "reason": reason,
                "note": note,
                "recount": bool(posted.recount),
            },
        )
    return posted


def save_stock_settings(
    item: SupplyItem, *, reorder_point: int, tracks_lots: bool, actor
) -> SupplyItem:
    """Set an item's reorder point and whether it tracks lots. Past movements are untouched."""
    with transaction.atomic():
        item = SupplyItem.unscoped.select_for_update().get(pk=item.pk)
        item.reorder_point = reorder_point
        item.tracks_lots = tracks_lots
        item.full_clean()
        item.save(update_fields=["reorder_point", "tracks_lots"])
        log_event(
            "supply_item.stock_settings",
            actor=actor,
            obj=item,
            extra={"reorder_point": reorder_point, "tracks_lots": tracks_lots},
        )
    return item


def save_inventory_settings(settings: InventorySettings, *, recipients, actor) -> InventorySettings:
    """Store a program's inventory settings (the row is created on first save), audited."""
    with transaction.atomic():
        settings.full_clean(exclude=["program"])
        settings.save()
        settings.digest_recipients.set(recipients)
        log_event(
            "inventory_settings.update",
            actor=actor,
            obj=settings,
            extra={
                "expiry_warning_days": settings.expiry_warning_days,
                "reorder_days": settings.reorder_days,
                "digest_enabled": settings.digest_enabled,
                "recipients": sorted(user.pk for user in recipients),
                "sms_numbers": len(settings.sms_numbers),
            },
        )
    return settings
