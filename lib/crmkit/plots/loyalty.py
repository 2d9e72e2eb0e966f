"""Charts for customer loyalty (chapter 08): Dick & Basu's 2 × 2 matrix.

The function takes a frame computed by :mod:`crmkit.loyalty` and an optional
matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import SEQUENTIAL, finish, new_axes, with_language

__all__ = ["loyalty_matrix"]

_CELLS = (("true_loyalty", "latent_loyalty"), ("spurious_loyalty", "no_loyalty"))


@validate.checked
@with_language
def loyalty_matrix(counts: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Dick & Basu's matrix: relative attitude (rows) × repeat patronage (columns).

    Takes the 2 × 2 counts of :func:`crmkit.loyalty_counts` (made from the
    per-customer :func:`crmkit.loyalty_matrix`); each cell shows the class,
    the number of customers and their share.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> m = pd.DataFrame({"high_attitude": [True, True, False, False],
    ...                   "high_patronage": [True, False, True, False]})
    >>> ax = ck.plots.loyalty.loyalty_matrix(ck.loyalty_counts(m))
    """
    validate.frame(counts, what="loyalty counts", made_by="ck.loyalty_counts(matrix)")
    if "high_attitude" in counts.columns:
        raise CRMDataError(
            "the chart draws the 2 × 2 counts, but got one row per customer (the result of "
            "ck.loyalty_matrix). Fix: count them first: "
            "`ck.plots.loyalty_matrix(ck.loyalty_counts(matrix))`.",
            zh="这张图绘制的是 2 × 2 的计数表，但收到的是每位客户一行的表"
               "（ck.loyalty_matrix 的结果）。修正（Fix）：先计数："
               "`ck.plots.loyalty_matrix(ck.loyalty_counts(matrix))`。"
        )
    if counts.shape != (2, 2):
        raise CRMDataError(
            f"the chart draws a 2 × 2 table of counts, but got {counts.shape[0]} × "
            f"{counts.shape[1]}. Fix: pass `ck.loyalty_counts(matrix)`.",
            zh=f"这张图绘制 2 × 2 的计数表，但收到的是 {counts.shape[0]} × "
               f"{counts.shape[1]}。修正（Fix）：传入 `ck.loyalty_counts(matrix)`。"
        )
    counts = np.column_stack([validate.numeric(counts, c).to_numpy() for c in counts.columns])
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
