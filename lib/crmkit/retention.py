"""Keeping customers (客户保持): cohorts, retention and churn, lifetime, the customer ladder.

Chapter 06 asks how many customers come back, and what keeping more of them
is worth; chapter 01 draws the customer ladder (客户阶梯) from the data.

* :func:`cohort_table` — monthly acquisition cohorts × months since the first
  purchase: how many customers of each cohort were active, or what share.
* :func:`retention_curve` — the same, pooled over cohorts (optionally by group).
* :func:`retention_rate` — period-to-period retention and churn rates.
* :func:`retention_from_counts` — the textbook count formula (end − new) / start.
* :func:`churn_flags` — per customer: last purchase, days inactive, churned?
* :func:`expected_lifetime` — the average customer lifetime 1 / (1 − r).
* :func:`retention_value` — what a rise in the retention rate is worth.
* :func:`customer_ladder` and :func:`ladder_funnel` — the ladder from suspect to
  advocate as a funnel with stage-to-stage conversion rates.
* :func:`acquisition_funnel` and :func:`payback_period` — chapter 05: leads,
  first and repeat purchases and the cost of a new customer per channel, and
  how long a new customer takes to pay that cost back.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _activity, _customers, validate
from crmkit.errors import CRMDataError

__all__ = [
    "LADDER_STAGES",
    "acquisition_funnel",
    "churn_flags",
    "cohort_table",
    "customer_ladder",
    "expected_lifetime",
    "ladder_funnel",
    "payback_period",
    "retention_curve",
    "retention_from_counts",
    "retention_rate",
    "retention_value",
]

#: The rungs of the customer ladder (客户阶梯), bottom to top (chapter 01, seed 004).
LADDER_STAGES = (
    "suspect",
    "qualified_prospect",
    "first_time_buyer",
    "repeat_buyer",
    "loyal_customer",
    "member",
    "advocate",
)

_FREQS = ("M", "Q", "Y")


# --------------------------------------------------------------------------- cohorts
def _orders(transactions: Any, customer: str, date: str, func: str) -> tuple[pd.Series, pd.Series]:
    """Validate a transactions frame and return its customer ids and parsed dates."""
    validate.frame(transactions, func=func, what="transactions")
    validate.columns(transactions, {"customer": customer, "date": date}, func=func)
    ids = _activity.customer_ids(transactions, customer, func=func)
    when = validate.dates(transactions, date, func=func)
    return ids, when


def _periods_arg(periods: Any, func: str) -> int | None:
    if periods is None:
        return None
    return validate.number(periods, "periods", func=func, low=0, integer=True)


def _cohort_counts(codes: np.ndarray, months: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Active customers per (cohort, months since first purchase).

    Returns the count matrix (one row per cohort month that acquired at least
    one customer), those cohorts' month ordinals, and the last observed month.
    """
    n_customers = int(codes.max()) + 1
    first = np.full(n_customers, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes, months)
    low, last = int(months.min()), int(months.max())
    span = last - low + 1
    pairs = _activity.sorted_unique(codes.astype(np.int64) * span + (months - low))
    pair_codes, pair_months = pairs // span, pairs % span + low
    cohort = first[pair_codes]
    offset = pair_months - cohort
    cohorts = _activity.sorted_unique(first)
    row = np.searchsorted(cohorts, cohort)
    counts = np.bincount(row * span + offset, minlength=len(cohorts) * span)
    return counts.reshape(len(cohorts), span), cohorts, last


