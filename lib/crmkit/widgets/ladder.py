"""Try it: the customer ladder, one conversion rate at a time (chapter 01).

:func:`ladder_explorer` is a thin ipywidgets layer over
:func:`crmkit.ladder_what_if`: one slider per rung sets the conversion rate
into that rung, and a chosen rung can be raised by a few points to see what
the rise does to every rung below it, members and advocates included.

It answers from code, which is how the tests drive it, and shows its result
as text where no live kernel draws widgets (a static page):

>>> import crmkit as ck
>>> from crmkit.widgets.ladder import ladder_explorer
>>> funnel = ck.ladder_funnel({"repeat_buyer": 400, "loyal_customer": 100, "member": 60})
>>> explorer = ladder_explorer(funnel, lift="loyal_customer", points=0.05)
>>> float(explorer.table.loc["member", "lifted_count"])      # 400 x 0.30 x 0.60
72.0
>>> explorer.rates["member"].value = 0.5                       # fewer loyal customers join
>>> float(explorer.table.loc["member", "count"])              # 400 x 0.25 x 0.50
50.0
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.ladder import ladder_what_if
from crmkit.plots.ladder import what_if_chart
from crmkit.widgets._explorer import Explorer, dropdown, slider

__all__ = ["LadderExplorer", "ladder_explorer"]

_GOALS = ("member", "advocate")  # the rungs the summary reports, when the funnel has them


class LadderExplorer(Explorer):
    """A slider per rung for its conversion rate, a rung to raise and by how much.

    Attributes
    ----------
    rates:
        ``{stage: FloatSlider}``, the conversion rate into each rung below the top.
    lift, points:
        The rung whose rate is raised (a dropdown) and the rise (a slider, as a
        fraction: 0.05 is 5 points).
    table:
        The current :func:`crmkit.ladder_what_if` table.
    """

    def __init__(self, funnel: pd.DataFrame, lift: str, points: float) -> None:
        self.funnel = funnel
        stages = [str(s) for s in funnel.index]
        self.rates = {
            stage: slider(label(stage), float(rate), 0.0, 1.0, 0.001, fmt=".1%")
            for stage, rate in zip(stages[1:], funnel["conversion"].iloc[1:], strict=True)
        }
        self.lift = dropdown(label("ui.ladder_lift"), [(label(s), s) for s in stages[1:]], lift)
        self.points = slider(label("ui.ladder_points"), points, 0.0, 0.2, 0.01, fmt=".0%")
        self.table = pd.DataFrame()
        self._build([*self.rates.values(), self.lift, self.points])

    def compute(self) -> None:
        """The ladder for the sliders (:func:`crmkit.ladder_what_if`)."""
        rates = {stage: float(control.value) for stage, control in self.rates.items()}
        self.table = ladder_what_if(self.funnel, conversions=rates, lift=self.lift.value,
                                    points=float(self.points.value))

    def draw(self, ax: Any) -> None:
        """Each rung now and after the rise (:func:`crmkit.plots.ladder.what_if_chart`)."""
        what_if_chart(self.table, ax=ax)

    def summary(self) -> str:
        """The result as text: members and advocates now, and after the rise."""
        goals = [s for s in _GOALS if s in self.table.index] or [self.table.index[-1]]
        today = " · ".join(f"{label(s)} {self.table.loc[s, 'count']:,.0f}" for s in goals)
        lifted = " · ".join(
            f"{label(s)} {self.table.loc[s, 'lifted_count']:,.0f} "
            f"({self.table.loc[s, 'gain']:+,.0f})" for s in goals)
        return "\n".join([
            label("ui.ladder_summary_today").format(values=today),
            label("ui.ladder_summary_rise").format(stage=label(self.lift.value),
                                                   points=f"{self.points.value * 100:.0f}",
                                                   values=lifted),
        ])


@validate.checked
def ladder_explorer(funnel: pd.DataFrame, lift: str | None = None,
                    points: float = 0.05) -> LadderExplorer:
    """An explorer of the customer ladder (客户阶梯): move a conversion rate, watch the rungs.

    Parameters
    ----------
    funnel:
        A funnel from :func:`crmkit.ladder_funnel`; its rates are the sliders'
        starting values and its top count stays fixed.
    lift:
        The rung whose conversion the explorer raises (default: the rung with
        the lowest conversion rate).
    points:
        The rise, a fraction from 0 to 0.2 (0.05 is 5 percentage points).

    Returns
    -------
    LadderExplorer
        An ipywidgets box: a slider per rung, the rung to raise and the rise,
        the result as text (:meth:`~LadderExplorer.summary`) and a chart.

    Raises
    ------
    CRMDataError
        A funnel :func:`crmkit.ladder_what_if` cannot use (e.g. an empty top
        rung or a missing rate), an unknown ``lift`` rung, a rise outside 0–0.2.
    """
    ladder_what_if(funnel)  # validates the funnel, with that function's own messages
    if len(funnel) < 2:
        raise CRMDataError("the funnel needs at least two rungs. Fix: pass the "
                           "whole ladder, e.g. ck.ladder_funnel(orders, customers=customers).",
                           zh="漏斗至少需要两级。修正（Fix）：传入完整的阶梯，例如 "
                              "ck.ladder_funnel(orders, customers=customers)。")
    if lift is None:
        lift = str(funnel["conversion"].iloc[1:].astype(float).idxmin())
    ladder_what_if(funnel, lift=lift)  # names the valid rungs if lift is not one
    points = validate.number(points, "points", low=0.0, high=0.2)
    return LadderExplorer(funnel, lift, points)
