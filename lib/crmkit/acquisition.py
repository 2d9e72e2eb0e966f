"""Winning customers (客户开发, chapter 05): what a new customer costs and when they pay it back.

* :func:`acquisition_funnel` — per channel: leads, first and repeat purchases,
  and the cost of a lead, of a new and of a *retained* customer.
* :func:`payback_period` — periods until a customer's margins repay their
  acquisition cost, in the margin × retention model of chapter 04.
* :func:`payback_curve` and :func:`payback_month` — the same question answered
  from the orders: the average margin a channel's new customers brought in their
  first months, and the month it passed the cost of winning them.
* :func:`marginal_acquisition_cost` — split each channel's spend into a fixed
  monthly part and a cost per extra customer: what the *next* yuan buys.
* :func:`budget_plan` — a budget split across channels → expected first
  purchases, repeat customers, margin and payback month (the chapter's explorer).
* :func:`promotion_effect` — customers who took a discount in a promotion month
  against those who bought without one, before, during and after.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, validate
from crmkit.errors import CRMDataError

__all__ = [
    "FUNNEL_COLUMNS",
    "acquisition_funnel",
    "budget_plan",
    "marginal_acquisition_cost",
    "payback_curve",
    "payback_month",
    "payback_period",
    "promotion_effect",
]


# --------------------------------------------------------------------------- acquisition
#: The columns :func:`acquisition_funnel` reads, by role, as the sample data name them.
FUNNEL_COLUMNS: dict[str, str] = {
    "spend": "spend",
    "leads": "leads",
    "buyers": "first_purchases",
    "customer": "customer_id",
}


@validate.checked
def acquisition_funnel(
    acquisition: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    transactions: pd.DataFrame | None = None,
    by: str = "channel",
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Acquisition funnel per channel (客户开发漏斗): leads → registered → first purchase → repeat.

    Adds up the acquisition log (one row per month and channel: marketing
    ``spend``, ``leads`` and ``first_purchases``) per channel.  With
    ``customers`` (their acquisition channel in column ``by``) and
    ``transactions`` it also counts, per channel, the customers who bought
    at least once and those who came back for a second order.

    ``columns`` names the columns by role where they differ from the sample
    data's (:data:`FUNNEL_COLUMNS`), e.g. ``columns={"buyers": "new_customers"}``:
    ``spend``, ``leads`` and ``buyers`` (first purchases) in ``acquisition``;
    ``customer`` in ``customers`` and ``transactions``.

    Returns
    -------
    DataFrame
        One row per channel: ``spend``, ``leads``, ``first_purchases``,
        ``lead_conversion`` (first purchases / leads), ``cost_per_lead``,
        ``cost_per_customer`` (spend / first purchases: the acquisition cost,
        missing where nobody bought); with the frames also ``registered``
        (customers of the channel in ``customers``, bought or not: the leads
        who left their details, the qualified prospects), ``buyers``,
        ``repeat_buyers``, ``repeat_rate`` (repeat / buyers) and
        ``cost_per_retained`` (spend / repeat buyers: what one customer who
        *came back* cost — the better yardstick when channels differ in how
        many of their new customers stay).

    Raises
    ------
    CRMDataError
        Missing columns, an empty frame, text, gaps, negative or fractional
        counts, more first purchases than leads in a row (the counts do not
        add up), only one of ``customers`` / ``transactions``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"month": ["2024-01", "2024-02", "2024-01"],
    ...                     "channel": ["app", "app", "store"], "spend": [500.0, 700.0, 300.0],
    ...                     "leads": [100, 140, 40], "first_purchases": [10, 14, 20]})
    >>> ck.acquisition_funnel(log)["cost_per_customer"].tolist()
    [50.0, 15.0]
    """
    validate.frame(acquisition, what="acquisition log")
    roles = validate.column_map(columns, FUNNEL_COLUMNS)
    spend, leads, buyers, customer = (roles[r] for r in ("spend", "leads", "buyers", "customer"))
    validate.columns(acquisition, {"by": by, **validate.needed(roles, "spend", "leads", "buyers")})
    money = validate.numeric(acquisition, spend)
    n_leads = validate.numeric(acquisition, leads, integer=True)
    n_buyers = validate.numeric(acquisition, buyers, integer=True)
    over = n_buyers > n_leads
    if over.any():
        bad = acquisition.index[over]
        raise CRMDataError(
            f"'{buyers}' is larger than '{leads}' in {validate.show_rows(bad)}: the "
            "counts do not add up (every first purchase was a lead first). Fix: check those rows.",
            zh=f"在{validate.rows_zh(bad)}中，'{buyers}' 大于 '{leads}'：人数对不上"
               "（每次首次购买之前都先是一条线索）。修正（Fix）：检查这些行。"
        )
    groups = _customers.customer_ids(acquisition, by, keyword="by").astype(str)
    table = pd.DataFrame({"spend": money, "leads": n_leads, "first_purchases": n_buyers})
    table = table.groupby(groups.to_numpy(), sort=True).sum()
    table.index.name = by
    table[["leads", "first_purchases"]] = table[["leads", "first_purchases"]].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["lead_conversion"] = table["first_purchases"] / table["leads"].where(
            table["leads"] > 0)
        table["cost_per_lead"] = table["spend"] / table["leads"].where(table["leads"] > 0)
        table["cost_per_customer"] = table["spend"] / table["first_purchases"].where(
            table["first_purchases"] > 0)
    if (customers is None) != (transactions is None):
        raise CRMDataError(
            "repeat buyers need both customers= and transactions=. Fix: pass both, e.g. "
            "`customers=ck.load_customers(), transactions=ck.load_transactions()`, or neither.",
            zh="统计重复购买客户需要同时传入 customers= 和 transactions=。"
               "修正（Fix）：两者都传入，例如 "
               "`customers=ck.load_customers(), transactions=ck.load_transactions()`，"
               "或两者都不传。")
    if customers is not None:
        validate.frame(customers, what="customers")
        validate.columns(customers, {**validate.needed(roles, "customer"), "by": by})
        registered = _customers.customer_ids(customers, customer)
        channel = _customers.customer_ids(customers, by, keyword="by").astype(str)
        orders = validate.transactions(transactions, customer=customer,
                                       mapped=True).ids.value_counts()
        count = orders.reindex(registered.to_numpy(dtype=object), fill_value=0).to_numpy()
        per = pd.DataFrame({"registered": np.ones(len(count), dtype=bool),
                            "buyers": count >= 1, "repeat_buyers": count >= 2})
        per = per.groupby(channel.to_numpy(), sort=True).sum().astype(np.int64)
        table = table.join(per, how="outer")
        counted = ["registered", "buyers", "repeat_buyers"]
        table[counted] = table[counted].fillna(0).astype(np.int64)
        table["repeat_rate"] = table["repeat_buyers"] / table["buyers"].where(table["buyers"] > 0)
        table["cost_per_retained"] = table["spend"] / table["repeat_buyers"].where(
            table["repeat_buyers"] > 0)
        order = ["spend", "leads", "registered", "first_purchases", "buyers", "repeat_buyers",
                 "lead_conversion", "repeat_rate", "cost_per_lead", "cost_per_customer",
                 "cost_per_retained"]
        table = table[order]
    return table