def cohort_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    kind: str = "rate",
    periods: int | None = None,
) -> pd.DataFrame:
    """Monthly acquisition cohorts (获客同期群) and how many of them come back.

    Each customer belongs to the cohort of the month of their first purchase.
    For every cohort and every month after it (0, 1, 2, ... months since the
    first purchase) the table counts the customers of that cohort who bought
    at least once in that calendar month.  ``kind="rate"`` divides by the cohort
    size, so month 0 is always 1.0 and the row shows how the cohort decays.

    Parameters
    ----------
    transactions:
        One row per order.
    customer, date:
        Column names of the customer id and the order date
        (defaults ``"customer_id"``, ``"order_date"``).
    kind:
        ``"rate"`` (default, share of the cohort active) or ``"count"``
        (number of customers active).
    periods:
        Show months since first purchase 0, 1, ..., ``periods`` only
        (default: all the data allows).

    Returns
    -------
    DataFrame
        Index ``cohort`` (a monthly ``pandas.Period`` such as ``2024-03``),
        columns ``months_since_first`` 0, 1, 2, ...; counts (nullable ``Int64``)
        or rates (0–1).  Month 0 of the counts is the cohort size, so the
        month-0 column adds up to the number of distinct customers.  Cells a
        cohort has not reached yet (later than the last month in the data) are
        missing (``<NA>``/``NaN``), not zero: nobody knows yet.  If the data end
        part-way through a month, that last month is incomplete; cut it off
        first for a fair last diagonal.

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, missing customer ids, dates that do
        not parse, an unknown ``kind`` or a negative ``periods``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": ["2024-01-05", "2024-02-10", "2024-01-20",
    ...                    "2024-02-03", "2024-03-01"]})
    >>> ck.cohort_table(orders, kind="count")
    months_since_first  0     1     2
    cohort
    2024-01             2     1     0
    2024-02             1     1  <NA>
    """
    func = "cohort_table"
    ids, when = _orders(transactions, customer, date, func)
    validate.one_of(kind, ("rate", "count"), "kind", func=func)
    limit = _periods_arg(periods, func)
    codes, _ = pd.factorize(ids)
    counts, cohorts, last = _cohort_counts(codes, _activity.month_numbers(when))
    width = counts.shape[1]
    observed = (cohorts[:, None] + np.arange(width)[None, :]) <= last
    values = np.where(observed, counts, np.nan)
    columns = pd.RangeIndex(width, name="months_since_first")
    table = pd.DataFrame(values, index=_activity.periods(cohorts, "M", "cohort"), columns=columns)
    if limit is not None:
        table = table.reindex(columns=pd.RangeIndex(limit + 1, name="months_since_first"))
    if kind == "count":
        return table.astype("Int64")
    return table.div(table[0], axis=0)


def retention_curve(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    by: str | None = None,
    periods: int | None = None,
) -> pd.DataFrame:
    """Share of customers still buying 0, 1, 2, ... months after their first purchase.

    The cohorts of :func:`cohort_table` pooled together: for month *k* it adds
    up the active customers of every cohort that has reached month *k* and
    divides by those cohorts' total size.  With ``by`` (a column of the
    transactions, e.g. ``"channel"``) each customer is put in the group of
    their first order (on ties the alphabetically first value), giving one
    curve per group.

    Returns
    -------
    DataFrame
        Index ``months_since_first``; one column of rates (0–1) per group, or a
        single column ``"all"``.  Month 0 is 1.0.

    Raises
    ------
    CRMDataError
        As :func:`cohort_table`, plus a missing or empty ``by`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": ["2024-01-05", "2024-02-10", "2024-01-20",
    ...                    "2024-02-03", "2024-03-01"]})
    >>> ck.retention_curve(orders)["all"].round(3).tolist()
    [1.0, 0.667, 0.0]
    """
    func = "retention_curve"
    ids, when = _orders(transactions, customer, date, func)
    limit = _periods_arg(periods, func)
    codes, _ = pd.factorize(ids)
    months = _activity.month_numbers(when)
    if by is None:
        groups = np.zeros(len(codes), dtype=np.int64)
        names: list[Any] = ["all"]
    else:
        validate.columns(transactions, {"by": by}, func=func)
        values = transactions[by]
        if values.isna().any():
            bad = values[values.isna()]
            raise CRMDataError(
                f"{func}: column '{by}' has missing values ({validate.show_rows(bad.index)}). "
                f"Fix: fill them (df['{by}'].fillna('unknown')) or drop those rows."
            )
        first = pd.DataFrame({"code": codes, "month": months, "day": _activity.day_numbers(when),
                              "group": values.astype(str).to_numpy(dtype=object)})
        first = first.sort_values(["code", "day", "group"], kind="stable")
        group_of = first.drop_duplicates("code").set_index("code")["group"]
        group_codes, names_index = pd.factorize(group_of.sort_index().to_numpy(), sort=True)
        groups = group_codes[codes]
        names = list(names_index)
    last = int(months.max())
    curves = {}
    for g, name in enumerate(names):
        mask = groups == g
        sub_codes, _ = pd.factorize(codes[mask])
        counts, cohorts, _ = _cohort_counts(sub_codes, months[mask])
        width = last - int(cohorts.min()) + 1
        padded = np.zeros((counts.shape[0], width))
        padded[:, : counts.shape[1]] = counts[:, :width]
        observed = (cohorts[:, None] + np.arange(width)[None, :]) <= last
        active = np.where(observed, padded, 0).sum(axis=0)
        size = np.where(observed, padded[:, [0]], 0).sum(axis=0)
        curves[name] = pd.Series(active / size, index=pd.RangeIndex(width))
    curve = pd.DataFrame(curves)
    curve.index.name = "months_since_first"
    if by is not None:
        curve.columns.name = by
    if limit is not None:
        curve = curve.reindex(pd.RangeIndex(limit + 1, name="months_since_first"))
    return curve


