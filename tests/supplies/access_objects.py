def _item(world):
    from tests.encounters.helpers import catalog

    return catalog(world.program)["kit"].pk


def _transfer(world):
    from tests.factories import SiteFactory
    from waypoint.supplies.models import Transfer, TransferLine

    van = SiteFactory(program=world.program, name="Access test van")
    transfer = Transfer.unscoped.create(program=world.program, from_site=world.site, to_site=van)
    TransferLine.unscoped.create(transfer=transfer, item_id=_item(world), quantity=1)
    return transfer.pk


def _count(world):
    from waypoint.supplies.models import StockCount

    return StockCount.unscoped.create(program=world.program, site=world.site).pk


OBJECTS = {"item_id": _item, "transfer_id": _transfer, "count_id": _count}