@validate.checked
def payback_period(cost: Any, margin: float, retention: float = 1.0) -> Any:
    """Periods until a new customer's margins pay back what winning them cost.

    The customer brings ``margin`` per period (the first period's margin
    for sure, like :func:`crmkit.clv`) and stays each further period with
    probability ``retention``.  After *n* periods the expected margin is
    ``margin × (1 − r**n) / (1 − r)`` (``margin × n`` when r = 1); the payback
    period is the first whole *n* at which it reaches ``cost``.  Money is not
    discounted here.  When even the whole expected lifetime margin,
    ``margin / (1 − r)``, stays below the cost, the customer never pays back:
    the result is infinite (``inf``).

    Parameters
    ----------
    cost:
        Acquisition cost per customer — a number or a Series (e.g.
        ``acquisition_funnel(...)["cost_per_customer"]``).
    margin:
        Margin per customer per period (yuan, above 0).
    retention:
        Retention rate per period, a fraction in [0, 1] (default 1: nobody leaves).

    Returns
    -------
    float, or a Series named ``payback_periods`` for a Series of costs.

    Raises
    ------
    CRMDataError
        Negative, missing or non-numeric costs, a margin of 0 or less, a rate
        outside [0, 1].

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.payback_period(250, margin=100)
    3.0
    >>> ck.payback_period(250, margin=100, retention=0.5)  # at most 100 / (1 - 0.5) = 200
    inf
    """
    m = validate.number(margin, "margin", low=0, low_open=True)
    r = validate.fraction(retention, "retention")
    if isinstance(cost, pd.Series):
        costs = validate.numeric(pd.DataFrame({"cost": cost}), "cost").to_numpy()
    else:
        costs = np.array([validate.number(cost, "cost", low=0)])
    need = costs / m
    with np.errstate(divide="ignore", invalid="ignore"):
        if r == 1:
            periods = np.ceil(need - 1e-9)
        else:
            left = 1 - need * (1 - r)
            if r == 0:
                periods = np.where(left >= -1e-12, 1.0, np.inf)
            else:
                periods = np.where(left > 1e-12,
                                   np.ceil(np.log(np.maximum(left, 1e-300)) / np.log(r) - 1e-9),
                                   np.inf)
    periods = np.maximum(periods, np.where(costs > 0, 1.0, 0.0))
    if isinstance(cost, pd.Series):
        return pd.Series(periods, index=cost.index, name="payback_periods")
    return float(periods[0])


