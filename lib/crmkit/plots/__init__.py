"""Charts for every chapter; each takes a computed frame and an optional ``ax``.

Plot functions live in one module per area and share the look defined in
:mod:`crmkit.plots._style`.  Every one returns the matplotlib ``Axes`` so you
can add to it, and every label follows ``ck.set_language``::

    scores = ck.rfm_scores(ck.load_transactions())
    ax = ck.plots.rfm_heatmap(scores)

The area modules load on first use (``ck.plots.rfm_heatmap`` imports
``crmkit.plots.value``), so ``import crmkit`` does not pay for matplotlib.
"""

from __future__ import annotations

from crmkit import _lazy
from crmkit.plots._style import PALETTE, apply_style, finish, new_axes, percent_axis

_EXPORTS = _lazy.exports(
    {
        "identify": "data_quality_chart lead_band_chart",
        "select": """abc_chart cost_to_serve_chart cost_waterfall pareto_chart pyramid_chart
            value_matrix_chart""",
        "value": "accumulation_chart clv_curve rfm_heatmap segment_bars",
        "ladder": "ladder_funnel",
        "retention": "cohort_heatmap retention_curves",
        "satisfaction": "importance_performance_grid nps_bar satisfaction_curve score_distribution",
        "loyalty": "loyalty_matrix",
        "complaints": "cause_pareto iceberg response_time_histogram",
    },
    "crmkit.plots",
)
_AREAS = {"complaints", "identify", "ladder", "loyalty", "retention", "satisfaction",
          "select", "value"}

__all__ = ["PALETTE", "apply_style", "finish", "new_axes", "percent_axis", *sorted(_EXPORTS)]


__getattr__, __dir__ = _lazy.attach(globals(), _EXPORTS, _AREAS)
