"""Charts for case study 1, Wang Yongqing's rice shop (王永庆卖大米).

* :func:`days_left_chart` — how many days of rice each household has left
  (from :func:`crmkit.cases.rice_shop.run_out_dates`), the ones due this week marked.
* :func:`calendar_chart` — the delivery and collection calendar (from
  :func:`crmkit.cases.rice_shop.delivery_calendar`): one line per household, a dot
  for each delivery, a diamond on the payday it is paid, and the credit
  between them.
* :func:`jar_level_chart` — the rice in one household's jar day by day (from
  :func:`crmkit.cases.rice_shop.jar_levels`): a saw-tooth that is topped up before it
  reaches zero.

Each takes the computed frame and an optional ``ax``, returns the ``Axes``, and
takes its visible text from :func:`crmkit.i18n.label`, so
``ck.set_language("zh")`` turns it Chinese.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import crmkit as ck
>>> from crmkit.cases import rice_shop
>>> from crmkit.cases.rice_shop import plots as rice_plots
>>> households = ck.load_rice_households()
>>> plan = rice_shop.delivery_calendar(households, start="1933-03-01")
>>> ax = rice_plots.calendar_chart(plan, today="1933-03-01")
>>> ax.get_title()
'Deliveries and collections'
"""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, with_language

__all__ = ["calendar_chart", "days_left_chart", "jar_level_chart"]

_DELIVERY, _COLLECTION, _LATE, _DUE, _CREDIT = (PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[1],
                                                "#999999")


def _household_labels(frame: pd.DataFrame, household: str, name: str | None) -> pd.Series:
    ids = frame[household].astype(str)
    if name is not None and name in frame.columns:
        return ids + " " + frame[name].astype(str)
    return ids


def _date_axis(ax: Axes, axis: str = "x") -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _today_line(ax: Axes, today: Any) -> None:
    if today is None:
        return
    stamp = validate.date(today, "today")
    ax.axvline(stamp, color="black", linestyle="--", linewidth=1, label=label("ui.today"))


@validate.checked
@with_language
def days_left_chart(run_out: pd.DataFrame, ax: Axes | None = None, *, week: int = 7,
                    lead_days: int = 2, household: str = "household_id",
                    name: str | None = "head_name") -> Axes:
    """Horizontal bars: days of rice each household has left, the soonest at the top.

    Bars of households whose delivery falls within ``week`` days (``days_left``
    below ``week + lead_days``) are orange and a dashed line marks that limit;
    negative bars are households whose rice has already run out.

    Parameters
    ----------
    run_out:
        The result of :func:`crmkit.cases.rice_shop.run_out_dates` (needs
        ``days_left`` and the household column).
    ax:
        Axes to draw on; a new figure when omitted.
    week, lead_days:
        The planning horizon and the lead time, as in
        :func:`crmkit.cases.rice_shop.visits_this_week`.
    household, name:
        Column names for the bar labels.
    """
    validate.frame(run_out, what="run-out table")
    validate.columns(run_out, {"household": household, "days_left": "days_left"})
    days_left = validate.numeric(run_out, "days_left", allow_negative=True)
    week = validate.number(week, "week", low=1, integer=True)
    lead_days = validate.number(lead_days, "lead_days", low=0, integer=True)
    order = np.argsort(days_left.to_numpy(), kind="stable")
    labels = _household_labels(run_out, household, name).to_numpy()[order]
    values = days_left.to_numpy()[order]
    due = values < week + lead_days
    ax = new_axes(ax, figsize=(7.0, max(3.0, 0.2 * len(values) + 1.2)))
    y = np.arange(len(values))
    ax.barh(y[due], values[due], color=_DUE, label=label("ui.rice_this_week"))
    ax.barh(y[~due], values[~due], color=PALETTE[5], label=label("ui.rice_later"))
    ax.axvline(week + lead_days, color="black", linestyle="--", linewidth=1)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels, fontsize=7 if len(values) > 20 else 9)
    ax.set_ylim(len(values) - 0.5, -0.5)  # the soonest at the top
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper right", fontsize=8)
    return finish(ax, title="ui.rice_days_left_title", xlabel="days_left",
                  ylabel="ui.rice_household")


