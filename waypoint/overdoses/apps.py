from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverdosesConfig(AppConfig):
    name = "waypoint.overdoses"
    verbose_name = _("Overdoses")
