"""Try it: customer lifetime value and the accumulation effect, one slider at a time (chapter 04).

Two explorers, each a thin layer over pure functions of :mod:`crmkit.value`:

* :func:`clv_explorer` — margin per period, retention rate, discount rate and
  horizon → the customer lifetime value and its curve
  (:func:`~crmkit.value.clv_table`, :func:`~crmkit.value.clv`,
  :func:`~crmkit.plots.value.clv_curve`);
* :func:`accumulation_explorer` — customers moved from shop A to shop B → the
  gap in customers and in profit
  (:func:`~crmkit.value.accumulation_table`,
  :func:`~crmkit.plots.value.accumulation_chart`).

Both answer from code, which is how the tests drive them, and show their
result as text where no live kernel draws widgets (a static page):

>>> from crmkit.widgets.value import accumulation_explorer, clv_explorer
>>> explorer = clv_explorer(margin=100, retention=0.8, discount=0.1, periods=3)
>>> round(explorer.value, 2)                      # 100 + 80/1.1 + 64/1.21
225.62
>>> explorer.retention.value = 0.9                # keep more customers ...
>>> round(explorer.value, 2)                      # ... and each is worth more
248.76
>>> shops = accumulation_explorer(moved=10)
>>> shops.row[["a_customers", "b_customers", "b_minus_a"]].astype(int).tolist()
[90, 110, 20]
>>> shops.moved.value = 25                        # 25 more for B, 25 fewer for A
>>> int(shops.row["b_minus_a"]), round(float(shops.row["b_to_a"]), 2)
(50, 1.67)
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.i18n import label
from crmkit.plots.value import accumulation_chart, clv_curve
from crmkit.value import accumulation_table, clv_table
from crmkit.widgets._explorer import Explorer, money, slider

__all__ = ["AccumulationExplorer", "ClvExplorer", "accumulation_explorer", "clv_explorer"]

_SEED_STEPS = (0, 1, 2, 10, 25, 50)  # the rows of the seed's table


# --------------------------------------------------------------------------- CLV


class ClvExplorer(Explorer):
    """Sliders for margin, retention, discount rate and horizon; the CLV and its curve.

    Attributes
    ----------
    margin, retention, discount, periods:
        The sliders; set their ``value`` from code to drive the explorer.
    table:
        The current :func:`crmkit.clv_table` (one row per period).
    value:
        CLV over the chosen number of periods (yuan).
    limit:
        CLV with no end date (always finite here: the retention slider stops
        at 0.99).
    """

    def __init__(self, margin: float, retention: float, discount: float, periods: int) -> None:
        self.margin = slider(label("ui.margin_per_period"), margin, 0.0, max(5000.0, margin),
                             10.0, fmt=",.0f")
        self.retention = slider(label("retention_rate"), retention, 0.0, 0.99, 0.01, fmt=".0%")
        self.discount = slider(label("discount_rate"), discount, 0.0, 0.30, 0.01, fmt=".0%")
        self.periods = slider(label("ui.horizon"), periods, 1, max(50, periods), 1, integer=True)
        self.table = pd.DataFrame()
        self.value = self.limit = math.nan
        self._build([self.margin, self.retention, self.discount, self.periods])

    def compute(self) -> None:
        """The CLV table for the sliders (:func:`crmkit.clv_table`)."""
        self.table = clv_table(float(self.margin.value), float(self.retention.value),
                               float(self.discount.value), periods=int(self.periods.value))
        self.value = float(self.table["clv"].iloc[-1])
        self.limit = float(self.table["clv_limit"].iloc[0])

    def draw(self, ax: Any) -> None:
        """The CLV curve (:func:`crmkit.plots.value.clv_curve`)."""
        clv_curve(self.table, ax=ax)

    def summary(self) -> str:
        """The current result as text: CLV over the horizon and with no end date."""
        after = label("ui.clv_after").format(periods=int(self.periods.value),
                                             value=money(self.value))
        forever = label("ui.clv_forever").format(value=money(self.limit))
        settings = (f"{label('ui.margin_per_period')} {money(self.margin.value)} · "
                    f"{label('retention_rate')} {self.retention.value:.0%} · "
                    f"{label('discount_rate')} {self.discount.value:.0%}")
        return "\n".join([settings, after, forever])


@validate.checked
def clv_explorer(margin: float = 600.0, retention: float = 0.8, discount: float = 0.1,
                 periods: int = 10) -> ClvExplorer:
    """An explorer of customer lifetime value: move the sliders, watch the CLV curve.

    The CLV is the textbook sum ``m * r**t / (1 + d)**t`` for t = 0 .. periods − 1
    (see :func:`crmkit.clv` for the timing convention); the dashed line is the
    value with no end date.

    Parameters
    ----------
    margin:
        Margin per period (yuan) the customer brings while still a customer.
    retention, discount:
        Retention rate and discount rate per period, fractions 0–1 (0.8, not 80).
        The slider stops at a retention of 0.99 and a discount rate of 0.30.
    periods:
        The horizon: how many periods are counted (1 to 50 on the slider).

    Returns
    -------
    ClvExplorer
        An ipywidgets box: four sliders, the result as text
        (:meth:`~ClvExplorer.summary`) and the CLV curve.

    Raises
    ------
    CRMDataError
        A margin that is not a number or is negative, a rate outside 0–0.99
        (retention) or 0–0.30 (discount), or a horizon below 1.
    """
    margin = validate.number(margin, "margin", low=0)
    retention = validate.fraction(retention, "retention")
    discount = validate.fraction(discount, "discount")
    validate.number(retention, "retention", high=0.99)
    validate.number(discount, "discount", high=0.30)
    periods = validate.number(periods, "periods", low=1, high=1000, integer=True)
    return ClvExplorer(margin, retention, discount, periods)


# --------------------------------------------------------------------------- accumulation


class AccumulationExplorer(Explorer):
    """Sliders for customers moved, shop size and profit per customer; the gap A vs B.

    Attributes
    ----------
    moved, start, profit:
        The sliders; set their ``value`` from code to drive the explorer.
    table:
        The current :func:`crmkit.accumulation_table` over the seed's steps up
        to the chosen number moved (and that number itself).
    row:
        The row of ``table`` for the chosen number moved.
    """

    def __init__(self, moved: int, start: int, profit: float) -> None:
        self.start = slider(label("ui.start_customers"), start, 2, max(1000, start), 1,
                            integer=True)
        self.moved = slider(label("customers_moved"), moved, 0, start - 1, 1, integer=True)
        self.profit = slider(label("ui.profit_per_customer"), profit, 1.0, max(100.0, profit),
                             1.0)
        self.table = pd.DataFrame()
        self.row = pd.Series(dtype=float)
        self.start.observe(self._resize, names="value")
        self._build([self.moved, self.start, self.profit])

    def _resize(self, _change: Any = None) -> None:
        """Shop A must keep at least one customer: cap the moved slider at start − 1."""
        self.moved.max = int(self.start.value) - 1  # also lowers moved.value if needed

    def compute(self) -> None:
        """The accumulation table for the sliders (:func:`crmkit.accumulation_table`)."""
        start, moved = int(self.start.value), int(self.moved.value)
        moved = min(moved, start - 1)
        steps = sorted({s for s in _SEED_STEPS if s < moved} | {moved})
        self.table = accumulation_table(start=start, moved=steps,
                                        profit_per_customer=float(self.profit.value))
        self.row = self.table.iloc[-1]

    def draw(self, ax: Any) -> None:
        """Both shops at each step (:func:`crmkit.plots.value.accumulation_chart`)."""
        accumulation_chart(self.table, ax=ax)

    def summary(self) -> str:
        """The current result as text: customers and profit of A and B, gap and ratio."""
        r = self.row
        return label("ui.accumulation_result").format(
            moved=int(r["moved"]), a=int(r["a_customers"]), b=int(r["b_customers"]),
            gap=int(r["b_minus_a"]), profit_gap=money(r["profit_difference"]),
            ratio=f"{r['b_to_a']:.2f}")


@validate.checked
def accumulation_explorer(moved: int = 10, start: int = 100,
                          profit_per_customer: float = 10) -> AccumulationExplorer:
    """An explorer of the customer accumulation effect (顾客累加效应, seed 002).

    Two shops start with ``start`` customers each; ``moved`` of A's customers
    go to B.  The explorer shows the gap in customers (twice the number moved),
    the gap in profit and the ratio B / A, with a chart of both shops at the
    seed's steps (0, 1, 2, 10, 25, 50 moved) up to the chosen number.

    Parameters
    ----------
    moved:
        Customers who move from A to B (0 to start − 1).
    start:
        Customers per shop at the start (2 to 1,000 on the slider; the seed: 100).
    profit_per_customer:
        Profit each customer brings (the seed: 10).

    Returns
    -------
    AccumulationExplorer
        An ipywidgets box: three sliders, the result as text
        (:meth:`~AccumulationExplorer.summary`) and the chart.

    Raises
    ------
    CRMDataError
        ``start`` not a whole number from 2 to 1,000, ``moved`` outside
        0 .. start − 1, or a profit per customer below 1.
    """
    start = validate.number(start, "start", low=2, high=1000, integer=True)
    moved = validate.number(moved, "moved", low=0, high=start - 1, integer=True)
    profit = validate.number(profit_per_customer, "profit_per_customer", low=1)
    return AccumulationExplorer(moved, start, profit)
