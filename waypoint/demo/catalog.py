"""A sensible starting catalog for demo programs (and a template for real ones)."""

from __future__ import annotations

from waypoint.supplies.models import SupplyCategory as C
from waypoint.supplies.models import SupplyItem

# (name, category, unit, syringes/unit, naloxone doses/unit, max per visit, quick)
CATALOG = [
    ("Syringe kit, 10 × 1 mL 28G", C.SYRINGES, "kit", 10, 0, 20, True),
    ("Syringes, 1 mL 29G (box of 100)", C.SYRINGES, "box", 100, 0, 10, False),
    ("Syringe, 3 mL 25G", C.SYRINGES, "each", 1, 0, 200, False),
    ("Cookers", C.INJECTION_EQUIPMENT, "each", 0, 0, 100, True),
    ("Cotton filters (pack of 10)", C.INJECTION_EQUIPMENT, "pack", 0, 0, 20, False),
    ("Sterile water, 10 mL", C.INJECTION_EQUIPMENT, "vial", 0, 0, 100, False),
    ("Alcohol pads", C.INJECTION_EQUIPMENT, "each", 0, 0, 200, False),
    ("Tourniquet", C.INJECTION_EQUIPMENT, "each", 0, 0, 10, False),
    ("Naloxone nasal spray 4 mg (2 doses)", C.NALOXONE, "kit", 0, 2, 10, True),
    ("Naloxone injectable kit (3 vials)", C.NALOXONE, "kit", 0, 3, 10, False),
    ("Fentanyl test strip", C.TEST_STRIPS, "each", 0, 0, 50, True),
    ("Xylazine test strip", C.TEST_STRIPS, "each", 0, 0, 50, False),
    ("Safer smoking kit", C.SAFER_SMOKING, "kit", 0, 0, 20, True),
    ("Snorting kit", C.SAFER_SMOKING, "kit", 0, 0, 20, False),
    ("Wound care kit", C.WOUND_CARE, "kit", 0, 0, 5, False),
    ("Condoms", C.SEXUAL_HEALTH, "each", 0, 0, 50, False),
    ("Hygiene kit", C.HYGIENE, "kit", 0, 0, 5, False),
    ("Sharps container, 1 quart", C.DISPOSAL, "each", 0, 0, 10, True),
    ("Sharps container, 1 gallon", C.DISPOSAL, "each", 0, 0, 5, False),
    ("Overdose response guide", C.EDUCATION, "each", 0, 0, 10, False),
]


def seed_catalog(program) -> list[SupplyItem]:
    """Give ``program`` the starter catalog; items it already has (by name) are left alone."""
    existing = set(SupplyItem.unscoped.filter(program=program).values_list("name", flat=True))
    new = [
        SupplyItem(
            program=program,
            name=name,
            category=category,
            unit=unit,
            syringes_per_unit=syringes,
            naloxone_doses_per_unit=doses,
            max_per_visit=most,
            is_quick=quick,
            sort_order=order,
        )
        for order, (name, category, unit, syringes, doses, most, quick) in enumerate(
            CATALOG, start=1
        )
        if name not in existing
    ]
    SupplyItem.unscoped.bulk_create(new)
    return list(SupplyItem.unscoped.filter(program=program))
