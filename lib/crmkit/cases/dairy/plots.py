"""Charts for case study 2, Chengdu Hailang Dairy (成都海浪乳业).

* :func:`route_churn_chart` — the year's churn rate of each route (from
  :func:`crmkit.cases.dairy.route_churn`), with the route's net change written
  beside it: the figure head office saw;
* :func:`flow_chart` — month by month, subscriptions started (up) and stopped
  (down) against the running count (from :func:`crmkit.cases.dairy.monthly_flow`);
* :func:`departure_chart` — the share of a milkman's subscribers still
  subscribed week by week after he left, against the other routes (from
  :func:`crmkit.cases.dairy.departure_curve`).

Each takes the computed frame and an optional ``ax``, returns the ``Axes``, and
takes its visible text from :func:`crmkit.i18n.label`.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmkit.cases import dairy
>>> from crmkit.cases.dairy import plots as dairy_plots
>>> ax = dairy_plots.route_churn_chart(dairy.route_churn(dairy.milk_subscriptions()))
>>> ax.get_title()
'Churn by route, 2001'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, percent_axis, with_language

__all__ = ["departure_chart", "flow_chart", "route_churn_chart"]


@validate.checked
@with_language
def route_churn_chart(table: pd.DataFrame, ax: Axes | None = None, *,
                      year: int = 2001) -> Axes:
    """Churn rate per route (bars, highest first), the net change written beside each bar.

    The row ``all`` (all routes together) is drawn as a dashed line."""
    validate.frame(table, what="route churn")
    validate.columns(table, ["route", "churn_rate", "net_change"])
    routes = table["route"].astype(str)
    churn = validate.numeric(table, "churn_rate", allow_missing=True)
    net = validate.numeric(table, "net_change", allow_negative=True)
    each = ~routes.eq("all") & churn.notna()
    order = churn[each].sort_values(ascending=True).index
    ax = new_axes(ax, figsize=(7.0, 4.2))
    y = np.arange(len(order))
    ax.barh(y, churn[order], color=PALETTE[0])
    for yi, i in zip(y, order, strict=True):
        ax.text(churn[i], yi, f"  {label('ui.dairy_net')} {net[i]:+,.0f}", va="center",
                fontsize=8)
    if routes.eq("all").any():
        overall = churn[routes.eq("all")].iloc[0]
        ax.axvline(overall, color=PALETTE[3], linestyle="--", linewidth=1,
                   label=f"{label('ui.dairy_all_routes')} {overall:.0%}")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_yticks(y, routes[order].tolist())
    ax.grid(axis="y", visible=False)
    percent_axis(ax, "x", xmax=1.0)
    ax.set_xlim(0, max(1.0, float(churn[each].max()) * 1.25) if each.any() else 1.0)
    ax.set_title(label("ui.dairy_churn_title").format(year=year))
    return finish(ax, xlabel="churn_rate")


@validate.checked
@with_language
def flow_chart(flow: pd.DataFrame, ax: Axes | None = None, *, route: str | None = None) -> Axes:
    """Started (bars up) and stopped (bars down) each month, and the running count (line).

    The line is what head office could see from the bottles ordered; the bars
    are what the milkmen's lists held."""
    validate.frame(flow, what="monthly flow")
    validate.columns(flow, ["month", "started", "stopped", "running"])
    months = validate.dates(flow, "month")
    started = validate.numeric(flow, "started").to_numpy()
    stopped = validate.numeric(flow, "stopped").to_numpy()
    running = validate.numeric(flow, "running").to_numpy()
    ax = new_axes(ax, figsize=(7.0, 3.8))
    x = months.to_numpy()
    width = np.timedelta64(20, "D")  # bars 20 days wide on the date axis
    ax.bar(x, started, width=width, color=PALETTE[2], label=label("ui.dairy_started"))
    ax.bar(x, -stopped, width=width, color=PALETTE[3], label=label("ui.dairy_stopped"))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):,.0f}"))  # stops: down
    ax.set_ylabel(label("ui.dairy_per_month"))
    line_ax = ax.twinx()
    line_ax.plot(x, running, color=PALETTE[0], linewidth=2, label=label("ui.dairy_running"))
    line_ax.set_ylim(0, max(float(running.max()), 1.0) * 1.15)
    line_ax.set_ylabel(label("ui.dairy_running"))
    line_ax.grid(False)
    handles = ax.get_legend_handles_labels()
    more = line_ax.get_legend_handles_labels()
    ax.legend(handles[0] + more[0], handles[1] + more[1], loc="lower left", fontsize=8, ncol=3)
    title = label("ui.dairy_flow_title")
    if route is not None:
        title = f"{title} · {route}"
    ax.set_title(title)
    return ax


@validate.checked
@with_language
def departure_chart(curve: pd.DataFrame, ax: Axes | None = None, *,
                    milkman: str | None = None) -> Axes:
    """Share still subscribed, week by week after the milkman left: his subscribers and others."""
    validate.frame(curve, what="departure curve")
    validate.columns(curve, ["week", "his_subscribers", "other_routes"])
    weeks = validate.numeric(curve, "week").to_numpy()
    his = validate.numeric(curve, "his_subscribers").to_numpy()
    others = validate.numeric(curve, "other_routes", allow_missing=True).to_numpy()
    ax = new_axes(ax, figsize=(7.0, 3.6))
    name = label("ui.dairy_his_subscribers")
    if milkman is not None:
        name = f"{name} ({milkman})"
    ax.plot(weeks, his, color=PALETTE[3], linewidth=2, marker="o", markersize=3, label=name)
    ax.plot(weeks, others, color=PALETTE[0], linewidth=2, label=label("ui.dairy_other_routes"))
    ax.axvline(8, color="grey", linestyle=":", linewidth=1)
    ax.legend(loc="lower left", fontsize=8)
    percent_axis(ax, "y", xmax=1.0)
    ax.set_ylim(0, 1.05)
    return finish(ax, title="ui.dairy_departure_title", xlabel="ui.dairy_weeks_after",
                  ylabel="ui.dairy_still_subscribed")
