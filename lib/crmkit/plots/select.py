"""Charts for selecting and tiering customers (chapter 03).

Pareto curve with the 80/20 marker, ABC bars, the customer pyramid, the value
matrix and cost to serve.  Each function takes a frame computed by
:mod:`crmkit.select` and an optional matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, percent_axis, with_language
from crmkit.select import PYRAMID_TIERS, VALUE_QUADRANTS

__all__ = ["abc_chart", "cost_to_serve_chart", "cost_waterfall", "pareto_chart",
           "profit_decile_chart", "pyramid_chart", "value_matrix_chart"]

_NAME_KEYS = {t[0]: t[2] for t in PYRAMID_TIERS} | {q[0]: q[3] for q in VALUE_QUADRANTS}


def _name(value: object) -> str:
    """Translated tier or quadrant name; other names (A, B, C, your own) as they are."""
    key = _NAME_KEYS.get(str(value))
    return label(key) if key else str(value)


@validate.checked
@with_language
def pareto_chart(curve: pd.DataFrame, ax: Axes | None = None, *, mark: float = 0.8) -> Axes:
    """The Pareto curve from :func:`crmkit.pareto_curve`, with the line of equal shares
    and a marker where the best customers reach ``mark`` (80%) of revenue.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> sales = pd.DataFrame({"customer_id": list("abcde"),
    ...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
    >>> ax = ck.plots.select.pareto_chart(ck.pareto_curve(sales))
    """
    validate.frame(curve, what="Pareto curve")
    mark = validate.fraction(mark, "mark")
    x = np.concatenate([[0.0], validate.numeric(curve, "cum_customer_share")])
    y = np.concatenate([[0.0], validate.numeric(curve, "cum_revenue_share")])
    ax = new_axes(ax, figsize=(6.0, 5.0))
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label=label("ui.equal_shares"))
    ax.plot(x, y, color=PALETTE[0], linewidth=2, label=label("pareto_curve"))
    reach = float(np.interp(mark, y, x))  # customer share at which revenue reaches `mark`
    ax.plot([reach, reach, 0], [0, mark, mark], linestyle="--", color=PALETTE[3])
    ax.scatter([reach], [mark], color=PALETTE[3], zorder=3)
    ax.annotate(f"{reach:.0%} → {mark:.0%}", (reach, mark), textcoords="offset points",
                xytext=(8, -14), color=PALETTE[3])
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return finish(ax, title="pareto_curve", xlabel="cum_customer_share",
                  ylabel="cum_revenue_share")


def _shares_chart(summary: pd.DataFrame, by: str, ax: Axes | None,
                  title: str) -> Axes:
    validate.frame(summary, what="summary")
    validate.columns(summary, {"by": by, "customer_share": "customer_share",
                               "revenue_share": "revenue_share"})
    customers = validate.numeric(summary, "customer_share").to_numpy()
    revenue = validate.numeric(summary, "revenue_share").to_numpy()
    ax = new_axes(ax)
    x = np.arange(len(summary))
    ax.bar(x - 0.2, customers, width=0.4, color=PALETTE[0], label=label("customer_share"))
    ax.bar(x + 0.2, revenue, width=0.4, color=PALETTE[1], label=label("revenue_share"))
    for xi, c, r in zip(x, customers, revenue, strict=True):
        ax.text(xi - 0.2, c, f"{c:.0%}", ha="center", va="bottom", fontsize=8)
        ax.text(xi + 0.2, r, f"{r:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [_name(v) for v in summary[by]])
    ax.set_ylim(0, max(customers.max(initial=0), revenue.max(initial=0), 0.01) * 1.15)
    percent_axis(ax, "y")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper right")
    return finish(ax, title=title, ylabel="share")


@with_language
def abc_chart(summary: pd.DataFrame, ax: Axes | None = None, *, by: str = "abc_class") -> Axes:
    """Share of customers and share of revenue per ABC class, from :func:`crmkit.abc_summary`."""
    ax = _shares_chart(summary, by, ax, "abc_analysis")
    ax.set_xlabel(label("abc_class"))
    return ax


@validate.checked
@with_language
def pyramid_chart(summary: pd.DataFrame, ax: Axes | None = None, *, by: str = "tier") -> Axes:
    """The customer pyramid from :func:`crmkit.pyramid_summary`: top tier at the top.

    Every tier gets the same height; the width grows from top to bottom, and
    each band is labelled with its name, number of customers and share of
    revenue — few customers at the top, much of the revenue.
    """
    validate.frame(summary, what="pyramid summary")
    validate.columns(summary, {"by": by, "customers": "customers",
                               "revenue_share": "revenue_share"})
    customers = validate.numeric(summary, "customers").to_numpy()
    revenue = validate.numeric(summary, "revenue_share").to_numpy()
    n = len(summary)
    if n == 0:
        raise CRMDataError("the summary has no tiers to draw.",
                           zh="汇总表中没有可以绘制的客户层级。")
    ax = new_axes(ax, figsize=(7.0, 4.5))
    widths = (np.arange(n) + 1) / n
    y = np.arange(n)[::-1]
    for yi, w, colour in zip(y, widths, PALETTE, strict=False):
        ax.fill([-w / 2, w / 2, w / 2 * (1 - 0.5 / n), -w / 2 * (1 - 0.5 / n)],
                [yi - 0.45, yi - 0.45, yi + 0.45, yi + 0.45], color=colour, alpha=0.85)
    for yi, name, c, r in zip(y, summary[by], customers, revenue, strict=True):
        ax.text(0, yi, f"{_name(name)}\n{c:,.0f} · {r:.0%} {label('revenue')}",
                ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.55, 0.55)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_axis_off()
    return finish(ax, title="customer_pyramid")


@validate.checked
@with_language
def value_matrix_chart(matrix: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Current value × potential value from :func:`crmkit.value_matrix`: one dot per
    customer coloured by quadrant, the threshold lines, and the count of each quadrant.

    Spend is long-tailed (a few customers spend a hundred times the median), so both
    axes are symmetric-log: linear near zero, logarithmic beyond, and every customer,
    including those with zero potential, stays visible."""
    validate.frame(matrix, what="value matrix")
    validate.columns(matrix, ["current_value", "potential_value", "quadrant",
                              "current_threshold", "potential_threshold"])
    current = validate.numeric(matrix, "current_value").to_numpy()
    potential = validate.numeric(matrix, "potential_value").to_numpy()
    cut_x = float(validate.numeric(matrix, "current_threshold").iloc[0])
    cut_y = float(validate.numeric(matrix, "potential_threshold").iloc[0])
    quadrant = matrix["quadrant"].astype(str).to_numpy()
    ax = new_axes(ax, figsize=(6.5, 5.5))
    size = 6 if len(matrix) > 2000 else 18
    for i, q in enumerate(VALUE_QUADRANTS):
        chosen = quadrant == q[0]
        count = int(chosen.sum())
        ax.scatter(current[chosen], potential[chosen], s=size, alpha=0.5,
                   color=PALETTE[i], label=f"{_name(q[0])} ({count:,})")
    ax.axvline(cut_x, color="grey", linestyle="--", linewidth=1)
    ax.axhline(cut_y, color="grey", linestyle="--", linewidth=1)
    linear_up_to = max(1.0, min(cut_x, cut_y) / 2)
    ax.set_xscale("symlog", linthresh=linear_up_to)
    ax.set_yscale("symlog", linthresh=linear_up_to)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8)
    return finish(ax, title="customer_value_matrix", xlabel="current_value",
                  ylabel="potential_value", legend_title="ui.quadrant")


_STEPS = ("return_cost", "bad_debt", "service_cost")


@validate.checked
@with_language
def cost_waterfall(costs: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Waterfall from gross margin to net value, summed over the customers in
    :func:`crmkit.cost_to_serve` (pass a subset of rows for one group or one customer)."""
    validate.frame(costs, what="cost-to-serve table")
    validate.columns(costs, ["gross_margin", *_STEPS, "net_value"])
    start = float(validate.numeric(costs, "gross_margin",
                                   allow_negative=True).sum())
    steps = [float(validate.numeric(costs, c, allow_negative=True).sum())
             for c in _STEPS]
    net = float(validate.numeric(costs, "net_value", allow_negative=True).sum())
    ax = new_axes(ax)
    names = ["gross_margin", *_STEPS, "net_value"]
    ax.bar(0, start, color=PALETTE[0])
    ax.text(0, max(start, 0), f"{start:,.0f}", ha="center", va="bottom", fontsize=8)
    level = start
    for i, step in enumerate(steps, start=1):
        ax.bar(i, -step, bottom=level, color=PALETTE[3])
        ax.text(i, max(level, level - step), f"{-step:,.0f}", ha="center", va="bottom",
                fontsize=8)
        level -= step
    last = len(names) - 1
    ax.bar(last, net, color=PALETTE[2] if net >= 0 else PALETTE[3])
    ax.text(last, max(net, 0), f"{net:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)), [label(n) for n in names], rotation=15)
    ax.grid(axis="x", visible=False)
    return finish(ax, title="cost_to_serve", ylabel="ui.yuan")


@validate.checked
@with_language
def cost_to_serve_chart(costs: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Revenue against net value per customer from :func:`crmkit.cost_to_serve`;
    customers below the zero line cost more than they bring."""
    validate.frame(costs, what="cost-to-serve table")
    validate.columns(costs, ["revenue", "net_value"])
    revenue = validate.numeric(costs, "revenue").to_numpy()
    net = validate.numeric(costs, "net_value", allow_negative=True).to_numpy()
    losing = net < 0
    ax = new_axes(ax)
    size = 6 if len(costs) > 2000 else 18
    ax.scatter(revenue[~losing], net[~losing], s=size, alpha=0.5, color=PALETTE[0],
               label=f"{label('profitable_customer')} ({int((~losing).sum()):,})")
    ax.scatter(revenue[losing], net[losing], s=size, alpha=0.7, color=PALETTE[3],
               label=f"{label('unprofitable_customer')} ({int(losing.sum()):,})")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.legend(loc="upper left", fontsize=8)
    return finish(ax, title="cost_to_serve", xlabel="revenue", ylabel="net_value")


@validate.checked
@with_language
def profit_decile_chart(deciles: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Net value per decile from :func:`crmkit.profit_deciles` (bars, losses in red) and
    the cumulative share of the total net value (line, right axis): the "whale curve"
    that climbs above 100% and falls back where customers lose money."""
    validate.frame(deciles, what="profit deciles")
    validate.columns(deciles, ["decile", "net_value", "cum_net_share"])
    net = validate.numeric(deciles, "net_value", allow_negative=True).to_numpy()
    cum = validate.numeric(deciles, "cum_net_share", allow_negative=True).to_numpy()
    x = deciles["decile"].astype(str).to_numpy()
    ax = new_axes(ax, figsize=(7.5, 4.0))
    ax.bar(x, net, color=[PALETTE[3] if v < 0 else PALETTE[0] for v in net])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.grid(axis="x", visible=False)
    right = ax.twinx()
    right.plot(x, cum, color=PALETTE[1], marker="o", label=label("cum_net_share"))
    right.axhline(1, color=PALETTE[1], linestyle=":", linewidth=1)
    right.set_ylim(min(0.0, float(cum.min())) - 0.05, max(1.0, float(cum.max())) * 1.1)
    percent_axis(right, "y")
    right.grid(False)
    right.legend(loc="center right", fontsize=8)
    right.set_ylabel(label("cum_net_share"))
    return finish(ax, title="ui.profit_by_decile", xlabel="decile", ylabel="net_value")
