"""Writes to participants: enrol, edit, status, merge and cards (consents are in
``consents``). One transaction each, audited."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event

from . import crypto, matching, uic
from .consents import withdraw_all_consents
from .errors import DuplicateCode, ParticipantError
from .models import (
    Participant,
    ParticipantCard,
    ParticipantSettings,
    ParticipantStatus,
    WithdrawalReason,
)
from .queries import settings_for
from .signals import participant_merged

network_key_for = crypto.network_key_for

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a card number read aloud or off a worn card stays unambiguous.
CARD_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CARD_LENGTH = 6


OPTIONAL_FIELDS = ("alias", "birth_year", "gender", "zip_code")
_SETTING_FOR = {
    "alias": "collect_alias",
    "birth_year": "collect_birth_year",
    "gender": "collect_gender",
    "zip_code": "collect_zip",
}


def _clean_optional(program_settings: ParticipantSettings, values: dict) -> dict:
    """Keep only the optional facts the program records; blank the rest."""
    cleaned = {}
    for name in OPTIONAL_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if not getattr(program_settings, _SETTING_FOR[name]):
            value = None if name == "birth_year" else ""
        cleaned[name] = value if value is not None or name == "birth_year" else ""
    return cleaned


def _with_suffix(program, recipe: uic.Recipe, code: str) -> str:
    taken = set(
        Participant.objects.filter(program=program, code__startswith=code).values_list(
            "code", flat=True
        )
    )
    for letter in recipe.suffixes:
        if code + letter not in taken:
            return code + letter
    raise ParticipantError(
        _("Every suffix for code %(code)s is taken. Check the answers with the participant.")
        % {"code": code},
        field="code",
    )


@transaction.atomic
def enrol_participant(
    program,
    *,
    actor,
    code: str,
    fallback_parts: list[str] | None = None,
    different_person: bool = False,
    **optional,
) -> Participant:
    """Enrol a participant with a code (already built from the recipe, or typed).

    Raises ``DuplicateCode`` when the code is taken, unless ``different_person`` is
    confirmed and the recipe adds a suffix letter on collision (the suffix is then
    part of the code). The network key is derived from the final normalized code.
    """
    normalized = uic.normalize(code)
    if not normalized:
        raise ParticipantError(
            _("Enter the participant code, or answer the questions to build it."), field="code"
        )
    if len(normalized) > Participant._meta.get_field("code").max_length:
        raise ParticipantError(
            _("That code is too long; codes have at most 40 letters and digits."), field="code"
        )
    program_settings = settings_for(program)
    recipe = program_settings.get_recipe()
    existing = Participant.objects.filter(program=program, code=normalized).first()
    if existing is not None:
        if not (different_person and recipe.suffixes):
            raise DuplicateCode(existing)
        normalized = _with_suffix(program, recipe, normalized)
    participant = Participant(
        program=program,
        code=normalized,
        network_key=crypto.network_key_for(normalized),
        created_by=actor,
        fallback_parts=list(fallback_parts or []),
        **_clean_optional(program_settings, optional),
    )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise DuplicateCode(Participant.objects.get(program=program, code=normalized)) from None
    matching.store_keys(participant, recipe)
    log_event(
        "participant.create",
        actor=actor,
        program=program,
        obj=participant,
        extra={"fallbacks": participant.fallback_parts, "suffix": existing is not None},
    )
    return participant


@transaction.atomic
def update_participant(participant: Participant, *, actor, **optional) -> Participant:
    """Change the optional facts (alias, birth year, gender, ZIP) the program records."""
    changes = _clean_optional(settings_for(participant.program), optional)
    changed = sorted(name for name, value in changes.items() if getattr(participant, name) != value)
    for name in changed:
        setattr(participant, name, changes[name])
    if changed:
        participant.save(update_fields=changed)
        log_event("participant.update", actor=actor, obj=participant, extra={"fields": changed})
    return participant


# Leaving the program (or dying) ends every consent: nothing may be shared and no one
# may be texted on the strength of a consent given while the person took part.
_STATUS_WITHDRAWAL = {
    ParticipantStatus.OPTED_OUT: WithdrawalReason.OPTED_OUT,
    ParticipantStatus.DECEASED: WithdrawalReason.DECEASED,
}


@transaction.atomic
def set_status(participant: Participant, status: str, *, actor) -> Participant:
    """Mark a participant active, deceased or opted out (merging has its own service).

    Deceased or opted out also revokes their card, withdraws every consent and erases
    the phone number, in the same transaction; going back to active restores none of it.
    """
    allowed = {ParticipantStatus.ACTIVE, ParticipantStatus.DECEASED, ParticipantStatus.OPTED_OUT}
    if status not in allowed:
        raise ParticipantError(_("Choose active, deceased or opted out."), field="status")
    if participant.status == ParticipantStatus.MERGED:
        raise ParticipantError(
            _("This record was merged into another; change the other record instead.")
        )
    previous = participant.status
    if previous == status:
        return participant
    participant.status = status
    participant.status_changed_at = timezone.now()
    participant.save(update_fields=["status", "status_changed_at"])
    withdrawn: list[str] = []
    had_phone = bool(participant.phone_encrypted)
    if status != ParticipantStatus.ACTIVE:
        _revoke_all_cards(participant, actor=actor)
        withdrawn = withdraw_all_consents(
            participant, actor=actor, reason=_STATUS_WITHDRAWAL[status]
        )
    log_event(
        "participant.status",
        actor=actor,
        obj=participant,
        extra={
            "from": previous,
            "to": status,
            "consents_withdrawn": withdrawn,
            "phone_erased": had_phone and not participant.phone_encrypted,
        },
    )
    return participant


def _new_card_number(program, prefix: str) -> str:
    for _attempt in range(20):
        number = prefix + "".join(secrets.choice(CARD_ALPHABET) for _i in range(CARD_LENGTH))
        if not ParticipantCard.objects.filter(program=program, card_number=number).exists():
            return number
    raise ParticipantError(_("Could not pick a free card number; try again."))


def _revoke_all_cards(participant: Participant, *, actor) -> int:
    now = timezone.now()
    count = ParticipantCard.objects.filter(participant=participant, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if participant.card_number:
        participant.card_number = ""
        participant.save(update_fields=["card_number"])
    return count


@transaction.atomic
def issue_card(participant: Participant, *, actor) -> ParticipantCard:
    """Issue a new card; any card the participant held before stops being valid."""
    if not participant.can_visit:
        raise ParticipantError(_("Cards are only issued to active participants."))
    replaced = _revoke_all_cards(participant, actor=actor)
    prefix = uic.letters_only(settings_for(participant.program).card_prefix)[:4]
    card = ParticipantCard.objects.create(
        program=participant.program,
        participant=participant,
        card_number=_new_card_number(participant.program, prefix),
        token=secrets.token_urlsafe(32),
        issued_at=timezone.now(),
        issued_by=actor,
    )
    participant.card_number = card.card_number
    participant.save(update_fields=["card_number"])
    log_event(
        "card.issue",
        actor=actor,
        program=participant.program,
        obj=card,
        extra={"participant": participant.pk, "replaced": replaced},
    )
    return card


@transaction.atomic
def revoke_card(participant: Participant, *, actor) -> int:
    """Revoke the participant's current card; the public check then says "not valid"."""
    count = _revoke_all_cards(participant, actor=actor)
    if count:
        log_event("card.revoke", actor=actor, program=participant.program, obj=participant)
    return count


