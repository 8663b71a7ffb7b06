"""Building blocks for visit tests: a catalog, participants, and a visit input."""

from __future__ import annotations

import hashlib
import uuid
from itertools import count

from waypoint.demo.catalog import seed_catalog
from waypoint.encounters.validation import VisitInput
from waypoint.participants.models import Participant, ParticipantStatus
from waypoint.supplies.models import SupplyItem

_numbers = count(1)


def catalog(program) -> dict[str, SupplyItem]:
    """The demo catalog of ``program``, by a short key: kit, naloxone, strip, cookers, smoking."""
    items = {item.name: item for item in seed_catalog(program)}
    return {
        "kit": items["Syringe kit, 10 × 1 mL 28G"],
        "box": items["Syringes, 1 mL 29G (box of 100)"],
        "naloxone": items["Naloxone nasal spray 4 mg (2 doses)"],
        "strip": items["Fentanyl test strip"],
        "cookers": items["Cookers"],
        "smoking": items["Safer smoking kit"],
        "condoms": items["Condoms"],
    }


def participant(program, *, status=ParticipantStatus.ACTIVE, alias="", **fields) -> Participant:
    n = next(_numbers)
    code = fields.pop("code", f"TEST{n:05d}")
    return Participant.unscoped.create(
        program=program,
        code=code,
        card_number=fields.pop("card_number", f"{700000 + n}"),
        alias=alias,
        status=status,
        network_key=hashlib.sha256(code.encode()).hexdigest(),
        **fields,
    )


def visit(site, *, participant=None, items=None, **fields) -> VisitInput:
    """A visit at ``site``; ``items`` maps SupplyItem to quantity."""
    return VisitInput(
        client_uuid=fields.pop("client_uuid", uuid.uuid4()),
        site_id=site.pk,
        participant_id=participant.pk if participant is not None else None,
        items={item.pk: qty for item, qty in (items or {}).items()},
        **fields,
    )


def device(program, role="staff") -> tuple[str, object]:
    """A device token of ``program`` acting as ``role``: (raw token, DeviceToken)."""
    from waypoint.accounts.models import DeviceToken, new_token

    raw, token_hash = new_token()
    token = DeviceToken.unscoped.create(
        program=program,
        name=f"Outreach phone ({role})",
        role=role,
        token_hash=token_hash,
        prefix=raw[:8],
    )
    return raw, token
