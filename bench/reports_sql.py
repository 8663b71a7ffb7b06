"""Hand-written SQL for the benchmark's report figures, to time beside the reports.

Each function returns the figures of one report for one scope (a program, or every
program of a network) in one statement, written the fastest way we know: over the
raw visits (``raw_*``: what one would write without rollups), and over the daily
rollups (``rolled_*``: distinct people counted over one row per person, which
PostgreSQL groups by hashing). Both must give the report's own figures.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

# Visits of the scope in the period, not voided; %(scope)s is a program or a network.
RAW_VISITS = """
    SELECT e.id, e.site_id, e.participant_id, e.syringes_given, e.syringes_collected,
           e.collection_method, e.naloxone_doses_given, e.program_id
    FROM encounters_encounter e
    WHERE {scope} AND e.occurred_at >= %(begin)s AND e.occurred_at < %(finish)s
      AND e.voided_at IS NULL
"""
PROGRAM = "e.program_id = %(scope)s"
NETWORK = "e.program_id IN (SELECT id FROM core_program WHERE network_id = %(scope)s)"
ROLLED_PROGRAM = "program_id = %(scope)s"
ROLLED_NETWORK = "program_id IN (SELECT id FROM core_program WHERE network_id = %(scope)s)"
ROLLED_DAYS = "day >= %(start)s AND day <= %(end)s"


def _params(scope_id: int, start: dt.date, end: dt.date) -> dict:
    zone = timezone.get_default_timezone()
    return {
        "scope": scope_id,
        "start": start,
        "end": end,
        "begin": dt.datetime.combine(start, dt.time.min, zone),
        "finish": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone),
    }


def _one(sql: str, params: dict) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _all(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# New people across the network and reversals reported: both read small tables, the
# same way with or without rollups.
NEW_AND_REVERSALS = """
    (SELECT count(*) FROM (SELECT COALESCE(m.network_key, p.network_key), min(p.created_at) f
       FROM participants_participant p
       LEFT JOIN participants_participant m ON m.id = p.merged_into_id
       WHERE p.program_id IN (SELECT id FROM core_program WHERE network_id = %(scope)s)
       GROUP BY 1) firsts WHERE f >= %(begin)s AND f < %(finish)s),
    (SELECT count(*) FROM overdoses_overdosereport o
       LEFT JOIN encounters_encounter oe ON oe.id = o.encounter_id
       WHERE o.program_id IN (SELECT id FROM core_program WHERE network_id = %(scope)s)
         AND o.created_at >= %(begin)s AND o.created_at < %(finish)s
         AND o.voided_at IS NULL AND oe.voided_at IS NULL AND o.relationship <> 'self')
