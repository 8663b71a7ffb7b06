"""Participant factories: rows written through the unscoped manager, keys derived as the service does."""

from __future__ import annotations

import factory

from tests.factories import ProgramFactory, ScopedModelFactory
from waypoint.core.scoping import program_scope
from waypoint.participants.matching import store_keys
from waypoint.participants.models import Participant
from waypoint.participants.queries import recipe_for
from waypoint.participants.services import network_key_for


class ParticipantFactory(ScopedModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"MAJO01{(n % 12) + 1:02d}{(n % 28) + 1:02d}{1960 + n % 40}")
    network_key = factory.LazyAttribute(lambda o: network_key_for(o.code))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved with its lookup keys, as ``services.enrol_participant`` writes them."""
        participant = model_class(*args, **kwargs)
        participant.save()
        with program_scope(participant.program):
            store_keys(participant, recipe_for(participant.program))
        return participant
