"""West Virginia's syringe services program annual report (69 CSR 17-10.2.1)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import ByCategory, Items, Line, ReportTemplate, SectionDef, register
from .notes import ANONYMOUS, NO_DISPOSAL, NO_REFERRALS, SUPPORTING_VISITS

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
