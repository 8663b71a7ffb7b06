"""Scoped reads of the catalog and stock."""

from __future__ import annotations

from .models import StockBalance, SupplyItem


def catalog_with_stock(program, site) -> list[dict]:
    """Every item (active first) with its on-hand and recount flag at ``site``. Two queries."""
    items = SupplyItem.objects.filter(program=program).order_by(
        "-is_active", "-is_quick", "sort_order", "name"
    )
    balances = {}
    if site is not None:
        balances = {b.item_id: b for b in StockBalance.objects.filter(site=site)}
    return [{"item": item, "balance": balances.get(item.pk)} for item in items]
