"""The naloxone (OEND) program metrics of MMWR 2020;69:1117."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, ReportTemplate, SectionDef, register
from .notes import NO_DEATHS, PRACTICE

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
