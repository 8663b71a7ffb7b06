"""National and international report templates: the SHaRP SSP indicators, the CDC/NASEN
annual survey, the naloxone (OEND) program metrics, and the network summary."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, Ratio, ReportTemplate, SectionDef, register

NOT_SEPARATE = _("Waypoint records used syringes collected, not how they were disposed of.")

SHARP = register(
    ReportTemplate(
        key="sharp",
        title=_("SSP indicators (SHaRP)"),
        form_name=_("Syringe services program indicators"),
        issuer=_("University of Washington SHaRP, CDC-funded technical assistance"),
        frequency=_("Quarterly or yearly"),
        summary=_(
            "The core indicators for a syringe services program: operations, visits, "
            "naloxone and syringes, and what participants told the point-in-time survey."
        ),
        network=True,
        sections=(
            SectionDef(
                "1",
                _("Program operations"),
                (
                    Items(
                        _("How the program operates"),
                        (
                            Line("1.1", _("Hours per week the program operates"), "hours_per_week"),
                            Line("1.2", _("Service models in use"), "service_models"),
                            Line("1.3", _("Number of sites"), "active_sites"),
                        ),
                    ),
                    ByCategory(_("Hours per week by site"), "site", ("hours_per_week",)),
                ),
                wording=_("From the site schedule."),
            ),
            SectionDef(
                "2",
                _("Services delivered"),
                (
                    Items(
                        _("Visits and supplies"),
                        (
                            Line("2.1", _("Total participant visits"), "visits"),
                            Line("2.2", _("Unduplicated participants"), "unique_people"),
                            Line("2.3", _("Naloxone doses distributed"), "naloxone_doses"),
                            Line("2.4", _("Syringes distributed"), "syringes_given"),
                            Line("2.5", _("Used syringes collected"), "syringes_collected"),
                            Line(
                                "2.6",
                                _("Syringes distributed per person who injects drugs per year"),
                                "syringe_coverage",
                            ),
                            Line("2.7", _("Syringe coverage level"), "syringe_coverage_band"),
                            Line("2.8", _("Participants with regular access"), "regular_access"),
                            Line("2.9", _("People who inject drugs reached"), "pwid_reached"),
                        ),
                    ),
                    ByCategory(
                        _("By site"),
                        "site",
                        ("visits", "syringes_given", "naloxone_doses"),
                    ),
                    ByCategory(_("By how people were served"), "modality", ("visits",)),
                ),
                wording=_(
                    "Total visits are non-unique and need no identification. Doses include refills."
                ),
            ),
            SectionDef(
                "3",
                _("Point-in-time survey"),
                (
                    Items(
                        _("Responses"), (Line("3.1", _("Survey responses"), "survey_responses"),)
                    ),
                    Answers(_("3.2 Age range"), "survey_age"),
                    Answers(_("3.3 Gender"), "survey_gender"),
                    Answers(_("3.4 Race and ethnicity"), "survey_race"),
                    Answers(_("3.5 Own overdose in the past 6 months"), "survey_overdose"),
                    Answers(_("3.6 Overdoses reversed in the past 6 months"), "survey_reversals"),
                ),
                wording=_(
                    "From anonymous point-in-time surveys, not from enrollment. Ask about "
                    "gender only where it is safe to."
                ),
            ),
        ),
    )
)

NASEN = register(
    ReportTemplate(
        key="nasen",
        title=_("CDC/NASEN annual SSP survey"),
        form_name=_("Dave Purchase Memorial syringe services program survey"),
        issuer=_("North American Syringe Exchange Network (NASEN) with CDC"),
        frequency=_("Yearly, for the calendar year"),
        summary=_(
            "The figures the national survey asks for: syringes, naloxone, secondary "
            "exchange, staff, testing on site and treatment referral."
        ),
        html_template="reports/forms/nasen.html",
        default_period="year",
        network=True,
        sections=(
            SectionDef(
                "A",
                _("Syringes"),
                (
                    Items(
                        _("Syringe distribution and collection"),
                        (
                            Line("A1", _("Syringes distributed"), "syringes_given"),
                            Line("A2", _("Syringes collected"), "syringes_collected"),
                            Line("A3", _("Syringes disposed of"), None, NOT_SEPARATE),
                            Line("A4", _("Program size"), "program_size"),
                        ),
                    ),
                ),
            ),
            SectionDef(
                "B",
                _("Naloxone and other overdose reversal medications"),
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
                            Line("D6", _("Referrals to treatment (MOUD)"), None),
                            Line("D7", _("Information on treatment (MOUD) given"), "moud_info"),
                        ),
                    ),
                ),
            ),
        ),
    )
)

OEND = register(
    ReportTemplate(
        key="oend",
        title=_("Naloxone program (OEND) metrics"),
        form_name=_("Overdose education and naloxone distribution program metrics"),
        issuer=_("MMWR 2020;69:1117"),
        frequency=_("Quarterly"),
        summary=_(
            "Doses distributed, people reached, refills, days naloxone was offered, running "
            "out, and reversals."
        ),
        network=True,
        sections=(
            SectionDef(
                "1",
                _("Distribution"),
                (
                    Items(
                        _("Naloxone distributed"),
                        (
                            Line("1a", _("Doses distributed, refills included"), "naloxone_doses"),
                            Line("1b", _("Kits distributed"), "naloxone_kits"),
                            Line("1c", _("Visits where naloxone was given"), "naloxone_visits"),
                        ),
                    ),
                    Answers(_("2. Persons receiving naloxone"), "naloxone_recipients"),
                ),
            ),
            SectionDef(
                "3",
                _("Refills"),
                (
                    Items(_("Refills given"), (Line("3a", _("Refills"), "naloxone_refills"),)),
                    ByCategory(
                        _("3b. What happened to the previous kit"),
                        "kit_outcome",
                        ("naloxone_refills",),
                    ),
                ),
                wording=_("Refills are given as often as people ask for them."),
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
                                _("Days naloxone was offered in the past 28 days"),
                                "naloxone_days_offered",
                            ),
                            Line(
                                "4b",
                                _("Days a site ran out of naloxone"),
                                "naloxone_stockout_days",
                            ),
                        ),
                    ),
                    Answers(
                        _("4c. Participants who ran out or rationed in the past 3 months (survey)"),
                        "survey_naloxone_ran_out",
                    ),
                ),
            ),
            SectionDef(
                "5",
                _("Reversals"),
                (
                    Items(
                        _("Overdose reversals reported by participants"),
                        (Line("5a", _("Reversals reported"), "reversals"),),
                    ),
                    ByCategory(_("5b. Reversals by site"), "site", ("reversals",)),
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
