"""Selecting customers (客户选择) and tiering them (客户分级).

Not every customer is worth the same, and some cost more than they bring.
Chapter 03 ranks customers by value and sorts them into groups:

* :func:`pareto_curve` and :func:`top_share` — the 80/20 rule (帕累托法则);
* :func:`abc_classes` and :func:`abc_summary` — ABC classes by cumulative revenue;
* :func:`pyramid_tiers` and :func:`pyramid_summary` — the customer pyramid (客户金字塔);
* :func:`value_matrix` and :func:`value_quadrants` — current × potential value,
  with the VIP quadrant (贵宾型客户);
* :func:`cost_to_serve` — net value after returns, bad debt and service contacts.

Every function accepts either transactions (many rows per customer, summed)
or a per-customer table (one row each), returns a new object and never
changes its input.  Equal customers always land in the same class or tier,
whatever the order of the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit._customers import (
    MAX_AMOUNT,
    SCALE,  # the totals are exact multiples of 1 / SCALE
    amounts,
    customer_ids,
    customer_totals,
    flags,
    totals,
)
from crmkit.errors import CRMDataError

__all__ = [
    "COST_COLUMNS",
    "MIN_KNOWN_DAYS",
    "PRIOR_DAYS",
    "PYRAMID_TIERS",
    "VALUE_QUADRANTS",
    "abc_classes",
    "abc_summary",
    "cost_to_serve",
    "pareto_curve",
    "profit_deciles",
    "pyramid_summary",
    "pyramid_tiers",
    "quadrant_summary",
    "top_share",
    "value_matrix",
    "value_quadrants",
]

_EPS = 1e-9      # shares within this of a cut-off count as having reached it

#: The customer pyramid's tiers, top first, with their default shares of customers
#: and glossary keys: important 1%, secondary 19% (together the key customers,
#: 关键客户), ordinary 30%, small 50%.
PYRAMID_TIERS: tuple[tuple[str, float, str, str], ...] = (
    ("Important", 0.01, "important_customers", "重要客户"),
    ("Secondary", 0.19, "secondary_customers", "次要客户"),
    ("Ordinary", 0.30, "ordinary_customers", "普通客户"),
    ("Small", 0.50, "small_customers", "小客户"),
)

#: The four quadrants of the customer value matrix: (name, current, potential,
#: glossary key, Chinese name, strategy).
VALUE_QUADRANTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("VIP", "high", "high", "vip_customers", "贵宾型客户",
     "Invest: dedicated service and priority; they are worth most now and later."),
    ("Maintain", "high", "low", "maintain_customers", "维持型客户",
     "Keep the relationship efficient; protect today's value without over-investing."),
    ("Develop", "low", "high", "develop_customers", "改进型客户",
     "Grow them: raise our share of their spend, move them up a tier."),
    ("Let go", "low", "low", "let_go_customers", "放弃型客户",
     "Serve at low cost through cheap channels; drop the ones who lose money."),
)


def _ranked(values: pd.Series) -> np.ndarray:
    """Positions that sort customers by value, largest first, ties by customer id."""
    return np.argsort(-values.to_numpy(), kind="stable")


def _scaled(values: pd.Series) -> np.ndarray:
    return np.rint(values.to_numpy() * SCALE)


def _positive_total(values: pd.Series, amount: str) -> float:
    total = float(_scaled(values).sum())
    if total <= 0:
        raise CRMDataError(
            f"the customers' '{amount}' adds up to 0, so there are no shares to "
            "compute. Fix: check that you passed the revenue column and a non-empty period.",
            zh=f"客户的 '{amount}' 加起来为 0，无从计算占比。"
               "修正（Fix）：检查传入的是收入列，且所选期间不为空。"
        )
    return total


@validate.checked
def pareto_curve(data: pd.DataFrame, *, customer: str = "customer_id",
                 amount: str = "revenue") -> pd.DataFrame:
    """The Pareto (80/20) curve: cumulative share of revenue against share of customers.

    Customers are sorted by value, largest first (equal values by customer
    id).  Reading along the curve answers "the best x% of customers bring y%
    of revenue"; in many businesses about 20% bring about 80% (帕累托法则,
    the 80/20 rule).

    Parameters
    ----------
    data : DataFrame
        Transactions (summed per customer) or one row per customer.
    customer, amount : str
        Column names (default ``customer_id`` and ``revenue``; use
        ``amount="monetary"`` on the result of :func:`crmkit.rfm_scores`).

    Returns
    -------
    DataFrame
        One row per customer, best first: ``rank`` (1 = best), the customer
        column, the ``amount`` column (the customer's total), ``revenue_share``
        (of the total), ``cum_customer_share`` and ``cum_revenue_share``
        (both end at exactly 1).

    Raises
    ------
    CRMDataError
        Missing columns, missing ids, text, missing or negative amounts, an
        empty frame, or a total of 0.

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
    >>> pareto_curve(sales)[["customer_id", "cum_customer_share", "cum_revenue_share"]]
      customer_id  cum_customer_share  cum_revenue_share
    0           a                 0.2               0.80
    1           b                 0.4               0.90
    2           c                 0.6               0.95
    3           d                 0.8               0.98
    4           e                 1.0               1.00
    """
    values = customer_totals(validate.transactions(data, customer=customer, amount=amount,
                                                   what="data"))
    total = _positive_total(values, amount)
    order = _ranked(values)
    ranked = values.iloc[order]
    n = len(ranked)
    return pd.DataFrame({
        "rank": np.arange(1, n + 1),
        customer: np.asarray(ranked.index),
        amount: ranked.to_numpy(),
        "revenue_share": _scaled(ranked) / total,
        "cum_customer_share": np.arange(1, n + 1) / n,
        "cum_revenue_share": np.cumsum(_scaled(ranked)) / total,
    })


@validate.checked
def top_share(data: pd.DataFrame, top: float = 0.2, *, customer: str = "customer_id",
              amount: str = "revenue") -> float:
    """Share of revenue brought by the best ``top`` fraction of customers (e.g. 0.2 = 20%).

    Read from :func:`pareto_curve`, joining its points with straight lines, so
    a fraction that is not a whole number of customers counts part of the
    next customer (top 50% of 3 customers = the best one and half the second).

    Raises
    ------
    CRMDataError
        ``top`` is not a fraction from 0 to 1 (``20`` is refused as a percentage:
        pass ``0.2``); bad data, as in :func:`pareto_curve` (missing columns or
        ids, text, missing or negative amounts, an empty frame, a total of 0).

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
    >>> top_share(sales, 0.2)
    0.8
    """
    top = validate.fraction(top, "top")
    curve = pareto_curve(data, customer=customer, amount=amount)
    x = np.concatenate([[0.0], curve["cum_customer_share"].to_numpy()])
    y = np.concatenate([[0.0], curve["cum_revenue_share"].to_numpy()])
    return float(np.interp(top, x, y))


def _labels(labels: Any, count: int, default: Sequence[str], name: str) -> list[str]:
    if labels is None:
        if count == len(default):
            return list(default)
        raise CRMDataError(
            f"{count} groups were asked for but there are {len(default)} default "
            f"names. Fix: pass {name}=[...] with {count} names.",
            zh=f"要求分成 {count} 组，但默认名称只有 {len(default)} 个。"
               f"修正（Fix）：传入 {name}=[...]，其中有 {count} 个名称。"
        )
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise CRMDataError(f"{name} must be a list of names, but got {labels!r}.",
                           zh=f"{name} 应当是名称列表，但收到的是 {labels!r}。")
    names = [str(x) for x in labels]
    if len(names) != count or len(set(names)) != count:
        raise CRMDataError(
            f"{name} must hold {count} different names (one per group), "
            f"but got {labels!r}.",
            zh=f"{name} 应当包含 {count} 个互不相同的名称（每组一个），"
               f"但收到的是 {labels!r}。"
        )
    return names


def _groups_of(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each customer: the index of its value group, plus each group's count and sum."""
    distinct, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    return inverse, counts, distinct * counts


@validate.checked
def abc_classes(
    data: pd.DataFrame,
    cutoffs: Sequence[float] = (0.80, 0.15, 0.05),
    *,
    customer: str = "customer_id",
    amount: str = "revenue",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """ABC classes: A brings the first 80% of revenue, B the next 15%, C the last 5%.

    Customers are ranked by value, largest first, and the revenue is added up
    down the list.  **Boundary rule**: a customer belongs to the first class
    whose cut-off the customers *ranked strictly above it* have not yet
    reached.  So the customer whose revenue crosses the 80% line is still an A
    (it is needed to get there), and a single customer with 90% of the revenue
    is the only A.  Customers with **equal** values have the same customers
    above them and so always share a class (a tie group that straddles a
    cut-off goes wholly to the higher class, which can then hold a little more
    than its share).

    Parameters
    ----------
    data : DataFrame
        Transactions (summed per customer) or one row per customer.
    cutoffs : sequence of fractions, default (0.80, 0.15, 0.05)
        Revenue share of each class, best first; they must add up to 1.
    customer, amount : str
        Column names.
    labels : sequence of str, optional
        Class names; default ``"A", "B", "C", ...`` (one per cut-off).

    Returns
    -------
    DataFrame
        One row per customer, best first: the customer column, the
        ``amount`` column, ``revenue_share``, ``cum_revenue_share`` and
        ``abc_class`` (a categorical with every class, best first).
        :func:`abc_summary` counts them.

    Raises
    ------
    CRMDataError
        Bad data (as :func:`pareto_curve`), cut-offs that are not fractions
        or do not add up to 1, or labels that do not match.

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
    >>> abc_classes(sales)["abc_class"].tolist()
    ['A', 'B', 'B', 'C', 'C']
    """
    cuts = validate.shares(cutoffs, "cutoffs")
    names = _labels(labels, len(cuts), [chr(ord("A") + i) for i in range(min(len(cuts), 26))],
                    "labels")
    values = customer_totals(validate.transactions(data, customer=customer, amount=amount,
                                                   what="data"))
    total = _positive_total(values, amount)
    scaled = _scaled(values)
    group, counts, group_sums = _groups_of(scaled)
    ahead = (total - np.cumsum(group_sums)) / total  # revenue share of larger values
    boundaries = np.cumsum(cuts)[:-1]
    group_class = np.searchsorted(boundaries, ahead + _EPS, side="right")
    order = _ranked(values)
    classes = group_class[group][order]
    ranked = scaled[order]
    return pd.DataFrame({
        customer: np.asarray(values.index[order]),
        amount: values.to_numpy()[order],
        "revenue_share": ranked / total,
        "cum_revenue_share": np.cumsum(ranked) / total,
        "abc_class": pd.Categorical.from_codes(classes, categories=names),
    })


def _known_order(groups: pd.Series, known: Sequence[str], by: str,
                 what: str) -> pd.Categorical:
    """Plain-text labels (e.g. after a CSV round trip) in the default order, every one listed.

    Labels outside ``known`` cannot be put in order: they are refused.
    """
    text = groups.astype(str)
    present = list(dict.fromkeys(text))
    unknown = [v for v in present if v not in known]
    if unknown:
        listed = ", ".join(repr(v) for v in present[:8])
        raise CRMDataError(
            f"column '{by}' holds {what} labels crmkit cannot put in order "
            f"({', '.join(repr(v) for v in unknown[:5])}); the default labels are "
            f"{', '.join(known)}. Fix: keep the categorical column that made them, or say the "
            f"order, top first: `df[{by!r}] = pd.Categorical(df[{by!r}], categories=[{listed}], "
            "ordered=True)` with the labels rearranged top first.",
            zh=f"列 '{by}' 中有 crmkit 无法排序的"
               f"{ {'ABC class': 'ABC 类别', 'pyramid tier': '金字塔层级'}.get(what, what)}标签"
               f"（{', '.join(repr(v) for v in unknown[:5])}）；默认标签是 "
               f"{', '.join(repr(k) for k in known)}。"
               "修正：保留生成这些标签的分类（categorical）列，"
               f"或按从高到低的顺序指明：`df[{by!r}] = pd.Categorical(df[{by!r}], "
               f"categories=[{listed}], ordered=True)`，把其中的标签按从高到低重新排列。"
        )
    return pd.Categorical(text, categories=list(known), ordered=True)


def _summary(frame: pd.DataFrame, by: str, amount: str,
             what: str, known: Sequence[str] | None) -> pd.DataFrame:
    """Customers and revenue per class or tier; ``known``: the default order (None: A, B, ...)."""
    validate.frame(frame, what=what)
    validate.columns(frame, {"by": by, "amount": amount})
    money = validate.numeric(frame, amount)
    groups = frame[by]
    if groups.isna().any():
        bad = groups[groups.isna()]
        raise CRMDataError(f"column '{by}' has missing values "
                           f"({validate.show_rows(bad.index)}). Fix: recompute the classes.",
                           zh=f"列 '{by}' 有缺失值（{validate.rows_zh(bad.index)}）。"
                              "修正（Fix）：重新计算类别。")
    if not isinstance(groups.dtype, pd.CategoricalDtype):
        if known is None:  # ABC classes: A, B, C (at least) up to the last letter present
            letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
            last = max([letters.index(v) for v in groups.astype(str).unique()
                        if v in letters] + [2])
            known = letters[:last + 1]
        groups = _known_order(groups, known, by, what)
    table = pd.DataFrame({"_group": groups, "_money": money.to_numpy()}, index=frame.index)
    grouped = table.groupby("_group", observed=False, sort=True)["_money"]
    out = pd.DataFrame({"customers": grouped.size(), "revenue": grouped.sum()})
    total = out["revenue"].sum()
    out.insert(1, "customer_share", out["customers"] / len(frame))
    out["revenue_share"] = out["revenue"] / total if total > 0 else 0.0
    out.index = out.index.astype(str)
    return out.rename_axis(by).reset_index()


@validate.checked
def abc_summary(classes: pd.DataFrame, *, by: str = "abc_class",
                amount: str = "revenue") -> pd.DataFrame:
    """Count the customers and revenue of each ABC class (every class listed, A first).

    Returns ``abc_class``, ``customers``, ``customer_share``, ``revenue`` and
    ``revenue_share``; both share columns add up to 1.

    Raises
    ------
    CRMDataError
        ``classes`` is not a DataFrame or has no rows; the ``by`` or ``amount``
        column is missing; amounts that are text, missing or negative; missing
        class labels (recompute them with :func:`abc_classes`).

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
    ...                       "revenue": [800.0, 100.0, 50.0, 30.0, 20.0]})
    >>> abc_summary(abc_classes(sales))
      abc_class  customers  customer_share  revenue  revenue_share
    0         A          1             0.2    800.0           0.80
    1         B          2             0.4    150.0           0.15
    2         C          2             0.4     50.0           0.05
    """
    return _summary(classes, by, amount, "ABC class", None)


@validate.checked
def pyramid_tiers(
    data: pd.DataFrame,
    shares: Sequence[float] = (0.01, 0.19, 0.30, 0.50),
    *,
    customer: str = "customer_id",
    amount: str = "revenue",
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The customer pyramid (客户金字塔): tiers by share of customers, ranked by value.

    Default tiers, top first: **Important** (重要客户) the best 1% of
    customers, **Secondary** (次要客户) the next 19% (together the key
    customers, 关键客户), **Ordinary** (普通客户) the next 30% and **Small**
    (小客户) the bottom 50%.

    Counts: with ``n`` customers the tier boundaries sit at ``n × 1%``,
    ``n × 20%``, ``n × 50%`` customers (cumulative shares), each rounded half
    up, and the last at ``n`` — so the counts always add up to ``n``.  A small
    base can leave a tier empty (1% of 30 customers rounds to 0).  **Ties**:
    a customer's tier is decided by how many customers have a strictly
    higher value, so equal customers share a tier; a tie group that straddles
    a boundary goes wholly to the higher tier.

    Parameters
    ----------
    data : DataFrame
        Transactions (summed per customer) or one row per customer.
    shares : sequence of fractions
        Share of customers in each tier, top first; they must add up to 1.
    labels : sequence of str, optional
        Tier names; required when ``shares`` does not have four entries.

    Returns
    -------
    DataFrame
        One row per customer, best first: the customer column, the ``amount``
        column, ``rank`` (1 = best; equal values share the best rank of their
        group) and ``tier`` (a categorical, top tier first).
        :func:`pyramid_summary` counts them.

    Raises
    ------
    CRMDataError
        Missing columns or customer ids, text, missing or negative amounts, an
        empty frame; shares that are not fractions above 0 or do not add up to 1;
        labels that are not one different name per tier (or missing when
        ``shares`` does not have four entries).

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": [f"c{i:02d}" for i in range(10)],
    ...                       "revenue": [100.0, 90, 80, 70, 60, 50, 40, 30, 20, 10]})
    >>> pyramid_tiers(sales)["tier"].value_counts(sort=False).tolist()
    [0, 2, 3, 5]
    """
    tier_shares = validate.shares(shares, "shares")
    names = _labels(labels, len(tier_shares), [t[0] for t in PYRAMID_TIERS], "labels")
    values = customer_totals(validate.transactions(data, customer=customer, amount=amount,
                                                   what="data"))
    n = len(values)
    group, counts, _ = _groups_of(values.to_numpy())
    ahead = n - np.cumsum(counts)  # customers with a strictly higher value, per group
    bounds = np.floor(n * np.cumsum(tier_shares) + 0.5 + _EPS).astype(np.int64)
    bounds[-1] = n
    group_tier = np.searchsorted(bounds, ahead, side="right")
    order = _ranked(values)
    return pd.DataFrame({
        customer: np.asarray(values.index[order]),
        amount: values.to_numpy()[order],
        "rank": (ahead[group] + 1)[order],
        "tier": pd.Categorical.from_codes(group_tier[group][order], categories=names),
    })


@validate.checked
def pyramid_summary(tiers: pd.DataFrame, *, by: str = "tier",
                    amount: str = "revenue") -> pd.DataFrame:
    """Count the customers and revenue of each pyramid tier (top tier first, all tiers listed).

    Returns ``tier``, ``customers``, ``customer_share``, ``revenue`` and
    ``revenue_share``; both share columns add up to 1.

    Raises
    ------
    CRMDataError
        ``tiers`` is not a DataFrame or has no rows; the ``by`` or ``amount``
        column is missing; amounts that are text, missing or negative; missing
        tier labels (recompute them with :func:`pyramid_tiers`).

    With ten customers the top 1% rounds to nobody, yet the tier is still listed:

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"customer_id": [f"c{i:02d}" for i in range(10)],
    ...                       "revenue": [100.0, 90, 80, 70, 60, 50, 40, 30, 20, 10]})
    >>> pyramid_summary(pyramid_tiers(sales))[["tier", "customers", "revenue"]]
            tier  customers  revenue
    0  Important          0      0.0
    1  Secondary          2    190.0
    2   Ordinary          3    210.0
    3      Small          5    150.0
    """
    return _summary(tiers, by, amount, "pyramid tier",
                    [t[0] for t in PYRAMID_TIERS])


def _quadrants(current: np.ndarray, potential: np.ndarray, cut_current: float | None,
               cut_potential: float | None) -> tuple[pd.Categorical, float, float]:
    cut_x = float(np.median(current)) if cut_current is None else cut_current
    cut_y = float(np.median(potential)) if cut_potential is None else cut_potential
    high_x, high_y = current > cut_x, potential > cut_y
    codes = np.select([high_x & high_y, high_x, high_y], [0, 1, 2], default=3)
    names = [q[0] for q in VALUE_QUADRANTS]
    return pd.Categorical.from_codes(codes, categories=names), cut_x, cut_y


def _thresholds(current_threshold: Any, potential_threshold: Any) -> list[float | None]:
    return [None if t is None else validate.number(t, name, low=0, high=MAX_AMOUNT)
            for t, name in ((current_threshold, "current_threshold"),
                            (potential_threshold, "potential_threshold"))]


@validate.checked
def value_quadrants(
    customers: pd.DataFrame,
    *,
    current: str = "current_value",
    potential: str = "potential_value",
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> pd.DataFrame:
    """Place customers in the four quadrants of the value matrix from your own two columns.

    Use it when you measure current and potential value your own way (a
    survey of each customer's budget, the size of a business customer);
    :func:`value_matrix` estimates both from transactions and places
    customers by the same rule.
    A customer is *high* on an axis when **strictly above** the threshold;
    the default thresholds are the **medians** of the two columns.

    Returns
    -------
    DataFrame
        A copy of ``customers`` with ``quadrant`` (categorical: VIP, Maintain,
        Develop, Let go) and the thresholds used, ``current_threshold`` and
        ``potential_threshold``.

    Raises
    ------
    CRMDataError
        ``customers`` is not a DataFrame or has no rows; the ``current`` or
        ``potential`` column is missing or holds text, missing or negative values;
        a threshold that is not a number or is negative.

    >>> import pandas as pd
    >>> wallets = pd.DataFrame({"current_value": [900.0, 800.0, 50.0, 20.0],
    ...                         "potential_value": [5000.0, 100.0, 3000.0, 10.0]})
    >>> value_quadrants(wallets)["quadrant"].tolist()
    ['VIP', 'Maintain', 'Develop', 'Let go']
    """
    validate.frame(customers, what="customers")
    validate.columns(customers, {"current": current, "potential": potential})
    cuts = _thresholds(current_threshold, potential_threshold)
    x = validate.numeric(customers, current).to_numpy()
    y = validate.numeric(customers, potential).to_numpy()
    quadrant, cut_x, cut_y = _quadrants(x, y, *cuts)
    out = customers.copy()
    out["quadrant"] = quadrant
    out["current_threshold"] = cut_x
    out["potential_threshold"] = cut_y
    return out


#: value_matrix: a customer's pace is estimated as if every customer had first spent this
#: many days at the average customer's pace (shrinkage for short histories).
PRIOR_DAYS = 90
#: value_matrix: a customer known for fewer days than this counts as known this long.
MIN_KNOWN_DAYS = 30


@validate.checked
def value_matrix(
    transactions: pd.DataFrame,
    as_of: Any = None,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
    window_days: int = 365,
    current_threshold: float | None = None,
    potential_threshold: float | None = None,
) -> pd.DataFrame:
    """The customer value matrix: current value × potential value, four quadrants.

    * **Current value** (当前价值): what the customer spent in the last
      ``window_days`` up to ``as_of`` (default: the last 365 days).
    * **Potential value** (潜在价值): what the customer is likely to spend in
      the *next* ``window_days`` — their own pace of spending, if they are
      still a customer::

          pace          = (spend + PRIOR_DAYS × average spend per day)
                          / (days known + PRIOR_DAYS) × window_days
          usual gap     = (days known + PRIOR_DAYS)
                          / (orders + PRIOR_DAYS × average orders per day)
          active_chance = exp(− days since last order / usual gap)
          potential     = pace × active_chance

      *Days known* runs from the first order to ``as_of`` (at least
      :data:`MIN_KNOWN_DAYS`); the averages are over all customers.  Both
      paces are **shrunk** towards the average customer's: a customer seen
      for a week counts as if they had first spent :data:`PRIOR_DAYS` (90)
      days at the average pace, so one lucky week does not make a star,
      while a customer seen for years is judged almost only by their own
      record.  ``active_chance`` is the chance that a customer who orders at
      their usual pace goes this long without an order: near 1 when the last
      order was recent, near 0 when the silence is many times their usual gap
      (they have probably left).
    * Why not "growth of spend"?  A customer who arrived this year "grew" from
      0, so every newcomer would look like a rising star; and spend that fell
      because a customer left says nothing about what is left to win.  Computed
      on Xinghe Mart as of 2025-01-01, this potential ranks customers by what
      they actually spent in 2025 better than last year's spend or its growth
      (the tests check it).  If you know more (a survey of each customer's
      total budget for the category, the size of a business customer), put it
      in a column and use :func:`value_quadrants`.
    * **Thresholds**: a customer is *high* on an axis when **strictly above**
      the threshold; the default thresholds are the **medians** of the two
      columns.  Give ``current_threshold`` / ``potential_threshold`` (yuan) to
      set them.

    Quadrants (see :data:`VALUE_QUADRANTS`): high–high **VIP** (贵宾型客户),
    high current / low potential **Maintain** (维持型), low current / high
    potential **Develop** (改进型), low–low **Let go** (放弃型).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per customer who bought on or before ``as_of``, sorted by
        customer: ``orders``, ``days_known``, ``recency_days`` (days since the
        last order), ``current_value``, ``pace``, ``active_chance``,
        ``potential_value``, ``quadrant`` (categorical) and the two thresholds
        used (``current_threshold``, ``potential_threshold``).

    Raises
    ------
    CRMDataError
        Bad data (missing columns, unparseable dates, text or negative
        amounts, an empty frame), ``as_of`` before the first order, a window
        that is not a whole number of days ≥ 1, negative thresholds.

    A buys every month and bought three days ago; B spent as much, but all of
    it before May; C arrived last week; D bought once, a year and a half ago:

    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a"] * 12 + ["b"] * 4 + ["c", "d"],
    ...     "order_date": [f"2025-{m:02d}-28" for m in range(1, 13)]
    ...                   + ["2025-01-15", "2025-02-15", "2025-03-15", "2025-04-15",
    ...                      "2025-12-24", "2024-06-01"],
    ...     "revenue": [100.0] * 12 + [300.0] * 4 + [200.0, 80.0]})
    >>> matrix = value_matrix(orders, as_of="2025-12-31")
    >>> matrix[["customer_id", "current_value", "active_chance", "potential_value",
    ...         "quadrant"]].round(2)
      customer_id  current_value  active_chance  potential_value  quadrant
    0           a         1200.0           0.91          1079.63       VIP
    1           b         1200.0           0.04            51.66  Maintain
    2           c          200.0           0.88          1030.29   Develop
    3           d            0.0           0.14            20.75    Let go
    """
    orders = validate.transactions(transactions, customer=customer, date=date, amount=amount,
                                   as_of=as_of)
    window = validate.number(window_days, "window_days", low=1, high=36_500,
                             integer=True)
    cuts = _thresholds(current_threshold, potential_threshold)
    codes, ids, day, values = orders.codes, orders.customers, orders.days, orders.amounts
    end = orders.as_of_day
    keep = day <= end
    present = np.unique(codes[keep])
    codes = np.searchsorted(present, codes[keep])
    day, values = day[keep], values[keep]
    k = len(present)
    age = end - day  # 0 = on as_of
    current = totals(codes, k, np.where(age < window, values, 0.0))
    spend = totals(codes, k, values)
    orders = np.bincount(codes, minlength=k)
    oldest = np.full(k, -1, dtype=np.int64)
    np.maximum.at(oldest, codes, age)
    newest = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(newest, codes, age)
    known = np.maximum(oldest, MIN_KNOWN_DAYS)
    daily_spend = float(spend.sum()) / float(known.sum())
    daily_orders = float(orders.sum()) / float(known.sum())
    pace = np.round((spend + PRIOR_DAYS * daily_spend) / (known + PRIOR_DAYS) * window, 4)
    usual_gap = (known + PRIOR_DAYS) / (orders + PRIOR_DAYS * daily_orders)
    active = np.exp(-newest / usual_gap)
    potential = np.round(pace * active, 4)
    quadrant, cut_x, cut_y = _quadrants(current, potential, *cuts)
    return pd.DataFrame({
        customer: np.asarray(ids.take(present)),
        "orders": orders,
        "days_known": known,
        "recency_days": newest,
        "current_value": current,
        "pace": pace,
        "active_chance": active,
        "potential_value": potential,
        "quadrant": quadrant,
        "current_threshold": cut_x,
        "potential_threshold": cut_y,
    })


@validate.checked
def quadrant_summary(matrix: pd.DataFrame, *, by: str = "quadrant",
                     current: str = "current_value",
                     potential: str = "potential_value") -> pd.DataFrame:
    """Count the customers of each value-matrix quadrant and add up their values.

    Returns one row per quadrant in the order of :data:`VALUE_QUADRANTS`
    (VIP, Maintain, Develop, Let go; every quadrant listed, even when empty):
    ``quadrant``, ``customers``, ``customer_share``, ``current_value``,
    ``current_share`` (of all current value), ``potential_value`` and
    ``potential_share``.

    Raises
    ------
    CRMDataError
        ``matrix`` is not a DataFrame or has no rows; a missing column; values
        that are text, missing or negative; quadrant names that are not the
        four of :data:`VALUE_QUADRANTS` (recompute them with
        :func:`value_matrix` or :func:`value_quadrants`).

    >>> import pandas as pd
    >>> wallets = pd.DataFrame({"current_value": [900.0, 800.0, 50.0, 20.0],
    ...                         "potential_value": [5000.0, 100.0, 3000.0, 10.0]})
    >>> quadrant_summary(value_quadrants(wallets))[["quadrant", "customers", "current_share"]]
       quadrant  customers  current_share
    0       VIP          1         0.5085
    1  Maintain          1         0.4520
    2   Develop          1         0.0282
    3    Let go          1         0.0113
    """
    validate.frame(matrix, what="value matrix", made_by="ck.value_matrix(...)")
    validate.columns(matrix, {"by": by, "current": current, "potential": potential})
    now = validate.numeric(matrix, current).to_numpy()
    later = validate.numeric(matrix, potential).to_numpy()
    names = [q[0] for q in VALUE_QUADRANTS]
    found = matrix[by].astype(str)
    odd = ~found.isin(names) | matrix[by].isna()
    if odd.any():
        raise CRMDataError(
            f"column '{by}' holds names that are not quadrants "
            f"({validate.show_rows(found.index[odd], found[odd])}); the quadrants are "
            f"{', '.join(names)}. Fix: recompute them with ck.value_matrix(...) or "
            "ck.value_quadrants(...).",
            zh=f"列 '{by}' 中有不是象限名称的值"
               f"（{validate.rows_zh(found.index[odd], found[odd])}）；象限是 "
               f"{'、'.join(names)}。修正（Fix）：用 ck.value_matrix(...) 或 "
               "ck.value_quadrants(...) 重新计算。"
        )
    code = pd.Categorical(found, categories=names).codes
    count = np.bincount(code, minlength=len(names))
    now_sum = np.round(np.bincount(code, weights=now, minlength=len(names)), 4)
    later_sum = np.round(np.bincount(code, weights=later, minlength=len(names)), 4)

    def share(part: np.ndarray) -> np.ndarray:
        total = part.sum()
        return np.round(part / total, 4) if total > 0 else np.zeros(len(part))

    return pd.DataFrame({
        by: names,
        "customers": count,
        "customer_share": np.round(count / len(matrix), 4),
        current: now_sum,
        "current_share": share(now_sum),
        potential: later_sum,
        "potential_share": share(later_sum),
    })


#: The columns :func:`cost_to_serve` reads, by role, as the sample data name them.
COST_COLUMNS: dict[str, str | None] = {
    "customer": "customer_id",
    "amount": "revenue",
    "cost": "cost",
    "discount": "discount",
    "returned": "returned",
    "unpaid": "unpaid",
    "contact_cost": "cost",
}
_COST_OPTIONAL = ("discount", "returned", "unpaid")


@validate.checked
def cost_to_serve(
    transactions: pd.DataFrame,
    service_contacts: pd.DataFrame | None = None,
    *,
    columns: Mapping[str, str | None] | None = None,
    return_handling_cost: float = 10.0,
    discount_in_revenue: bool = True,
) -> pd.DataFrame:
    """What each customer really leaves the firm after the cost of serving them.

    Some customers cost more than they bring (Sprint Nextel's customers who
    called the service line hundreds of times a month; TXU's chronic
    non-payers).  Per customer, in yuan:

    ============== ===========================================================
    revenue        what the customer was billed (``amount``; after discounts)
    cost           cost of the goods sold
    gross_margin   revenue − cost (as if every order were kept and paid)
    return_cost    for each returned order its margin is lost (the money goes
                   back, the goods come back) **plus** ``return_handling_cost``
                   per return (transport, checking, restocking)
    bad_debt       for each unpaid order (``unpaid`` = a "pay later" order
                   never paid) its revenue: the margin counted above never
                   arrives and the goods' cost is lost.  A returned order is
                   not also counted as unpaid.
    discounts      discounts granted (already taken off ``revenue`` in the
                   sample data, so shown but not subtracted again; pass
                   ``discount_in_revenue=False`` if your revenue is before
                   discounts)
    service_cost   total cost of the customer's service contacts (calls,
                   chats, visits) from ``service_contacts``
    net_value      gross_margin − return_cost − bad_debt − service_cost
                   (− discounts when not in revenue)
    unprofitable   True when net_value < 0: the customer costs more than
                   they bring
    ============== ===========================================================

    Also counted: ``orders``, ``returns``, ``unpaid_orders``, ``contacts``.

    Parameters
    ----------
    transactions : DataFrame
        One row per order (``ck.load_transactions()``).
    service_contacts : DataFrame, optional
        One row per contact (``ck.load_service_contacts()``) with the
        ``customer`` and ``contact_cost`` columns; customers who only
        appear here (contacts but no orders) are included too.
    columns : mapping, optional
        The names of the columns, by role, where they differ from the sample
        data's (:data:`COST_COLUMNS`), e.g. ``columns={"customer": "client"}``.
        Roles: ``customer``, ``amount`` (revenue of the order), ``cost`` (cost
        of the goods), ``discount``, ``returned`` and ``unpaid`` (yes/no) in
        ``transactions``; ``contact_cost`` in ``service_contacts`` (the
        customer column has the same name in both frames).  ``discount``,
        ``returned`` and ``unpaid`` may be ``None`` when your data have no
        such column.
    return_handling_cost : float, default 10
        Yuan it costs to handle one return.

    Returns
    -------
    DataFrame
        One row per customer, sorted by customer id, with the columns above.

    Raises
    ------
    CRMDataError
        Missing columns (with the keyword to pass, or ``None`` to skip),
        text, missing or negative amounts, yes/no columns holding anything
        else, an empty transactions frame, a negative handling cost.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "revenue": [100.0, 50.0, 80.0], "cost": [60.0, 30.0, 50.0],
    ...     "discount": [0.0, 5.0, 0.0], "returned": [False, True, False],
    ...     "unpaid": [False, False, True]})
    >>> calls = pd.DataFrame({"customer_id": ["a", "c"], "cost": [15.0, 8.0]})
    >>> cost_to_serve(orders, calls)[["customer_id", "gross_margin", "net_value",
    ...                               "unprofitable"]]
      customer_id  gross_margin  net_value  unprofitable
    0           a          60.0       15.0         False
    1           b          30.0      -50.0          True
    2           c           0.0       -8.0          True
    """
    roles = validate.column_map(columns, COST_COLUMNS, optional=_COST_OPTIONAL)
    customer, cost = roles["customer"], roles["cost"]
    discount, returned, unpaid = roles["discount"], roles["returned"], roles["unpaid"]
    contact_cost = roles["contact_cost"]
    orders = validate.transactions(
        transactions, customer=customer, amount=roles["amount"], mapped=True,
        also=validate.needed(roles, "cost", *(r for r in _COST_OPTIONAL if roles[r] is not None)))
    handling = validate.number(return_handling_cost, "return_handling_cost", low=0,
                               high=MAX_AMOUNT)
    if not isinstance(discount_in_revenue, bool):
        raise CRMDataError(f"discount_in_revenue must be True or False, "
                           f"but got {discount_in_revenue!r}.",
                           zh="discount_in_revenue 只能是 True 或 False，"
                              f"但收到的是 {discount_in_revenue!r}。")
    revenue = orders.amounts
    goods = amounts(transactions, cost)
    given = np.zeros(len(transactions)) if discount is None else amounts(
        transactions, discount)
    back = (np.zeros(len(transactions), dtype=bool) if returned is None
            else flags(transactions, returned).to_numpy())
    owed = (np.zeros(len(transactions), dtype=bool) if unpaid is None
            else flags(transactions, unpaid).to_numpy())
    owed = owed & ~back
    n_orders = len(transactions)

    ids = orders.ids
    contact_money = np.zeros(0)
    if service_contacts is not None:
        validate.frame(service_contacts, what="service contacts", allow_empty=True)
        validate.columns(service_contacts, validate.needed(roles, "customer", "contact_cost"))
        contact_money = amounts(service_contacts, contact_cost)
        if len(service_contacts):
            ids = pd.concat([ids, customer_ids(service_contacts, customer)],
                            ignore_index=True)
    codes, keys = validate.grouped(ids.rename(customer))
    order_codes, contact_codes = codes[:n_orders], codes[n_orders:]
    k = len(keys)

    def per_customer(values: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        return totals(order_codes, k, values if where is None else np.where(where, values, 0))

    margin = revenue - goods
    out = pd.DataFrame({customer: np.asarray(keys)})
    out["orders"] = np.bincount(order_codes, minlength=k)
    out["revenue"] = per_customer(revenue)
    out["cost"] = per_customer(goods)
    out["gross_margin"] = (out["revenue"] - out["cost"]).round(4)
    out["returns"] = np.bincount(order_codes, weights=back, minlength=k).astype(np.int64)
    out["return_cost"] = (per_customer(margin, back) + handling * out["returns"]).round(4)
    out["unpaid_orders"] = np.bincount(order_codes, weights=owed, minlength=k).astype(np.int64)
    out["bad_debt"] = per_customer(revenue, owed)
    out["discounts"] = per_customer(given)
    out["contacts"] = np.bincount(contact_codes, minlength=k)
    out["service_cost"] = totals(contact_codes, k, contact_money[: len(contact_codes)])
    net = out["gross_margin"] - out["return_cost"] - out["bad_debt"] - out["service_cost"]
    if not discount_in_revenue:
        net = net - out["discounts"]
    out["net_value"] = net.round(4)
    out["unprofitable"] = out["net_value"] < 0
    return out


@validate.checked
def profit_deciles(costs: pd.DataFrame, groups: int = 10, *, rank_by: str = "net_value",
                   customer: str = "customer_id") -> pd.DataFrame:
    """Net value by decile: where the profit comes from and where it leaks away.

    Customers from :func:`cost_to_serve` are ranked by ``rank_by`` (default
    ``net_value``; ``"revenue"`` ranks them by what they spend), best first,
    equal values by customer id, and cut into ``groups`` groups of (as near
    as possible) equal size: decile 1 holds the best tenth.  Adding the
    deciles' net value from the top draws the "whale curve": it climbs above
    100% of the total and then falls back, because the last customers
    *lose* money.

    Returns
    -------
    DataFrame
        One row per group: ``decile`` (1 = best), ``customers``, ``revenue``,
        ``net_value``, ``unprofitable`` (customers with net value < 0),
        ``net_share`` (of the total net value) and ``cum_net_share``.

    Raises
    ------
    CRMDataError
        ``costs`` is not a DataFrame or has no rows; a missing column; text
        or missing values; ``groups`` not a whole number from 2 to the number
        of customers; a total net value that is not above 0 (shares would
        mean nothing).

    >>> import pandas as pd
    >>> costs = pd.DataFrame({"customer_id": list("abcd"),
    ...                       "revenue": [500.0, 300.0, 100.0, 400.0],
    ...                       "net_value": [120.0, 60.0, 10.0, -40.0]})
    >>> profit_deciles(costs, groups=4)[["decile", "customer_id", "net_value", "cum_net_share"]]
       decile customer_id  net_value  cum_net_share
    0       1           a      120.0         0.8000
    1       2           b       60.0         1.2000
    2       3           c       10.0         1.2667
    3       4           d      -40.0         1.0000
    """
    validate.frame(costs, what="cost-to-serve table", made_by="ck.cost_to_serve(...)")
    validate.columns(costs, {"customer": customer, "rank_by": rank_by})
    validate.columns(costs, ["revenue", "net_value"])  # read by name: the fix is a rename
    n = len(costs)
    size = validate.number(groups, "groups", low=2, high=max(2, n), integer=True)
    key = validate.numeric(costs, rank_by, allow_negative=True).to_numpy()
    net = validate.numeric(costs, "net_value", allow_negative=True).to_numpy()
    revenue = validate.numeric(costs, "revenue").to_numpy()
    total = float(np.round(net.sum(), 4))
    if total <= 0:
        raise CRMDataError(
            f"the customers' net value adds up to {total:,.2f}, so shares of it mean "
            "nothing. Fix: pass the whole cost_to_serve(...) table, not only the "
            "unprofitable customers.",
            zh=f"客户的净价值加起来为 {total:,.2f}，其占比没有意义。"
               "修正（Fix）：传入完整的 cost_to_serve(...) 表，而不只是不盈利的客户。"
        )
    ids = customer_ids(costs, customer).astype(str).to_numpy()
    order = np.lexsort((ids, -key))
    decile = np.empty(n, dtype=np.int64)
    decile[order] = np.arange(n) * size // n + 1
    table = pd.DataFrame({"decile": decile, "revenue": revenue, "net_value": net,
                          "unprofitable": net < 0})
    out = table.groupby("decile").agg(customers=("revenue", "size"),
                                      revenue=("revenue", "sum"),
                                      net_value=("net_value", "sum"),
                                      unprofitable=("unprofitable", "sum")).reset_index()
    out[["revenue", "net_value"]] = out[["revenue", "net_value"]].round(2)
    if size == n:  # one customer per group: name them
        out.insert(1, customer, ids[order])
    out["net_share"] = (out["net_value"] / total).round(4)
    out["cum_net_share"] = (out["net_value"].cumsum() / total).round(4)
    out["unprofitable"] = out["unprofitable"].astype(np.int64)
    return out
