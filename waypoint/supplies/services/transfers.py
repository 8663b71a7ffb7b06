"""Transfers between sites: sent (out at the origin, on the way), then received or cancelled.

Stock on the way belongs to no site's shelf: sending writes TRANSFER_OUT at the origin,
receiving writes TRANSFER_IN at the destination, cancelling writes TRANSFER_RETURN at the
origin. The transfer row is locked before its status changes, so a transfer is received
or cancelled once, whatever happens at the same moment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from ..models import Lot, MovementKind, SupplyItem, Transfer, TransferLine, TransferStatus
from .ledger import Line, lock_item_balances, post
from .lots import allocate_lots
from .stock import check_item, check_quantity, check_site, resolve_lot


@dataclass
class TransferLineInput:
    item: SupplyItem
    quantity: int
    lot: Lot | None = None


def send_transfer(
    program,
    from_site,
    to_site,
    lines: list[TransferLineInput],
    *,
    actor,
    actor_label: str = "",
    note: str = "",
) -> Transfer:
    """Take stock off ``from_site``'s shelf and put it on the way to ``to_site``.

    A line for an item that tracks lots and names no lot is split across the origin's
    lots, earliest expiry first. Never refused for going short: the origin is flagged
    for a recount instead. Raises ``ValidationError`` for bad input, storing nothing.
    """
    check_site(program, from_site)
    check_site(program, to_site)
    if from_site.pk == to_site.pk:
        raise ValidationError(_("Choose two different sites."))
    if not lines:
        raise ValidationError(_("Add at least one item to send."))
    for line in lines:
        check_item(program, line.item)
        check_quantity(line.quantity)
        resolve_lot(line.item, line.lot)
    with transaction.atomic():
        lock_item_balances(program, [(from_site.pk, line.item.pk) for line in lines])
        split = _split(from_site, lines)
        transfer = Transfer.unscoped.create(
            program=program,
            from_site=from_site,
            to_site=to_site,
            note=(note or "").strip()[:200],
            sent_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        TransferLine.unscoped.bulk_create(
            TransferLine(transfer=transfer, item_id=item_id, lot_id=lot_id, quantity=qty)
            for item_id, lot_id, qty in split
        )
        posted = post(
            program,
            [Line(from_site.pk, item_id, -qty, lot_id) for item_id, lot_id, qty in split],
            kind=MovementKind.TRANSFER_OUT,
            actor=actor,
            transfer=transfer,
        )
        log_event(
            "stock.transfer.send",
            actor=actor,
            actor_label=actor_label,
            obj=transfer,
            extra={
                "from_site": from_site.pk,
                "to_site": to_site.pk,
                "lines": [{"item": i, "lot": lot, "quantity": q} for i, lot, q in split],
                "recount": sorted(item for _site, item in posted.recount),
            },
        )
    return transfer


def _split(site, lines: list[TransferLineInput]) -> list[tuple[int, int | None, int]]:
    """(item, lot, quantity) to send: named lots as given, the rest first-expiring-first-out
    from what the named lines leave on the shelf."""
    named: dict[tuple[int, int], int] = defaultdict(int)
    unnamed: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.lot is not None:
            named[(line.item.pk, line.lot.pk)] += line.quantity
        else:
            unnamed[line.item.pk] += line.quantity
    out = [(item_id, lot_id, qty) for (item_id, lot_id), qty in sorted(named.items())]
    if unnamed:
        held = {lot_id: qty for (_item, lot_id), qty in named.items()}
        allocated = allocate_lots(site.pk, {i: -q for i, q in unnamed.items()}, held=held)
        out += [(item_id, lot_id, -qty) for item_id, lot_id, qty in allocated]
    return out


def receive_transfer(transfer: Transfer, *, actor, actor_label: str = "") -> Transfer:
    """Put a transfer's stock on the destination's shelf. Raises ``ValidationError`` if it was
    already received or cancelled."""
    return _close(transfer, actor=actor, actor_label=actor_label, status=TransferStatus.RECEIVED)


def cancel_transfer(transfer: Transfer, *, actor, reason: str, actor_label: str = "") -> Transfer:
    """Return a transfer still on the way to its origin's shelf, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the transfer is cancelled."))
    return _close(
        transfer,
        actor=actor,
        actor_label=actor_label,
        status=TransferStatus.CANCELLED,
        reason=reason[:200],
    )


def _close(
    transfer: Transfer, *, actor, actor_label: str, status: str, reason: str = ""
) -> Transfer:
    with transaction.atomic():
        transfer = (
            Transfer.unscoped.select_for_update(of=("self",))
            .select_related("program")
            .get(pk=transfer.pk)
        )
        if transfer.status == TransferStatus.RECEIVED:
            raise ValidationError(_("This transfer was already received."))
        if transfer.status == TransferStatus.CANCELLED:
            raise ValidationError(_("This transfer was cancelled."))
        lines = list(TransferLine.unscoped.filter(transfer=transfer).order_by("pk"))
        receiving = status == TransferStatus.RECEIVED
        site_id = transfer.to_site_id if receiving else transfer.from_site_id
        post(
            transfer.program,
            [Line(site_id, line.item_id, line.quantity, line.lot_id) for line in lines],
            kind=MovementKind.TRANSFER_IN if receiving else MovementKind.TRANSFER_RETURN,
            actor=actor,
            transfer=transfer,
            note=reason,
        )
        now = timezone.now()
        user = actor if getattr(actor, "is_authenticated", False) else None
        transfer.status = status
        if receiving:
            transfer.received_at, transfer.received_by = now, user
            fields = ["status", "received_at", "received_by"]
        else:
            transfer.cancelled_at, transfer.cancelled_by = now, user
            transfer.cancel_reason = reason
            fields = ["status", "cancelled_at", "cancelled_by", "cancel_reason"]
        transfer.save(update_fields=fields)
        log_event(
            "stock.transfer.receive" if receiving else "stock.transfer.cancel",
            actor=actor,
            actor_label=actor_label,
            obj=transfer,
            extra={"site": site_id, "reason": reason} if reason else {"site": site_id},
        )
    return transfer


def in_transit(program, *, site=None) -> dict[tuple[int, int], int]:
    """Stock on the way, by (destination site id, item id). One query."""
    lines = TransferLine.objects.filter(
        transfer__program=program, transfer__status=TransferStatus.SENT
    )
    if site is not None:
        lines = lines.filter(transfer__to_site=site)
    totals = (
        lines.values_list("transfer__to_site_id", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {(site_id, item_id): total for site_id, item_id, total in totals}
