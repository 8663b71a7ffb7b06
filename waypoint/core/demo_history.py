"""A made-up history for the demo network: about five months of visits, stock and a survey,
so reports, the dashboard, the stock pages and the community page have something to show.

All of it is fictional, drawn from a fixed seed and dated relative to the day it is
loaded: visits from the first day of the month five months back up to yesterday, so the
last full quarter and the current one both hold data. Programs differ in size.

Every write goes through the services staff and devices use — ``receive_stock``,
``send_transfer``, ``record_stock_count``, ``enrol_participant``, ``log_encounter`` (with
the visit time an offline device sends), ``void_encounter``, the survey services — so the
stock ledger, the daily rollups and the audit trail are exactly what that work leaves.
Those services stamp their other rows with the moment they run; ``_settle_times`` then
moves the stamps of the rows just written to the moments the history tells of (a
delivery to its day, a registration to the participant's first visit). That changes no
quantity, count or rollup. The audit trail keeps the moment the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from waypoint.encounters.models import Encounter, VisitService
from waypoint.encounters.services import log_encounter, void_encounter
from waypoint.encounters.validation import VisitInput
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants import uic
from waypoint.participants.models import Participant
from waypoint.participants.services import enrol_participant, save_settings
from waypoint.reports.models import ReportSettings
from waypoint.reports.period import Period
from waypoint.reports.services import save_report_settings
from waypoint.supplies.counts import record_stock_count
from waypoint.supplies.models import (
    LotBalance,
    MovementKind,
    MovementReason,
    Receipt,
    StockBalance,
    StockCount,
    StockMovement,
    SupplyItem,
    Transfer,
)
from waypoint.supplies.stock import (
    ReceiptLine,
    receive_stock,
    save_stock_settings,
    write_off_stock,
)
from waypoint.supplies.transfers import TransferLineInput, receive_transfer, send_transfer
from waypoint.surveys.models import ResponseMode, Survey, SurveyQuestion, SurveyResponse
from waypoint.surveys.services import close_survey, create_survey, open_survey, submit_response
from waypoint.surveys.standard import BY_KEY, PREFER_NOT

from .models import Membership, Role, SiteHours, SiteKind

SEED = 513
MONTHS = 5
DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)

NASAL = "Naloxone nasal spray 4 mg (2 doses)"
INJECTABLE = "Naloxone injectable kit (3 vials)"
KIT = "Syringe kit, 10 × 1 mL 28G"
FENTANYL = "Fentanyl test strip"
XYLAZINE = "Xylazine test strip"
# Item: (reorder point, tracks lots and expiry, lot number prefix)
STOCK_SETTINGS = {
    NASAL: (24, True, "NS"),
    INJECTABLE: (6, True, "NI"),
    KIT: (40, False, ""),
    FENTANYL: (50, False, ""),
    XYLAZINE: (25, False, ""),
}
# Counted at each program's first site at the end of the last two full months.
COUNTED = (KIT, "Cookers", FENTANYL, NASAL)
SUPPLIER = "Tri-State Harm Reduction Supply (DEMO)"
DONOR = "Partner clinic donation (DEMO)"


@dataclass(frozen=True)
class Profile:
    people: int  # participants who visit during the history
    rate: float  # scales how often each of them comes
    anonymous: float  # share of visits logged without a participant
    zips: tuple[str, ...]
    recipe: str = uic.DEFAULT_RECIPE
    hub: str = ""  # the site that takes every delivery and sends stock on to the others
    duplicates: int = 0  # visits saved twice by mistake, then voided


PROFILES = {
    "demo-queen-city": Profile(
        150,
        1.0,
        0.10,
        ("45202", "45203", "45206", "45210", "45214", "45219"),
        hub="Over-the-Rhine Center",
        duplicates=2,
    ),
    "demo-northside": Profile(75, 0.9, 0.12, ("45223", "45225", "45232"), duplicates=1),
    "demo-covington": Profile(
        45, 0.8, 0.08, ("41011", "41014", "41016"), "surname_mother_day_site", duplicates=1
    ),
    "demo-naloxone-project": Profile(70, 0.5, 0.05, ("45229", "45237", "45207", "45212")),
    "demo-price-hill": Profile(35, 0.9, 0.15, ("45205", "45204", "45238")),
    "demo-butler": Profile(35, 0.8, 0.10, ("45011", "45013", "45044"), "gender_year_parents"),
    "demo-clermont": Profile(20, 0.7, 0.08, ("45103", "45102", "45150")),
}
# The program that ran a point-in-time survey and publishes a community page.
SHOWCASE = "demo-queen-city"
# (program, site, item): a box got wet yesterday; what is left is below the reorder point.
WRITTEN_OFF = ("demo-price-hill", "Warsaw Avenue Window", XYLAZINE)
# (program, site, item, units): a small donated lot that expires within weeks.
SHORT_DATED = ("demo-clermont", "Clermont Delivery", NASAL, 12)

MOTHERS = "Mary Linda Patricia Barbara Susan Deborah Karen Donna Sandra Teresa Angela Rosa Gloria Brenda Denise Carmen Tammy Sharon Janet Yolanda".split()  # noqa: E501
FATHERS = "James Robert John Michael William David Richard Thomas Charles Gary Larry Ronald Dennis Jose Kenneth Terry Roger Wayne Curtis Eddie".split()  # noqa: E501
GIVEN = "Ashley Brandon Crystal Dustin Erica Frank Heather Jason Kayla Luis Megan Nathan Olivia Paul Rachel Shawn Tiffany Victor Whitney Zach".split()  # noqa: E501
SURNAMES = "Adkins Baker Collins Dunn Evans Fields Gray Hughes Ingram Jenkins Keller Lopez Mason Nolan Owens Perry Reyes Spencer Tucker Walsh".split()  # noqa: E501
ALIASES = "Sunny Red Tex Birdie Lucky Junior Peaches Bear Sparky Dee Moe Slim".split()
VOID_REASONS = ("Logged twice by mistake", "Saved twice when the tablet lost its connection")


@dataclass
class Person:
    answers: dict  # answers to every UIC question, so any recipe can build a code
    facts: dict  # the optional facts given at enrolment
    home: object  # Site
    participant: Participant | None = None
    had_naloxone: bool = False


@dataclass
class Visit:
    at: dt.datetime
    site: object
    person: Person | None
    items: dict[str, int] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # the rest of the VisitInput
    duplicate: bool = False


@dataclass
class Stamps:
    """When the rows the services wrote really happened, applied by ``_settle_times``."""

    receipts: dict[int, dt.datetime] = field(default_factory=dict)
    transfers: dict[int, tuple[dt.datetime, dt.datetime | None]] = field(default_factory=dict)
    counts: dict[int, dt.datetime] = field(default_factory=dict)
    voids: dict[int, dt.datetime] = field(default_factory=dict)
    participants: dict[int, dt.datetime] = field(default_factory=dict)
    movements: dict[int, dt.datetime] = field(default_factory=dict)


def has_history(network) -> bool:
    return Encounter.unscoped.filter(program__network=network).exists()


def seed_history(network, *, today: dt.date | None = None) -> bool:
    """Write the history once: nothing is written when a demo program has any visit already.
    Runs in the caller's transaction. True when the history was written."""
    if has_history(network):
        return False
    today = today or timezone.localdate()
    start, end = _month_start(today, -MONTHS), today - DAY
    stamps = Stamps()
    taken = set(
        Participant.unscoped.filter(program__network=network).values_list("code", flat=True)
    )
    programs = list(network.programs.filter(slug__in=PROFILES).order_by("pk"))
    for program in programs:
        rng = random.Random(f"{SEED}:{program.slug}")
        History(program, PROFILES[program.slug], rng, start, end, stamps, taken).write()
    for program in programs:
        if program.slug == SHOWCASE:
            _survey(program, today, random.Random(f"{SEED}:survey"))
            _community_page(program)
    _settle_times(programs, stamps)
    return True


