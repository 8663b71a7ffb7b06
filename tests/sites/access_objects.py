OBJECTS = {
    "site_id": lambda world: world.site.pk,
}


def _hours(world):
    from tests.factories import SiteHoursFactory

    return SiteHoursFactory(site=world.site).pk


def _closure(world):
    import datetime as dt

    from waypoint.core.models import SiteClosure

    return SiteClosure.unscoped.create(site=world.site, date=dt.date(2030, 1, 1)).pk


OBJECTS["hours_id"] = _hours
OBJECTS["closure_id"] = _closure
