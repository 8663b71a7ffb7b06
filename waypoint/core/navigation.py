"""The staff navigation, filtered by role. Each domain app adds its entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Promise
    min_role: Role


NAV = [
    NavItem("today:home", _("Today"), Role.VIEWER),
    NavItem("encounters:window", _("Window"), Role.PEER),
    NavItem("participants:list", _("Participants"), Role.PEER),
    NavItem("supplies:dashboard", _("Stock"), Role.STAFF),
    NavItem("supplies:catalog", _("Catalog"), Role.COORDINATOR),
    NavItem("surveys:list", _("Surveys"), Role.PEER),
    NavItem("reports:index", _("Reports"), Role.VIEWER),
    NavItem("sites:list", _("Sites"), Role.STAFF),
    NavItem("accounts:team", _("Team"), Role.ADMIN),
    NavItem("accounts:devices", _("Devices"), Role.ADMIN),
    NavItem("audit:list", _("Audit trail"), Role.ADMIN),
]


NETWORK_NAV = [
    NavItem("core:network", _("Network"), Role.VIEWER),
    NavItem("reports:network", _("Network reports"), Role.VIEWER),
]


def nav_for(membership, current_path: str, *, analyst: bool = False) -> list[dict]:
    items = []
    for item in NAV if membership is not None else []:
        if not membership.has_role(item.min_role):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == url or (url != "/" and current_path.startswith(url))
        items.append({"url": url, "label": item.label, "active": active})
    if analyst:
        for item in NETWORK_NAV:
            url = reverse(item.url_name)
            items.append({"url": url, "label": item.label, "active": current_path.startswith(url)})
    return items
