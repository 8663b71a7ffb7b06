"""The daily stock digest for coordinators: low stock, stock-outs, expiring lots, recounts.

Sent by email to each recipient in their own language, and as a short text message to the
program's digest numbers when there are any. Nothing is sent on a day with nothing to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.audit.services import log_event
from waypoint.core.models import Membership, Role

from .. import dashboard
from ..models import StockBalance
from .ledger import record_stock_out_days
from .lots import get_inventory_settings
from .sms import send_sms


@dataclass
class Digest:
    program: object
    low: list = field(default_factory=list)
    out: list = field(default_factory=list)
    expiring: list = field(default_factory=list)
    recount: list = field(default_factory=list)
    expiry_days: int = 60

    @property
    def empty(self) -> bool:
        return not (self.low or self.out or self.expiring or self.recount)


def build_digest(program, *, now=None) -> Digest:
    board = dashboard.build(program, now=now)
    return Digest(
        program=program,
        low=[(site, row) for site, row in board.low if row.on_hand > 0],
        out=board.out,
        expiring=board.expiring,
        recount=board.recount,
        expiry_days=board.expiry_days,
    )


def recipients(program) -> list:
    """The chosen digest recipients, or every active coordinator and admin of the program."""
    inventory = get_inventory_settings(program)
    users = get_user_model().objects.filter(is_active=True)
    if inventory.pk and inventory.digest_recipients.exists():
        return list(users.filter(pk__in=inventory.digest_recipients.values("pk")))
    managers = Membership.objects.filter(
        program=program, is_active=True, role__in=[Role.ADMIN, Role.COORDINATOR]
    ).values("user_id")
    return list(users.filter(pk__in=managers).order_by("pk"))


def note_stock_outs(program, *, day=None) -> int:
    """Record today as a stock-out day for every balance still at zero or below."""
    keys = list(
        StockBalance.objects.filter(
            program=program, on_hand__lte=0, item__is_active=True, site__is_active=True
        ).values_list("site_id", "item_id")
    )
    with transaction.atomic():
        record_stock_out_days(program, keys, day=day)
    return len(keys)


def summary_line(digest: Digest) -> str:
    parts = [
        ngettext("%(n)d item low", "%(n)d items low", len(digest.low)) % {"n": len(digest.low)},
        ngettext("%(n)d out of stock", "%(n)d out of stock", len(digest.out))
        % {"n": len(digest.out)},
        ngettext("%(n)d lot expiring", "%(n)d lots expiring", len(digest.expiring))
        % {"n": len(digest.expiring)},
        ngettext("%(n)d recount needed", "%(n)d recounts needed", len(digest.recount))
        % {"n": len(digest.recount)},
    ]
    return ", ".join(parts)


def send_digest(program, *, now=None) -> int:
    """Note today's stock-outs, then send the digest if the program wants it and there is
    something in it. Returns the number of messages sent (emails and texts)."""
    now = now or timezone.now()
    note_stock_outs(program, day=timezone.localdate(now))
    inventory = get_inventory_settings(program)
    if not inventory.digest_enabled:
        return 0
    digest = build_digest(program, now=now)
    if digest.empty:
        return 0
    link = settings.SITE_URL + reverse("supplies:dashboard")
    sent = 0
    for user in recipients(program):
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Stock at %(program)s: %(summary)s") % {
                "program": program.name,
                "summary": summary_line(digest),
            }
            body = render_to_string(
                "supplies/inventory/digest_email.txt", {"digest": digest, "link": link}
            )
        send_mail(subject, body, None, [user.email])
        sent += 1
    numbers = inventory.sms_numbers
    if numbers:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Waypoint stock, %(program)s: %(summary)s. %(link)s") % {
                "program": program.name,
                "summary": summary_line(digest),
                "link": link,
            }
        for number in numbers:
            send_sms(number, text)
            sent += 1
    with transaction.atomic():
        log_event(
            "stock.digest",
            program=program,
            object_type="supplies.digest",
            extra={
                "low": len(digest.low),
                "out": len(digest.out),
                "expiring": len(digest.expiring),
                "recount": len(digest.recount),
                "messages": sent,
            },
        )
    return sent