def describe(network) -> str:
    """One line on what the history holds, for the command's output."""
    visits = Encounter.unscoped.filter(program__network=network, voided_at__isnull=True)
    if not visits.exists():
        return "No visits yet."
    first = timezone.localtime(visits.order_by("occurred_at").first().occurred_at).date()
    last = timezone.localtime(visits.order_by("-occurred_at").first().occurred_at).date()
    people = Participant.unscoped.filter(program__network=network).count()
    return f"{visits.count():,} visits from {first} to {last}, {people:,} participants."


def community_pages(network) -> list[tuple[str, str]]:
    """(name, slug) of each demo program that publishes a community page."""
    pages = ReportSettings.unscoped.filter(program__network=network, community_page=True)
    return list(pages.values_list("program__name", "program__slug").order_by("program__name"))


class History:
    """One program's history: planned in memory, then written in time order."""

    def __init__(self, program, profile: Profile, rng, start, end, stamps: Stamps, taken: set):
        self.program, self.profile, self.rng = program, profile, rng
        self.start, self.end, self.stamps, self.taken = start, end, stamps, taken
        self.sites = list(program.sites.filter(is_active=True).order_by("pk"))
        self.hours = defaultdict(list)
        for row in SiteHours.objects.filter(site__in=self.sites):
            self.hours[row.site_id].append((row.weekday, row.opens, row.closes))
        items = SupplyItem.unscoped.filter(program=program, is_active=True)
        self.items = {item.name: item for item in items}
        self.closed = _holidays(start.year) | _holidays(end.year)
        self.recipe = uic.PRESETS[profile.recipe]

    def write(self) -> None:
        visits = self._plan()
        self.lead, self.front = _team(self.program)
        if self.profile.recipe != uic.DEFAULT_RECIPE:
            save_settings(self.program, actor=self.lead, recipe=self.profile.recipe)
        for name, (reorder_point, lots, _prefix) in STOCK_SETTINGS.items():
            if name in self.items:
                save_stock_settings(
                    self.items[name], reorder_point=reorder_point, tracks_lots=lots, actor=self.lead
                )
                self.items[name].tracks_lots = lots
        deliveries = [_last_weekday(self.start - DAY * 2)]
        while (day := _first_weekday(_month_start(self.start, len(deliveries)))) <= self.end:
            deliveries.append(day)
        usage = self._usage(visits, deliveries)
        events = [
            (_at(day, 7, 30), lambda n=n: self._restock(n, deliveries, usage))
            for n, day in enumerate(deliveries)
        ]
        events += [(visit.at, lambda v=visit: self._log(v)) for visit in visits]
        for month in (0, -1):
            day = _last_weekday(_month_start(self.end, month) - DAY)
            if day >= self.start:
                events.append((_at(day, 16, 45), lambda d=day: self._count(d)))
        if self.profile.hub:
            events.append((_at(self.end, 15, 10), self._send_on_the_way))
        if self.program.slug == SHORT_DATED[0]:
            events.append((_at(self.end - DAY * 4, 10), self._donation))
        if self.program.slug == WRITTEN_OFF[0]:
            events.append((_at(self.end, 17, 30), self._write_off))
        for _when, write in sorted(events, key=lambda event: event[0]):
            write()

    # --- planning ------------------------------------------------------------------

    def _plan(self) -> list[Visit]:
        rng, visits = self.rng, []
        counters = [s for s in self.sites if s.kind != SiteKind.VENDING]
        weights = [max(2, len({d for d, _o, _c in self.hours[s.pk]})) for s in counters]
        span = (self.end - self.start).days
        for _ in range(self.profile.people):
            home = rng.choices(counters, weights)[0]
            known = rng.random() < 0.55  # already coming when the history starts
            first = self.start if known else self.start + DAY * rng.randrange(span - 6)
            last = self.end
            if rng.random() < 0.3:  # stops coming at some point
                last = first + DAY * rng.randrange((self.end - first).days + 1)
            rate = self.profile.rate * rng.choices((0.12, 0.3, 0.6, 1.2), (40, 30, 20, 10))[0]
            person = Person(*self._identity(home), home)
            person.had_naloxone = known and rng.random() < 0.5
            for day in self._days(home, first, last, rate, at_least_one=not known):
                site = home
                if rng.random() < 0.12:
                    others = [s for s in counters if s != home and self._open(s, day)]
                    site = rng.choice(others) if others else home
                visits.append(Visit(self._time(day, site), site, person))
        share = self.profile.anonymous / (1 - self.profile.anonymous)
        for visit in list(visits):
            if rng.random() < share:
                visits.append(Visit(self._time(visit.at.date(), visit.site), visit.site, None))
        for site in self.sites:
            if site.kind == SiteKind.VENDING:
                for n in range(span + 1):
                    day = self.start + DAY * n
                    for _ in range(_poisson(rng, 0.7)):
                        visits.append(Visit(self._time(day, site), site, None))
        visits.sort(key=lambda v: v.at)
        for visit in visits:
            _fill(rng, visit, self.profile.zips)
        originals = [v for v in visits if v.person and "overdose" not in v.extra]
        for visit in rng.sample(originals, self.profile.duplicates):
            visits.append(
                Visit(visit.at + MINUTE * rng.randint(2, 6), visit.site, visit.person,
                      visit.items, visit.extra, duplicate=True)
            )  # fmt: skip
        return sorted(visits, key=lambda v: v.at)

    def _identity(self, home) -> tuple[dict, dict]:
        """Fictional answers to the code questions, making a code no demo program has."""
        rng = self.rng
        while True:
            given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
            mother, father = rng.choice(MOTHERS), rng.choice(FATHERS)
            gender = rng.choices("MFX", (60, 37, 3))[0]
            year, month, day = rng.randint(1962, 2003), rng.randint(1, 12), rng.randint(1, 28)
            answers = {
                "mother2": mother,
                "mother1": mother,
                "father2": father,
                "surname2": surname,
                "given2": given,
                "birth_order": str(rng.choices(range(1, 7), (35, 30, 17, 10, 5, 3))[0]),
                "month": str(month),
                "day": str(day),
                "year4": str(year),
                "year2": str(year % 100),
                "gender": gender,
                "site": home.name,
                "initials": given[0] + surname[0],
                "father2_unknown": rng.random() < 0.08,
            }
            code = uic.build_code(self.recipe, answers).code
            if code not in self.taken:
                self.taken.add(code)
                break
        facts = {}
        if rng.random() < 0.6:
            facts["birth_year"] = year
        if rng.random() < 0.7:
            facts["gender"] = {"M": "man", "F": "woman", "X": "non_binary"}[gender]
        if rng.random() < 0.5:
            facts["zip_code"] = rng.choice(self.profile.zips)
        if rng.random() < 0.15:
            facts["alias"] = rng.choice(ALIASES)
        return answers, facts

    def _days(self, site, first, last, rate, *, at_least_one) -> list[dt.date]:
        """Visit days: a Poisson number a week, on days the site is open."""
        days, week = [], first - DAY * first.weekday()
        while week <= last:
            week_days = (week + DAY * n for n in range(7))
            open_days = [d for d in week_days if first <= d <= last and self._open(site, d)]
            wanted = _poisson(self.rng, rate)
            if at_least_one and open_days and not days:
                wanted = max(1, wanted)
            days += sorted(self.rng.sample(open_days, min(wanted, len(open_days))))
            week += DAY * 7
        return days

    def _open(self, site, day: dt.date) -> bool:
        if site.kind != SiteKind.VENDING and day in self.closed:
            return False
        hours = self.hours[site.pk]
        return any(d == day.weekday() for d, _o, _c in hours) if hours else day.weekday() < 5

    def _time(self, day: dt.date, site) -> dt.datetime:
        """A moment in the site's opening hours that day (9 to 4 for a site without hours)."""
        spans = [(o, c) for d, o, c in self.hours[site.pk] if d == day.weekday()]
        opens, closes = spans[0] if spans else (dt.time(9), dt.time(16))
        low, high = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute - 5
        minute = self.rng.randrange(low, max(low + 1, high))
        return _at(day, minute // 60, minute % 60, self.rng.randrange(60))

    # --- writing -------------------------------------------------------------------

    def _log(self, visit: Visit) -> None:
        person, actor = visit.person, self.rng.choice(self.front)
        if person is not None and person.participant is None:
            built = uic.build_code(self.recipe, person.answers)
            person.participant = enrol_participant(
                self.program,
                actor=actor,
                code=built.code,
                fallback_parts=built.fallbacks,
                **person.facts,
            )
            self.stamps.participants[person.participant.pk] = visit.at - MINUTE * 2
        data = VisitInput(
            client_uuid=uuid.UUID(int=self.rng.getrandbits(128)),
            site_id=visit.site.pk,
            participant_id=person.participant.pk if person else None,
            occurred_at=visit.at,
            items={self.items[n].pk: q for n, q in visit.items.items() if n in self.items},
            **visit.extra,
        )
        encounter = log_encounter(self.program, data, actor=actor).encounter
        if visit.duplicate:
            void_encounter(encounter, actor=self.lead, reason=self.rng.choice(VOID_REASONS))
            self.stamps.voids[encounter.pk] = visit.at + MINUTE * self.rng.randint(10, 90)

    def _usage(self, visits: list[Visit], deliveries: list[dt.date]) -> dict:
        """Units given from one delivery to the next, by (delivery, site id, item name)."""
        usage, n = defaultdict(int), 0
        for visit in visits:
            while n + 1 < len(deliveries) and visit.at.date() >= deliveries[n + 1]:
                n += 1
            for name, quantity in visit.items.items():
                usage[(n, visit.site.pk, name)] += quantity
        return usage

    def _restock(self, n: int, deliveries: list[dt.date], usage: dict) -> None:
        """Bring each site up to what it gives until the next delivery, plus a margin. A
        program with a hub has everything delivered there and sends the rest on."""
        at, day = _at(deliveries[n], 7, 30), deliveries[n]
        needs = {}
        for site in self.sites:
            wanted = {}
            for name, item in self.items.items():
                used = usage.get((n, site.pk, name), 0)
                if not used:
                    continue
                # What is left when the next delivery comes stays above the reorder point.
                reorder_point = STOCK_SETTINGS.get(name, (0,))[0]
                target = used + max(math.ceil(used * 0.3) + 5, math.ceil(reorder_point * 1.3))
                wanted[item] = target
            needs[site] = _short_of(site, wanted)
        hub = next((s for s in self.sites if s.name == self.profile.hub), None)
        if hub is None:
            for site, lines in needs.items():
                self._receive(site, lines, at, day)
            return
        total = defaultdict(int)
        for lines in needs.values():
            for item, quantity in lines.items():
                total[item] += quantity
        for item in total:
            # The hub keeps a few of what it only sends on, rather than running out.
            total[item] += max(0, 5 - _on_hand(hub, item) - needs[hub].get(item, 0))
        self._receive(hub, total, at, day)
        for site, lines in needs.items():
            if site != hub and lines:
                send = [TransferLineInput(item, q) for item, q in lines.items()]
                transfer = send_transfer(self.program, hub, site, send, actor=self.lead)
                receive_transfer(transfer, actor=self.lead)
                self.stamps.transfers[transfer.pk] = (at + MINUTE * 20, at + MINUTE * 60)

    def _receive(self, site, lines: dict, at, day, *, supplier=SUPPLIER, lot=None) -> None:
        if not lines:
            return
        receipt_lines = []
        for item, quantity in sorted(lines.items(), key=lambda line: line[0].pk):
            quantity = -(-quantity // 10) * 10 if quantity >= 20 else quantity
            line = ReceiptLine(item, quantity)
            if item.tracks_lots:
                prefix = STOCK_SETTINGS[item.name][2]
                number = f"{prefix}{day:%y%m}{self.program.pk:02d}"
                line.lot_number, line.expires_on = lot or (number, day + DAY * 600)
            receipt_lines.append(line)
        receipt = receive_stock(
            self.program,
            site,
            receipt_lines,
            actor=self.lead,
            supplier=supplier,
            reference=f"DEMO-{day:%Y%m}-{site.pk}",
        )
        self.stamps.receipts[receipt.pk] = at

    def _write_off(self) -> None:
        _slug, site_name, name = WRITTEN_OFF
        site, item = next(s for s in self.sites if s.name == site_name), self.items[name]
        if (on_hand := _on_hand(site, item)) > 6:
            posted = write_off_stock(
                self.program,
                site,
                item,
                on_hand - 6,
                reason=MovementReason.CONTAMINATED,
                actor=self.lead,
                note="The box got wet in the rain",
            )
            for movement in posted.movements:
                self.stamps.movements[movement.pk] = _at(self.end, 17, 30)

    def _donation(self) -> None:
        _slug, site_name, name, quantity = SHORT_DATED
        site = next(s for s in self.sites if s.name == site_name)
        day = self.end - DAY * 4
        lot = ("DN-2291", self.end + DAY * 41)
        self._receive(
            site, {self.items[name]: quantity}, _at(day, 10), day, supplier=DONOR, lot=lot
        )

    def _count(self, day: dt.date) -> None:
        """A shelf count at the first site: a unit or two short or over; lots counted exactly."""
        site, counted = self.sites[0], {}
        for item in (self.items[name] for name in COUNTED if name in self.items):
            if item.tracks_lots:
                lots = LotBalance.unscoped.filter(site=site, item=item, on_hand__gt=0)
                for lot_id, on_hand in lots.values_list("lot_id", "on_hand"):
                    counted[(item.pk, lot_id)] = on_hand
            elif (on_hand := _on_hand(site, item)) > 5:
                counted[(item.pk, None)] = on_hand + self.rng.choice((-2, -1, 0, 0, 0, 1))
        if counted:
            stock_count = record_stock_count(
                self.program, site, counted, actor=self.lead, note="Monthly shelf count"
            )
            self.stamps.counts[stock_count.pk] = _at(day, 16, 45)

    def _send_on_the_way(self) -> None:
        """A top-up sent to the van yesterday afternoon and not received yet."""
        hub = next(s for s in self.sites if s.name == self.profile.hub)
        van = next((s for s in self.sites if s.kind == SiteKind.MOBILE), None)
        wanted = ((self.items.get(NASAL), 10), (self.items.get(KIT), 20))
        lines = [
            TransferLineInput(item, q)
            for item, q in wanted
            if item is not None and _on_hand(hub, item) > q + 10
        ]
        if van is not None and lines:
            transfer = send_transfer(
                self.program, hub, van, lines, actor=self.lead, note="Top-up for the weekend"
            )
            self.stamps.transfers[transfer.pk] = (_at(self.end, 15, 10), None)


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


SURVEY_ANSWERS = {
    "age_range": (("under_25", "25_34", "35_44", "45_54", "55_plus", PREFER_NOT), (8, 30, 32, 18, 8, 4)),
    "gender": (("man", "woman", "trans_woman", "non_binary", PREFER_NOT), (57, 36, 2, 2, 3)),
    "race_ethnicity": (("white", "black", "hispanic", "american_indian", "another", PREFER_NOT), (66, 24, 4, 2, 1, 3)),
    "overdose_6m": (("yes", "no", PREFER_NOT), (28, 66, 6)),
    "reversals_6m": ((0, 1, 2, 3, 5, 8), (55, 20, 12, 7, 4, 2)),
    "injected_30d": (("yes", "no", PREFER_NOT), (76, 20, 4)),
    "naloxone_ran_out_3m": (("yes", "no", PREFER_NOT), (22, 72, 6)),
}  # fmt: skip


def _survey(program, today: dt.date, rng) -> None:
    """A point-in-time survey in the middle of the last full quarter: 40 anonymous answers."""
    lead, _front = _team(program)
    quarter = Period.last_full_quarter(today)
    week = _first_weekday(_month_start(quarter.start, 1) + DAY * 7)
    survey = create_survey(
        program,
        actor=lead,
        title=f"Participant survey, {quarter.start:%B}–{quarter.end:%B %Y}",
        description="Anonymous. About three minutes. Skip any question you like.",
        standard_keys=BY_KEY,
    )
    survey = open_survey(survey, actor=lead)
    questions = {q.key: q for q in SurveyQuestion.unscoped.filter(survey=survey)}
    sites = list(program.sites.filter(kind__in=[SiteKind.FIXED, SiteKind.WINDOW]).order_by("pk"))
    responses = []
    for _ in range(40):
        answers = {}
        for key, (values, weights) in SURVEY_ANSWERS.items():
            if rng.random() < 0.95:
                value = rng.choices(values, weights)[0]
                if key == "race_ethnicity" and value in ("black", "white") and rng.random() < 0.08:
                    value = ["black", "white"]
                answers[questions[key].pk] = value
        staff = rng.random() < 0.6
        result = submit_response(
            survey,
            answers=answers,
            mode=ResponseMode.STAFF if staff else ResponseMode.SELF,
            site=rng.choice(sites),
            client_uuid=uuid.UUID(int=rng.getrandbits(128)),
            actor=lead if staff else None,
        )
        day = week + DAY * rng.randrange(4)
        result.response.submitted_at = _at(day, rng.randint(10, 15), rng.randrange(60))
        responses.append(result.response)
    close_survey(survey, actor=lead)
    SurveyResponse.unscoped.bulk_update(responses, ["submitted_at"])
    Survey.unscoped.filter(pk=survey.pk).update(
        created_at=_at(week - DAY * 10, 11),
        opened_at=_at(week, 9, 30),
        closed_at=_at(week + DAY * 4, 17),
    )


def _community_page(program) -> None:
    admin = (
        Membership.unscoped.filter(program=program, role=Role.ADMIN, is_active=True).first()
        or Membership.unscoped.filter(program=program, is_active=True).first()
    )
    settings = ReportSettings.unscoped.filter(program=program).first()
    settings = settings or ReportSettings(program=program)
    settings.pwid_population = 2400
    settings.area_name = "Central Cincinnati (demo estimate)"
    settings.community_page = True
    settings.community_message = (
        "Thank you to everyone who stops by Over-the-Rhine, Vine Street and the Care Van. "
        "This is a demo: every figure here is made up."
    )
    save_report_settings(settings, actor=admin.user if admin else None)


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


def _settle_times(programs, stamps: Stamps) -> None:
    """Move the time stamps of the rows just written to the moments the history tells of."""
    visits = Encounter.unscoped.filter(program__in=programs)
    visits.update(created_at=F("occurred_at"))
    for pk, at in stamps.voids.items():
        Encounter.unscoped.filter(pk=pk).update(voided_at=at)
    moves = StockMovement.unscoped.filter(program__in=programs)
    by_visit = Encounter.unscoped.filter(pk=OuterRef("encounter_id"))
    moves.filter(kind=MovementKind.DISTRIBUTE, encounter__isnull=False).update(
        created_at=Subquery(by_visit.values("occurred_at"))
    )
    moves.filter(kind=MovementKind.CORRECTION, encounter__isnull=False).update(
        created_at=Subquery(by_visit.values("voided_at"))
    )
    OverdoseReport.unscoped.filter(program__in=programs).update(
        created_at=Subquery(by_visit.values("occurred_at"))
    )
    for pk, at in stamps.receipts.items():
        Receipt.unscoped.filter(pk=pk).update(received_at=at)
        moves.filter(receipt_id=pk).update(created_at=at)
    for pk, (sent, received) in stamps.transfers.items():
        Transfer.unscoped.filter(pk=pk).update(sent_at=sent, received_at=received)
        moves.filter(transfer_id=pk, kind=MovementKind.TRANSFER_OUT).update(created_at=sent)
        if received is not None:
            moves.filter(transfer_id=pk, kind=MovementKind.TRANSFER_IN).update(created_at=received)
    for pk, at in stamps.movements.items():
        moves.filter(pk=pk).update(created_at=at)
    for pk, at in stamps.counts.items():
        StockCount.unscoped.filter(pk=pk).update(counted_at=at)
        moves.filter(stock_count_id=pk).update(created_at=at)
    registered = list(Participant.unscoped.filter(pk__in=stamps.participants))
    for participant in registered:
        participant.created_at = stamps.participants[participant.pk]
    Participant.unscoped.bulk_update(registered, ["created_at"], batch_size=200)


def _at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


def _month_start(day: dt.date, offset: int) -> dt.date:
    months = day.year * 12 + day.month - 1 + offset
    return dt.date(months // 12, months % 12 + 1, 1)


def _first_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def _last_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= DAY
    return day


def _holidays(year: int) -> set[dt.date]:
    """US federal holidays the demo's staffed sites close on (the vending machine does not)."""

    def nth(month: int, weekday: int, n: int) -> dt.date:
        first = dt.date(year, month, 1)
        return first + DAY * ((weekday - first.weekday()) % 7 + 7 * (n - 1))

    last_monday_may = nth(5, 0, 5) if nth(5, 0, 5).month == 5 else nth(5, 0, 4)
    fixed = [(1, 1), (6, 19), (7, 4), (11, 11), (12, 25)]
    return {dt.date(year, m, d) for m, d in fixed} | {
        last_monday_may,
        nth(9, 0, 1),
        nth(11, 3, 4),
    }


def _poisson(rng, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


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
