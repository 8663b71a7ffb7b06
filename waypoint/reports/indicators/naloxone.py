"""Naloxone (OEND) program metrics and reversals reported by participants."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.encounters.models import KitOutcome
from waypoint.encounters.rollups.writes import KIT_COLUMNS
from waypoint.overdoses.models import Relationship
from waypoint.supplies.models import StockMovement, SupplyCategory

from ..period import Period, Scope
from . import sources
from .base import (
    ADDITIVE,
    DAYS,
    DISTINCT,
    DOSES,
    EVENTS,
    PEOPLE,
    ROLLUP,
    TEXT,
    VISITS,
    AggregateIndicator,
    Breakdown,
    Calculator,
    Category,
    FunctionIndicator,
    Measure,
    Rollup,
    register,
)
from .visits import rolled_people, rolled_sum

BY = ("site", "modality", "week", "program")
GAVE_NALOXONE = Q(naloxone_doses_given__gt=0)


def _local_day(field: str):
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


DOSES_GIVEN = AggregateIndicator(
    key="naloxone_doses",
    name=_("Naloxone doses distributed"),
    description=_(
        "Naloxone doses given at visits in the period, refills included: each naloxone "
        "item's doses per unit times the units given (a two-dose kit counts 2)."
    ),
    unit=DOSES,
    table="encounters",
    expression=lambda scope, prefix: Sum("naloxone_doses_given"),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("naloxone_doses"),
)
NALOXONE_VISITS = AggregateIndicator(
    key="naloxone_visits",
    name=_("Visits where naloxone was given"),
    description=_("Visits in the period where at least one naloxone dose was given."),
    unit=VISITS,
    table="encounters",
    expression=lambda scope, prefix: Count("pk", filter=GAVE_NALOXONE),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("naloxone_visits"),
)
NALOXONE_PEOPLE = AggregateIndicator(
    key="naloxone_people",
    name=_("Participants who received naloxone"),
    description=_(
        "Different people with a participant record given naloxone at least once in the "
        "period (merged records counted once)."
    ),
    unit=PEOPLE,
    kind=DISTINCT,
    table="encounters",
    expression=lambda scope, prefix: Count(
        sources.person(scope), filter=GAVE_NALOXONE, distinct=True
    ),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_people(Q(naloxone_visits__gt=0)),
)
NALOXONE_ANONYMOUS = AggregateIndicator(
    key="naloxone_anonymous_visits",
    name=_("Anonymous visits where naloxone was given"),
    description=_(
        "Visits without a participant record where naloxone was given; each is counted as "
        "one person because anonymous visits cannot be told apart."
    ),
    unit=VISITS,
    table="encounters",
    expression=lambda scope, prefix: Count(
        "pk", filter=GAVE_NALOXONE & Q(participant__isnull=True)
    ),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("naloxone_anonymous_visits"),
)
REFILLS = AggregateIndicator(
    key="naloxone_refills",
    name=_("Naloxone refills"),
    description=_(
        "Visits in the period where staff recorded what happened to the participant's "
        "previous naloxone kit (a refill), by what happened to it."
    ),
    unit=VISITS,
    table="encounters",
    expression=lambda scope, prefix: Count("pk", filter=~Q(kit_outcome="")),
    disaggregations=("kit_outcome", *BY),
    source=ROLLUP,
    # The rollup keeps one column per kit outcome: the breakdown by outcome reads visits.
    rollup=Rollup(
        "days", lambda scope: Sum(sum((F(KIT_COLUMNS[k]) for k in KitOutcome), Value(0)))
    ),
)
REVERSALS = AggregateIndicator(
    key="reversals",
    name=_("Overdose reversals reported by participants"),
    description=_(
        "Overdose reversal reports recorded in the period (by the day they were reported), "
        "not counting a participant's own overdose. Voided reports, and reports told at a "
        "visit that was voided, are not counted."
    ),
    unit=EVENTS,
    table="overdoses",
    expression=lambda scope, prefix: Count("pk", filter=~Q(relationship=Relationship.SELF)),
    disaggregations=("site", "week", "program"),
)


def _recipients(calc: Calculator) -> Breakdown:
    people = calc.value("naloxone_people")
    anonymous = calc.value("naloxone_anonymous_visits")
    return Breakdown(
        "recipients",
        [
            Category("people", str(_("Participants with a record (each counted once)")), people),
            Category(
                "anonymous", str(_("Anonymous visits (each counted as one person)")), anonymous
            ),
        ],
        Measure(people.value + anonymous.value, PEOPLE),
        ADDITIVE,
    )


RECIPIENTS = FunctionIndicator(
    key="naloxone_recipients",
    name=_("Persons receiving naloxone"),
    description=_(
        "Participants with a record who received naloxone, counted once each, plus "
        "anonymous visits where naloxone was given, counted as one person per visit (the "
        "same anonymous person may be counted more than once)."
    ),
    unit=PEOPLE,
    function=_recipients,
)


def _days_offered(calc: Calculator) -> Measure:
    last = calc.period.last_days(28)
    if calc.from_rollups:
        days = sources.rows("days", last, calc.scope).filter(naloxone_visits__gt=0)
        return Measure(days.aggregate(n=Count("day", distinct=True))["n"], DAYS)
    days = (
        sources.encounters(last, calc.scope)
        .filter(GAVE_NALOXONE)
        .aggregate(n=Count(_local_day("occurred_at"), distinct=True))["n"]
    )
    return Measure(days, DAYS)


DAYS_OFFERED = FunctionIndicator(
    key="naloxone_days_offered",
    name=_("Days naloxone was given, last 28 days"),
    description=_(
        "Of the last 28 days of the period (or all of it, if shorter), the days with at "
        "least one visit where naloxone was given."
    ),
    unit=DAYS,
    function=_days_offered,
    source=ROLLUP,
)


def _days_out(period: Period, scope: Scope) -> tuple[set[dt.date], bool]:
    """The days of ``period`` on which the recorded naloxone stock of at least one site
    of ``scope`` ended the day at zero or below, and whether any naloxone stock had been
    recorded by the end of the period."""
    begin, finish = period.bounds()
    movements = StockMovement.objects.filter(
        scope.filter(), item__category=SupplyCategory.NALOXONE, created_at__lt=finish
    )
    opening = dict(
        movements.filter(created_at__lt=begin)
        .values("site")
        .annotate(total=Sum("quantity"))
        .order_by()
        .values_list("site", "total")
    )
    daily: dict[int, dict[dt.date, int]] = {}
    changes = (
        movements.filter(created_at__gte=begin)
        .values("site", day=_local_day("created_at"))
        .annotate(net=Sum("quantity"))
        .order_by()
        .values_list("site", "day", "net")
    )
    for site, day, net in changes:
        daily.setdefault(site, {})[day] = net
    out: set[dt.date] = set()
    for site in set(opening) | set(daily):
        on_hand = opening.get(site)  # None: the site carried no naloxone yet
        day = period.start
        while day <= period.end:
            if day in daily.get(site, {}):
                on_hand = (on_hand or 0) + daily[site][day]
            if on_hand is not None and on_hand <= 0:
                out.add(day)
            day += dt.timedelta(days=1)
    return out, bool(opening or daily)


def _stockout_days(calc: Calculator) -> Measure:
    return Measure(len(_days_out(calc.period, calc.scope)[0]), DAYS)


STOCKOUT_DAYS = FunctionIndicator(
    key="naloxone_stockout_days",
    name=_("Days naloxone ran out at a site"),
    description=_(
        "Days in the period on which the recorded naloxone stock of at least one site "
        "ended the day at zero or below, worked out from the stock ledger (receipts, "
        "visits, transfers, counts) by the day each movement was recorded. A site counts "
        "from the first day it had any naloxone movement. Only as accurate as the stock "
        "recorded: a shelf that was never counted may hold more or less."
    ),
    unit=DAYS,
    function=_stockout_days,
)


def three_months_to(end: dt.date) -> Period:
    """The 3 calendar months ending on ``end``: from the day after the same date 3 months
    earlier (the month's last day where that month is shorter), e.g. 1 January to
    31 March."""
    month = end.month - 3
    year, month = end.year + (month - 1) // 12, (month - 1) % 12 + 1
    day = min(end.day, calendar.monthrange(year, month)[1])
    return Period(dt.date(year, month, day) + dt.timedelta(days=1), end)


def _program_ran_out(calc: Calculator) -> Measure:
    out, recorded = _days_out(three_months_to(calc.period.end), calc.scope)
    if not recorded:
        return Measure(None, TEXT, note=gettext("No naloxone stock is recorded in Waypoint."))
    return Measure(gettext("Yes") if out else gettext("No"), TEXT)


PROGRAM_RAN_OUT = FunctionIndicator(
    key="naloxone_program_ran_out",
    name=_("Program ran out of naloxone in the past 3 months"),
    description=_(
        "Yes if the recorded naloxone stock of at least one site ended a day at zero or "
        "below in the 3 months ending on the last day of the period (worked out from the "
        "stock ledger as for the days naloxone ran out at a site, so it may reach back "
        "before the period starts); No if it never did; not available if no naloxone "
        "stock was recorded by the end of the period. Rationing is not recorded."
    ),
    unit=TEXT,
    function=_program_ran_out,
)

register(
    DOSES_GIVEN,
    NALOXONE_VISITS,
    NALOXONE_PEOPLE,
    NALOXONE_ANONYMOUS,
    REFILLS,
    REVERSALS,
    RECIPIENTS,
    DAYS_OFFERED,
    STOCKOUT_DAYS,
    PROGRAM_RAN_OUT,
)
