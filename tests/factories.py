"""Factories for tests and benchmarks. They write through the unscoped managers."""

from __future__ import annotations

import datetime as dt

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from waypoint.core.models import Membership, Network, Program, Role, Site, SiteHours, SiteKind

PASSWORD = "correct horse battery staple"


class ScopedModelFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return getattr(model_class, "unscoped", model_class._default_manager)


class NetworkFactory(ScopedModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")


class ProgramFactory(ScopedModelFactory):
    class Meta:
        model = Program

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")


class SiteFactory(ScopedModelFactory):
    class Meta:
        model = Site

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    kind = SiteKind.FIXED
    city = "Cincinnati"
    state = "OH"
    zip_code = "45202"
    services = factory.LazyFunction(lambda: ["syringes", "naloxone"])
    modalities = factory.LazyFunction(lambda: ["fixed"])


class SiteHoursFactory(ScopedModelFactory):
    class Meta:
        model = SiteHours

    site = factory.SubFactory(SiteFactory)
    weekday = 0
    opens = dt.time(10)
    closes = dt.time(16)


class UserFactory(ScopedModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(ScopedModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = Role.STAFF


def enrol_totp(user) -> str:
    """Give a user an authenticator app; returns the secret for computing codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def member(program, role: Role | str, *, mfa: bool | None = None, **user_fields):
    """A user with ``role`` in ``program``; admins and coordinators get TOTP by default."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, program=program, role=Role(role))
    if mfa is None:
        mfa = Role(role) in {Role.ADMIN, Role.COORDINATOR}
    if mfa:
        enrol_totp(user)
    return user


def bearer(raw: str) -> dict:
    """The header of an API request made with device token ``raw``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
