"""Today, role by role: what each role sees, and a query count per role that the tests
pin and that does not grow when visits, stock, transfers, devices and exports grow."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.encounters.helpers import catalog, participant, visit
from tests.factories import SiteFactory, UserFactory, member
from waypoint.accounts.models import DeviceToken, new_token
from waypoint.audit.models import AuditEvent
from waypoint.core.models import NetworkAnalyst, Role
from waypoint.core.scoping import program_scope
from waypoint.encounters.services import log_encounter
from waypoint.exports.models import ExportJob, ExportStatus
from waypoint.reports.period import Period
from waypoint.supplies.models import SupplyItem
from waypoint.supplies.services.stock import ReceiptLine, adjust_stock, receive_stock
from waypoint.supplies.services.transfers import TransferLineInput, send_transfer

pytestmark = pytest.mark.django_db

URL = reverse("today:home")

# Every signed-in page first costs five queries: the session, the user, the memberships
# (with each one's last site), the analyst grants and the program's active sites.
# Peers and staff: the visits today at their site (1); their recent visits there with
# the edit window's settings, the visits, their lines and their services (4); and when
# it shows any, the read's audit event and its subjects (2).
PEER_QUERIES = 12
STAFF_QUERIES = 12
# Coordinators: the same, and the stock dashboard (nine queries: settings, sites, items,
# balances, use, stock on the way, last counts, lots expiring, stock-outs) and the
# transfers on the way (1).
COORDINATOR_QUERIES = 22
# Admins: the same, and the devices (1) and the week's failed exports (1); the reports
# due this quarter are the report definitions, no query.
ADMIN_QUERIES = 24
# Viewers: the dashboard's published figures of the last full quarter.
VIEWER_QUERIES = 27
# Analysts without a program: the network summary's published totals, per network.
ANALYST_QUERIES = 20


def _warm(client: Client) -> None:
    """Session, MFA check and caches settled, as on any page after the first."""
    assert client.get(URL).status_code == 200


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def items(world):
    with program_scope(world.program):
        found = catalog(world.program)
    SupplyItem.unscoped.filter(pk=found["kit"].pk).update(reorder_point=50)
    SupplyItem.unscoped.filter(pk=found["naloxone"].pk).update(tracks_lots=True, reorder_point=5)
    for item in found.values():
        item.refresh_from_db()
    return found


def _grow(world, user, items, *, visits: int, devices: int, exports: int) -> None:
    """More of everything Today lists: visits by ``user`` at the site today (some with a
    participant), low stock and recounts at a second site, expiring lots, transfers on
    the way, devices and failed exports."""
    program, site = world.program, world.site
    now = timezone.now()
    with program_scope(program):
        for n in range(visits):
            person = participant(program) if n % 2 else None
            log_encounter(
                program,
                visit(site, participant=person, items={items["kit"]: 1}),
                actor=user,
            )
        van = SiteFactory(program=program, name=f"Van {SiteFactory._meta.model.unscoped.count()}")
        receive_stock(
            program,
            van,
            [
                ReceiptLine(items["kit"], 10),
                ReceiptLine(
                    items["naloxone"],
                    20,
                    lot_number=f"L{van.pk}",
                    expires_on=timezone.localdate() + dt.timedelta(days=20),
                ),
            ],
            actor=world.owner,
        )
        adjust_stock(program, van, items["strip"], -3, reason="damaged", actor=world.owner)
        send_transfer(program, van, site, [TransferLineInput(items["kit"], 2)], actor=world.owner)
    for n in range(devices):
        raw, token_hash = new_token()
        DeviceToken.unscoped.create(
            program=program, name=f"Phone {n}", token_hash=token_hash, prefix=raw[:8]
        )
    for _n in range(exports):
        ExportJob.unscoped.create(
            program=program,
            requested_by=world.owner,
            report_key="sharp",
            start=now.date(),
            end=now.date(),
            format="csv",
            status=ExportStatus.FAILED,
        )


@pytest.mark.parametrize(
    ("role", "pinned"),
    [
        (Role.PEER, PEER_QUERIES),
        (Role.STAFF, STAFF_QUERIES),
        (Role.COORDINATOR, COORDINATOR_QUERIES),
        (Role.ADMIN, ADMIN_QUERIES),
    ],
)
def test_the_query_count_per_role_is_pinned_and_does_not_grow(
    world, items, role, pinned, django_assert_num_queries
):
    user = member(world.program, role)
    client = _client(user)
    _grow(world, user, items, visits=2, devices=1, exports=1)
    _warm(client)
    with django_assert_num_queries(pinned):
        assert client.get(URL).status_code == 200
    _grow(world, user, items, visits=15, devices=8, exports=8)
    with django_assert_num_queries(pinned):
        response = client.get(URL)
    assert response.status_code == 200


def _last_quarter_visits(world, items, count: int) -> None:
    """``count`` visits of as many people in the last full quarter."""
    quarter = Period.last_full_quarter(timezone.localdate())
    at = timezone.make_aware(dt.datetime.combine(quarter.start + dt.timedelta(days=3), dt.time(12)))
    at = max(at, timezone.now() - dt.timedelta(days=360))
    with program_scope(world.program):
        for _n in range(count):
            log_encounter(
                world.program,
                visit(
                    world.site,
                    participant=participant(world.program),
                    items={items["kit"]: 2},
                    occurred_at=at,
                ),
                actor=world.member,
            )


def test_a_viewers_query_count_is_pinned_and_does_not_grow(world, items, django_assert_num_queries):
    client = _client(member(world.program, Role.VIEWER))
    _last_quarter_visits(world, items, 3)
    _warm(client)
    with django_assert_num_queries(VIEWER_QUERIES):
        assert client.get(URL).status_code == 200
    _last_quarter_visits(world, items, 20)
    _grow(world, world.member, items, visits=5, devices=2, exports=2)
    with django_assert_num_queries(VIEWER_QUERIES):
        assert client.get(URL).status_code == 200


def test_an_analysts_query_count_is_pinned_and_does_not_grow(
    world, items, django_assert_num_queries
):
    analyst = UserFactory()
    NetworkAnalyst.objects.create(user=analyst, network=world.network)
    client = _client(analyst)
    _last_quarter_visits(world, items, 3)
    _warm(client)
    with django_assert_num_queries(ANALYST_QUERIES):
        assert client.get(URL).status_code == 200
    _last_quarter_visits(world, items, 20)
    with django_assert_num_queries(ANALYST_QUERIES):
        assert client.get(URL).status_code == 200


def _section(response, testid: str) -> str:
    """The HTML of the Today section marked ``data-testid=testid`` ("" when absent)."""
    text = response.content.decode()
    start = text.find(f'data-testid="{testid}"')
    if start < 0:
        return ""
    return text[start : text.index("</section>", start)]


def test_a_peer_sees_the_day_at_their_site_and_their_own_visits(world, items):
    peer = member(world.program, Role.PEER)
    other = member(world.program, Role.STAFF)
    with program_scope(world.program):
        person = participant(world.program)
        log_encounter(world.program, visit(world.site, participant=person), actor=peer)
        log_encounter(world.program, visit(world.site, items={items["kit"]: 3}), actor=peer)
        log_encounter(world.program, visit(world.site), actor=other)
    client = _client(peer)
    before = AuditEvent.unscoped.count()
    response = client.get(URL)
    visits = _section(response, "today-visits")
    assert "3 visits so far" in visits and "2 logged by you" in visits
    recent = _section(response, "today-recent")
    assert person.code in recent and "3 × Syringe kit" in recent
    assert recent.count("<li") == 2  # the other person's visit is not theirs
    # Opening a visit needs the visit page's role (staff): no link a peer cannot follow.
    assert "/visits/" not in recent
    events = list(AuditEvent.unscoped.order_by("pk")[before:])
    assert [e.action for e in events] == ["today.recent_visits"]
    for absent in ("today-stock", "today-due", "today-devices", "today-figures"):
        assert not _section(response, absent)


def test_staff_can_open_correct_or_void_their_recent_visits(world, items):
    with program_scope(world.program):
        result = log_encounter(world.program, visit(world.site), actor=world.member)
    recent = _section(_client(world.member).get(URL), "today-recent")
    assert reverse("encounters:detail", args=[result.encounter.pk]) in recent
    assert reverse("encounters:edit", args=[result.encounter.pk]) in recent


def test_a_visit_past_the_edit_window_can_be_opened_but_not_corrected(world):
    from waypoint.encounters.models import Encounter

    with program_scope(world.program):
        result = log_encounter(world.program, visit(world.site), actor=world.member)
    Encounter.unscoped.filter(pk=result.encounter.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2)
    )
    recent = _section(_client(world.member).get(URL), "today-recent")
    assert reverse("encounters:detail", args=[result.encounter.pk]) in recent
    assert reverse("encounters:edit", args=[result.encounter.pk]) not in recent


def test_a_coordinator_sees_the_stock_that_needs_them(world, items):
    coordinator = member(world.program, Role.COORDINATOR)
    _grow(world, coordinator, items, visits=0, devices=0, exports=0)
    stock = _section(_client(coordinator).get(URL), "today-stock")
    assert "Below the reorder point" in stock and "8 on hand, reorder at 50" in stock
    assert "Recounts needed" in stock and "Fentanyl test strip" in stock
    assert "Transfers on the way" in stock and "2 units" in stock
    assert "Lots expiring within" in stock and "Naloxone nasal spray" in stock


def test_an_admin_also_sees_reports_due_devices_and_failed_exports(world, items):
    _grow(world, world.owner, items, visits=0, devices=2, exports=1)
    response = _client(world.owner).get(URL)
    assert _section(response, "today-stock")
    due = _section(response, "today-due")
    quarter = Period.last_full_quarter(timezone.localdate())
    assert f"start={quarter.start.isoformat()}" in due and "SHaRP" in due
    devices = _section(response, "today-devices")
    assert "Phone 0" in devices and "never used" in devices
    assert "asked for" in _section(response, "today-failed")


def test_a_viewer_sees_the_latest_published_figures_only(world, items):
    viewer = member(world.program, Role.VIEWER)
    _last_quarter_visits(world, items, 3)
    response = _client(viewer).get(URL)
    figures = _section(response, "today-figures")
    quarter = Period.last_full_quarter(timezone.localdate())
    assert f"Q{(quarter.start.month - 1) // 3 + 1} {quarter.start.year}" in figures
    # Three visits are a small number: suppressed, as on the dashboard; 60 syringes are not.
    visits = re.search(r"<dt>Participant visits</dt><dd>(.*?)</dd>", figures, re.S).group(1)
    assert 'data-testid="suppressed"' in visits
    assert re.search(r"<dt>Syringes distributed</dt><dd>60\s*</dd>", figures)
    for absent in ("today-visits", "today-recent", "today-stock"):
        assert not _section(response, absent)


def test_an_analyst_sees_their_networks_published_totals(world, items):
    analyst = UserFactory()
    NetworkAnalyst.objects.create(user=analyst, network=world.network)
    _last_quarter_visits(world, items, 12)
    response = _client(analyst).get(URL)
    assert response.status_code == 200
    figures = _section(response, "today-figures")
    assert world.network.name in figures and "Visits" in figures
    # Twelve visits of twelve people: above the threshold, shown.
    assert re.search(r"<dt>Visits</dt><dd>12\s*</dd>", figures)
    assert re.search(r"<dt>People served \(unduplicated\)</dt><dd>12\s*</dd>", figures)
    # Figures the network cannot have yet (no estimate of people who inject drugs) stay off.
    assert "No estimate" not in figures


def test_someone_in_no_program_is_told_so(db):
    response = _client(UserFactory()).get(URL)
    assert response.status_code == 403
    assert "not part of a program yet" in response.content.decode()
