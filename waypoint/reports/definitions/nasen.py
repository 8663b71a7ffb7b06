"""The CDC/NASEN Dave Purchase Memorial annual SSP survey."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Items, Line, ReportTemplate, SectionDef, register
from .notes import NO_DISPOSAL, NO_REFERRALS

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
                            Line("A3", _("Syringes disposed of"), None, NO_DISPOSAL),
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