# --------------------------------------------------------------------------- payback, orders
def _order_months(transactions: pd.DataFrame, customer: str, date: str
                  ) -> tuple[pd.Series, np.ndarray]:
    # payback_curve and promotion_effect read the date column by name (no date= keyword)
    ids = validate.transactions(transactions, customer=customer).ids
    return ids, _customers.month_numbers(validate.dates(transactions, date))


@validate.checked
def payback_curve(
    transactions: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    months: int = 12,
    by: str = "channel",
    customer: str = "customer_id",
) -> pd.DataFrame:
    """Average cumulative margin per new customer, month by month, per acquisition channel.

    Month 1 is the calendar month of a customer's first order, month 2 the next
    calendar month, and so on.  The margin of an order is ``revenue − cost``
    (as in chapter 04).  Only customers whose first ``months`` months all lie
    inside the data are counted (a customer won last month has not had the
    chance to buy for a year yet), and every counted customer stays in the
    average, also in months without orders.

    Parameters
    ----------
    transactions:
        One row per order, with ``customer``, ``order_date``, ``revenue`` and ``cost``.
    customers:
        One row per customer, with ``customer`` and the acquisition channel ``by``.
    months:
        How many months to follow each new customer (default 12).

    Returns
    -------
    DataFrame
        One row per channel (index ``by``), columns 1 … ``months`` (named
        ``month``): yuan of margin per new customer up to and including that
        month.  ``result.attrs["customers"]`` holds how many customers each row
        averages.

    Raises
    ------
    CRMDataError
        Missing columns or ids, text in the money columns, unparseable dates,
        a customer with orders but no channel, ``months`` not a whole number
        ≥ 1, or data too short to follow anyone for ``months`` months.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                        "order_date": ["2024-01-05", "2024-02-10", "2024-01-20"],
    ...                        "revenue": [100.0, 50.0, 80.0], "cost": [60.0, 30.0, 40.0]})
    >>> people = pd.DataFrame({"customer_id": ["A", "B"], "channel": ["app", "app"]})
    >>> ck.payback_curve(orders, people, months=2).loc["app"].tolist()  # (40+40)/2, +20/2
    [40.0, 50.0]
    """
    n_months = validate.number(months, "months", low=1, integer=True)
    ids, month = _order_months(transactions, customer, "order_date")
    margin = (validate.numeric(transactions, "revenue")
              - validate.numeric(transactions, "cost")).to_numpy()
    validate.frame(customers, what="customers")
    validate.columns(customers, {"customer": customer, "by": by})
    channel_of = pd.Series(
        _customers.customer_ids(customers, by, keyword="by").astype(str).to_numpy(),
        index=_customers.customer_ids(customers, customer).to_numpy(dtype=object))
    if channel_of.index.has_duplicates:
        twice = channel_of.index[channel_of.index.duplicated()].unique()
        raise CRMDataError(
            f"customers lists {validate.show_rows(twice)} more than once, so their "
            "channel is ambiguous. Fix: keep one row per customer, e.g. "
            f"customers.drop_duplicates(subset='{customer}').",
            zh=f"customers 中 {validate.rows_zh(twice)} 出现了不止一次，因此其渠道不明确。"
               "修正（Fix）：每个客户只保留一行，例如 "
               f"`customers.drop_duplicates(subset='{customer}')`。"
        )
    keys = ids.to_numpy(dtype=object)
    channel = channel_of.reindex(keys)
    if channel.isna().any():
        unknown = pd.unique(keys[channel.isna().to_numpy()])
        raise CRMDataError(
            f"{len(unknown)} customer(s) with orders are not in customers "
            f"(e.g. {', '.join(map(str, unknown[:5]))}), so their channel is unknown. "
            "Fix: pass the customers frame that belongs to these orders.",
            zh=f"有 {len(unknown)} 个有订单的客户不在 customers 中"
               f"（例如 {', '.join(map(str, unknown[:5]))}），因此不知道他们的渠道。"
               "修正（Fix）：传入与这些订单对应的 customers 数据框。"
        )
    first = pd.Series(month).groupby(keys).transform("min").to_numpy()
    since = month - first  # 0 = the month of the first order
    last_start = month.max() - (n_months - 1)
    followed = first <= last_start
    if not followed.any():
        raise CRMDataError(
            f"the orders span {month.max() - month.min() + 1} month(s), too few to follow "
            f"any customer for months={n_months}. Fix: pass a smaller months=.",
            zh=f"订单只跨 {month.max() - month.min() + 1} 个月，不够按 months={n_months} "
               "跟踪任何客户。修正（Fix）：传入更小的 months=。"
        )
    keep = followed & (since < n_months)
    sums = pd.DataFrame({"channel": channel.to_numpy()[keep], "month": since[keep] + 1,
                         "margin": margin[keep]})
    table = sums.pivot_table(index="channel", columns="month", values="margin", aggfunc="sum",
                             fill_value=0.0)
    table = table.reindex(columns=range(1, n_months + 1), fill_value=0.0)
    people = pd.Series(channel.to_numpy()[followed], index=keys[followed])
    counts = people[~people.index.duplicated()].value_counts().reindex(table.index)
    curve = table.cumsum(axis=1).div(counts, axis=0).astype("float64")
    curve.index.name, curve.columns.name = by, "month"
    curve.attrs["customers"] = counts.astype("int64").to_dict()
    return curve


