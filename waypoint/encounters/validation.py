"""Checking a visit before it is stored. Every refusal says what was wrong and what to do.

The same checks serve the window form, the API and offline sync: each turns its input
into a ``VisitInput``; ``clean_visit`` returns a ``CleanVisit`` or raises a
``ValidationError`` keyed by field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.core.models import Modality, Site
from waypoint.overdoses.services import clean_report_fields
from waypoint.participants.models import Participant, ParticipantStatus
from waypoint.supplies.models import SupplyItem

from .models import CollectionMethod, KitOutcome, VisitService, VisitSettings

MAX_SECONDARY_RECIPIENTS = 50
MAX_COUNTED = 20_000
MAX_CONTAINERS = 20
MAX_POUNDS = Decimal("50")
MAX_PAST = dt.timedelta(days=366)
# The error code of a site, participant or item that is not in the program (API: 404).
NOT_FOUND = "not_found"


@dataclass
class VisitInput:
    """What a person or a device sent, before checking. ``items`` maps item id to units given."""

    client_uuid: uuid.UUID
    site_id: int | None = None
    participant_id: int | None = None
    occurred_at: dt.datetime | None = None
    modality: str = ""
    items: dict[int, int] = field(default_factory=dict)
    secondary_recipients: int = 0
    services: list[str] = field(default_factory=list)
    collection_method: str = ""
    collected_count: int | None = None
    container: str = ""
    containers: int | None = None
    pounds: Decimal | None = None
    kit_outcome: str = ""
    overdose: dict | None = None

    def fingerprint(self) -> str:
        """A hash of the request's content: a replay of the same client_uuid must match it."""
        data = asdict(self)
        data.pop("client_uuid")
        data["items"] = sorted((int(k), int(v)) for k, v in self.items.items() if v)
        data["services"] = sorted(set(self.services))
        raw = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class CleanVisit:
    site: Site
    participant: Participant | None
    occurred_at: dt.datetime
    modality: str
    lines: list[tuple[SupplyItem, int]]
    secondary_recipients: int
    services: list[str]
    syringes_collected: int
    collection_method: str
    collection_detail: dict
    kit_outcome: str
    overdose: dict | None

    @property
    def syringes_given(self) -> int:
        return sum(item.syringes_per_unit * qty for item, qty in self.lines)

    @property
    def naloxone_doses_given(self) -> int:
        return sum(item.naloxone_doses_per_unit * qty for item, qty in self.lines)


def get_visit_settings(program) -> VisitSettings:
    return VisitSettings.objects.filter(program=program).first() or VisitSettings(program=program)


def check_participant(program, participant_id: int | None) -> Participant | None:
    """The participant a new visit may be logged for, or a ValidationError saying why not."""
    if participant_id is None:
        return None
    participant = Participant.objects.filter(program=program, pk=participant_id).first()
    if participant is None:
        raise ValidationError(
            _("That participant is not in this program's records. Search again."), code=NOT_FOUND
        )
    ensure_can_visit(participant)
    return participant


def ensure_can_visit(participant: Participant) -> None:
    """Raise a ValidationError that says why a new visit cannot go on this record."""
    if participant.can_visit:
        return
    if participant.status == ParticipantStatus.MERGED and participant.merged_into_id is not None:
        raise ValidationError(
            _("This record was merged into %(code)s. Log the visit on that record.")
            % {"code": participant.merged_into.code}
        )
    if participant.status == ParticipantStatus.OPTED_OUT:
        raise ValidationError(
            _("This participant asked not to be recorded. Log the visit as anonymous instead.")
        )
    if participant.status == ParticipantStatus.DECEASED:
        raise ValidationError(
            _("This record is marked deceased. A new visit cannot be added to it.")
        )
    raise ValidationError(
        _("This record cannot take new visits (%(status)s).")
        % {"status": participant.get_status_display()}
    )


