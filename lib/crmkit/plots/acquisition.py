"""Charts for winning customers (chapter 05): the funnel, costs, payback and a promotion.

Each function takes a frame computed by :mod:`crmkit.acquisition` and an
optional matplotlib ``ax``, and returns the ``Axes``.  Channel names, stages and
axis titles come from the glossary, so they follow ``ck.set_language``, or the
``language="en" | "zh"`` keyword for one chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from crmkit import validate
from crmkit.plots._labels import value_label
from crmkit.plots._style import PALETTE, finish, new_axes, with_language

__all__ = ["budget_chart", "cost_chart", "funnel_chart", "payback_chart", "promotion_chart"]

FUNNEL_STAGES = ("leads", "registered", "first_purchases", "repeat_buyers")


def _channel(value: object) -> str:
    return value_label("ui.channel_", value)


@validate.checked
@with_language
def funnel_chart(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The acquisition funnel: one line per channel through leads → … → repeat buyers.

    Takes :func:`crmkit.acquisition_funnel` computed with ``customers=`` and
    ``transactions=`` (it needs the columns of :data:`FUNNEL_STAGES`).  The
    counts are on a logarithmic axis, so equal slopes mean equal conversion
    rates whatever the size of the channel.

    >>> import crmkit as ck
    >>> funnel = ck.acquisition_funnel(ck.load_acquisition(), customers=ck.load_customers(),
    ...                                transactions=ck.load_transactions())
    >>> ax = ck.plots.acquisition.funnel_chart(funnel)
    """
    validate.frame(funnel, what="funnel")
    validate.columns(funnel, list(FUNNEL_STAGES))
    ax = new_axes(ax, figsize=(8.0, 4.2))
    x = np.arange(len(FUNNEL_STAGES))
    for i, (channel, row) in enumerate(funnel.iterrows()):
        counts = row[list(FUNNEL_STAGES)].to_numpy(dtype=float)
        ax.plot(x, np.where(counts > 0, counts, np.nan), marker="o",
                color=PALETTE[i % len(PALETTE)], label=_channel(channel))
        ax.annotate(f"{counts[-1]:,.0f}", (x[-1], counts[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xticks(x, [value_label("", s) for s in FUNNEL_STAGES])
    ax.set_xlim(-0.2, len(FUNNEL_STAGES) - 0.6)
    ax.legend(fontsize=8)
    return finish(ax, title="acquisition_funnel", ylabel="customers",
                  legend_title="acquisition_channel")


@validate.checked
@with_language
def cost_chart(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Cost per new customer beside cost per retained (repeat) customer, per channel.

    Takes :func:`crmkit.acquisition_funnel` with ``cost_per_customer`` and
    ``cost_per_retained``; channels sorted by the cost per retained customer.
    """
    validate.frame(funnel, what="funnel")
    validate.columns(funnel, ["cost_per_customer", "cost_per_retained"])
    ordered = funnel.sort_values("cost_per_retained", ascending=False)
    ax = new_axes(ax, figsize=(8.0, 3.8))
    y = np.arange(len(ordered))
    for offset, column, colour in ((0.2, "cost_per_customer", PALETTE[0]),
                                   (-0.2, "cost_per_retained", PALETTE[1])):
        values = ordered[column].to_numpy(dtype=float)
        ax.barh(y + offset, values, height=0.38, color=colour, label=value_label("", column))
        for yi, v in zip(y + offset, values, strict=True):
            ax.text(v, yi, f" {v:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, [_channel(c) for c in ordered.index])
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="lower right")
    return finish(ax, title="acquisition_cost", xlabel="ui.yuan_per_customer")


@validate.checked
@with_language
def payback_chart(curve: pd.DataFrame, cost: pd.Series, ax: Axes | None = None) -> Axes:
    """Cumulative margin per new customer by month, with each channel's cost as a dashed line.

    Takes :func:`crmkit.payback_curve` and the cost per new customer per
    channel (a Series indexed like the curve).  Where a line crosses its dashed
    cost line, the channel's customers have paid for themselves.
    """
    validate.frame(curve, what="payback curve")
    ax = new_axes(ax, figsize=(8.0, 4.2))
    months = np.asarray(curve.columns, dtype=float)
    for i, (channel, row) in enumerate(curve.iterrows()):
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(months, row.to_numpy(dtype=float), marker="o", markersize=3, color=colour,
                label=_channel(channel))
        if channel in cost.index:
            ax.axhline(float(cost[channel]), color=colour, linestyle="--", linewidth=1)
    ax.set_xticks(months)
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left")
    return finish(ax, title="payback_period", xlabel="ui.month_since_first_order",
                  ylabel="ui.cumulative_margin_per_customer", legend_title="acquisition_channel")


@validate.checked
@with_language
def promotion_chart(effect: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Spend per customer per month before, during and after a promotion, for both groups.

    Takes :func:`crmkit.promotion_effect`.
    """
    validate.frame(effect, what="promotion effect")
    periods = ["before", "during", "after"]
    validate.columns(effect, periods)
    ax = new_axes(ax, figsize=(7.0, 3.8))
    x = np.arange(len(periods))
    width = 0.8 / max(len(effect), 1)
    for i, (group, row) in enumerate(effect.iterrows()):
        values = row[periods].to_numpy(dtype=float)
        left = x - 0.4 + width * (i + 0.5)
        ax.bar(left, values, width=width * 0.95, color=PALETTE[i % len(PALETTE)],
               label=value_label("ui.group_", group))
        for xi, v in zip(left, values, strict=True):
            ax.text(xi, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [value_label("ui.period_", p) for p in periods])
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8)
    return finish(ax, title="ui.promotion_title", ylabel="ui.spend_per_customer_month")


@validate.checked
@with_language
def budget_chart(plan: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """First purchases and repeat customers a budget buys, per channel.

    Takes :func:`crmkit.budget_plan` (the ``total`` row is left out).
    """
    validate.frame(plan, what="budget plan")
    validate.columns(plan, ["first_purchases", "repeat_buyers"])
    rows = plan.drop(index="total", errors="ignore")
    ax = new_axes(ax, figsize=(7.0, 3.6))
    x = np.arange(len(rows))
    for offset, column, colour in ((-0.2, "first_purchases", PALETTE[0]),
                                   (0.2, "repeat_buyers", PALETTE[2])):
        values = rows[column].to_numpy(dtype=float)
        ax.bar(x + offset, values, width=0.38, color=colour, label=value_label("", column))
        for xi, v in zip(x + offset, values, strict=True):
            ax.text(xi, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [_channel(c) for c in rows.index])
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8)
    return finish(ax, title="ui.budget_title", ylabel="customers")