@transaction.atomic
def merge_participants(keep: Participant, drop: Participant, *, actor) -> Participant:
    """Fold ``drop`` into ``keep``: visits move to ``keep`` (the encounters app moves them,
    and their rollups, on ``signals.participant_merged``), ``drop`` is marked merged.

    Consents and cards of ``drop`` are withdrawn and its phone number erased (the kept
    record's own stand); the dropped code stays reserved, and searches for it lead to
    ``keep``.
    """
    if keep.pk == drop.pk:
        raise ParticipantError(_("Choose two different records to merge."))
    # Both rows locked (in id order) and read again: two merges at once cannot both see
    # "not merged" and leave a chain (A into B while B goes into C).
    locked = {
        p.pk: p
        for p in Participant.unscoped.select_for_update()
        .filter(pk__in=[keep.pk, drop.pk])
        .order_by("pk")
    }
    keep.status, drop.status = locked[keep.pk].status, locked[drop.pk].status
    if keep.program_id != drop.program_id:
        raise ParticipantError(_("Only records of the same program can be merged."))
    if ParticipantStatus.MERGED in (keep.status, drop.status):
        raise ParticipantError(
            _("One of these records was already merged; open the record it was merged into.")
        )
    # The visits (and their rollups) move in the encounters app, which imports this one.
    moved = sum(
        count for _receiver, count in participant_merged.send(Participant, keep=keep, drop=drop)
    )
    if drop.last_visit_at and (
        keep.last_visit_at is None or drop.last_visit_at > keep.last_visit_at
    ):
        keep.last_visit_at = drop.last_visit_at
        keep.save(update_fields=["last_visit_at"])
    withdraw_all_consents(drop, actor=actor, reason=WithdrawalReason.MERGED)
    _revoke_all_cards(drop, actor=actor)
    # Records merged into ``drop`` earlier now point at ``keep`` too: a merge is always
    # one step from any record to the one kept, for searches and for reports.
    earlier = Participant.unscoped.filter(merged_into=drop).update(merged_into=keep)
    drop.status = ParticipantStatus.MERGED
    drop.merged_into = keep
    drop.status_changed_at = timezone.now()
    drop.save(update_fields=["status", "merged_into", "status_changed_at"])
    log_event(
        "participant.merge",
        actor=actor,
        program=keep.program,
        obj=keep,
        extra={"merged": drop.pk, "visits_moved": moved, "earlier_merges": earlier},
    )
    return keep


@transaction.atomic
def save_settings(program, *, actor, **values) -> ParticipantSettings:
    """Create or change the program's participant settings."""
    program_settings, _created = ParticipantSettings.objects.get_or_create(program=program)
    custom = values.get("custom_components")
    if custom is not None:
        values["custom_components"] = [key for key in custom if key in uic.CATALOG]
    if values.get("recipe") == uic.CUSTOM and not values.get(
        "custom_components", program_settings.custom_components
    ):
        raise ParticipantError(
            _("Choose at least one part for a custom recipe."), field="custom_components"
        )
    if "card_prefix" in values:
        values["card_prefix"] = uic.letters_only(values["card_prefix"])[:4]
    for name, value in values.items():
        setattr(program_settings, name, value)
    program_settings.save()
    log_event(
        "participant_settings.update",
        actor=actor,
        program=program,
        obj=program_settings,
        extra={"fields": sorted(values)},
    )
    return program_settings