def _curve_values(curve: Any) -> np.ndarray:
    """The numbers of a payback curve, after checking its columns are the months 1, 2, …."""
    validate.frame(curve, what="payback curve", made_by="ck.payback_curve(...)")
    months = list(curve.columns)
    if months != list(range(1, len(months) + 1)):
        raise CRMDataError(
            f"the curve's columns must be the months 1, 2, …, {len(months)}, found "
            f"{months[:5]}. Fix: pass the result of ck.payback_curve(...).",
            zh=f"曲线的列应当是月份 1, 2, …, {len(months)}，但找到的是 "
               f"{months[:5]}。修正（Fix）：传入 `ck.payback_curve(...)` 的结果。"
        )
    return np.column_stack([validate.numeric(curve, m) for m in months])


@validate.checked
def payback_month(curve: pd.DataFrame, cost: Any) -> pd.Series:
    """The first month in which a channel's cumulative margin reaches its acquisition cost.

    Parameters
    ----------
    curve:
        :func:`payback_curve` (channels down, months 1, 2, … across).
    cost:
        Acquisition cost per new customer: one number for every channel, or a
        Series (or dict) by channel (e.g. ``acquisition_funnel(...)["cost_per_customer"]``).

    Returns
    -------
    Series ``payback_month`` (float): 1 means the customers paid for
    themselves in the month of their first order; missing (NaN) where the curve
    stays below the cost for all the months it covers — not "never", just
    "not within the months observed".

    Raises
    ------
    CRMDataError
        A curve without months 1, 2, …, a negative or missing cost, a channel
        of the curve that has no cost.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> curve = pd.DataFrame({1: [40.0, 10.0], 2: [90.0, 20.0]}, index=["app", "social"])
    >>> ck.payback_month(curve, 50).tolist()
    [2.0, nan]
    """
    values = _curve_values(curve)
    if isinstance(cost, Mapping):
        cost = pd.Series(cost, dtype="float64") if cost else pd.Series(dtype="float64")
    if isinstance(cost, pd.Series):
        missing = curve.index.difference(cost.index)
        if len(missing):
            raise CRMDataError(
                f"no cost for {validate.show_rows(missing)} of the curve. Fix: pass a "
                "cost for every channel, e.g. acquisition_funnel(...)['cost_per_customer'].",
                zh=f"曲线中的 {validate.rows_zh(missing)} 没有成本。修正（Fix）：给每个渠道"
                   "一个成本，例如 `acquisition_funnel(...)['cost_per_customer']`。"
            )
        costs = validate.numeric(pd.DataFrame({"cost": cost.reindex(curve.index)}),
                                 "cost").to_numpy()
    else:
        costs = np.full(len(curve), validate.number(cost, "cost", low=0))
    reached = values >= costs[:, None] - 1e-9
    first = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1.0, np.nan)
    return pd.Series(first, index=curve.index, name="payback_month")


