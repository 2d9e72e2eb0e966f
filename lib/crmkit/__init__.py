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

import importlib
from typing import Any

from crmkit.errors import CRMDataError
from crmkit.i18n import get_language, glossary, label, set_language, term

__version__ = "0.1.0"

# Public name -> module that defines it.  Loaded on first access (PEP 562).
_EXPORTS: dict[str, str] = {
    # sample data
    **dict.fromkeys(
        ["data_dir", "load_acquisition", "load_complaints", "load_customers",
         "load_customers_raw", "load_leads", "load_rice_households",
         "load_service_contacts", "load_survey", "load_transactions"],
        "crmkit.datasets",
    ),
    # customer value (chapter 04)
    **dict.fromkeys(
        ["COMPUTER_BUYERS", "RFM_SEGMENTS", "accumulation_table", "acquisition_cost", "clv",
         "clv_seed", "delivered_value", "lifetime_totals", "rfm_scores",
         "rfm_segment_summary"],
        "crmkit.value",
    ),
    # selecting and tiering customers (chapter 03)
    **dict.fromkeys(
        ["abc_classes", "cost_to_serve", "pareto_curve", "pyramid_tiers", "top_share",
         "value_matrix"],
        "crmkit.select",
    ),
    # identifying customers (chapter 02)
    **dict.fromkeys(
        ["MAN_ACTIONS", "data_quality_report", "deduplicate", "lead_points", "lead_score",
         "man_qualify", "mask_pii"],
        "crmkit.identify",
    ),
    # retention (chapters 01, 05, 06)
    **dict.fromkeys(
        ["churn_flags", "cohort_table", "expected_lifetime", "ladder_funnel",
         "retention_rate"],
        "crmkit.retention",
    ),
    # satisfaction (chapter 07)
    **dict.fromkeys(
        ["importance_performance", "nps", "satisfaction_curve", "score_summary", "top_box"],
        "crmkit.satisfaction",
    ),
    # loyalty (chapter 08)
    **dict.fromkeys(["loyalty_matrix", "programme_breakeven", "share_of_wallet"],
                    "crmkit.loyalty"),
    # complaints (chapter 09)
    **dict.fromkeys(
        ["cause_pareto", "complaint_times", "iceberg", "recovery_effect", "sla_breaches"],
        "crmkit.complaints",
    ),
    # learning tools (``ck.quiz("04")`` works because the module crmkit.quiz is callable)
    **dict.fromkeys(["check", "hint"], "crmkit.exercises"),
}

_SUBMODULES = {
    "complaints", "datasets", "exercises", "fonts", "i18n", "identify", "loyalty", "paths",
    "plots", "quiz", "retention", "satisfaction", "select", "synth", "validate", "value",
    "widgets",
}

__all__ = ["CRMDataError", "get_language", "glossary", "label", "quiz", "set_language", "term",
           *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"crmkit.{name}")
    raise AttributeError(f"module 'crmkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)
