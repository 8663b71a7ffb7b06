"""API: search, enrol and read participants of the caller's program."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import REFUSALS_FOR_BODY, REFUSALS_FOR_ID
from waypoint.core.models import Role

from . import services, uic
from .models import Participant
from .queries import (
    find_for_window,
    get_participant_for,
    record_shown,
    settings_for,
    visit_block_reason,
)

router = Router(tags=["participants"])

_TEXT = r"^[^\x00]*$"


class ParticipantOut(Schema):
    id: int
    code: str
    card_number: str
    alias: str
    birth_year: int | None
    gender: str
    zip_code: str
    status: str
    can_visit: bool
    blocked_reason: str
    last_visit_at: str | None


class ParticipantIn(Schema):
    """A code, or the answers to the program's recipe questions (component key → answer)."""

    code: str = Field("", max_length=60, pattern=_TEXT)
    answers: dict[str, str] = Field(default_factory=dict)
    different_person: bool = False
    alias: str = Field("", max_length=60, pattern=_TEXT)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    gender: str = Field("", max_length=30, pattern=_TEXT)
    zip_code: str = Field("", max_length=10, pattern=r"^(\d{5}(-\d{4})?)?$")


class RefusedOut(Schema):
    """409: the request was well-formed but cannot be carried out; ``existing_id`` names
    the record that already has the code, when that is the reason."""

    detail: str
    existing_id: int | None = None


def _out(p: Participant) -> ParticipantOut:
    return ParticipantOut(
        id=p.pk,
        code=p.code,
        card_number=p.card_number,
        alias=p.alias,
        birth_year=p.birth_year,
        gender=p.gender,
        zip_code=p.zip_code,
        status=p.status,
        can_visit=p.can_visit,
        blocked_reason=visit_block_reason(p),
        last_visit_at=p.last_visit_at.isoformat() if p.last_visit_at else None,
    )


@router.get(
    "/participants",
    response={200: list[ParticipantOut], **REFUSALS_FOR_ID},
    summary="Find participants by card number, code, code prefix or alias",
)
@api_role(Role.PEER)
def search_participants(request, q: str = Query("", max_length=60)):
    program = request.auth.program
    found = find_for_window(program, q, limit=20)
    # The query itself may be a code: only what was returned is kept.
    record_shown(request.auth, "participant.search", found)
    return [_out(p) for p in found]


@router.post(
    "/participants",
    response={201: ParticipantOut, 409: RefusedOut, **REFUSALS_FOR_BODY},
    summary="Enrol a participant from a code or the recipe answers",
)
@api_role(Role.PEER)
def create_participant(request, payload: ParticipantIn):
    program = request.auth.program
    recipe = settings_for(program).get_recipe()
    fallbacks: list[str] = []
    code = uic.normalize(payload.code)
    if not code:
        if not payload.answers:
            return Status(
                409, RefusedOut(detail=_("Send a code, or the answers to the code questions."))
            )
        try:
            built = uic.build_code(recipe, {k: v[:60] for k, v in payload.answers.items()})
        except uic.AnswerError as exc:
            return Status(409, RefusedOut(detail=f"{exc.field}: {exc.message}"))
        code, fallbacks = built.code, built.fallbacks
    optional = payload.dict(include={"alias", "birth_year", "gender", "zip_code"})
    try:
        participant = services.enrol_participant(
            program,
            actor=request.auth.user,
            code=code,
            fallback_parts=fallbacks,
            different_person=payload.different_person,
            **optional,
        )
    except services.DuplicateCode as exc:
        return Status(409, RefusedOut(detail=exc.message, existing_id=exc.existing.pk))
    except services.ParticipantError as exc:
        return Status(409, RefusedOut(detail=exc.message))
    return Status(201, _out(participant))


@router.get(
    "/participants/{participant_id}",
    response={200: ParticipantOut, **REFUSALS_FOR_ID},
    summary="One participant",
)
@api_role(Role.PEER)
def get_participant(request, participant_id: int):
    return _out(get_participant_for(request.auth, participant_id))
