"""Visit history, one visit, corrections and voids (staff), and the window settings (coordinators).

A page that shows visits writes one audit event before it is rendered.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import Principal, program_role
from waypoint.core.models import Role
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant

from . import services
from .forms import FormError, parse_visit_form, values_from_encounter
from .panel import visit_form_context
from .queries import (
    get_visit,
    get_visit_for,
    participant_history,
    record_visit_read,
    record_visits_shown,
)
from .settings_form import VisitSettingsForm, clean_containers, container_rows
from .validation import get_visit_settings


def _visit(encounter_id: int):
    encounter = get_visit(encounter_id).first()
    if encounter is None:
        raise Http404(_("No such visit in this program."))
    return encounter


@program_role(Role.STAFF)
@require_GET
def history(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects, pk=participant_id)
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    visits, more = participant_history(participant, page=page)
    record_visits_shown(
        Principal.of(request), "encounter.history", visits, obj=participant, page=page
    )
    return render(
        request,
        "encounters/history.html",
        {"participant": participant, "visits": visits, "page": page, "more": more},
    )


@program_role(Role.STAFF)
@require_GET
def detail(request: HttpRequest, encounter_id: int) -> HttpResponse:
    encounter = get_visit_for(Principal.of(request), encounter_id)
    reports = OverdoseReport.objects.filter(encounter=encounter)
    return render(
        request,
        "encounters/detail.html",
        {
            "visit": encounter,
            "reports": reports,
            "can_edit": services.can_still_edit(encounter),
            "can_void": encounter.voided_at is None
            and (
                services.can_still_edit(encounter) or request.membership.has_role(Role.COORDINATOR)
            ),
        },
    )


@program_role(Role.STAFF)
def edit(request: HttpRequest, encounter_id: int) -> HttpResponse:
    encounter = _visit(encounter_id)
    if not services.can_still_edit(encounter):
        messages.error(
            request,
            _("This visit can no longer be edited. Void it with a reason and log it again."),
        )
        return redirect("encounters:detail", encounter_id=encounter.pk)
    report = OverdoseReport.objects.filter(encounter=encounter, voided_at__isnull=True).first()
    values, errors = values_from_encounter(encounter, report), None
    if request.method == "POST":
        try:
            data, values = parse_visit_form(request.POST, default_site_id=encounter.site_id)
            original = values_from_encounter(encounter).occurred_at
            if values.occurred_at == original:
                data.occurred_at = encounter.occurred_at
            services.edit_encounter(encounter, data, actor=request.user)
        except ValidationError as exc:
            values = exc.values if isinstance(exc, FormError) else values
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"form": exc.messages}
        else:
            messages.success(request, _("Visit corrected."))
            return redirect("encounters:detail", encounter_id=encounter.pk)
    context = visit_form_context(
        request,
        participant=encounter.participant,
        values=values,
        errors=errors,
        client_uuid=str(encounter.client_uuid),
        focus="errors" if errors else "",
    )
    context["form"]["editing"] = encounter
    last = context["form"]["last"]  # the participant's latest visit, shown in the form
    shown = {"last_visit": last.pk} if last is not None and last.pk != encounter.pk else {}
    record_visit_read(Principal.of(request), encounter, page="edit", **shown)
    return render(request, "encounters/edit.html", context, status=422 if errors else 200)


@program_role(Role.STAFF)
@require_POST
def void(request: HttpRequest, encounter_id: int) -> HttpResponse:
    encounter = _visit(encounter_id)
    try:
        services.void_encounter(
            encounter,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            late=request.membership.has_role(Role.COORDINATOR),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Visit voided. Its items went back to the site's stock."))
    return redirect("encounters:detail", encounter_id=encounter.pk)


@program_role(Role.COORDINATOR)
def window_settings(request: HttpRequest) -> HttpResponse:
    current = get_visit_settings(request.program)
    form = VisitSettingsForm(request.POST or None, instance=current)
    rows = container_rows(request.POST if request.method == "POST" else None, current)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(_("Check the highlighted settings."))
            services.save_visit_settings(
                form.save(commit=False), container_sizes=clean_containers(rows), actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Window settings saved."))
            return redirect("encounters:settings")
    return render(
        request,
        "encounters/settings.html",
        {"form": form, "rows": rows},
    )
