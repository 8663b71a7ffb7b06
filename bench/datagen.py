"""The benchmark program: sites, the demo catalog, participants and a history of visits.

Deterministic (seeded), and reused when it already exists at the asked size. Visits are
spread over two years with a skew: a few participants come very often, most rarely.
Historical visits are inserted in bulk (no stock movements or audit rows for them);
visits logged during the benchmark go through the full write path.

    python -m bench.datagen --db postgres --participants 5000 --visits 500000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import time
import uuid
from dataclasses import dataclass

BENCH_SLUG = "bench-program"
BATCH = 5000


@dataclass
class BenchData:
    program_id: int
    site_ids: list[int]
    participant_ids: list[int]
    card_numbers: list[str]
    quick_item_ids: list[int]
    device_token: str
    staff_email: str


def generate(*, participants: int, visits: int, seed: int = 7, log=print) -> BenchData:
    from django.db import transaction

    from waypoint.accounts.models import DeviceToken, new_token
    from waypoint.core.models import Membership, Network, Program, Role, Site, SiteKind
    from waypoint.core.scoping import scopes_disabled
    from waypoint.demo.catalog import seed_catalog
    from waypoint.encounters.models import Encounter
    from waypoint.participants.models import Participant

    rng = random.Random(seed)
    with scopes_disabled():
        network, _ = Network.objects.get_or_create(
            slug="bench", defaults={"name": "Benchmark network"}
        )
        program, _ = Program.objects.get_or_create(
            slug=BENCH_SLUG, defaults={"network": network, "name": "Benchmark program (not real)"}
        )
        if not Site.objects.filter(program=program).exists():
            for name, kind in (
                ("Main street window", SiteKind.WINDOW),
                ("Clinic", SiteKind.FIXED),
                ("Van", SiteKind.MOBILE),
            ):
                Site.objects.create(
                    program=program, name=name, kind=kind, city="Cincinnati", state="OH"
                )
        sites = list(Site.objects.filter(program=program).order_by("pk"))
        items = seed_catalog(program)
        quick = sorted((item for item in items if item.is_quick), key=lambda item: item.pk)
        _participants(program, participants, rng, log)
        have = Encounter.objects.filter(program=program).count()
        if have < visits:
            _visits(program, sites, quick, visits - have, rng, log)
        with transaction.atomic():
            _opening_stock(program, sites, items)
        staff = _staff(program)
        raw, token_hash = new_token()
        DeviceToken.objects.create(
            program=program,
            name="benchmark client",
            role=Role.STAFF,
            token_hash=token_hash,
            prefix=raw[:8],
        )
        Membership.objects.get_or_create(user=staff, program=program, defaults={"role": Role.STAFF})
        people = list(
            Participant.objects.filter(program=program)
            .order_by("pk")
            .values_list("pk", "card_number")
        )
    return BenchData(
        program_id=program.pk,
        site_ids=[site.pk for site in sites],
        participant_ids=[pk for pk, _ in people],
        card_numbers=[card for _, card in people],
        quick_item_ids=[item.pk for item in quick],
        device_token=raw,
        staff_email=staff.email,
    )


def _participants(program, count: int, rng: random.Random, log) -> None:
    from waypoint.participants.models import Participant

    have = Participant.objects.filter(program=program).count()
    if have >= count:
        return
    aliases = ["Sunny", "Red", "Tex", "Mo", "Lou", "Jay", "Kit", "Bee", "Ace", "Dee", ""]
    rows = []
    for n in range(have, count):
        code = f"BN{n:06d}"
        rows.append(
            Participant(
                program=program,
                code=code,
                card_number=f"{400000 + n}",
                alias=rng.choice(aliases),
                network_key=hashlib.sha256(code.encode()).hexdigest(),
            )
        )
    Participant.objects.bulk_create(rows, batch_size=BATCH)
    log(f"participants: {count}")


def _visits(program, sites, quick, count: int, rng: random.Random, log) -> None:
    from django.db import connection, transaction
    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from waypoint.encounters.models import Encounter, EncounterItem
    from waypoint.participants.models import Participant

    people = list(Participant.objects.filter(program=program).values_list("pk", flat=True))
    # Pareto weights, capped: a few people come almost daily (the busiest about 2,500
    # visits in two years), most come rarely.
    weights = [min(rng.paretovariate(1.2), 100.0) for _ in people]
    now = timezone.now()
    started = time.monotonic()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        chosen = rng.choices(people, weights=weights, k=size)
        encounters, lines = [], []
        for n in range(size):
            site = sites[n % len(sites)]
            picked = rng.sample(quick, k=rng.randint(1, min(3, len(quick))))
            qty = {item.pk: rng.randint(1, 5) for item in picked}
            encounters.append(
                Encounter(
                    program=program,
                    site=site,
                    participant_id=None if rng.random() < 0.1 else chosen[n],
                    occurred_at=now - dt.timedelta(seconds=rng.randint(600, 730 * 86400)),
                    modality=site.kind,
                    client_uuid=uuid.uuid4(),
                    syringes_given=sum(item.syringes_per_unit * qty[item.pk] for item in picked),
                    naloxone_doses_given=sum(
                        item.naloxone_doses_per_unit * qty[item.pk] for item in picked
                    ),
                )
            )
            lines.append(qty)
        with transaction.atomic():
            Encounter.objects.bulk_create(encounters, batch_size=BATCH)
            EncounterItem.objects.bulk_create(
                [
                    EncounterItem(encounter=enc, item_id=item_id, quantity=q)
                    for enc, qty in zip(encounters, lines, strict=True)
                    for item_id, q in qty.items()
                ],
                batch_size=BATCH,
            )
        done += size
        if done % 50_000 == 0 or done == count:
            log(f"visits: {done}/{count} ({time.monotonic() - started:.0f} s)")
    last = (
        Encounter.objects.filter(participant=OuterRef("pk"))
        .values("participant")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )
    Participant.objects.filter(program=program).update(last_visit_at=Subquery(last))
    # Fresh planner statistics, as autovacuum would have them for a table this size.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _opening_stock(program, sites, items) -> None:
    from waypoint.supplies.models import MovementKind, StockBalance
    from waypoint.supplies.services.ledger import record_movements

    for site in sites:
        if not StockBalance.objects.filter(site=site).exists():
            record_movements(
                program=program,
                site=site,
                changes={item.pk: 1_000_000 for item in items},
                kind=MovementKind.RECEIVE,
                note="benchmark opening stock",
            )


def _staff(program):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        email="bench-staff@bench.invalid", defaults={"display_name": "Benchmark staff"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def main() -> None:
    from .common import setup_django

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=500_000)
    args = parser.parse_args()
    setup_django(args.db)
    data = generate(participants=args.participants, visits=args.visits)
    print(
        f"program {data.program_id}: {len(data.participant_ids)} participants, sites {data.site_ids}"
    )


if __name__ == "__main__":
    main()
