"""The SHaRP SSP indicators (University of Washington, CDC-funded technical assistance)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Answers, ByCategory, Items, Line, ReportTemplate, SectionDef, register
from .notes import NARRATIVE, NOT_ASKED

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
