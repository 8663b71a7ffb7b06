"""A hand-kept model of a program's shelves: what the stock ledger should say after each
receipt, visit, void, transfer, count, adjustment or write-off, worked out as a person would.
Used by ``test_ledger_properties.py``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict


def negated(lines):
    return [(item, lot, -qty) for item, lot, qty in lines]


class Shelf:
    """Balances by (site, item) and (site, lot), recount flags, stock on the way, and the
    variance page's rows, moved by the same steps the app takes."""

    def __init__(self, tracked: set[int]):
        self.tracked = tracked
        self.on_hand: dict[tuple[int, int], int] = defaultdict(int)  # (site, item)
        self.lots: dict[tuple[int, int], int] = defaultdict(int)  # (site, lot)
        self.flagged: set[tuple[int, int]] = set()
        self.lot_item: dict[int, int] = {}
        self.lot_expiry: dict[int, dt.date] = {}
        self.on_way: dict[int, tuple[int, int, list]] = {}  # transfer -> from, to, lines
        self.given: dict[int, tuple[int, list]] = {}  # visit -> site, lines
        # (site, item) -> [count ids, net difference, total of differences]
        self.variance: dict[tuple[int, int], list] = {}

    def lots_at(self, site: int, item: int) -> list[int]:
        return [lot for (s, lot) in self.lots if s == site and self.lot_item[lot] == item]

    def lotless(self, site: int, item: int) -> int:
        return self.on_hand[(site, item)] - sum(
            self.lots[(site, lot)] for lot in self.lots_at(site, item)
        )

    def take(
        self, site: int, item: int, qty: int, *, held=None
    ) -> list[tuple[int, int | None, int]]:
        """Lines taking ``qty`` off the shelf: earliest-expiring lots first, the rest lotless.
        ``held`` (lot -> units) is what the same document already takes from a lot by name."""
        held = held or {}
        lines = []
        if item in self.tracked:
            shelf = sorted(
                (self.lot_expiry[lot], lot, self.lots[(site, lot)] - held.get(lot, 0))
                for lot in self.lots_at(site, item)
            )
            for _expiry, lot, room in shelf:
                part = min(qty, room)
                if part > 0:
                    lines.append((item, lot, -part))
                    qty -= part
        if qty:
            lines.append((item, None, -qty))
        return lines

    def move(self, site: int, lines) -> None:
        for item, lot, qty in lines:
            self.on_hand[(site, item)] += qty
            if lot is not None:
                self.lots[(site, lot)] += qty

    def post(self, site: int, lines, *, touch=()) -> None:
        """An inventory document: flags an item below zero, or with a lot it took below zero."""
        lines = [line for line in lines if line[2]]
        self.move(site, lines)
        for item in {line[0] for line in lines} | set(touch):
            short = any(self.lots[(site, lot)] < 0 for i, lot, _ in lines if i == item and lot)
            if self.on_hand[(site, item)] < 0 or short:
                self.flagged.add((site, item))

    def record(self, site: int, lines) -> set[int]:
        """The visit path: flags (and returns) items that end below zero."""
        self.move(site, lines)
        short = {item for item, _lot, _qty in lines if self.on_hand[(site, item)] < 0}
        self.flagged |= {(site, item) for item in short}
        return short

    def count(self, site: int, counted: dict, count_id: int) -> dict:
        """A count sets each counted line to its number; returns what each line expected."""
        expected = {}
        for item, lot in counted:
            if lot is not None:
                expected[(item, lot)] = self.lots[(site, lot)]
            elif item in self.tracked:
                expected[(item, lot)] = self.lotless(site, item)
            else:
                expected[(item, lot)] = self.on_hand[(site, item)]
        lines = [(item, lot, counted[(item, lot)] - expected[(item, lot)]) for item, lot in counted]
        items = {item for item, _lot in counted}
        self.post(site, lines, touch=items)
        for item in items:
            short_lot = any(self.lots[(site, lot)] < 0 for lot in self.lots_at(site, item))
            if self.on_hand[(site, item)] >= 0 and not short_lot:
                self.flagged.discard((site, item))
            row = self.variance.setdefault((site, item), [set(), 0, 0])
            row[0].add(count_id)
            for line_item, _lot, diff in lines:
                if line_item == item:
                    row[1] += diff
                    row[2] += abs(diff)
        return expected
