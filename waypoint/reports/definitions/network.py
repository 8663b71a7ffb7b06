"""The network summary: totals across a network's programs, each person counted once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import ByCategory, Items, Line, Ratio, ReportTemplate, SectionDef, register

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
