"""Try it: is this customer still alive? Purchase count and recency → P(alive) (chapter 06).

One explorer, a thin layer over a fitted BG/NBD model of :mod:`crmkit.alive`
(``model.p_alive``, ``model.expected_purchases``, ``model.p_alive_curve``) and
the chart :func:`~crmkit.plots.alive.p_alive_chart`.  It answers from code,
which is how the tests drive it, and shows its result as text where no live
kernel draws widgets:

>>> import crmkit as ck
>>> from crmkit.widgets.alive import p_alive_explorer
>>> cdnow = ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")
>>> explorer = p_alive_explorer(ck.fit_bgnbd(cdnow), T=39, frequency=2, since=8)
>>> round(explorer.p_alive, 2)
0.73
>>> explorer.since.value = 30                       # silent for 30 weeks instead
>>> round(explorer.p_alive, 2)
0.24
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.alive import UNITS, BGNBDModel, _not_fitted
from crmkit.i18n import label
from crmkit.plots.alive import p_alive_chart
from crmkit.widgets._explorer import Explorer, slider

__all__ = ["PAliveExplorer", "p_alive_explorer"]


class PAliveExplorer(Explorer):
    """Sliders for repeat purchases and time since the last one; P(alive) and its curve.

    Attributes
    ----------
    frequency, since:
        The sliders (repeat purchases; time units since the last purchase);
        set their ``value`` from code to drive the explorer.
    p_alive:
        The probability that this customer is still alive.
    expected:
        Purchases the model expects from this customer in the next year.
    curve:
        The current ``model.p_alive_curve`` for the chosen purchase count.
    """

    def __init__(self, model: BGNBDModel, T: float, unit: str, frequency: int,
                 since: float) -> None:
        self.model, self.T, self.unit = model, T, unit
        self.horizon = 365.25 / UNITS[unit]
        self.frequency = slider(label("ui.repeat_purchases_slider"), frequency, 0,
                                max(30, frequency), 1, integer=True)
        self.since = slider(label(f"ui.since_last_purchase_{unit.lower()}"), since, 0.0, T, 1.0,
                            fmt=".0f")
        self.p_alive = self.expected = float("nan")
        self.curve = pd.DataFrame()
        self._build([self.frequency, self.since])

    def _customer(self) -> pd.DataFrame:
        x = int(self.frequency.value)
        recency = 0.0 if x == 0 else float(self.T - self.since.value)
        return pd.DataFrame({"frequency": [x], "recency": [recency], "T": [float(self.T)]})

    def compute(self) -> None:
        """P(alive), the expected purchases and the P(alive) curve for the sliders."""
        one = self._customer().set_axis(list(self.model.columns), axis=1)
        self.p_alive = float(self.model.p_alive(one).iloc[0])
        self.expected = float(self.model.expected_purchases(one, self.horizon).iloc[0])
        self.curve = self.model.p_alive_curve((int(self.frequency.value),), T=self.T)

    def draw(self, ax: Any) -> None:
        """The P(alive) curve (:func:`crmkit.plots.alive.p_alive_chart`), this customer a dot."""
        since = float(self.since.value) if int(self.frequency.value) > 0 else float(self.T)
        p_alive_chart(self.curve, ax=ax, unit=self.unit)
        ax.plot([since], [self.p_alive], "o", color="black", markersize=8)

    def summary(self) -> str:
        """The current result as text."""
        x = int(self.frequency.value)
        key = "ui.p_alive_result" if x > 0 else "ui.p_alive_result_once"
        return label(key).format(
            n=x, since=f"{float(self.since.value):.0f}", T=f"{self.T:g}",
            unit=label(f"ui.unit_{self.unit.lower()}"), p=f"{self.p_alive:.0%}",
            expected=f"{self.expected:.2f}")


@validate.checked
def p_alive_explorer(model: Any, T: float = 52.0, unit: str = "W", frequency: int = 3,
                     since: float = 10.0) -> PAliveExplorer:
    """An explorer of one customer: repeat purchases and time since the last → P(alive).

    The customer has been watched for ``T`` time units since the first
    purchase; move the sliders for the number of repeat purchases and the time
    since the last one, and watch the probability that the customer is still
    alive and the purchases the model expects in the next year.

    Parameters
    ----------
    model:
        A BG/NBD model fitted with ``ck.fit_bgnbd(summary)``.
    T:
        How long the customer has been watched, in the model's time unit.
    unit:
        That time unit: ``"W"`` weeks (default), ``"D"`` days or ``"M"`` months.
    frequency, since:
        Where the sliders start.

    Returns
    -------
    PAliveExplorer
        An ipywidgets box: two sliders, the result as text
        (:meth:`~PAliveExplorer.summary`) and the P(alive) curve.

    Raises
    ------
    CRMDataError
        A model that is not a fitted BG/NBD model, T not positive, an unknown
        unit, a negative frequency or a ``since`` outside 0–T.
    """
    _not_fitted(model, "model", BGNBDModel)
    T = validate.number(T, "T", low=1, high=100_000)
    unit = validate.one_of(unit, tuple(UNITS), "unit")
    frequency = validate.number(frequency, "frequency", low=0, high=1000, integer=True)
    since = validate.number(since, "since", low=0, high=T)
    return PAliveExplorer(model, T, unit, frequency, since)
