from django.urls import path

from . import enrol_views, settings_views, views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("enrol/", enrol_views.enrol, name="enrol"),
    path("enrol/candidates/", enrol_views.candidates, name="candidates"),
    path("settings/", settings_views.participant_settings, name="settings"),
    path("<int:participant_id>/", views.detail, name="detail"),
    path("<int:participant_id>/edit/", views.edit, name="edit"),
    path("<int:participant_id>/consent/", views.consent, name="consent"),
    path("<int:participant_id>/status/", views.status, name="status"),
    path("<int:participant_id>/merge/", views.merge, name="merge"),
    path("<int:participant_id>/card/", views.card, name="card"),
    path("<int:participant_id>/card/issue/", views.card_issue, name="card_issue"),
    path("<int:participant_id>/card/revoke/", views.card_revoke, name="card_revoke"),
]
