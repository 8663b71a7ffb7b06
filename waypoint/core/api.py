"""API: who am I (the caller's program and role)."""

from __future__ import annotations

from ninja import Router, Schema

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import REFUSALS

from .models import Role

router = Router(tags=["program"])


class MeOut(Schema):
    program_id: int
    program_name: str
    role: str
    actor: str


@router.get("/me", response={200: MeOut, **REFUSALS}, summary="The caller's program and role")
@api_role(Role.VIEWER)
def me(request):
    principal = request.auth
    return MeOut(
        program_id=principal.program.pk,
        program_name=principal.program.name,
        role=principal.role.value,
        actor=principal.label,
    )
