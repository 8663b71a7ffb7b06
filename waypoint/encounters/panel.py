"""What the window's panel shows: search results, a participant's visit form, or why not.

Shared by the full page (no JavaScript) and the htmx partials, so both show the same.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from waypoint.core.models import Modality, Role
from waypoint.overdoses.forms import age_choices, reversal_questions
from waypoint.participants.models import Participant
from waypoint.participants.queries import find_for_window

from .forms import FormValues
from .models import CollectionMethod, KitOutcome, VisitService
from .queries import last_visit, open_sites, window_catalog
from .validation import ensure_can_visit, get_visit_settings

SEARCH_LIMIT = 8


def enrol_url() -> str | None:
    try:
        return reverse("participants:enrol")
    except NoReverseMatch:
        return None


def normalize(query: str) -> str:
    return "".join(query.split()).upper()


def search_context(request, query: str, *, select: bool) -> dict:
    """Matches for ``query``; with ``select`` (Enter pressed), an exact card number or code
    opens that participant's visit form directly."""
    query = query.strip()[:60]
    if not query:
        return {}
    results = find_for_window(request.program, query, limit=SEARCH_LIMIT)
    wanted = normalize(query)
    if select and results:
        first = results[0]
        if normalize(first.card_number) == wanted or normalize(first.code) == wanted:
            return participant_context(request, first, focus="save")
    return {"results": results, "query": query}


def participant_context(request, participant: Participant | None, **kwargs) -> dict:
    """The visit form for ``participant``, or the reason no visit can be logged for them."""
    if participant is None:
        return {"blocked": True, "blocked_reason": None}
    try:
        ensure_can_visit(participant)
    except ValidationError as exc:
        return {"blocked": True, "blocked_reason": exc.messages[0], "participant": participant}
    return visit_form_context(request, participant=participant, **kwargs)


def visit_form_context(
    request,
    *,
    participant: Participant | None,
    values: FormValues | None = None,
    errors: dict | None = None,
    prefill_last: bool = False,
    client_uuid: str | None = None,
    focus: str = "",
) -> dict:
    """Everything the visit form needs, in a fixed number of queries."""
    program = request.program
    catalog = window_catalog(program)
    last = last_visit(participant) if participant is not None else None
    last_lines = list(last.items.all()) if last is not None else []
    last_qty = {line.item_id: line.quantity for line in last_lines}
    sites = open_sites(program)
    default_site = request.site.pk if request.site is not None else (sites[0].pk if sites else None)
    if values is None:
        values = FormValues(site_id=default_site)
        if prefill_last and last is not None:
            values.items = dict(last_qty)
            values.secondary_recipients = last.secondary_recipients
            focus = "save"
    site = next((s for s in sites if s.pk == values.site_id), None)
    if not values.modality:
        values.modality = (
            site.kind if site is not None and site.kind in Modality.values else Modality.FIXED
        )
    rows = [
        {"item": item, "value": values.items.get(item.pk, 0), "last": last_qty.get(item.pk, 0)}
        for item in catalog
    ]
    settings = get_visit_settings(program)
    return {
        "form": {
            "participant": participant,
            "last": last,
            "last_lines": last_lines,
            "quick": [row for row in rows if row["item"].is_quick],
            "more": [row for row in rows if not row["item"].is_quick],
            "more_open": any(row["value"] for row in rows if not row["item"].is_quick),
            "values": values,
            "errors": errors or {},
            "error_messages": [
                message for messages in (errors or {}).values() for message in messages
            ],
            "client_uuid": client_uuid or str(uuid.uuid4()),
            "sites": sites,
            "modalities": Modality.choices,
            "services": VisitService.choices,
            "collection_methods": CollectionMethod.choices[1:],
            "kit_outcomes": KitOutcome.choices,
            "containers": settings.container_sizes,
            "syringes_per_pound": settings.syringes_per_pound,
            "reversal": reversal_questions(values.overdose),
            "age_bands": age_choices(),
            "focus": focus,
            "can_see_history": request.membership.has_role(Role.STAFF),
        }
    }
