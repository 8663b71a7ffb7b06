"""Request and response shapes of the supplies API (``api.py``): the catalog and stock."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from waypoint.core.api_errors import ErrorOut
from waypoint.core.api_errors import InvalidInputOut as InvalidOut

from .models import TransferStatus
from .services.stock import MAX_QUANTITY

MAX_ID = 2**53
ID = Field(..., ge=1, le=MAX_ID)
QUANTITY = Field(..., ge=1, le=MAX_QUANTITY)
NO_NUL = r"^[^\x00]*$"
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
MAX_COST = 1_000_000


ANSWERS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut}
ANSWERS_WITH_BODY = {**ANSWERS, 400: ErrorOut}


class SupplyItemOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    syringes_per_unit: int
    naloxone_doses_per_unit: int
    max_per_visit: int
    is_quick: bool
    sort_order: int


class LotOut(Schema):
    lot_id: int
    lot_number: str
    expires_on: dt.date | None
    on_hand: int


class BalanceOut(Schema):
    site_id: int
    item_id: int
    on_hand: int
    needs_recount: bool
    lots: list[LotOut]


class BalanceFilters(Schema):
    site_id: int | None = Field(None, ge=1, le=MAX_ID)


class ReceiptLineIn(Schema):
    item_id: int = ID
    quantity: int = QUANTITY
    lot_number: str = Field("", max_length=60, pattern=NO_NUL)
    expires_on: dt.date | None = None
    unit_cost: float | None = Field(None, ge=0, le=MAX_COST, description="Rounded to 0.01.")


class ReceiptIn(Schema):
    site_id: int = ID
    supplier: str = Field("", max_length=120, pattern=NO_NUL)
    reference: str = Field("", max_length=60, pattern=NO_NUL)
    note: str = Field("", max_length=200, pattern=NO_NUL)
    lines: list[ReceiptLineIn] = Field(..., min_length=1, max_length=200)


class ReceiptOut(Schema):
    id: int
    site_id: int
    received_at: dt.datetime


class TransferLineIn(Schema):
    item_id: int = ID
    quantity: int = QUANTITY
    lot_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Leave out to send the earliest-expiring lots first."
    )


class TransferIn(Schema):
    from_site_id: int = ID
    to_site_id: int = ID
    note: str = Field("", max_length=200, pattern=NO_NUL)
    lines: list[TransferLineIn] = Field(..., min_length=1, max_length=200)


class TransferLineOut(Schema):
    item_id: int
    lot_id: int | None
    quantity: int


class TransferOut(Schema):
    id: int
    from_site_id: int
    to_site_id: int
    status: str
    sent_at: dt.datetime
    received_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    lines: list[TransferLineOut]


class TransferFilters(Schema):
    status: Literal[tuple(TransferStatus.values)] | None = None


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)


class CountLineIn(Schema):
    item_id: int = ID
    lot_id: int | None = Field(None, ge=1, le=MAX_ID)
    counted: int = Field(..., ge=0, le=MAX_QUANTITY)


class CountIn(Schema):
    site_id: int = ID
    note: str = Field("", max_length=200, pattern=NO_NUL)
    lines: list[CountLineIn] = Field(..., min_length=1, max_length=2000)


class CountLineOut(Schema):
    item_id: int
    lot_id: int | None
    expected: int
    counted: int
    difference: int


class CountOut(Schema):
    id: int
    site_id: int
    counted_at: dt.datetime
    lines: list[CountLineOut]
