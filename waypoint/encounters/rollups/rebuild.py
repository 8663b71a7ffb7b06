"""The daily rollups worked out again from the raw visits: to rebuild them, and to check
that the write path kept them exact.

Each rollup table has a raw query giving the rows it should hold (one aggregate over the
visits, their items or their services, grouped by the rollup's key). Rebuilding inserts
that query's rows; checking compares them with the stored rows in the database
(``EXCEPT`` both ways), so neither side is ever loaded into memory whole.

Both take the programs (all by default) and the days, ``(first, last)`` both included
in the program's time zone (all time by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from waypoint.core.models import Program
from waypoint.participants.models import Participant

from ..models import Direction, Encounter, EncounterItem, EncounterService
from . import writes
from .models import (
    DailyItemRollup,
    DailyRollup,
    DailyServiceRollup,
    NetworkKey,
    ParticipantDay,
    RollupState,
)
from .writes import ESTIMATED, KEY, KIT_COLUMNS, SUMS

Days = tuple[dt.date, dt.date]  # the first and the last day, both included


@dataclass(frozen=True)
class Spec:
    model: type
    columns: tuple[str, ...]  # key columns first, then the figures
    keys: int  # how many of ``columns`` are the key
    # Person-days store a network key's number (key_id) and are compared by the key.
    numbered: bool = False

    def expected(self, programs: list[int], days: Days | None):
        return EXPECTED[self.model](programs, days)

    def stored(self, programs: list[int], days: Days | None):
        rows = self.model.unscoped.filter(program__in=programs)
        if days is not None:
            rows = rows.filter(day__range=days)
        columns = [("key__key" if c == "key_id" else c) for c in self.columns]
        return rows.values_list(*columns).order_by()


SPECS = (
    Spec(DailyRollup, (*KEY, *SUMS), len(KEY)),
    Spec(DailyItemRollup, (*KEY, "item_id", "units_given"), len(KEY) + 1),
    Spec(DailyServiceRollup, (*KEY, "service", "visits"), len(KEY) + 1),
    Spec(
        ParticipantDay,
        (*KEY, "person_id", "key_id", "visits", "naloxone_visits"),
        len(KEY) + 2,
        numbered=True,
    ),
)


def _visits(programs: list[int], days: Days | None, prefix: str = ""):
    """Filter for the not-voided visits of ``programs`` on ``days``."""
    condition = Q(**{f"{prefix}program__in": programs, f"{prefix}voided_at__isnull": True})
    if days is not None:
        zone = timezone.get_default_timezone()
        begin = dt.datetime.combine(days[0], dt.time.min, tzinfo=zone)
        finish = dt.datetime.combine(days[1] + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        condition &= Q(**{f"{prefix}occurred_at__gte": begin, f"{prefix}occurred_at__lt": finish})
    return condition


def _key(prefix: str = "") -> dict:
    """The rollup key of a visit, as named expressions in KEY's order."""
    return {
        "r_program": F(f"{prefix}program"),
        "r_day": TruncDate(f"{prefix}occurred_at", tzinfo=timezone.get_default_timezone()),
        "r_site": F(f"{prefix}site"),
        "r_modality": F(f"{prefix}modality"),
    }


def _count(condition: Q | None = None):
    return Count("pk", filter=condition)


def _days(programs, days):
    figures = {
        "visits": _count(),
        "anonymous_visits": _count(Q(participant__isnull=True)),
        "syringes_given": Sum("syringes_given"),
        "syringes_collected": Sum("syringes_collected"),
        "syringes_collected_estimated": Coalesce(
            Sum("syringes_collected", filter=Q(collection_method__in=ESTIMATED)), Value(0)
        ),
        "visits_with_returns": _count(Q(syringes_collected__gt=0)),
        "secondary_visits": _count(Q(secondary_recipients__gt=0)),
        "secondary_recipients": Sum("secondary_recipients"),
        "naloxone_doses": Sum("naloxone_doses_given"),
        "naloxone_visits": _count(Q(naloxone_doses_given__gt=0)),
        "naloxone_anonymous_visits": _count(
            Q(naloxone_doses_given__gt=0, participant__isnull=True)
        ),
        **{column: _count(Q(kit_outcome=kit)) for kit, column in KIT_COLUMNS.items()},
    }
    return (
        Encounter.unscoped.filter(_visits(programs, days))
        .values(**_key())
        .annotate(**{f"v_{name}": figures[name] for name in SUMS})
    )


def _items(programs, days):
    lines = EncounterItem.unscoped.filter(
        _visits(programs, days, "encounter__"), direction=Direction.GIVEN, quantity__gt=0
    )
    return lines.values(**_key("encounter__"), r_item=F("item")).annotate(v_units=Sum("quantity"))


def _services(programs, days):
    rows = EncounterService.unscoped.filter(_visits(programs, days, "encounter__"))
    return rows.values(**_key("encounter__"), r_service=F("service")).annotate(v_visits=Count("pk"))


def _people(programs, days):
    visits = Encounter.unscoped.filter(_visits(programs, days), participant__isnull=False)
    return visits.values(
        **_key(),
        r_person=Coalesce("participant__merged_into", "participant"),
        r_network_key=Coalesce("participant__merged_into__network_key", "participant__network_key"),
    ).annotate(v_visits=Count("pk"), v_naloxone=_count(Q(naloxone_doses_given__gt=0)))


