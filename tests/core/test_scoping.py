import pytest

from waypoint.core.models import Site
from waypoint.core.scoping import ScopeError, program_scope, scopes_disabled


def test_query_without_scope_raises(world):
    with pytest.raises(ScopeError):
        list(Site.objects.all())


def test_scope_limits_to_its_program(world):
    with program_scope(world.program):
        assert list(Site.objects.all()) == [world.site]
        assert not Site.objects.filter(pk=world.other_site.pk).exists()


def test_scopes_disabled_sees_every_program(world):
    with scopes_disabled():
        assert set(Site.objects.all()) == {world.site, world.other_site}


def test_scope_is_restored_after_the_block(world):
    with program_scope(world.program):
        with program_scope(world.other_program):
            assert list(Site.objects.all()) == [world.other_site]
        assert list(Site.objects.all()) == [world.site]
    with pytest.raises(ScopeError):
        Site.objects.count()
