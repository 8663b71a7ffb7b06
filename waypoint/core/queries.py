"""Scoped reads for tenancy."""

from __future__ import annotations

from .models import Membership, Site


def memberships_for_user(user) -> list[Membership]:
    """The user's active memberships, across programs (before any scope exists), each
    with the site the member last chose. One query."""
    return list(
        Membership.unscoped.filter(user=user, is_active=True, program__is_active=True)
        .select_related("program", "program__network", "last_site")
        .order_by("program__name")
    )


def sites_and_current(program_id: int, site_id: int | None) -> tuple[list[Site], Site | None]:
    """The program's active sites by name (the header's site switcher) and the chosen one
    if it is among them, else the first: one query for both."""
    sites = list(Site.objects.filter(program_id=program_id, is_active=True).order_by("name"))
    chosen = next((site for site in sites if site.pk == site_id), None)
    return sites, chosen or (sites[0] if sites else None)


def list_sites(program, *, active_only: bool = True):
    sites = Site.objects.filter(program=program)
    if active_only:
        sites = sites.filter(is_active=True)
    return sites.order_by("name")


def network_overview(networks) -> list[dict]:
    """Per network, its programs with site counts and weekly hours (no person-level data)."""
    from .models import Program
    from .scoping import scopes_disabled

    overview = []
    with scopes_disabled():
        for network in networks:
            programs = (
                Program.objects.filter(network=network, is_active=True)
                .prefetch_related("sites__hours")
                .order_by("name")
            )
            rows = []
            for program in programs:
                sites = [site for site in program.sites.all() if site.is_active]
                rows.append(
                    {
                        "program": program,
                        "sites": len(sites),
                        "kinds": sorted({site.get_kind_display() for site in sites}),
                        "hours": round(sum(site.hours_per_week() for site in sites), 1),
                    }
                )
            overview.append({"network": network, "programs": rows})
    return overview