EXPECTED = {
    DailyRollup: _days,
    DailyItemRollup: _items,
    DailyServiceRollup: _services,
    ParticipantDay: _people,
}


def _select(queryset, *, numbered: bool = False, ordered: bool = False) -> tuple[str, list]:
    """SQL selecting ``queryset``'s named columns in order (keys, then figures).
    ``numbered``: each network key's number in place of the key. ``ordered``: in the
    order reports read them (by day, then program), so a period's rows lie together."""
    sql, params = queryset.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    names = [f"expected.{quote(n)}" for n in queryset.query.annotation_select]
    joined = ""
    if numbered:
        names = [("numbers.id" if n == f"expected.{quote('r_network_key')}" else n) for n in names]
        joined = (
            f" JOIN {quote(NetworkKey._meta.db_table)} numbers"
            f" ON numbers.{quote('key')} = expected.{quote('r_network_key')}"
        )
    order = f" ORDER BY expected.{quote('r_day')}, expected.{quote('r_program')}" if ordered else ""
    return f"SELECT {', '.join(names)} FROM ({sql}) expected{joined}{order}", list(params)


def _number_keys(programs: list[int]) -> None:
    keys = Participant.unscoped.filter(program__in=programs).values("network_key").distinct()
    # In key order, as visits number theirs (``writes.number_keys``): two writers never
    # wait for each other's keys in opposite orders.
    sql, params = keys.order_by("network_key").query.sql_with_params()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(NetworkKey._meta.db_table)} ({quote('key')}) {sql} "
            "ON CONFLICT DO NOTHING",
            params,
        )


def program_ids(programs: Iterable | None) -> list[int]:
    found = Program.objects.all() if programs is None else Program.objects.filter(pk__in=programs)
    return list(found.order_by("pk").values_list("pk", flat=True))


def rebuild(programs: Iterable[int] | None = None, days: Days | None = None) -> int:
    """Replace the rollups of ``programs`` (all by default) on ``days`` (all time by
    default) by what the raw visits give; a program rebuilt for all time is marked
    ready. Visits of these programs logged meanwhile wait for it and then add
    themselves; other programs' visits do not wait. Returns rows."""
    ids = program_ids(programs)
    written = 0
    if not ids:
        return written
    # Network keys first, in their own short transaction: numbering is idempotent, and
    # other programs' visits number keys too (see ``_number_keys``).
    with transaction.atomic():
        _number_keys(ids)
    with transaction.atomic():
        writes.hold_programs(ids, exclusive=True)
        for spec in SPECS:
            stored = spec.model.unscoped.filter(program__in=ids)
            if days is not None:
                stored = stored.filter(day__range=days)
            stored.delete()
            if spec.numbered:
                _number_keys(ids)
            select, params = _select(spec.expected(ids, days), numbered=spec.numbered, ordered=True)
            quote = connection.ops.quote_name
            columns = ", ".join(quote(c) for c in spec.columns)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {quote(spec.model._meta.db_table)} ({columns}) {select}", params
                )
                written += cursor.rowcount
        if days is None:
            now = timezone.now()
            for pk in ids:
                RollupState.unscoped.update_or_create(program_id=pk, defaults={"built_at": now})
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Plans for the new rows; after the commit, so two rebuilds of different programs
        # do not queue on ANALYZE's table lock while their programs' visits wait.
        tables = ", ".join(connection.ops.quote_name(s.model._meta.db_table) for s in SPECS)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    return written


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    expected: tuple | None  # the figures the raw visits give (None: no row)
    stored: tuple | None  # the figures in the rollup (None: no row)


def differences(
    programs: Iterable[int] | None = None, days: Days | None = None
) -> list[Difference]:
    """Every rollup row that is not what the raw visits give, for ``programs`` (all
    by default) on ``days`` (all time by default)."""
    ids = program_ids(programs)
    found = []
    for spec in SPECS if ids else ():
        expected, expected_params = _select(spec.expected(ids, days))
        stored, stored_params = spec.stored(ids, days).query.sql_with_params()
        sql = (
            f"SELECT 0, * FROM ({expected} EXCEPT {stored}) missing "
            f"UNION ALL SELECT 1, * FROM ({stored} EXCEPT {expected}) extra"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [*expected_params, *stored_params, *stored_params, *expected_params]
            )
            rows = cursor.fetchall()
        by_key: dict[tuple, list] = {}
        for side, *values in rows:
            key = tuple(_plain(v) for v in values[: spec.keys])
            by_key.setdefault(key, [None, None])[side] = tuple(values[spec.keys :])
        found += [
            Difference(spec.model._meta.db_table, key, pair[0], pair[1])
            for key, pair in sorted(by_key.items(), key=lambda kv: str(kv[0]))
        ]
    return found


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def unready(programs: Iterable[int] | None = None) -> list[int]:
    """Programs whose rollups were never built (their reports read the raw visits)."""
    ids = program_ids(programs)
    ready = set(RollupState.unscoped.filter(program__in=ids).values_list("program", flat=True))
    return [pk for pk in ids if pk not in ready]
