"""Try it: tiering customers and the value matrix, one slider at a time (chapter 03).

Two explorers, each a thin layer over pure functions of :mod:`crmkit.select`:

* :func:`tier_explorer` — the ABC cut-offs (share of revenue per class) and
  the pyramid shares (share of customers per tier) → how many customers each
  class and tier holds and what share of revenue they bring
  (:func:`~crmkit.select.abc_classes`, :func:`~crmkit.select.abc_summary`,
  :func:`~crmkit.select.pyramid_tiers`, :func:`~crmkit.select.pyramid_summary`);
* :func:`matrix_explorer` — the two thresholds of the value matrix → how many
  customers fall in each quadrant (:func:`~crmkit.select.value_quadrants`,
  :func:`~crmkit.select.quadrant_summary`).

Both answer from code, which is how the tests drive them, and show their
result as text where no live kernel draws widgets (a static page):

>>> import pandas as pd
>>> from crmkit.widgets.select import tier_explorer
>>> sales = pd.DataFrame({"customer_id": list("abcde"),
...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
>>> tiers = tier_explorer(sales)
>>> tiers.abc["customers"].tolist()           # A, B, C with 80 / 15 / 5
[1, 2, 2]
>>> tiers.a_cut.value = 0.9                    # A must now bring 90% of revenue,
>>> tiers.b_cut.value = 0.05                   # B the next 5%, C the rest
>>> tiers.abc["customers"].tolist()
[2, 1, 2]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots.select import abc_chart, pyramid_chart, value_matrix_chart
from crmkit.select import (
    PYRAMID_TIERS,
    VALUE_QUADRANTS,
    abc_classes,
    abc_summary,
    pareto_curve,
    pyramid_summary,
    pyramid_tiers,
    quadrant_summary,
    value_quadrants,
)
from crmkit.widgets._explorer import Explorer, slider

__all__ = ["MatrixExplorer", "TierExplorer", "matrix_explorer", "tier_explorer"]

_TIER_KEYS = {t[0]: t[2] for t in PYRAMID_TIERS}
_QUADRANT_KEYS = {q[0]: q[3] for q in VALUE_QUADRANTS}


def _share_slider(value: float, low: float, high: float, step: float, key: str) -> Any:
    return slider(label(key), value, low, high, step, fmt=".0%")


# --------------------------------------------------------------------------- tiers


class TierExplorer(Explorer):
    """Sliders for the ABC cut-offs and the pyramid shares; classes and tiers.

    Attributes
    ----------
    a_cut, b_cut:
        Share of revenue of class A and of class B (C gets the rest).
    important, secondary, ordinary:
        Share of customers in the top three pyramid tiers (small gets the rest).
    abc, pyramid:
        The current :func:`crmkit.abc_summary` and :func:`crmkit.pyramid_summary`.
    """

    figsize, panels = (10.0, 3.6), 2  # the ABC chart and the pyramid side by side

    def __init__(self, totals: pd.DataFrame, abc: tuple[float, float],
                 pyramid: tuple[float, float, float]) -> None:
        self._totals = totals
        self.a_cut = _share_slider(abc[0], 0.50, 0.95, 0.05, "ui.abc_a_cut")
        self.b_cut = _share_slider(abc[1], 0.02, 0.45, 0.01, "ui.abc_b_cut")
        self.important = _share_slider(pyramid[0], 0.005, 0.05, 0.005, "important_customers")
        self.secondary = _share_slider(pyramid[1], 0.05, 0.40, 0.01, "secondary_customers")
        self.ordinary = _share_slider(pyramid[2], 0.10, 0.50, 0.05, "ordinary_customers")
        self.abc = pd.DataFrame()
        self.pyramid = pd.DataFrame()
        self._build([self.a_cut, self.b_cut, self.important, self.secondary, self.ordinary])

    def _cuts(self) -> tuple[float, float, float]:
        a = round(float(self.a_cut.value), 4)
        b = round(min(float(self.b_cut.value), 0.99 - a), 4)  # C keeps at least 1%
        return a, b, round(1.0 - a - b, 4)

    def _shares(self) -> tuple[float, float, float, float]:
        top = round(float(self.important.value), 4)
        second = round(float(self.secondary.value), 4)
        middle = round(min(float(self.ordinary.value), 0.99 - top - second), 4)
        return top, second, middle, round(1.0 - top - second - middle, 4)

    def compute(self) -> None:
        """ABC classes and pyramid tiers for the sliders, counted per class and tier."""
        self.abc = abc_summary(abc_classes(self._totals, self._cuts()))
        self.pyramid = pyramid_summary(pyramid_tiers(self._totals, self._shares()))

    def draw(self, ax: Any) -> None:
        """The ABC classes and the pyramid side by side."""
        left, right = ax
        abc_chart(self.abc, ax=left)
        pyramid_chart(self.pyramid, ax=right)

    def summary(self) -> str:
        """The current result as text: each class and tier, its customers and revenue share."""
        lines = [f"ABC {' / '.join(f'{c:.0%}' for c in self._cuts())}"]
        for row in self.abc.itertuples(index=False):
            lines.append(label("ui.tier_line").format(
                name=row.abc_class, customers=f"{row.customers:,}",
                customer_share=f"{row.customer_share:.1%}",
                revenue_share=f"{row.revenue_share:.1%}"))
        lines.append(f"{label('customer_pyramid')} "
                     f"{' / '.join(f'{s:.1%}' for s in self._shares())}")
        for row in self.pyramid.itertuples(index=False):
            key = _TIER_KEYS.get(str(row.tier))
            lines.append(label("ui.tier_line").format(
                name=label(key) if key else row.tier, customers=f"{row.customers:,}",
                customer_share=f"{row.customer_share:.1%}",
                revenue_share=f"{row.revenue_share:.1%}"))
        return "\n".join(lines)


@validate.checked
def tier_explorer(data: pd.DataFrame, abc: tuple[float, float] = (0.80, 0.15),
                  pyramid: tuple[float, float, float] = (0.01, 0.19, 0.30), *,
                  customer: str = "customer_id", amount: str = "revenue") -> TierExplorer:
    """An explorer of ABC classes and the customer pyramid: move a cut-off, watch the tiers.

    Parameters
    ----------
    data:
        Transactions (summed per customer) or one row per customer.
    abc:
        Starting revenue shares of classes A and B (C gets the rest), e.g. (0.80, 0.15).
    pyramid:
        Starting customer shares of the important, secondary and ordinary tiers
        (small customers get the rest), e.g. (0.01, 0.19, 0.30).
    customer, amount:
        Column names.

    Returns
    -------
    TierExplorer
        Five sliders, the result as text (:meth:`~TierExplorer.summary`) and the
        ABC and pyramid charts.

    Raises
    ------
    CRMDataError
        Bad data (as :func:`crmkit.abc_classes`); shares that are not fractions or
        leave nothing for the last class or tier.
    """
    validate.frame(data, what="data")
    abc, pyramid = _pair(abc, 2, "abc"), _pair(pyramid, 3, "pyramid")
    validate.percentages(abc, "abc", total=None)
    validate.percentages(pyramid, "pyramid", total=None)
    abc = tuple(validate.fraction(x, "abc") for x in abc)
    pyramid = tuple(validate.fraction(x, "pyramid") for x in pyramid)
    for name, shares in (("abc", abc), ("pyramid", pyramid)):
        if sum(shares) >= 1 or min(shares) <= 0:
            raise CRMDataError(
                f"{name}={shares!r} must be shares above 0 that leave room for the "
                f"last group (they add up to {sum(shares):.2f}). Fix: e.g. "
                f"{'abc=(0.80, 0.15)' if name == 'abc' else 'pyramid=(0.01, 0.19, 0.30)'}.",
                zh=f"{name}={shares!r} 应当是大于 0 的份额，并给最后一组留出余地"
                   f"（它们加起来是 {sum(shares):.2f}）。修正（Fix）：例如 "
                   f"{'abc=(0.80, 0.15)' if name == 'abc' else 'pyramid=(0.01, 0.19, 0.30)'}。"
            )
    ranked = pareto_curve(data, customer=customer, amount=amount)  # one row per customer
    totals = pd.DataFrame({"customer_id": ranked[customer].to_numpy(),
                           "revenue": ranked[amount].to_numpy()})
    return TierExplorer(totals, abc, pyramid)


def _pair(values: Any, count: int, name: str) -> tuple[Any, ...]:
    if isinstance(values, str) or not hasattr(values, "__len__") or len(values) != count:
        example = "abc=(0.80, 0.15)" if name == "abc" else "pyramid=(0.01, 0.19, 0.30)"
        raise CRMDataError(f"{name} must hold {count} shares, but got {values!r}. "
                           f"Fix: pass e.g. {example}.",
                           zh=f"{name} 应当含有 {count} 个份额，但收到的是 {values!r}。"
                              f"修正（Fix）：例如传入 {example}。")
    return tuple(values)


# --------------------------------------------------------------------------- matrix


class MatrixExplorer(Explorer):
    """Sliders for the two thresholds of the value matrix; the quadrant counts.

    Attributes
    ----------
    current_threshold, potential_threshold:
        The sliders (yuan); a customer is *high* when strictly above.
    quadrants:
        The current :func:`crmkit.quadrant_summary`.
    """

    def __init__(self, matrix: pd.DataFrame, current: float, potential: float,
                 top: tuple[float, float]) -> None:
        self._matrix = matrix[["current_value", "potential_value"]]
        self.current_threshold = slider(label("current_value"), current, 0.0, top[0], 50.0,
                                        fmt=",.0f")
        self.potential_threshold = slider(label("potential_value"), potential, 0.0, top[1],
                                          50.0, fmt=",.0f")
        self.quadrants = pd.DataFrame()
        self._placed = pd.DataFrame()
        self._build([self.current_threshold, self.potential_threshold])

    def compute(self) -> None:
        """Place the customers for the thresholds (:func:`crmkit.value_quadrants`)."""
        self._placed = value_quadrants(
            self._matrix, current_threshold=float(self.current_threshold.value),
            potential_threshold=float(self.potential_threshold.value))
        self.quadrants = quadrant_summary(self._placed)

    def draw(self, ax: Any) -> None:
        """The customers on the value matrix (:func:`crmkit.plots.select.value_matrix_chart`)."""
        value_matrix_chart(self._placed, ax=ax)

    def summary(self) -> str:
        """The current result as text: the thresholds and each quadrant's customers."""
        lines = [f"{label('current_value')} > {self.current_threshold.value:,.0f} · "
                 f"{label('potential_value')} > {self.potential_threshold.value:,.0f}"]
        for row in self.quadrants.itertuples(index=False):
            lines.append(label("ui.quadrant_line").format(
                name=label(_QUADRANT_KEYS[row.quadrant]), customers=f"{row.customers:,}",
                customer_share=f"{row.customer_share:.1%}",
                current_share=f"{row.current_share:.1%}"))
        return "\n".join(lines)


