"""Core's own writes: the site a member works at."""

from __future__ import annotations

from .models import Membership, Site


def remember_site(membership: Membership, site: Site) -> None:
    """Make ``site`` where ``membership`` works after their next sign-in.

    Not audited: like the session's current site, it is a member's own preference and
    changes nothing that anyone else sees. One UPDATE, none when it is already the one.
    """
    if membership.last_site_id == site.pk:
        return
    Membership.objects.filter(pk=membership.pk).update(last_site=site)
    membership.last_site = site
