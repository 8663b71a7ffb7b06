"""The report model: which reports count as a reversal, whose program sees them, and what
a report holds on to."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import timezone

from tests.factories import SiteFactory
from waypoint.core.scoping import ScopeError, program_scope, scopes_disabled
from waypoint.overdoses.models import OverdoseReport, Relationship

from .helpers import report_of, told


def stored(world, **fields) -> OverdoseReport:
    return OverdoseReport.unscoped.create(program=world.program, site=world.site, **fields)


@pytest.mark.parametrize(
    ("relationship", "counted"),
    [
        (Relationship.FRIEND, True),
        (Relationship.PARTNER_FAMILY, True),
        (Relationship.STRANGER, True),
        (Relationship.UNKNOWN, True),
        ("", True),  # not asked: still someone's kit used in an overdose
        (Relationship.SELF, False),  # a participant's own overdose is not a reversal
    ],
)
def test_who_the_person_was_decides_whether_it_counts_as_a_reversal(world, relationship, counted):
    assert stored(world, relationship=relationship).counts_as_reversal is counted


def test_a_withdrawn_report_does_not_count(world):
    assert not stored(world, relationship="friend", voided_at=timezone.now()).counts_as_reversal


def test_reports_are_listed_newest_first(world):
    first, second, third = (stored(world) for _ in range(3))
    with program_scope(world.program):
        assert list(OverdoseReport.objects.all()) == [third, second, first]


def test_a_report_of_one_program_is_invisible_from_another(world):
    ours = stored(world, relationship="friend")
    theirs = OverdoseReport.unscoped.create(program=world.other_program, site=world.other_site)
    with program_scope(world.program):
        assert list(OverdoseReport.objects.all()) == [ours]
    with program_scope(world.other_program):
        assert list(OverdoseReport.objects.all()) == [theirs]
        assert not OverdoseReport.objects.filter(pk=ours.pk).exists()
    with scopes_disabled():
        assert OverdoseReport.objects.count() == 2


def test_a_report_is_not_reached_through_another_programs_visit_list(world):
    with program_scope(world.program):
        encounter = told(world, {"relationship": "friend"})
    with program_scope(world.other_program):
        assert not encounter.overdose_reports.exists()
    with program_scope(world.program):
        assert list(encounter.overdose_reports.all()) == [report_of(encounter)]


def test_reading_reports_with_no_program_scope_raises(world):
    stored(world)
    with pytest.raises(ScopeError, match="OverdoseReport was queried outside a program scope"):
        OverdoseReport.objects.count()


def test_a_visit_with_a_report_cannot_be_deleted(world):
    with program_scope(world.program):
        encounter = told(world, {"relationship": "friend"})
    with pytest.raises(ProtectedError) as refused:
        encounter.delete()
    assert report_of(encounter) in refused.value.protected_objects


def test_a_site_with_reports_cannot_be_deleted(world):
    site = SiteFactory(program=world.program)
    report = OverdoseReport.unscoped.create(program=world.program, site=site)
    with pytest.raises(ProtectedError) as refused:
        site.delete()
    assert report in refused.value.protected_objects


def test_the_migrations_match_the_model(db):
    call_command("makemigrations", "overdoses", "--check", "--dry-run", verbosity=0)
