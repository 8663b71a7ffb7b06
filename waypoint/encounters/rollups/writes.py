"""Daily rollups, kept exact by the visit write path.

The visit services call in here inside their own transaction: a new visit adds its
share to the rollups of its day, a void takes it away, an edit takes the old share away
and adds the new one. Merging participant records re-points their person-days
(``participant_merged``, called where the visits move). Each change is one upsert per
rollup table (``INSERT … ON CONFLICT DO UPDATE`` adding to the stored figures, the same
statement on PostgreSQL and SQLite), rows written in key order so concurrent visits lock
them in the same order; a row whose visits all went away is deleted, so the tables
always equal a rebuild from the raw visits (``rebuild``, ``manage.py verify_rollups``).

Reports read the rollups of a program only once ``RollupState`` says they hold its
whole history; until then they read the raw visits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from ..models import CollectionMethod, Encounter, EncounterService, KitOutcome
from .models import (
    DailyItemRollup,
    DailyRollup,
    DailyServiceRollup,
    NetworkKey,
    ParticipantDay,
    RollupState,
)

ESTIMATED = (CollectionMethod.CONTAINER, CollectionMethod.WEIGHT)
KIT_COLUMNS = {
    KitOutcome.USED_OVERDOSE: "kit_used_overdose",
    KitOutcome.EXPIRED: "kit_expired",
    KitOutcome.LOST: "kit_lost",
    KitOutcome.STILL_HAVE: "kit_still_have",
    KitOutcome.GAVE_AWAY: "kit_gave_away",
    KitOutcome.UNKNOWN: "kit_unknown",
}
# The figures of a DailyRollup row, in column order.
SUMS = (
    "visits",
    "anonymous_visits",
    "syringes_given",
    "syringes_collected",
    "syringes_collected_estimated",
    "visits_with_returns",
    "secondary_visits",
    "secondary_recipients",
    "naloxone_doses",
    "naloxone_visits",
    "naloxone_anonymous_visits",
    *KIT_COLUMNS.values(),
)
KEY = ("program_id", "day", "site_id", "modality")


def local_day(moment: dt.datetime) -> dt.date:
    """The day a visit counts on: its date in the program's time zone."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


@dataclass(frozen=True)
class Share:
    """What one visit adds to the rollups."""

    key: tuple  # (program_id, day, site_id, modality)
    sums: dict[str, int]
    items: dict[int, int] = field(default_factory=dict)  # item id -> units given
    services: tuple[str, ...] = ()
    person: tuple[int, str] | None = None  # (person id, network key); None: anonymous


def share_of(encounter: Encounter, *, items: dict[int, int], services=None) -> Share:
    """The share of ``encounter`` as it is now. ``items`` are the units given by item;
    ``services`` the services recorded (read from the database when not given)."""
    if services is None:
        services = EncounterService.unscoped.filter(encounter=encounter).values_list(
            "service", flat=True
        )
    participant = encounter.participant
    anonymous = participant is None
    doses = encounter.naloxone_doses_given
    collected = encounter.syringes_collected
    sums = {
        "visits": 1,
        "anonymous_visits": int(anonymous),
        "syringes_given": encounter.syringes_given,
        "syringes_collected": collected,
        "syringes_collected_estimated": collected
        if encounter.collection_method in ESTIMATED
        else 0,
        "visits_with_returns": int(collected > 0),
        "secondary_visits": int(encounter.secondary_recipients > 0),
        "secondary_recipients": encounter.secondary_recipients,
        "naloxone_doses": doses,
        "naloxone_visits": int(doses > 0),
        "naloxone_anonymous_visits": int(doses > 0 and anonymous),
    }
    if encounter.kit_outcome in KIT_COLUMNS:
        sums[KIT_COLUMNS[encounter.kit_outcome]] = 1
    person = None
    if not anonymous:
        # A visit counts for the record its participant was merged into, if any.
        counted = participant.merged_into if participant.merged_into_id else participant
        person = (counted.pk, counted.network_key)
    return Share(
        key=(
            encounter.program_id,
            local_day(encounter.occurred_at),
            encounter.site_id,
            encounter.modality,
        ),
        sums=sums,
        items={item: units for item, units in items.items() if units > 0},
        services=tuple(sorted(set(services))),
        person=person,
    )


