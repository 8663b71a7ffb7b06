"""API: the program's sites and their closures."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import REFUSALS, REFUSALS_FOR_BODY, REFUSALS_FOR_ID
from waypoint.core.models import Role, Site, SiteClosure

from . import services

router = Router(tags=["program"])


class SiteOut(Schema):
    id: int
    name: str
    kind: str
    city: str
    is_active: bool
    is_public: bool
    services: list[str]
    modalities: list[str]
    hours_per_week: float


class ClosureIn(Schema):
    date: dt.date
    # NUL is the one character no database text column accepts.
    reason: str = Field("", max_length=200, pattern=r"^[^\x00]*$")


class ClosureOut(Schema):
    id: int
    site_id: int
    date: dt.date
    reason: str


def _closure_out(closure: SiteClosure) -> ClosureOut:
    return ClosureOut(
        id=closure.pk, site_id=closure.site_id, date=closure.date, reason=closure.reason
    )


def _site_out(site: Site) -> SiteOut:
    return SiteOut(
        id=site.pk,
        name=site.name,
        kind=site.kind,
        city=site.city,
        is_active=site.is_active,
        is_public=site.is_public,
        services=site.services,
        modalities=site.modalities,
        hours_per_week=site.hours_per_week(),
    )


@router.get(
    "/sites", response={200: list[SiteOut], **REFUSALS}, summary="Sites of the caller's program"
)
@api_role(Role.PEER)
def list_sites(request):
    sites = Site.objects.filter(program=request.auth.program).prefetch_related("hours")
    return [_site_out(site) for site in sites.order_by("name")]


@router.get("/sites/{site_id}", response={200: SiteOut, **REFUSALS_FOR_ID}, summary="One site")
@api_role(Role.PEER)
def get_site(request, site_id: int):
    site = get_object_or_404(Site.objects.prefetch_related("hours"), pk=site_id)
    return _site_out(site)


@router.get(
    "/sites/{site_id}/closures",
    response={200: list[ClosureOut], **REFUSALS_FOR_ID},
    summary="Upcoming closures of a site, from today on",
)
@api_role(Role.STAFF)
def list_closures(request, site_id: int):
    site = get_object_or_404(Site.objects, pk=site_id)
    closures = SiteClosure.objects.filter(site=site, date__gte=timezone.localdate())
    return [_closure_out(closure) for closure in closures.order_by("date")]


@router.post(
    "/sites/{site_id}/closures",
    response={201: ClosureOut, **REFUSALS_FOR_BODY},
    summary="Close a site on a date (a second call for the same date replaces the reason)",
)
@api_role(Role.COORDINATOR)
def add_closure(request, site_id: int, payload: ClosureIn):
    site = get_object_or_404(Site.objects, pk=site_id)
    closure = services.add_closure(
        site, actor=request.auth.user, date=payload.date, reason=payload.reason
    )
    return Status(201, _closure_out(closure))