@validate.checked
def marginal_acquisition_cost(
    acquisition: pd.DataFrame,
    *,
    by: str = "channel",
    spend: str = "spend",
    buyers: str = "first_purchases",
) -> pd.DataFrame:
    """Fixed monthly spend and cost per *extra* new customer, per channel.

    Fits, for each channel, the straight line ``spend = fixed + marginal ×
    first purchases`` through its months (least squares).  The **average**
    cost (spend ÷ first purchases) includes the fixed part — agency fees, the
    app's upkeep — that is paid whatever the number of customers; the
    **marginal** cost is what one more customer adds, so it is the better
    guide for the *next* yuan of budget.  The fit needs months with different
    numbers of new customers; the answer only holds inside the range the
    channel has actually seen.

    Returns
    -------
    DataFrame
        One row per channel: ``months``, ``fixed_per_month``, ``marginal_cost``,
        ``average_cost`` (yuan).

    Raises
    ------
    CRMDataError
        Missing columns, text or negative numbers, a channel with fewer than
        three months, or one whose new-customer counts never change.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"channel": ["app"] * 3, "spend": [600.0, 1100.0, 1600.0],
    ...                     "first_purchases": [10, 20, 30]})
    >>> fit = ck.marginal_acquisition_cost(log).loc["app"]
    >>> float(round(fit["fixed_per_month"], 6)), float(round(fit["marginal_cost"], 6))
    (100.0, 50.0)
    """
    validate.frame(acquisition, what="acquisition log")
    validate.columns(acquisition, {"by": by, "spend": spend, "buyers": buyers})
    money = validate.numeric(acquisition, spend).to_numpy()
    new = validate.numeric(acquisition, buyers, integer=True).to_numpy()
    groups = _customers.customer_ids(acquisition, by, keyword="by").astype(str)
    rows = {}
    for name, where in groups.groupby(groups.to_numpy(), sort=True).indices.items():
        x, y = new[where], money[where]
        if len(x) < 3 or np.ptp(x) == 0:
            raise CRMDataError(
                f"channel {name!r} has {len(x)} month(s) and its '{buyers}' "
                f"{'never change' if len(x) >= 3 else 'are too few'}, so no line can be fitted. "
                "Fix: pass at least three months with different numbers of new customers.",
                zh=f"渠道 {name!r} 只有 {len(x)} 个月的数据，且其 '{buyers}' "
                   f"{'始终不变' if len(x) >= 3 else '太少'}，无法拟合直线。"
                   "修正（Fix）：至少传入三个月、且新客户数各不相同的数据。"
            )
        slope, intercept = np.polyfit(x.astype(float), y, 1)
        average = y.sum() / x.sum() if x.sum() > 0 else np.nan
        rows[name] = (len(x), float(intercept), float(slope), float(average))
    table = pd.DataFrame.from_dict(
        rows, orient="index",
        columns=["months", "fixed_per_month", "marginal_cost", "average_cost"])
    table.index.name = by
    return table


