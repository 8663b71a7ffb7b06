def _participant(world):
    from .helpers import participant

    return participant(world.program).pk


def _encounter(world):
    from waypoint.core.scoping import program_scope
    from waypoint.encounters.services import log_encounter

    from .helpers import participant, visit

    # A participant's visit: its pages show the code, so the access walk checks its read audit.
    who = participant(world.program)
    with program_scope(world.program):
        return log_encounter(
            world.program, visit(world.site, participant=who), actor=world.owner
        ).encounter.pk


OBJECTS = {"participant_id": _participant, "encounter_id": _encounter}