# --------------------------------------------------------------------------- rates
def retention_rate(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    freq: str = "M",
) -> pd.DataFrame:
    """Retention rate (客户保持率) and churn rate (客户流失率) from one period to the next.

    Definition used throughout the workbook: of the customers who bought in
    period *t* (``active``), the share who buy again in period *t + 1*
    (``retained``).  ``churn_rate = 1 − retention_rate``.  A period runs a
    calendar month (``freq="M"``), quarter (``"Q"``) or year (``"Y"``).  The last
    period of the data has no next period and is left out; if the data end
    part-way through a period, that period is incomplete and the rate before
    it is too low.

    For one overall rate pool the periods:
    ``r = result["retained"].sum() / result["active"].sum()``.

    Returns
    -------
    DataFrame
        Index ``period`` (pandas ``Period``); columns ``active``, ``retained``,
        ``retention_rate``, ``churn_rate`` (rates 0–1; missing for a period in
        which nobody bought).

    Raises
    ------
    CRMDataError
        Missing columns or ids, unparseable dates, an empty frame, an unknown
        ``freq``, or data covering only one period (no "next period").

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "B", "C", "A", "B", "A"],
    ...     "order_date": ["2024-01-03", "2024-01-09", "2024-01-20",
    ...                    "2024-02-02", "2024-02-14", "2024-03-01"]})
    >>> ck.retention_rate(orders)[["active", "retained", "retention_rate"]].round(3)
             active  retained  retention_rate
    period
    2024-01       3         2           0.667
    2024-02       2         1           0.500
    """
    func = "retention_rate"
    ids, when = _orders(transactions, customer, date, func)
    validate.one_of(freq, _FREQS, "freq", func=func)
    codes, _ = pd.factorize(ids)
    per = _activity.period_numbers(when, freq)
    low, high = int(per.min()), int(per.max())
    if low == high:
        raise CRMDataError(
            f"{func}: all orders fall in one period ({_activity.periods([low], freq, 'p')[0]}), "
            "so there is no next period to come back in. Fix: use more data or a shorter "
            "freq ('M' for months)."
        )
    span = high - low + 2
    keys = _activity.sorted_unique(codes.astype(np.int64) * span + (per - low))
    again = np.zeros(len(keys), dtype=bool)
    again[:-1] = keys[1:] == keys[:-1] + 1
    slot = keys % span
    active = np.bincount(slot, minlength=high - low + 1)[:-1]
    retained = np.bincount(slot, weights=again, minlength=high - low + 1)[:-1].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(active > 0, retained / np.maximum(active, 1), np.nan)
    return pd.DataFrame(
        {"active": active, "retained": retained, "retention_rate": rate, "churn_rate": 1 - rate},
        index=_activity.periods(range(low, high), freq, "period"),
    )