def _budget(budget: Any) -> pd.Series:
    if isinstance(budget, pd.Series):
        budget = budget.to_dict()
    if not isinstance(budget, Mapping) or not budget:
        raise CRMDataError(
            f"budget must map each channel to yuan, e.g. {{'store': 4000, "
            f"'app': 6000}}, but got {budget!r}. Fix: pass a dict or a Series.",
            zh=f"budget 应当把每个渠道对应到金额（元），例如 {{'store': 4000, "
               f"'app': 6000}}，但收到的是 {budget!r}。修正（Fix）：传入 dict 或 Series。"
        )
    return pd.Series({str(k): validate.number(v, f"budget[{k!r}]", low=0)
                      for k, v in budget.items()}, dtype="float64")


def _per_channel(values: Any, name: str, channels: pd.Index, *,
                 fraction: bool = False) -> pd.Series:
    if isinstance(values, pd.Series):
        values = values.to_dict()
    if not isinstance(values, Mapping):
        raise CRMDataError(
            f"{name} must give a value per channel (a dict or a Series indexed by "
            f"channel), but got {type(values).__name__}. Fix: pass e.g. a column of "
            "ck.acquisition_funnel(...).",
            zh=f"{name} 应当为每个渠道给出一个值（dict，或以渠道为索引的 Series），"
               f"但收到的是 {type(values).__name__}。修正（Fix）：例如传入 "
               "`ck.acquisition_funnel(...)` 的一列。"
        )
    given = {str(k): v for k, v in values.items()}
    missing = [c for c in channels if c not in given]
    if missing:
        raise CRMDataError(
            f"{name} has no value for {', '.join(map(repr, missing))}. "
            f"Fix: give {name} for every channel of the budget.",
            zh=f"{name} 中没有 {', '.join(map(repr, missing))} 的值。"
               f"修正（Fix）：为预算中的每个渠道给出 {name}。"
        )
    check = validate.fraction if fraction else validate.number
    extra = {} if fraction else {"low": 0, "low_open": name == "cost"}
    return pd.Series({c: check(given[c].item() if hasattr(given[c], "item") else given[c],
                               f"{name}[{c!r}]", **extra)
                      for c in channels}, dtype="float64")


