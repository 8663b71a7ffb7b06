"""Account writes: each one transaction, with its audit event.

Errors a person can fix are raised as ``AccountError`` with a translated message the
view shows as is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.audit.services import log_event
from waypoint.core.models import Membership, Role

from .emails import send_invitation_email
from .models import DeviceToken, Invitation, new_token


class AccountError(Exception):
    """A request the service refused; ``str(error)`` is a message for the person."""


def set_user_language(user, code: str) -> None:
    if user.language == code:
        return
    with transaction.atomic():
        user.language = code
        user.save(update_fields=["language"])
        log_event("account.language", actor=user, obj=user, extra={"language": code})


# --- Team ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    link: str  # carries the raw token; shown to the admin only when the email failed
    emailed: bool


def invitation_link(raw_token: str) -> str:
    return settings.SITE_URL + reverse("accounts:accept_invitation", args=[raw_token])


def invite_member(program, *, actor, email: str, role: Role | str) -> SentInvitation:
    """Create an invitation to join ``program`` with ``role`` and email its link.

    Only the token's hash is stored. An open invitation to the same address is
    replaced (revoked), so the newest email is the only one that works. The email
    is sent after the transaction commits; ``emailed`` says whether it went out.
    """
    email = email.strip().lower()
    role = Role(role)
    raw, token_hash = new_token()
    now = timezone.now()
    with transaction.atomic():
        replaced = list(
            Invitation.unscoped.select_for_update()
            .filter(
                program=program,
                email__iexact=email,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        if replaced:
            Invitation.unscoped.filter(pk__in=replaced).update(revoked_at=now)
        invitation = Invitation.unscoped.create(
            program=program,
            email=email,
            role=role,
            token_hash=token_hash,
            invited_by=actor,
            expires_at=now + dt.timedelta(days=settings.INVITATION_DAYS),
        )
        log_event(
            "membership.invite",
            actor=actor,
            obj=invitation,
            extra={"email": email, "role": role.value, "replaced": replaced},
        )
    link = invitation_link(raw)
    return SentInvitation(invitation, link, send_invitation_email(invitation, link))


def revoke_invitation(invitation: Invitation, *, actor) -> None:
    """Make an open invitation's link stop working."""
    with transaction.atomic():
        locked = Invitation.unscoped.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise AccountError(_("This invitation was already accepted."))
        if locked.revoked_at is not None:
            raise AccountError(_("This invitation was already withdrawn."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        log_event(
            "membership.invite_revoke", actor=actor, obj=locked, extra={"email": locked.email}
        )
    invitation.revoked_at = locked.revoked_at


def _other_active_admins(membership: Membership) -> list[int]:
    # Locked so two admins demoting each other at once cannot leave the program with none.
    # (A list, not count(): PostgreSQL refuses FOR UPDATE with an aggregate.)
    return list(
        Membership.unscoped.select_for_update()
        .filter(program_id=membership.program_id, role=Role.ADMIN, is_active=True)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )


def _last_admin_error(membership: Membership, actor) -> AccountError:
    if membership.user_id == getattr(actor, "pk", None):
        return AccountError(
            _(
                "You are the only active admin of this program, so you cannot do this to "
                "yourself. Make someone else an admin first."
            )
        )
    return AccountError(
        _("A program needs at least one active admin. Make someone else an admin first.")
    )


def change_member_role(membership: Membership, *, actor, role: Role | str) -> None:
    """Give a member another role; the program always keeps one active admin."""
    role = Role(role)
    with transaction.atomic():
        locked = Membership.unscoped.select_for_update().get(pk=membership.pk)
        previous = locked.role
        if previous == role:
            return
        if previous == Role.ADMIN and locked.is_active and not _other_active_admins(locked):
            raise _last_admin_error(locked, actor)
        locked.role = role
        locked.save(update_fields=["role"])
        log_event(
            "membership.role_change",
            actor=actor,
            obj=locked,
            extra={"user": locked.user_id, "from": previous, "to": role.value},
        )
    membership.role = role.value


def set_membership_active(membership: Membership, *, actor, active: bool) -> None:
    """Deactivate (the person loses access to the program at once) or reactivate."""
    with transaction.atomic():
        locked = Membership.unscoped.select_for_update().get(pk=membership.pk)
        if locked.is_active == active:
            return
        if not active and locked.role == Role.ADMIN and not _other_active_admins(locked):
            raise _last_admin_error(locked, actor)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        log_event(
            "membership.reactivate" if active else "membership.deactivate",
            actor=actor,
            obj=locked,
            extra={"user": locked.user_id, "role": locked.role},
        )
    membership.is_active = active


def accept_invitation(
    invitation: Invitation, *, user=None, password: str = "", display_name: str = ""
) -> Membership:
    """Join the invited program, creating the account when ``user`` is None.

    An existing account must be the one the invitation was sent to; a new account
    gets the invited email and ``password`` (already validated by the caller).
    A former (deactivated) membership is reactivated with the invited role.
    """
    User = get_user_model()
    with transaction.atomic():
        locked = (
            Invitation.unscoped.select_for_update().select_related("program").get(pk=invitation.pk)
        )
        if not locked.is_open:
            raise AccountError(_("This invitation can no longer be used."))
        existing = User.objects.filter(email__iexact=locked.email).first()
        new_account = user is None
        if new_account:
            if existing is not None:
                raise AccountError(
                    _("An account with this email address exists. Sign in to accept.")
                )
            user = User.objects.create_user(
                locked.email, password, display_name=display_name.strip()[:120]
            )
        elif existing is None or existing.pk != user.pk:
            raise AccountError(_("This invitation was sent to another email address."))
        # The person is not a member yet, so no request scope covers this program;
        # the invitation itself names it.
        membership, created = Membership.unscoped.get_or_create(
            user=user, program=locked.program, defaults={"role": locked.role}
        )
        if not created:
            membership.role = locked.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        log_event(
            "membership.accept",
            actor=user,
            obj=membership,
            extra={"invitation": locked.pk, "role": locked.role, "new_account": new_account},
        )
    return membership


# --- Devices ---------------------------------------------------------------------------


def create_device_token(program, *, actor, name: str, role: Role | str) -> tuple[DeviceToken, str]:
    """Issue an API token for one device. Returns the device and the raw token,
    which is never stored and cannot be shown again."""
    role = Role(role)
    if role.value not in dict(DeviceToken.DEVICE_ROLES):
        raise AccountError(_("A device can act as staff or as a peer worker only."))
    raw, token_hash = new_token()
    with transaction.atomic():
        device = DeviceToken.unscoped.create(
            program=program,
            name=name.strip(),
            role=role,
            token_hash=token_hash,
            prefix=raw[:8],
            created_by=actor,
        )
        log_event(
            "device.create",
            actor=actor,
            obj=device,
            extra={"name": device.name, "role": role.value},
        )
    return device, raw


def revoke_device_token(device: DeviceToken, *, actor) -> None:
    """The token stops working on the API with the next request."""
    with transaction.atomic():
        locked = DeviceToken.unscoped.select_for_update().get(pk=device.pk)
        if locked.revoked_at is not None:
            raise AccountError(_("This device was already revoked."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        log_event("device.revoke", actor=actor, obj=locked, extra={"name": locked.name})
    device.revoked_at = locked.revoked_at
