"""Charts for case study 4, Firing customers (舍弃客户).

* :func:`margin_chart` — care calls against net margin, one dot per subscriber
  (from :func:`crmkit.cases.firing.service_margins`), the ones below the line in
  red;
* :func:`options_chart` — profit and subscribers lost for the three courses of
  action (from :func:`crmkit.cases.firing.options`).

Each takes the computed frame and an optional ``ax``, returns the ``Axes``, and
takes its visible text from :func:`crmkit.i18n.label`, so
``ck.set_language("zh")`` turns it Chinese.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmkit.cases import firing
>>> from crmkit.cases.firing import plots as firing_plots
>>> ax = firing_plots.margin_chart(firing.service_margins(firing.subscribers(n=100)))
>>> ax.get_title()
'Net margin after care calls and bad debt'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, with_language

__all__ = ["margin_chart", "options_chart"]


@validate.checked
@with_language
def margin_chart(margins: pd.DataFrame, ax: Axes | None = None, *,
                 threshold: float = 0.0) -> Axes:
    """Care calls (symmetric-log axis) against net margin per subscriber.

    Subscribers whose net margin is below ``threshold`` (the ones a firing plan
    would let go) are drawn in red, with their count in the legend."""
    validate.frame(margins, what="service margins")
    validate.columns(margins, ["care_calls", "net_margin"])
    calls = validate.numeric(margins, "care_calls").to_numpy()
    net = validate.numeric(margins, "net_margin", allow_negative=True).to_numpy()
    line = validate.number(threshold, "threshold", low=-1e9, high=1e9)
    below = net < line
    ax = new_axes(ax, figsize=(7.0, 4.2))
    size = 8 if len(margins) > 1000 else 18
    ax.scatter(calls[~below], net[~below], s=size, alpha=0.5, color=PALETTE[0],
               label=f"{label('ui.firing_kept')} ({int((~below).sum()):,})")
    ax.scatter(calls[below], net[below], s=size * 1.5, alpha=0.8, color=PALETTE[3],
               label=f"{label('ui.firing_let_go')} ({int(below.sum()):,})")
    ax.axhline(0, color="black", linewidth=0.8)
    if line != 0:
        ax.axhline(line, color=PALETTE[3], linestyle="--", linewidth=1)
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlim(left=0)
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(loc="lower left", fontsize=8)
    return finish(ax, title="ui.firing_margin_title", xlabel="ui.care_calls",
                  ylabel="ui.net_margin")


@validate.checked
@with_language
def options_chart(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Profit of each course of action (bars), with the subscribers it loses written on them."""
    validate.frame(table, what="options")
    validate.columns(table, ["option", "subscribers_lost", "profit"])
    profit = validate.numeric(table, "profit", allow_negative=True).to_numpy()
    lost = validate.numeric(table, "subscribers_lost").to_numpy()
    names = [label(f"ui.option_{name}") for name in table["option"].astype(str)]
    ax = new_axes(ax, figsize=(7.0, 3.6))
    y = np.arange(len(table))[::-1]
    ax.barh(y, profit, color=[PALETTE[i % len(PALETTE)] for i in range(len(table))])
    for yi, p, n in zip(y, profit, lost, strict=True):
        ax.text(p, yi, f" {p:,.0f} · {label('ui.subscribers_lost')} {n:,.0f}", va="center",
                fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlim(0, max(float(profit.max()), 1.0) * 1.45)
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.grid(axis="y", visible=False)
    return finish(ax, title="ui.firing_options_title", xlabel="ui.yuan")
