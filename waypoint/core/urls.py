from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("network/", views.network, name="network"),
]
