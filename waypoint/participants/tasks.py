"""Participant work for the task queue: the nightly erasure of contact data."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from waypoint.core.scoping import scopes_disabled

from .purge import purge_contact_data


@db_periodic_task(crontab(hour="3", minute="41"))
def task_purge_contact_data() -> int:
    """Erase contact data no longer needed, in every program; the number of participants."""
    # Retention is the deployment's duty to every program at once, with no request and
    # no user whose programs could set a scope, so the task opens an unrestricted one
    # on purpose. It is used only to find the programs with something to erase: each
    # program is then erased inside its own program scope, so no batch can reach another
    # program's records (see purge.purge_contact_data).
    with scopes_disabled():
        erased = purge_contact_data(actor_label="nightly contact data purge")
    return sum(sum(counts.values()) for counts in erased.values())