def visit_logged(encounter: Encounter, *, items: dict[int, int], services) -> None:
    """Add a new visit. Called in the transaction that stores it, after its lines."""
    if apply([(share_of(encounter, items=items, services=services), 1)]):
        _start_with_first_visit(encounter)


def visit_edited(before: Share, encounter: Encounter, *, items: dict[int, int], services) -> None:
    """Replace ``before`` (the share taken before the edit) by the visit's share now."""
    apply([(before, -1), (share_of(encounter, items=items, services=services), 1)])


def visit_voided(encounter: Encounter, *, items: dict[int, int]) -> None:
    """Take a voided visit out; ``items`` are the units it gave."""
    apply([(share_of(encounter, items=items), -1)])


# The first half of the two-number key of PostgreSQL advisory locks on a program's
# rollups (the second is the program's id): "WRPT" in ASCII.
LOCK_SPACE = 0x57525054


def hold_programs(program_ids, *, exclusive: bool = False) -> None:
    """Hold the rollups of these programs until the transaction ends: shared by the
    visits that change them, exclusive for a rebuild. A rebuild of one program then waits
    for that program's visits under way, and makes that program's new visits wait, while
    every other program carries on. In id order, so two holders never deadlock. SQLite
    has a single writer at a time already: nothing to do."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        for pk in sorted(set(program_ids)):
            cursor.execute(f"SELECT {function}(%s, %s)", [LOCK_SPACE, pk])


def apply(changes: list[tuple[Share, int]]) -> bool:
    """Add each share times its sign (+1 or −1); changes that cancel out write nothing.
    True when a day's row was new (or the database cannot say)."""
    hold_programs({share.key[0] for share, _sign in changes})
    days: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    items: dict[tuple, int] = defaultdict(int)
    services: dict[tuple, int] = defaultdict(int)
    people: dict[tuple, list] = {}
    for share, sign in changes:
        row = days[share.key]
        for name, value in share.sums.items():
            row[name] += sign * value
        for item, units in share.items.items():
            items[(*share.key, item)] += sign * units
        for service in share.services:
            services[(*share.key, service)] += sign
        if share.person is not None:
            person, network_key = share.person
            found = people.setdefault((*share.key, person), [network_key, 0, 0])
            found[1] += sign
            found[2] += sign * share.sums["naloxone_visits"]
    new = _write(DailyRollup, KEY, (), SUMS, {k: ((), tuple(v.values())) for k, v in days.items()})
    _write(
        DailyItemRollup,
        (*KEY, "item_id"),
        (),
        ("units_given",),
        {k: ((), (v,)) for k, v in items.items()},
    )
    _write(
        DailyServiceRollup,
        (*KEY, "service"),
        (),
        ("visits",),
        {k: ((), (v,)) for k, v in services.items()},
    )
    people = {k: v for k, v in people.items() if v[1] or v[2]}
    if people:
        number_keys({v[0] for v in people.values()})
    _write(
        ParticipantDay,
        (*KEY, "person_id"),
        ("key_id",),
        ("visits", "naloxone_visits"),
        {k: ((v[0],), (v[1], v[2])) for k, v in people.items()},
    )
    return new


def key_number_sql() -> str:
    """SQL for the number of the network key given as its parameter."""
    table = connection.ops.quote_name(NetworkKey._meta.db_table)
    return f"(SELECT id FROM {table} WHERE {connection.ops.quote_name('key')} = %s)"


def number_keys(keys: set[str]) -> None:
    """Give each network key its number, once (the first visit of a person does it)."""
    table = connection.ops.quote_name(NetworkKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({connection.ops.quote_name('key')}) "
            f"VALUES {', '.join(['(%s)'] * len(keys))} ON CONFLICT DO NOTHING",
            sorted(keys),
        )


