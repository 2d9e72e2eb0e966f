"""Interactive explorers for the notebooks' *Try it* sections.

Each explorer is a thin ipywidgets layer over pure ``crmkit`` functions (the
tests call those directly): moving a slider recomputes and redraws.  Every
explorer also prints a plain-text result, so a notebook read without a live
kernel still shows what the widget computes.

>>> import crmkit as ck
>>> explorer = ck.widgets.clv_explorer()      # doctest: +SKIP
"""

from __future__ import annotations

from crmkit import _lazy

_EXPORTS = _lazy.exports(
    {
        "value": "AccumulationExplorer ClvExplorer accumulation_explorer clv_explorer",
    },
    "crmkit.widgets",
)

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = _lazy.attach(globals(), _EXPORTS, {"value"})
