"""The demo network: seven fictional programs in Greater Cincinnati, every one labelled DEMO."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from waypoint.core.models import (
    Membership,
    Network,
    NetworkAnalyst,
    Program,
    Role,
    Site,
    SiteHours,
    SiteKind,
)
from waypoint.core.scoping import scopes_disabled

from .catalog import seed_catalog
from .history import seed_history

DEMO_PASSWORD = "waypoint-demo"
DEMO_DOMAIN = "demo.waypoint.test"
NETWORK_SLUG = "demo-greater-cincinnati"

WEEKDAYS = range(0, 5)
T = dt.time

# (name, slug, [(site name, kind, city, state, zip, lat, lon, services, modalities, hours)])
PROGRAMS = [
    (
        "Queen City Harm Reduction (DEMO)",
        "demo-queen-city",
        [
            (
                "Over-the-Rhine Center",
                SiteKind.FIXED,
                "Cincinnati",
                "OH",
                "45202",
                "39.1130",
                "-84.5150",
                [
                    "syringes",
                    "naloxone",
                    "test_strips",
                    "hiv_test",
                    "hcv_test",
                    "wound_care",
                    "moud",
                    "disposal",
                ],
                ["fixed"],
                [(d, T(10), T(17)) for d in WEEKDAYS],
            ),
            (
                "Vine Street Window",
                SiteKind.WINDOW,
                "Cincinnati",
                "OH",
                "45202",
                "39.1105",
                "-84.5140",
                ["syringes", "naloxone", "test_strips", "disposal"],
                ["window", "curbside"],
                [(1, T(12), T(18)), (3, T(12), T(18)), (5, T(10), T(14))],
            ),
            (
                "Care Van 1",
                SiteKind.MOBILE,
                "Cincinnati",
                "OH",
                "45214",
                "39.1180",
                "-84.5390",
                ["syringes", "naloxone", "test_strips", "hcv_test"],
                ["mobile"],
                [(0, T(17), T(20)), (2, T(17), T(20)), (4, T(17), T(20))],
            ),
            (
                "Supplies by Mail",
                SiteKind.MAIL,
                "Cincinnati",
                "OH",
                "45202",
                None,
                None,
                ["naloxone", "test_strips", "syringes"],
                ["mail"],
                [],
            ),
        ],
    ),
    (
        "Northside Syringe Access (DEMO)",
        "demo-northside",
        [
            (
                "Hamilton Avenue Site",
                SiteKind.FIXED,
                "Cincinnati",
                "OH",
                "45223",
                "39.1640",
                "-84.5400",
                ["syringes", "naloxone", "test_strips", "hiv_test", "vaccines", "disposal"],
                ["fixed"],
                [(d, T(9), T(15)) for d in WEEKDAYS],
            ),
            (
                "Street Outreach Team",
                SiteKind.OUTREACH,
                "Cincinnati",
                "OH",
                "45223",
                None,
                None,
                ["syringes", "naloxone", "test_strips"],
                ["outreach", "peer"],
                [(1, T(19), T(22)), (4, T(19), T(22))],
            ),
        ],
    ),
    (
        "Covington Health Access (DEMO)",
        "demo-covington",
        [
            (
                "Pike Street Clinic",
                SiteKind.FIXED,
                "Covington",
                "KY",
                "41011",
                "39.0790",
                "-84.5100",
                ["syringes", "naloxone", "hiv_test", "hcv_test", "sti_test", "moud", "disposal"],
                ["fixed"],
                [(0, T(8), T(16)), (2, T(8), T(16)), (4, T(8), T(12))],
            ),
            (
                "Madison Avenue Vending Machine",
                SiteKind.VENDING,
                "Covington",
                "KY",
                "41011",
                "39.0830",
                "-84.5090",
                ["naloxone", "test_strips"],
                ["vending"],
                [(d, T(0), T(23, 59)) for d in range(7)],
            ),
        ],
    ),
    (
        "Hamilton County Naloxone Project (DEMO)",
        "demo-naloxone-project",
        [
            (
                "Naloxone by Mail",
                SiteKind.MAIL,
                "Cincinnati",
                "OH",
                "45202",
                None,
                None,
                ["naloxone", "test_strips"],
                ["mail"],
                [],
            ),
            (
                "Home Delivery",
                SiteKind.DELIVERY,
                "Cincinnati",
                "OH",
                "45229",
                None,
                None,
                ["naloxone", "test_strips"],
                ["delivery"],
                [(1, T(10), T(16)), (3, T(10), T(16))],
            ),
            (
                "Community Trainings",
                SiteKind.OUTREACH,
                "Cincinnati",
                "OH",
                "45229",
                "39.1500",
                "-84.4900",
                ["naloxone"],
                ["outreach"],
                [(2, T(18), T(20))],
            ),
        ],
    ),
    (
        "Price Hill Peer Outreach (DEMO)",
        "demo-price-hill",
        [
            (
                "Warsaw Avenue Window",
                SiteKind.WINDOW,
                "Cincinnati",
                "OH",
                "45205",
                "39.1090",
                "-84.5700",
                ["syringes", "naloxone", "test_strips", "basic_needs"],
                ["window"],
                [(0, T(11), T(15)), (2, T(11), T(15)), (4, T(11), T(15))],
            ),
            (
                "Peer Walk Team",
                SiteKind.OUTREACH,
                "Cincinnati",
                "OH",
                "45205",
                None,
                None,
                ["naloxone", "test_strips", "syringes"],
                ["outreach", "peer"],
                [(5, T(13), T(17))],
            ),
        ],
    ),
    (
        "Butler County SSP (DEMO)",
        "demo-butler",
        [
            (
                "Hamilton Health Center",
                SiteKind.FIXED,
                "Hamilton",
                "OH",
                "45011",
                "39.3990",
                "-84.5610",
                [
                    "syringes",
                    "naloxone",
                    "test_strips",
                    "hiv_test",
                    "hcv_test",
                    "wound_care",
                    "disposal",
                ],
                ["fixed"],
                [(1, T(9), T(13)), (3, T(13), T(17))],
            ),
            (
                "Middletown Mobile Unit",
                SiteKind.MOBILE,
                "Middletown",
                "OH",
                "45044",
                "39.5150",
                "-84.3980",
                ["syringes", "naloxone", "test_strips"],
                ["mobile"],
                [(2, T(10), T(14))],
            ),
        ],
    ),
    (
        "Clermont Care Van (DEMO)",
        "demo-clermont",
        [
            (
                "Batavia Van Stop",
                SiteKind.MOBILE,
                "Batavia",
                "OH",
                "45103",
                "39.0770",
                "-84.1770",
                ["syringes", "naloxone", "test_strips", "hcv_test"],
                ["mobile"],
                [(0, T(12), T(16)), (3, T(12), T(16))],
            ),
            (
                "Clermont Delivery",
                SiteKind.DELIVERY,
                "Batavia",
                "OH",
                "45103",
                None,
                None,
                ["naloxone", "test_strips", "syringes"],
                ["delivery"],
                [(4, T(10), T(15))],
            ),
        ],
    ),
]

# (role, memberships by program slug). The staff member works in two programs.
DEMO_USERS = [
    ("admin", Role.ADMIN, ["demo-queen-city"]),
    ("coordinator", Role.COORDINATOR, ["demo-queen-city"]),
    ("staff", Role.STAFF, ["demo-queen-city", "demo-northside"]),
    ("peer", Role.PEER, ["demo-queen-city"]),
    ("viewer", Role.VIEWER, ["demo-queen-city"]),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role label, email, password) for every demo account."""
    rows = [
        (str(role.label), f"{slug}@{DEMO_DOMAIN}", DEMO_PASSWORD) for slug, role, _ in DEMO_USERS
    ]
    rows.append(("Network analyst", f"analyst@{DEMO_DOMAIN}", DEMO_PASSWORD))
    return rows


