"""Try it: the firing explorer of case study 4 (cost per call and threshold → who goes).

A thin ipywidgets layer over :func:`crmkit.cases.firing.firing_plan` and
:func:`crmkit.cases.firing.service_margins`: move the cost of a care call or the
line below which subscribers are let go, and read how many leave, the revenue
they take with them and the change in profit.  It answers from code, which is
how the tests drive it, and shows its result as text where no live kernel draws
widgets:

>>> from crmkit.cases import firing
>>> from crmkit.cases.firing.widget import firing_explorer
>>> box = firing_explorer(firing.subscribers(n=200), cost_per_call=15, threshold=0)
>>> box.plan["fired"] == int((firing.service_margins(firing.subscribers(n=200),
...                                                    15)["net_margin"] < 0).sum())
True
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.cases.firing import model
from crmkit.cases.firing.plots import margin_chart
from crmkit.i18n import label
from crmkit.widgets._explorer import Explorer, slider

__all__ = ["FiringExplorer", "firing_explorer"]


class FiringExplorer(Explorer):
    """Sliders for the cost per care call and the threshold; who is let go and the profit.

    Attributes
    ----------
    cost_per_call, threshold:
        The sliders (yuan); set their ``value`` from code to drive the explorer.
    plan:
        The current :func:`crmkit.cases.firing.firing_plan` (a dict).
    margins:
        The current :func:`crmkit.cases.firing.service_margins`, which the chart draws.
    """

    figsize = (7.0, 3.8)

    def __init__(self, subs: pd.DataFrame, cost_per_call: float, threshold: float) -> None:
        self._subs = subs
        self.cost_per_call = slider(label("ui.cost_per_call"), cost_per_call, 0.0,
                                    max(50.0, cost_per_call), 1.0, fmt=",.0f")
        self.threshold = slider(label("ui.firing_threshold"), threshold, min(-1000.0, threshold),
                                max(500.0, threshold), 50.0, fmt=",.0f")
        self.plan: dict[str, Any] = {}
        self.margins = pd.DataFrame()
        self._build([self.cost_per_call, self.threshold])

    def compute(self) -> None:
        """The plan and the margins for the sliders (:func:`~crmkit.cases.firing.firing_plan`)."""
        cost, line = float(self.cost_per_call.value), float(self.threshold.value)
        self.plan = model.firing_plan(self._subs, cost, line)
        self.margins = model.service_margins(self._subs, cost)

    def draw(self, ax: Any) -> None:
        """Each subscriber's net margin against the line (:func:`margin_chart`)."""
        margin_chart(self.margins, ax=ax, threshold=float(self.threshold.value))

    def summary(self) -> str:
        """The current result as text: settings, who goes, revenue lost, profit before and after."""
        p = self.plan
        return "\n".join([
            label("ui.firing_settings").format(cost=self.cost_per_call.value,
                                               threshold=self.threshold.value),
            label("ui.firing_result").format(fired=p["fired"], share=p["share"],
                                             revenue=p["revenue_lost"]),
            label("ui.firing_profit").format(before=p["profit_before"], after=p["profit_after"],
                                             change=p["profit_change"]),
        ])


@validate.checked
def firing_explorer(subs: pd.DataFrame, cost_per_call: float = model.COST_PER_CALL,
                    threshold: float = 0.0) -> FiringExplorer:
    """An explorer of the firing decision: cost per care call and threshold → who goes.

    Parameters
    ----------
    subs:
        Subscribers, e.g. :func:`crmkit.cases.firing.subscribers`.
    cost_per_call:
        Starting cost of one care call, in yuan (slider 0 to 50).
    threshold:
        Starting line: subscribers whose net margin is below it are let go
        (slider −1,000 to 500 yuan).

    Raises
    ------
    CRMDataError
        Bad subscribers (as :func:`crmkit.cases.firing.service_margins`), a cost
        per call that is negative or not a number, a threshold that is not a
        number.
    """
    model.service_margins(subs)  # validates the table once, with a clear message
    cost = validate.number(cost_per_call, "cost_per_call", low=0, high=1e6)
    line = validate.number(threshold, "threshold", low=-1e9, high=1e9)
    return FiringExplorer(subs, float(cost), float(line))
