from django.urls import path

from . import public_views

app_name = "card"

urlpatterns = [
    path("<str:token>/", public_views.verify, name="verify"),
]
