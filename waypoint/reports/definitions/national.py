"""National and international report templates: the SHaRP SSP indicators, the CDC/NASEN
annual survey, the naloxone (OEND) program metrics, and the network summary."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, Ratio, ReportTemplate, SectionDef, register

NOT_SEPARATE = _("Waypoint records used syringes collected, not how they were disposed of.")
NO_REFERRALS = _("Referrals will be counted here once Waypoint records them.")
NARRATIVE = _("A narrative from the program: write it on the exported form.")
NOT_ASKED = _("Waypoint's point-in-time survey does not ask this yet.")
PRACTICE = _("A question about the program's practice: answer it on the form.")
NO_DEATHS = _(
    "Needs the number of opioid overdose deaths in the area served, which Waypoint does not hold."
)

# SHaRP "SSP Indicators Implementation Guide": indicators 04–18, by domain.
SHARP = register(
    ReportTemplate(
        key="sharp",
        title=_("SSP indicators (SHaRP)"),
        form_name=_("Syringe services program indicators"),
        issuer=_("University of Washington SHaRP, CDC-funded technical assistance"),
        frequency=_("Quarterly or yearly"),
        summary=_(
            "SHaRP's indicators for a syringe services program: service coverage and "
            "quality, engagement with people who use drugs, overdose prevention, "
            "demographics and structural violence; with the UNAIDS/WHO coverage indicators "
            "and supporting figures apart."
        ),
        network=True,
        notes=(
            _(
                "Indicator numbers 04 to 18 are those of SHaRP's SSP Indicators "
                "Implementation Guide; the section numbers are Waypoint's."
            ),
            _(
                "Syringe coverage, its level, regular access and reach are UNAIDS/WHO "
                "population indicators, not SHaRP indicators, so they have a section of "
                "their own."
            ),
        ),
        sections=(
            SectionDef(
                "1",
                _("Service coverage"),
                (
                    Items(
                        _("Service coverage indicators"),
                        (
                            Line("04", _("Hours per week program operates"), "hours_per_week"),
                            Line("05", _("Program's service model(s)"), "service_models"),
                            Line("06", _("Total participant visits"), "visits"),
                        ),
                    ),
                ),
                wording=_(
                    "Hours and service models come from the site schedule. Total visits are "
                    "non-unique and need no identification."
                ),
            ),
            SectionDef(
                "2",
                _("Service quality"),
                (
                    Items(
                        _("Service quality indicators"),
                        (
                            Line("07", _("Program activities"), None, NARRATIVE),
                            Line(
                                "08",
                                _("Program needs and barriers to service provision"),
                                None,
                                NARRATIVE,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "3",
                _("Engagement with people who use drugs"),
                (
                    Items(
                        _("Engagement indicators"),
                        (
                            Line(
                                "09",
                                _(
                                    "How people who use drugs are engaged to give feedback "
                                    "about programs"
                                ),
                                None,
                                NARRATIVE,
                            ),
                            Line(
                                "10",
                                _("How participants have decision making power in programs"),
                                None,
                                NARRATIVE,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "4",
                _("Overdose prevention"),
                (
                    Items(
                        _("Naloxone"),
                        (Line("11", _("Count of naloxone doses distributed"), "naloxone_doses"),),
                    ),
                    Answers(
                        _(
                            "Participant overdose experience (survey question: own overdose "
                            "in the past 6 months)"
                        ),
                        "survey_overdose",
                        number="12",
                    ),
                    Answers(
                        _(
                            "Reported overdose reversals (survey question: overdoses reversed "
                            "in the past 6 months)"
                        ),
                        "survey_reversals",
                        number="13",
                    ),
                ),
                wording=_(
                    "Doses include refills. Overdose experience and reversals come from "
                    "anonymous point-in-time surveys."
                ),
            ),
            SectionDef(
                "5",
                _("Demographics"),
                (
                    Answers(_("Participant age range"), "survey_age", number="14"),
                    Answers(_("Participant gender"), "survey_gender", number="15"),
                    Answers(_("Participant race/ethnicity"), "survey_race", number="16"),
                ),
                wording=_(
                    "From anonymous point-in-time surveys, not from enrollment. Ask about "
                    "gender only where it is safe to."
                ),
            ),
            SectionDef(
                "6",
                _("Structural violence"),
                (
                    Items(
                        _("Structural violence indicators"),
                        (
                            Line("17", _("Participant housing status"), None, NOT_ASKED),
                            Line(
                                "18",
                                _("Participant interactions with law enforcement"),
                                None,
                                NOT_ASKED,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "7",
                _("International indicators (UNAIDS/WHO)"),
                (
                    Items(
                        _("Coverage and reach among people who inject drugs"),
                        (
                            Line(
                                "",
                                _("Syringes distributed per person who injects drugs per year"),
                                "syringe_coverage",
                            ),
                            Line(
                                "",
                                _("Syringe coverage level"),
                                "syringe_coverage_band",
                                _(
                                    "The limits of the levels are defaults not checked against "
                                    "a published source; they can be changed in the report "
                                    "settings."
                                ),
                            ),
                            Line("", _("Participants with regular access"), "regular_access"),
                            Line("", _("People who inject drugs reached"), "pwid_reached"),
                        ),
                    ),
                ),
                wording=_(
                    "Not SHaRP indicators: population indicators of UNAIDS and WHO for people "
                    "who inject drugs."
                ),
            ),
            SectionDef(
                "8",
                _("Supporting figures (not SHaRP indicators)"),
                (
                    Items(
                        _("Supporting figures"),
                        (
                            Line("", _("Unduplicated participants"), "unique_people"),
                            Line("", _("Number of sites"), "active_sites"),
                            Line("", _("Syringes distributed"), "syringes_given"),
                            Line("", _("Used syringes collected"), "syringes_collected"),
                            Line("", _("Point-in-time survey responses"), "survey_responses"),
                        ),
                    ),
                    ByCategory(_("Hours per week by site"), "site", ("hours_per_week",)),
                    ByCategory(
                        _("By site"),
                        "site",
                        ("visits", "syringes_given", "naloxone_doses"),
                    ),
                    ByCategory(_("By how people were served"), "modality", ("visits",)),
                ),
            ),
        ),
    )
)

# The CDC Dave Purchase Memorial survey (OMB 0920-1359).
NASEN = register(
    ReportTemplate(
        key="nasen",
        title=_("CDC/NASEN annual SSP survey"),
        form_name=_("Dave Purchase Memorial syringe services program survey"),
        issuer=_("CDC, with the University of Washington, NASEN and NYU"),
        frequency=_("Yearly, for the calendar year"),
        summary=_(
            "The figures the national survey asks for: syringes, naloxone, secondary "
            "exchange, staff, testing on site and treatment referral; and its section on "
            "community relations and challenges."
        ),
        html_template="reports/forms/nasen.html",
        default_period="year",
        network=True,
        notes=(
            _(
                "The section letters and item numbers are Waypoint's; the survey numbers "
                "its questions its own way."
            ),
        ),
        sections=(
            SectionDef(
                "A",
                _("Syringe collection, distribution, and disposal"),
                (
                    Items(
                        _("Syringe distribution and collection"),
                        (
                            Line("A1", _("Syringes distributed"), "syringes_given"),
                            Line("A2", _("Syringes collected"), "syringes_collected"),
                            Line("A3", _("Syringes disposed of"), None, NOT_SEPARATE),
                            Line(
                                "A4",
                                _("Program size"),
                                "program_size",
                                _(
                                    "CDC's band for its analysis tables, worked out from the "
                                    "syringes distributed (A1); not itself a survey answer."
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "B",
                _("Provision of naloxone and other overdose reversal medications"),
                (
                    Items(
                        _("Overdose reversal medications"),
                        (
                            Line("B1", _("Naloxone doses distributed"), "naloxone_doses"),
                            Line("B2", _("Naloxone kits distributed"), "naloxone_kits"),
                            Line("B3", _("Persons receiving naloxone"), "naloxone_recipients"),
                            Line("B4", _("Overdose reversals reported"), "reversals"),
                            Line(
                                "B5",
                                _("Other reversal medications (for example nalmefene)"),
                                None,
                                _("Waypoint counts them with naloxone."),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "C",
                _("Secondary exchange"),
                (
                    Items(
                        _("Supplies taken for other people"),
                        (
                            Line("C1", _("Visits with secondary exchange"), "secondary_visits"),
                            Line(
                                "C2",
                                _("People reached through secondary exchange"),
                                "secondary_recipients",
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "D",
                _("Staff, testing and treatment"),
                (
                    Items(
                        _("Staff and services"),
                        (
                            Line("D1", _("Staff with lived experience"), "peer_staff"),
                            Line("D2", _("On-site testing offered"), "onsite_testing"),
                            Line("D3", _("HIV tests"), "hiv_tests"),
                            Line("D4", _("Hepatitis C tests"), "hcv_tests"),
                            Line("D5", _("STI tests"), "sti_tests"),
                            Line("D6", _("Referrals to treatment (MOUD)"), None, NO_REFERRALS),
                            Line("D7", _("Information on treatment (MOUD) given"), "moud_info"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "E",
                _("Community relations and challenges"),
                (
                    Items(
                        _("Community relations and challenges"),
                        (
                            Line(
                                "E1",
                                _("Community relations and challenges"),
                                None,
                                _("Answer this section's questions on the survey itself."),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
)

# Lambdin et al., "Overdose Education and Naloxone Distribution Within Syringe Service
# Programs — United States, 2019", MMWR 2020;69(33):1117–1121.
OEND = register(
    ReportTemplate(
        key="oend",
        title=_("Naloxone program (OEND) metrics"),
        form_name=_("Overdose education and naloxone distribution program metrics"),
        issuer=_("Measures from Lambdin et al., MMWR 2020;69:1117 (national SSP survey)"),
        frequency=_("Yearly (the past 12 months)"),
        summary=_(
            "The measures of a national survey of naloxone distribution at syringe services "
            "programs: doses, people reached, refills on request, days naloxone was given, "
            "running out, how the program runs OEND, and reach per overdose death."
        ),
        default_period="year",
        network=True,
        notes=(
            _(
                "There is no funder form: these are the measures of a national survey of "
                "syringe services programs (Lambdin et al., MMWR 2020;69:1117). The item "
                "numbers are Waypoint's."
            ),
            _(
                "Doses and persons cover the period chosen (the survey asked about the past "
                "12 months); days naloxone was given cover the last 28 days of the period, "
                "and running out the 3 months ending on its last day."
            ),
        ),
        sections=(
            SectionDef(
                "1",
                _("Distribution"),
                (
                    Items(
                        _("Naloxone distributed"),
                        (Line("1", _("Doses distributed, refills included"), "naloxone_doses"),),
                    ),
                    Answers(_("Persons receiving naloxone"), "naloxone_recipients", number="2"),
                ),
            ),
            SectionDef(
                "3",
                _("Refills"),
                (
                    Items(
                        _("Refills on request"),
                        (
                            Line(
                                "3",
                                _(
                                    "Naloxone refills provided as often as participants "
                                    "requested them (yes/no)"
                                ),
                                None,
                                PRACTICE,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "4",
                _("Availability"),
                (
                    Items(
                        _("Naloxone on hand"),
                        (
                            Line(
                                "4a",
                                _("Days naloxone was given in the past 28 days"),
                                "naloxone_days_offered",
                                _(
                                    "A lower bound of the days naloxone was offered: a day it "
                                    "was offered but nobody took any is not counted."
                                ),
                            ),
                            Line(
                                "4b",
                                _("Days a site ran out of naloxone"),
                                "naloxone_stockout_days",
                            ),
                            Line(
                                "4c",
                                _(
                                    "Program ran out of or rationed naloxone in the past 3 "
                                    "months (yes/no)"
                                ),
                                "naloxone_program_ran_out",
                                _(
                                    "Worked out from the recorded stock. Waypoint does not "
                                    "record rationing: if the program rationed naloxone in "
                                    "these 3 months, the answer is Yes."
                                ),
                            ),
                            Line(
                                "4d",
                                _("OEND offered every time syringe services were offered (yes/no)"),
                                None,
                                PRACTICE,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "5",
                _("How the program runs OEND"),
                (
                    Items(
                        _("OEND in the program"),
                        (
                            Line(
                                "5a",
                                _("OEND implementation phase"),
                                None,
                                _(
                                    "The survey's phases: offering OEND for 12 months or more, "
                                    "for less than 12 months, preparing, exploring."
                                ),
                            ),
                            Line(
                                "5b",
                                _(
                                    "OEND data entered directly into an electronic data "
                                    "system (yes/no)"
                                ),
                                None,
                                _(
                                    "Waypoint is an electronic data system: the answer is Yes "
                                    "if staff enter the naloxone they give into it directly, "
                                    "not on paper first."
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "6",
                _("Reach per opioid overdose death"),
                (
                    Items(
                        _("Reach per opioid overdose death in the area served"),
                        (
                            Line(
                                "6a",
                                _("Persons who received naloxone per opioid overdose death"),
                                None,
                                NO_DEATHS,
                            ),
                            Line(
                                "6b",
                                _("Naloxone doses distributed per opioid overdose death"),
                                None,
                                NO_DEATHS,
                            ),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "7",
                _("Supporting figures (not among the survey's measures)"),
                (
                    Items(
                        _("Supporting figures"),
                        (
                            Line("", _("Kits distributed"), "naloxone_kits"),
                            Line("", _("Visits where naloxone was given"), "naloxone_visits"),
                            Line("", _("Refills"), "naloxone_refills"),
                            Line("", _("Reversals reported"), "reversals"),
                        ),
                    ),
                    ByCategory(
                        _("What happened to the previous kit"),
                        "kit_outcome",
                        ("naloxone_refills",),
                    ),
                    ByCategory(_("Reversals by site"), "site", ("reversals",)),
                    Answers(
                        _(
                            "Participants' answers to “In the past 3 months, did you run out "
                            "of naloxone or have to ration it?” (point-in-time survey)"
                        ),
                        "survey_naloxone_ran_out",
                    ),
                ),
            ),
        ),
    )
)

NETWORK = register(
    ReportTemplate(
        key="network",
        title=_("Network summary"),
        form_name=_("Network summary"),
        issuer=_("Waypoint"),
        frequency=_("Any period"),
        summary=_(
            "Totals across the programs of a network, with each person counted once "
            "however many programs they visit."
        ),
        network=True,
        program=False,
        sections=(
            SectionDef(
                "1",
                _("Network totals"),
                (
                    Items(
                        _("Across all programs"),
                        (
                            Line("1.1", _("People served (unduplicated)"), "unique_people"),
                            Line("1.2", _("New participants"), "new_people"),
                            Line("1.3", _("Visits"), "visits"),
                            Line("1.4", _("Syringes distributed"), "syringes_given"),
                            Line("1.5", _("Used syringes collected"), "syringes_collected"),
                            Line("1.6", _("Naloxone doses distributed"), "naloxone_doses"),
                            Line("1.7", _("Overdose reversals reported"), "reversals"),
                            Line(
                                "1.8",
                                _("Syringes distributed per person who injects drugs per year"),
                                "syringe_coverage",
                            ),
                            Line("1.9", _("Syringe coverage level"), "syringe_coverage_band"),
                            Line("1.10", _("People who inject drugs reached"), "pwid_reached"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "2",
                _("By program"),
                (
                    ByCategory(
                        _("Programs"),
                        "program",
                        (
                            "visits",
                            "unique_people",
                            "syringes_given",
                            Ratio(_("Collection ratio"), "syringes_collected", "syringes_given"),
                            "naloxone_doses",
                        ),
                    ),
                ),
                wording=_(
                    "Someone who visits two programs is counted by each, and once in the "
                    "network total, so the program rows of people served add up to more "
                    "than the total."
                ),
            ),
        ),
    )
)
