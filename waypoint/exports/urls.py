"""Export URLs: a program's exports, and a network analyst's under ``network/``."""

from django.urls import path

from . import network_views, views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/status/", views.job_status, name="job_status"),
    path("<int:job_id>/download/", views.download, name="download"),
    path("network/", network_views.network_index, name="network_index"),
    path("network/new/", network_views.network_create, name="network_create"),
    path("network/<int:job_id>/", network_views.network_job, name="network_job"),
    path(
        "network/<int:job_id>/status/",
        network_views.network_job_status,
        name="network_job_status",
    ),
    path("network/<int:job_id>/download/", network_views.network_download, name="network_download"),
]
