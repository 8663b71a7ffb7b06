from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncountersConfig(AppConfig):
    name = "waypoint.encounters"
    verbose_name = _("Encounters")

    def ready(self) -> None:
        # Participants cannot import this app (it imports participants): a merge tells
        # whoever holds a record's visits, and the visits move in the merge's transaction.
        from waypoint.participants.signals import participant_merged

        from .services import move_visits

        participant_merged.connect(move_visits, dispatch_uid="encounters.move_visits")
