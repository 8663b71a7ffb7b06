"""The walk-up window: find a participant (or none), log what was given, save.

Full pages work without JavaScript; with it, htmx swaps only the panel.
A panel that shows person-level records writes one audit event before it is rendered.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import Principal, program_role
from waypoint.core.middleware import set_current_site
from waypoint.core.models import Role
from waypoint.participants.models import Participant
from waypoint.supplies.models import SupplyItem

from .forms import FormError, parse_visit_form
from .panel import enrol_url, participant_context, search_context, visit_form_context
from .queries import record_panel
from .services import DuplicateVisit, VisitResult, log_encounter


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _audit_panel(request: HttpRequest, context: dict) -> None:
    """One read event for a panel showing a participant or search results."""
    form = context.get("form")
    participant = form["participant"] if form else context.get("participant")
    last = form["last"] if form else None
    record_panel(Principal.of(request), participant, last, context.get("results"))


def _panel(request: HttpRequest) -> dict:
    """The panel for the query string: a participant, an anonymous visit, or search results."""
    participant_id = _int(request.GET.get("participant"))
    if participant_id is not None:
        participant = Participant.objects.filter(pk=participant_id).first()
        prefill = request.GET.get("prefill") == "last"
        return participant_context(request, participant, prefill_last=prefill, focus="save")
    if request.GET.get("anonymous"):
        return visit_form_context(request, participant=None, focus="first-item")
    query = request.GET.get("q", "")
    return search_context(request, query, select=bool(request.GET.get("enter")))


@program_role(Role.PEER)
@require_GET
def window(request: HttpRequest) -> HttpResponse:
    context = _panel(request)
    _audit_panel(request, context)
    context.update(
        q=request.GET.get("q", "")[:60],
        enrol_url=enrol_url(),
        saved_id=_int(request.GET.get("saved")),
        can_edit=request.membership.has_role(Role.STAFF),
    )
    return render(request, "encounters/window.html", context)


@program_role(Role.PEER)
@require_GET
def panel(request: HttpRequest) -> HttpResponse:
    """The panel alone, for htmx; a plain request gets the whole page."""
    if not request.htmx:
        return redirect(f"{reverse('encounters:window')}?{request.GET.urlencode()}")
    context = _panel(request)
    _audit_panel(request, context)
    return render(request, "encounters/_panel.html", context)


@program_role(Role.PEER)
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    default_site = request.site.pk if request.site is not None else None
    values = None
    try:
        data, values = parse_visit_form(request.POST, default_site_id=default_site)
        result = log_encounter(request.program, data, actor=request.user)
    except DuplicateVisit as exc:
        messages.info(request, _("This visit was already saved."))
        return _saved_redirect(exc.encounter.pk)
    except ValidationError as exc:
        values = exc.values if isinstance(exc, FormError) else values
        return _refused(request, exc, values)
    if result.created:
        messages.success(request, _summary(result))
        _warn_recount(request, result)
        _follow_site(request, result.encounter.site)
    else:
        messages.info(request, _("This visit was already saved."))
    return _saved_redirect(result.encounter.pk)


def _follow_site(request: HttpRequest, site) -> None:
    """A visit saved at another site makes it the current site (and the one remembered
    at the next sign-in); the person is told."""
    changed = request.site is None or request.site.pk != site.pk
    set_current_site(request, site)
    if changed:
        messages.info(request, _("Now working at %(site)s.") % {"site": site.name})


def _saved_redirect(encounter_id: int) -> HttpResponse:
    return redirect(f"{reverse('encounters:window')}?{urlencode({'saved': encounter_id})}")


def _refused(request: HttpRequest, exc: ValidationError, values) -> HttpResponse:
    """Show the form again with what was typed, what was wrong, and the same client UUID."""
    participant_id = _int(request.POST.get("participant"))
    participant = Participant.objects.filter(pk=participant_id).first() if participant_id else None
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"form": exc.messages}
    if "participant" in errors or (participant_id and participant is None):
        context = participant_context(request, participant)
        context.setdefault("blocked_reason", " ".join(errors.get("participant", [])))
    else:
        context = visit_form_context(
            request,
            participant=participant,
            values=values,
            errors=errors,
            client_uuid=request.POST.get("client_uuid"),
            focus="errors",
        )
    _audit_panel(request, context)
    context.update(q="", enrol_url=enrol_url(), can_edit=request.membership.has_role(Role.STAFF))
    return render(request, "encounters/window.html", context, status=422)


def _summary(result: VisitResult) -> str:
    encounter = result.encounter
    lines = ", ".join(
        f"{line.quantity} × {line.item.name}" for line in encounter.items.select_related("item")
    )
    who = encounter.participant.code if encounter.participant else None
    if who and lines:
        return _("Visit saved for %(who)s: %(lines)s.") % {"who": who, "lines": lines}
    if who:
        return _("Visit saved for %(who)s.") % {"who": who}
    if lines:
        return _("Anonymous visit saved: %(lines)s.") % {"lines": lines}
    return _("Anonymous visit saved.")


def _warn_recount(request: HttpRequest, result: VisitResult) -> None:
    if not result.recount_items:
        return
    names = ", ".join(
        SupplyItem.objects.filter(pk__in=result.recount_items).values_list("name", flat=True)
    )
    messages.warning(
        request,
        ngettext(
            "The shelf count of %(items)s at %(site)s is now below zero. It is flagged for a recount.",
            "The shelf counts of %(items)s at %(site)s are now below zero. They are flagged for a recount.",
            len(result.recount_items),
        )
        % {"items": names, "site": result.encounter.site.name},
    )
