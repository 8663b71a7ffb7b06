"""Syringe coverage per person who injects drugs, and the national survey's size band."""

from __future__ import annotations

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from ..models import ReportSettings
from ..period import Period
from .base import RATE, SYRINGES, TEXT, Calculator, FunctionIndicator, Measure, register

# (lowest, highest or None, label) — CDC/NASEN Dave Purchase Memorial SSP survey.
SIZE_BANDS = (
    (1, 9_999, _("Small (1–9,999 syringes a year)")),
    (10_000, 55_000, _("Medium (10,000–55,000 syringes a year)")),
    (55_001, 499_999, _("Large (55,001–499,999 syringes a year)")),
    (500_000, None, _("Very large (500,000 or more syringes a year)")),
)


def annualized(count: int, period: Period) -> int:
    """``count`` scaled to a year: as is for a 365- or 366-day period, else × 365 ÷ days."""
    if period.days in (365, 366):
        return count
    return round(count * 365 / period.days)


def report_settings(program) -> ReportSettings:
    found = ReportSettings.objects.filter(program=program).first()
    return found or ReportSettings(program=program)


def _coverage(calc: Calculator) -> Measure:
    given = calc.count("syringes_given")
    settings = calc.memo("report_settings", lambda: report_settings(calc.scope.program))
    if not settings.pwid_population:
        note = gettext_now(
            "No estimate of people who inject drugs is set for this program; an admin can "
            "add one in the report settings."
        )
        return Measure(None, RATE, parts=(given,), note=note)
    value = round(annualized(given, calc.period) / settings.pwid_population, 1)
    return Measure(value, RATE, parts=(given,))


COVERAGE = FunctionIndicator(
    key="syringe_coverage",
    name=_("Syringes distributed per person who injects drugs per year"),
    description=_(
        "Syringes distributed in the period, scaled to a year (× 365 ÷ days in the "
        "period, unless the period is a whole year), divided by the program's estimate of "
        "people who inject drugs in its area (report settings). The international target "
        "is 200."
    ),
    unit=RATE,
    scopes=frozenset({"program"}),
    function=_coverage,
)


def _coverage_band(calc: Calculator) -> Measure:
    coverage = calc.value("syringe_coverage")
    if coverage.value is None:
        return Measure(None, TEXT, parts=coverage.parts, note=coverage.note)
    settings = calc.memo("report_settings", lambda: report_settings(calc.scope.program))
    if coverage.value < settings.coverage_low_below:
        band = gettext_now("Low")
    elif coverage.value > settings.coverage_high_above:
        band = gettext_now("High")
    else:
        band = gettext_now("Medium")
    return Measure(band, TEXT, parts=coverage.parts)


COVERAGE_BAND = FunctionIndicator(
    key="syringe_coverage_band",
    name=_("Syringe coverage level"),
    description=_(
        "Low below 100 syringes per person per year, high above 200, medium in between "
        "(both limits can be changed in the report settings)."
    ),
    unit=TEXT,
    scopes=frozenset({"program"}),
    function=_coverage_band,
)


def _size_band(calc: Calculator) -> Measure:
    given = calc.count("syringes_given")
    yearly = annualized(given, calc.period)
    for low, high, label in SIZE_BANDS:
        if yearly >= low and (high is None or yearly <= high):
            return Measure(str(label), TEXT, parts=(given,))
    return Measure(gettext_now("No syringes distributed"), TEXT, parts=(given,))


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
    return Measure(annualized(given, calc.period), SYRINGES, parts=(given,))


SYRINGES_PER_YEAR = FunctionIndicator(
    key="syringes_per_year",
    name=_("Syringes distributed, scaled to a year"),
    description=_(
        "Syringes distributed in the period × 365 ÷ days in the period (as is for a whole year)."
    ),
    unit=SYRINGES,
    function=_syringes_per_year,
)

register(COVERAGE, COVERAGE_BAND, SIZE_BAND, SYRINGES_PER_YEAR)
