"""API: who am I, and the program's sites."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from waypoint.api.access import api_role

from .models import Role, Site

router = Router(tags=["program"])


class MeOut(Schema):
    program_id: int
    program_name: str
    role: str
    actor: str


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


@router.get("/me", response=MeOut, summary="The caller's program and role")
@api_role(Role.VIEWER)
def me(request):
    principal = request.auth
    return MeOut(
        program_id=principal.program.pk,
        program_name=principal.program.name,
        role=principal.role.value,
        actor=principal.label,
    )


@router.get("/sites", response=list[SiteOut], summary="Sites of the caller's program")
@api_role(Role.PEER)
def list_sites(request):
    sites = Site.objects.filter(program=request.auth.program).prefetch_related("hours")
    return [_site_out(site) for site in sites.order_by("name")]


@router.get("/sites/{site_id}", response=SiteOut, summary="One site")
@api_role(Role.PEER)
def get_site(request, site_id: int):
    site = get_object_or_404(Site.objects.prefetch_related("hours"), pk=site_id)
    return _site_out(site)
