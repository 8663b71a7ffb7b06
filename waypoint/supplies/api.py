"""API: the program's catalog, for devices that log visits offline."""

from __future__ import annotations

from ninja import Router, Schema

from waypoint.core.api_access import api_role
from waypoint.core.api_errors import ErrorOut
from waypoint.core.models import Role

from .models import SupplyItem

router = Router(tags=["supplies"])


class SupplyItemOut(Schema):
    id: int
    name: str
    category: str
    unit: str
    syringes_per_unit: int
    naloxone_doses_per_unit: int
    max_per_visit: int
    is_quick: bool
    sort_order: int


@router.get(
    "/supply-items",
    response={200: list[SupplyItemOut], 401: ErrorOut, 403: ErrorOut},
    summary="Active catalog items, quick items first",
)
@api_role(Role.PEER)
def list_items(request):
    items = SupplyItem.objects.filter(program=request.auth.program, is_active=True)
    return [
        SupplyItemOut(
            id=item.pk,
            name=item.name,
            category=item.category,
            unit=item.unit,
            syringes_per_unit=item.syringes_per_unit,
            naloxone_doses_per_unit=item.naloxone_doses_per_unit,
            max_per_visit=item.max_per_visit,
            is_quick=item.is_quick,
            sort_order=item.sort_order,
        )
        for item in items.order_by("-is_quick", "sort_order", "name")
    ]