@validate.checked
def budget_plan(
    budget: Mapping[str, float],
    cost: Any,
    repeat_rate: Any,
    curve: pd.DataFrame,
    *,
    limit: Any = None,
) -> pd.DataFrame:
    """What a budget split across channels is expected to buy.

    For each channel: ``first_purchases = budget / cost`` (an expected number,
    not rounded), at most ``limit`` when one is given (money beyond the limit
    buys nothing: the channel is saturated); ``repeat_buyers =
    first_purchases × repeat_rate``; ``margin`` = the new customers' margin
    over the months of ``curve``; ``payback_month`` = the first month in which
    their cumulative margin reaches the money spent.  The ``total`` row adds
    the channels up and finds the payback month of the whole budget.

    Parameters
    ----------
    budget:
        Yuan per channel, e.g. ``{"store": 4000, "search": 6000}``.
    cost:
        Yuan per extra new customer, per channel (a dict or a Series; e.g.
        ``marginal_acquisition_cost(...)["marginal_cost"]``).
    repeat_rate:
        Share of new customers who buy again, per channel (fractions 0–1).
    curve:
        :func:`payback_curve`: margin per new customer by month, per channel.
    limit:
        Optional: the most extra first purchases a channel can deliver.

    Returns
    -------
    DataFrame
        One row per channel of the budget and a ``total`` row: ``budget``,
        ``first_purchases``, ``repeat_buyers``, ``margin``, ``payback_month``
        (NaN when the margin does not reach the budget within the curve's months,
        or when nothing was spent).

    Raises
    ------
    CRMDataError
        A budget that is not a mapping of channels to yuan ≥ 0, a channel
        missing from ``cost``, ``repeat_rate``, ``curve`` or ``limit``, a cost of
        0 or less, a rate outside [0, 1].

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> curve = pd.DataFrame({1: [40.0], 2: [70.0]}, index=["app"])
    >>> plan = ck.budget_plan({"app": 1000}, cost={"app": 50}, repeat_rate={"app": 0.5},
    ...                       curve=curve)
    >>> plan.loc["app", ["first_purchases", "repeat_buyers", "margin"]].tolist()
    [20.0, 10.0, 1400.0]
    >>> float(plan.loc["app", "payback_month"])  # 20 × 40 = 800 < 1000 ≤ 20 × 70
    2.0
    """
    money = _budget(budget)
    channels = money.index
    per_cost = _per_channel(cost, "cost", channels)
    rates = _per_channel(repeat_rate, "repeat_rate", channels, fraction=True)
    curve = pd.DataFrame(_curve_values(curve), index=curve.index.astype(str),
                         columns=curve.columns)
    missing = channels.difference(curve.index)
    if len(missing):
        raise CRMDataError(
            f"the curve has no row for {', '.join(map(repr, missing))}. Fix: pass "
            "ck.payback_curve(...) computed on customers of every channel in the budget.",
            zh=f"曲线中没有 {', '.join(map(repr, missing))} 这一行。修正（Fix）：传入用预算中"
               "每个渠道的客户算出的 `ck.payback_curve(...)`。"
        )
    first = money / per_cost
    if limit is not None:
        first = np.minimum(first, _per_channel(limit, "limit", channels))
    margins = curve.loc[channels].mul(first, axis=0)
    margins.loc["total"] = margins.sum()
    spent = pd.concat([money, pd.Series({"total": money.sum()})])
    plan = pd.DataFrame({"budget": spent,
                         "first_purchases": pd.concat([first, pd.Series({"total": first.sum()})]),
                         "repeat_buyers": pd.concat(
                             [first * rates, pd.Series({"total": (first * rates).sum()})])})
    plan["margin"] = margins.iloc[:, -1]
    months = payback_month(margins, spent)
    plan["payback_month"] = months.where(spent > 0)
    plan.index.name = "channel"
    return plan


