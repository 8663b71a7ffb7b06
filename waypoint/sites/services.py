"""Writes to tenancy data: sites, their weekly hours and closures. Each one audited."""

from __future__ import annotations

from decimal import Decimal

import zipcodes
from django.db import transaction

from waypoint.audit.services import log_event
from waypoint.core.models import Site, SiteClosure, SiteHours


def _fill_coordinates(site: Site) -> None:
    """Place a site at its ZIP code's centre when no coordinates were given (offline lookup)."""
    if site.latitude is not None or not site.zip_code:
        return
    try:
        matches = zipcodes.matching(site.zip_code[:5])
    except (ValueError, TypeError):
        return
    if matches:
        site.latitude = Decimal(matches[0]["lat"])
        site.longitude = Decimal(matches[0]["long"])


def save_site(site: Site, *, actor) -> Site:
    """Create or update a site of ``site.program``."""
    created = site.pk is None
    with transaction.atomic():
        _fill_coordinates(site)
        site.save()
        log_event("site.create" if created else "site.update", actor=actor, obj=site)
    return site


def add_site_hours(site: Site, *, actor, weekday: int, opens, closes) -> SiteHours:
    with transaction.atomic():
        hours = SiteHours(site=site, weekday=weekday, opens=opens, closes=closes)
        hours.full_clean()
        hours.save()
        log_event(
            "site.hours_add",
            actor=actor,
            program=site.program,
            obj=site,
            extra={"weekday": weekday, "opens": opens.isoformat(), "closes": closes.isoformat()},
        )
    return hours


def remove_site_hours(hours: SiteHours, *, actor) -> None:
    with transaction.atomic():
        site = hours.site
        log_event(
            "site.hours_remove",
            actor=actor,
            program=site.program,
            obj=site,
            extra={
                "weekday": hours.weekday,
                "opens": hours.opens.isoformat(),
                "closes": hours.closes.isoformat(),
            },
        )
        hours.delete()


def add_closure(site: Site, *, actor, date, reason: str = "") -> SiteClosure:
    with transaction.atomic():
        closure, _ = SiteClosure.unscoped.update_or_create(
            site=site, date=date, defaults={"reason": reason}
        )
        log_event(
            "site.closure_add",
            actor=actor,
            program=site.program,
            obj=site,
            extra={"date": date.isoformat()},
        )
    return closure


def remove_closure(closure: SiteClosure, *, actor) -> None:
    with transaction.atomic():
        site = closure.site
        log_event(
            "site.closure_remove",
            actor=actor,
            program=site.program,
            obj=site,
            extra={"date": closure.date.isoformat()},
        )
        closure.delete()
