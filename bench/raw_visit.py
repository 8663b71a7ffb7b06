"""The visit's write transaction in hand-written SQL: the floor the API is compared with.

The statements are the ones the API's transaction issues (visit row, its lines, one stock
movement per item, balance rows locked in item order and moved with one relative UPDATE,
the participant's last visit, one audit row). With ``reads=True`` it also does the reads
the API does before its transaction: the device token, the idempotency check, the
program settings, site, participant and catalog items.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from .load import visit_body


class Database:
    def __init__(self, url: str):
        self.url = url
        self.postgres = url.startswith(("postgres://", "postgresql://"))

    def connect(self):
        if self.postgres:
            import psycopg

            return psycopg.connect(
                self.url.replace("postgres://", "postgresql://", 1), connect_timeout=10
            )
        conn = sqlite3.connect(
            urlsplit(self.url).path, isolation_level=None, timeout=20, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=20000")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def sql(self, text: str) -> str:
        return text if self.postgres else text.replace("%s", "?").replace(" FOR UPDATE", "")

    def value(self, v):
        if self.postgres:
            return v
        if isinstance(v, uuid.UUID):
            return v.hex
        if isinstance(v, dt.datetime):
            return v.isoformat(sep=" ")
        return v


class Insert:
    """An INSERT naming every column of ``model``: the values given per row, and for the
    rest what the ORM would write (the field's default, or empty). Built from the model, so
    it follows columns added later."""

    def __init__(self, db: Database, model, *, returning: bool = False):
        from django.db import connection

        self.connection = connection
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        columns = ", ".join(f.column for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
        self.sql = db.sql(sql + (" RETURNING id" if returning else ""))

    def _row(self, values: dict) -> list:
        row = []
        for f in self.fields:
            value = values[f.attname] if f.attname in values else f.get_default()
            row.append(f.get_db_prep_save(value, self.connection))
        return row

    def one(self, **values) -> tuple[str, list]:
        return self.sql, self._row(values)

    def many(self, rows: list[dict]) -> tuple[str, list]:
        return self.sql, [self._row(values) for values in rows]


def raw_client(db: Database, data, *, reads: bool, opened: list):
    """Client factory for ``load.run_clients``; every connection it opens is added to ``opened``."""

    from waypoint.audit.models import AuditEvent
    from waypoint.encounters.models import Encounter, EncounterItem
    from waypoint.supplies.models import StockMovement

    inserts = {
        "encounter": Insert(db, Encounter, returning=True),
        "line": Insert(db, EncounterItem),
        "movement": Insert(db, StockMovement),
        "audit": Insert(db, AuditEvent),
    }

    def work(n: int, rng: random.Random) -> Callable[[], bool]:
        conn = db.connect()
        opened.append(conn)
        cur = conn.cursor()

        def run(sql: str, params=()):
            cur.execute(db.sql(sql), [db.value(p) for p in params])
            return cur

        def send() -> bool:
            body = visit_body(rng, data)
            items = {line["item_id"]: line["quantity"] for line in body["items"]}
            ids = sorted(items)
            marks = ", ".join(["%s"] * len(ids))
            now = dt.datetime.now(dt.UTC)
            key = uuid.UUID(body["client_uuid"])
            if reads:
                run(
                    "SELECT id, program_id, role FROM accounts_devicetoken WHERE token_hash = %s",
                    ["x" * 64],
                )
                run(
                    "SELECT id FROM encounters_encounter WHERE program_id = %s AND client_uuid = %s",
                    [data.program_id, key],
                ).fetchall()
                run(
                    "SELECT id FROM encounters_visitsettings WHERE program_id = %s",
                    [data.program_id],
                ).fetchall()
                run(
                    "SELECT id, kind FROM core_site WHERE id = %s AND program_id = %s",
                    [body["site_id"], data.program_id],
                )
                cur.fetchall()
                if body["participant_id"]:
                    run(
                        "SELECT id, status FROM participants_participant WHERE id = %s AND program_id = %s",
                        [body["participant_id"], data.program_id],
                    ).fetchall()
                run(
                    f"SELECT id, syringes_per_unit, naloxone_doses_per_unit, max_per_visit, is_active "
                    f"FROM supplies_supplyitem WHERE program_id = %s AND id IN ({marks})",
                    [data.program_id, *ids],
                )
                cur.fetchall()
            if not db.postgres:
                cur.execute("BEGIN IMMEDIATE")
            site = body["site_id"]
            cur.execute(
                *inserts["encounter"].one(
                    program_id=data.program_id,
                    site_id=site,
                    participant_id=body["participant_id"],
                    occurred_at=now,
                    modality="window",
                    client_uuid=key,
                    fingerprint="f" * 64,
                    syringes_given=10 * sum(items.values()),
                    created_at=now,
                )
            )
            encounter_id = cur.fetchone()[0]
            cur.executemany(
                *inserts["line"].many(
                    [
                        {
                            "encounter_id": encounter_id,
                            "item_id": item_id,
                            "quantity": items[item_id],
                            "direction": "given",
                        }
                        for item_id in ids
                    ]
                )
            )
            cur.executemany(
                *inserts["movement"].many(
                    [
                        {
                            "program_id": data.program_id,
                            "site_id": site,
                            "item_id": item_id,
                            "kind": "distribute",
                            "quantity": -items[item_id],
                            "encounter_id": encounter_id,
                            "created_at": now,
                        }
                        for item_id in ids
                    ]
                )
            )
            run(
                f"SELECT item_id, on_hand FROM supplies_stockbalance WHERE site_id = %s AND item_id IN ({marks}) "
                "ORDER BY item_id FOR UPDATE",
                [site, *ids],
            ).fetchall()
            case = " ".join("WHEN %s THEN %s" for _ in ids)
            deltas = [v for item_id in ids for v in (item_id, -items[item_id])]
            run(
                f"UPDATE supplies_stockbalance SET on_hand = on_hand + (CASE item_id {case} ELSE 0 END), "
                f"needs_recount = CASE WHEN on_hand + (CASE item_id {case} ELSE 0 END) < 0 THEN %s "
                f"ELSE needs_recount END, updated_at = %s WHERE site_id = %s AND item_id IN ({marks})",
                [*deltas, *deltas, True, now, site, *ids],
            )
            if body["participant_id"]:
                run(
                    "UPDATE participants_participant SET last_visit_at = %s WHERE id = %s AND "
                    "(last_visit_at IS NULL OR last_visit_at < %s)",
                    [now, body["participant_id"], now],
                )
            cur.execute(
                *inserts["audit"].one(
                    program_id=data.program_id,
                    actor_label="device 0",
                    action="encounter.create",
                    object_type="encounters.encounter",
                    object_id=str(encounter_id),
                    occurred_at=now,
                    extra={"items": {str(k): v for k, v in items.items()}},
                )
            )
            if db.postgres:
                conn.commit()
            else:
                cur.execute("COMMIT")
            return True

        return send

    return work
