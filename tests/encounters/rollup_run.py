"""A run of visit writes through the real services, for the rollup tests: program A (two
sites) and program B of one network, their catalogs and four participants each, and
random visits, edits, voids and merges to apply."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import strategies as st

from tests.encounters.helpers import catalog, participant, visit
from tests.factories import SiteFactory
from waypoint.core.scoping import program_scope, scopes_disabled
from waypoint.encounters.models import Encounter
from waypoint.encounters.rollups import rebuild
from waypoint.encounters.services import edit_encounter, log_encounter, void_encounter
from waypoint.participants.models import ParticipantStatus
from waypoint.participants.services import merge_participants

ITEM_KEYS = ("kit", "box", "naloxone", "strip", "smoking")
SERVICES = ("hiv_test", "hcv_test", "wound_care")
KITS = ("", "", "still_have", "lost", "used_overdose")


def local_midnight(days_ago: int) -> dt.datetime:
    today = timezone.localdate()
    return dt.datetime.combine(
        today - dt.timedelta(days=days_ago), dt.time.min, timezone.get_default_timezone()
    )


VISIT = st.fixed_dictionaries(
    {
        "site": st.integers(0, 2),  # 0, 1: program A; 2: program B
        "person": st.one_of(st.none(), st.integers(0, 3)),
        "items": st.dictionaries(st.sampled_from(ITEM_KEYS), st.integers(1, 3), max_size=3),
        # Either side of local midnight, one to three days back.
        "days_ago": st.integers(1, 3),
        "minute": st.sampled_from([-1, 0, 1, 12 * 60]),
        "modality": st.sampled_from(["", "outreach"]),
        "returns": st.sampled_from([None, ("count", 40), ("weight", 2), ("container", 1)]),
        "services": st.lists(st.sampled_from(SERVICES), max_size=2, unique=True),
        "kit": st.sampled_from(KITS),
        "secondary": st.sampled_from([0, 0, 2]),
    }
)
OPERATIONS = st.one_of(
    st.tuples(st.just("log"), VISIT),
    st.tuples(st.just("edit"), st.integers(0, 20), VISIT),
    st.tuples(st.just("void"), st.integers(0, 20)),
    st.tuples(st.just("merge"), st.integers(0, 3), st.integers(0, 3)),
)


def spec(**changes) -> dict:
    """One visit of ``VISIT``'s shape: program A's first site, its first participant."""
    base = {
        "site": 0,
        "person": 0,
        "items": {"kit": 2, "naloxone": 1},
        "days_ago": 2,
        "minute": 600,
        "modality": "",
        "returns": None,
        "services": [],
        "kit": "",
        "secondary": 0,
    }
    return {**base, **changes}


class Run:
    """Program A (two sites) and program B of one network, with their catalogs and four
    participants each; the first of A and of B share a code (one network key)."""

    def __init__(self, world):
        self.world = world
        self.programs = [world.program, world.program, world.other_program]
        self.sites = [world.site, SiteFactory(program=world.program), world.other_site]
        self.items = {p.pk: catalog(p) for p in (world.program, world.other_program)}
        self.people = {
            p.pk: [participant(p, code=f"SAME{n}" if n == 0 else f"P{p.pk}X{n}") for n in range(4)]
            for p in (world.program, world.other_program)
        }
        self.actor = world.owner

    def data(self, spec: dict, site=None, client_uuid=None):
        program = self.programs[spec["site"]]
        site = site or self.sites[spec["site"]]
        person = None if spec["person"] is None else self.people[program.pk][spec["person"]]
        fields = {}
        if spec["returns"] is not None:
            method, amount = spec["returns"]
            fields["collection_method"] = method
            if method == "count":
                fields["collected_count"] = amount
            elif method == "weight":
                fields["pounds"] = Decimal(amount)
            else:
                fields.update(container="1 quart", containers=amount)
        return visit(
            site,
            participant=person,
            items={self.items[program.pk][k]: q for k, q in spec["items"].items()},
            occurred_at=local_midnight(spec["days_ago"]) + dt.timedelta(minutes=spec["minute"]),
            modality=spec["modality"],
            services=spec["services"],
            kit_outcome=spec["kit"],
            secondary_recipients=spec["secondary"],
            **fields,
        )

    def visits(self):
        return list(Encounter.unscoped.filter(voided_at__isnull=True).order_by("pk"))

    def apply(self, operation) -> None:
        name, *args = operation
        try:
            getattr(self, f"do_{name}")(*args)
        except ValidationError:
            pass  # refused (a merged record, a bad combination): nothing was stored

    def do_log(self, spec):
        program = self.programs[spec["site"]]
        with program_scope(program):
            log_encounter(program, self.data(spec), actor=self.actor)

    def do_edit(self, index, spec):
        visits = self.visits()
        if not visits:
            return
        encounter = visits[index % len(visits)]
        spec = {**spec, "site": self.programs.index(encounter.program)}
        with program_scope(encounter.program):
            edit_encounter(encounter, self.data(spec, site=encounter.site), actor=self.actor)

    def do_void(self, index):
        visits = self.visits()
        if visits:
            encounter = visits[index % len(visits)]
            with program_scope(encounter.program):
                void_encounter(encounter, actor=self.actor, reason="entered twice")

    def do_merge(self, keep, drop):
        people = self.people[self.world.program.pk]
        keep, drop = people[keep], people[drop]
        keep.refresh_from_db()
        drop.refresh_from_db()
        if keep.pk == drop.pk or ParticipantStatus.MERGED in (keep.status, drop.status):
            return
        with program_scope(self.world.program):
            merge_participants(keep, drop, actor=self.actor)


def assert_rollups_exact() -> None:
    with scopes_disabled():
        assert rebuild.differences() == []
