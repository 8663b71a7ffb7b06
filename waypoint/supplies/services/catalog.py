"""Writes to the catalog, each one audited transaction. Stock moves only through the
ledger (``ledger.py``)."""

from __future__ import annotations

from django.db import transaction

from waypoint.audit.services import log_event

from ..models import SupplyItem

ITEM_FIELDS = (
    "name",
    "category",
    "unit",
    "syringes_per_unit",
    "naloxone_doses_per_unit",
    "max_per_visit",
    "is_quick",
    "is_active",
    "sort_order",
)


def save_item(item: SupplyItem, *, actor) -> SupplyItem:
    """Create or update a catalog item of ``item.program``."""
    created = item.pk is None
    with transaction.atomic():
        item.full_clean()
        item.save()
        log_event(
            "supply_item.create" if created else "supply_item.update",
            actor=actor,
            obj=item,
            extra={f: _plain(getattr(item, f)) for f in ITEM_FIELDS},
        )
    return item


def _plain(value):
    return value if isinstance(value, (bool, int)) else str(value)
