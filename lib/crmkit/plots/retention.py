"""Charts for keeping customers (chapter 06): cohorts and retention curves.

Each function takes a frame computed by :mod:`crmkit.retention` and an
optional matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, SEQUENTIAL, finish, new_axes, percent_axis, with_language

__all__ = ["cohort_heatmap", "retention_curves"]


def _every(n: int, most: int = 12) -> int:
    """Step that shows at most ``most`` tick labels out of ``n``."""
    return max(1, int(np.ceil(n / most)))


@validate.checked
@with_language
def cohort_heatmap(table: pd.DataFrame, ax: Axes | None = None, *,
                   annotate: bool | None = None) -> Axes:
    """Heatmap of :func:`crmkit.cohort_table`: cohorts down, months since first purchase across.

    Rates (``kind="rate"``) are coloured from 0 to 100 %; counts on their own
    scale.  Cells a cohort has not reached yet stay blank.  ``annotate``
    writes the value in each cell (default: when the table is small).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                        "order_date": ["2024-01-05", "2024-02-10", "2024-01-20"]})
    >>> ax = ck.plots.retention.cohort_heatmap(ck.cohort_table(orders))
    """
    validate.frame(table, what="cohort table")
    values = table.to_numpy(dtype=float, na_value=np.nan)
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        raise CRMDataError("the cohort table has no values to draw.",
                           zh="同期群表中没有可以绘制的数值。")
    is_rate = bool(finite.max() <= 1.0 and np.allclose(values[:, 0], 1.0))
    ax = new_axes(ax, figsize=(9.0, 5.5))
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=SEQUENTIAL,
                      vmin=0, vmax=1 if is_rate else None, interpolation="nearest")
    ax.grid(False)
    rows, cols = values.shape
    xs = np.arange(0, cols, _every(cols, 18))
    ys = np.arange(0, rows, _every(rows, 18))
    ax.set_xticks(xs, [str(table.columns[i]) for i in xs])
    ax.set_yticks(ys, [str(table.index[i]) for i in ys])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(label("retention_rate" if is_rate else "customers"))
    if is_rate:
        percent_axis(bar.ax, "y")
    if annotate is None:
        annotate = rows * cols <= 150
    if annotate:
        top = finite.max()
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                text = f"{v:.0%}" if is_rate else f"{v:.0f}"
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if v > 0.6 * top else "black")
    return finish(ax, title="cohort_retention", xlabel="months_since_first_purchase",
                  ylabel="acquisition_cohort")


@validate.checked
@with_language
def retention_curves(curves: pd.DataFrame, ax: Axes | None = None, *,
                     legend_title: str | None = None) -> Axes:
    """Retention curves: share still buying against months since the first purchase.

    Takes :func:`crmkit.retention_curve` (one line per group) or a rate
    :func:`crmkit.cohort_table` (one line per cohort).  ``legend_title`` is a
    glossary key for the legend heading.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                        "order_date": ["2024-01-05", "2024-02-10", "2024-01-20"]})
    >>> ax = ck.plots.retention.retention_curves(ck.retention_curve(orders))
    """
    validate.frame(curves, what="retention curves")
    if curves.index.name == "cohort":
        curves = curves.T
        legend_title = legend_title or "acquisition_cohort"
    ax = new_axes(ax)
    x = np.asarray(curves.index, dtype=float)
    for i, column in enumerate(curves.columns):
        y = curves[column].to_numpy(dtype=float, na_value=np.nan)
        name = label("ui.all_customers") if str(column) == "all" else str(column)
        ax.plot(x, y, marker="o", markersize=3, color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_ylim(0, 1.05)
    percent_axis(ax, "y")
    if 1 < curves.shape[1] <= 12:
        ax.legend()
    return finish(ax, title="retention_curve", xlabel="months_since_first_purchase",
                  ylabel="retention_rate", legend_title=legend_title)
