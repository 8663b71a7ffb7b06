"""The stock ledger's rows: append-only movements (what moved and why), and the balances
and stock-out days the same transaction keeps exact. ``services/ledger.py`` is the only
module that writes them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned

from .catalog import SupplyItem


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


class StockOutDay(ProgramOwned):
    """A day on which an item's on-hand at a site was zero or less.

    Written in the transaction of the movement that took it there, and by the daily
    digest for balances still at or below zero, so reports can answer "ran out or
    rationed in the past three months" without replaying the ledger.
    """

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["site", "item", "day"], name="one_stock_out_per_day")
        ]
        indexes = [models.Index(fields=["program", "day"], name="stock_out_program_day")]
        verbose_name = _("stock-out day")
        verbose_name_plural = _("stock-out days")

    def __str__(self) -> str:
        return f"{self.item_id}@{self.site_id} out on {self.day}"
