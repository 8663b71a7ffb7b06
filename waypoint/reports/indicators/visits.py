"""Visits, people, syringes: counted from visits that were not voided."""

from __future__ import annotations

from collections import Counter

from django.db.models import Case, Count, IntegerField, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from waypoint.encounters.models import CollectionMethod
from waypoint.participants.models import Participant

from . import sources
from .base import (
    DISTINCT,
    PEOPLE,
    PERCENT,
    RATIO,
    ROLLUP,
    SYRINGES,
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

BY = ("site", "modality", "week", "program")


def _visits(condition: Q | None = None):
    return lambda scope, prefix: Count("pk", filter=condition)


def _sum(field: str, condition: Q | None = None):
    return lambda scope, prefix: Sum(field, filter=condition)


def _people(condition: Q | None = None):
    return lambda scope, prefix: Count(sources.person(scope), filter=condition, distinct=True)


def rolled_sum(column: str) -> Rollup:
    """A figure the daily rollup keeps as a column of its own."""
    return Rollup("days", lambda scope: Sum(column))


def rolled_people(condition: Q | None = None) -> Rollup:
    """Distinct people over the person-days of the period."""
    return Rollup(
        "person_days",
        lambda scope: Count(sources.rolled_person(scope), filter=condition, distinct=True),
        people=condition or Q(),
    )


VISIT_COUNT = AggregateIndicator(
    key="visits",
    name=_("Participant visits"),
    description=_(
        "Every visit logged in the period, anonymous or not, counted once per visit. "
        "Voided visits are not counted."
    ),
    unit=VISITS,
    table="encounters",
    expression=_visits(),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("visits"),
)
ANONYMOUS_VISITS = AggregateIndicator(
    key="anonymous_visits",
    name=_("Anonymous visits"),
    description=_("Visits logged without a participant record."),
    unit=VISITS,
    table="encounters",
    expression=_visits(Q(participant__isnull=True)),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("anonymous_visits"),
)
UNIQUE_PEOPLE = AggregateIndicator(
    key="unique_people",
    name=_("People served (unduplicated)"),
    description=_(
        "Different people with a participant record who had at least one visit in the "
        "period. A record merged into another counts as that other record. Across a "
        "network, people are matched by their network key, so someone who visits two "
        "programs with the same code counts once. Anonymous visits are not included."
    ),
    unit=PEOPLE,
    kind=DISTINCT,
    table="encounters",
    expression=_people(),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_people(),
)
SYRINGES_GIVEN = AggregateIndicator(
    key="syringes_given",
    name=_("Syringes distributed"),
    description=_(
        "Syringes given at visits in the period: each supply item's syringes per unit "
        "times the units given."
    ),
    unit=SYRINGES,
    table="encounters",
    expression=_sum("syringes_given"),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("syringes_given"),
)
SYRINGES_COLLECTED = AggregateIndicator(
    key="syringes_collected",
    name=_("Used syringes collected"),
    description=_(
        "Used syringes returned at visits in the period: counted, or estimated from the "
        "container size or weight."
    ),
    unit=SYRINGES,
    table="encounters",
    expression=_sum("syringes_collected"),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("syringes_collected"),
)
SYRINGES_COLLECTED_ESTIMATED = AggregateIndicator(
    key="syringes_collected_estimated",
    name=_("Used syringes collected, estimated"),
    description=_(
        "The part of the used syringes collected that was estimated from a container size "
        "or a weight rather than counted."
    ),
    unit=SYRINGES,
    table="encounters",
    expression=_sum(
        "syringes_collected",
        Q(collection_method__in=[CollectionMethod.CONTAINER, CollectionMethod.WEIGHT]),
    ),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("syringes_collected_estimated"),
)
VISITS_WITH_RETURNS = AggregateIndicator(
    key="visits_with_returns",
    name=_("Visits where used syringes were returned"),
    description=_("Visits in the period with at least one used syringe collected."),
    unit=VISITS,
    table="encounters",
    expression=_visits(Q(syringes_collected__gt=0)),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("visits_with_returns"),
)
SECONDARY_VISITS = AggregateIndicator(
    key="secondary_visits",
    name=_("Visits with secondary distribution"),
    description=_(
        "Visits in the period where the participant took supplies for other people "
        "(secondary or peer distribution)."
    ),
    unit=VISITS,
    table="encounters",
    expression=_visits(Q(secondary_recipients__gt=0)),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("secondary_visits"),
)
SECONDARY_RECIPIENTS = AggregateIndicator(
    key="secondary_recipients",
    name=_("People supplied through secondary distribution"),
    description=_(
        "The number of other people participants said they were taking supplies for, "
        "added up over the visits in the period (as reported; people may be counted more "
        "than once)."
    ),
    unit=PEOPLE,
    table="encounters",
    expression=_sum("secondary_recipients"),
    disaggregations=BY,
    source=ROLLUP,
    rollup=rolled_sum("secondary_recipients"),
)


def _collection_ratio(calc: Calculator) -> Measure:
    collected, given = calc.count("syringes_collected"), calc.count("syringes_given")
    value = round(collected / given, 2) if given else None
    note = "" if given else str(_("No syringes were distributed in the period."))
    return Measure(
        value,
        RATIO,
        parts=(collected, given),
        note=note,
        part_keys=("syringes_collected", "syringes_given"),
    )


COLLECTION_RATIO = FunctionIndicator(
    key="collection_ratio",
    name=_("Collection ratio"),
    description=_(
        "Used syringes collected divided by syringes distributed in the same period "
        "(1.00 means as many came back as went out)."
    ),
    unit=RATIO,
    function=_collection_ratio,
)


def _regular_people(calc: Calculator) -> Measure:
    windows = calc.period.windows(30)
    if calc.from_rollups:
        visits = sources.rows("person_days", calc.period, calc.scope)
        who = sources.rolled_person(calc.scope)
        spans = [Q(day__gte=w.start, day__lte=w.end) for w in windows]
    else:
        visits = sources.encounters(calc.period, calc.scope).filter(participant__isnull=False)
        who = sources.person(calc.scope)
        spans = [
            Q(occurred_at__gte=begin, occurred_at__lt=finish)
            for begin, finish in (w.bounds() for w in windows)
        ]
    window = Case(
        *[When(span, then=Value(index)) for index, span in enumerate(spans)],
        default=None,
        output_field=IntegerField(),
    )
    people = visits.values(who=who).annotate(windows=Count(window, distinct=True))
    return Measure(people.filter(windows=len(windows)).count(), PEOPLE)


REGULAR_PEOPLE = FunctionIndicator(
    key="regular_people",
    name=_("People with regular access"),
    description=_(
        "People with a participant record who had at least one visit in every 30-day "
        "window of the period. Windows run in steps of 30 days from the first day of the "
        "period; days after the last full window are not used, and a period shorter than "
        "30 days is a single window. Merged records count as the record they were merged "
        "into; anonymous visits are not included."
    ),
    unit=PEOPLE,
    function=_regular_people,
    source=ROLLUP,
)


def _regular_access(calc: Calculator) -> Measure:
    regular, people = calc.count("regular_people"), calc.count("unique_people")
    value = round(100 * regular / people, 1) if people else None
    note = "" if people else str(_("No participant with a record visited in the period."))
    return Measure(
        value,
        PERCENT,
        parts=(regular, people),
        note=note,
        part_keys=("regular_people", "unique_people"),
    )


REGULAR_ACCESS = FunctionIndicator(
    key="regular_access",
    name=_("Regular access"),
    description=_(
        "Of the people served (unduplicated), the percentage with regular access: at "
        "least one visit in every 30-day window of the period, as defined for “People "
        "with regular access”."
    ),
    unit=PERCENT,
    function=_regular_access,
)


def _firsts(calc: Calculator, *, per_program: bool):
    """Who had their first record in the period: a network's people by network key, a
    program's by record (a merged record counts as the one it was merged into)."""
    begin, finish = calc.period.bounds()
    if calc.scope.is_network and not per_program:
        who = Coalesce("merged_into__network_key", "network_key")
    else:
        who = Coalesce("merged_into", "pk")
    fields = ("program",) if per_program else ()
    return (
        Participant.objects.filter(calc.scope.filter(site_field=None))
        .values(*fields, who=who)
        .annotate(first=Min("created_at"))
        .filter(first__gte=begin, first__lt=finish)
    )


def _new_people(calc: Calculator) -> Measure:
    return Measure(_firsts(calc, per_program=False).count(), PEOPLE)


def _new_people_by_program(calc: Calculator, by: str) -> Breakdown:
    """Each program's own new participants (a person new to the network may be known to
    one program already), from one query."""
    # One row per new person (a quarter's newcomers, not its visits), counted by program.
    counts = Counter(row["program"] for row in _firsts(calc, per_program=True))
    labels = sources.categories(calc.period, calc.scope, by, counts)
    categories = [Category(pk, label, Measure(counts.get(pk, 0), PEOPLE)) for pk, label in labels]
    return Breakdown(by, categories, calc.value("new_people"), DISTINCT)


NEW_PEOPLE = FunctionIndicator(
    key="new_people",
    name=_("New participants (registered in the period)"),
    description=_(
        "People whose first participant record was created in the period. Records merged "
        "together count once, from the earliest of them; across a network, a person "
        "already registered at another program is not new."
    ),
    unit=PEOPLE,
    scopes=frozenset({"program", "network"}),
    function=_new_people,
    disaggregations=("program",),
    breakdowns=_new_people_by_program,
)

register(
    VISIT_COUNT,
    ANONYMOUS_VISITS,
    UNIQUE_PEOPLE,
    SYRINGES_GIVEN,
    SYRINGES_COLLECTED,
    SYRINGES_COLLECTED_ESTIMATED,
    VISITS_WITH_RETURNS,
    SECONDARY_VISITS,
    SECONDARY_RECIPIENTS,
    COLLECTION_RATIO,
    REGULAR_PEOPLE,
    REGULAR_ACCESS,
    NEW_PEOPLE,
)
