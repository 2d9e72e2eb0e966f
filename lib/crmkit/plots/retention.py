"""Charts for keeping customers (chapter 06): cohorts, curves, churn rules, ties, programmes.

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

__all__ = ["churn_rule_chart", "cohort_heatmap", "programme_chart", "retention_curves",
           "tie_chart"]


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


@validate.checked
@with_language
def churn_rule_chart(backtest: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """How each inactivity rule for churn fares: :func:`crmkit.churn_rule_backtest`.

    Three lines against the rule (days without a purchase): the share flagged
    as churned, the share of the flagged who came back (false alarms) and the
    share of the unflagged who stayed away (missed or not yet back).
    """
    validate.frame(backtest, what="churn rule backtest")
    validate.columns(backtest, ["churn_rate", "came_back", "stayed_away"])
    ax = new_axes(ax, figsize=(7.0, 3.4))
    days = np.asarray(backtest.index, dtype=float)
    for i, column in enumerate(["churn_rate", "came_back", "stayed_away"]):
        ax.plot(days, backtest[column].to_numpy(dtype=float), marker="o",
                color=PALETTE[i], label=label(f"ui.rule_{column}"))
    ax.set_xticks(days)
    ax.set_ylim(0, 1)
    percent_axis(ax, "y")
    ax.legend(fontsize=8)
    return finish(ax, title="ui.churn_rule_title", xlabel="ui.inactive_days_rule",
                  ylabel="ui.share_of_customers")


@validate.checked
@with_language
def tie_chart(by_count: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Share of customers kept by their number of ties: :func:`crmkit.retention_by_tie_count`.

    One bar per number of ties, labelled with the share kept and the number of
    customers.
    """
    validate.frame(by_count, what="retention by number of ties")
    validate.columns(by_count, ["customers", "kept_share"])
    ax = new_axes(ax, figsize=(7.0, 3.2))
    x = np.asarray(by_count.index, dtype=float)
    shares = by_count["kept_share"].to_numpy(dtype=float)
    bars = ax.bar(x, np.nan_to_num(shares), color=PALETTE[0], width=0.6)
    for bar, share, n in zip(bars, shares, by_count["customers"].to_numpy(), strict=True):
        if np.isfinite(share):
            ax.text(bar.get_x() + bar.get_width() / 2, share, f"{share:.0%}\n(n={n:,})",
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [str(int(v)) for v in x])
    ax.set_ylim(0, min(1.0, max(0.1, float(np.nanmax(shares)) * 1.35)))
    percent_axis(ax, "y")
    ax.grid(axis="x", visible=False)
    return finish(ax, title="ui.mooring_ropes_title", xlabel="ui.number_of_ties",
                  ylabel="ui.kept_share")


@validate.checked
@with_language
def programme_chart(curve: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Customer value with a retention programme against the retention gain it brings.

    Takes :func:`crmkit.programme_curve`.  The solid line is the value *with*
    the programme at each gain; the dashed line the value without it; the
    dotted line marks the break-even gain and the dot the chosen gain.

    >>> import crmkit as ck
    >>> ax = ck.plots.retention.programme_chart(ck.programme_curve(0.6, 300, cost=30, gain=0.08))
    """
    validate.frame(curve, what="programme curve", made_by="ck.programme_curve(...)")
    validate.columns(curve, ["clv_with", "clv_without", "chosen", "break_even"])
    gains = np.asarray(curve.index, dtype=float)
    values = validate.numeric(curve, "clv_with", allow_negative=True).to_numpy()
    ax = new_axes(ax, figsize=(7.0, 3.4))
    ax.plot(gains, values, color=PALETTE[0], label=label("ui.value_with_programme"))
    ax.axhline(float(curve["clv_without"].iloc[0]), color=PALETTE[3], linestyle="--",
               label=label("ui.value_without_programme"))
    for need in gains[curve["break_even"].to_numpy(dtype=bool)]:
        ax.axvline(need, color="grey", linestyle=":", label=label("break_even_retention_gain"))
    chosen = curve["chosen"].to_numpy(dtype=bool)
    ax.plot(gains[chosen], values[chosen], "o", color=PALETTE[1], markersize=8)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x * 100:+.0f}")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(fontsize=8, loc="upper left")
    return finish(ax, title="ui.programme_title", xlabel="ui.retention_gain_points",
                  ylabel="customer_lifetime_value")