def _write(model, keys: tuple, numbered: tuple, sums: tuple, rows: dict[tuple, tuple]) -> bool:
    """Upsert ``rows`` ({key: (network keys, deltas)}) adding the deltas, in key order;
    then delete the rows a negative change brought to zero visits. ``numbered`` columns
    are set, on insert only, to the number of the network key given for them. True
    when a row was inserted rather than added to (or the database cannot say)."""
    rows = {key: value for key, value in rows.items() if any(value[1])}
    if not rows:
        return False
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = (*keys, *numbered, *sums)
    marks = ["%s"] * len(keys) + [key_number_sql()] * len(numbered) + ["%s"] * len(sums)
    one = "(" + ", ".join(marks) + ")"
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + EXCLUDED.{quote(c)}" for c in sums)
    ordered = sorted(rows.items())
    params = [value for key, (kept, deltas) in ordered for value in (*_adapt(key), *kept, *deltas)]
    returning = connection.features.can_return_columns_from_insert
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES {', '.join([one] * len(ordered))} "
            f"ON CONFLICT ({', '.join(quote(c) for c in keys)}) DO UPDATE SET {updates}"
            + (f" RETURNING {quote(sums[0])}" if returning else ""),
            params,
        )
        # A row whose first figure is now just this change's was not there before.
        new = not returning or bool(
            {now for (now,) in cursor.fetchall()} & {deltas[0] for _, (_, deltas) in ordered}
        )
        shrunk = [key for key, (kept, deltas) in ordered if deltas[0] < 0]
        if shrunk:
            match = " AND ".join(f"{quote(c)} = %s" for c in keys)
            cursor.execute(
                f"DELETE FROM {table} WHERE {quote(sums[0])} <= 0 AND "
                f"({' OR '.join([f'({match})'] * len(shrunk))})",
                [value for key in shrunk for value in _adapt(key)],
            )
    return new


def _adapt(key: tuple) -> tuple:
    program, day, *rest = key
    return (program, connection.ops.adapt_datefield_value(day), *rest)


def _start_with_first_visit(encounter: Encounter) -> None:
    """A program whose first visit is this one has complete rollups from now on. (Two
    first visits at once may each see the other and leave it unmarked: a rebuild marks
    it, and until then its reports read the raw visits.)"""
    program_id = encounter.program_id
    if RollupState.unscoped.filter(program_id=program_id).exists():
        return
    if Encounter.unscoped.filter(program_id=program_id).exclude(pk=encounter.pk).exists():
        return  # older visits came in some other way: rebuild_rollups marks it
    RollupState.unscoped.bulk_create(
        [RollupState(program_id=program_id, built_at=timezone.now())], ignore_conflicts=True
    )


def participant_merged(keep, drop) -> None:
    """Move ``drop``'s person-days to ``keep`` (called where the visits move), adding
    up the days both records visited, so people served stays exact."""
    hold_programs([keep.program_id])
    quote = connection.ops.quote_name
    table = quote(ParticipantDay._meta.db_table)
    keys = ", ".join(quote(c) for c in (*KEY, "person_id"))
    rest = ", ".join(quote(c) for c in KEY)
    number_keys({keep.network_key})
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({keys}, key_id, visits, naloxone_visits) "
            f"SELECT {rest}, %s, {key_number_sql()}, visits, naloxone_visits FROM {table} "
            f"WHERE person_id = %s "
            f"ON CONFLICT ({keys}) DO UPDATE SET "
            f"visits = {table}.visits + EXCLUDED.visits, "
            f"naloxone_visits = {table}.naloxone_visits + EXCLUDED.naloxone_visits",
            [keep.pk, keep.network_key, drop.pk],
        )
        cursor.execute(f"DELETE FROM {table} WHERE person_id = %s", [drop.pk])
