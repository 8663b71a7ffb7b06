from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waypoint.core.access import program_role
from waypoint.core.models import Role

from .forms import AuditFilterForm
from .models import AuditEvent, AuditSubject
from .queries import list_events


@program_role(Role.ADMIN)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The program's audit trail, filtered; with ``?participant=<id>``, who has seen that
    participant. Shows record numbers only, never what the records hold."""
    form = AuditFilterForm(request.GET or None, program=request.program)
    filters = {}
    if form.is_bound and not form.is_valid():
        # Listing everything under filters that were refused would read as their result.
        events = AuditEvent.objects.none()
    else:
        filters = form.cleaned_data if form.is_bound else {}
        events = list_events(request.program, **filters)
    subjects = AuditSubject.objects.order_by("id")
    events = events.prefetch_related(Prefetch("subjects", queryset=subjects))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "participant": filters.get("participant"),
        },
    )
