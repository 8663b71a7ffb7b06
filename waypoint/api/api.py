"""The Waypoint REST API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from collections.abc import Iterator

from ninja import NinjaAPI
from ninja.operation import Operation

from waypoint.core.api import router as core_router
from waypoint.surveys.api import router as surveys_router

from .auth import DeviceTokenAuth, ProgramSessionAuth

api = NinjaAPI(
    title="Waypoint API",
    version="1",
    description=(
        "Program-scoped API for harm reduction programs. Authenticate with the web session "
        "(and its CSRF token) or with a device token: `Authorization: Bearer <token>`."
    ),
    auth=[ProgramSessionAuth(), DeviceTokenAuth()],
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/", "waypoint.sites.api.router")
api.add_router("/surveys", surveys_router)
api.add_router("/", "waypoint.encounters.api.router")
api.add_router("/", "waypoint.supplies.api.router")
api.add_router("/reports", "waypoint.reports.api.router")
api.add_router("/", "waypoint.participants.api.router")


def iter_operations() -> Iterator[tuple[str, Operation]]:
    """Every (path, operation) of the API, for tests that check each one's access rule."""
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"{prefix}{path}", operation
