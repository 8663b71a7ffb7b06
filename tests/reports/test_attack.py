"""The differencing attack, played for real: a viewer and a network analyst ask the report
pages for every period and site they can think of — quarters, months, halves, weeks,
overlapping and nested ranges, each site — over a year of generated history, keep every
figure they are given, and solve them all together (``attack.py``). No hidden count may
come out narrower than the whole range from 1 to the threshold.

The attacker's unknowns are what the figures are made of: visits per site, way of
serving and stretch of days; reversal reports per site and stretch of days; one unknown
per published count of people, tied to the others by what counting people once implies
(no more than the sum of the parts, no fewer than any part, no more than the visits).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.urls import reverse

from tests.factories import NetworkFactory, ProgramFactory, SiteFactory, member
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.definitions.base import ByCategory, Items
from waypoint.reports.period import Period

from .attack import System
from .scenario import at, overdose, participant, visit

THRESHOLD = 10
MODALITIES = ("fixed", "window", "mail")
MODELLED = {"visits", "unique_people", "reversals"}
YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def periods() -> list[Period]:
    """Everything a curious viewer tries: the grid, and what the grid leaves out."""
    found = [YEAR, Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))]
    found.append(Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31)))
    for start, end in (
        ("01-01", "03-31"),
        ("04-01", "06-30"),
        ("07-01", "09-30"),
        ("10-01", "12-31"),
    ):
        found.append(
            Period(dt.date.fromisoformat(f"2025-{start}"), dt.date.fromisoformat(f"2025-{end}"))
        )
    for month in range(1, 13):
        start = dt.date(2025, month, 1)
        end = dt.date(2025 + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        found.append(Period(start, end))
    found += [
        Period(dt.date(2025, 7, 1), dt.date(2025, 12, 3)),
        Period(dt.date(2025, 10, 1), dt.date(2025, 12, 3)),
        Period(dt.date(2025, 10, 6), dt.date(2025, 10, 12)),
        Period(dt.date(2025, 10, 6), dt.date(2025, 10, 19)),
        Period(dt.date(2025, 2, 15), dt.date(2025, 8, 14)),
    ]
    return list(dict.fromkeys(found))


def build_history():
    """Three programs in a network; some sites busy, some nearly idle, so that small
    counts turn up in single months, quarters, sites and ways of serving."""
    chance = random.Random(20251)
    network = NetworkFactory(name="Attack network")
    programs, sites = [], []
    busy = {"Busy": (40, 90), "Quiet": (0, 4), "Mid": (8, 25)}
    for name in ("North", "South", "East"):
        program = ProgramFactory(network=network, name=f"{name} program")
        programs.append(program)
        kinds = ("Busy", "Quiet") if name != "East" else ("Mid",)
        for kind in kinds:
            site = SiteFactory(program=program, name=f"{name} {kind}")
            site.busy = busy[kind]
            sites.append(site)
    people = {
        program.pk: [
            participant(program, f"{program.pk}P{n}", at(1, 1, year=2024)) for n in range(30)
        ]
        for program in programs
    }
    for site in sites:
        low, high = site.busy
        for month in range(1, 13):
            for _ in range(chance.randint(low, high)):
                day = chance.randint(1, 28)
                person = chance.choice(people[site.program_id] + [None] * 5)
                visit(
                    site.program,
                    site,
                    at(month, day, chance.randint(9, 18), year=2025),
                    person=person,
                    modality=chance.choice(MODALITIES[:2]) if chance.random() < 0.95 else "mail",
                )
            for _ in range(chance.randint(0, 2) if low == 0 else chance.randint(0, 6)):
                overdose(site.program, site, at(month, chance.randint(1, 28), year=2025))
    return network, programs, sites


class Collector:
    """What the attacker keeps: every figure shown or hidden, placed in the unknowns."""

    def __init__(self, sites, bounds):
        self.system = System()
        self.sites = {s.name: s for s in sites}
        self.site_program = {s.pk: s.program_id for s in sites}
        self.bounds = sorted(bounds)
        self.people = {}  # position -> unknown

    def atoms(self, period: Period):
        return [
            i
            for i, (start, end) in enumerate(zip(self.bounds, self.bounds[1:], strict=False))
            if period.start <= start and end <= period.end + dt.timedelta(days=1)
        ]

    def terms(self, key, period, sites, modalities):
        atoms = self.atoms(period)
        if key == "reversals":
            return {("reversals", s, a): 1 for s in sites for a in atoms}
        return {("visits", s, m, a): 1 for s in sites for m in modalities for a in atoms}

    def add(self, result, template, unit_sites, period, unit, network: bool):
        parts = [part for section in template.sections for part in section.parts]
        tables = list(result.tables())
        assert len(parts) == len(tables)
        for part, table in zip(parts, tables, strict=True):
            if isinstance(part, Items):
                for line, row in zip(part.lines, table.rows, strict=True):
                    if line.indicator in MODELLED:
                        cell = row.cells[0]
                        self.figure(
                            line.indicator, period, unit, unit_sites, None, None, cell, True
                        )
            elif isinstance(part, ByCategory) and part.by in ("site", "modality", "program"):
                keys = [c for c in part.columns if isinstance(c, str)]
                for c, key in enumerate(part.columns):
                    if key not in MODELLED:
                        continue
                    for row in table.rows:
                        if row.is_total:
                            cell = row.cells[c]
                            self.figure(key, period, unit, unit_sites, None, None, cell, True)
                        else:
                            self.category(
                                key, part.by, row.label, period, unit, unit_sites, row.cells[c]
                            )
                assert keys

    def category(self, key, by, label, period, unit, unit_sites, cell):
        if by == "site":
            site = self.sites[label]
            self.figure(key, period, unit, [site.pk], "site", site.pk, cell)
        elif by == "program":
            program_sites = [s.pk for s in self.sites.values() if s.program.name == label]
            program = next(s.program_id for s in self.sites.values() if s.program.name == label)
            self.figure(key, period, ("program", program), program_sites, None, None, cell)
        else:
            value = next(v for v, text in MODALITY_LABELS.items() if text == label)
            self.figure(key, period, unit, unit_sites, "modality", value, cell)

    def figure(self, key, period, unit, unit_sites, by, category, cell, total=False):
        if cell.value is None and not cell.suppressed:
            return
        modalities = [category] if by == "modality" else MODALITIES
        sites = [category] if by == "site" else unit_sites
        if by == "site":
            unit, by, category = ("site", category), None, None
        position = (key, period, unit, by, category)
        terms = self.terms(key, period, sites, modalities)
        truth = cell.truth
        leaf = unit[0] != "network" and period.days <= 92
        # A total for a program (or site) and a quarter or less is hidden only when small.
        known = (1, THRESHOLD) if leaf and total else None
        if key == "unique_people":
            variable = {("people", position): 1}
            self.system.at_most(variable, self.terms("visits", period, sites, modalities))
            self.people[position] = variable
            terms = variable
        self.system.add(repr(position), terms, cell.value, truth, known, sum_of_parts=not leaf)

    def people_relations(self, periods_asked):
        by_place = defaultdict(dict)
        for position, variable in self.people.items():
            key, period, unit, by, category = position
            by_place[(unit, by, category)][period] = variable
        for found in by_place.values():
            for big, whole in found.items():
                inside = [
                    p for p in found if p != big and big.start <= p.start and p.end <= big.end
                ]
                for small in inside:
                    self.system.at_most(found[small], whole)
                # A period made of asked periods with no gap: no more than their sum.
                tiling = tile(big, inside)
                if tiling:
                    self.system.at_most(whole, {k: 1 for p in tiling for k in found[p]})
        for position, variable in self.people.items():
            key, period, unit, by, category = position
            if by is not None:
                whole = self.people.get((key, period, unit, None, None))
                if whole:
                    self.system.at_most(variable, whole)
            if unit[0] == "site":
                program = ("program", self.site_program[unit[1]])
                whole = self.people.get((key, period, program, None, None))
                if whole:
                    self.system.at_most(variable, whole)
        programs = defaultdict(list)
        for position in self.people:
            key, period, unit, by, category = position
            if unit[0] == "program" and by is None:
                programs[period].append(self.people[position])
        for position, variable in self.people.items():
            key, period, unit, by, category = position
            if unit[0] == "network" and by is None:
                for part in programs[period]:
                    self.system.at_most(part, variable)
                if len(programs[period]) == 3:
                    self.system.at_most(variable, {k: 1 for p in programs[period] for k in p})


def tile(big: Period, inside: list[Period]) -> list[Period] | None:
    """Asked periods that cover ``big`` end to end without overlap, if there are some."""
    chosen, day = [], big.start
    while day <= big.end:
        step = next((p for p in sorted(inside, key=lambda p: -p.days) if p.start == day), None)
        if step is None:
            return None
        chosen.append(step)
        day = step.end + dt.timedelta(days=1)
    return chosen


MODALITY_LABELS: dict = {}


@pytest.fixture
def history(db):
    from waypoint.encounters.models import Modality

    MODALITY_LABELS.update({v: str(label) for v, label in Modality.choices})
    return build_history()


def truths(client, url, params):
    """The exact figures behind a page, as a coordinator sees them, cell by cell."""
    response = client.get(url, params)
    return [
        cell.value
        for table in response.context["result"].tables()
        for row in table.rows
        for cell in row.cells
    ]


def ask(client, exact_client, url, params):
    """The viewer's figures, each with its true value; and whether the site asked for
    was taken (a page that offers no site shows the whole program)."""
    response = client.get(url, params)
    if response.status_code != 200 or response.context.get("result") is None:
        return None, False
    result = response.context["result"]
    site_chosen = "site" in params and "site" in response.context["form"].fields
    exact_params = {**params, "published": "0"}
    if "site" in params and not site_chosen:
        exact_params.pop("site")
    exact = truths(exact_client, url, exact_params)
    cells = [cell for table in result.tables() for row in table.rows for cell in row.cells]
    for cell, truth in zip(cells, exact, strict=True):
        cell.truth = truth
    return result, site_chosen


@pytest.mark.django_db
def test_no_combination_of_published_figures_narrows_a_hidden_count(history, client_for):
    network, programs, sites = history
    asked = periods()
    bounds = {p.start for p in asked} | {p.end + dt.timedelta(days=1) for p in asked}
    collector = Collector(sites, bounds)
    program = programs[0]
    viewer = client_for(member(program, Role.VIEWER))
    coordinator = client_for(member(program, Role.COORDINATOR))
    program_sites = [s for s in sites if s.program_id == program.pk]
    obtained = 0
    for key in ("sharp", "oend"):
        template = TEMPLATES[key]
        for period in asked:
            for site in [None, *program_sites]:
                params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
                if site:
                    params["site"] = site.pk
                url = reverse(f"reports:{key}")
                result, site_chosen = ask(viewer, coordinator, url, params)
                if result is None:
                    continue
                obtained += 1
                site = site if site_chosen else None
                unit = ("site", site.pk) if site else ("program", program.pk)
                unit_sites = [site.pk] if site else [s.pk for s in program_sites]
                collector.add(result, template, unit_sites, period, unit, network=False)
    obtained += dashboards(viewer, collector, asked, program, program_sites)
    analyst_user = member(program, Role.VIEWER)
    NetworkAnalyst.objects.create(user=analyst_user, network=network)
    analyst = client_for(analyst_user)
    template = TEMPLATES["network"]
    for period in asked:
        params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        response = analyst.get(reverse("reports:network_network"), params)
        if response.status_code != 200 or response.context.get("result") is None:
            continue
        result = response.context["result"]
        exact = build_exact(template, period, network)
        cells = [cell for table in result.tables() for row in table.rows for cell in row.cells]
        for cell, truth in zip(cells, exact, strict=True):
            cell.truth = truth
        obtained += 1
        collector.add(
            result, template, [s.pk for s in sites], period, ("network", network.pk), network=True
        )
    collector.people_relations(asked)
    # The viewer got the grid at least: the five periods of 2025, for two reports and the
    # dashboard, and the analyst the network's.
    assert obtained >= 20
    hidden = [f for f in collector.system.figures if f.shown is None and 1 <= f.truth <= THRESHOLD]
    assert len(hidden) >= 10, "the history must hide small counts for the attack to mean anything"
    narrow = collector.system.narrow(THRESHOLD, protection=THRESHOLD)
    assert narrow == [], f"{len(narrow)} hidden counts narrowed, e.g. {narrow[:5]}"


def true_value(program, period, key, by=None, category=None):
    from waypoint.core.scoping import program_scope
    from waypoint.reports.indicators import Calculator
    from waypoint.reports.period import Scope

    with program_scope(program):
        calc = Calculator(period, Scope.of_program(program))
        if by is None:
            return calc.count(key)
        found = calc.breakdown(key, by).categories
        return next((c.measure.value for c in found if c.key == category), 0)


def dashboards(viewer, collector, asked, program, program_sites) -> int:
    """The dashboard's tables: visits and reversals quarter by quarter, by site and by
    way of serving."""
    obtained = 0
    unit, unit_sites = ("program", program.pk), [s.pk for s in program_sites]
    for period in asked:
        params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        response = viewer.get(reverse("reports:dashboard"), params)
        board = response.context.get("board") if response.status_code == 200 else None
        if board is None:
            continue
        obtained += 1
        for row in board.timeline.rows:
            quarter = period if row.is_total else quarter_named(row.label)
            for index, key in ((0, "visits"), (4, "reversals")):
                cell = row.cells[index]
                cell.truth = true_value(program, quarter, key)
                collector.figure(key, quarter, unit, unit_sites, None, None, cell, True)
        for table, by in ((board.by_site, "site"), (board.by_modality, "modality")):
            columns = ((0, "visits"), (4, "reversals")) if by == "site" else ((0, "visits"),)
            for row in table.rows:
                for index, key in columns:
                    cell = row.cells[index]
                    if row.is_total:
                        cell.truth = true_value(program, period, key)
                        collector.figure(key, period, unit, unit_sites, None, None, cell, True)
                        continue
                    if by == "site":
                        category = collector.sites[row.label].pk
                    else:
                        category = next(v for v, t in MODALITY_LABELS.items() if t == row.label)
                    cell.truth = true_value(program, period, key, by, category)
                    collector.category(key, by, row.label, period, unit, unit_sites, cell)
    return obtained


def quarter_named(label: str) -> Period:
    number, year = label[1:].split()
    start = dt.date(int(year), 3 * int(number) - 2, 1)
    end = dt.date(int(year) + (number == "4"), (3 * int(number)) % 12 + 1, 1)
    return Period(start, end - dt.timedelta(days=1))


def build_exact(template, period, network):
    from waypoint.reports.compose import build_report
    from waypoint.reports.period import Scope

    result = build_report(template, period, Scope.of_network(network), suppressed=False)
    return [cell.value for table in result.tables() for row in table.rows for cell in row.cells]
