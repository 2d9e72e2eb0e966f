"""Charts for customer loyalty (chapter 08): Dick & Basu's 2 × 2 matrix.

The function takes a frame computed by :mod:`crmkit.loyalty` and an optional
matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.i18n import label
from crmkit.loyalty import loyalty_counts
from crmkit.plots._style import SEQUENTIAL, finish, new_axes, with_language

__all__ = ["loyalty_matrix"]

_CELLS = (("true_loyalty", "latent_loyalty"), ("spurious_loyalty", "no_loyalty"))


@validate.checked
@with_language
def loyalty_matrix(data: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Dick & Basu's matrix: relative attitude (rows) × repeat patronage (columns).

    Takes the per-customer result of :func:`crmkit.loyalty_matrix` or the
    2 × 2 counts of :func:`crmkit.loyalty_counts`; each cell shows the class,
    the number of customers and their share.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> m = pd.DataFrame({"high_attitude": [True, True, False, False],
    ...                   "high_patronage": [True, False, True, False]})
    >>> ax = ck.plots.loyalty.loyalty_matrix(m)
    """
    validate.frame(data, what="loyalty matrix")
    if "high_attitude" in data.columns:
        data = loyalty_counts(data)
    counts = data.to_numpy(dtype=float)
    if counts.shape != (2, 2):
        validate.columns(data, ["high_attitude", "high_patronage"])
    total = counts.sum()
    ax = new_axes(ax, figsize=(6.0, 5.0))
    ax.imshow(counts, cmap=SEQUENTIAL, vmin=0, vmax=max(total, 1))
    ax.grid(False)
    for i in range(2):
        for j in range(2):
            share = counts[i, j] / total if total else np.nan
            text = f"{label(_CELLS[i][j])}\n{counts[i, j]:,.0f}"
            if np.isfinite(share):
                text += f" ({share:.0%})"
            ax.text(j, i, text, ha="center", va="center", fontsize=10,
                    color="white" if total and counts[i, j] > 0.5 * total else "black")
    ticks = [label("ui.high"), label("ui.low")]
    ax.set_xticks([0, 1], ticks)
    ax.set_yticks([0, 1], ticks)
    return finish(ax, title="loyalty_matrix", xlabel="repeat_patronage",
                  ylabel="relative_attitude")
