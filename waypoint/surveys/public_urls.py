"""The public self-fill link: /s/<token>/ (no account)."""

from django.urls import path

from . import fill_views

app_name = "surveys_public"

urlpatterns = [path("<str:token>/", fill_views.public_fill, name="fill")]
