"""The window form: hand-written HTML, read here into a ``VisitInput``.

Field names: ``client_uuid``, ``participant``, ``site``, ``modality``, ``occurred_at``,
``item-<id>`` (units given), ``secondary_recipients``, ``services`` (repeated),
``collection_method``, ``collected_count``, ``container``, ``containers``, ``pounds``,
``kit_outcome`` and ``od-<field>`` for the reversal report.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.overdoses.models import TRI_STATE_FIELDS
from waypoint.overdoses.services import CHOICE_FIELDS, TEXT_FIELDS

from .models import KitOutcome
from .validation import VisitInput

MAX_FORM_NUMBER = 10**6


@dataclass
class FormValues:
    """What the form shows: the submitted values (after an error) or the defaults."""

    items: dict[int, int] = field(default_factory=dict)
    site_id: int | None = None
    modality: str = ""
    occurred_at: str = ""
    secondary_recipients: int = 0
    services: list[str] = field(default_factory=list)
    collection_method: str = ""
    collected_count: str = ""
    container: str = ""
    containers: str = ""
    pounds: str = ""
    kit_outcome: str = ""
    overdose: dict = field(default_factory=dict)


def parse_visit_form(post, *, default_site_id: int | None) -> tuple[VisitInput, FormValues]:
    """Read the posted form. Raises ValidationError (keyed by field) for values that are
    not numbers, dates or ids at all; range and ownership checks come later."""
    errors: dict[str, list[str]] = {}

    def number(name: str, value: str, key: str, *, allow_blank: bool = True) -> int | None:
        value = (value or "").strip()
        if value == "" and allow_blank:
            return None
        try:
            parsed = int(value)
        except ValueError:
            errors.setdefault(key, []).append(
                _("%(value)s is not a whole number.") % {"value": value[:20]}
            )
            return None
        if abs(parsed) > MAX_FORM_NUMBER:
            errors.setdefault(key, []).append(
                _("%(value)s is far too large. Check the number.") % {"value": parsed}
            )
            return None
        return parsed

    try:
        client_uuid = uuid.UUID(post.get("client_uuid", ""))
    except ValueError:
        errors.setdefault("form", []).append(
            _("This form is out of date. Reload the page and enter the visit again.")
        )
        client_uuid = uuid.uuid4()

    items = {}
    for key, value in post.items():
        if key.startswith("item-"):
            item_id = number("item", key[5:], "items", allow_blank=False)
            quantity = number("quantity", value, "items")
            if item_id is not None and quantity:
                items[item_id] = quantity

    values = FormValues(
        items=items,
        site_id=number("site", post.get("site", ""), "site") or default_site_id,
        modality=post.get("modality", ""),
        occurred_at=post.get("occurred_at", "").strip(),
        secondary_recipients=number(
            "recipients", post.get("secondary_recipients", ""), "secondary_recipients"
        )
        or 0,
        services=post.getlist("services"),
        collection_method=post.get("collection_method", ""),
        collected_count=post.get("collected_count", "").strip(),
        container=post.get("container", ""),
        containers=post.get("containers", "").strip(),
        pounds=post.get("pounds", "").strip(),
        kit_outcome=post.get("kit_outcome", ""),
        overdose={name[3:]: value for name, value in post.items() if name.startswith("od-")},
    )
    pounds = None
    if values.pounds:
        try:
            pounds = Decimal(values.pounds.replace(",", "."))
        except InvalidOperation:
            errors.setdefault("collection", []).append(_("Give the weight in pounds, like 1.5."))
    data = VisitInput(
        client_uuid=client_uuid,
        site_id=values.site_id,
        participant_id=number("participant", post.get("participant", ""), "participant"),
        occurred_at=_parse_time(values.occurred_at, errors),
        modality=values.modality,
        items=items,
        secondary_recipients=values.secondary_recipients,
        services=values.services,
        collection_method=values.collection_method,
        collected_count=number("count", values.collected_count, "collection"),
        container=values.container,
        containers=number("containers", values.containers, "collection"),
        pounds=pounds,
        kit_outcome=values.kit_outcome,
        overdose=_overdose(values) if values.kit_outcome == KitOutcome.USED_OVERDOSE else None,
    )
    if errors:
        raise FormError(errors, values)
    return data, values


class FormError(ValidationError):
    def __init__(self, errors, values: FormValues):
        super().__init__(errors)
        self.values = values


def _parse_time(raw: str, errors: dict) -> dt.datetime | None:
    if not raw:
        return None
    try:
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        errors.setdefault("occurred_at", []).append(_("Give the visit time as a date and time."))
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _overdose(values: FormValues) -> dict:
    raw = values.overdose
    answers: dict = {}
    for name in (*CHOICE_FIELDS, *TEXT_FIELDS):
        answers[name] = raw.get(name, "")
    for name in TRI_STATE_FIELDS:
        answers[name] = {"yes": True, "no": False}.get(raw.get(name, ""))
    answers["occurred_on"] = raw.get("occurred_on", "")
    return answers


def values_from_encounter(encounter, report=None) -> FormValues:
    """The form as it was filled in for ``encounter``, to correct it."""
    detail = encounter.collection_detail or {}
    local = timezone.localtime(encounter.occurred_at)
    overdose = {}
    if report is not None:
        for name in (*CHOICE_FIELDS, *TEXT_FIELDS):
            overdose[name] = getattr(report, name)
        for name in TRI_STATE_FIELDS:
            overdose[name] = {True: "yes", False: "no"}.get(getattr(report, name), "")
        overdose["occurred_on"] = report.occurred_on.isoformat() if report.occurred_on else ""
    return FormValues(
        items={line.item_id: line.quantity for line in encounter.items.all()},
        site_id=encounter.site_id,
        modality=encounter.modality,
        occurred_at=local.strftime("%Y-%m-%dT%H:%M"),
        secondary_recipients=encounter.secondary_recipients,
        services=[s.service for s in encounter.services.all()],
        collection_method=encounter.collection_method,
        collected_count=str(detail.get("count", "")),
        container=detail.get("container", ""),
        containers=str(detail.get("containers", "")),
        pounds=detail.get("pounds", ""),
        kit_outcome=encounter.kit_outcome,
        overdose=overdose,
    )