def retention_from_counts(start: int, end: int, new: int) -> float:
    """Retention rate from three head counts: r = (end − new) / start.

    ``start`` customers at the start of the period, ``end`` at its end, of whom
    ``new`` were won during the period; the others are the ones kept.

    Raises
    ------
    CRMDataError
        Negative or non-numeric counts, ``start`` of zero, more new customers
        than the end count, or more kept customers than there were at the start
        (the counts do not add up).

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.retention_from_counts(start=200, end=210, new=30)
    0.9
    """
    func = "retention_from_counts"
    start = validate.number(start, "start", func=func, low=0, low_open=True)
    end = validate.number(end, "end", func=func, low=0)
    new = validate.number(new, "new", func=func, low=0)
    if new > end:
        raise CRMDataError(
            f"{func}: new={new:g} customers is more than end={end:g}; the counts do not add up. "
            "Fix: end counts everyone at the end of the period, the new ones included."
        )
    if end - new > start:
        raise CRMDataError(
            f"{func}: end − new = {end - new:g} kept customers is more than start={start:g}; "
            "a period cannot keep more customers than it began with. Fix: check the counts."
        )
    return (end - new) / start


def churn_flags(
    transactions: pd.DataFrame,
    as_of: Any = None,
    inactive_days: int = 180,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Which customers have gone quiet: last purchase, days inactive, churned flag.

    A customer counts as churned (流失) when their last purchase is more than
    ``inactive_days`` days before ``as_of``.  This is the usual working rule
    for non-contract businesses such as a retailer, where customers never say
    that they are leaving.

    Parameters
    ----------
    as_of:
        The analysis date; default the day after the last order in the data.
        Orders after ``as_of``'s day are ignored (the view as it was at the end
        of that day; a time of day in ``as_of`` is dropped), and so
        are customers whose first order came later.
    inactive_days:
        Days without a purchase after which a customer counts as churned
        (default 180).

    Returns
    -------
    DataFrame
        One row per customer (index named after ``customer``, sorted):
        ``first_purchase``, ``last_purchase``, ``orders``, ``days_inactive``
        (whole days from the last purchase day to ``as_of``), ``churned`` (bool).
        ``result["churned"].mean()`` is the churn rate.

    Raises
    ------
    CRMDataError
        Missing columns or ids, unparseable dates, an empty frame, an
        ``as_of`` before the first order, a negative ``inactive_days``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                        "order_date": ["2024-01-01", "2024-06-20", "2024-02-01"]})
    >>> ck.churn_flags(orders, as_of="2024-09-01")[["days_inactive", "churned"]]
                 days_inactive  churned
    customer_id
    A                       73    False
    B                      213     True
    """
    func = "churn_flags"
    validate.frame(transactions, func=func, what="transactions")
    validate.columns(transactions, {"customer": customer, "date": date}, func=func)
    codes, names = _customers.group_codes(transactions, customer, func=func)
    when = validate.dates(transactions, date, func=func)
    limit = validate.number(inactive_days, "inactive_days", func=func, low=0, integer=True)
    stamp = validate.as_of_date(as_of, when, func=func).normalize()
    moments = when.to_numpy(dtype="datetime64[ns]")
    next_day = (stamp + pd.Timedelta(days=1)).to_datetime64()
    if moments.max() >= next_day:
        keep = moments < next_day
        codes, moments = codes[keep], moments[keep]
    frame = pd.DataFrame({"code": codes, "when": moments})
    result = frame.groupby("code", sort=True)["when"].agg(["min", "max", "size"])
    result.columns = ["first_purchase", "last_purchase", "orders"]
    result.index = names.take(result.index.to_numpy())
    result["days_inactive"] = (stamp - result["last_purchase"].dt.normalize()).dt.days
    result["churned"] = result["days_inactive"] > limit
    return result


# --------------------------------------------------------------------------- lifetime
def expected_lifetime(retention: Any) -> Any:
    """Average customer lifetime in periods: 1 / (1 − r) for a retention rate r.

    If a customer stays each period with probability r, they stay on average
    1 / (1 − r) periods (the current one included): r = 0.8 gives 5 periods,
    r = 0.9 gives 10.  Small rises in r stretch the lifetime a lot, which is why
    retention pays.

    Parameters
    ----------
    retention:
        A rate in [0, 1) as a fraction (0.8, not 80) — a number, a list, a
        numpy array or a pandas Series.

    Returns
    -------
    float, numpy array or Series (named ``expected_lifetime``), matching the input.

    Raises
    ------
    CRMDataError
        A rate of 1 or more (customers who never leave have no finite
        lifetime), a negative or missing rate, text, or a percentage.

    Examples
    --------
    >>> import crmkit as ck
    >>> round(ck.expected_lifetime(0.8), 6)
    5.0
    >>> ck.expected_lifetime([0.5, 0.9]).round(6).tolist()
    [2.0, 10.0]
    """
    func = "expected_lifetime"
    if isinstance(retention, np.ndarray) and retention.ndim == 0:
        retention = retention.item()
    if isinstance(retention, (pd.Series, np.ndarray, list, tuple)):
        try:
            flat = np.ndim(retention) == 1
        except ValueError:
            flat = False
        if not flat:
            raise CRMDataError(f"{func}: expected a number or a flat list of rates, not a table.")
        series = retention if isinstance(retention, pd.Series) else pd.Series(
            list(retention), dtype=object)
        rates = validate.numeric(pd.DataFrame({"retention": series}), "retention", func=func)
        looks_percent = (rates > 1) & (rates <= 100)
        if looks_percent.any():
            bad = rates[looks_percent]
            raise CRMDataError(
                f"{func}: retention rates must be fractions between 0 and 1, but "
                f"{validate.show_rows(bad.index, bad.tolist())} look like percentages. "
                "Fix: divide by 100 (0.8, not 80)."
            )
        if (rates >= 1).any():
            bad = rates[rates >= 1]
            raise CRMDataError(
                f"{func}: a retention rate of 1 or more means customers never leave, so the "
                f"expected lifetime is infinite ({validate.show_rows(bad.index, bad.tolist())}). "
                "Fix: use rates below 1."
            )
        lifetime = 1.0 / (1.0 - rates.to_numpy())
        if isinstance(retention, pd.Series):
            return pd.Series(lifetime, index=retention.index, name="expected_lifetime")
        return lifetime
    if isinstance(retention, (int, float, np.integer, np.floating)) and not isinstance(
        retention, bool
    ) and retention == 1:
        raise CRMDataError(
            f"{func}: retention=1 means no customer ever leaves, so the expected lifetime is "
            "infinite. Fix: pass a rate below 1, e.g. 0.95."
        )
    rate = validate.fraction(retention, "retention", func=func, allow_one=False)
    return 1.0 / (1.0 - rate)


def retention_value(
    retention: float,
    *,
    margin: float,
    discount: float = 0.1,
    rises: tuple[float, ...] = (0.01, 0.02, 0.05, 0.10),
    customers: int = 1,
    periods: int | None = None,
) -> pd.DataFrame:
    """What a rise in the retention rate is worth: lifetime and customer value.

    For the current rate and each raised rate (``retention + rise``) the table
    gives the expected lifetime 1 / (1 − r) and the customer lifetime value
    from :func:`crmkit.value.clv` (margin per period, retention, discount
    rate), times ``customers``.  It shows the classic finding that a few
    points more retention raise profit far more than in proportion (Reichheld
    & Sasser: 5 points more retention, 25–85 % more profit).

    Parameters
    ----------
    retention:
        Current retention rate per period, a fraction in [0, 1).
    margin:
        Margin (profit) per customer per period, in yuan.
    discount:
        Discount rate per period (default 0.1).
    rises:
        Rises in the retention rate to compare, as fractions (0.05 = 5 points).
    customers:
        Number of customers (default 1: values per customer).
    periods:
        Horizon in periods passed on to ``clv`` (default: unlimited).

    Returns
    -------
    DataFrame
        One row per rise (0 first): ``rise``, ``retention_rate``,
        ``expected_lifetime``, ``clv``, ``value`` (= clv × customers),
        ``value_gain`` and ``value_gain_share`` (gain over the current value).

    Raises
    ------
    CRMDataError
        Rates outside [0, 1) (also after a rise), a negative margin or count.

    Examples
    --------
    Raising retention from 80% to 85% lifts a 100-yuan-margin customer's
    value by a fifth:

    >>> table = retention_value(0.8, margin=100, rises=(0.05,))
    >>> table[["retention_rate", "expected_lifetime", "clv", "value_gain_share"]].round(2)
       retention_rate  expected_lifetime     clv  value_gain_share
    0            0.80               5.00  366.67               0.0
    1            0.85               6.67  440.00               0.2
    """
    func = "retention_value"
    rate = validate.fraction(retention, "retention", func=func, allow_one=False)
    validate.number(margin, "margin", func=func, low=0)
    validate.fraction(discount, "discount", func=func)
    count = validate.number(customers, "customers", func=func, low=0)
    try:
        steps = [0.0] + [validate.fraction(r, f"rises[{i}]", func=func)
                         for i, r in enumerate(rises)]
    except TypeError as err:
        raise CRMDataError(f"{func}: rises must be a list of fractions such as (0.01, 0.05).") \
            from err
    for step in steps:
        if rate + step >= 1:
            raise CRMDataError(
                f"{func}: retention {rate:g} + rise {step:g} = {rate + step:g} reaches 1, where "
                "customers never leave. Fix: use smaller rises or a lower starting rate."
            )
    from crmkit.value import clv

    rows = []
    for step in steps:
        r = rate + step
        value = float(clv(margin, r, discount, periods=periods))
        rows.append({"rise": step, "retention_rate": r, "expected_lifetime": 1 / (1 - r),
                     "clv": value, "value": value * count})
    table = pd.DataFrame(rows)
    base = table.loc[0, "value"]
    table["value_gain"] = table["value"] - base
    table["value_gain_share"] = table["value_gain"] / base if base > 0 else np.nan
    return table


# --------------------------------------------------------------------------- ladder
def customer_ladder(
    transactions: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    as_of: Any = None,
    loyal_quarters: int = 4,
    advocate_score: int = 9,
    customer: str = "customer_id",
    date: str = "order_date",
    member: str = "is_member",
    recommend: str = "recommend",
    survey_date: str = "survey_date",
) -> pd.DataFrame:
    """Put each customer on the highest rung of the customer ladder (客户阶梯) they reach.

    The rungs are nested: each one counts only customers who also stand on
    every rung below it, so the ladder narrows like a funnel.

    * ``qualified_prospect`` — registered in ``customers`` but never bought.
    * ``first_time_buyer`` — at least one order (up to the day ``as_of``,
      default the day after the last order; later orders are ignored).
    * ``repeat_buyer`` — at least two orders.
    * ``loyal_customer`` — a repeat buyer who bought in each of the last
      ``loyal_quarters`` quarters of 91 days up to ``as_of`` (the data cannot
      show "buys the category only from us", so steady buying stands in).
    * ``member`` — a loyal customer who is a member (``customers[member]``).
    * ``advocate`` — a member whose latest survey answer recommends us with
      ``recommend >= advocate_score`` (default 9, a "promoter").

    Without ``customers`` the ladder stops at ``loyal_customer``; without
    ``survey`` at ``member``.  Suspects are not in the data: pass their number
    to :func:`ladder_funnel`.

    Returns
    -------
    DataFrame
        One row per customer (buyers and registered non-buyers), index named
        after ``customer``: ``orders``, ``quarters_active`` (of the last
        ``loyal_quarters``), and, when available, ``is_member`` and
        ``recommend``; ``stage`` (ordered categorical over :data:`LADDER_STAGES`).

    Raises
    ------
    CRMDataError
        Bad transactions (see :func:`churn_flags`), a ``survey`` without
        ``customers``, missing or non-yes/no membership flags, scores outside 0–10.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "B", "B"] + ["C"] * 5,
    ...     "order_date": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-03-01",
    ...                                   "2025-01-15", "2025-04-15", "2025-07-15",
    ...                                   "2025-10-15", "2025-12-15"])})
    >>> customer_ladder(orders, as_of="2026-01-01")["stage"].astype(str).to_dict()
    {'A': 'first_time_buyer', 'B': 'repeat_buyer', 'C': 'loyal_customer'}
    """
    func = "customer_ladder"
    ids, when = _orders(transactions, customer, date, func)
    quarters = validate.number(loyal_quarters, "loyal_quarters", func=func, low=1, integer=True)
    cut = validate.number(advocate_score, "advocate_score", func=func, low=0, high=10,
                          integer=True)
    if survey is not None and customers is None:
        raise CRMDataError(
            f"{func}: advocates stand above members on the ladder, so a survey needs the "
            "customers frame too. Fix: pass customers=ck.load_customers() as well."
        )
    stamp = validate.as_of_date(as_of, when, func=func).normalize()
    end_day = int(_activity.day_numbers(pd.Series([stamp]))[0])
    days = _activity.day_numbers(when)
    keep = days <= end_day
    if customers is not None:
        validate.frame(customers, func=func, what="customers")
        validate.columns(customers, {"customer": customer, "member": member}, func=func)
        registered = _activity.customer_ids(customers, customer, func=func)
        is_member = _activity.flags(customers, member, func=func).to_numpy()
        all_ids = np.concatenate([ids.to_numpy(dtype=object)[keep],
                                  registered.to_numpy(dtype=object)])
    else:
        all_ids = ids.to_numpy(dtype=object)[keep]
    codes, names = _customers.group_codes(pd.DataFrame({customer: all_ids}), customer, func=func)
    n_orders = int(keep.sum())
    order_codes = codes[:n_orders]
    quarter = (end_day - days[keep]) // 91
    orders = np.bincount(order_codes, minlength=len(names))
    recent = quarter < quarters
    active_pairs = _activity.sorted_unique(
        order_codes[recent].astype(np.int64) * quarters + quarter[recent])
    active = np.bincount(active_pairs // quarters, minlength=len(names))
    ladder = pd.DataFrame({"orders": orders, "quarters_active": active}, index=names)
    stage = np.where(orders >= 2, 3, np.where(orders >= 1, 2, 1))
    stage = np.where((stage == 3) & (active >= quarters), 4, stage)
    if customers is not None:
        membership = np.zeros(len(names), dtype=bool)
        np.logical_or.at(membership, codes[n_orders:], is_member)
        ladder["is_member"] = membership
        stage = np.where((stage == 4) & membership, 5, stage)
    if survey is not None:
        from crmkit.satisfaction import _latest_scores

        latest = _latest_scores(survey, recommend, customer=customer, survey_date=survey_date,
                               scale=(0, 10), func=func)
        ladder["recommend"] = latest.reindex(ladder.index).astype("Float64")
        promoter = (latest.reindex(ladder.index) >= cut).fillna(False).to_numpy(dtype=bool)
        stage = np.where((stage == 5) & promoter, 6, stage)
    ladder.index.name = customer
    ladder["stage"] = pd.Categorical.from_codes(stage, categories=list(LADDER_STAGES),
                                                ordered=True)
    return ladder


def _counts_from_mapping(counts: Any, func: str) -> pd.Series:
    items = dict(counts.items())
    unknown = [k for k in items if k not in LADDER_STAGES]
    if unknown:
        raise CRMDataError(
            f"{func}: unknown ladder stage {', '.join(repr(k) for k in unknown)}. "
            f"Valid stages, bottom to top: {', '.join(LADDER_STAGES)}."
        )
    checked = {k: validate.number(items[k], f"count of {k!r}", func=func, low=0, integer=True)
               for k in LADDER_STAGES if k in items}
    return pd.Series(checked, dtype="int64")


def ladder_funnel(
    counts: Any,
    *,
    suspects: int | None = None,
    prospects: int | None = None,
    **ladder_options: Any,
) -> pd.DataFrame:
    """The customer ladder as a funnel: how many stand on each rung, and conversion rates.

    Give either

    * explicit counts — a dict or Series such as
      ``{"suspect": 10000, "qualified_prospect": 2000, "first_time_buyer": 600}``
      (any stages of :data:`LADDER_STAGES`, listed in any order), or
    * the transactions frame — the counts come from :func:`customer_ladder`
      (pass ``customers=``, ``survey=``, ``as_of=``, ``loyal_quarters=`` ... as
      keywords); each rung counts the customers on it *or higher*.  The
      number of qualified prospects is then the number of customers in
      ``customers`` (registered, bought or not).

    ``suspects`` and ``prospects`` add the top rungs, which the sales data
    cannot show (e.g. the target population of the city, the qualified leads).

    Returns
    -------
    DataFrame
        Index ``stage`` (bottom of the funnel last); ``count``, ``conversion``
        (count / count of the rung above; missing for the first rung, or after
        an empty rung) and ``share_of_top`` (count / first count).

    Raises
    ------
    CRMDataError
        Unknown stages, negative or fractional counts, a rung larger than the
        one above it (the counts do not add up), or bad transactions.

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.ladder_funnel({"first_time_buyer": 400, "repeat_buyer": 100},
    ...                  prospects=2000)["conversion"].tolist()
    [nan, 0.2, 0.25]
    """
    func = "ladder_funnel"
    if isinstance(counts, pd.DataFrame):
        ladder = customer_ladder(counts, **ladder_options)
        codes = ladder["stage"].cat.codes.to_numpy()
        top = 4 + (ladder_options.get("customers") is not None) + (
            ladder_options.get("survey") is not None)
        series = pd.Series(
            {stage: int((codes >= i).sum()) for i, stage in enumerate(LADDER_STAGES)
             if 1 <= i <= top},
            dtype="int64",
        )
        if ladder_options.get("customers") is None:
            series = series.drop("qualified_prospect", errors="ignore")
    elif isinstance(counts, (Mapping, pd.Series)):
        if ladder_options:
            raise CRMDataError(
                f"{func}: options {', '.join(sorted(ladder_options))} only apply when you pass "
                "the transactions frame, not explicit counts."
            )
        series = _counts_from_mapping(counts, func)
    else:
        raise CRMDataError(
            f"{func}: expected stage counts (a dict or Series) or the transactions frame, "
            f"but got a {type(counts).__name__}. Fix: e.g. "
            "ck.ladder_funnel({'first_time_buyer': 400, 'repeat_buyer': 100})."
        )
    for stage, value in (("suspect", suspects), ("qualified_prospect", prospects)):
        if value is not None:
            if stage in series.index and isinstance(counts, (Mapping, pd.Series)):
                raise CRMDataError(f"{func}: {stage} is given twice (in counts and as keyword).")
            name = "suspects" if stage == "suspect" else "prospects"
            series[stage] = validate.number(value, name, func=func, low=0, integer=True)
    series = series.reindex([s for s in LADDER_STAGES if s in series.index]).astype("int64")
    if series.empty:
        raise CRMDataError(f"{func}: no stage counts given. Valid stages: "
                           f"{', '.join(LADDER_STAGES)}.")
    growing = series.to_numpy()[1:] > series.to_numpy()[:-1]
    if growing.any():
        i = int(np.argmax(growing))
        upper, lower = series.index[i], series.index[i + 1]
        raise CRMDataError(
            f"{func}: the counts do not add up: {lower} ({series[lower]}) is more than "
            f"{upper} ({series[upper]}), but every {lower} was first a {upper}. "
            "Fix: check the counts (each rung counts the customers on it or higher)."
        )
    values = series.to_numpy(dtype=float)
    above = np.concatenate([[np.nan], values[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        conversion = np.where(above > 0, values / np.where(above > 0, above, 1), np.nan)
        share = values / values[0] if values[0] > 0 else np.full(len(values), np.nan)
    funnel = pd.DataFrame({"count": series.to_numpy(), "conversion": conversion,
                           "share_of_top": share},
                          index=pd.Index(list(series.index), name="stage"))
    return funnel


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
