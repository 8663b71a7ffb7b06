"""The tables indicators read, filtered to a period and a scope, and the dimensions
they can be grouped by. Voided visits — and everything recorded at them — are left out
here, once, for every indicator reading the raw tables; the daily rollups (``days``,
``day_items``, ``day_services``, ``person_days``) never hold them.

Callers run inside ``scope.opened()`` (the calculator does this).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, Max, Q, Value, When
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import formats, timezone

from waypoint.core.models import Modality, Program, Site
from waypoint.encounters.models import (
    DailyItemRollup,
    DailyRollup,
    DailyServiceRollup,
    Direction,
    Encounter,
    EncounterItem,
    EncounterService,
    KitOutcome,
    ParticipantDay,
    RollupState,
)
from waypoint.overdoses.models import OverdoseReport
from waypoint.supplies.models import SupplyItem

from ..period import Period, Scope


@dataclass(frozen=True)
class Table:
    model: type
    prefix: str  # path from a row to its visit ("" for visits)
    time: str  # the row's time field (a day, for rollups)
    site: str = "site"
    daily: bool = False  # a rollup: one row per day, nothing voided in it


TABLES = {
    "encounters": Table(Encounter, "", "occurred_at"),
    "items": Table(EncounterItem, "encounter__", "encounter__occurred_at", "encounter__site"),
    "services": Table(EncounterService, "encounter__", "encounter__occurred_at", "encounter__site"),
    "overdoses": Table(OverdoseReport, "", "created_at"),
    "days": Table(DailyRollup, "", "day", daily=True),
    "day_items": Table(DailyItemRollup, "", "day", daily=True),
    "day_services": Table(DailyServiceRollup, "", "day", daily=True),
    "person_days": Table(ParticipantDay, "", "day", daily=True),
}


def rollups_ready(scope: Scope) -> bool:
    """Whether the rollups hold the whole history of every program in ``scope`` (the
    visit write path keeps them from a program's first visit on, ``rebuild_rollups``
    builds them for older visits). One query."""
    if scope.is_network:
        return not Program.objects.filter(network=scope.network, rollup_state__isnull=True).exists()
    return RollupState.unscoped.filter(program=scope.program).exists()


def rows(table: str, period: Period, scope: Scope):
    """The table's rows in ``period`` and ``scope``, voided visits excluded."""
    spec = TABLES[table]
    if spec.daily:
        return spec.model.objects.filter(scope.filter(), day__gte=period.start, day__lte=period.end)
    begin, finish = period.bounds()
    queryset = spec.model.objects.filter(
        scope.filter(spec.prefix), **{f"{spec.time}__gte": begin, f"{spec.time}__lt": finish}
    )
    if table == "overdoses":
        # A report told at a visit that was later voided goes with the visit.
        return queryset.filter(voided_at__isnull=True).filter(
            Q(encounter__isnull=True) | Q(encounter__voided_at__isnull=True)
        )
    return queryset.filter(**{f"{spec.prefix}voided_at__isnull": True})


def encounters(period: Period, scope: Scope):
    return rows("encounters", period, scope)


def items_given(period: Period, scope: Scope):
    return rows("items", period, scope).filter(direction=Direction.GIVEN)


def person(scope: Scope, prefix: str = ""):
    """Who a visit was with, counting a merged record as the record it was merged into:
    the participant's id within a program, their network key across a network."""
    if scope.is_network:
        return Coalesce(
            f"{prefix}participant__merged_into__network_key", f"{prefix}participant__network_key"
        )
    return Coalesce(f"{prefix}participant__merged_into", f"{prefix}participant")


def rolled_person(scope: Scope) -> F:
    """``person`` for the person-days rollup, which stores the merged-into record."""
    return F("key") if scope.is_network else F("person")


def _per_person(rows, person, conditions: dict[str, Q], group=None):
    """SQL (and params) of one row per person (per group and person with ``group``)
    carrying a 0/1 flag per condition, and the SQL summing those rows into counts."""
    flags = {
        f"{name}_seen": Max(Case(When(condition, then=Value(1)), default=Value(0)))
        for name, condition in conditions.items()
        if condition
    }
    groups = {} if group is None else {"g": F(group) if isinstance(group, str) else group}
    per_person = rows.values(**groups, who=person).annotate(days=Count("pk"), **flags)
    sql, params = per_person.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    counts = ", ".join(
        f"COALESCE(SUM({quote(f'{name}_seen')}), 0)" if condition else "COUNT(*)"
        for name, condition in conditions.items()
    )
    return sql, params, counts


def _group_value(group, value):
    if isinstance(group, TruncWeek):  # as Django would convert it
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        elif isinstance(value, dt.datetime):
            value = value.date()
    return value


