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

import html
import io
from typing import Any

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from crmkit import validate
from crmkit.cases.firing import model
from crmkit.cases.firing.plots import margin_chart
from crmkit.i18n import label

__all__ = ["FiringExplorer", "firing_explorer"]

_WIDE = {"description_width": "initial"}


class FiringExplorer(w.VBox):
    """Sliders for the cost per care call and the threshold; who is let go and the profit.

    Attributes
    ----------
    cost_per_call, threshold:
        The sliders (yuan); set their ``value`` from code to drive the explorer.
    plan:
        The current :func:`crmkit.cases.firing.firing_plan` (a dict).
    """

    def __init__(self, subs: pd.DataFrame, cost_per_call: float, threshold: float) -> None:
        self._subs = subs
        self.cost_per_call = w.FloatSlider(
            value=cost_per_call, min=0.0, max=max(50.0, cost_per_call), step=1.0,
            description=label("ui.cost_per_call"), continuous_update=False, style=_WIDE,
            readout_format=",.0f")
        self.threshold = w.FloatSlider(
            value=threshold, min=min(-1000.0, threshold), max=max(500.0, threshold), step=50.0,
            description=label("ui.firing_threshold"), continuous_update=False, style=_WIDE,
            readout_format=",.0f")
        self.plan: dict[str, Any] = {}
        self.text = w.HTML()
        self.chart = w.Image(format="png")
        super().__init__([self.cost_per_call, self.threshold, self.text, self.chart])
        for control in (self.cost_per_call, self.threshold):
            control.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Recompute the plan for the sliders and redraw."""
        cost, line = float(self.cost_per_call.value), float(self.threshold.value)
        self.plan = model.firing_plan(self._subs, cost, line)
        margins = model.service_margins(self._subs, cost)
        self.text.value = "<br>".join(html.escape(x) for x in self.summary().splitlines())
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        margin_chart(margins, ax=fig.add_subplot(), threshold=line)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        self.chart.value = buffer.getvalue()

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

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        """Without a live kernel (a static page) the text summary shows instead."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle:
            bundle["text/plain"] = self.summary()
        return bundle


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
