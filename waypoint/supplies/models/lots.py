"""Lots of the items that track them (naloxone, test strips), and their stock per site."""

from __future__ import annotations

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
