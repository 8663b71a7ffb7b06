"""Notes and columns several report templates share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Ratio

NO_DISPOSAL = _("Waypoint records used syringes collected, not how they were disposed of.")
NO_REFERRALS = _("Referrals will be counted here once Waypoint records them.")
NARRATIVE = _("A narrative from the program: write it on the exported form.")
NOT_ASKED = _("Waypoint's point-in-time survey does not ask this yet.")
PRACTICE = _("A question about the program's practice: answer it on the form.")
NO_DEATHS = _(
    "Needs the number of opioid overdose deaths in the area served, which Waypoint does not hold."
)
ANONYMOUS = _("Anonymous visits cannot be told apart, so they are not in the count of people.")
SUPPORTING_VISITS = _("Supporting figures on visits (not on the state's list)")
SUPPORTING_SYRINGES = _("Supporting figures on syringes (not on the state's list)")

BY_SITE_COLUMNS = (
    "visits",
    "unique_people",
    "syringes_given",
    "syringes_collected",
    Ratio(_("Collection ratio"), "syringes_collected", "syringes_given"),
)
