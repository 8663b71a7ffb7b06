"""Participant factories: rows written through the unscoped manager, keys derived as the service does."""

from __future__ import annotations

import factory

from tests.factories import ProgramFactory, ScopedModelFactory
from waypoint.participants.models import Participant
from waypoint.participants.services import network_key_for


class ParticipantFactory(ScopedModelFactory):
    class Meta:
        model = Participant

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"MAJO01{(n % 12) + 1:02d}{(n % 28) + 1:02d}{1960 + n % 40}")
    network_key = factory.LazyAttribute(lambda o: network_key_for(o.code))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        participant = model_class(*args, **kwargs)
        participant.set_code(participant.code)
        participant.save()
        return participant
