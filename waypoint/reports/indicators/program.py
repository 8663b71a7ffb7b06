"""Facts about how a program operates, from its sites and team (not counts of people)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Membership, Role, Service, Site, SiteHours, SiteKind

from .base import (
    HOURS,
    NUMBER,
    TEXT,
    Breakdown,
    Calculator,
    Category,
    FunctionIndicator,
    Measure,
    register,
)

TESTING = (Service.HIV_TEST, Service.HCV_TEST, Service.STI_TEST)


def _sites(calc: Calculator):
    return Site.objects.filter(calc.scope.filter(site_field="pk"), is_active=True)


def _minutes_by_site(calc: Calculator) -> dict[int, int]:
    minutes: dict[int, int] = {}
    for site, opens, closes in SiteHours.objects.filter(site__in=_sites(calc)).values_list(
        "site", "opens", "closes"
    ):
        span = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        minutes[site] = minutes.get(site, 0) + max(0, span)
    return minutes


def _hours(calc: Calculator) -> Measure:
    return Measure(round(sum(_minutes_by_site(calc).values()) / 60, 1), HOURS)


def _hours_by_site(calc: Calculator, by: str) -> Breakdown:
    minutes = _minutes_by_site(calc)
    categories = [
        Category(pk, name, Measure(round(minutes.get(pk, 0) / 60, 1), HOURS))
        for pk, name in _sites(calc).order_by("program__name", "name").values_list("pk", "name")
    ]
    return Breakdown(by, categories, _hours(calc))


HOURS_PER_WEEK = FunctionIndicator(
    key="hours_per_week",
    name=_("Hours of operation per week"),
    description=_(
        "Opening hours in a normal week, added up over the active sites' weekly schedules "
        "(two sites open at the same time count twice). Dated closures are not subtracted."
    ),
    unit=HOURS,
    function=_hours,
    breakdowns=_hours_by_site,
    disaggregations=("site",),
)


def _service_models(calc: Calculator) -> Measure:
    kinds = set(_sites(calc).values_list("kind", flat=True))
    labels = [str(label) for value, label in SiteKind.choices if value in kinds]
    return Measure(", ".join(labels) or gettext("None"), TEXT)


SERVICE_MODELS = FunctionIndicator(
    key="service_models",
    name=_("Service models in use"),
    description=_("The kinds of the active sites: fixed site, mobile unit, mail-based, …"),
    unit=TEXT,
    function=_service_models,
)


def _active_sites(calc: Calculator) -> Measure:
    return Measure(_sites(calc).count(), NUMBER)


ACTIVE_SITES = FunctionIndicator(
    key="active_sites",
    name=_("Active sites"),
    description=_("Sites of the program that are active now (each distribution location)."),
    unit=NUMBER,
    function=_active_sites,
)


def _testing(calc: Calculator) -> Measure:
    offered: set[str] = set()
    for services in _sites(calc).values_list("services", flat=True):
        offered.update(services or [])
    labels = [str(service.label) for service in TESTING if service.value in offered]
    return Measure(", ".join(labels) or gettext("None"), TEXT)


ONSITE_TESTING = FunctionIndicator(
    key="onsite_testing",
    name=_("Testing offered on site"),
    description=_(
        "HIV, hepatitis C and STI testing listed among the services of at least one active site."
    ),
    unit=TEXT,
    function=_testing,
)


def _peer_staff(calc: Calculator) -> Measure:
    members = Membership.objects.filter(
        calc.scope.filter(site_field=None), role=Role.PEER, is_active=True
    )
    return Measure(members.values("user").distinct().count(), NUMBER)


PEER_STAFF = FunctionIndicator(
    key="peer_staff",
    name=_("Peer workers on the team"),
    description=_(
        "Active team members with the peer worker role. Waypoint does not record lived "
        "experience; the peer role is used as the closest measure."
    ),
    unit=NUMBER,
    scopes=frozenset({"program", "network"}),
    function=_peer_staff,
)

register(HOURS_PER_WEEK, SERVICE_MODELS, ACTIVE_SITES, ONSITE_TESTING, PEER_STAFF)
