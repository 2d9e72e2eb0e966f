"""Charts for every chapter; each takes a computed frame and an optional ``ax``.

Plot functions live in one module per course topic (``plots/value.py`` draws
what ``crmkit.value`` computes) and share the look defined in
:mod:`crmkit.plots._style`.  Every one returns the matplotlib ``Axes`` so you
can add to it, and every label follows ``ck.set_language``::

    scores = ck.rfm_scores(ck.load_transactions())
    ax = ck.plots.rfm_heatmap(scores)

Every name a topic module lists in ``__all__`` is here too
(``ck.plots.rfm_heatmap`` is ``ck.plots.value.rfm_heatmap``).  ``import crmkit``
does not load this package (nor matplotlib) until ``ck.plots`` is first used.
"""

from __future__ import annotations

from crmkit import _areas
from crmkit.plots._style import PALETTE, apply_style, finish, new_axes, percent_axis

#: topic -> the chart names of plots/<topic>.py (each one is ``ck.plots.<name>``)
AREAS = _areas.gather(globals())

__all__ = ["PALETTE", "apply_style", "finish", "new_axes", "percent_axis"]
__all__ += [name for names in AREAS.values() for name in names]
