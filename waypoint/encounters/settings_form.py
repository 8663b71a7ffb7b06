"""Window settings: how returns are estimated, how long a visit stays editable."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import VisitSettings

CONTAINER_ROWS = 6
MAX_CONTAINER_SYRINGES = 5000


class VisitSettingsForm(forms.ModelForm):
    class Meta:
        model = VisitSettings
        fields = ["syringes_per_pound", "edit_window_hours", "future_minutes"]


def container_rows(post, current: VisitSettings) -> list[dict]:
    """The container-size rows to show: posted ones, or the saved ones plus blanks."""
    if post is not None:
        rows = [
            {
                "label": post.get(f"container-{n}-label", "").strip(),
                "syringes": post.get(f"container-{n}-syringes", "").strip(),
            }
            for n in range(CONTAINER_ROWS)
        ]
    else:
        rows = [
            {"label": size["label"], "syringes": str(size["syringes"])}
            for size in current.container_sizes
        ]
        rows += [{"label": "", "syringes": ""}] * (CONTAINER_ROWS - len(rows))
    return [{"n": n, **row} for n, row in enumerate(rows[:CONTAINER_ROWS])]


def clean_containers(rows: list[dict]) -> list[dict]:
    """Container sizes from the form rows; blank rows are skipped."""
    sizes, seen = [], set()
    for row in rows:
        label, syringes = row["label"].replace("\x00", "")[:40], row["syringes"]
        if not label and not syringes:
            continue
        if not label:
            raise ValidationError(_("Give each container size a name, like “1 quart”."))
        try:
            count = int(syringes)
        except ValueError:
            raise ValidationError(
                _("“%(label)s”: give the number of syringes it holds.") % {"label": label}
            ) from None
        if not 1 <= count <= MAX_CONTAINER_SYRINGES:
            raise ValidationError(
                _("“%(label)s”: a container holds between 1 and %(max)d syringes.")
                % {"label": label, "max": MAX_CONTAINER_SYRINGES}
            )
        if label.lower() in seen:
            raise ValidationError(_("“%(label)s” is listed twice.") % {"label": label})
        seen.add(label.lower())
        sizes.append({"label": label, "syringes": count})
    return sizes
