"""Consents (for text messages, for sharing a referral): given, withdrawn with a reason,
and the one encrypted phone number that goes with text messages. One transaction each,
audited; the number itself is never in the audit trail."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from . import crypto
from .errors import ParticipantError
from .models import Consent, ConsentKind, Participant, WithdrawalReason


def _active_consent(participant: Participant, kind: str) -> Consent | None:
    return Consent.objects.filter(
        participant=participant, kind=kind, revoked_at__isnull=True
    ).first()


@transaction.atomic
def grant_consent(participant: Participant, kind: str, *, actor, phone: str = "") -> Consent:
    """Record consent given now. For SMS contact a phone number is required and stored
    encrypted; granting again while active only updates the phone."""
    if kind not in ConsentKind.values:
        raise ParticipantError(_("Unknown kind of consent."), field="kind")
    phone = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if kind == ConsentKind.SMS_CONTACT:
        if len([ch for ch in phone if ch.isdigit()]) < 7:
            raise ParticipantError(
                _("Enter a phone number for text messages (at least 7 digits)."), field="phone"
            )
        participant.phone_encrypted = crypto.encrypt(phone)
        participant.save(update_fields=["phone_encrypted"])
    consent = _active_consent(participant, kind)
    if consent is None:
        consent = Consent.objects.create(
            program=participant.program,
            participant=participant,
            kind=kind,
            granted_at=timezone.now(),
            granted_by=actor,
        )
    log_event(
        "consent.grant",
        actor=actor,
        program=participant.program,
        obj=participant,
        extra={"kind": kind},
    )
    return consent


@transaction.atomic
def revoke_consent(
    participant: Participant, kind: str, *, actor, reason: str = WithdrawalReason.WITHDRAWN
) -> Consent | None:
    """Withdraw consent now, recording why. Withdrawing SMS contact also erases the phone
    number (even one left without an active consent). Returns the consent withdrawn, or
    None when none was active."""
    consent = _active_consent(participant, kind)
    if consent is not None:
        consent.revoked_at = timezone.now()
        consent.revoked_by = actor
        consent.revoked_reason = reason
        consent.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
    erased = kind == ConsentKind.SMS_CONTACT and bool(participant.phone_encrypted)
    if erased:
        participant.phone_encrypted = ""
        participant.save(update_fields=["phone_encrypted"])
    if consent is not None or erased:
        log_event(
            "consent.revoke",
            actor=actor,
            program=participant.program,
            obj=participant,
            extra={"kind": kind, "reason": reason, "phone_erased": erased},
        )
    return consent


def withdraw_all_consents(participant: Participant, *, actor, reason: str) -> list[str]:
    """Withdraw every active consent and erase the phone; the kinds withdrawn."""
    return [
        kind
        for kind in ConsentKind.values
        if revoke_consent(participant, kind, actor=actor, reason=reason) is not None
    ]


def phone_for(participant: Participant, *, actor) -> str:
    """The participant's phone number in plain text ("" if none). Every read is audited;
    the number itself is never written to the audit trail."""
    log_event("participant.phone_read", actor=actor, program=participant.program, obj=participant)
    return crypto.decrypt(participant.phone_encrypted)
