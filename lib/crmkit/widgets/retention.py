"""Try it: does a retention programme pay? One slider at a time (chapter 06).

:func:`programme_explorer` is a thin ipywidgets layer over the pure function
:func:`crmkit.retention_programme`, which extends chapter 04's CLV
(:func:`crmkit.clv`): the retention rate, the margin per period, the discount
rate, the programme's cost per customer per period and the retention gain it
brings → the customer's value with and without the programme and the
**break-even retention gain**, with the chart
:func:`crmkit.plots.retention.programme_chart` of :func:`crmkit.programme_curve`.

It answers from code, which is how the tests drive it, and shows its result as
text where no live kernel draws widgets (a static page):

>>> from crmkit.widgets.retention import programme_explorer
>>> explorer = programme_explorer(retention=0.6, margin=300, cost=30, gain=0.08)
>>> explorer.result.round(3)[["clv_without", "clv_with", "break_even_gain"]].tolist()
[660.0, 707.143, 0.05]
>>> explorer.gain.value = 0.04                 # a smaller gain than the break-even 5 points
>>> bool(explorer.result["value_change"] < 0)  # ... and the programme loses value
True
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots.retention import programme_chart
from crmkit.retention import programme_curve, retention_programme
from crmkit.widgets._explorer import Explorer, money, slider

__all__ = ["ProgrammeExplorer", "programme_explorer"]


class ProgrammeExplorer(Explorer):
    """Sliders for retention, margin, discount rate, programme cost and gain; value and break-even.

    Attributes
    ----------
    retention, margin, discount, cost, gain:
        The sliders; set their ``value`` from code to drive the explorer.
    result:
        The current :func:`crmkit.retention_programme` (a Series).
    curve:
        The current :func:`crmkit.programme_curve`, which the chart draws.
    """

    def __init__(self, retention: float, margin: float, discount: float, cost: float,
                 gain: float) -> None:
        top = max(2000.0, margin)
        self.retention = slider(label("retention_rate"), retention, 0.0, 0.95, 0.01, fmt=".0%")
        self.margin = slider(label("ui.margin_per_period"), margin, 10.0, top, 10.0, fmt=",.0f")
        self.discount = slider(label("discount_rate"), discount, 0.0, 0.30, 0.01, fmt=".0%")
        self.cost = slider(label("ui.programme_cost"), cost, 0.0, max(top / 2, cost), 5.0,
                           fmt=",.0f")
        self.gain = slider(label("ui.retention_gain"), gain, 0.0, 0.30, 0.01, fmt=".0%")
        self.result = pd.Series(dtype=float)
        self.curve = pd.DataFrame()
        self._build([self.retention, self.margin, self.discount, self.cost, self.gain])

    def _settings(self) -> dict[str, float]:
        retention = float(self.retention.value)
        gain = min(float(self.gain.value), 0.99 - retention)  # never reach a rate of 1
        return {"retention": retention, "margin": float(self.margin.value),
                "cost": float(self.cost.value), "gain": max(gain, 0.0),
                "discount": float(self.discount.value)}

    def compute(self) -> None:
        """The programme's value for the sliders (:func:`crmkit.retention_programme`)."""
        s = self._settings()
        self.result = retention_programme(s["retention"], s["margin"], cost=s["cost"],
                                          gain=s["gain"], discount=s["discount"])
        self.curve = programme_curve(s["retention"], s["margin"], cost=s["cost"],
                                     gain=s["gain"], discount=s["discount"])

    def draw(self, ax: Any) -> None:
        """The value against the gain (:func:`crmkit.plots.retention.programme_chart`)."""
        programme_chart(self.curve, ax=ax)

    def summary(self) -> str:
        """The current result as text: both values, the change and the break-even gain."""
        s, r = self._settings(), self.result
        settings = (f"{label('retention_rate')} {s['retention']:.0%} · "
                    f"{label('ui.margin_per_period')} {money(s['margin'])} · "
                    f"{label('discount_rate')} {s['discount']:.0%} · "
                    f"{label('ui.programme_cost')} {money(s['cost'])} · "
                    f"{label('ui.retention_gain_points')} {s['gain'] * 100:+.0f}")
        values = label("ui.programme_values").format(
            without=money(r["clv_without"]), with_=money(r["clv_with"]),
            change=f"{r['value_change']:+,.0f}")
        need = float(r["break_even_gain"])
        if math.isinf(need) or r["break_even_retention"] >= 1:
            verdict = label("ui.programme_never_pays")
        else:
            verdict = label("ui.programme_break_even").format(
                points=f"{need * 100:.1f}", rate=f"{r['break_even_retention']:.1%}")
        return "\n".join([settings, values, verdict])


@validate.checked
def programme_explorer(retention: float = 0.6, margin: float = 600.0, cost: float = 30.0,
                       gain: float = 0.05, discount: float = 0.1) -> ProgrammeExplorer:
    """An explorer of a retention programme: what it costs, what it must achieve.

    Parameters
    ----------
    retention:
        Retention rate per period without the programme (0–0.95 on the slider).
    margin:
        Margin per customer per period (yuan) without the programme.
    cost:
        What the programme costs per customer per period (yuan).
    gain:
        The rise in the retention rate the programme brings (0.05 = 5 points;
        0–0.30 on the slider; the explorer keeps retention + gain below 1).
    discount:
        Discount rate per period (0–0.30 on the slider).

    Returns
    -------
    ProgrammeExplorer
        An ipywidgets box: five sliders, the result as text
        (:meth:`~ProgrammeExplorer.summary`) and the value chart.

    Raises
    ------
    CRMDataError
        Whatever :func:`crmkit.retention_programme` refuses, or a value beyond
        its slider's range.
    """
    retention_programme(retention, margin, cost=cost, gain=gain, discount=discount)
    validate.number(retention, "retention", high=0.95)
    validate.number(gain, "gain", high=0.30)
    validate.number(discount, "discount", high=0.30)
    validate.number(margin, "margin", low=10)
    return ProgrammeExplorer(float(retention), float(margin), float(discount), float(cost),
                             float(gain))