def distinct_people(rows, person, conditions: dict[str, Q], group=None) -> dict:
    """{name: people with a row meeting the condition} (``Q()``: any row), counted over
    one row per person, which the database groups by hashing (COUNT(DISTINCT …) would
    sort every row). With ``group``: {group value: {name: people}}."""
    sql, params, counts = _per_person(rows, person, conditions, group)
    grouping = ("g, ", " GROUP BY g") if group is not None else ("", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {grouping[0]}{counts} FROM ({sql}) per_person{grouping[1]}", params)
        found = cursor.fetchall()
    if group is None:
        return dict(zip(conditions, found[0], strict=True))
    return {
        _group_value(group, value): dict(zip(conditions, counted, strict=True))
        for value, *counted in found
    }


def distinct_people_and_groups(rows, person, conditions: dict[str, Q], group) -> tuple:
    """``distinct_people`` of the whole and by ``group`` in one statement, reading the
    rows once: one row per group and person, then those rows summed by group, and
    merged per person for the whole (a person in two groups counts once). Returns
    ({name: people}, {group value: {name: people}})."""
    sql, params, counts = _per_person(rows, person, conditions, group)
    quote = connection.ops.quote_name
    flags = [quote(f"{name}_seen") for name, condition in conditions.items() if condition]
    merged = ", ".join(["who", *(f"MAX({flag}) AS {flag}" for flag in flags)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH per_person AS ({sql}) "
            f"SELECT 0, g, {counts} FROM per_person GROUP BY g "
            f"UNION ALL SELECT 1, NULL, {counts} FROM "
            f"(SELECT {merged} FROM per_person GROUP BY who) per_whole",
            params,
        )
        found = cursor.fetchall()
    by_group, whole = {}, None
    for is_whole, value, *counted in found:
        if is_whole:
            whole = dict(zip(conditions, counted, strict=True))
        else:
            by_group[_group_value(group, value)] = dict(zip(conditions, counted, strict=True))
    return whole, by_group


def dimension(table: str, by: str):
    """The field or expression to group ``table`` by for dimension ``by``."""
    spec = TABLES[table]
    if by == "week":
        if spec.daily:
            return TruncWeek(spec.time)
        return TruncWeek(spec.time, tzinfo=timezone.get_default_timezone())
    if by == "site":
        return spec.site
    if by == "program":
        return f"{spec.prefix}program" if table != "overdoses" else "program"
    if by == "item":
        return "item"
    if by in ("modality", "kit_outcome"):
        return f"encounter__{by}" if table == "overdoses" else f"{spec.prefix}{by}"
    raise ValueError(f"unknown dimension {by}")


def grouped(table: str, period: Period, scope: Scope, by: str, aggregates: dict) -> dict:
    """{dimension value: {name: aggregate}} in one query (weeks keyed by their Monday)."""
    group = dimension(table, by)
    queryset = rows(table, period, scope).values(
        group=F(group) if isinstance(group, str) else group
    )
    found = {}
    for row in queryset.annotate(**aggregates).order_by():
        key = row.pop("group")
        found[key.date() if isinstance(key, dt.datetime) else key] = row
    return found


def categories(period: Period, scope: Scope, by: str, present: dict | None = None) -> list:
    """(key, label) of a dimension's categories, in display order. Sites, programs,
    weeks and kit outcomes are listed even with no rows (they show 0); inactive sites
    and programs, catalog items and modalities only when ``present`` has figures."""
    present = present or {}
    used = [key for key, value in present.items() if key is not None and value]
    if by == "site":
        sites = Site.objects.filter(scope.filter(site_field="pk"))
        if scope.kind != "site":
            sites = sites.filter(Q(is_active=True) | Q(pk__in=used))
        return list(sites.order_by("program__name", "name").values_list("pk", "name"))
    if by == "program":
        programs = Program.objects.filter(network=scope.network).filter(
            Q(is_active=True) | Q(pk__in=used)
        )
        return list(programs.order_by("name").values_list("pk", "name"))
    if by == "item":
        items = SupplyItem.objects.filter(scope.filter(site_field=None)).filter(
            Q(syringes_per_unit__gt=0, is_active=True) | Q(pk__in=used)
        )
        return list(items.order_by("program__name", "sort_order", "name").values_list("pk", "name"))
    if by == "modality":
        return [(v, str(label)) for v, label in Modality.choices if present.get(v)]
    if by == "kit_outcome":
        return [(v, str(label)) for v, label in KitOutcome.choices]
    if by == "week":
        return [(week, week_label(week)) for week in period.week_starts()]
    raise ValueError(f"unknown dimension {by}")


def week_label(week: dt.date) -> str:
    return formats.date_format(week, "SHORT_DATE_FORMAT")
