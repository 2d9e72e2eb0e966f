"""Charts for the customer ladder (chapter 01).

Each function takes a frame computed by :mod:`crmkit.ladder` and an optional
matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots._labels import value_label
from crmkit.plots._style import PALETTE, finish, new_axes, with_language

__all__ = ["ladder_funnel", "what_if_chart"]


@validate.checked
@with_language
def ladder_funnel(funnel: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """The customer ladder as a funnel: one centred bar per rung, widest at the top.

    Takes :func:`crmkit.ladder_funnel`; each bar shows the count and the
    conversion from the rung above.

    >>> import crmkit as ck
    >>> funnel = ck.ladder_funnel({"first_time_buyer": 400, "repeat_buyer": 100})
    >>> ax = ck.plots.ladder.ladder_funnel(funnel)
    """
    validate.frame(funnel, what="funnel")
    validate.columns(funnel, ["count", "conversion"])
    ax = new_axes(ax, figsize=(8.0, 4.5))
    counts = funnel["count"].to_numpy(dtype=float)
    widest = counts.max() if counts.max() > 0 else 1.0
    y = np.arange(len(funnel))[::-1]
    ax.barh(y, counts, left=(widest - counts) / 2, color=PALETTE[0], height=0.7)
    for yi, count, conv in zip(y, counts, funnel["conversion"], strict=True):
        text = f"{count:,.0f}" + ("" if pd.isna(conv) else f"  ({conv:.0%})")
        ax.text(widest / 2, yi, text, ha="center", va="center", color="black", fontsize=9,
                bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1})
    ax.set_yticks(y, [value_label("", s) for s in funnel.index])
    ax.set_xticks([])
    ax.grid(False)
    return finish(ax, title="customer_ladder", xlabel="customers")


@validate.checked
@with_language
def what_if_chart(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Customers on each rung today and with the changed rates, side by side.

    Takes :func:`crmkit.ladder_what_if`.  The counts run from tens of thousands
    at the top of the ladder to tens at the bottom, so the x axis is
    logarithmic (each grid step is ten times the one before); the labels give
    the numbers.

    >>> import crmkit as ck
    >>> funnel = ck.ladder_funnel({"repeat_buyer": 400, "loyal_customer": 100})
    >>> ax = ck.plots.ladder.what_if_chart(ck.ladder_what_if(funnel, lift="loyal_customer"))
    """
    validate.frame(table, what="what-if table")
    validate.columns(table, ["count", "lifted_count"])
    ax = new_axes(ax, figsize=(8.0, 4.2))
    y = np.arange(len(table))[::-1]
    base = table["count"].to_numpy(dtype=float)
    lifted = table["lifted_count"].to_numpy(dtype=float)
    ax.barh(y + 0.2, base, height=0.4, color=PALETTE[5], label=label("ui.ladder_today"))
    ax.barh(y - 0.2, lifted, height=0.4, color=PALETTE[0], label=label("ui.ladder_lifted"))
    for yi, old, new in zip(y, base, lifted, strict=True):
        change = "" if round(new) == round(old) else f"  ({new - old:+,.0f})"
        ax.text(max(new, old, 1.0) * 1.15, yi, f"{new:,.0f}{change}", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(left=max(min(base.min(), lifted.min()) / 2, 0.5),
                right=max(base.max(), lifted.max()) * 20)
    ax.set_yticks(y, [value_label("", stage) for stage in table.index])
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    return finish(ax, title="customer_ladder", xlabel="ui.customers_log_scale")
