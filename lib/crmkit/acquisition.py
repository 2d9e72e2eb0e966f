"""Winning customers (客户开发, chapter 05): the acquisition funnel and payback.

Chapter 05 asks what a new customer costs and how long they take to pay it back.

* :func:`acquisition_funnel` — per channel: leads, first and repeat purchases,
  and the cost of a lead and of a new customer.
* :func:`payback_period` — how many periods a new customer's margins take to
  pay back what winning them cost.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import _activity, validate
from crmkit.errors import CRMDataError

__all__ = ["acquisition_funnel", "payback_period"]


# --------------------------------------------------------------------------- acquisition
def acquisition_funnel(
    acquisition: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    transactions: pd.DataFrame | None = None,
    by: str = "channel",
    spend: str = "spend",
    leads: str = "leads",
    buyers: str = "first_purchases",
    customer: str = "customer_id",
) -> pd.DataFrame:
    """Acquisition funnel per channel (客户开发漏斗): leads → first purchase → repeat, and cost.

    Adds up the acquisition log (one row per month and channel: marketing
    ``spend``, ``leads`` and ``first_purchases``) per channel.  With
    ``customers`` (their acquisition channel in column ``by``) and
    ``transactions`` it also counts, per channel, the customers who bought
    at least once and those who came back for a second order.

    Returns
    -------
    DataFrame
        One row per channel: ``spend``, ``leads``, ``first_purchases``,
        ``lead_conversion`` (first purchases / leads), ``cost_per_lead``,
        ``cost_per_customer`` (spend / first purchases: the acquisition cost,
        missing where nobody bought); with the frames also ``buyers``,
        ``repeat_buyers`` and ``repeat_rate`` (repeat / buyers).

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
    func = "acquisition_funnel"
    validate.frame(acquisition, func=func, what="acquisition log")
    validate.columns(acquisition, {"by": by, "spend": spend, "leads": leads, "buyers": buyers},
                     func=func)
    money = validate.numeric(acquisition, spend, func=func)
    n_leads = validate.numeric(acquisition, leads, func=func, integer=True)
    n_buyers = validate.numeric(acquisition, buyers, func=func, integer=True)
    over = n_buyers > n_leads
    if over.any():
        bad = acquisition.index[over]
        raise CRMDataError(
            f"{func}: '{buyers}' is larger than '{leads}' in {validate.show_rows(bad)}: the "
            "counts do not add up (every first purchase was a lead first). Fix: check those rows."
        )
    groups = _activity.customer_ids(acquisition, by, func=func, keyword="by").astype(str)
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
        raise CRMDataError(f"{func}: repeat buyers need both customers= and transactions=.")
    if customers is not None:
        validate.frame(customers, func=func, what="customers")
        validate.columns(customers, {"customer": customer, "by": by}, func=func)
        registered = _activity.customer_ids(customers, customer, func=func)
        channel = _activity.customer_ids(customers, by, func=func, keyword="by").astype(str)
        validate.frame(transactions, func=func, what="transactions")
        validate.columns(transactions, {"customer": customer}, func=func)
        orders = _activity.customer_ids(transactions, customer, func=func).value_counts()
        count = orders.reindex(registered.to_numpy(dtype=object), fill_value=0).to_numpy()
        per = pd.DataFrame({"buyers": count >= 1, "repeat_buyers": count >= 2})
        per = per.groupby(channel.to_numpy(), sort=True).sum().astype(np.int64)
        table = table.join(per, how="outer")
        table[["buyers", "repeat_buyers"]] = table[["buyers", "repeat_buyers"]].fillna(0)
        table["repeat_rate"] = table["repeat_buyers"] / table["buyers"].where(table["buyers"] > 0)
    return table


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
    func = "payback_period"
    m = validate.number(margin, "margin", func=func, low=0, low_open=True)
    r = validate.fraction(retention, "retention", func=func)
    if isinstance(cost, pd.Series):
        costs = validate.numeric(pd.DataFrame({"cost": cost}), "cost", func=func).to_numpy()
    else:
        costs = np.array([validate.number(cost, "cost", func=func, low=0)])
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
