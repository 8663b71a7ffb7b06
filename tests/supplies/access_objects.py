def _item(world):
    from tests.encounters.helpers import catalog

    return catalog(world.program)["kit"].pk


OBJECTS = {"item_id": _item}
