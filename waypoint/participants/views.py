"""Participant pages: list, detail and its actions (enrolment is in ``enrol_views``).

Every response that shows person-level records writes one audit event before it is
rendered: the record read, or for a list the number of records shown and, as the
event's subjects, which.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from waypoint.core.access import Principal, program_role
from waypoint.core.models import Role

from . import consents, matching, services, uic
from .forms import ConsentForm, MergeForm, ParticipantEditForm, StatusForm
from .models import Consent, ConsentKind, Participant, ParticipantCard, ParticipantStatus
from .queries import (
    get_participant_for,
    list_participants,
    record_shown,
    settings_for,
    visit_block_reason,
)

PAGE = 50


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@program_role(Role.PEER)
@require_GET
def participant_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:60]
    status = request.GET.get("status", "")
    if status not in ParticipantStatus.values:
        status = ""
    rows = list(list_participants(request.program, query, status)[: PAGE + 1])
    filters = {"status": status} if status else {}
    record_shown(
        Principal.of(request),
        "participant.search" if query else "participant.list",
        rows[:PAGE],
        **filters,
    )
    return render(
        request,
        "participants/list.html",
        {
            "participants": rows[:PAGE],
            "more": len(rows) > PAGE,
            "query": query,
            "status": status,
            "statuses": [
                (v, label)
                for v, label in ParticipantStatus.choices
                if v != ParticipantStatus.MERGED
            ],
        },
    )


@program_role(Role.PEER)
@require_GET
def detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_participant_for(
        Principal.of(request), participant_id, related=["merged_into"]
    )
    is_staff = request.membership.has_role(Role.STAFF)
    context = {
        "participant": participant,
        "block_reason": visit_block_reason(participant),
        "program_settings": settings_for(request.program),
        "is_staff": is_staff,
        "is_coordinator": request.membership.has_role(Role.COORDINATOR),
    }
    if is_staff:
        consents = {
            c.kind: c
            for c in Consent.objects.filter(participant=participant, revoked_at__isnull=True)
        }
        context.update(
            {
                "consents": [
                    (value, label, consents.get(value)) for value, label in ConsentKind.choices
                ],
                "consent_history": Consent.objects.filter(participant=participant).order_by(
                    "-granted_at"
                )[:20],
                "has_phone": bool(participant.phone_encrypted),
                "status_form": StatusForm(initial={"status": participant.status}),
                "history_url": _history_url(participant),
            }
        )
    return render(request, "participants/detail.html", context)


def _history_url(participant: Participant) -> str | None:
    try:
        return reverse("encounters:history", args=[participant.pk])
    except NoReverseMatch:
        return None


@program_role(Role.STAFF)
def edit(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_participant_for(Principal.of(request), participant_id, page="edit")
    program_settings = settings_for(request.program)
    initial = {name: getattr(participant, name) for name in services.OPTIONAL_FIELDS}
    form = ParticipantEditForm(
        request.POST or None, initial=initial, program_settings=program_settings
    )
    if request.method == "POST" and form.is_valid():
        services.update_participant(participant, actor=request.user, **form.optional_values())
        messages.success(request, _("Saved."))
        return redirect("participants:detail", participant_id=participant.pk)
    return render(
        request,
        "participants/edit.html",
        {"form": form, "participant": participant},
        status=400 if request.method == "POST" else 200,
    )


@program_role(Role.STAFF)
@require_POST
def consent(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects, pk=participant_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": _errors(form)})
        return redirect("participants:detail", participant_id=participant.pk)
    kind, label = form.cleaned_data["kind"], ConsentKind(form.cleaned_data["kind"]).label
    try:
        if form.cleaned_data["action"] == "grant":
            consents.grant_consent(
                participant, kind, actor=request.user, phone=form.cleaned_data["phone"]
            )
            messages.success(request, _("Consent recorded: %(kind)s.") % {"kind": label})
        else:
            consents.revoke_consent(participant, kind, actor=request.user)
            messages.success(request, _("Consent withdrawn: %(kind)s.") % {"kind": label})
    except services.ParticipantError as exc:
        messages.error(request, exc.message)
    return redirect("participants:detail", participant_id=participant.pk)


@program_role(Role.COORDINATOR)
@require_POST
def status(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects, pk=participant_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": _errors(form)})
    else:
        try:
            services.set_status(participant, form.cleaned_data["status"], actor=request.user)
        except services.ParticipantError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Status is now: %(status)s.") % {"status": participant.get_status_display()},
            )
    return redirect("participants:detail", participant_id=participant.pk)


@program_role(Role.COORDINATOR)
def merge(request: HttpRequest, participant_id: int) -> HttpResponse:
    """Merge a duplicate into this record: its visits move here, it becomes a pointer."""
    keep = get_object_or_404(Participant.objects, pk=participant_id)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = uic.normalize(form.cleaned_data["other"])
        drop = (
            Participant.objects.filter(program=request.program).filter(code=other).first()
            or Participant.objects.filter(program=request.program, card_number=other).first()
        )
        if drop is None:
            form.add_error("other", _("No record of this program has that code or card number."))
        else:
            try:
                services.merge_participants(keep, drop, actor=request.user)
            except services.ParticipantError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Merged %(drop)s into this record.") % {"drop": drop.code}
                )
                return redirect("participants:detail", participant_id=keep.pk)
    similar = [
        c
        for c in matching.find_candidates(
            request.program,
            settings_for(request.program).get_recipe(),
            keep.code,
            fallbacks=keep.fallback_parts,
            limit=8,
        )
        if c.participant.pk != keep.pk
    ]
    record_shown(
        Principal.of(request),
        "participant.candidates",
        [c.participant for c in similar],
        obj=keep,
    )
    return render(
        request,
        "participants/merge.html",
        {"form": form, "participant": keep, "similar": similar},
        status=400 if request.method == "POST" else 200,
    )


@program_role(Role.STAFF)
@require_GET
def card(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The printable card: program, contact, card number and QR code. No code, nothing personal."""
    from .cards import qr_svg, verify_url

    participant = get_participant_for(
        Principal.of(request), participant_id, action="card.view", related=["program"]
    )
    current = ParticipantCard.objects.filter(
        participant=participant, revoked_at__isnull=True
    ).first()
    context = {"participant": participant, "card": current, "program": participant.program}
    if current is not None:
        url = verify_url(request, current)
        context.update({"qr": qr_svg(url), "verify_url": url})
    return render(request, "participants/card.html", context)


@program_role(Role.STAFF)
@require_POST
def card_issue(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects, pk=participant_id)
    try:
        issued = services.issue_card(participant, actor=request.user)
    except services.ParticipantError as exc:
        messages.error(request, exc.message)
        return redirect("participants:detail", participant_id=participant.pk)
    messages.success(
        request,
        _("Card %(number)s issued; any earlier card no longer works.")
        % {"number": issued.card_number},
    )
    return redirect("participants:card", participant_id=participant.pk)


@program_role(Role.STAFF)
@require_POST
def card_revoke(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects, pk=participant_id)
    if services.revoke_card(participant, actor=request.user):
        messages.success(
            request, _("The card was revoked. A check of it now says it is not valid.")
        )
    else:
        messages.error(request, _("This participant has no card to revoke."))
    return redirect("participants:detail", participant_id=participant.pk)
