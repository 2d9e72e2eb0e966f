"""crmkit: the helper library of the Customer Relationship Management workbook.

Import it as ``import crmkit as ck``.  Everything a notebook needs is one
attribute away: ``ck.load_transactions()``, ``ck.rfm_scores(...)``,
``ck.set_language("zh")``, ``ck.quiz("04")``, ``ck.check("04.rfm", answer)``.
Charts live in ``ck.plots``.  ``help(ck.rfm_scores)`` explains any function.

Modules, one idea each: ``datasets`` and ``synth`` (sample data), ``validate``
(input checks), ``value``, ``select``, ``identify``, ``retention``,
``satisfaction``, ``loyalty``, ``complaints`` (the calculations the course
teaches), ``plots``, ``widgets``, ``i18n``, ``quiz``, ``exercises``.

Heavy modules load on first use, so ``import crmkit`` stays fast.
"""

from __future__ import annotations

from crmkit import _lazy
from crmkit.errors import CRMDataError
from crmkit.i18n import get_language, glossary, label, set_language, term

__version__ = "0.1.0"

# Public name -> module that defines it.  Loaded on first access (PEP 562).
_EXPORTS = _lazy.exports(
    {
        # sample data
        "datasets": """data_dir load_acquisition load_complaints load_customers
            load_customers_raw load_leads load_rice_households load_service_contacts
            load_survey load_transactions""",
        # identifying customers (chapter 02)
        "identify": """MAN_ACTIONS DEFAULT_LEAD_POINTS LEAD_BANDS clean_city clean_name
            clean_phone data_quality_report deduplicate lead_points lead_score man_qualify
            man_table mask_pii""",
        # selecting and tiering customers (chapter 03)
        "select": """PYRAMID_TIERS VALUE_QUADRANTS abc_classes abc_summary cost_to_serve
            pareto_curve pyramid_summary pyramid_tiers top_share value_matrix value_quadrants""",
        # customer value (chapter 04)
        "value": """COMPUTER_BUYERS RFM_SEGMENTS accumulation_display accumulation_table
            acquisition_cost clv clv_seed clv_table delivered_value lifetime_totals rfm_scores
            rfm_segment_map rfm_segment_summary""",
        # the customer ladder (chapter 01)
        "ladder": "LADDER_STAGES customer_ladder ladder_funnel",
        # winning customers (chapter 05)
        "acquisition": "acquisition_funnel payback_period",
        # keeping customers (chapter 06)
        "retention": """churn_flags cohort_table expected_lifetime retention_curve
            retention_from_counts retention_rate retention_value""",
        # satisfaction (chapter 07)
        "satisfaction": """QUADRANTS importance_performance nps satisfaction_curve
            score_distribution score_summary top_box""",
        # loyalty (chapter 08)
        "loyalty": """LOYALTY_CLASSES loyalty_counts loyalty_matrix programme_breakeven
            share_of_wallet""",
        # complaints (chapter 09)
        "complaints": """cause_pareto complaint_times iceberg recovery_effect
            repeat_complainers sla_breaches sla_flags""",
        # learning tools (``ck.quiz("04")`` works because the module crmkit.quiz is callable)
        "exercises": "check hint",
    },
    "crmkit",
)

_SUBMODULES = {
    "acquisition", "cases", "chapters", "complaints", "datasets", "exercises", "fonts", "i18n",
    "identify", "ladder", "loyalty", "paths", "plots", "quiz", "retention", "satisfaction",
    "select", "synth", "validate", "value", "widgets",
}

# "quiz" is the callable submodule crmkit.quiz, loaded through _SUBMODULES.
__all__ = ["CRMDataError", "get_language", "glossary", "label", "quiz",  # noqa: F822
           "set_language", "term", *sorted(_EXPORTS)]


__getattr__, __dir__ = _lazy.attach(globals(), _EXPORTS, _SUBMODULES)
