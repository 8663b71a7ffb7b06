from django.contrib import admin
from django.urls import include, path

from waypoint.api.api import api
from waypoint.core import views as core_views

handler403 = "waypoint.core.views.permission_denied"
handler404 = "waypoint.core.views.page_not_found"
handler500 = "waypoint.core.views.server_error"

urlpatterns = [
    path("", include("waypoint.today.urls")),
    path("", include("waypoint.core.urls")),
    path("", include("waypoint.accounts.urls")),
    path("sites/", include("waypoint.sites.urls")),
    path("", include("waypoint.encounters.urls")),
    path("", include("waypoint.supplies.urls")),
    path("audit/", include("waypoint.audit.urls")),
    path("participants/", include("waypoint.participants.urls")),
    path("card/", include("waypoint.participants.public_urls")),
    path("surveys/", include("waypoint.surveys.urls")),
    path("s/", include("waypoint.surveys.public_urls")),
    path("reports/", include("waypoint.reports.urls")),
    path("community/", include("waypoint.reports.community_urls")),
    path("exports/", include("waypoint.exports.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
