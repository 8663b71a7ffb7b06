"""Scoped reads for tenancy."""

from __future__ import annotations

from .models import Membership, Site


def memberships_for_user(user) -> list[Membership]:
    """The user's active memberships, across programs (before any scope exists)."""
    return list(
        Membership.unscoped.filter(user=user, is_active=True, program__is_active=True)
        .select_related("program", "program__network")
        .order_by("program__name")
    )


def current_site_for(program_id: int, site_id: int | None) -> Site | None:
    """The chosen site if it belongs to the program, else its first active site."""
    sites = Site.objects.filter(program_id=program_id, is_active=True)
    if site_id is not None:
        chosen = sites.filter(pk=site_id).first()
        if chosen is not None:
            return chosen
    return sites.order_by("name").first()


def list_sites(program, *, active_only: bool = True):
    sites = Site.objects.filter(program=program)
    if active_only:
        sites = sites.filter(is_active=True)
    return sites.order_by("name")
