"""The demo history: enough made-up activity for reports to show figures, written once, and
exact everywhere (stock ledger, rollups). One test seeds once and checks it all: seeding
takes several seconds."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

from django.core.management import call_command
from django.db.models import Count, Min, Sum
from django.test import Client
from django.utils import timezone

from waypoint.audit.models import AuditEvent
from waypoint.core.models import Program
from waypoint.core.scoping import scopes_disabled
from waypoint.demo.history import PROFILES, SEED, History, Stamps
from waypoint.encounters.models import Encounter
from waypoint.overdoses.models import OverdoseReport
from waypoint.participants.models import Participant
from waypoint.reports.compose import build_report
from waypoint.reports.definitions import TEMPLATES
from waypoint.reports.indicators import get
from waypoint.reports.period import Period, Scope
from waypoint.supplies.models import (
    LotBalance,
    Receipt,
    StockBalance,
    StockMovement,
    StockOutDay,
    Transfer,
)
from waypoint.surveys.models import SurveyResponse

COMMUNITY_URL = "http://127.0.0.1:8000/community/demo-queen-city/"


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--quiet-logins", *args, stdout=out)
    return out.getvalue()


def figure(result, key: str):
    """The cell of the report's row for indicator ``key`` (found by what the row says it
    counts, whatever the form calls it)."""
    description = str(get(key).description)
    for table in result.tables():
        for row in table.rows:
            if row.description == description:
                return row.cells[0]
    raise AssertionError(f"no row for {key!r} in {result.key}")


def totals() -> dict[str, int]:
    models = (Encounter, Participant, StockMovement, Receipt, Transfer, OverdoseReport)
    counts = {model.__name__: model.unscoped.count() for model in models}
    counts["SurveyResponse"] = SurveyResponse.unscoped.count()
    counts["AuditEvent"] = AuditEvent.unscoped.count()
    return counts


def test_demo_history_fills_the_reports_and_stays_exact(db):
    output = seed()
    assert COMMUNITY_URL in output

    with scopes_disabled():
        programs = list(Program.objects.filter(network__slug="demo-greater-cincinnati"))
        sizes = {p.slug: Encounter.unscoped.filter(program=p).count() for p in programs}
        assert set(sizes) == set(PROFILES)
        assert 1500 <= sum(sizes.values()) <= 3500
        assert max(sizes, key=sizes.get) == "demo-queen-city"
        assert len(set(sizes.values())) == len(sizes), "programs differ in size"
        biggest = next(p for p in programs if p.slug == "demo-queen-city")

        # The last full quarter's funder report shows its main figures, above the threshold.
        quarter = Period.last_full_quarter()
        scope = Scope.of_program(biggest)
        utah = build_report(TEMPLATES["utah"], quarter, scope, suppressed=True, threshold=10)
        sharp = build_report(TEMPLATES["sharp"], quarter, scope, suppressed=True, threshold=10)
        for result, key in (
            (sharp, "visits"),
            (sharp, "unique_people"),
            (utah, "unique_people"),
            (utah, "syringes_collected"),
            (utah, "syringes_given"),
        ):
            cell = figure(result, key)
            assert not cell.suppressed and cell.value > 10, (result.key, key, cell)
        # ...and demographics come from the anonymous survey answered in that quarter.
        assert figure(sharp, "survey_responses").value == 40

        # The current quarter has visits too, up to yesterday and not today.
        today = timezone.localdate()
        visits = Encounter.unscoped.filter(program__in=programs)
        quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        begin, finish = Period(min(quarter_start, today), today).bounds()
        if quarter_start < today:
            assert visits.filter(occurred_at__gte=begin, occurred_at__lt=finish).exists()
        assert not visits.filter(occurred_at__gte=Period(today, today).bounds()[0]).exists()

        # What a director expects to find: anonymous visits, repeat visitors, returns,
        # reversal reports, services, voided visits with their reason.
        anonymous = visits.filter(participant__isnull=True).count() / visits.count()
        assert 0.08 <= anonymous <= 0.2
        repeat = visits.values("participant").annotate(n=Count("id")).filter(n__gte=3)
        assert repeat.count() >= 50
        assert visits.filter(collection_method="weight").exists()
        assert visits.filter(collection_method="container").exists()
        assert OverdoseReport.unscoped.filter(program=biggest).count() >= 10
        voided = visits.filter(voided_at__isnull=False)
        assert voided.count() >= 2 and all(v.void_reason for v in voided)
        assert visits.filter(services__service="hiv_test").exists()
        first_visits = visits.filter(participant__isnull=False).values("participant")
        first_visits = first_visits.annotate(first=Min("occurred_at"))
        registered = dict(Participant.unscoped.values_list("pk", "created_at"))
        assert all(registered[row["participant"]] <= row["first"] for row in first_visits)

        # Stock balances are the sums of the ledger, lot by lot too; nothing ran out.
        ledger = StockMovement.unscoped.filter(program__in=programs)
        by_item = ledger.values_list("site_id", "item_id").annotate(total=Sum("quantity"))
        assert dict(((s, i), t) for s, i, t in by_item) == dict(
            ((b.site_id, b.item_id), b.on_hand)
            for b in StockBalance.unscoped.filter(program__in=programs)
        )
        by_lot = (
            ledger.filter(lot__isnull=False)
            .values_list("site_id", "lot_id")
            .annotate(total=Sum("quantity"))
        )
        assert dict(((s, lot), t) for s, lot, t in by_lot) == dict(
            ((b.site_id, b.lot_id), b.on_hand)
            for b in LotBalance.unscoped.filter(program__in=programs)
        )
        assert LotBalance.unscoped.filter(program__in=programs).exists()
        assert not StockBalance.unscoped.filter(on_hand__lt=0).exists()
        assert not StockOutDay.unscoped.exists()
        assert Transfer.unscoped.filter(received_at__isnull=True).count() == 1
        assert not ledger.filter(created_at__gte=Period(today, today).bounds()[0]).exists()

        # No participant code of one demo program is used by another.
        codes = defaultdict(set)
        for program_id, code in Participant.unscoped.values_list("program_id", "code"):
            codes[code].add(program_id)
        assert codes and all(len(owners) == 1 for owners in codes.values())

    rollups = io.StringIO()
    call_command("verify_rollups", stdout=rollups)
    assert "Rollups of 7 program(s) match the raw visits." in rollups.getvalue()

    page = Client().get("/community/demo-queen-city/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200

    # Loading it again, as `make run` does every time, adds nothing.
    before = totals()
    assert "already loaded" in seed("--if-empty")
    assert COMMUNITY_URL in seed()
    assert totals() == before


def test_the_same_day_gives_the_same_history(db):
    from waypoint.demo.network import seed_demo

    with scopes_disabled():
        network = seed_demo()
        program = network.programs.get(slug="demo-northside")
        today = timezone.localdate()
        end = today - dt.timedelta(days=1)
        start = end - dt.timedelta(days=60)

        def plan():
            rng = random.Random(f"{SEED}:{program.slug}")
            history = History(program, PROFILES[program.slug], rng, start, end, Stamps(), set())
            return [(v.at, v.site.pk, v.items, v.extra) for v in history._plan()]

        assert plan() == plan()