@validate.checked
def matrix_explorer(matrix: pd.DataFrame, current_threshold: float | None = None,
                    potential_threshold: float | None = None) -> MatrixExplorer:
    """An explorer of the customer value matrix: move a threshold, watch the quadrants.

    Parameters
    ----------
    matrix:
        The result of :func:`crmkit.value_matrix` (or any frame with
        ``current_value`` and ``potential_value`` columns).
    current_threshold, potential_threshold:
        Starting thresholds in yuan; default the medians, rounded to 10 yuan.

    Returns
    -------
    MatrixExplorer
        Two sliders, the result as text (:meth:`~MatrixExplorer.summary`) and the
        value-matrix chart.

    Raises
    ------
    CRMDataError
        ``matrix`` is not a DataFrame, has no rows or lacks the two columns;
        values that are text, missing or negative; negative thresholds.
    """
    validate.frame(matrix, what="value matrix", made_by="ck.value_matrix(...)")
    validate.columns(matrix, ["current_value", "potential_value"])
    current = validate.numeric(matrix, "current_value")
    potential = validate.numeric(matrix, "potential_value")
    start = []
    for given, values, name in ((current_threshold, current, "current_threshold"),
                                (potential_threshold, potential, "potential_threshold")):
        if given is None:
            start.append(round(float(values.median()), -1))
        else:
            start.append(validate.number(given, name, low=0))
    top = (max(float(current.quantile(0.95)), start[0], 100.0),
           max(float(potential.quantile(0.95)), start[1], 100.0))
    return MatrixExplorer(matrix, start[0], start[1], top)
