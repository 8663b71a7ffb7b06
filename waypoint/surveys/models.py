"""Anonymous point-in-time surveys: a program's short questionnaire and its responses.

A response is linked to no participant, and no IP address or browser detail is stored
with it: what was answered, at which site (if any), how (staff or self) and when.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypoint.core.scoping import ProgramOwned

from .standard import BY_KEY, CUSTOM, PREFER_NOT, PREFER_NOT_LABEL, QuestionKind


def new_public_token() -> str:
    """An unguessable token for the self-fill link (256 bits)."""
    return secrets.token_urlsafe(32)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "Draft")
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", pgettext_lazy("survey status", "Closed")


class Survey(ProgramOwned):
    program = models.ForeignKey("core.Program", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions. Say who asks, why, and that it is anonymous."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    public_token = models.CharField(max_length=64, unique=True, default=new_public_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProgramOwned.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class SurveyQuestion(ProgramOwned):
    """One question. Standard questions keep their key; their wording and answer labels
    come from ``standard.py`` (translated), the stored copy is for exports."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    # A standard question's key (``standard.py``) or "custom".
    key = models.CharField(max_length=40, default=CUSTOM)
    prompt = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    # [{"value": "...", "label": "..."}] for single, multiple and yes/no questions.
    choices = models.JSONField(default=list, blank=True)
    # Number questions: answers from 0 to max_value.
    max_value = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    program_path = "survey__program"

    class Meta(ProgramOwned.Meta):
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                condition=~Q(key=CUSTOM),
                name="survey_standard_question_once",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    @property
    def standard(self):
        return BY_KEY.get(self.key)

    @property
    def display_prompt(self):
        standard = self.standard
        return standard.prompt if standard is not None else self.prompt

    @property
    def values(self) -> list[str]:
        return [choice["value"] for choice in self.choices]

    def label_for(self, value: str):
        standard = self.standard
        label = standard.label_for(value) if standard is not None else None
        if label is not None:
            return label
        if value == PREFER_NOT:
            return PREFER_NOT_LABEL
        return next((c["label"] for c in self.choices if c["value"] == value), value)

    @property
    def display_choices(self) -> list[tuple[str, str]]:
        return [(value, self.label_for(value)) for value in self.values]

    @property
    def is_choice(self) -> bool:
        return self.kind != QuestionKind.NUMBER


class ResponseMode(models.TextChoices):
    STAFF = "staff", _("Filled in with staff")
    SELF = "self", _("Filled in by the participant (link or QR code)")


class SurveyResponse(ProgramOwned):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=ResponseMode.choices)
    submitted_at = models.DateTimeField(default=timezone.now)
    # Idempotency key chosen by the form or device: a resend stores nothing new.
    client_uuid = models.UUIDField()
    # Hash of what was sent the first time: a replay must match it.
    fingerprint = models.CharField(max_length=64, blank=True)

    program_path = "survey__program"

    class Meta(ProgramOwned.Meta):
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "client_uuid"], name="survey_response_client_uuid_unique"
            ),
        ]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="survey_response_time")]

    def __str__(self) -> str:
        return f"{self.survey_id} @ {self.submitted_at:%Y-%m-%d}"


class SurveyAnswer(ProgramOwned):
    """An answer: a choice value, a list of values (multiple choice) or a number."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    program_path = "response__survey__program"

    class Meta(ProgramOwned.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
