"""Try it: split an acquisition budget across channels and see what it buys (chapter 05).

:func:`budget_explorer` is a thin ipywidgets layer over the pure function
:func:`crmkit.budget_plan`: one slider per channel (yuan), and the expected
first purchases, repeat buyers, first-year margin and payback month of the
whole budget, with a chart per channel (:func:`crmkit.plots.acquisition.budget_chart`).

It answers from code, which is how the tests drive it, and shows its result as
text where no live kernel draws widgets (a static page):

>>> import pandas as pd
>>> from crmkit.widgets.acquisition import budget_explorer
>>> curve = pd.DataFrame({1: [40.0, 20.0], 2: [70.0, 30.0]}, index=["app", "social"])
>>> explorer = budget_explorer({"app": 1000, "social": 1000}, cost={"app": 50, "social": 25},
...                            repeat_rate={"app": 0.5, "social": 0.2}, curve=curve)
>>> explorer.plan.loc["total", ["first_purchases", "repeat_buyers"]].tolist()  # 20 + 40, 10 + 8
[60.0, 18.0]
>>> explorer.set_budget({"app": 1000})              # everything to the app ...
>>> float(explorer.plan.loc["total", "payback_month"])  # 20 x 70 = 1,400 >= 1,000 in month 2
2.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.acquisition import budget_plan
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots.acquisition import budget_chart
from crmkit.widgets._explorer import Explorer, money, slider, value_label

__all__ = ["BudgetExplorer", "budget_explorer"]


class BudgetExplorer(Explorer):
    """One slider per channel (yuan); what the split buys and when it pays back.

    Attributes
    ----------
    budget:
        ``{channel: slider}``; set a slider's ``value`` from code to drive the explorer.
    plan:
        The current :func:`crmkit.budget_plan` (one row per channel and ``total``).
    """

    def __init__(self, split: pd.Series, cost: Any, repeat_rate: Any, curve: pd.DataFrame,
                 limit: Any, most: float) -> None:
        self._inputs = {"cost": cost, "repeat_rate": repeat_rate, "curve": curve, "limit": limit}
        self.budget = {
            channel: slider(value_label("ui.channel_", channel), float(amount), 0.0, most, 100.0,
                            fmt=",.0f")
            for channel, amount in split.items()}
        self.plan = budget_plan(split.to_dict(), **self._inputs)  # checks the inputs once
        self._build(list(self.budget.values()))

    def set_budget(self, split: Mapping[str, float]) -> None:
        """Move several sliders at once (channels left out go to 0) and redraw once."""
        unknown = [channel for channel in split if channel not in self.budget]
        if unknown:
            raise CRMDataError(
                f"set_budget: no slider for {', '.join(map(repr, unknown))}; the explorer has "
                f"{', '.join(map(repr, self.budget))}. Fix: use those channel names.",
                zh=f"set_budget：没有 {'、'.join(map(repr, unknown))} 的滑块；这个探索器有 "
                   f"{'、'.join(map(repr, self.budget))}。修正（Fix）：使用这些渠道名。"
            )
        with self.holding():
            for channel, control in self.budget.items():
                control.value = float(split.get(channel, 0.0))

    def compute(self) -> None:
        """The plan for the sliders (:func:`crmkit.budget_plan`)."""
        split = {channel: float(control.value) for channel, control in self.budget.items()}
        self.plan = budget_plan(split, **self._inputs)

    def draw(self, ax: Any) -> None:
        """What each channel buys (:func:`crmkit.plots.acquisition.budget_chart`)."""
        budget_chart(self.plan, ax=ax)

    def summary(self) -> str:
        """The current result as text: one line per channel and the total."""
        months = len(self._inputs["curve"].columns)
        lines = []
        for channel, row in self.plan.iterrows():
            name = label("ui.all_channels") if channel == "total" else value_label(
                "ui.channel_", channel)
            payback = row["payback_month"]
            when = (label("ui.pays_back_in").format(month=int(payback))
                    if not math.isnan(payback) else
                    label("ui.no_payback_within").format(months=months))
            lines.append(label("ui.budget_line").format(
                channel=name, budget=money(row["budget"]), first=money(row["first_purchases"]),
                repeat=money(row["repeat_buyers"]), margin=money(row["margin"]),
                months=months, when=when))
        return "\n".join(lines)


@validate.checked
def budget_explorer(split: Mapping[str, float], *, cost: Any, repeat_rate: Any,
                    curve: pd.DataFrame, limit: Any = None) -> BudgetExplorer:
    """An explorer of an acquisition budget: yuan per channel in, customers and payback out.

    Parameters
    ----------
    split:
        The starting yuan per channel, e.g. ``{"store": 2000, "search": 3000}``;
        each channel gets a slider from 0 to 10,000 yuan (or the largest
        starting amount, if higher).
    cost, repeat_rate, curve, limit:
        As for :func:`crmkit.budget_plan`: yuan per extra new customer, the
        share who buy again, the payback curve and (optionally) the most extra
        new customers each channel can deliver.

    Returns
    -------
    BudgetExplorer
        An ipywidgets box: the sliders, the result as text
        (:meth:`~BudgetExplorer.summary`) and a chart per channel.

    Raises
    ------
    CRMDataError
        Whatever :func:`crmkit.budget_plan` refuses: a split that is not a
        mapping of channels to yuan ≥ 0, a channel missing from ``cost``,
        ``repeat_rate``, ``curve`` or ``limit``, a cost of 0 or less.
    """
    plan = budget_plan(split, cost, repeat_rate, curve, limit=limit)
    amounts = plan["budget"].drop("total")
    most = max(10_000.0, float(amounts.max()))
    return BudgetExplorer(amounts, cost, repeat_rate, curve, limit, most)
