"""Deliveries received at a site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


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
