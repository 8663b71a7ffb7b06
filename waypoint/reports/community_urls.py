"""The public community pages: /community/<program slug>/ (no account)."""

from django.urls import path

from . import community_views

app_name = "community"

urlpatterns = [path("<slug:program_slug>/", community_views.community_page, name="page")]
