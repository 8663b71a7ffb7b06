"""California's SSP report (Health and Safety Code §121349(d)(4))."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import ByCategory, Items, Line, ReportTemplate, SectionDef, register
from .notes import (
    ANONYMOUS,
    BY_SITE_COLUMNS,
    NO_DISPOSAL,
    NO_REFERRALS,
    SUPPORTING_SYRINGES,
    SUPPORTING_VISITS,
)

# California Health and Safety Code §121349(d)(4); 17 CCR §7012(d)(2), §7016.
CALIFORNIA = register(
    ReportTemplate(
        key="california",
        title=_("California SSP report"),
        form_name=_("Syringe services program annual report"),
        issuer=_("California Department of Public Health, Office of AIDS"),
        frequency=_("Yearly, by the anniversary of the program's authorization"),
        summary=_(
            "Persons served; syringes and needles dispensed, collected and disposed of; "
            "numbers and types of referrals to drug treatment and other services; a report "
            "on community-relations events."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        notes=(
            _(
                "Items 1 to 4 are those of Health and Safety Code §121349(d)(4) and 17 CCR "
                "§7012(d)(2)."
            ),
            _(
                "The report covers the year ending on the anniversary of the program's "
                "authorization: choose that period above (the default is the last calendar "
                "year)."
            ),
            _(
                "For programs authorized by the California Department of Public Health. "
                "Programs authorized by a county or city report to their local health "
                "officer, whose items may differ."
            ),
        ),
        sections=(
            SectionDef(
                "1",
                _("Total number of persons served"),
                (
                    Items(
                        _("Persons served"),
                        (Line("1", _("Persons served"), "unique_people", ANONYMOUS),),
                    ),
                    Items(
                        SUPPORTING_VISITS,
                        (
                            Line("", _("Anonymous visits"), "anonymous_visits"),
                            Line("", _("Total visits"), "visits"),
                            Line("", _("New participants"), "new_people"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("Syringes and needles dispensed, collected and disposed of"),
                (
                    Items(
                        _("Total number of syringes and needles"),
                        (
                            Line("2a", _("Syringes and needles dispensed"), "syringes_given"),
                            Line("2b", _("Syringes and needles collected"), "syringes_collected"),
                            Line("2c", _("Syringes and needles disposed of"), None, NO_DISPOSAL),
                        ),
                    ),
                    Items(
                        SUPPORTING_SYRINGES, (Line("", _("Collection ratio"), "collection_ratio"),)
                    ),
                    ByCategory(
                        _("By distribution location (supporting figures)"), "site", BY_SITE_COLUMNS
                    ),
                ),
            ),
            SectionDef(
                "3",
                _("Referrals"),
                (
                    Items(
                        _("Total numbers and types of referrals"),
                        (
                            Line("3a", _("Referrals to drug treatment"), None, NO_REFERRALS),
                            Line(
                                "3b", _("Referrals to other services, by type"), None, NO_REFERRALS
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "4",
                _("Community relations"),
                (
                    Items(
                        _("Community relations plan"),
                        (
                            Line(
                                "4",
                                _(
                                    "Report on the events recorded under the community "
                                    "relations plan (narrative)"
                                ),
                                None,
                                _("Attach the narrative report to the form."),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
)
