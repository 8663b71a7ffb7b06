from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("profile/", views.profile, name="profile"),
    path("team/", views.team, name="team"),
    path("team/invite/", views.invite, name="invite"),
    path("team/members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "team/members/<int:membership_id>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "team/members/<int:membership_id>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path(
        "team/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", views.accept, name="accept_invitation"),
    path("devices/", views.devices, name="devices"),
    path("devices/new/", views.device_create, name="device_create"),
    path("devices/<int:token_id>/revoke/", views.device_revoke, name="device_revoke"),
]
