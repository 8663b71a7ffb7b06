"""State syringe services program reports, in the order and with the numbering each
state's statute or rule lists its items. Figures a state does not list are shown under
"Supporting figures (not on the state's list)", unnumbered."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, Ratio, ReportTemplate, SectionDef, register

NO_DISPOSAL = _("Waypoint records used syringes collected, not how they were disposed of.")
NO_REFERRALS = _("Referrals will be counted here once Waypoint records them.")
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

# W. Va. Code §16-64-7(b); 69 CSR 17-10.2.1.a–e.
WEST_VIRGINIA = register(
    ReportTemplate(
        key="west_virginia",
        title=_("West Virginia syringe services program annual report"),
        form_name=_("Syringe services program annual report (69 CSR 17-10.2)"),
        issuer=_("West Virginia Office of Health Facility Licensure and Certification"),
        frequency=_("Yearly"),
        summary=_(
            "Participants served; number and types of syringes dispensed, collected and "
            "disposed of; syringe stick injuries to non-participants; individuals entering "
            "substance use disorder treatment; referrals, total and by type."
        ),
        html_template="reports/forms/state.html",
        default_period="year",
        notes=(
            _("Items a to e are those of 69 CSR 17-10.2.1 (W. Va. Code §16-64-7(b)(1)–(5))."),
            _(
                "Period: the rule does not say which 12 months the report covers. Confirm "
                "with the Office of Health Facility Licensure and Certification whether it is "
                "the license year (from the anniversary of license approval) or the calendar "
                "year, and choose that period above."
            ),
        ),
        sections=(
            SectionDef(
                "a",
                _("Total number of participants served"),
                (
                    Items(
                        _("Participants served"),
                        (Line("a", _("Participants served"), "unique_people", ANONYMOUS),),
                    ),
                    Items(
                        SUPPORTING_VISITS,
                        (
                            Line(
                                "",
                                _("Anonymous visits"),
                                "anonymous_visits",
                                _(
                                    "West Virginia requires a unique code for every "
                                    "participant and proof of West Virginia identification "
                                    "when syringes are dispensed (69 CSR 17-9.1.2 and "
                                    "9.2.2), so visits where syringes were dispensed should "
                                    "not be anonymous."
                                ),
                            ),
                            Line("", _("Total visits"), "visits"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "b",
                _("Total number and types of syringes dispensed, collected and disposed of"),
                (
                    Items(
                        _("Number of syringes"),
                        (
                            Line("b1", _("Syringes dispensed"), "syringes_given"),
                            Line("b2", _("Syringes collected"), "syringes_collected"),
                            Line("b3", _("Syringes disposed of"), None, NO_DISPOSAL),
                        ),
                    ),
                    ByCategory(
                        _("Types of syringes dispensed"),
                        "item",
                        ("syringes_by_type",),
                        number="b4",
                    ),
                    Items(
                        _("Types of syringes collected and disposed of"),
                        (
                            Line(
                                "b5",
                                _("Types of syringes collected"),
                                None,
                                _(
                                    "Waypoint records how many used syringes came back, not "
                                    "their type."
                                ),
                            ),
                            Line("b6", _("Types of syringes disposed of"), None, NO_DISPOSAL),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "c",
                _("Syringe stick injuries"),
                (
                    Items(
                        _("Syringe stick injuries"),
                        (
                            Line(
                                "c",
                                _("Syringe stick injuries to non-participants"),
                                None,
                                _("Take this from the program's incident records."),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "d",
                _("Substance use disorder treatment"),
                (
                    Items(
                        _("Individuals entering substance use disorder treatment"),
                        (
                            Line(
                                "d",
                                _(
                                    "Statistics regarding the number of individuals entering "
                                    "substance use disorder treatment"
                                ),
                                None,
                                _(
                                    "Give totals only: records of who entered treatment are "
                                    "to be handled as 42 CFR Part 2 records."
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "e",
                _("Referrals"),
                (
                    Items(
                        _("Total number and types of referrals"),
                        (
                            Line("e", _("Referrals, total"), None, NO_REFERRALS),
                            Line(
                                "e1",
                                _("Referrals to substance use disorder treatment"),
                                None,
                                NO_REFERRALS,
                            ),
                            Line(
                                "e2",
                                _("Referrals to other harm reduction services, by type"),
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

# Utah Admin. Code R386-900-5(1)(a)–(e); Utah Code §26B-7-117(2)(c).
UTAH = register(
    ReportTemplate(
        key="utah",
        title=_("Utah syringe exchange quarterly report"),
        form_name=_("Syringe exchange program quarterly report"),
        issuer=_("Utah Department of Health and Human Services"),
        frequency=_("Quarterly"),
        summary=_(
            "Individuals who have exchanged syringes; used syringes exchanged (self-reported "
            "or approximate); new syringes provided; educational materials distributed; "
            "referrals provided."
        ),
        html_template="reports/forms/state.html",
        notes=(
            _(
                "Items (a) to (e) are those of Utah Administrative Code R386-900-5(1), which "
                "asks for them every quarter; Utah Code §26B-7-117 says yearly and leaves how "
                "and when to the department's rule."
            ),
        ),
        sections=(
            SectionDef(
                "a",
                _("Individuals"),
                (
                    Items(
                        _("Individuals"),
                        (
                            Line(
                                "a",
                                _("Number of individuals who have exchanged syringes"),
                                "unique_people",
                                ANONYMOUS,
                            ),
                        ),
                    ),
                    Items(
                        SUPPORTING_VISITS, (Line("", _("Anonymous visits"), "anonymous_visits"),)
                    ),
                ),
            ),
            SectionDef(
                "b",
                _("Syringes"),
                (
                    Items(
                        _("Syringes exchanged and provided"),
                        (
                            Line(
                                "b",
                                _(
                                    "A self-reported or approximated number of used syringes "
                                    "exchanged for new syringes"
                                ),
                                "syringes_collected",
                            ),
                            Line(
                                "c",
                                _("Number of new syringes provided in exchange for used syringes"),
                                "syringes_given",
                                _(
                                    "Every new syringe given at a visit, whether or not used "
                                    "syringes were returned at it."
                                ),
                            ),
                        ),
                    ),
                    Items(
                        SUPPORTING_SYRINGES,
                        (
                            Line(
                                "",
                                _("Used syringes in (b) that were self-reported or approximate"),
                                "syringes_collected_estimated",
                            ),
                        ),
                    ),
                ),
                wording=_("Used syringes may be self-reported or approximate."),
            ),
            SectionDef(
                "d",
                _("Education and referrals"),
                (
                    Items(
                        _("Education and referrals"),
                        (
                            Line(
                                "d",
                                _("Educational materials distributed"),
                                "education_materials",
                                _(
                                    "Counts pieces given (units of items in the “Education” "
                                    "category). The rule gives no unit: confirm with the "
                                    "department's format whether it wants pieces, titles or "
                                    "encounters."
                                ),
                            ),
                            Line("e", _("Number of referrals provided"), None, NO_REFERRALS),
                        ),
                    ),
                ),
            ),
        ),
    )
)

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
