"""Program A objects for the suite-wide access test (tests/test_access.py)."""

from __future__ import annotations

import secrets


def _participant(world) -> int:
    from .factories import ParticipantFactory

    return ParticipantFactory(program=world.program, code=f"AC{secrets.token_hex(6).upper()}").pk


def _card_token(world) -> str:
    from waypoint.core.scoping import program_scope
    from waypoint.participants.services import issue_card

    from .factories import ParticipantFactory

    with program_scope(world.program):
        participant = ParticipantFactory(
            program=world.program, code=f"CT{secrets.token_hex(6).upper()}"
        )
        return issue_card(participant, actor=world.owner).token


OBJECTS = {"participant_id": _participant, "token": _card_token}
