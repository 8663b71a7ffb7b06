"""Server-side SVG charts: they work offline, in PDFs and under the strict CSP (no
script, no inline style — only SVG presentation attributes such as ``fill``).

Each chart is an ``<svg role="img">`` named by ``aria-label`` and carrying ``<title>``
and ``<desc>``; pages put the same figures in a table next to it. A value of None is a
suppressed (or missing) figure: no bar or point is drawn for it, and the axis label is
marked, so a chart never shows what its table hides.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 520, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 10, 14, 62
SMALL = 13  # font size; the chart is drawn about as wide as it is shown
# High-contrast colours that stay apart for the common colour-vision differences.
COLOURS = ("#0b5cad", "#b35900", "#1c6b35", "#6a3d9a")
INK, GRID, MUTED = "#1b1f24", "#c9d0d8", "#4a5360"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


def nice_scale(value: float) -> tuple[int, int]:
    """(axis maximum, number of grid steps) for values up to ``value``: each step a round
    whole number (1, 2 or 5 × a power of ten), four or five steps, the lowest maximum."""
    best = None
    for ticks in (4, 5):
        target = max(value, 1) / ticks
        power = 10 ** max(0, math.floor(math.log10(target)))
        step = next(s * power for s in (1, 2, 5, 10) if s * power >= target)
        if best is None or step * ticks < best[0]:
            best = (step * ticks, ticks)
    return best


def _number(value: float) -> str:
    places = 0 if float(value).is_integer() else 1
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _frame(title: str, description: str, body: list[str], legend: list[Series]) -> SafeString:
    n = next(_ids)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
            'role="img" aria-label="{}" aria-describedby="chart-desc-{}" '
            'preserveAspectRatio="xMidYMid meet" font-family="system-ui, sans-serif">',
            WIDTH,
            HEIGHT,
            title,
            n,
        ),
        format_html('<title>{}</title><desc id="chart-desc-{}">{}</desc>', title, n, description),
        *body,
    ]
    for i, series in enumerate(legend if len(legend) > 1 else []):
        y = HEIGHT - BOTTOM + 26 + i * 18  # one entry a line, under the axis labels
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                LEFT,
                y,
                COLOURS[i % len(COLOURS)],
                LEFT + 18,
                y + 11,
                SMALL,
                INK,
                series.name,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece above is escaped by format_html


def _axes(labels: Sequence[str], top: int, ticks: int) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    body = []
    for i in range(ticks + 1):
        value = top * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="{}">{}</text>',
                LEFT,
                y,
                WIDTH - RIGHT,
                y,
                GRID,
                LEFT - 6,
                y + 5,
                SMALL,
                MUTED,
                _number(value),
            )
        )
    step = max(1, math.ceil(len(labels) / 5))  # at most about five axis labels
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    for i, label in enumerate(labels):
        if i % step:
            continue
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{}</text>',
                round(LEFT + slot * (i + 0.5), 2),
                HEIGHT - BOTTOM + 18,
                SMALL,
                MUTED,
                label,
            )
        )
    body.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            LEFT,
            HEIGHT - BOTTOM,
            WIDTH - RIGHT,
            HEIGHT - BOTTOM,
            INK,
        )
    )
    return body


def _scale(series: Sequence[Series]) -> tuple[int, int]:
    shown = [v for s in series for v in s.values if v is not None]
    return nice_scale(max(shown, default=0))


def _point_title(label: str, series: Series, value) -> str:
    shown = _("suppressed") if value is None else _number(value)
    return f"{label} — {series.name}: {shown}"


def bar_chart(
    title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Grouped bars, one group per label."""
    top, ticks = _scale(series)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    bar_w = max(1.0, slot * 0.8 / max(1, len(series)))
    body = _axes(labels, top, ticks)
    for s_index, s in enumerate(series):
        for i, value in enumerate(s.values):
            if not value:  # suppressed, missing or zero: no bar
                continue
            h = plot_h * value / top
            x = LEFT + slot * i + slot * 0.1 + bar_w * s_index
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    round(x, 2),
                    round(TOP + plot_h - h, 2),
                    round(bar_w, 2),
                    round(h, 2),
                    COLOURS[s_index % len(COLOURS)],
                    _point_title(labels[i], s, value),
                )
            )
    return _frame(title, description, body, list(series))


def line_chart(
    title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """One line per series; a suppressed value breaks the line."""
    top, ticks = _scale(series)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(labels))
    body = _axes(labels, top, ticks)
    for s_index, s in enumerate(series):
        colour = COLOURS[s_index % len(COLOURS)]
        points = [
            None if v is None else (LEFT + slot * (i + 0.5), TOP + plot_h - plot_h * v / top)
            for i, v in enumerate(s.values)
        ]
        for run in _runs(points):
            if len(run) > 1:
                path = " ".join(f"{x:.2f},{y:.2f}" for x, y in run)
                body.append(
                    format_html(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                        path,
                        colour,
                    )
                )
        for i, point in enumerate(points):
            if point is not None:
                body.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>',
                        round(point[0], 2),
                        round(point[1], 2),
                        colour,
                        _point_title(labels[i], s, s.values[i]),
                    )
                )
    return _frame(title, description, body, list(series))


def _runs(points):
    run = []
    for point in points:
        if point is None:
            if run:
                yield run
            run = []
        else:
            run.append(point)
    if run:
        yield run


def describe(labels: Sequence[str], series: Sequence[Series]) -> str:
    """A one-sentence text alternative: totals and the highest value of each series."""
    sentences = []
    for s in series:
        shown = [(v, labels[i]) for i, v in enumerate(s.values) if v is not None]
        hidden = len(s.values) - len(shown)
        if not shown:
            sentences.append(_("%(name)s: no figures can be shown.") % {"name": s.name})
            continue
        high, at = max(shown, key=lambda pair: pair[0])
        sentence = _("%(name)s: highest %(value)s (%(label)s).") % {
            "name": s.name,
            "value": _number(high),
            "label": at,
        }
        if hidden:
            sentence += " " + _("%(n)s values suppressed.") % {"n": hidden}
        sentences.append(sentence)
    return " ".join(sentences)