"""


def _raw_person(network: bool) -> str:
    if network:
        return "COALESCE(m.network_key, p.network_key)"
    return "COALESCE(p.merged_into_id, p.id)"


def raw_utah(scope_id: int, start, end, *, network: bool) -> tuple:
    """(people, anonymous visits, collected, of which estimated, given, education)."""
    visits = RAW_VISITS.format(scope=NETWORK if network else PROGRAM)
    sql = f"""
        WITH v AS MATERIALIZED ({visits})
        SELECT
          (SELECT count(*) FROM (SELECT {_raw_person(network)} FROM v
             JOIN participants_participant p ON p.id = v.participant_id
             LEFT JOIN participants_participant m ON m.id = p.merged_into_id
             GROUP BY 1) people),
          count(*) FILTER (WHERE participant_id IS NULL),
          sum(syringes_collected),
          coalesce(sum(syringes_collected)
                   FILTER (WHERE collection_method IN ('container', 'weight')), 0),
          sum(syringes_given),
          (SELECT sum(i.quantity) FROM v JOIN encounters_encounteritem i ON i.encounter_id = v.id
             JOIN supplies_supplyitem s ON s.id = i.item_id
             WHERE i.direction = 'given' AND s.category = 'education')
        FROM v
    """
    return _one(sql, _params(scope_id, start, end))


def rolled_utah(scope_id: int, start, end, *, network: bool) -> tuple:
    where = f"{ROLLED_NETWORK if network else ROLLED_PROGRAM} AND {ROLLED_DAYS}"
    person = "key_id" if network else "person_id"
    sql = f"""
        SELECT
          (SELECT count(*) FROM (SELECT {person} FROM reports_participantday
             WHERE {where} GROUP BY 1) people),
          sum(anonymous_visits), sum(syringes_collected), sum(syringes_collected_estimated),
          sum(syringes_given),
          (SELECT sum(r.units_given) FROM reports_dailyitemrollup r
             JOIN supplies_supplyitem s ON s.id = r.item_id
             WHERE r.{where.replace("day ", "r.day ")} AND s.category = 'education')
        FROM reports_dailyrollup WHERE {where}
    """
    return _one(sql, _params(scope_id, start, end))


def raw_summary(network_id: int, start, end) -> dict:
    """The network summary: totals, and visits, people, syringes, naloxone by program."""
    visits = RAW_VISITS.format(scope=NETWORK)
    person = _raw_person(True)
    rows = _all(
        f"""
        WITH v AS MATERIALIZED ({visits}),
        people AS (SELECT v.program_id, {person} AS who FROM v
             JOIN participants_participant p ON p.id = v.participant_id
             LEFT JOIN participants_participant m ON m.id = p.merged_into_id
             GROUP BY 1, 2)
        SELECT g.program_id, g.visits, g.given, g.collected, g.doses,
               (SELECT count(*) FROM people WHERE people.program_id = g.program_id), 0, 0
        FROM (SELECT program_id, count(*) visits, sum(syringes_given) given,
                     sum(syringes_collected) collected, sum(naloxone_doses_given) doses
              FROM v GROUP BY 1) g
        UNION ALL
        SELECT NULL, count(*), sum(syringes_given), sum(syringes_collected),
               sum(naloxone_doses_given), (SELECT count(DISTINCT who) FROM people),
               {NEW_AND_REVERSALS}
        FROM v
        """,
        _params(network_id, start, end),
    )
    return {row[0]: row[1:] for row in rows}


def rolled_summary(network_id: int, start, end) -> dict:
    where = f"{ROLLED_NETWORK} AND {ROLLED_DAYS}"
    rows = _all(
        f"""
        WITH pd AS MATERIALIZED (SELECT program_id, key_id FROM reports_participantday
             WHERE {where} GROUP BY 1, 2),
        g AS (SELECT program_id, sum(visits) visits, sum(syringes_given) given,
                     sum(syringes_collected) collected, sum(naloxone_doses) doses
              FROM reports_dailyrollup WHERE {where} GROUP BY 1)
        SELECT g.program_id, g.visits, g.given, g.collected, g.doses,
               (SELECT count(*) FROM pd WHERE pd.program_id = g.program_id), 0, 0
        FROM g
        UNION ALL
        SELECT NULL, sum(visits), sum(given), sum(collected), sum(doses),
               (SELECT count(*) FROM (SELECT key_id FROM pd GROUP BY 1) people),
               {NEW_AND_REVERSALS}
        FROM g
        """,
        _params(network_id, start, end),
    )
    return {row[0]: row[1:] for row in rows}


def rolled_utah_apart(scope_id: int, start, end, *, network: bool) -> tuple:
    """As ``rolled_utah``, one statement per table (each may get parallel workers)."""
    where = f"{ROLLED_NETWORK if network else ROLLED_PROGRAM} AND {ROLLED_DAYS}"
    person = "key_id" if network else "person_id"
    params = _params(scope_id, start, end)
    (people,) = _one(
        f"SELECT count(*) FROM (SELECT {person} FROM reports_participantday "
        f"WHERE {where} GROUP BY 1) people",
        params,
    )
    sums = _one(
        "SELECT sum(anonymous_visits), sum(syringes_collected), "
        f"sum(syringes_collected_estimated), sum(syringes_given) FROM reports_dailyrollup "
        f"WHERE {where}",
        params,
    )
    (education,) = _one(
        "SELECT sum(r.units_given) FROM reports_dailyitemrollup r "
        "JOIN supplies_supplyitem s ON s.id = r.item_id "
        f"WHERE r.{where.replace('day ', 'r.day ')} AND s.category = 'education'",
        params,
    )
    return (people, *sums, education)
