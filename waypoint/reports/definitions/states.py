"""State syringe services program reports, in the order each state lists its items."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, Ratio, ReportTemplate, SectionDef, register

NO_DISPOSAL = _("Waypoint records used syringes collected, not how they were disposed of.")
NO_REFERRALS = _("Referrals will be counted here once Waypoint records them.")
ANONYMOUS = _("Anonymous visits cannot be told apart, so they are not in the count of people.")

BY_SITE = ByCategory(
    _("By distribution location"),
    "site",
    (
        "visits",
        "unique_people",
        "syringes_given",
        "syringes_collected",
        Ratio(_("Collection ratio"), "syringes_collected", "syringes_given"),
    ),
)

CALIFORNIA = register(
    ReportTemplate(
        key="california",
        title=_("California SSP report"),
        form_name=_("Syringe services program report"),
        issuer=_("California Department of Public Health, Office of AIDS"),
        frequency=_("Yearly"),
        summary=_(
            "Persons served; syringes dispensed, collected and disposed of; referrals to drug "
            "treatment and other services; community-relations events."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        sections=(
            SectionDef(
                "1",
                _("Persons served"),
                (
                    Items(
                        _("Persons served"),
                        (
                            Line(
                                "1a", _("Unduplicated persons served"), "unique_people", ANONYMOUS
                            ),
                            Line("1b", _("Anonymous visits"), "anonymous_visits"),
                            Line("1c", _("Total visits"), "visits"),
                            Line("1d", _("New participants"), "new_people"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("Syringes"),
                (
                    Items(
                        _("Syringes dispensed, collected and disposed of"),
                        (
                            Line("2a", _("Syringes dispensed"), "syringes_given"),
                            Line("2b", _("Syringes collected"), "syringes_collected"),
                            Line("2c", _("Syringes disposed of"), None, NO_DISPOSAL),
                            Line("2d", _("Collection ratio"), "collection_ratio"),
                        ),
                    ),
                    BY_SITE,
                ),
            ),
            SectionDef(
                "3",
                _("Referrals"),
                (
                    Items(
                        _("Number and types of referrals"),
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
                        _("Community-relations events"),
                        (Line("4a", _("Community-relations events held"), None),),
                    ),
                ),
            ),
        ),
    )
)

WEST_VIRGINIA = register(
    ReportTemplate(
        key="west_virginia",
        title=_("West Virginia harm reduction program annual report"),
        form_name=_("Harm reduction program annual report"),
        issuer=_("West Virginia Office of Health Facility Licensure and Certification"),
        frequency=_("Yearly"),
        summary=_(
            "Persons served; number and types of syringes dispensed, collected and disposed "
            "of; needle-stick injuries; people entering treatment; referrals."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        sections=(
            SectionDef(
                "1",
                _("Persons served"),
                (
                    Items(
                        _("Persons served"),
                        (
                            Line("1a", _("Persons served"), "unique_people", ANONYMOUS),
                            Line("1b", _("Anonymous visits"), "anonymous_visits"),
                            Line("1c", _("Total visits"), "visits"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("Syringes"),
                (
                    Items(
                        _("Number of syringes"),
                        (
                            Line("2a", _("Syringes dispensed"), "syringes_given"),
                            Line("2b", _("Syringes collected"), "syringes_collected"),
                            Line("2c", _("Syringes disposed of"), None, NO_DISPOSAL),
                        ),
                    ),
                    ByCategory(_("2d. Types of syringes dispensed"), "item", ("syringes_by_type",)),
                ),
            ),
            SectionDef(
                "3",
                _("Safety and treatment"),
                (
                    Items(
                        _("Needle-stick injuries, treatment and referrals"),
                        (
                            Line("3a", _("Needle-stick injuries to non-participants"), None),
                            Line(
                                "3b",
                                _("Participants entering substance use disorder treatment"),
                                None,
                            ),
                            Line("3c", _("Referrals, by type"), None, NO_REFERRALS),
                        ),
                    ),
                ),
            ),
        ),
    )
)

UTAH = register(
    ReportTemplate(
        key="utah",
        title=_("Utah syringe exchange quarterly report"),
        form_name=_("Syringe exchange program quarterly report"),
        issuer=_("Utah Department of Health and Human Services"),
        frequency=_("Quarterly"),
        summary=_(
            "Individuals who exchanged; used syringes returned (counted or estimated); new "
            "syringes provided; educational materials; referrals."
        ),
        html_template="reports/forms/state.html",
        sections=(
            SectionDef(
                "1",
                _("Participation"),
                (
                    Items(
                        _("Individuals"),
                        (
                            Line("1", _("Individuals who exchanged"), "unique_people", ANONYMOUS),
                            Line("1a", _("Anonymous visits"), "anonymous_visits"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("Syringes"),
                (
                    Items(
                        _("Syringes returned and provided"),
                        (
                            Line("2", _("Used syringes returned"), "syringes_collected"),
                            Line(
                                "2a",
                                _("of which self-reported or approximate"),
                                "syringes_collected_estimated",
                            ),
                            Line("3", _("New syringes provided"), "syringes_given"),
                        ),
                    ),
                ),
                wording=_("Used syringes may be self-reported or approximate."),
            ),
            SectionDef(
                "4",
                _("Education and referrals"),
                (
                    Items(
                        _("Education and referrals"),
                        (
                            Line(
                                "4", _("Educational materials distributed"), "education_materials"
                            ),
                            Line("5", _("Referrals"), None, NO_REFERRALS),
                        ),
                    ),
                ),
            ),
        ),
    )
)

MARYLAND = register(
    ReportTemplate(
        key="maryland",
        title=_("Maryland syringe services program annual report"),
        form_name=_("Syringe services program annual report"),
        issuer=_("Maryland Department of Health"),
        frequency=_("Yearly"),
        summary=_(
            "Participants served and new registrants; age, gender, race, ZIP and drug types; "
            "syringes distributed and collected; each distribution location; linkages."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        sections=(
            SectionDef(
                "1",
                _("Participants"),
                (
                    Items(
                        _("Participants served"),
                        (
                            Line("1a", _("Participants served"), "unique_people", ANONYMOUS),
                            Line("1b", _("New registrants"), "new_people"),
                            Line("1c", _("Total visits"), "visits"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("Participant characteristics"),
                (
                    Answers(_("2a. Age"), "survey_age"),
                    Answers(_("2b. Gender"), "survey_gender"),
                    Answers(_("2c. Race and ethnicity"), "survey_race"),
                    Items(
                        _("Residence and drug use"),
                        (
                            Line("2d", _("ZIP code of residence"), None),
                            Line("2e", _("Types of drugs used"), None),
                        ),
                    ),
                ),
                wording=_(
                    "Age, gender and race come from anonymous point-in-time surveys in the "
                    "period, not from enrollment."
                ),
            ),
            SectionDef(
                "3",
                _("Syringes"),
                (
                    Items(
                        _("Syringes distributed and collected"),
                        (
                            Line("3a", _("Syringes distributed"), "syringes_given"),
                            Line("3b", _("Syringes collected"), "syringes_collected"),
                            Line("3c", _("Collection ratio"), "collection_ratio"),
                        ),
                    ),
                ),
            ),
            SectionDef("4", _("Distribution locations"), (BY_SITE,)),
            SectionDef(
                "5",
                _("Linkages"),
                (
                    Items(
                        _("Services and linkages"),
                        (
                            Line("5a", _("HIV tests"), "hiv_tests"),
                            Line("5b", _("Hepatitis C tests"), "hcv_tests"),
                            Line("5c", _("Wound care"), "wound_care"),
                            Line(
                                "5d",
                                _("Linkages to treatment and other services"),
                                None,
                                NO_REFERRALS,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
)
