"""What an indicator is, the values it yields, and the calculator that caches them.

An indicator is a small definition: a key, a name, a description precise enough to
reproduce it by hand, a unit, a computation for a period and a scope, and the
dimensions it can be broken down by. Counts are computed by aggregate queries in the
database, never by looping over visits in Python.

``source`` names where an indicator reads its data: "raw" (the visits and the tables
recorded with them) or "rollup" (the daily rollups, ``waypoint.encounters.rollups``, when
they hold the whole history of the scope's programs — else the raw tables, which give
the same figures). Reports do not know which was used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Aggregate, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ..period import Period, Scope
from ..suppression import ADDITIVE as ADDITIVE
from ..suppression import DISTINCT as DISTINCT
from ..suppression import SHARES as SHARES
from . import sources

# Units. The first group are counts of people, visits or supplies: small ones are
# suppressed for viewers, analysts and the public. The rest are not counts of anyone.
PEOPLE, VISITS, EVENTS, SYRINGES, DOSES, UNITS = (
    "people",
    "visits",
    "events",
    "syringes",
    "doses",
    "units",
)
COUNTS = frozenset({PEOPLE, VISITS, EVENTS, SYRINGES, DOSES, UNITS})
RATIO, PERCENT, RATE = "ratio", "percent", "per_person_year"
HOURS, DAYS, TEXT, NUMBER = "hours", "days", "text", "number"

# Breakdown kinds (how rows relate to the total: ADDITIVE, DISTINCT, SHARES) are the
# suppression rules' own, imported above.

ALL_SCOPES = frozenset({"site", "program", "network"})
RAW, ROLLUP = "raw", "rollup"


@dataclass(frozen=True)
class Measure:
    """One computed value. ``value`` None means it could not be worked out (see ``note``).
    ``parts`` are the counts a ratio, percentage or rate was worked out from, and
    ``part_keys`` the indicators they are: it is shown only when every part may be."""

    value: int | float | str | None
    unit: str
    parts: tuple[int, ...] = ()
    note: str = ""
    part_keys: tuple[str, ...] = ()

    @property
    def is_count(self) -> bool:
        return self.unit in COUNTS


@dataclass(frozen=True)
class Category:
    key: object
    label: str
    measure: Measure


@dataclass(frozen=True)
class Breakdown:
    """An indicator split by a dimension (site, modality, week…) with its total."""

    dimension: str
    categories: list[Category]
    total: Measure
    kind: str = ADDITIVE


@dataclass(frozen=True, kw_only=True)
class Indicator:
    key: str
    name: Promise | str
    description: Promise | str
    unit: str
    disaggregations: tuple[str, ...] = ()
    kind: str = ADDITIVE  # how its breakdowns relate to the total
    scopes: frozenset[str] = ALL_SCOPES
    source: str = RAW

    def compute(self, calc: Calculator) -> Measure | Breakdown:
        raise NotImplementedError

    def breakdown(self, calc: Calculator, by: str) -> Breakdown:
        raise ValueError(f"{self.key} cannot be broken down by {by}")


@dataclass(frozen=True)
class Rollup:
    """The same figure from a daily rollup table: ``expression(scope)`` aggregates its
    rows; ``by`` are the breakdowns it can give (others are read from the raw table).

    ``people`` marks a count of distinct people over person-days meeting a condition
    (``Q()``: any): totals are then counted over one row per person, which the database
    groups by hashing, rather than by sorting every person-day for COUNT(DISTINCT)."""

    table: str
    expression: Callable[[Scope], Aggregate]
    by: tuple[str, ...] = ("site", "modality", "week", "program")
    people: Q | None = None


@dataclass(frozen=True, kw_only=True)
class AggregateIndicator(Indicator):
    """A count or sum over one table's rows (visits, visit items, services, reports).

    ``expression(scope, prefix)`` returns the aggregate; ``prefix`` is the path from the
    table to the visit ("" for visits, "encounter__" for items and services). With
    ``source="rollup"``, ``rollup`` says how to read it from the daily rollups."""

    table: str
    expression: Callable[[Scope, str], Aggregate]
    rollup: Rollup | None = None

    def __post_init__(self) -> None:
        if (self.source == ROLLUP) != (self.rollup is not None):
            raise ValueError(f"{self.key}: a rollup source needs a rollup, and only it")

    def reads(self, calc: Calculator, by: str | None = None) -> tuple[str, Aggregate]:
        """(table, aggregate) this indicator is computed from in ``calc``."""
        if self.rollup is not None and calc.from_rollups and (by is None or by in self.rollup.by):
            return self.rollup.table, self.rollup.expression(calc.scope)
        return self.table, self.expression(calc.scope, sources.TABLES[self.table].prefix)

    def compute(self, calc: Calculator) -> Measure:
        calc.prefetch([self.key])
        return calc.value(self.key)

    def breakdown(self, calc: Calculator, by: str) -> Breakdown:
        if by not in self.disaggregations:
            super().breakdown(calc, by)
        calc.prefetch_breakdowns([self.key], by)
        return calc.breakdown(self.key, by)


@dataclass(frozen=True, kw_only=True)
class FunctionIndicator(Indicator):
    """Anything else: ``function(calc)`` returns a Measure or a Breakdown, usually from
    other indicators' cached values (``calc.value``) or its own aggregate queries."""

    function: Callable[[Calculator], Measure | Breakdown]
    breakdowns: Callable[[Calculator, str], Breakdown] | None = None

    def compute(self, calc: Calculator) -> Measure | Breakdown:
        return self.function(calc)

    def breakdown(self, calc: Calculator, by: str) -> Breakdown:
        if self.breakdowns is None or by not in self.disaggregations:
            return super().breakdown(calc, by)
        return self.breakdowns(calc, by)


