"""A program's stock settings: expiry warnings, reorder horizon and the daily digest."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned


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
