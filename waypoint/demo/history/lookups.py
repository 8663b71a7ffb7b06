"""Reads the demo history makes as it writes: a program's team, a site's stock on hand."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from waypoint.core.models import Membership, Role
from waypoint.supplies.models import StockBalance


def _team(program):
    """(who receives stock and voids, who logs visits): the program's demo accounts, plus
    a team member who cannot sign in where the program has no coordinator."""
    members = Membership.unscoped.filter(program=program, is_active=True).select_related("user")
    by_role = {m.role: m.user for m in members.order_by("pk")}
    lead = by_role.get(Role.COORDINATOR) or by_role.get(Role.ADMIN)
    if lead is None:
        domain = program.contact_email.partition("@")[2] or "demo.invalid"
        name = program.name.replace(" (DEMO)", "")
        lead, created = get_user_model().objects.get_or_create(
            email=f"team@{domain}", defaults={"display_name": f"{name} team (DEMO)"}
        )
        if created:
            lead.set_unusable_password()
            lead.save(update_fields=["password"])
        Membership.unscoped.get_or_create(
            user=lead, program=program, defaults={"role": Role.COORDINATOR}
        )
    front = [by_role[r] for r in (Role.STAFF, Role.PEER, Role.COORDINATOR) if r in by_role]
    if lead not in front:
        front.append(lead)
    return lead, front


def _on_hand(site, item) -> int:
    row = StockBalance.unscoped.filter(site=site, item=item).values_list("on_hand", flat=True)
    return next(iter(row), 0)


def _short_of(site, targets: dict) -> dict:
    """{item: units missing to reach its target at ``site``} for items below target."""
    have = dict(
        StockBalance.unscoped.filter(site=site, item__in=list(targets)).values_list(
            "item_id", "on_hand"
        )
    )
    short = {item: target - have.get(item.pk, 0) for item, target in targets.items()}
    return {item: units for item, units in short.items() if units > 0}