def clean_visit(
    program,
    data: VisitInput,
    *,
    settings: VisitSettings,
    now: dt.datetime | None = None,
    existing=None,
) -> CleanVisit:
    """Check every part of a visit; raise one ValidationError listing every problem.

    ``existing`` is the visit being edited: its site stays, and its participant is kept
    without the status check (a record merged since can still have its visit corrected).
    """
    now = now or timezone.now()
    errors: dict[str, list[ValidationError]] = {}

    def fail(key: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(key, []).append(ValidationError(message, code=code))

    site = existing.site if existing is not None else None
    if existing is None and data.site_id is None:
        fail("site", _("Say which site the visit was at."), "required")
    elif existing is None:
        site = Site.objects.filter(program=program, pk=data.site_id, is_active=True).first()
        if site is None:
            fail("site", _("Choose one of this program's open sites."), NOT_FOUND)

    participant = None
    if (
        existing is not None
        and data.participant_id is not None
        and data.participant_id == existing.participant_id
    ):
        participant = existing.participant
    else:
        try:
            participant = check_participant(program, data.participant_id)
        except ValidationError as exc:
            fail("participant", exc.messages[0], exc.error_list[0].code or "invalid")

    # No time given means now: nothing to check (and no settings to read).
    occurred_at = data.occurred_at or now
    if data.occurred_at is not None:
        _check_time(occurred_at, now, settings, fail)

    modality = data.modality or (site.kind if site is not None else "")
    if modality not in Modality.values:
        fail("modality", _("Choose how the person was served."))

    lines = _clean_lines(program, data.items, fail)

    if not 0 <= data.secondary_recipients <= MAX_SECONDARY_RECIPIENTS:
        fail(
            "secondary_recipients",
            _("People supplied through this participant must be between 0 and %(max)d.")
            % {"max": MAX_SECONDARY_RECIPIENTS},
        )
    unknown = [s for s in data.services if s not in VisitService.values]
    if unknown:
        fail("services", _("Unknown service: %(names)s.") % {"names": ", ".join(unknown)})

    collected, detail = _clean_collection(data, settings, fail)

    if data.kit_outcome not in ("", *KitOutcome.values):
        fail("kit_outcome", _("Choose what happened to the last naloxone kit."))
    # "Used in an overdose" always makes a report (it counts a reversal), with whatever
    # the participant chose to tell.
    overdose = None
    if data.overdose and data.kit_outcome != KitOutcome.USED_OVERDOSE:
        fail("overdose", _("A reversal report goes with a kit that was used in an overdose."))
    elif data.kit_outcome == KitOutcome.USED_OVERDOSE:
        try:
            overdose = clean_report_fields(data.overdose or {}, today=timezone.localdate(now))
        except ValidationError as exc:
            for message in exc.messages:
                fail("overdose", message)

    if errors:
        raise ValidationError(errors)
    return CleanVisit(
        site=site,
        participant=participant,
        occurred_at=occurred_at,
        modality=modality,
        lines=lines,
        secondary_recipients=data.secondary_recipients,
        services=sorted(set(data.services)),
        syringes_collected=collected,
        collection_method=data.collection_method if collected else "",
        collection_detail=detail,
        kit_outcome=data.kit_outcome,
        overdose=overdose,
    )


def _check_time(occurred_at: dt.datetime, now: dt.datetime, settings: VisitSettings, fail) -> None:
    if timezone.is_naive(occurred_at):
        fail("occurred_at", _("Give the visit time with a time zone."))
    elif occurred_at > now + dt.timedelta(minutes=settings.future_minutes):
        fail("occurred_at", _("The visit time is in the future. Check the date and time."))
    elif occurred_at < now - MAX_PAST:
        fail("occurred_at", _("The visit time is more than a year ago. Check the date."))


def _clean_lines(program, items: dict[int, int], fail) -> list[tuple[SupplyItem, int]]:
    wanted = {int(item_id): qty for item_id, qty in items.items()}
    if any(qty < 0 for qty in wanted.values()):
        fail("items", _("A quantity cannot be negative. Use 0 for nothing given."))
    wanted = {item_id: qty for item_id, qty in wanted.items() if qty > 0}
    if not wanted:
        return []
    found = {item.pk: item for item in SupplyItem.objects.filter(program=program, pk__in=wanted)}
    lines = []
    for item_id, qty in sorted(wanted.items()):
        item = found.get(item_id)
        if item is None:
            fail(
                "items",
                _("Item %(id)s is not in this program's catalog.") % {"id": item_id},
                NOT_FOUND,
            )
        elif not item.is_active:
            fail(
                "items",
                _("%(item)s is no longer handed out. Remove it from the visit.")
                % {"item": item.name},
            )
        elif qty > item.max_per_visit:
            fail(
                "items",
                _(
                    "%(item)s: %(qty)d is more than the %(max)d this program gives in one visit. "
                    "Check the number, or ask a coordinator to raise the limit."
                )
                % {"item": item.name, "qty": qty, "max": item.max_per_visit},
            )
        else:
            lines.append((item, qty))
    return lines


def _clean_collection(data: VisitInput, settings: VisitSettings, fail) -> tuple[int, dict]:
    method = data.collection_method
    if method not in CollectionMethod.values:
        fail("collection", _("Choose how returned syringes were measured."))
        return 0, {}
    if method == CollectionMethod.COUNT:
        count = data.collected_count or 0
        if not 0 <= count <= MAX_COUNTED:
            fail(
                "collection",
                _(
                    "Returned syringes must be between 0 and %(max)d. For a large return, "
                    "weigh it or count containers."
                )
                % {"max": MAX_COUNTED},
            )
            return 0, {}
        return count, ({"count": count} if count else {})
    if method == CollectionMethod.CONTAINER:
        capacity = settings.container_capacity(data.container)
        containers = data.containers or 0
        if capacity is None:
            fail("collection", _("Choose one of the program's container sizes."))
            return 0, {}
        if not 0 <= containers <= MAX_CONTAINERS:
            fail(
                "collection",
                _("Number of containers must be between 0 and %(max)d.") % {"max": MAX_CONTAINERS},
            )
            return 0, {}
        return capacity * containers, (
            {"container": data.container, "containers": containers} if containers else {}
        )
    if method == CollectionMethod.WEIGHT:
        pounds = data.pounds if data.pounds is not None else Decimal(0)
        if not Decimal(0) <= pounds <= MAX_POUNDS:
            fail(
                "collection",
                _("Weight must be between 0 and %(max)s pounds.") % {"max": MAX_POUNDS},
            )
            return 0, {}
        estimate = int(
            (pounds * settings.syringes_per_pound).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
        return estimate, ({"pounds": str(pounds)} if pounds else {})
    return 0, {}
