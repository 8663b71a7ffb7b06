"""Inventory beyond the catalog: lots, receipts, transfers, counts, stock-out days, settings.

Imported by ``models.py``; every row here belongs to one program. Quantities move only
through ``StockMovement`` rows; the balances below are caches the same transaction keeps
exact, and transfers and counts are the documents those movements point back to.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


class Lot(ProgramOwned):
    """One manufacturer's lot of an item that tracks lots (naloxone, test strips)."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="lots")
    lot_number = models.CharField(_("lot number"), max_length=60)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["expires_on", "lot_number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "lot_number"], name="one_lot_number_per_item")
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return self.lot_number


class LotBalance(ProgramOwned):
    """On-hand stock of one lot at one site; the sum of that lot's movements there.

    An item's ``StockBalance`` stays the authority for the item: it also holds stock
    recorded without a lot (before tracking began, or given beyond what the lots held).
    """

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="lot_balances")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="+")
    on_hand = models.IntegerField(_("on hand"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(fields=["site", "lot"], name="one_balance_per_site_lot")
        ]
        indexes = [models.Index(fields=["site", "item"], name="lot_balance_site_item")]
        verbose_name = _("lot balance")
        verbose_name_plural = _("lot balances")

    def __str__(self) -> str:
        return f"lot {self.lot_id}@{self.site_id}: {self.on_hand}"


class Receipt(ProgramOwned):
    """A delivery received at a site; its lines are RECEIVE movements."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    reference = models.CharField(_("packing slip or order number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProgramOwned.Meta):
        ordering = ["-received_at", "-id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"receipt {self.pk} @ {self.site_id}"


class TransferStatus(models.TextChoices):
    SENT = "sent", _("On the way")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class Transfer(ProgramOwned):
    """Stock sent from one site to another. While on the way it is on neither site's shelf."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    from_site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    to_site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.SENT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=200, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["program", "status"], name="transfer_program_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_site=models.F("to_site")),
                name="transfer_between_two_sites",
            )
        ]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"transfer {self.pk}: {self.from_site_id} → {self.to_site_id} ({self.status})"


class TransferLine(ProgramOwned):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])

    program_path = "transfer__program"

    class Meta(ProgramOwned.Meta):
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item_id}"


class StockCount(ProgramOwned):
    """A physical count at a site. Its differences are COUNT movements; it feeds the variance report."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    counted_at = models.DateTimeField(auto_now_add=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-counted_at", "-id"]
        indexes = [models.Index(fields=["program", "site", "-counted_at"], name="stock_count_site")]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")

    def __str__(self) -> str:
        return f"count {self.pk} @ {self.site_id}"


class StockCountLine(ProgramOwned):
    stock_count = models.ForeignKey(StockCount, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey("supplies.SupplyItem", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("expected"))
    counted = models.PositiveIntegerField(_("counted"))
    difference = models.IntegerField(_("difference"))

    program_path = "stock_count__program"

    class Meta(ProgramOwned.Meta):
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.expected} → {self.counted}"


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


class InventorySettings(ProgramOwned):
    """Per-program inventory settings. A program without a row uses the defaults."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="inventory_settings"
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("warn about lots expiring within (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    reorder_days = models.PositiveSmallIntegerField(
        _("order enough to cover (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    digest_enabled = models.BooleanField(_("send the daily stock digest"), default=True)
    digest_recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("who gets the digest"),
        help_text=_("Nobody chosen: every coordinator and admin of the program."),
    )
    digest_sms_numbers = models.TextField(
        _("also text a short digest to"),
        blank=True,
        help_text=_("Phone numbers, one a line. Used only when the server has SMS set up."),
    )

    class Meta(ProgramOwned.Meta):
        verbose_name = _("inventory settings")
        verbose_name_plural = _("inventory settings")

    def __str__(self) -> str:
        return f"inventory settings of {self.program_id}"

    @property
    def sms_numbers(self) -> list[str]:
        return [line.strip() for line in self.digest_sms_numbers.splitlines() if line.strip()]
