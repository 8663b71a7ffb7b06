"""Supplies given and services delivered at visits (voided visits left out)."""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.encounters.models import Direction, VisitService
from waypoint.supplies.models import SupplyCategory

from .base import EVENTS, ROLLUP, SYRINGES, UNITS, AggregateIndicator, Rollup, register

BY = ("site", "modality", "week", "program")


def _units(category: str):
    condition = Q(direction=Direction.GIVEN, item__category=category)
    return lambda scope, prefix: Sum("quantity", filter=condition)


def _rolled_units(category: str) -> Rollup:
    return Rollup("day_items", lambda scope: Sum("units_given", filter=Q(item__category=category)))


def _services(service: str):
    return lambda scope, prefix: Count("pk", filter=Q(service=service))


def _rolled_services(service: str) -> Rollup:
    return Rollup("day_services", lambda scope: Sum("visits", filter=Q(service=service)))


def _described(service: str) -> str:
    return gettext("Visits in the period where staff recorded this service (“%(service)s”).") % {
        "service": VisitService(service).label
    }


def units_given(key: str, category: str, name, description) -> AggregateIndicator:
    return AggregateIndicator(
        key=key,
        name=name,
        description=description,
        unit=UNITS,
        table="items",
        expression=_units(category),
        disaggregations=BY,
        source=ROLLUP,
        rollup=_rolled_units(category),
    )


def services(key: str, service: str, name) -> AggregateIndicator:
    return AggregateIndicator(
        key=key,
        name=name,
        description=lazy(_described, str)(service),
        unit=EVENTS,
        table="services",
        expression=_services(service),
        disaggregations=BY,
        source=ROLLUP,
        rollup=_rolled_services(service),
    )


SYRINGES_BY_TYPE = AggregateIndicator(
    key="syringes_by_type",
    name=_("Syringes distributed, by type"),
    description=_(
        "Syringes given at visits in the period, by catalog item: units given times the "
        "item's syringes per unit as set in the catalog now."
    ),
    unit=SYRINGES,
    table="items",
    expression=lambda scope, prefix: Sum(
        F("quantity") * F("item__syringes_per_unit"),
        filter=Q(direction=Direction.GIVEN, item__syringes_per_unit__gt=0),
    ),
    disaggregations=("item",),
    source=ROLLUP,
    rollup=Rollup(
        "day_items",
        lambda scope: Sum(
            F("units_given") * F("item__syringes_per_unit"), filter=Q(item__syringes_per_unit__gt=0)
        ),
        by=("item",),
    ),
)

register(
    SYRINGES_BY_TYPE,
    units_given(
        "test_strips",
        SupplyCategory.TEST_STRIPS,
        _("Drug test strips distributed"),
        _("Units of items in the “Test strips” category given at visits in the period."),
    ),
    units_given(
        "education_materials",
        SupplyCategory.EDUCATION,
        _("Educational materials distributed"),
        _("Units of items in the “Education” category given at visits in the period."),
    ),
    units_given(
        "naloxone_kits",
        SupplyCategory.NALOXONE,
        _("Naloxone kits distributed"),
        _(
            "Units of items in the “Naloxone” category given at visits in the period (a kit "
            "may hold more than one dose)."
        ),
    ),
    services("hiv_tests", VisitService.HIV_TEST, _("HIV tests")),
    services("hcv_tests", VisitService.HCV_TEST, _("Hepatitis C tests")),
    services("sti_tests", VisitService.STI_TEST, _("STI tests")),
    services("wound_care", VisitService.WOUND_CARE, _("Wound care")),
    services("moud_info", VisitService.MOUD_INFO, _("Information on treatment (MOUD) given")),
    services("naloxone_trainings", VisitService.NALOXONE_TRAINING, _("Naloxone trainings")),
)
