"""The public community page: /community/<program slug>/ (no account)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waypoint.core.access import public
from waypoint.core.models import Program

from .community import figures_for
from .models import ReportSettings


@public
@require_GET
def community_page(request: HttpRequest, program_slug: str) -> HttpResponse:
    """A program's published figures. A program that has not turned the page on looks
    exactly like one that does not exist."""
    program = Program.objects.filter(slug=program_slug, is_active=True).first()
    if program is None:
        raise Http404
    page_settings = (
        ReportSettings.unscoped.filter(program=program, community_page=True)
        .only("community_message")
        .first()
    )
    if page_settings is None:
        raise Http404
    return render(
        request,
        "reports/community.html",
        {
            "program": program,
            "message": page_settings.community_message,
            "figures": figures_for(program),
            "is_demo": settings.DEMO_MODE or program.is_demo,
        },
    )
