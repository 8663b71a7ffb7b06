"""Syringe coverage and reach among people who inject drugs (from the program's or the
network's population estimate), and the national survey's size band."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import CoverageEstimate, NetworkReportSettings, ReportSettings
from ..period import Period
from .base import (
    PERCENT,
    RATE,
    SYRINGES,
    TEXT,
    Calculator,
    FunctionIndicator,
    Measure,
    register,
)

# (lowest, highest or None, label) — CDC/NASEN Dave Purchase Memorial SSP survey.
SIZE_BANDS = (
    (1, 9_999, _("Small (1–9,999 syringes a year)")),
    (10_000, 55_000, _("Medium (10,000–55,000 syringes a year)")),
    (55_001, 499_999, _("Large (55,001–499,999 syringes a year)")),
    (500_000, None, _("Very large (500,000 or more syringes a year)")),
)


GIVEN = ("syringes_given",)


def annualized(count: int, period: Period) -> int:
    """``count`` scaled to a year: as is for a 365- or 366-day period, else × 365 ÷ days."""
    if period.days in (365, 366):
        return count
    return round(count * 365 / period.days)


def report_settings(program) -> ReportSettings:
    found = ReportSettings.objects.filter(program=program).first()
    return found or ReportSettings(program=program)


def estimate(calc: Calculator) -> CoverageEstimate:
    """The population estimate for the calculator's scope: the network's for a network,
    else the program's."""

    def find() -> CoverageEstimate:
        if calc.scope.is_network:
            found = NetworkReportSettings.objects.filter(network=calc.scope.network).first()
            return found or NetworkReportSettings(network=calc.scope.network)
        return report_settings(calc.scope.program)

    return calc.memo("coverage_estimate", find)


def no_estimate(calc: Calculator) -> str:
    if calc.scope.is_network:
        return gettext(
            "No estimate of people who inject drugs is set for this network; a network "
            "analyst can add one in the network report settings."
        )
    return gettext(
        "No estimate of people who inject drugs is set for this program; an admin can "
        "add one in the report settings."
    )


def _coverage(calc: Calculator) -> Measure:
    given = calc.count("syringes_given")
    population = estimate(calc).pwid_population
    if not population:
        return Measure(None, RATE, parts=(given,), part_keys=GIVEN, note=no_estimate(calc))
    value = round(annualized(given, calc.period) / population, 1)
    return Measure(value, RATE, parts=(given,), part_keys=GIVEN)


COVERAGE = FunctionIndicator(
    key="syringe_coverage",
    name=_("Syringes distributed per person who injects drugs per year"),
    description=_(
        "Syringes distributed in the period, scaled to a year (× 365 ÷ days in the "
        "period, unless the period is a whole year), divided by the estimate of people who "
        "inject drugs in the area served (the program's report settings; for a network, "
        "the network report settings). The international target is 200."
    ),
    unit=RATE,
    scopes=frozenset({"program", "network"}),
    function=_coverage,
)


def _coverage_band(calc: Calculator) -> Measure:
    coverage = calc.value("syringe_coverage")
    if coverage.value is None:
        return Measure(
            None, TEXT, parts=coverage.parts, part_keys=coverage.part_keys, note=coverage.note
        )
    settings = estimate(calc)
    if coverage.value < settings.coverage_low_below:
        band = gettext("Low")
    elif coverage.value > settings.coverage_high_above:
        band = gettext("High")
    else:
        band = gettext("Medium")
    return Measure(band, TEXT, parts=coverage.parts, part_keys=coverage.part_keys)


COVERAGE_BAND = FunctionIndicator(
    key="syringe_coverage_band",
    name=_("Syringe coverage level"),
    description=_(
        "Low below 100 syringes per person per year, high above 200, medium in between "
        "(both limits can be changed in the report settings)."
    ),
    unit=TEXT,
    scopes=frozenset({"program", "network"}),
    function=_coverage_band,
)


def _size_band(calc: Calculator) -> Measure:
    given = calc.count("syringes_given")
    yearly = annualized(given, calc.period)
    for low, high, label in SIZE_BANDS:
        if yearly >= low and (high is None or yearly <= high):
            return Measure(str(label), TEXT, parts=(given,), part_keys=GIVEN)
    return Measure(gettext("No syringes distributed"), TEXT, parts=(given,), part_keys=GIVEN)


SIZE_BAND = FunctionIndicator(
    key="program_size",
    name=_("Program size by syringes distributed per year"),
    description=_(
        "The national survey's size band for syringes distributed in the period, scaled to "
        "a year as for coverage: 1–9,999; 10,000–55,000; 55,001–499,999; 500,000 or more."
    ),
    unit=TEXT,
    function=_size_band,
)


def _syringes_per_year(calc: Calculator) -> Measure:
    given = calc.count("syringes_given")
    return Measure(annualized(given, calc.period), SYRINGES, parts=(given,), part_keys=GIVEN)


SYRINGES_PER_YEAR = FunctionIndicator(
    key="syringes_per_year",
    name=_("Syringes distributed, scaled to a year"),
    description=_(
        "Syringes distributed in the period × 365 ÷ days in the period (as is for a whole year)."
    ),
    unit=SYRINGES,
    function=_syringes_per_year,
)


def _reached(calc: Calculator) -> Measure:
    people = calc.count("unique_people")
    population = estimate(calc).pwid_population
    if not population:
        return Measure(
            None, PERCENT, parts=(people,), part_keys=("unique_people",), note=no_estimate(calc)
        )
    return Measure(
        round(100 * people / population, 1), PERCENT, parts=(people,), part_keys=("unique_people",)
    )


REACHED = FunctionIndicator(
    key="pwid_reached",
    name=_("People who inject drugs reached"),
    description=_(
        "People served in the period (unduplicated) as a share of the estimate of people "
        "who inject drugs in the area served. Everyone served counts, including people who "
        "do not inject, so this can overstate reach."
    ),
    unit=PERCENT,
    scopes=frozenset({"program", "network"}),
    function=_reached,
)

register(COVERAGE, COVERAGE_BAND, SIZE_BAND, SYRINGES_PER_YEAR, REACHED)
