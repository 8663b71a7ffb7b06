"""Reporting periods and scopes.

A ``Period`` is a run of whole days, both ends included, in the program's time zone
(``settings.TIME_ZONE``). A ``Scope`` says whose data a report covers: one site, one
program, or every program of a network. Network scope reads across programs on purpose
and only ever yields aggregates.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.core.scoping import scopes_disabled

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first instant, first instant after the last day) as aware datetimes."""
        zone = timezone.get_default_timezone()
        begin = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        finish = dt.datetime.combine(self.end + DAY, dt.time.min, tzinfo=zone)
        return begin, finish

    def last_days(self, n: int) -> Period:
        """The last ``n`` days of the period (the whole period if it is shorter)."""
        return Period(max(self.start, self.end - dt.timedelta(days=n - 1)), self.end)

    def windows(self, length: int = 30) -> list[Period]:
        """Consecutive ``length``-day windows from the first day. A last window shorter
        than ``length`` is dropped, unless the whole period is shorter than one window."""
        if self.days < length:
            return [self]
        count = self.days // length
        return [
            Period(
                self.start + dt.timedelta(days=k * length),
                self.start + dt.timedelta(days=(k + 1) * length - 1),
            )
            for k in range(count)
        ]

    def week_starts(self) -> list[dt.date]:
        """The Monday of every week that touches the period."""
        monday = self.start - dt.timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += dt.timedelta(days=7)
        return weeks

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @classmethod
    def last_full_quarter(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = quarter_start - DAY
        return cls(dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end)

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


SITE, PROGRAM, NETWORK = "site", "program", "network"


@dataclass(frozen=True)
class Scope:
    """Whose data: ``site`` (one site of a program), ``program`` or ``network``."""

    kind: str
    program: object = None
    site: object = None
    network: object = None

    @classmethod
    def of_program(cls, program, site=None) -> Scope:
        if site is not None:
            return cls(SITE, program=program, site=site)
        return cls(PROGRAM, program=program)

    @classmethod
    def of_network(cls, network) -> Scope:
        return cls(NETWORK, network=network)

    @property
    def is_network(self) -> bool:
        return self.kind == NETWORK

    def filter(self, prefix: str = "", *, site_field: str | None = "site") -> Q:
        """The rows of this scope, for a model that reaches its program through ``prefix``
        and its site through ``prefix + site_field`` (None: rows not tied to a site)."""
        if self.kind == NETWORK:
            return Q(**{f"{prefix}program__network": self.network})
        if self.kind == SITE and site_field is not None:
            return Q(**{f"{prefix}program": self.program, f"{prefix}{site_field}": self.site.pk})
        return Q(**{f"{prefix}program": self.program})

    def opened(self):
        """Network scope reads every program of the network on purpose; a program or
        site scope runs inside the caller's program scope (a request's, a task's)."""
        return scopes_disabled() if self.kind == NETWORK else nullcontext()

    def __str__(self) -> str:
        if self.kind == NETWORK:
            return _("Network: %(name)s") % {"name": self.network.name}
        if self.kind == SITE:
            return _("%(program)s, site %(site)s") % {
                "program": self.program.name,
                "site": self.site.name,
            }
        return str(self.program.name)
