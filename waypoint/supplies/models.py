"""The supply catalog and the stock ledger.

Stock is an append-only ledger (``StockMovement``) plus a cached balance per site and
item (``StockBalance``) that the same transaction keeps exact. Lots, expiry, transfers
and counts add movement kinds and columns; they never rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class SupplyCategory(models.TextChoices):
    SYRINGES = "syringes", _("Syringes")
    INJECTION_EQUIPMENT = "injection_equipment", _("Other injection equipment")
    NALOXONE = "naloxone", _("Naloxone")
    TEST_STRIPS = "test_strips", _("Test strips")
    SAFER_SMOKING = "safer_smoking", _("Safer smoking")
    WOUND_CARE = "wound_care", _("Wound care")
    SEXUAL_HEALTH = "sexual_health", _("Sexual health")
    HYGIENE = "hygiene", _("Hygiene")
    DISPOSAL = "disposal", _("Disposal")
    EDUCATION = "education", _("Education")


class SupplyItem(ProgramOwned):
    """Something a program hands out, counted in ``unit`` (a 20-syringe kit is one unit)."""

    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="supply_items"
    )
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=30, choices=SupplyCategory.choices)
    unit = models.CharField(
        _("unit"),
        max_length=40,
        default="each",
        help_text=_("What one counts as: each, kit, box, pack."),
    )
    syringes_per_unit = models.PositiveIntegerField(
        _("syringes per unit"),
        default=0,
        validators=[MaxValueValidator(10_000)],
        help_text=_("A 20-syringe kit counts 20. Zero for items without syringes."),
    )
    naloxone_doses_per_unit = models.PositiveSmallIntegerField(
        _("naloxone doses per unit"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("A two-dose nasal spray kit counts 2."),
    )
    max_per_visit = models.PositiveIntegerField(
        _("most given in one visit"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("A larger number is refused as a likely typing mistake."),
    )
    is_quick = models.BooleanField(
        _("quick item"),
        default=False,
        help_text=_("Shown first at the window, with + and − buttons."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    reorder_point = models.PositiveIntegerField(
        _("reorder point"),
        default=0,
        validators=[MaxValueValidator(10_000_000)],
        help_text=_("A site with fewer than this on hand is listed as low. Zero turns it off."),
    )
    tracks_lots = models.BooleanField(
        _("tracks lots and expiry"),
        default=False,
        help_text=_("For naloxone, test strips and anything else with a lot number and a date."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-is_quick", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="supply_item_name_unique_in_program"
            ),
        ]
        verbose_name = _("supply item")
        verbose_name_plural = _("supply items")

    def __str__(self) -> str:
        return self.name


class MovementKind(models.TextChoices):
    RECEIVE = "receive", _("Received")
    DISTRIBUTE = "distribute", _("Given at a visit")
    CORRECTION = "correction", _("Visit corrected or voided")
    ADJUST = "adjust", _("Adjusted")
    COUNT = "count", _("Counted")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    EXPIRE = "expire", _("Expired or damaged")
    TRANSFER_RETURN = "transfer_return", _("Transfer cancelled, returned")


class MovementReason(models.TextChoices):
    """Why stock was adjusted or written off; required for those two kinds."""

    FOUND = "found", _("Found stock that was not recorded")
    LOST = "lost", _("Lost or missing")
    DAMAGED = "damaged", _("Damaged")
    GIVEN_AWAY = "given_away", _("Given to another organization")
    DATA_ENTRY = "data_entry", _("Correcting a recording mistake")
    OPENING = "opening", _("Opening balance")
    OTHER = "other", _("Other")
    EXPIRED = "expired", _("Expired")
    RECALLED = "recalled", _("Recalled by the maker")
    CONTAMINATED = "contaminated", _("Wet, dirtied or opened")


ADJUST_REASONS = (
    MovementReason.FOUND,
    MovementReason.LOST,
    MovementReason.DAMAGED,
    MovementReason.GIVEN_AWAY,
    MovementReason.DATA_ENTRY,
    MovementReason.OPENING,
    MovementReason.OTHER,
)
WASTE_REASONS = (
    MovementReason.EXPIRED,
    MovementReason.DAMAGED,
    MovementReason.RECALLED,
    MovementReason.CONTAMINATED,
    MovementReason.OTHER,
)


class LedgerError(RuntimeError):
    """An attempt to change or delete a stock movement."""


class StockMovement(ProgramOwned):
    """One signed change of on-hand stock at a site. Append-only."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="stock_movements")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    quantity = models.IntegerField(
        _("quantity"), help_text=_("Positive adds to stock, negative removes.")
    )
    encounter = models.ForeignKey(
        "encounters.Encounter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    lot = models.ForeignKey(
        "supplies.Lot", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=MovementReason.choices, blank=True
    )
    unit_cost = models.DecimalField(
        _("cost per unit"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    receipt = models.ForeignKey(
        "supplies.Receipt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    transfer = models.ForeignKey(
        "supplies.Transfer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    stock_count = models.ForeignKey(
        "supplies.StockCount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "item", "created_at"], name="stock_movement_site_item"),
            # Dashboard reads: use in the last 28 days and the last count, per program.
            models.Index(
                fields=["program", "kind", "created_at"], name="stock_movement_program_kind"
            ),
        ]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity:+d} {self.item_id}@{self.site_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerError("Stock movements are append-only; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Stock movements are never deleted; record a correction instead.")


class StockBalance(ProgramOwned):
    """On-hand stock of one item at one site: the sum of its movements, kept in step."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="stock_balances")
    item = models.ForeignKey(SupplyItem, on_delete=models.PROTECT, related_name="balances")
    on_hand = models.IntegerField(_("on hand"), default=0)
    needs_recount = models.BooleanField(_("needs a recount"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["site", "item"], name="one_balance_per_site_item")
        ]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")

    def __str__(self) -> str:
        return f"{self.item_id}@{self.site_id}: {self.on_hand}"


# Lots, receipts, transfers, counts, stock-out days and inventory settings.
from .inventory_models import (  # noqa: E402
    InventorySettings,
    Lot,
    LotBalance,
    Receipt,
    StockCount,
    StockCountLine,
    StockOutDay,
    Transfer,
    TransferLine,
    TransferStatus,
)

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
