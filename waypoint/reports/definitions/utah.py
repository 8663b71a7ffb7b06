"""Utah's syringe exchange quarterly report (R386-900-5)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import Items, Line, ReportTemplate, SectionDef, register
from .notes import ANONYMOUS, NO_REFERRALS, SUPPORTING_SYRINGES, SUPPORTING_VISITS

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
