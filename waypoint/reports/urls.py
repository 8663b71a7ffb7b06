"""Report URLs. Each report has its own fixed path (no id in the URL): a report is the
current program's (or the analyst's network's), never an object of another program."""

from django.urls import path

from . import network_views, views
from .definitions import network_templates, program_templates

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("settings/", views.report_settings_view, name="settings"),
    path("network/", network_views.network_index, name="network"),
    path("network/settings/", network_views.network_settings, name="network_settings"),
    *[
        path(f"{t.key.replace('_', '-')}/", views.report, {"report_key": t.key}, name=t.key)
        for t in program_templates()
    ],
    *[
        path(
            f"network/{t.key.replace('_', '-')}/",
            network_views.network_report,
            {"report_key": t.key},
            name=f"network_{t.key}",
        )
        for t in network_templates()
    ],
]