@validate.checked
def promotion_effect(
    transactions: pd.DataFrame,
    month: str,
    *,
    window: int = 3,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """With and without a discount, before, during and after a promotion month.

    Takes the customers who ordered in ``month`` (e.g. ``"2025-06"``, the 618
    festival) and splits them: ``discount`` — at least one order that month
    with a discount; ``no_discount`` — ordered that month, never with a
    discount.  For each group it gives the average spend (``revenue``) per
    customer per month in the ``window`` months before, in the month itself,
    and in the ``window`` months after, and the change from before to after.

    Read it with care: the two groups are not alike to begin with.  Customers
    who order more often get more chances to meet a discount, so the
    ``discount`` group were bigger spenders *before* the promotion too.
    Compare the **changes** (after − before) of the two groups — a
    difference-in-differences — not the spend after the promotion alone.

    Returns
    -------
    DataFrame
        Index ``group`` (``discount``, ``no_discount``); columns ``customers``,
        ``before``, ``during``, ``after``, ``change`` (yuan per customer per month).

    Raises
    ------
    CRMDataError
        Missing columns, text in ``revenue`` or ``discount``, unparseable dates,
        a month that is not ``YYYY-MM``, a window that does not fit inside the
        data, or nobody who ordered in the month.

    >>> import crmkit as ck
    >>> effect = ck.promotion_effect(ck.load_transactions(), "2025-06")
    >>> list(effect.index), list(effect.columns)
    (['discount', 'no_discount'], ['customers', 'before', 'during', 'after', 'change'])
    """
    span = validate.number(window, "window", low=1, integer=True)
    text = str(month) if isinstance(month, (str, pd.Period)) else ""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise CRMDataError(
            f"month={month!r} is not a month. Fix: pass it as 'YYYY-MM', e.g. '2025-06'.",
            zh=f"month={month!r} 不是一个月份。修正（Fix）：写成 'YYYY-MM'，例如 '2025-06'。"
        )
    promo = pd.Period(text, freq="M")
    ids, months = _order_months(transactions, customer, "order_date")
    revenue = validate.numeric(transactions, "revenue").to_numpy()
    discount = validate.numeric(transactions, "discount").to_numpy()
    centre = promo.ordinal
    first, last = months.min(), months.max()
    if centre - span < first or centre + span > last:
        def shown(ordinal: int) -> pd.Period:
            return pd.Period(ordinal=int(ordinal), freq="M")

        raise CRMDataError(
            f"{promo} ± {span} months does not fit inside the orders "
            f"({shown(first)} to {shown(last)}). Fix: pick a month at least "
            f"{span} months from either end, or a smaller window=.",
            zh=f"{promo} ± {span} 个月超出了订单的时间范围"
               f"（{shown(first)} 至 {shown(last)}）。修正（Fix）：选一个距两端都至少 "
               f"{span} 个月的月份，或传入更小的 window=。"
        )
    keys = ids.to_numpy(dtype=object)
    during = months == centre
    if not during.any():
        raise CRMDataError(f"nobody ordered in {promo}. Fix: pick a month with orders.",
                           zh=f"{promo} 没有人下单。修正（Fix）：选一个有订单的月份。")
    took = pd.unique(keys[during & (discount > 0)])
    bought = pd.unique(keys[during])
    groups = {"discount": pd.Index(took),
              "no_discount": pd.Index(bought).difference(pd.Index(took), sort=False)}
    spend = pd.Series(revenue)
    rows = {}
    for name, people in groups.items():
        mine = pd.Index(keys).isin(people)
        n = len(people)

        def per_month(lo: int, hi: int, mine: np.ndarray = mine, n: int = n) -> float:
            inside = mine & (months >= lo) & (months <= hi)
            return float(spend[inside].sum() / n / (hi - lo + 1)) if n else np.nan

        before = per_month(centre - span, centre - 1)
        after = per_month(centre + 1, centre + span)
        rows[name] = (n, before, per_month(centre, centre), after, after - before)
    table = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=["customers", "before", "during", "after", "change"])
    table.index.name = "group"
    return table
