"""Stock sent from one site to another, and its lines."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned

from .lots import Lot


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
