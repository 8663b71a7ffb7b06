"""One program's history: its visits and stock planned in memory, then written in time order."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict

from waypoint.core.models import SiteHours, SiteKind
from waypoint.encounters.services import log_encounter, void_encounter
from waypoint.encounters.validation import VisitInput
from waypoint.participants import uic
from waypoint.participants.services import enrol_participant, save_settings
from waypoint.supplies.models import LotBalance, MovementReason, SupplyItem
from waypoint.supplies.services.counts import record_stock_count
from waypoint.supplies.services.stock import (
    ReceiptLine,
    receive_stock,
    save_stock_settings,
    write_off_stock,
)
from waypoint.supplies.services.transfers import TransferLineInput, receive_transfer, send_transfer

from .data import (
    ALIASES,
    COUNTED,
    DAY,
    DONOR,
    FATHERS,
    GIVEN,
    KIT,
    MINUTE,
    MOTHERS,
    NASAL,
    SHORT_DATED,
    STOCK_SETTINGS,
    SUPPLIER,
    SURNAMES,
    VOID_REASONS,
    WRITTEN_OFF,
    Person,
    Profile,
    Stamps,
    Visit,
)
from .dates import _at, _first_weekday, _holidays, _last_weekday, _month_start, _poisson
from .lookups import _on_hand, _short_of, _team
from .visits import _fill


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
