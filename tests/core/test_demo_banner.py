"""The DEMO banner follows the program: a real program set up on a demo server (make run,
then create_program) is not labelled demonstration data; demo programs and the pages
outside any program are."""

from __future__ import annotations

from django.test import Client

from tests.factories import ProgramFactory, SiteFactory, member
from waypoint.core.models import Role

BANNER = 'class="demo-banner"'


def test_on_a_demo_server_only_demo_programs_carry_the_banner(world, client_for, settings):
    settings.DEMO_MODE = True
    assert BANNER not in client_for(world.member).get("/").content.decode()
    demo = ProgramFactory(name="Demo program", is_demo=True)
    SiteFactory(program=demo)
    assert BANNER in client_for(member(demo, Role.STAFF)).get("/").content.decode()
    assert BANNER in Client().get("/accounts/login/").content.decode()


def test_without_demo_mode_no_page_outside_a_program_carries_it(world, settings):
    settings.DEMO_MODE = False
    assert BANNER not in Client().get("/accounts/login/").content.decode()
