"""Why a write to participants was refused."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Participant


class ParticipantError(ValueError):
    """A write was refused; ``message`` says why in words a person can act on."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DuplicateCode(ParticipantError):
    def __init__(self, existing: Participant):
        super().__init__(
            _(
                "A participant with code %(code)s is already enrolled. Open that record, or confirm "
                "this is a different person."
            )
            % {"code": existing.code},
            field="code",
        )
        self.existing = existing
