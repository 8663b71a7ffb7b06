from django.urls import path

from . import views

app_name = "sites"

urlpatterns = [
    path("", views.site_list, name="list"),
    path("new/", views.site_create, name="create"),
    path("<int:site_id>/", views.site_detail, name="detail"),
    path("<int:site_id>/edit/", views.site_edit, name="edit"),
    path("<int:site_id>/hours/", views.site_hours_add, name="hours_add"),
    path(
        "<int:site_id>/hours/<int:hours_id>/remove/", views.site_hours_remove, name="hours_remove"
    ),
    path("<int:site_id>/closures/", views.site_closure_add, name="closure_add"),
    path(
        "<int:site_id>/closures/<int:closure_id>/remove/",
        views.site_closure_remove,
        name="closure_remove",
    ),
]
