"""Maryland's syringe services program annual report (Health-General §24-907)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, ReportTemplate, SectionDef, register
from .notes import ANONYMOUS, BY_SITE_COLUMNS, SUPPORTING_SYRINGES, SUPPORTING_VISITS

# Maryland Code, Health-General §24-907 (and §24-903(a)(6) for linkages).
MARYLAND = register(
    ReportTemplate(
        key="maryland",
        title=_("Maryland syringe services program annual report"),
        form_name=_(
            "Opioid-Associated Disease Prevention and Outreach Program annual report "
            "(Health-General §24-907)"
        ),
        issuer=_("Maryland Department of Health"),
        frequency=_("Yearly (at least)"),
        summary=_(
            "Participants served and new participants registered; age, gender, race, ZIP "
            "code and types of drugs used; hypodermic needles and syringes distributed and "
            "collected; each distribution location; linkages to additional services."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        notes=(
            _("Items (1) to (6) are those of Health-General §24-907."),
            _(
                "Not for Baltimore City's program under Health-General Subtitle 8, which "
                "reports other items (§24-806)."
            ),
        ),
        sections=(
            SectionDef(
                "1",
                _("Participants"),
                (
                    Items(
                        _("Participants served and registered"),
                        (
                            Line(
                                "1",
                                _("Number of participants served by the Program"),
                                "unique_people",
                                ANONYMOUS,
                            ),
                            Line(
                                "2",
                                _(
                                    "Number of new participants registered by the Program "
                                    "during the reporting period"
                                ),
                                "new_people",
                            ),
                        ),
                    ),
                    Items(SUPPORTING_VISITS, (Line("", _("Total visits"), "visits"),)),
                ),
            ),
            SectionDef(
                "3",
                _("Demographic profiles of participants served"),
                (
                    Answers(_("Age"), "survey_age", number="3(i)"),
                    Answers(_("Gender"), "survey_gender", number="3(ii)"),
                    Answers(
                        _("Race (and ethnicity, as the survey asks)"),
                        "survey_race",
                        number="3(iii)",
                    ),
                    Items(
                        _("Residence and drug use"),
                        (
                            Line(
                                "3(iv)",
                                _("Zip code"),
                                None,
                                _(
                                    "Demographics come only from the anonymous survey, which "
                                    "does not ask for a ZIP code; ZIP codes recorded at "
                                    "enrollment are not reported."
                                ),
                            ),
                            Line(
                                "3(v)",
                                _("Types of drugs used"),
                                None,
                                _(
                                    "The anonymous survey does not ask which drugs participants use."
                                ),
                            ),
                        ),
                    ),
                ),
                wording=_(
                    "Age, gender and race are estimated from the anonymous point-in-time survey "
                    "responses of the period (the total under each table), not counted over all "
                    "participants served."
                ),
            ),
            SectionDef(
                "4",
                _("Hypodermic needles and syringes"),
                (
                    Items(
                        _("Hypodermic needles and syringes distributed and collected"),
                        (
                            Line(
                                "4",
                                _("Hypodermic needles and syringes distributed"),
                                "syringes_given",
                            ),
                            Line(
                                "4",
                                _("Hypodermic needles and syringes collected"),
                                "syringes_collected",
                            ),
                        ),
                    ),
                    Items(
                        SUPPORTING_SYRINGES, (Line("", _("Collection ratio"), "collection_ratio"),)
                    ),
                ),
            ),
            SectionDef(
                "5",
                _("Distribution locations"),
                (
                    ByCategory(
                        _(
                            "Each location at which hypodermic needles and syringes were "
                            "distributed"
                        ),
                        "site",
                        BY_SITE_COLUMNS,
                        number="5",
                    ),
                ),
            ),
            SectionDef(
                "6",
                _("Linkages"),
                (
                    Items(
                        _("Linkages to additional services"),
                        (
                            Line(
                                "6",
                                _(
                                    "Number of linkages provided to participants under "
                                    "§24-903(a)(6)"
                                ),
                                None,
                                _("Linkages will be counted here once Waypoint records referrals."),
                            ),
                        ),
                    ),
                    Items(
                        _("Supporting figures (not on the state's list): services given on site"),
                        (
                            Line("", _("HIV tests"), "hiv_tests"),
                            Line("", _("Hepatitis C tests"), "hcv_tests"),
                            Line("", _("Wound care"), "wound_care"),
                        ),
                    ),
                ),
                wording=_(
                    "A linkage connects a participant to one of the additional services of "
                    "§24-903(a)(6), such as substance-related disorder counseling, treatment "
                    "and recovery; testing for HIV, viral hepatitis and sexually transmitted "
                    "diseases; reproductive health education and services; or an overdose "
                    "response program. Tests and wound care given on site are not linkages."
                ),
            ),
        ),
    )
)
