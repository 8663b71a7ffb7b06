"""The supply catalog and the stock ledger.

Stock is an append-only ledger (``StockMovement``) plus a cached balance per site and
item (``StockBalance``) that the same transaction keeps exact. Lots, expiry, transfers
and counts add movement kinds and columns; they never rewrite history.

One module per concept; every model is importable from here.
"""

from .catalog import SupplyCategory, SupplyItem
from .counts import StockCount, StockCountLine
from .ledger import (
    ADJUST_REASONS,
    WASTE_REASONS,
    LedgerError,
    MovementKind,
    MovementReason,
    StockBalance,
    StockMovement,
    StockOutDay,
)
from .lots import Lot, LotBalance
from .receipts import Receipt
from .stock_settings import InventorySettings
from .transfers import Transfer, TransferLine, TransferStatus

__all__ = [
    "ADJUST_REASONS",
    "WASTE_REASONS",
    "InventorySettings",
    "LedgerError",
    "Lot",
    "LotBalance",
    "MovementKind",
    "MovementReason",
    "Receipt",
    "StockBalance",
    "StockCount",
    "StockCountLine",
    "StockMovement",
    "StockOutDay",
    "SupplyCategory",
    "SupplyItem",
    "Transfer",
    "TransferLine",
    "TransferStatus",
]
