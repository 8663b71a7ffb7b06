"""Physical counts of a site's shelf, and their lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned

from .lots import Lot


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
