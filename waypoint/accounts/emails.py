"""Emails sent to staff. Each returns whether the message went out."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_invitation_email(invitation, link: str) -> bool:
    """The invitation link, the program and the role. A failed send is logged, not raised:
    the invitation exists and the admin can pass the link on another way."""
    context = {
        "invitation": invitation,
        "program": invitation.program,
        "role": invitation.get_role_display(),
        "inviter": invitation.invited_by,
        "link": link,
    }
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    body = render_to_string("accounts/email/invitation_message.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError:  # includes smtplib.SMTPException and connection errors
        logger.exception("Invitation %s: the email could not be sent.", invitation.pk)
        return False
    return True