@validate.checked
@with_language
def calendar_chart(calendar: pd.DataFrame, ax: Axes | None = None, *, today: Any = None,
                   household: str = "household_id", name: str | None = "head_name") -> Axes:
    """The delivery and collection calendar as a timeline, one row per household.

    A dot marks each delivery (its area grows with the kg delivered; orange
    when it is late because the rice was already due), a diamond the payday
    on which it is paid, and a grey line joins the two: the days the rice is
    on credit.  Households are ordered by their first delivery.

    Parameters
    ----------
    calendar:
        The result of :func:`crmkit.cases.rice_shop.delivery_calendar` (needs
        ``delivery_date``, ``collection_date``, ``deliver_kg``, ``late`` and
        the household column).
    ax:
        Axes to draw on; a new figure when omitted.
    today:
        Optional date drawn as a dashed vertical line.
    household, name:
        Column names for the row labels.
    """
    validate.frame(calendar, what="delivery calendar")
    validate.columns(calendar, {"household": household, "delivery_date": "delivery_date",
                                "collection_date": "collection_date",
                                "deliver_kg": "deliver_kg", "late": "late"})
    delivered = validate.dates(calendar, "delivery_date")
    collected = validate.dates(calendar, "collection_date")
    kg = validate.numeric(calendar, "deliver_kg")
    late = calendar["late"].astype(bool).to_numpy()
    first = delivered.groupby(calendar[household].to_numpy()).min()
    order = first.sort_values(kind="stable").index
    row_of = pd.Series(np.arange(len(order)), index=order)
    y = row_of.loc[calendar[household].to_numpy()].to_numpy()
    labels = _household_labels(calendar.drop_duplicates(household), household, name)
    labels.index = calendar.drop_duplicates(household)[household].to_numpy()
    ax = new_axes(ax, figsize=(8.0, max(3.0, 0.22 * len(order) + 1.5)))
    x0 = mdates.date2num(delivered.to_numpy())
    x1 = mdates.date2num(collected.to_numpy())
    segments = np.stack([np.column_stack([x0, y]), np.column_stack([x1, y])], axis=1)
    ax.add_collection(LineCollection(segments, colors=_CREDIT, linewidths=2, alpha=0.6,
                                     zorder=1))
    size = 12 + 2.0 * kg.to_numpy()
    ax.scatter(delivered[~late], y[~late], s=size[~late], color=_DELIVERY, zorder=3)
    ax.scatter(delivered[late], y[late], s=size[late], color=_LATE, zorder=3)
    # on top, so that a delivery paid the same day shows both marks
    ax.scatter(collected, y, marker="D", s=22, color=_COLLECTION, edgecolors="white",
               linewidths=0.5, zorder=4)
    _today_line(ax, today)
    ax.set_yticks(np.arange(len(order)), labels.loc[order].to_numpy(),
                  fontsize=7 if len(order) > 20 else 9)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    _date_axis(ax)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=_DELIVERY, label=label("ui.rice_delivery")),
        Line2D([], [], marker="D", linestyle="", color=_COLLECTION,
               label=label("ui.rice_collection")),
        Line2D([], [], color=_CREDIT, linewidth=2, label=label("ui.rice_credit")),
    ]
    if late.any():
        handles.insert(1, Line2D([], [], marker="o", linestyle="", color=_LATE,
                                 label=label("ui.rice_late")))
    if today is not None:
        handles.append(Line2D([], [], color="black", linestyle="--", label=label("ui.today")))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3,
              fontsize=8, frameon=False)
    return finish(ax, title="ui.rice_calendar_title", ylabel="ui.rice_household")


@validate.checked
@with_language
def jar_level_chart(levels: pd.DataFrame, ax: Axes | None = None, *, today: Any = None,
                    household: str = "household_id") -> Axes:
    """The rice in the jar day by day: a saw-tooth topped up before it hits zero.

    Draws one line per household in ``levels`` (best with one or a few): the
    kg in the jar each morning, a vertical jump on each delivery day, dots for
    the deliveries and dotted vertical lines on the household's paydays (only
    when one household is drawn).

    Parameters
    ----------
    levels:
        The result of :func:`crmkit.cases.rice_shop.jar_levels` (needs ``date``,
        ``rice_kg``, ``delivered_kg``, ``payday`` and the household column).
    ax:
        Axes to draw on; a new figure when omitted.
    today:
        Optional date drawn as a dashed vertical line.
    household:
        Column name of the household id.
    """
    validate.frame(levels, what="jar levels")
    validate.columns(levels, {"household": household, "date": "date", "rice_kg": "rice_kg",
                              "delivered_kg": "delivered_kg", "payday": "payday"})
    dates = validate.dates(levels, "date")
    rice = validate.numeric(levels, "rice_kg")
    delivered = validate.numeric(levels, "delivered_kg")
    ax = new_axes(ax)
    groups = pd.DataFrame({"h": levels[household].to_numpy(), "date": dates.to_numpy(),
                           "rice": rice.to_numpy(), "kg": delivered.to_numpy(),
                           "payday": levels["payday"].astype(bool).to_numpy()})
    several = groups["h"].nunique() > 1
    for i, (hid, one) in enumerate(groups.groupby("h", sort=True)):
        one = one.sort_values("date")
        before = one["rice"] - one["kg"]  # that morning, before the delivery
        # Two points per day (before and after any delivery) draw the jump.
        x = np.repeat(one["date"].to_numpy(), 2)
        level = np.column_stack([before.to_numpy(), one["rice"].to_numpy()]).ravel()
        colour = PALETTE[i % len(PALETTE)] if several else _DELIVERY
        ax.plot(x, level, color=colour, linewidth=1.8, label=str(hid) if several else None)
        got = one["kg"] > 0
        ax.scatter(one.loc[got, "date"], one.loc[got, "rice"], color=colour, zorder=3,
                   label=None if several else label("ui.rice_delivery"))
        if not several:
            for day in one.loc[one["payday"], "date"]:
                ax.axvline(day, color=_COLLECTION, linestyle=":", linewidth=1.5)
    if not several and groups["payday"].any():
        ax.plot([], [], color=_COLLECTION, linestyle=":", label=label("payday"))
    _today_line(ax, today)
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    ax.legend(fontsize=8, loc="best")
    return finish(ax, title="ui.rice_jar_title", xlabel="ui.date", ylabel="rice_kg")
