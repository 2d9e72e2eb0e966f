"""Charts for customer value (chapter 04): RFM heatmap and segments, CLV curve, accumulation.

Each function takes a frame computed by :mod:`crmkit.value` and an optional
matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, SEQUENTIAL, finish, new_axes, with_language
from crmkit.value import RFM_SEGMENTS

__all__ = ["accumulation_chart", "clv_curve", "rfm_heatmap", "segment_bars"]

_SEGMENT_KEYS = {s.name: s.key for s in RFM_SEGMENTS}


def _segment_label(name: object) -> str:
    """The translated name of an RFM segment (unknown names are shown as they are)."""
    key = _SEGMENT_KEYS.get(str(name))
    return label(key) if key else str(name)


@validate.checked
@with_language
def rfm_heatmap(scores: pd.DataFrame, ax: Axes | None = None, *,
                value: str = "monetary") -> Axes:
    """Heatmap of R (rows, 5 at the top) by F (columns) from :func:`crmkit.rfm_scores`.

    ``value="monetary"`` (default) colours each cell by the customers' mean
    spend; ``value="customers"`` by how many customers fall in it; any other
    numeric column by its mean.  Empty cells stay blank.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
    ...     "order_date": ["2025-01-05", "2025-03-01", "2025-02-10", "2024-11-20"],
    ...     "revenue": [120.0, 80.0, 60.0, 500.0]})
    >>> ax = ck.plots.value.rfm_heatmap(ck.rfm_scores(orders))
    """
    validate.frame(scores, what="RFM scores")
    needed = ["R", "F"] + ([] if value == "customers" else [value])
    validate.columns(scores, needed)
    r = validate.numeric(scores, "R", integer=True).astype(int)
    f = validate.numeric(scores, "F", integer=True).astype(int)
    bins = int(max(r.max(), f.max(), 1))
    if value == "customers":
        cells = pd.crosstab(r, f)
    else:
        numbers = validate.numeric(scores, value, allow_negative=True)
        cells = numbers.groupby([r, f]).mean().unstack()
    grid = cells.reindex(index=range(bins, 0, -1), columns=range(1, bins + 1))
    values = grid.to_numpy(dtype=float, na_value=np.nan)
    if value == "customers":
        values = np.where(values == 0, np.nan, values)
    ax = new_axes(ax, figsize=(6.5, 5.0))
    image = ax.imshow(np.ma.masked_invalid(values), cmap=SEQUENTIAL, aspect="auto",
                      interpolation="nearest")
    ax.grid(False)
    ax.set_xticks(range(bins), [str(i) for i in range(1, bins + 1)])
    ax.set_yticks(range(bins), [str(i) for i in range(bins, 0, -1)])
    bar = ax.figure.colorbar(image, ax=ax)
    known = value in ("customers", "monetary", "recency_days", "frequency")
    bar.set_label(label(value) if known else str(value))
    finite = values[np.isfinite(values)]
    top = finite.max() if finite.size else 0
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(j, i, f"{v:,.0f}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 * top else "black")
    return finish(ax, title="rfm", xlabel="f_score", ylabel="r_score")


@validate.checked
@with_language
def segment_bars(scores: pd.DataFrame, ax: Axes | None = None, *,
                 segment: str = "segment") -> Axes:
    """Horizontal bars: customers per RFM segment, best segment at the top, with shares.

    Takes :func:`crmkit.rfm_scores` (one row per customer) or
    :func:`crmkit.rfm_segment_summary` (with a ``customers`` column).
    """
    validate.frame(scores, what="RFM scores")
    validate.columns(scores, {"segment": segment})
    if "customers" in scores.columns and not scores[segment].duplicated().any():
        counts = pd.Series(validate.numeric(scores, "customers").to_numpy(),
                           index=scores[segment].astype(str).to_numpy())
    else:
        counts = scores[segment].astype(str).value_counts()
    order = [s.name for s in RFM_SEGMENTS if s.name in counts.index]
    order += sorted(s for s in counts.index if s not in order)
    counts = counts.reindex(order)
    total = counts.sum()
    if total <= 0:
        raise CRMDataError("there are no customers to draw.",
                           zh="没有可以绘制的客户。")
    ax = new_axes(ax, figsize=(7.0, 4.5))
    y = np.arange(len(counts))[::-1]
    ax.barh(y, counts.to_numpy(), color=PALETTE[0])
    ax.set_yticks(y, [_segment_label(s) for s in counts.index])
    for yi, v in zip(y, counts.to_numpy(), strict=True):
        ax.text(v, yi, f" {v:,.0f} ({v / total:.0%})", va="center", fontsize=8)
    ax.set_xlim(0, counts.max() * 1.25)
    ax.grid(axis="y", visible=False)
    return finish(ax, title="rfm_segment", xlabel="customers")


@validate.checked
@with_language
def clv_curve(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """CLV against the number of periods counted, from :func:`crmkit.clv_table`,
    with the unlimited-horizon value as a dashed line."""
    validate.frame(table, what="CLV table")
    validate.columns(table, ["period", "clv", "clv_limit"])
    period = validate.numeric(table, "period")
    value = validate.numeric(table, "clv", allow_negative=True)
    limit = validate.numeric(table, "clv_limit", allow_negative=True,
                             allow_missing=True)
    ax = new_axes(ax)
    ax.plot(period, value, marker="o", markersize=3, color=PALETTE[0],
            label=label("customer_lifetime_value"))
    if limit.notna().any():
        ax.axhline(float(limit.iloc[0]), linestyle="--", color=PALETTE[3],
                   label=label("clv_limit"))
    ax.legend(loc="lower right")
    return finish(ax, title="customer_lifetime_value", xlabel="period",
                  ylabel="customer_lifetime_value")


@validate.checked
@with_language
def accumulation_chart(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Shop A and shop B customers as customers move from A to B, from
    :func:`crmkit.accumulation_table`, with the ratio B / A written over each pair."""
    validate.frame(table, what="accumulation table")
    validate.columns(table, ["moved", "a_customers", "b_customers", "b_to_a"])
    moved = validate.numeric(table, "moved").to_numpy()
    a = validate.numeric(table, "a_customers").to_numpy()
    b = validate.numeric(table, "b_customers").to_numpy()
    ratio = validate.numeric(table, "b_to_a").to_numpy()
    ax = new_axes(ax)
    x = np.arange(len(moved))
    ax.bar(x - 0.2, a, width=0.4, color=PALETTE[0], label=label("shop_a"))
    ax.bar(x + 0.2, b, width=0.4, color=PALETTE[1], label=label("shop_b"))
    for xi, top, q in zip(x, np.maximum(a, b), ratio, strict=True):
        ax.text(xi, top, f"{q:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [f"{m:g}" for m in moved])
    ax.set_ylim(0, np.maximum(a, b).max() * 1.15)
    ax.legend(loc="upper left")
    ax.grid(axis="x", visible=False)
    return finish(ax, title="accumulation_effect", xlabel="customers_moved",
                  ylabel="customers")

