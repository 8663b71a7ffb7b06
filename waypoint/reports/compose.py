"""Building a ``ReportResult`` from a report template: compute, lay out, suppress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.core.scoping import program_scope

from . import grid
from .definitions.base import Answers, ByCategory, Items, Ratio, ReportTemplate
from .indicators.base import (
    DISTINCT,
    PERCENT,
    RATIO,
    SHARES,
    Breakdown,
    Calculator,
    Measure,
    get,
)
from .period import Period, Scope
from .publish import (
    BREAKDOWN,
    LIST,
    DraftCell,
    DraftRow,
    DraftTable,
    Forced,
    hidden_addresses,
    programs_forced,
    publish,
    suppression_threshold,
)
from .results import ReportResult, Section


def not_recorded() -> str:
    return _("Not recorded in Waypoint yet.")


def total_of(value: Measure | Breakdown) -> Measure:
    return value.total if isinstance(value, Breakdown) else value


def items_table(part: Items, calc: Calculator) -> DraftTable:
    rows = []
    for line in part.lines:
        if line.indicator is None:
            measure = Measure(
                None, "", note=" ".join(filter(None, [not_recorded(), str(line.note)]))
            )
            description = ""
        else:
            measure = total_of(calc.value(line.indicator))
            if line.note:
                note = " ".join(filter(None, [measure.note, str(line.note)]))
                measure = replace(measure, note=note)
            description = str(get(line.indicator).description)
        address = (line.indicator, None, None) if line.indicator else None
        cell = DraftCell(measure, address=address)
        rows.append(DraftRow(str(line.label), [cell], line.number, False, description))
    return DraftTable(
        str(part.title), [_("Figure")], rows, LIST, row_header=_("Item"), number=part.number
    )


def ratio(numerator: Measure, denominator: Measure, percent: bool) -> Measure:
    n, d = numerator.value, denominator.value
    if n is None or d is None or not d:
        return Measure(None, PERCENT if percent else RATIO, note=_("Nothing to divide by."))
    value = round(100 * n / d, 1) if percent else round(n / d, 2)
    return Measure(value, PERCENT if percent else RATIO, parts=(n, d))


def by_category_table(part: ByCategory, calc: Calculator) -> DraftTable:
    keys = [c for c in part.columns if isinstance(c, str)]
    keys += [k for c in part.columns if isinstance(c, Ratio) for k in (c.numerator, c.denominator)]
    breakdowns: dict[str, Breakdown | Measure] = {}
    for key in dict.fromkeys(keys):
        indicator = get(key)
        if part.by in indicator.disaggregations and calc.scope.kind in indicator.scopes:
            breakdowns[key] = calc.breakdown(key, part.by)
        else:
            breakdowns[key] = Measure(
                None, indicator.unit, note=_("Not available by this category.")
            )
    labels: dict = {}
    for found in breakdowns.values():
        if isinstance(found, Breakdown):
            labels.update({c.key: c.label for c in found.categories if c.key not in labels})
    position = {c: i for i, c in enumerate(part.columns) if isinstance(c, str)}

    def cell_for(key: str, category) -> Measure:
        found = breakdowns[key]
        if not isinstance(found, Breakdown):
            return found
        if category is None:
            return found.total
        match = next((c.measure for c in found.categories if c.key == category), None)
        return match or Measure(0, found.total.unit)

    rows = []
    for r, (category, label) in enumerate([*labels.items(), (None, _("Total"))]):
        cells = []
        for column in part.columns:
            if isinstance(column, Ratio):
                refs = tuple(
                    (r, position[k])
                    for k in (column.numerator, column.denominator)
                    if k in position
                )
                measure = ratio(
                    cell_for(column.numerator, category),
                    cell_for(column.denominator, category),
                    column.percent,
                )
                cells.append(DraftCell(measure, refs))
            else:
                address = (column, None, None) if category is None else (column, part.by, category)
                cells.append(DraftCell(cell_for(column, category), address=address))
        rows.append(DraftRow(str(label), cells, is_total=category is None))

    def kind_of(column) -> str:
        # A ratio column, or one not available by this category, adds up to nothing.
        found = breakdowns.get(column) if isinstance(column, str) else None
        return found.kind if isinstance(found, Breakdown) else DISTINCT

    kinds = [kind_of(column) for column in part.columns]
    headers = [str(c.label) if isinstance(c, Ratio) else str(get(c).name) for c in part.columns]
    return DraftTable(
        str(part.title),
        headers,
        rows,
        BREAKDOWN,
        kinds,
        row_header=category_header(part.by),
        number=part.number,
    )


def category_header(by: str) -> str:
    return {
        "site": _("Site"),
        "modality": _("How"),
        "program": _("Program"),
        "week": _("Week starting"),
        "kit_outcome": _("Last kit"),
        "item": _("Type"),
    }.get(by, "")


def answers_table(part: Answers, calc: Calculator) -> DraftTable:
    found = calc.value(part.indicator)
    indicator = get(part.indicator)
    total = (part.indicator, None, None)
    if not isinstance(found, Breakdown):
        cells = [DraftCell(found, address=total), DraftCell(Measure(None, PERCENT))]
        row = DraftRow(str(indicator.name), cells)
        return DraftTable(
            str(part.title), [_("People"), _("Share")], [row], LIST, number=part.number
        )
    total_row = len(found.categories)
    rows = [
        DraftRow(
            c.label,
            [
                DraftCell(c.measure, address=(part.indicator, "answer", c.key)),
                DraftCell(ratio(c.measure, found.total, True), refs=((r, 0), (total_row, 0))),
            ],
        )
        for r, c in enumerate(found.categories)
    ]
    total_label = _("Responses asked") if found.kind == SHARES else _("Total")
    rows.append(
        DraftRow(
            total_label,
            [DraftCell(found.total, address=total), DraftCell(Measure(None, PERCENT))],
            is_total=True,
        )
    )
    return DraftTable(
        str(part.title),
        [_("Count"), _("Share")],
        rows,
        BREAKDOWN,
        [found.kind, DISTINCT],
        row_header=_("Answer"),
        number=part.number,
        notes=[str(indicator.description)],
    )


BUILDERS = {Items: items_table, ByCategory: by_category_table, Answers: answers_table}


def _by_program(key: str) -> bool:
    """Whether a network's figure can be broken down by program in one query."""
    return "program" in get(key).disaggregations


