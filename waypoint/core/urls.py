from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch, name="switch"),
    path("network/", views.network, name="network"),
    path("sites/", views.sites, name="sites"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<int:site_id>/", views.site_detail, name="site_detail"),
    path("sites/<int:site_id>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:site_id>/hours/", views.site_hours_add, name="site_hours_add"),
    path(
        "sites/<int:site_id>/hours/<int:hours_id>/remove/",
        views.site_hours_remove,
        name="site_hours_remove",
    ),
    path("sites/<int:site_id>/closures/", views.site_closure_add, name="site_closure_add"),
    path(
        "sites/<int:site_id>/closures/<int:closure_id>/remove/",
        views.site_closure_remove,
        name="site_closure_remove",
    ),
]
