"""API: log visits (idempotent by client UUID), list them, void them."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import ErrorOut
from waypoint.core.api_errors import InvalidInputOut as InvalidOut
from waypoint.core.models import Modality, Role
from waypoint.overdoses.models import AgeBand, DosesUsed, Relationship, Setting

from . import services
from .models import Encounter, KitOutcome, VisitService
from .queries import get_visit, get_visit_for, record_visit_read, record_visits_shown, with_lines
from .validation import (
    MAX_CONTAINERS,
    MAX_COUNTED,
    MAX_POUNDS,
    MAX_SECONDARY_RECIPIENTS,
    NOT_FOUND,
    VisitInput,
)

MAX_ID = 2**53
MAX_QUANTITY = 100_000

router = Router(tags=["visits"])


# 404: a site, participant, item or visit that is not in the caller's program.
# 409: well-formed, but refused by the program's rules (a closed record, more than an
# item's per-visit limit, a time in the future…); ``detail`` says what to change.
ANSWERS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: InvalidOut}
# With a JSON body: 400 when the body is not JSON at all.
ANSWERS_WITH_BODY = {**ANSWERS, 400: ErrorOut}

ID = Field(..., ge=1, le=MAX_ID)
NO_NUL = r"^[^\x00]*$"  # the one character no database text column accepts

Service = Literal[tuple(VisitService.values)]
Outcome = Literal[("", *KitOutcome.values)]
Mode = Literal[("", *Modality.values)]


class LineIn(Schema):
    item_id: int = ID
    quantity: int = Field(
        ..., ge=0, le=MAX_QUANTITY, description="Units given (a kit counts as one unit)."
    )


class ReturnsIn(Schema):
    method: Literal["count", "container", "weight"]
    count: int | None = Field(None, ge=0, le=MAX_COUNTED)
    container: str = Field(
        "", max_length=40, pattern=NO_NUL, description="One of the program's container sizes."
    )
    containers: int | None = Field(None, ge=0, le=MAX_CONTAINERS)
    pounds: float | None = Field(
        None, ge=0, le=float(MAX_POUNDS), description="Rounded to 0.01 lb."
    )


class ReversalIn(Schema):
    """The participant-reported reversal (STANDARDS §4). Every answer is optional."""

    occurred_on: dt.date | None = None
    area: str = Field("", max_length=60, pattern=NO_NUL)
    relationship: Literal[("", *Relationship.values)] = ""
    setting: Literal[("", *Setting.values)] = ""
    naloxone_doses: Literal[("", *DosesUsed.values)] = ""
    naloxone_worked: bool | None = None
    called_911: bool | None = None
    ems_arrived: bool | None = None
    rescue_breathing: bool | None = None
    stayed_with_person: bool | None = None
    transported: bool | None = None
    person_age: Literal[("", *AgeBand.values)] = ""
    person_gender: str = Field("", max_length=30, pattern=NO_NUL)


class VisitIn(Schema):
    client_uuid: uuid.UUID = Field(
        ..., description="Chosen by the client; a replay returns the same visit."
    )
    site_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Required for devices; a session defaults to its current site.",
    )
    participant_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Empty for an anonymous visit."
    )
    occurred_at: dt.datetime | None = Field(
        None, description="Defaults to now; must include a time zone."
    )
    modality: Mode = Field("", description="Defaults to the site's kind.")
    items: list[LineIn] = Field([], max_length=200)
    secondary_recipients: int = Field(0, ge=0, le=MAX_SECONDARY_RECIPIENTS)
    services: list[Service] = Field([], max_length=len(VisitService.values))
    returns: ReturnsIn | None = None
    kit_outcome: Outcome = ""
    reversal: ReversalIn | None = Field(None, description="Only with kit_outcome used_overdose.")


class LineOut(Schema):
    item_id: int
    name: str
    quantity: int


class VisitOut(Schema):
    id: int
    client_uuid: uuid.UUID
    site_id: int
    participant_id: int | None
    occurred_at: dt.datetime
    modality: str
    items: list[LineOut]
    syringes_given: int
    naloxone_doses_given: int
    syringes_collected: int
    collection_method: str
    secondary_recipients: int
    services: list[str]
    kit_outcome: str
    voided_at: dt.datetime | None
    void_reason: str
    recount_item_ids: list[int] = Field(
        [], description="Items now below zero at the site: flagged for a recount."
    )


class VoidIn(Schema):
    reason: str = Field(
        "", max_length=300, pattern=NO_NUL, description="Required: why the visit is voided."
    )


class VisitFilters(Schema):
    participant_id: int | None = Field(None, ge=1, le=MAX_ID)
    site_id: int | None = Field(None, ge=1, le=MAX_ID)
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    include_voided: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


def _out(encounter: Encounter, recount: set[int] | None = None, clean=None) -> VisitOut:
    if clean is not None:
        lines = [
            LineOut(item_id=item.pk, name=item.name, quantity=qty) for item, qty in clean.lines
        ]
        services = clean.services
    else:
        lines = [
            LineOut(item_id=li.item_id, name=li.item.name, quantity=li.quantity)
            for li in encounter.items.all()
        ]
        services = [s.service for s in encounter.services.all()]
    return VisitOut(
        id=encounter.pk,
        client_uuid=encounter.client_uuid,
        site_id=encounter.site_id,
        participant_id=encounter.participant_id,
        occurred_at=encounter.occurred_at,
        modality=encounter.modality,
        items=lines,
        syringes_given=encounter.syringes_given,
        naloxone_doses_given=encounter.naloxone_doses_given,
        syringes_collected=encounter.syringes_collected,
        collection_method=encounter.collection_method,
        secondary_recipients=encounter.secondary_recipients,
        services=services,
        kit_outcome=encounter.kit_outcome,
        voided_at=encounter.voided_at,
        void_reason=encounter.void_reason,
        recount_item_ids=sorted(recount or ()),
    )


def _refused(exc: ValidationError) -> Status:
    """404 when something named is not in the program, else 409; every reason in ``detail``."""
    problems = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    errors = [error for group in problems for error in group]
    status = 404 if any(error.code == NOT_FOUND for error in errors) else 409
    return Status(
        status, {"detail": " ".join(message for error in errors for message in error.messages)}
    )


def _input(payload: VisitIn, request) -> VisitInput:
    items: dict[int, int] = {}
    for line in payload.items:
        items[line.item_id] = items.get(line.item_id, 0) + line.quantity
    site_id = payload.site_id
    if (
        site_id is None
        and getattr(request, "site", None) is not None
        and request.auth.device is None
    ):
        site_id = request.site.pk
    returns = payload.returns
    return VisitInput(
        client_uuid=payload.client_uuid,
        site_id=site_id,
        participant_id=payload.participant_id,
        occurred_at=payload.occurred_at,
        modality=payload.modality,
        items=items,
        secondary_recipients=payload.secondary_recipients,
        services=payload.services,
        collection_method=returns.method if returns else "",
        collected_count=returns.count if returns else None,
        container=returns.container if returns else "",
        containers=returns.containers if returns else None,
        pounds=Decimal(f"{returns.pounds:.2f}") if returns and returns.pounds is not None else None,
        kit_outcome=payload.kit_outcome,
        overdose=payload.reversal.dict() if payload.reversal else None,
    )


def _reload(pk: int) -> Encounter:
    return get_visit(pk).get()


@router.post(
    "/visits",
    response={201: VisitOut, 200: VisitOut, **ANSWERS_WITH_BODY},
    summary="Log a visit (201), or get the stored one back for a replayed client_uuid (200)",
)
@api_role(Role.PEER)
def create_visit(request, payload: VisitIn):
    principal = request.auth
    try:
        result = services.log_encounter(
            principal.program,
            _input(payload, request),
            actor=principal.user,
            device=principal.device,
        )
    except services.DuplicateVisit as exc:
        raise HttpError(
            409,
            _("This client_uuid was already used for a different visit (%(id)d). Use a new one.")
            % {"id": exc.encounter.pk},
        ) from None
    except ValidationError as exc:
        return _refused(exc)
    if result.created:
        return Status(201, _out(result.encounter, result.recount_items, result.clean))
    stored = _reload(result.encounter.pk)
    # A replay sends the stored visit back: a read, audited like one.
    record_visit_read(request.auth, stored, replay=True)
    return Status(200, _out(stored))


@router.get("/visits", response={200: list[VisitOut], **ANSWERS}, summary="Visits, newest first")
@api_role(Role.STAFF)
def list_visits(request, filters: Query[VisitFilters]):
    rows = list(_visits(filters)[filters.offset : filters.offset + filters.limit])
    record_visits_shown(
        request.auth,
        "encounter.list",
        rows,
        filters=filters.dict(exclude_defaults=True, mode="json"),
    )
    return [_out(encounter) for encounter in rows]


def _visits(filters: VisitFilters):
    visits = Encounter.objects.select_related("site").order_by("-occurred_at", "-id")
    if filters.participant_id is not None:
        visits = visits.filter(participant_id=filters.participant_id)
    if filters.site_id is not None:
        visits = visits.filter(site_id=filters.site_id)
    if filters.since is not None:
        visits = visits.filter(occurred_at__gte=filters.since)
    if filters.until is not None:
        visits = visits.filter(occurred_at__lt=filters.until)
    if not filters.include_voided:
        visits = visits.filter(voided_at__isnull=True)
    return with_lines(visits)


@router.get("/visits/{encounter_id}", response={200: VisitOut, **ANSWERS}, summary="One visit")
@api_role(Role.STAFF)
def get_visit_view(request, encounter_id: int):
    return _out(get_visit_for(request.auth, encounter_id))


@router.post(
    "/visits/{encounter_id}/void",
    response={200: VisitOut, **ANSWERS_WITH_BODY},
    summary="Void a visit with a reason; its items go back to the site's stock",
)
@api_role(Role.STAFF)
def void_visit(request, encounter_id: int, payload: VoidIn):
    encounter = get_visit(encounter_id).first()
    if encounter is None:
        raise Http404
    principal = request.auth
    try:
        services.void_encounter(
            encounter,
            actor=principal.user,
            device=principal.device,
            reason=payload.reason,
            late=principal.role.at_least(Role.COORDINATOR),
        )
    except ValidationError as exc:
        return _refused(exc)
    return _out(_reload(encounter.pk))
