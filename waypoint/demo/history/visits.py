"""What is given and done at each planned visit of the demo history."""

from __future__ import annotations

from decimal import Decimal

from waypoint.core.models import SiteKind
from waypoint.encounters.models import VisitService

from .data import DAY, FENTANYL, INJECTABLE, KIT, NASAL, XYLAZINE, Visit


def _fill(rng, visit: Visit, zips) -> None:
    """What was given and done at a visit, by what the site offers (called in time order)."""
    site, person = visit.site, visit.person
    offered, items, extra = set(site.services), visit.items, visit.extra
    services = extra.setdefault("services", [])

    def maybe(chance: float, name: str, quantity) -> bool:
        if rng.random() < chance:
            items[name] = quantity() if callable(quantity) else quantity
        return name in items

    if site.kind == SiteKind.VENDING:
        maybe(0.7, NASAL, 1)
        if not maybe(0.5, FENTANYL, 10) and not items:
            items[FENTANYL] = 10
        return
    syringes = "syringes" in offered
    naloxone_first = not syringes
    counter = site.kind not in (SiteKind.MAIL, SiteKind.DELIVERY)
    if syringes and rng.random() < (0.85 if person else 0.75):
        kits = rng.choices((1, 2, 3, 4, 5, 6, 8, 10), (14, 22, 20, 14, 10, 8, 7, 5))[0]
        if rng.random() < 0.08:
            extra["secondary_recipients"] = rng.randint(1, 4)
            kits = min(20, kits + 2 * extra["secondary_recipients"])
        items[KIT] = kits
        maybe(0.7, "Cookers", min(100, kits * 2))
        maybe(0.4, "Cotton filters (pack of 10)", lambda: rng.randint(1, 2))
        maybe(0.5, "Sterile water, 10 mL", min(100, kits * 3))
        maybe(0.7, "Alcohol pads", min(200, kits * 5))
        maybe(0.06, "Tourniquet", 1)
        maybe(0.15, "Sharps container, 1 quart", 1)
        maybe(0.02, "Sharps container, 1 gallon", 1)
    if syringes:
        maybe(0.2, "Safer smoking kit", lambda: rng.randint(1, 3))
        maybe(0.04, "Snorting kit", 1)
        maybe(0.12, "Condoms", 10)
    if syringes and counter and rng.random() < (0.35 if person else 0.25):
        _returns(rng, extra)
    if "naloxone" in offered:
        if naloxone_first:
            maybe(0.97, NASAL, lambda: rng.choices((1, 2, 3, 4), (50, 35, 10, 5))[0])
        else:
            maybe(0.28, NASAL, lambda: rng.choices((1, 2), (70, 30))[0])
        maybe(0.02, INJECTABLE, 1)
        if NASAL in items and person is not None:
            if person.had_naloxone and rng.random() < 0.6:
                _kit_outcome(rng, visit, zips)
            elif not person.had_naloxone and rng.random() < 0.3:
                services.append(VisitService.NALOXONE_TRAINING)
            person.had_naloxone = True
    if "test_strips" in offered:
        maybe(0.35, FENTANYL, lambda: rng.choice((5, 10, 10, 20)))
        maybe(0.15, XYLAZINE, lambda: rng.choice((5, 10)))
    maybe(0.35 if naloxone_first else 0.04, "Overdose response guide", 1)
    if site.kind == SiteKind.OUTREACH and naloxone_first and rng.random() < 0.8:
        services.append(VisitService.NALOXONE_TRAINING)
    if "wound_care" in offered and maybe(0.06, "Wound care kit", 1):
        services.append(VisitService.WOUND_CARE)
    if "basic_needs" in offered and maybe(0.25, "Hygiene kit", 1):
        services.append(VisitService.BASIC_NEEDS)
    if person is not None and counter:
        for offer, service, chance in (
            ("hiv_test", VisitService.HIV_TEST, 0.07),
            ("hcv_test", VisitService.HCV_TEST, 0.06),
            ("sti_test", VisitService.STI_TEST, 0.025),
            ("vaccines", VisitService.VACCINE, 0.012),
            ("moud", VisitService.MOUD_INFO, 0.03),
        ):
            if offer in offered and rng.random() < chance:
                services.append(service)
        if rng.random() < 0.02:
            services.append(VisitService.COUNSELLING)
    extra["services"] = sorted(set(services))


def _returns(rng, extra: dict) -> None:
    """Used syringes brought back: counted, by sharps container, or weighed."""
    roll = rng.random()
    if roll < 0.65:
        extra.update(collection_method="count", collected_count=rng.choice((5, 10, 20, 30, 40, 60)))
    elif roll < 0.9:
        gallon = rng.random() < 0.1
        extra.update(
            collection_method="container",
            container="1 gallon" if gallon else "1 quart",
            containers=1 if gallon else rng.choices((1, 2), (80, 20))[0],
        )
    else:
        pounds = Decimal(rng.randint(1, 6)) / 10
        extra.update(collection_method="weight", pounds=pounds)


def _kit_outcome(rng, visit: Visit, zips) -> None:
    """What happened to the last kit, asked at a refill; a kit used in an overdose comes
    with the participant's account of it (a reversal report)."""
    outcome = rng.choices(
        ("used_overdose", "gave_away", "lost", "still_have", "expired", "unknown"),
        (22, 25, 18, 12, 6, 17),
    )[0]
    visit.extra["kit_outcome"] = outcome
    if outcome != "used_overdose":
        return
    called = rng.choice((True, False, False, None))
    visit.extra["overdose"] = {
        "occurred_on": visit.at.date() - DAY * rng.randint(0, 14),
        "area": rng.choice(zips),
        "relationship": rng.choices(
            ("friend", "partner_family", "stranger", "unknown"), (45, 25, 20, 10)
        )[0],
        "setting": rng.choices(("private", "public", "unknown"), (55, 40, 5))[0],
        "naloxone_doses": rng.choices(("1", "2", "3+", "unknown"), (35, 45, 15, 5))[0],
        "naloxone_worked": rng.choices((True, None), (92, 8))[0],
        "called_911": called,
        "ems_arrived": rng.choice((True, True, None)) if called else None,
        "rescue_breathing": rng.choice((True, False, None)),
        "stayed_with_person": rng.choices((True, None), (85, 15))[0],
        "person_age": rng.choice(("18_24", "25_34", "25_34", "35_44", "35_44", "45_54", "")),
        "person_gender": rng.choice(("man", "man", "woman", "")),
    }
