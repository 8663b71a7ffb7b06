from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "waypoint.sites"
    # Not "sites": that label belongs to django.contrib.sites.
    label = "waypoint_sites"