@transaction.atomic
def seed_demo(*, history: bool = False) -> Network:
    """Create the demo network, programs, sites and one account per role (idempotent).

    With ``history``, also about five months of made-up visits, stock, a survey and a
    community page (``demo_history``), written once: never when a demo program has a visit.
    """
    User = get_user_model()
    with scopes_disabled():
        network, _ = Network.objects.get_or_create(
            slug=NETWORK_SLUG,
            defaults={"name": "Greater Cincinnati (demo)", "is_demo": True},
        )
        programs = {}
        for name, slug, sites in PROGRAMS:
            program, created = Program.objects.get_or_create(
                slug=slug,
                defaults={
                    "network": network,
                    "name": name,
                    "is_demo": True,
                    "contact_phone": "(513) 555-0100",
                    "contact_email": f"info@{slug}.{DEMO_DOMAIN}",
                },
            )
            programs[slug] = program
            if not created:
                continue
            for (
                site_name,
                kind,
                city,
                state,
                zip_code,
                lat,
                lon,
                services,
                modalities,
                hours,
            ) in sites:
                site = Site.objects.create(
                    program=program,
                    name=site_name,
                    kind=kind,
                    city=city,
                    state=state,
                    zip_code=zip_code,
                    latitude=Decimal(lat) if lat else None,
                    longitude=Decimal(lon) if lon else None,
                    services=services,
                    modalities=modalities,
                    is_public=kind not in {SiteKind.OUTREACH},
                )
                SiteHours.objects.bulk_create(
                    SiteHours(site=site, weekday=d, opens=o, closes=c) for d, o, c in hours
                )
        for slug, role, program_slugs in DEMO_USERS:
            user = _demo_user(User, slug, f"Demo {role.label}")
            for program_slug in program_slugs:
                Membership.objects.get_or_create(
                    user=user, program=programs[program_slug], defaults={"role": role}
                )
        analyst = _demo_user(User, "analyst", "Demo network analyst")
        NetworkAnalyst.objects.get_or_create(user=analyst, network=network)
        for program in programs.values():
            seed_catalog(program)
        if history:
            seed_history(network)
    return network


def _demo_user(User, slug: str, name: str):
    user, created = User.objects.get_or_create(
        email=f"{slug}@{DEMO_DOMAIN}", defaults={"display_name": str(name)}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
