"""The stock dashboard and the reorder report: scoped reads with a fixed number of queries.

Definitions (the hand computation in the tests follows them):

- *used*: units given out at visits (and orders) in the last 28 days, net of visit
  corrections and voids: minus the sum of DISTRIBUTE and CORRECTION movements.
- *average daily use*: used ÷ 28.
- *days of supply left*: on hand ÷ average daily use, rounded down; 0 when on hand is 0
  or less; none when nothing was used.
- *low*: on hand below the item's reorder point (a reorder point of 0 turns it off), at a
  site that carries the item (has stock on record for it); a van that never had an item
  is not "low" on it.
- *to order for N days*: enough to cover N days of average use and never less than the
  reorder point, minus what is on hand (a site below zero counts as 0) and on the way.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from waypoint.core.models import Site

from .models import MovementKind, StockBalance, StockMovement, StockOutDay, SupplyItem
from .services.lots import expiring_lots, get_inventory_settings
from .services.transfers import in_transit

USE_DAYS = 28
STOCK_OUT_LOOKBACK_DAYS = 90
# The dashboard lists at most this many rows of each kind; the rest are a link away.
LIST_LIMIT = 25


@dataclass
class Row:
    item: SupplyItem
    on_hand: int = 0
    in_transit: int = 0
    used: int = 0
    needs_recount: bool = False
    sites_low: int = 0

    @property
    def daily_use(self) -> float:
        return self.used / USE_DAYS

    @property
    def days_left(self) -> int | None:
        if self.on_hand <= 0:
            return 0
        if self.used <= 0:
            return None
        return self.on_hand * USE_DAYS // self.used

    @property
    def low(self) -> bool:
        return self.item.reorder_point > 0 and self.on_hand < self.item.reorder_point

    def to_order(self, days: int) -> int:
        need = max(math.ceil(self.used * days / USE_DAYS), self.item.reorder_point)
        return max(0, need - max(self.on_hand, 0) - self.in_transit)


@dataclass
class SiteSummary:
    site: Site
    recount: int = 0
    low: int = 0
    last_count: dt.datetime | None = None


@dataclass
class Dashboard:
    rows: list[Row]
    sites: list[SiteSummary]
    low: list[tuple[Site, Row]] = field(default_factory=list)
    out: list[tuple[Site, Row]] = field(default_factory=list)
    recount: list[tuple[Site, Row]] = field(default_factory=list)
    expiring: list = field(default_factory=list)
    stock_outs: list[dict] = field(default_factory=list)
    expiry_days: int = 60
    reorder_days: int = 30

    def first(self, name: str) -> list:
        return getattr(self, name)[:LIST_LIMIT]

    def more(self, name: str) -> int:
        return max(0, len(getattr(self, name)) - LIST_LIMIT)

    @property
    def shown(self) -> dict[str, list]:
        """Each list cut to its first rows, for the page (how many more: ``hidden``)."""
        return {name: self.first(name) for name in ("low", "recount", "expiring", "stock_outs")}

    @property
    def hidden(self) -> dict[str, int]:
        return {name: self.more(name) for name in ("low", "recount", "expiring", "stock_outs")}


def usage(program, *, now: dt.datetime | None = None, site=None) -> dict[tuple[int, int], int]:
    """Units used in the last 28 days by (site id, item id). One query."""
    now = now or timezone.now()
    movements = StockMovement.objects.filter(
        program=program,
        kind__in=[MovementKind.DISTRIBUTE, MovementKind.CORRECTION],
        created_at__gte=now - dt.timedelta(days=USE_DAYS),
        created_at__lt=now,
    )
    if site is not None:
        movements = movements.filter(site=site)
    totals = movements.values_list("site_id", "item_id").annotate(total=Sum("quantity")).order_by()
    return {(s, i): -total for s, i, total in totals}


def last_counts(program) -> dict[int, dt.datetime]:
    """When each site was last counted (any item). One query."""
    rows = (
        StockMovement.objects.filter(program=program, kind=MovementKind.COUNT)
        .values_list("site_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    return dict(rows)


def stock_outs(program, *, since: dt.date, site=None) -> list[dict]:
    """Items that ran out (on hand 0 or less) on some day since ``since``, with how many days
    and the last one, by site. One query. Answers "ran out or rationed in the past 3 months"."""
    days = StockOutDay.objects.filter(program=program, day__gte=since)
    if site is not None:
        days = days.filter(site=site)
    return list(
        days.values("site_id", "item_id", site_name=F("site__name"), item_name=F("item__name"))
        .annotate(days=Count("id"), last=Max("day"))
        .order_by("-days", "site__name", "item__name")
    )


def build(program, *, site=None, now: dt.datetime | None = None) -> Dashboard:
    """The dashboard of one site, or of the whole program when ``site`` is None.

    Nine queries whatever the number of sites, items and lots; the work in Python grows
    with the balances on record, not with sites × items.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    settings = get_inventory_settings(program)
    sites = (
        [site] if site is not None else list(Site.objects.filter(program=program, is_active=True))
    )
    site_ids = {s.pk for s in sites}
    items = list(SupplyItem.objects.filter(program=program).order_by("sort_order", "name"))
    balances = StockBalance.objects.filter(program=program)
    if site is not None:
        balances = balances.filter(site=site)
    on_hand = {
        (site_id, item_id): (amount, flagged)
        for site_id, item_id, amount, flagged in balances.values_list(
            "site_id", "item_id", "on_hand", "needs_recount"
        )
        if site_id in site_ids
    }
    used = usage(program, now=now, site=site)
    coming = in_transit(program, site=site)
    counted = last_counts(program)

    by_id = {item.pk: item for item in items}
    totals = {item.pk: Row(item) for item in items}
    # A site's row for an item it has carried (a balance exists), or that is coming to it.
    per_site: dict[tuple[int, int], Row] = {}
    for key in on_hand.keys() | {k for k in coming if k[0] in site_ids}:
        balance = on_hand.get(key)
        row = Row(
            by_id[key[1]],
            on_hand=balance[0] if balance else 0,
            in_transit=coming.get(key, 0),
            used=used.get(key, 0),
            needs_recount=bool(balance and balance[1]),
        )
        per_site[key] = row
    for (site_id, item_id), amount in used.items():
        if site_id in site_ids and (site_id, item_id) not in per_site:
            totals[item_id].used += amount
    summaries = {s.pk: SiteSummary(s, last_count=counted.get(s.pk)) for s in sites}
    site_of = {s.pk: s for s in sites}
    low, out, recount = [], [], []
    for key in sorted(
        per_site, key=lambda k: (site_of[k[0]].name, by_id[k[1]].sort_order, by_id[k[1]].name)
    ):
        row = per_site[key]
        item, summary = row.item, summaries[key[0]]
        total = totals[item.pk]
        total.on_hand += max(row.on_hand, 0)
        total.in_transit += row.in_transit
        total.used += row.used
        total.needs_recount |= row.needs_recount
        if row.needs_recount:
            summary.recount += 1
            recount.append((summary.site, row))
        if not item.is_active:
            continue
        if row.low:
            total.sites_low += 1
            summary.low += 1
            low.append((summary.site, row))
        if row.on_hand <= 0 and key in on_hand:
            out.append((summary.site, row))
    if site is not None:
        rows = [per_site.get((site.pk, item.pk)) or Row(item) for item in items]
        for row in rows:
            row.used = used.get((site.pk, row.item.pk), 0)
    else:
        rows = list(totals.values())
    rows = [row for row in rows if row.item.is_active or row.on_hand or row.in_transit]
    summaries = list(summaries.values())
    return Dashboard(
        rows=rows,
        sites=summaries,
        low=low,
        out=out,
        recount=recount,
        expiring=expiring_lots(
            program, within_days=settings.expiry_warning_days, today=today, site=site
        ),
        stock_outs=stock_outs(
            program, since=today - dt.timedelta(days=STOCK_OUT_LOOKBACK_DAYS), site=site
        ),
        expiry_days=settings.expiry_warning_days,
        reorder_days=settings.reorder_days,
    )


def reorder(program, *, days: int, site=None, now: dt.datetime | None = None) -> list[Row]:
    """What to order to cover ``days`` days, for one site or the whole program. Five queries."""
    now = now or timezone.now()
    items = list(
        SupplyItem.objects.filter(program=program, is_active=True).order_by("sort_order", "name")
    )
    rows = {item.pk: Row(item) for item in items}
    balances = StockBalance.objects.filter(program=program, item__is_active=True)
    if site is not None:
        balances = balances.filter(site=site)
    else:
        balances = balances.filter(site__is_active=True)
    for balance in balances:
        rows[balance.item_id].on_hand += max(balance.on_hand, 0)
        rows[balance.item_id].needs_recount |= balance.needs_recount
    for (_site_id, item_id), total in usage(program, now=now, site=site).items():
        if item_id in rows:
            rows[item_id].used += total
    for (_site_id, item_id), total in in_transit(program, site=site).items():
        if item_id in rows:
            rows[item_id].in_transit += total
    return list(rows.values())
