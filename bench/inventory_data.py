"""The inventory benchmark program: 20 sites × 40 items with months of stock history.

Deterministic (seeded) and reused when it already exists. History is written straight
into the ledger in daily batches (each movement dated on its day), then every cached
balance is set to the sum of its movements — the same state the services would leave:

- every day at every site, visits give out 1–3 items (a few lot-tracked ones by lot);
- weekly deliveries at the main site and weekly restocking transfers to the others,
  a few of them still on the way; a count at each site every four weeks;
- some balances below zero (flagged for a recount) and a few stock-out days.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from unittest import mock

SLUG = "bench-inventory"
SITES = 20
ITEMS = 40
BATCH = 5000


@dataclass
class InventoryData:
    program_id: int
    site_ids: list[int]
    item_ids: list[int]
    movements: int
    staff_email: str


def generate(*, days: int = 120, visits_per_site_day: int = 40, seed: int = 5, log=print):
    from django.db import connection, transaction

    from waypoint.core.models import Membership, Network, Program, Role, Site, SiteKind
    from waypoint.core.scoping import scopes_disabled
    from waypoint.demo.catalog import seed_catalog
    from waypoint.supplies.models import StockMovement, SupplyCategory, SupplyItem

    rng = random.Random(seed)
    with scopes_disabled():
        network, _ = Network.objects.get_or_create(
            slug="bench", defaults={"name": "Benchmark network"}
        )
        program, _ = Program.objects.get_or_create(
            slug=SLUG, defaults={"network": network, "name": "Inventory benchmark (not real)"}
        )
        kinds = [SiteKind.FIXED, SiteKind.MOBILE, SiteKind.WINDOW, SiteKind.OUTREACH]
        for n in range(Site.objects.filter(program=program).count(), SITES):
            Site.objects.create(
                program=program,
                name="Main site" if n == 0 else f"Site {n:02d}",
                kind=kinds[n % len(kinds)],
                city="Cincinnati",
                state="OH",
            )
        sites = list(Site.objects.filter(program=program).order_by("pk"))
        seed_catalog(program)
        have = SupplyItem.objects.filter(program=program).count()
        SupplyItem.objects.bulk_create(
            SupplyItem(
                program=program,
                name=f"Bench item {n:02d}",
                category=SupplyCategory.HYGIENE,
                sort_order=200 + n,
            )
            for n in range(have, ITEMS)
        )
        items = list(SupplyItem.objects.filter(program=program).order_by("pk"))[:ITEMS]
        for n, item in enumerate(items):
            item.reorder_point = 20 + 10 * (n % 7)
            item.tracks_lots = item.category in (
                SupplyCategory.NALOXONE,
                SupplyCategory.TEST_STRIPS,
            )
        SupplyItem.objects.bulk_update(items, ["reorder_point", "tracks_lots"])
        staff = _staff(program)
        Membership.objects.get_or_create(user=staff, program=program, defaults={"role": Role.STAFF})
        existing = StockMovement.objects.filter(program=program).count()
        if not existing:
            with transaction.atomic():
                _history(program, sites, items, days, visits_per_site_day, rng, log)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        movements = StockMovement.objects.filter(program=program).count()
    return InventoryData(
        program_id=program.pk,
        site_ids=[site.pk for site in sites],
        item_ids=[item.pk for item in items],
        movements=movements,
        staff_email=staff.email,
    )


def _history(program, sites, items, days, per_day, rng, log) -> None:
    from django.utils import timezone

    from waypoint.supplies.models import (
        Lot,
        MovementKind,
        StockCount,
        StockCountLine,
        StockMovement,
        Transfer,
        TransferLine,
        TransferStatus,
    )

    started = time.monotonic()
    now = timezone.now()
    today = timezone.localdate()
    tracked = [item for item in items if item.tracks_lots]
    lots = defaultdict(list)
    for item in tracked:
        for n in range(6):
            lots[item.pk].append(
                Lot.objects.create(
                    program=program,
                    item=item,
                    lot_number=f"B{item.pk}-{n}",
                    expires_on=today + dt.timedelta(days=-10 + 45 * n + rng.randint(0, 20)),
                )
            )
    main, others = sites[0], sites[1:]
    common = items[:12]  # most visits take the common items
    total = 0
    for day in range(days, 0, -1):
        at = now - dt.timedelta(days=day)
        rows = []

        def move(site, item, qty, kind, lot=None, rows=rows, **links):
            rows.append(
                StockMovement(
                    program=program, site=site, item=item, lot=lot, kind=kind, quantity=qty, **links
                )
            )

        for site in sites:
            for _ in range(per_day):
                for item in rng.sample(common if rng.random() < 0.85 else items, rng.randint(1, 3)):
                    lot = rng.choice(lots[item.pk]) if item.tracks_lots else None
                    move(site, item, -rng.randint(1, 5), MovementKind.DISTRIBUTE, lot)
        if day % 7 == 0:
            for item in items:
                lot = rng.choice(lots[item.pk]) if item.tracks_lots else None
                move(
                    main, item, per_day * (80 if item in common else 10), MovementKind.RECEIVE, lot
                )
            for site in others:
                with mock.patch("django.utils.timezone.now", return_value=at):
                    transfer = Transfer.objects.create(
                        program=program,
                        from_site=main,
                        to_site=site,
                        status=TransferStatus.SENT if day < 7 else TransferStatus.RECEIVED,
                    )
                for item in common:
                    qty = per_day * 4
                    TransferLine.objects.create(transfer=transfer, item=item, quantity=qty)
                    move(main, item, -qty, MovementKind.TRANSFER_OUT, transfer=transfer)
                    if transfer.status == TransferStatus.RECEIVED:
                        move(site, item, qty, MovementKind.TRANSFER_IN, transfer=transfer)
        if day % 28 == 3:
            for site in sites:
                with mock.patch("django.utils.timezone.now", return_value=at):
                    count = StockCount.objects.create(program=program, site=site)
                picked = rng.sample(items, 10)
                StockCountLine.objects.bulk_create(
                    StockCountLine(
                        stock_count=count, item=item, expected=0, counted=0, difference=d
                    )
                    for item, d in ((item, rng.randint(-4, 2)) for item in picked)
                )
                for line in count.lines.all():
                    if line.difference:
                        move(
                            site, line.item, line.difference, MovementKind.COUNT, stock_count=count
                        )
        with mock.patch("django.utils.timezone.now", return_value=at):
            StockMovement.objects.bulk_create(rows, batch_size=BATCH)
        total += len(rows)
        if day % 20 == 0:
            log(f"inventory history: {days - day}/{days} days, {total} movements")
    _balances(program)
    log(f"inventory history: {total} movements in {time.monotonic() - started:.0f} s")


def _balances(program) -> None:
    """Set every cached balance to the sum of its movements; note today's stock-outs."""
    from django.db.models import Sum
    from django.utils import timezone

    from waypoint.supplies.models import LotBalance, StockBalance, StockMovement, StockOutDay

    movements = StockMovement.objects.filter(program=program)
    sums = movements.values_list("site_id", "item_id").annotate(total=Sum("quantity")).order_by()
    StockBalance.objects.bulk_create(
        [
            StockBalance(program=program, site_id=s, item_id=i, on_hand=t, needs_recount=t < 0)
            for s, i, t in sums
        ],
        batch_size=BATCH,
    )
    lot_sums = (
        movements.filter(lot__isnull=False)
        .values_list("site_id", "lot_id", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    LotBalance.objects.bulk_create(
        [
            LotBalance(program=program, site_id=s, lot_id=lot, item_id=i, on_hand=t)
            for s, lot, i, t in lot_sums
        ],
        batch_size=BATCH,
    )
    today = timezone.localdate()
    StockOutDay.objects.bulk_create(
        [
            StockOutDay(program=program, site_id=s, item_id=i, day=today - dt.timedelta(days=d))
            for s, i, t in sums
            if t <= 0
            for d in range(3)
        ],
        ignore_conflicts=True,
    )


def _staff(program):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        email="bench-inventory-staff@bench.invalid",
        defaults={"display_name": "Inventory benchmark staff"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user