def hidden_inside(
    drafts_for: Callable[[Calculator], list[DraftTable]],
    drafts: list[DraftTable],
    whole: Calculator,
    threshold: int,
) -> Forced:
    """What the parts of an aggregate hide (rule 3 of ``suppression.py``): each quarter of
    a year, and for a network each program in each quarter. ``drafts`` are the tables of
    the aggregate, ``drafts_for(calc)`` lays them out for a part. Nothing for a single
    quarter of a program."""
    forced = Forced()
    period, scope = whole.period, whole.scope
    quarters = grid.quarters_of(period)
    if not scope.is_network:
        if quarters != [period]:
            for quarter in quarters:
                for draft in drafts_for(whole.part(quarter)):
                    forced |= hidden_addresses(draft, threshold)
        return forced
    cells = [cell for draft in drafts for row in draft.rows for cell in row.cells]
    keys = {
        cell.address[0]
        for cell in cells
        if cell.address and cell.address[1] in (None, "program") and cell.measure.is_count
    } | {key for cell in cells for key in cell.measure.part_keys}
    by_quarter = []
    for quarter in quarters:
        # A quarter of its own reuses the figures by program its page already asked for.
        calc = whole if quarter == period else whole.part(quarter)
        calc.prefetch_breakdowns(sorted(k for k in keys if _by_program(k)), "program")
        values = {}
        for key in sorted(keys):
            if _by_program(key):
                found = calc.breakdown(key, "program").categories
                values[key] = {c.key: c.measure.value for c in found}
            else:
                values[key] = {}
                for program in scope.network.programs.all():
                    with program_scope(program):
                        part = Calculator(quarter, Scope.of_program(program))
                        values[key][program.pk] = total_of(part.value(key)).value
        by_quarter.append(values)
    return programs_forced(by_quarter, threshold)


def build_report(
    template: ReportTemplate,
    period: Period,
    scope: Scope,
    *,
    suppressed: bool,
    threshold: int | None = None,
) -> ReportResult:
    """The whole report. ``suppressed`` must be True for anyone below coordinator; a
    suppressed report is meant for a period of the publication grid (``grid.py``)."""
    threshold = suppression_threshold() if threshold is None else threshold

    def drafts_for(calc: Calculator) -> list[DraftTable]:
        calc.prefetch(template.indicator_keys())
        return [
            BUILDERS[type(part)](part, calc)
            for definition in template.sections
            for part in definition.parts
        ]

    calc = Calculator(period, scope)
    drafts = drafts_for(calc)
    forced = hidden_inside(drafts_for, drafts, calc, threshold) if suppressed else None
    laid_out = iter(drafts)
    sections = []
    for definition in template.sections:
        tables = [
            publish(next(laid_out), suppressed=suppressed, threshold=threshold, forced=forced)
            for _part in definition.parts
        ]
        sections.append(
            Section(definition.number, str(definition.title), str(definition.wording), tables)
        )
    return ReportResult(
        key=template.key,
        title=str(template.title),
        form_name=str(template.form_name),
        issuer=str(template.issuer),
        scope=str(scope),
        start=period.start,
        end=period.end,
        generated_at=timezone.now(),
        suppressed=suppressed,
        threshold=threshold,
        sections=sections,
        notes=[str(note) for note in template.notes],
    )
