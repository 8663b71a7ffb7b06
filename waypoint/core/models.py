"""Tenancy: networks group programs; programs own sites and every person-level row."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ProgramOwned


class Network(models.Model):
    """A coalition of programs, e.g. the programs of one metro area."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A harm reduction program: the tenant that owns people, visits and stock."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Program roles, from most to least access. ``viewer`` sees aggregates only."""

    ADMIN = "admin", _("Program admin")
    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff")
    PEER = "peer", _("Peer worker")
    VIEWER = "viewer", _("Viewer (reports only)")

    @property
    def rank(self) -> int:
        return ROLE_RANK[self.value]

    def at_least(self, other: Role | str) -> bool:
        return ROLE_RANK[self.value] >= ROLE_RANK[Role(other).value]

    def below(self) -> list[Role]:
        return [role for role in Role if ROLE_RANK[role.value] < self.rank]


ROLE_RANK = {"viewer": 0, "peer": 1, "staff": 2, "coordinator": 3, "admin": 4}


class SiteKind(models.TextChoices):
    FIXED = "fixed", _("Fixed site")
    MOBILE = "mobile", _("Mobile unit / van")
    WINDOW = "window", _("Walk-up window")
    OUTREACH = "outreach", _("Street outreach")
    VENDING = "vending", _("Vending machine")
    MAIL = "mail", _("Mail-based")
    DELIVERY = "delivery", _("Home delivery")


class Modality(models.TextChoices):
    FIXED = "fixed", _("Fixed site")
    MOBILE = "mobile", _("Mobile unit")
    WINDOW = "window", _("Walk-up window")
    OUTREACH = "outreach", _("Street outreach")
    CURBSIDE = "curbside", _("Curbside pickup")
    DELIVERY = "delivery", _("Home delivery")
    MAIL = "mail", _("Mail")
    VENDING = "vending", _("Vending machine")
    PEER = "peer", _("Peer / secondary distribution")


class Service(models.TextChoices):
    SYRINGES = "syringes", _("Syringe services")
    NALOXONE = "naloxone", _("Naloxone")
    TEST_STRIPS = "test_strips", _("Fentanyl and xylazine test strips")
    DRUG_CHECKING = "drug_checking", _("Drug checking")
    HIV_TEST = "hiv_test", _("HIV testing")
    HCV_TEST = "hcv_test", _("Hepatitis C testing")
    STI_TEST = "sti_test", _("STI testing")
    WOUND_CARE = "wound_care", _("Wound care")
    VACCINES = "vaccines", _("Vaccines")
    MOUD = "moud", _("Treatment referral (MOUD)")
    SUPERVISED_CONSUMPTION = "supervised_consumption", _("Supervised consumption")
    COUNSELLING = "counselling", _("Counselling")
    DISPOSAL = "disposal", _("Syringe disposal")
    BASIC_NEEDS = "basic_needs", _("Food, water and hygiene")


class Site(ProgramOwned):
    """A place or channel where a program serves people."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    modalities = models.JSONField(_("modalities offered"), default=list, blank=True)
    is_public = models.BooleanField(
        _("shown in the public finder"),
        default=True,
        help_text=_("Turn off for sites whose location must stay private."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("public notes"), blank=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["program", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def hours_per_week(self) -> float:
        """Scheduled opening hours in a normal week (SHaRP indicator)."""
        minutes = sum(h.minutes() for h in self.hours.all())
        return round(minutes / 60, 2)

    def is_closed_on(self, day: dt.date) -> bool:
        return any(closure.date == day for closure in self.closures.all())


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SiteHours(ProgramOwned):
    """One opening interval in the weekly schedule (a day may have several)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    program_path = "site__program"

    class Meta(ProgramOwned.Meta):
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(_("Closing time must be after opening time."))

    def minutes(self) -> int:
        start = self.opens.hour * 60 + self.opens.minute
        end = self.closes.hour * 60 + self.closes.minute
        return max(0, end - start)


class SiteClosure(ProgramOwned):
    """A dated closure (holiday, weather, staffing)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    program_path = "site__program"

    class Meta(ProgramOwned.Meta):
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="one_closure_per_day")]

    def __str__(self) -> str:
        return f"{self.site} closed {self.date}"


class Membership(ProgramOwned):
    """A staff member's role in one program. ``Membership.unscoped`` is read only to find
    a signed-in user's own programs, before any scope exists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # The site the member last chose (header switch, or a visit saved at it): where they
    # work again at their next sign-in, instead of the alphabetically first site.
    last_site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last site used"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["program__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="one_membership_per_program")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.program} ({self.role})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, minimum: Role | str) -> bool:
        return self.role_enum.at_least(minimum)


class NetworkAnalyst(models.Model):
    """Network-level access to de-identified aggregates across every program."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analyst_of"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="analysts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network"], name="one_analyst_grant_per_network"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} analyst of {self.network}"
