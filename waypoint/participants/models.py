"""Participants: anonymous by default. No name, ID document or date of birth is ever required."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.core.scoping import ProgramOwned

from . import uic


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged into another record")
    DECEASED = "deceased", _("Deceased")
    OPTED_OUT = "opted_out", _("Opted out")


class Participant(ProgramOwned):
    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="participants"
    )
    # The unique identifier code, normalized, built from the program's recipe.
    code = models.CharField(_("participant code"), max_length=40)
    # Short random number printed on the participant card (with a QR code).
    card_number = models.CharField(_("card number"), max_length=12, blank=True)
    alias = models.CharField(_("alias or nickname"), max_length=60, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=30, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    # Keyed HMAC of the normalized code: counts people across a network without sharing codes.
    network_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.ACTIVE,
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Components of the code that came from a rule (unknown parent → own initials,
    # unknown digits → 9): matching treats them as "could be anything".
    fallback_parts = models.JSONField(default=list, blank=True)
    # Fernet token of the phone number; only kept while SMS consent is given and the
    # participant still visits (see purge.py).
    phone_encrypted = models.TextField(blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"], name="participant_code_unique_in_program"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "card_number"], name="participant_card"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.alias and f"{self.code} ({self.alias})" or self.code

    @property
    def can_visit(self) -> bool:
        return self.status == ParticipantStatus.ACTIVE


class MatchKey(ProgramOwned):
    """One lookup key of a participant's code (``matchkeys.keys``): a hash of some of its
    parts, so similar codes are found without reading every participant of the program.
    Written with the participant, never changed."""

    program = models.ForeignKey("core.Program", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="match_keys"
    )
    value = models.BigIntegerField()

    class Meta(ProgramOwned.Meta):
        indexes = [models.Index(fields=["program", "value"], name="matchkey_lookup")]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.value}"


class ParticipantSettings(ProgramOwned):
    """How a program identifies participants and which optional facts it records."""

    program = models.OneToOneField(
        "core.Program", on_delete=models.CASCADE, related_name="participant_settings"
    )
    recipe = models.CharField(
        _("code recipe"), max_length=40, choices=uic.RECIPE_CHOICES, default=uic.DEFAULT_RECIPE
    )
    custom_components = models.JSONField(_("custom recipe parts"), default=list, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("people the program expects to enrol"),
        default=5000,
        help_text=_(
            "A rough guess of everyone enrolled over the next few years. It is used to warn "
            "about code recipes that would give many people the same code."
        ),
    )
    collect_alias = models.BooleanField(_("ask for an alias or nickname"), default=True)
    collect_birth_year = models.BooleanField(_("ask for birth year"), default=True)
    collect_gender = models.BooleanField(_("ask for gender"), default=True)
    collect_zip = models.BooleanField(_("ask for ZIP code"), default=True)
    card_prefix = models.CharField(
        _("card number prefix"),
        max_length=4,
        blank=True,
        help_text=_(
            "Up to 4 letters printed before each card number, for example the program's initials."
        ),
    )

    class Meta(ProgramOwned.Meta):
        verbose_name = _("participant settings")
        verbose_name_plural = _("participant settings")

    def __str__(self) -> str:
        return f"{self.program}: {self.recipe}"

    def get_recipe(self) -> uic.Recipe:
        if self.recipe == uic.CUSTOM:
            return uic.custom_recipe(self.custom_components)
        return uic.PRESETS.get(self.recipe, uic.PRESETS[uic.DEFAULT_RECIPE])


class ConsentKind(models.TextChoices):
    SMS_CONTACT = "sms_contact", _("Contact by text message (SMS)")
    REFERRAL_SHARING = "referral_sharing", _("Share information for referrals")


class WithdrawalReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OPTED_OUT = "opted_out", _("Participant opted out")
    DECEASED = "deceased", _("Participant deceased")
    MERGED = "merged", _("Record merged into another")
    RETENTION = "retention", _("Contact data no longer needed (scheduled erasure)")


class Consent(ProgramOwned):
    """One grant of consent, with when it was given and, if so, when and why it was withdrawn."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent"), max_length=30, choices=ConsentKind.choices)
    granted_at = models.DateTimeField(_("given"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Blank on consents withdrawn before reasons were recorded.
    revoked_reason = models.CharField(
        _("reason withdrawn"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )

    class Meta(ProgramOwned.Meta):
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=models.Q(revoked_at__isnull=True),
                name="consent_one_active_per_kind",
            ),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.kind} ({self.participant_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ParticipantCard(ProgramOwned):
    """A printed card: a short number for staff, a long random token behind the QR code."""

    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="cards")
    card_number = models.CharField(_("card number"), max_length=12)
    token = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProgramOwned.Meta):
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "card_number"], name="card_number_unique_in_program"
            ),
        ]
        verbose_name = _("participant card")
        verbose_name_plural = _("participant cards")

    def __str__(self) -> str:
        return self.card_number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