REGISTRY: dict[str, Indicator] = {}


def alias(key: str) -> str:
    """A query alias for an indicator that cannot clash with a model field's name."""
    return f"indicator_{key}"


def register(*indicators: Indicator) -> None:
    for indicator in indicators:
        if indicator.key in REGISTRY:
            raise ValueError(f"indicator {indicator.key} is defined twice")
        REGISTRY[indicator.key] = indicator


def get(key: str) -> Indicator:
    return REGISTRY[key]


@dataclass
class Calculator:
    """Computes indicators for one period and scope, each at most once.

    ``prefetch(keys)`` computes every aggregate indicator among ``keys`` that reads the
    same table in one query, so a report of twenty counts costs a handful of queries.
    """

    period: Period
    scope: Scope
    # False: read the raw tables even where the rollups are ready (to compare the two).
    use_rollups: bool = True
    _values: dict[str, Measure | Breakdown] = field(default_factory=dict)
    _breakdowns: dict[tuple[str, str], Breakdown] = field(default_factory=dict)
    _shared: dict[str, object] = field(default_factory=dict)
    _wanted: set[str] = field(default_factory=set)  # every key given to prefetch
    _grouped: dict[tuple[str, str], dict] = field(default_factory=dict)  # {group: value}

    @property
    def from_rollups(self) -> bool:
        """Whether indicators with a rollup source read the rollups here (asked once).
        They do for periods of any length: even one day is faster from the rollups
        (bench/RESULTS.md)."""
        if "from_rollups" not in self._shared:
            with self.scope.opened():
                ready = self.use_rollups and sources.rollups_ready(self.scope)
            self._shared["from_rollups"] = ready
        return self._shared["from_rollups"]

    def part(self, period: Period) -> Calculator:
        """A calculator for a part of this one's period (a quarter of a year), sharing
        what it already asked of the database about the scope."""
        shared = {k: v for k, v in self._shared.items() if k == "from_rollups"}
        return Calculator(period, self.scope, self.use_rollups, _shared=shared)

    def prefetch(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        self._wanted.update(keys)
        by_table: dict[str, dict[str, Aggregate]] = {}
        for key in keys:
            indicator = REGISTRY[key]
            if isinstance(indicator, AggregateIndicator) and key not in self._values:
                if self.scope.kind in indicator.scopes:
                    table, aggregate = indicator.reads(self)
                    by_table.setdefault(table, {})[key] = aggregate
        for table, aggregates in by_table.items():
            with self.scope.opened():
                rows = sources.rows(table, self.period, self.scope)
                if table == "person_days":
                    people = {alias(key): REGISTRY[key].rollup.people for key in aggregates}
                    person = sources.rolled_person(self.scope)
                    if self.scope.is_network and all(
                        self._breaks_down(key, "program") for key in aggregates
                    ):
                        # A network's people by program come in the same statement:
                        # its suppression needs them (compose.hidden_inside), and
                        # counting them apart would read the person-days twice.
                        totals, by_program = sources.distinct_people_and_groups(
                            rows, person, people, sources.dimension(table, "program")
                        )
                        for key in aggregates:
                            self._grouped[(key, "program")] = {
                                group: figures.get(alias(key)) or 0
                                for group, figures in by_program.items()
                            }
                    else:
                        totals = sources.distinct_people(rows, person, people)
                elif self._sums_by_program(table, aggregates):
                    # Sums of a network's daily rollups: the network's is the sum of its
                    # programs', which its suppression needs too — one query for both.
                    by_program = sources.grouped(
                        table,
                        self.period,
                        self.scope,
                        "program",
                        {alias(key): aggregate for key, aggregate in aggregates.items()},
                    )
                    totals = {}
                    for key in aggregates:
                        found = {g: f.get(alias(key)) or 0 for g, f in by_program.items()}
                        self._grouped[(key, "program")] = found
                        totals[alias(key)] = sum(found.values())
                else:
                    totals = rows.aggregate(
                        **{alias(key): aggregate for key, aggregate in aggregates.items()}
                    )
            for key in aggregates:
                self._values[key] = Measure(totals[alias(key)] or 0, REGISTRY[key].unit)

    def _sums_by_program(self, table: str, aggregates: dict[str, Aggregate]) -> bool:
        return (
            self.scope.is_network
            and sources.TABLES[table].daily
            and all(type(aggregate) is Sum for aggregate in aggregates.values())
            and all(self._breaks_down(key, "program") for key in aggregates)
        )

    def value(self, key: str) -> Measure | Breakdown:
        if key not in self._values:
            indicator = REGISTRY[key]
            if self.scope.kind not in indicator.scopes:
                self._values[key] = Measure(
                    None, indicator.unit, note=str(not_at_scope(self.scope))
                )
            else:
                with self.scope.opened():
                    self._values[key] = indicator.compute(self)
        return self._values[key]

    def count(self, key: str) -> int:
        """The value of a count indicator as a plain number."""
        return self.value(key).value or 0

    def _breaks_down(self, key: str, by: str) -> bool:
        indicator = REGISTRY[key]
        return (
            isinstance(indicator, AggregateIndicator)
            and by in indicator.disaggregations
            and self.scope.kind in indicator.scopes
        )

    def _group(self, keys: list[str], by: str) -> None:
        """Group ``keys`` by ``by``: one query per table, which also groups the other
        prefetched indicators of that table, so a report's table of several columns
        costs one query per table rather than one per column."""
        by_table: dict[str, dict[str, Aggregate]] = {}
        for key in keys:
            if (key, by) not in self._grouped:
                table, aggregate = REGISTRY[key].reads(self, by)
                by_table.setdefault(table, {})[key] = aggregate
        for key in sorted(self._wanted):
            if (key, by) not in self._grouped and self._breaks_down(key, by):
                table, aggregate = REGISTRY[key].reads(self, by)
                if table in by_table:
                    by_table[table][key] = aggregate
        with self.scope.opened():
            for table, aggregates in by_table.items():
                if table == "person_days":
                    rows = sources.rows(table, self.period, self.scope)
                    found = sources.distinct_people(
                        rows,
                        sources.rolled_person(self.scope),
                        {alias(key): REGISTRY[key].rollup.people for key in aggregates},
                        group=sources.dimension(table, by),
                    )
                else:
                    found = sources.grouped(
                        table,
                        self.period,
                        self.scope,
                        by,
                        {alias(key): aggregate for key, aggregate in aggregates.items()},
                    )
                for key in aggregates:
                    self._grouped[(key, by)] = {
                        group: figures.get(alias(key)) or 0 for group, figures in found.items()
                    }

    def prefetch_breakdowns(self, keys: Iterable[str], by: str) -> None:
        """Break down every aggregate indicator among ``keys`` that supports ``by``: one
        grouped query per table, and the category names looked up once."""
        keys = [k for k in keys if self._breaks_down(k, by) and (k, by) not in self._breakdowns]
        if not keys:
            return
        self.prefetch(keys)
        self._group(keys, by)
        present = {
            group: 1 for key in keys for group, value in self._grouped[(key, by)].items() if value
        }
        with self.scope.opened():
            labels = sources.categories(self.period, self.scope, by, present)
        for name in keys:
            indicator, values = REGISTRY[name], self._grouped[(name, by)]
            categories = [
                Category(key, label, Measure(values.get(key, 0), indicator.unit))
                for key, label in labels
            ]
            self._breakdowns[(name, by)] = Breakdown(
                by, categories, self._values[name], indicator.kind
            )

    def memo(self, name: str, make: Callable[[], object]):
        """A value several indicators share (survey tallies), made once per calculator."""
        if name not in self._shared:
            self._shared[name] = make()
        return self._shared[name]

    def breakdown(self, key: str, by: str) -> Breakdown:
        if (key, by) not in self._breakdowns:
            with self.scope.opened():
                found = REGISTRY[key].breakdown(self, by)
            self._breakdowns.setdefault((key, by), found)
        return self._breakdowns[(key, by)]


def not_at_scope(scope: Scope) -> str:
    if scope.is_network:
        return _("Not calculated for a whole network.")
    return _("Not calculated for a single site.")
