from django.urls import path

from . import views, visit_views

app_name = "encounters"

urlpatterns = [
    path("window/", views.window, name="window"),
    path("window/panel/", views.panel, name="panel"),
    path("window/save/", views.save, name="save"),
    path("window/settings/", visit_views.window_settings, name="settings"),
    path("window/history/<int:participant_id>/", visit_views.history, name="history"),
    path("visits/<int:encounter_id>/", visit_views.detail, name="detail"),
    path("visits/<int:encounter_id>/edit/", visit_views.edit, name="edit"),
    path("visits/<int:encounter_id>/void/", visit_views.void, name="void"),
]
