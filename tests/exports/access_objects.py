def _job(world):
    import datetime as dt

    from waypoint.exports.models import ExportFormat, ExportJob

    return ExportJob.unscoped.create(
        program=world.program,
        requested_by=world.owner,
        report_key="sharp",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 3, 31),
        format=ExportFormat.CSV,
    ).pk


OBJECTS = {"job_id": _job}
