"""Writes to tenancy data: a new program with its first sites and admin; sites, their
weekly hours and closures. Each one audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import zipcodes
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event
from waypoint.core.models import Membership, Network, Program, Role, Site, SiteClosure, SiteHours
from waypoint.core.scoping import scopes_disabled


@dataclass
class NewProgram:
    network: Network
    program: Program
    sites: list[Site]
    admin: object  # the user
    new_network: bool
    new_account: bool


def start_program(
    *,
    network_name: str,
    network_slug: str,
    program_name: str,
    program_slug: str,
    sites: list[tuple[str, str]],
    admin_email: str,
    admin_password: str,
    actor_label: str,
) -> NewProgram:
    """Create a program ready for its first shift, in one transaction: its network (or
    the existing network with ``network_slug``), the program, its ``sites`` (name, kind)
    and its first admin, a new account with ``admin_password`` (validated by the caller)
    or the existing account of ``admin_email``, whose password is left alone.

    For the operator who installs Waypoint, before anyone can sign in: ``actor_label``
    says who did it in the audit trail. Raises ``ValidationError`` when the program's
    address name is taken, a name is empty or no site is given; nothing is written then.
    """
    if not program_name.strip() or not sites or any(not name.strip() for name, _kind in sites):
        raise ValidationError(_("A program needs a name and at least one named site."))
    User = get_user_model()
    with scopes_disabled(), transaction.atomic():
        if Program.objects.filter(slug=program_slug).exists():
            raise ValidationError(
                _("A program with the address name %(slug)s exists already.")
                % {"slug": program_slug}
            )
        network = Network.objects.filter(slug=network_slug).first()
        new_network = network is None
        if new_network:
            if not network_name.strip():
                raise ValidationError(_("A new network needs a name."))
            network = Network.objects.create(name=network_name.strip(), slug=network_slug)
        program = Program.objects.create(
            network=network, name=program_name.strip(), slug=program_slug
        )
        admin = User.objects.filter(email__iexact=admin_email).first()
        new_account = admin is None
        if new_account:
            admin = User.objects.create_user(admin_email, admin_password)
        log_event(
            "program.create",
            actor_label=actor_label,
            program=program,
            obj=program,
            extra={"network": network.pk, "new_network": new_network},
        )
        created = []
        for name, kind in sites:
            site = Site.objects.create(program=program, name=name.strip(), kind=kind)
            log_event("site.create", actor_label=actor_label, obj=site)
            created.append(site)
        membership = Membership.objects.create(user=admin, program=program, role=Role.ADMIN)
        log_event(
            "membership.create",
            actor_label=actor_label,
            obj=membership,
            extra={"role": Role.ADMIN, "new_account": new_account},
        )
    return NewProgram(network, program, created, admin, new_network, new_account)


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
