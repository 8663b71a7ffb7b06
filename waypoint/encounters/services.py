"""Logging, editing and voiding visits. Each is one transaction with its stock movements
and its audit event; none is ever refused because stock looks short."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event
from waypoint.overdoses.models import OverdoseReport
from waypoint.overdoses.services import create_report, update_report, void_report
from waypoint.participants.models import Participant
from waypoint.supplies.models import MovementKind
from waypoint.supplies.services.ledger import record_movements

from .models import Direction, Encounter, EncounterItem, EncounterService, KitOutcome, VisitSettings
from .rollups import writes as rollups
from .validation import CleanVisit, VisitInput, clean_visit, get_visit_settings


class DuplicateVisit(Exception):
    """The client_uuid was already used for a visit with different content."""

    def __init__(self, encounter: Encounter):
        super().__init__(f"client_uuid already used by visit {encounter.pk}")
        self.encounter = encounter


@dataclass
class VisitResult:
    encounter: Encounter
    created: bool
    # Items whose on-hand at the site went below zero: flagged for a recount.
    recount_items: set[int] = field(default_factory=set)
    # What was stored, when this call stored it (saves reading it back).
    clean: CleanVisit | None = None


def _label(actor, device) -> str:
    if device is not None:
        return f"device {device.pk}"
    return f"user {actor.pk}" if getattr(actor, "is_authenticated", False) else "anonymous"


def log_encounter(program, data: VisitInput, *, actor=None, device=None) -> VisitResult:
    """Store a new visit, or return the stored one when ``data.client_uuid`` was seen before.

    Callers may rely on: at most one visit per (program, client_uuid), also under
    concurrent duplicates (the unique constraint decides; the loser returns the
    winner's visit); a replay with different content raises ``DuplicateVisit``; bad
    input raises ``ValidationError`` and stores nothing; stock at the visit's site moves
    in the same transaction.
    """
    fingerprint = data.fingerprint()
    try:
        clean = clean_visit(
            program, data, settings=SimpleLazyObject(lambda: get_visit_settings(program))
        )
    except ValidationError:
        # A replay is answered with what was stored, even if the catalog changed since.
        existing = _stored(program, data.client_uuid)
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    try:
        with transaction.atomic():
            return _create(program, clean, data, fingerprint, actor=actor, device=device)
    except IntegrityError:
        # The usual way a replay or a concurrent duplicate ends: the unique constraint.
        existing = _stored(program, data.client_uuid)
        if existing is None:
            raise
        return _replay(existing, fingerprint)


def _stored(program, client_uuid) -> Encounter | None:
    return Encounter.objects.filter(program=program, client_uuid=client_uuid).first()


def _replay(existing: Encounter, fingerprint: str) -> VisitResult:
    if existing.fingerprint and existing.fingerprint != fingerprint:
        raise DuplicateVisit(existing)
    return VisitResult(existing, created=False)


def _create(
    program, clean: CleanVisit, data: VisitInput, fingerprint: str, *, actor, device
) -> VisitResult:
    encounter = Encounter.unscoped.create(
        program=program,
        site=clean.site,
        participant=clean.participant,
        occurred_at=clean.occurred_at,
        modality=clean.modality,
        staff=actor if getattr(actor, "is_authenticated", False) else None,
        device=device,
        client_uuid=data.client_uuid,
        fingerprint=fingerprint,
        secondary_recipients=clean.secondary_recipients,
        syringes_given=clean.syringes_given,
        naloxone_doses_given=clean.naloxone_doses_given,
        syringes_collected=clean.syringes_collected,
        collection_method=clean.collection_method,
        collection_detail=clean.collection_detail,
        kit_outcome=clean.kit_outcome,
    )
    _write_lines(encounter, clean)
    flagged = record_movements(
        program=program,
        site=clean.site,
        changes={item.pk: -qty for item, qty in clean.lines},
        kind=MovementKind.DISTRIBUTE,
        actor=actor,
        encounter=encounter,
    )
    if clean.participant is not None:
        Participant.unscoped.filter(pk=clean.participant.pk).filter(
            Q(last_visit_at__isnull=True) | Q(last_visit_at__lt=clean.occurred_at)
        ).update(last_visit_at=clean.occurred_at)
    if clean.overdose is not None:
        create_report(
            encounter=encounter,
            fields=clean.overdose,
            actor=actor,
            actor_label=_label(actor, device),
        )
    rollups.visit_logged(
        encounter, items={item.pk: qty for item, qty in clean.lines}, services=clean.services
    )
    log_event(
        "encounter.create",
        actor=actor,
        actor_label=_label(actor, device),
        obj=encounter,
        extra={**_summary(clean), "recount": sorted(flagged)},
    )
    return VisitResult(encounter, created=True, recount_items=flagged, clean=clean)


def _write_lines(encounter: Encounter, clean: CleanVisit) -> None:
    if clean.lines:
        EncounterItem.unscoped.bulk_create(
            EncounterItem(encounter=encounter, item=item, quantity=qty, direction=Direction.GIVEN)
            for item, qty in clean.lines
        )
    if clean.services:
        EncounterService.unscoped.bulk_create(
            EncounterService(encounter=encounter, service=service) for service in clean.services
        )


def _summary(clean: CleanVisit) -> dict:
    return {
        "participant": clean.participant.pk if clean.participant else None,
        "site": clean.site.pk,
        "items": {str(item.pk): qty for item, qty in clean.lines},
        "services": clean.services,
        "syringes_collected": clean.syringes_collected,
        "secondary_recipients": clean.secondary_recipients,
        "kit_outcome": clean.kit_outcome,
    }


def can_still_edit(encounter: Encounter, *, now=None) -> bool:
    settings = get_visit_settings(encounter.program)
    now = now or timezone.now()
    return encounter.voided_at is None and now - encounter.created_at <= settings.edit_window


def edit_encounter(encounter: Encounter, data: VisitInput, *, actor, device=None) -> VisitResult:
    """Correct a visit within the program's edit window (default 24 hours after it was logged).

    Items are replaced; stock at the visit's site moves by the difference. The site and
    the idempotency key stay. Raises ``ValidationError`` when the window has passed.
    """
    settings = get_visit_settings(encounter.program)
    with transaction.atomic():
        encounter = (
            Encounter.unscoped.select_for_update(of=("self",))
            .select_related("site", "participant")
            .get(pk=encounter.pk)
        )
        if encounter.voided_at is not None:
            raise ValidationError(_("This visit was voided; it cannot be edited."))
        if timezone.now() - encounter.created_at > settings.edit_window:
            raise ValidationError(
                _(
                    "Visits can be edited for %(hours)d hours after they are logged. Void this one with a "
                    "reason and log it again."
                )
                % {"hours": settings.edit_window_hours}
            )
        clean = clean_visit(encounter.program, data, settings=settings, existing=encounter)
        before = _given(encounter)
        share_before = rollups.share_of(encounter, items=before)
        after = {item.pk: qty for item, qty in clean.lines}
        changes = {i: before.get(i, 0) - after.get(i, 0) for i in set(before) | set(after)}
        previous_participant = encounter.participant_id
        for name in (
            "participant",
            "occurred_at",
            "modality",
            "secondary_recipients",
            "syringes_collected",
            "collection_method",
            "collection_detail",
            "kit_outcome",
            "syringes_given",
            "naloxone_doses_given",
        ):
            setattr(encounter, name, getattr(clean, name))
        encounter.edited_at = timezone.now()
        encounter.save()
        EncounterItem.unscoped.filter(encounter=encounter).delete()
        EncounterService.unscoped.filter(encounter=encounter).delete()
        _write_lines(encounter, clean)
        flagged = record_movements(
            program=encounter.program,
            site=encounter.site,
            changes=changes,
            kind=MovementKind.CORRECTION,
            actor=actor,
            encounter=encounter,
            note="visit edited",
        )
        report = OverdoseReport.unscoped.filter(encounter=encounter, voided_at__isnull=True).first()
        label = _label(actor, device)
        if report is not None and clean.kit_outcome != KitOutcome.USED_OVERDOSE:
            void_report(report, actor=actor, reason="visit edited", actor_label=label)
        elif report is None and clean.overdose is not None:
            create_report(
                encounter=encounter, fields=clean.overdose, actor=actor, actor_label=label
            )
        elif report is not None and clean.overdose is not None:
            update_report(report, fields=clean.overdose, actor=actor, actor_label=label)
        _refresh_last_visit({previous_participant, encounter.participant_id})
        rollups.visit_edited(share_before, encounter, items=after, services=clean.services)
        log_event(
            "encounter.edit",
            actor=actor,
            actor_label=_label(actor, device),
            obj=encounter,
            extra={
                "before": {"items": {str(k): v for k, v in before.items()}},
                "after": _summary(clean),
            },
        )
    return VisitResult(encounter, created=False, recount_items=flagged)


def void_encounter(
    encounter: Encounter, *, actor, reason: str, late: bool = False, device=None
) -> Encounter:
    """Void a visit with a reason: it stays on record, leaves every count, and its items go back
    to the site's stock. After the edit window only ``late=True`` (coordinators) may void."""
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for voiding this visit."))
    if len(reason) > 300:
        raise ValidationError(_("Keep the reason under 300 characters."))
    settings = get_visit_settings(encounter.program)
    with transaction.atomic():
        encounter = (
            Encounter.unscoped.select_for_update(of=("self",))
            .select_related("site")
            .get(pk=encounter.pk)
        )
        if encounter.voided_at is not None:
            raise ValidationError(_("This visit was already voided."))
        if not late and timezone.now() - encounter.created_at > settings.edit_window:
            raise ValidationError(
                _("This visit is older than %(hours)d hours; ask a coordinator to void it.")
                % {"hours": settings.edit_window_hours}
            )
        encounter.voided_at = timezone.now()
        encounter.voided_by = actor if getattr(actor, "is_authenticated", False) else None
        encounter.void_reason = reason
        encounter.save(update_fields=["voided_at", "voided_by", "void_reason"])
        given = _given(encounter)
        record_movements(
            program=encounter.program,
            site=encounter.site,
            changes=given,
            kind=MovementKind.CORRECTION,
            actor=actor,
            encounter=encounter,
            note="visit voided",
        )
        for report in OverdoseReport.unscoped.filter(encounter=encounter, voided_at__isnull=True):
            void_report(report, actor=actor, reason=reason, actor_label=_label(actor, device))
        _refresh_last_visit({encounter.participant_id})
        rollups.visit_voided(encounter, items=given)
        log_event(
            "encounter.void",
            actor=actor,
            actor_label=_label(actor, device),
            obj=encounter,
            extra={"reason": reason},
        )
    return encounter


def _given(encounter: Encounter) -> dict[int, int]:
    lines = EncounterItem.unscoped.filter(encounter=encounter, direction=Direction.GIVEN)
    return dict(lines.values_list("item_id", "quantity"))


def _refresh_last_visit(participant_ids: set) -> None:
    for participant_id in participant_ids - {None}:
        last = Encounter.unscoped.filter(
            participant_id=participant_id, voided_at__isnull=True
        ).aggregate(last=Max("occurred_at"))["last"]
        Participant.unscoped.filter(pk=participant_id).update(last_visit_at=last)


def move_visits(sender, *, keep: Participant, drop: Participant, **kwargs) -> int:
    """Receiver of ``participant_merged``, run inside the merge's transaction: ``drop``'s
    visits become ``keep``'s, and so do its person-days in the rollups (a day both records
    visited counts one person). Returns the number of visits moved."""
    moved = Encounter.unscoped.filter(participant=drop).update(participant=keep)
    rollups.participant_merged(keep, drop)
    return moved


def save_visit_settings(
    settings: VisitSettings, *, container_sizes: list[dict], actor
) -> VisitSettings:
    """Store a program's window settings (the row is created on first save), audited."""
    settings.container_sizes = container_sizes
    with transaction.atomic():
        settings.save()
        log_event(
            "visit_settings.update",
            actor=actor,
            obj=settings,
            extra={
                "syringes_per_pound": str(settings.syringes_per_pound),
                "edit_window_hours": settings.edit_window_hours,
                "future_minutes": settings.future_minutes,
                "container_sizes": container_sizes,
            },
        )
    return settings
