"""How a funder report is laid out: sections in the form's order, each with the form's
own numbering and wording, answered by indicators.

Parts of a section:
- ``Items``: numbered lines, one figure each (an indicator, or "not recorded").
- ``ByCategory``: indicators side by side, one row per site / modality / program / …,
  with a total row.
- ``Answers``: an indicator that is itself a table (a survey question's answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

Text = Promise | str


@dataclass(frozen=True)
class Line:
    number: str
    label: Text  # the form's wording
    indicator: str | None = None  # None: Waypoint does not record this
    note: Text = ""


@dataclass(frozen=True)
class Ratio:
    """A column worked out from two other columns of the same table (e.g. collected ÷
    given): shown only where both are shown."""

    label: Text
    numerator: str
    denominator: str
    percent: bool = False


@dataclass(frozen=True)
class Items:
    title: Text
    lines: tuple[Line, ...]
    number: str = ""


@dataclass(frozen=True)
class ByCategory:
    title: Text
    by: str  # site | modality | program | week | kit_outcome
    columns: tuple[str | Ratio, ...]
    number: str = ""


@dataclass(frozen=True)
class Answers:
    title: Text
    indicator: str
    number: str = ""


@dataclass(frozen=True)
class SectionDef:
    number: str
    title: Text
    parts: tuple[Items | ByCategory | Answers, ...]
    wording: Text = ""


@dataclass(frozen=True)
class ReportTemplate:
    key: str  # also the URL: /reports/<key>/
    title: Text
    form_name: Text  # what the funder calls the form
    issuer: Text
    frequency: Text
    summary: Text
    sections: tuple[SectionDef, ...]
    html_template: str = "reports/forms/generic.html"
    default_period: str = "quarter"  # or "year": the last full calendar year
    network: bool = False  # offered to network analysts, across a network
    program: bool = True  # offered to a program's viewers and up
    notes: tuple[Text, ...] = field(default_factory=tuple)

    def indicator_keys(self) -> set[str]:
        keys: set[str] = set()
        for section in self.sections:
            for part in section.parts:
                if isinstance(part, Items):
                    keys.update(line.indicator for line in part.lines if line.indicator)
                elif isinstance(part, Answers):
                    keys.add(part.indicator)
                else:
                    for column in part.columns:
                        if isinstance(column, Ratio):
                            keys.update((column.numerator, column.denominator))
                        else:
                            keys.add(column)
        return keys


TEMPLATES: dict[str, ReportTemplate] = {}


def register(template: ReportTemplate) -> ReportTemplate:
    if template.key in TEMPLATES:
        raise ValueError(f"report template {template.key} is defined twice")
    TEMPLATES[template.key] = template
    return template
