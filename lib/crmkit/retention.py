"""Keeping customers (客户保持, chapter 06): cohorts, retention and churn, lifetime.

Chapter 06 asks how many customers come back, and what keeping more of them
is worth.

* :func:`cohort_table` — monthly acquisition cohorts × months since the first
  purchase: how many customers of each cohort were active, or what share.
* :func:`retention_curve` — the same, pooled over cohorts (optionally by group).
* :func:`retention_rate` — period-to-period retention and churn rates.
* :func:`retention_from_counts` — the textbook count formula (end − new) / start.
* :func:`churn_flags` — per customer: last purchase, days inactive, churned?
* :func:`expected_lifetime` — the average customer lifetime 1 / (1 − r).
* :func:`retention_value` — what a rise in the retention rate is worth.
* :func:`churn_rule_backtest` — how good each inactivity rule for churn is.
* :func:`retention_by_tie`, :func:`retention_by_tie_count` — the "mooring
  ropes": the share of customers kept with and without each tie.
* :func:`retention_programme` — customer value with a retention programme and
  the break-even retention gain.

The customer ladder of chapter 01 is in :mod:`crmkit.ladder`, the acquisition
funnel and payback of chapter 05 in :mod:`crmkit.acquisition`.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, validate
from crmkit.errors import CRMDataError
from crmkit.value import clv

__all__ = [
    "churn_flags",
    "churn_rule_backtest",
    "cohort_table",
    "expected_lifetime",
    "programme_curve",
    "retention_by_tie",
    "retention_by_tie_count",
    "retention_curve",
    "retention_from_counts",
    "retention_programme",
    "retention_rate",
    "retention_value",
]

_FREQS = ("M", "Q", "Y")


# --------------------------------------------------------------------------- cohorts
def _periods_arg(periods: Any) -> int | None:
    if periods is None:
        return None
    return validate.number(periods, "periods", low=0, integer=True)


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
    pairs = _customers.sorted_unique(codes.astype(np.int64) * span + (months - low))
    pair_codes, pair_months = pairs // span, pairs % span + low
    cohort = first[pair_codes]
    offset = pair_months - cohort
    cohorts = _customers.sorted_unique(first)
    row = np.searchsorted(cohorts, cohort)
    counts = np.bincount(row * span + offset, minlength=len(cohorts) * span)
    return counts.reshape(len(cohorts), span), cohorts, last


@validate.checked
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
    orders = validate.transactions(transactions, customer=customer, date=date)
    ids, when = orders.ids, orders.dates
    validate.one_of(kind, ("rate", "count"), "kind")
    limit = _periods_arg(periods)
    codes, _ = pd.factorize(ids)
    counts, cohorts, last = _cohort_counts(codes, _customers.month_numbers(when))
    width = counts.shape[1]
    observed = (cohorts[:, None] + np.arange(width)[None, :]) <= last
    values = np.where(observed, counts, np.nan)
    columns = pd.RangeIndex(width, name="months_since_first")
    table = pd.DataFrame(values, index=_customers.periods(cohorts, "M", "cohort"), columns=columns)
    if limit is not None:
        table = table.reindex(columns=pd.RangeIndex(limit + 1, name="months_since_first"))
    if kind == "count":
        return table.astype("Int64")
    return table.div(table[0], axis=0)


@validate.checked
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
    orders = validate.transactions(transactions, customer=customer, date=date)
    ids, when = orders.ids, orders.dates
    limit = _periods_arg(periods)
    codes, _ = pd.factorize(ids)
    months = _customers.month_numbers(when)
    if by is None:
        groups = np.zeros(len(codes), dtype=np.int64)
        names: list[Any] = ["all"]
    else:
        validate.columns(transactions, {"by": by})
        values = transactions[by]
        validate.missing(values, by)
        first = pd.DataFrame({"code": codes, "month": months, "day": _customers.day_numbers(when),
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
@validate.checked
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
    orders = validate.transactions(transactions, customer=customer, date=date)
    ids, when = orders.ids, orders.dates
    validate.one_of(freq, _FREQS, "freq")
    codes, _ = pd.factorize(ids)
    per = _customers.period_numbers(when, freq)
    low, high = int(per.min()), int(per.max())
    if low == high:
        raise CRMDataError(
            f"all orders fall in one period ({_customers.periods([low], freq, 'p')[0]}), "
            "so there is no next period to come back in. Fix: use more data or a shorter "
            "freq ('M' for months).",
            zh=f"所有订单都落在同一个周期内（{_customers.periods([low], freq, 'p')[0]}），"
               "因此没有下一个周期可供客户回购。修正（Fix）：使用更多数据，或更短的 "
               "freq（'M' 表示按月）。"
        )
    span = high - low + 2
    keys = _customers.sorted_unique(codes.astype(np.int64) * span + (per - low))
    again = np.zeros(len(keys), dtype=bool)
    again[:-1] = keys[1:] == keys[:-1] + 1
    slot = keys % span
    active = np.bincount(slot, minlength=high - low + 1)[:-1]
    retained = np.bincount(slot, weights=again, minlength=high - low + 1)[:-1].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(active > 0, retained / np.maximum(active, 1), np.nan)
    return pd.DataFrame(
        {"active": active, "retained": retained, "retention_rate": rate, "churn_rate": 1 - rate},
        index=_customers.periods(range(low, high), freq, "period"),
    )


@validate.checked
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
    start = validate.number(start, "start", low=0, low_open=True)
    end = validate.number(end, "end", low=0)
    new = validate.number(new, "new", low=0)
    if new > end:
        raise CRMDataError(
            f"new={new:g} customers is more than end={end:g}; the counts do not add up. "
            "Fix: end counts everyone at the end of the period, the new ones included.",
            zh=f"new={new:g} 个新客户多于 end={end:g}，人数对不上。"
               "修正（Fix）：end 应当统计期末的全部客户，包括新客户。"
        )
    if end - new > start:
        raise CRMDataError(
            f"end − new = {end - new:g} kept customers is more than start={start:g}; "
            "a period cannot keep more customers than it began with. Fix: check the counts.",
            zh=f"end − new = {end - new:g} 个留存客户多于 start={start:g}；"
               "一个周期留住的客户不可能多于期初的客户。修正（Fix）：检查这些人数。"
        )
    return (end - new) / start


@validate.checked
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

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

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
    orders = validate.transactions(transactions, customer=customer, date=date, as_of=as_of)
    limit = validate.number(inactive_days, "inactive_days", low=0, integer=True)
    codes, names, when = orders.codes, orders.customers, orders.dates
    stamp = orders.as_of.normalize()
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
@validate.checked
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
    if isinstance(retention, np.ndarray) and retention.ndim == 0:
        retention = retention.item()
    if isinstance(retention, (pd.Series, np.ndarray, list, tuple)):
        try:
            flat = np.ndim(retention) == 1
        except ValueError:
            flat = False
        if not flat:
            raise CRMDataError("expected a number or a flat list of rates, not a table.",
                               zh="需要一个数或一个由留存率组成的一维列表，而不是表格。")
        series = retention if isinstance(retention, pd.Series) else pd.Series(
            list(retention), dtype=object)
        rates = validate.numeric(pd.DataFrame({"retention": series}), "retention")
        looks_percent = (rates > 1) & (rates <= 100)
        if looks_percent.any():
            bad = rates[looks_percent]
            raise CRMDataError(
                f"retention rates must be fractions between 0 and 1, but "
                f"{validate.show_rows(bad.index, bad.tolist())} look like percentages. "
                "Fix: divide by 100 (0.8, not 80).",
                zh=f"留存率应当是 0 到 1 之间的小数，但"
                   f"{validate.rows_zh(bad.index, bad.tolist())} 看起来是百分数。"
                   "修正（Fix）：除以 100（写 0.8，而不是 80）。"
            )
        if (rates >= 1).any():
            bad = rates[rates >= 1]
            raise CRMDataError(
                f"a retention rate of 1 or more means customers never leave, so the "
                f"expected lifetime is infinite ({validate.show_rows(bad.index, bad.tolist())}). "
                "Fix: use rates below 1.",
                zh=f"留存率为 1 或更高意味着客户永不流失，预期客户寿命为无穷大"
                   f"（{validate.rows_zh(bad.index, bad.tolist())}）。"
                   "修正（Fix）：使用小于 1 的留存率。"
            )
        lifetime = 1.0 / (1.0 - rates.to_numpy())
        if isinstance(retention, pd.Series):
            return pd.Series(lifetime, index=retention.index, name="expected_lifetime")
        return lifetime
    if isinstance(retention, (int, float, np.integer, np.floating)) and not isinstance(
        retention, bool
    ) and retention == 1:
        raise CRMDataError(
            "retention=1 means no customer ever leaves, so the expected lifetime is "
            "infinite. Fix: pass a rate below 1, e.g. 0.95.",
            zh="retention=1 意味着没有客户会流失，预期客户寿命为无穷大。"
               "修正（Fix）：传入小于 1 的留存率，例如 0.95。"
        )
    rate = validate.fraction(retention, "retention", allow_one=False)
    return 1.0 / (1.0 - rate)


def _margin_profile(margin: Any) -> list[float]:
    """One margin, or a list of margins by period of the relationship, checked."""
    if isinstance(margin, (list, tuple, np.ndarray, pd.Series)):
        values = list(margin)
        if not values:
            raise CRMDataError("margin is an empty list. Fix: give one margin per period, "
                               "e.g. margin=[400, 900, 1200].",
                               zh="margin 是空列表。修正（Fix）：按关系的各期给出毛利，"
                                  "例如 margin=[400, 900, 1200]。")
        return [validate.number(v, f"margin[{i}]", low=0) for i, v in enumerate(values)]
    return [validate.number(margin, "margin", low=0)]


def _profile_clv(margins: list[float], retention: float, discount: float,
                 periods: int | None) -> float:
    """CLV with margin m_t in relationship period t (the last margin continues).

    Sum over t = 0, 1, ... of m_t × (r / (1 + d))**t, as :func:`crmkit.clv` with a
    margin that changes with the length of the relationship.
    """
    q = retention / (1 + discount)
    k = len(margins)
    if periods is not None:
        steps = np.arange(periods)
        values = np.array(margins)[np.minimum(steps, k - 1)]
        return float((values * q ** steps).sum())
    head = sum(m * q**t for t, m in enumerate(margins[:-1]))
    return float(head + margins[-1] * q ** (k - 1) / (1 - q))


@validate.checked
def retention_value(
    retention: float,
    *,
    margin: Any,
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
        Margin (profit) per customer per period, in yuan; or a list of margins
        by period of the relationship (first, second, third period ...), the
        last one continuing for the rest of the customer's life.  Customers
        often bring more the longer they stay, and then the extra periods a
        higher retention rate buys are the most profitable ones.
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

    With a margin that grows from 100 in the first period to 200 from the
    second on, the same rise is worth more (a 22 % gain):

    >>> grown = retention_value(0.8, margin=[100, 200], rises=(0.05,))
    >>> grown[["clv", "value_gain_share"]].round(2)
          clv  value_gain_share
    0  633.33              0.00
    1  780.00              0.23
    """
    rate = validate.fraction(retention, "retention", allow_one=False)
    margins = _margin_profile(margin)
    d = validate.fraction(discount, "discount")
    count = validate.number(customers, "customers", low=0)
    horizon = None if periods is None else validate.number(periods, "periods", low=1,
                                                           integer=True)
    try:
        steps = [0.0] + [validate.fraction(r, f"rises[{i}]")
                         for i, r in enumerate(rises)]
    except TypeError as err:
        raise CRMDataError("rises must be a list of fractions such as (0.01, 0.05).",
                           zh="rises 应当是一组小数，例如 (0.01, 0.05)。") \
            from err
    for step in steps:
        if rate + step >= 1:
            raise CRMDataError(
                f"retention {rate:g} + rise {step:g} = {rate + step:g} reaches 1, where "
                "customers never leave. Fix: use smaller rises or a lower starting rate.",
                zh=f"留存率 {rate:g} + 提升 {step:g} = {rate + step:g}，达到了 1，"
                   "即客户永不流失。修正（Fix）：用更小的提升幅度，或更低的起始留存率。"
            )
    rows = []
    for step in steps:
        r = rate + step
        value = (float(clv(margins[0], r, d, periods=horizon)) if len(margins) == 1
                 else _profile_clv(margins, r, d, horizon))
        rows.append({"rise": step, "retention_rate": r, "expected_lifetime": 1 / (1 - r),
                     "clv": value, "value": value * count})
    table = pd.DataFrame(rows)
    base = table.loc[0, "value"]
    table["value_gain"] = table["value"] - base
    table["value_gain_share"] = table["value_gain"] / base if base > 0 else np.nan
    return table


# --------------------------------------------------------------------------- churn rules
@validate.checked
def churn_rule_backtest(
    transactions: pd.DataFrame,
    as_of: Any = None,
    rules: tuple[int, ...] = (30, 60, 90, 180, 365),
    *,
    customer: str = "customer_id",
    date: str = "order_date",
) -> pd.DataFrame:
    """Test inactivity rules for churn against what customers did next.

    For each rule (days without a purchase) the customers are flagged by
    :func:`churn_flags` as they looked at the end of ``as_of``; the orders
    after ``as_of`` then show how good each flag was.  A short rule catches
    leavers early but flags many who were only between two purchases and come
    back (``came_back``); a long rule is rarely wrong about those it flags but
    leaves many quiet customers unflagged (``stayed_away``) and flags them late.

    Parameters
    ----------
    as_of:
        The day the flags are set; it needs orders after it to check them.
        Default: 183 days (half a year) before the day of the last order.
        As everywhere in crmkit (:func:`crmkit.validate.as_of_date`), the
        flags see the data as they were at the end of that day.
    rules:
        Inactivity limits in days to compare (whole numbers ≥ 0).

    Returns
    -------
    DataFrame
        Index ``inactive_days`` (one row per rule); columns ``customers`` (who
        had bought by ``as_of``), ``flagged`` and ``churn_rate`` (share
        flagged), ``came_back`` (share of the flagged who bought again after
        ``as_of``: false alarms), ``stayed_away`` (share of the unflagged who
        did not buy again after ``as_of``: leavers the rule missed, or
        customers who had not come back *yet*).  Read both shares with the
        length of the follow-up in mind: ``follow_up_days`` (from ``as_of`` to
        the last order in the data) is the same on every row.

    Raises
    ------
    CRMDataError
        As :func:`churn_flags`, plus no order after ``as_of`` (nothing to
        check the flags against) or rules that are not whole numbers ≥ 0.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B", "C", "C"],
    ...     "order_date": ["2024-01-05", "2024-03-20", "2024-02-01",
    ...                    "2024-03-25", "2024-05-01"]})
    >>> ck.churn_rule_backtest(orders, "2024-03-31", rules=(30, 60))[
    ...     ["flagged", "came_back", "stayed_away"]].round(3)
                   flagged  came_back  stayed_away
    inactive_days
    30                   1        0.0        0.500
    60                   0        NaN        0.667

    On 31 March B has been quiet for 59 days, A for 11, C for 6: the 30-day
    rule flags B (who does not come back), the 60-day rule nobody; only C buys
    again, so A (and B, unflagged by the 60-day rule) stayed away.
    """
    orders = validate.transactions(transactions, customer=customer, date=date)
    ids, when = orders.ids, orders.dates
    # the default: half a year before the last order, but not before the first one
    default = max(when.min().normalize(), when.max().normalize() - pd.Timedelta(days=183))
    stamp = validate.as_of_date(default if as_of is None else as_of, when).normalize()
    next_day = stamp + pd.Timedelta(days=1)
    later = when >= next_day
    if not later.any():
        if default < when.max().normalize():
            fix = f"pick an earlier as_of, e.g. as_of='{default:%Y-%m-%d}'"
            fix_zh = f"选择更早的 as_of，例如 as_of='{default:%Y-%m-%d}'"
        else:  # every order is on one day: no as_of has orders after it
            fix = "use orders from more than one day"
            fix_zh = "使用不止一天的订单"
        raise CRMDataError(
            f"no order after as_of={stamp:%Y-%m-%d}, so there is nothing to check the flags "
            f"against. Fix: {fix}.",
            zh=f"as_of={stamp:%Y-%m-%d} 之后没有订单，因此无法检验这些标记。修正（Fix）：{fix_zh}。"
        )
    if isinstance(rules, (str, bytes)) or not hasattr(rules, "__iter__"):
        raise CRMDataError(
            f"rules must be a list of whole numbers of days, but got {rules!r}. "
            "Fix: pass e.g. rules=(60, 90, 180).",
            zh=f"rules 应当是一组以天为单位的整数，但收到的是 {rules!r}。"
               "修正（Fix）：例如传入 rules=(60, 90, 180)。")
    limits = [validate.number(rule, f"rules[{i}]", low=0, integer=True)
              for i, rule in enumerate(rules)]
    if not limits:
        raise CRMDataError("rules is empty. Fix: pass e.g. rules=(60, 90, 180).",
                           zh="rules 是空的。修正（Fix）：例如传入 rules=(60, 90, 180)。")
    returning = set(ids[later.to_numpy()].tolist())
    follow_up = int((when.max().normalize() - stamp).days)
    frame = pd.DataFrame({"c": ids.to_numpy(dtype=object), "d": when.to_numpy()})
    rows = []
    for limit in limits:
        flags = churn_flags(frame, as_of=stamp, inactive_days=limit, customer="c", date="d")
        back = flags.index.isin(list(returning))
        flagged = flags["churned"].to_numpy()
        rows.append({
            "inactive_days": limit, "customers": len(flags), "flagged": int(flagged.sum()),
            "churn_rate": float(flagged.mean()),
            "came_back": float(back[flagged].mean()) if flagged.any() else np.nan,
            "stayed_away": float((~back[~flagged]).mean()) if (~flagged).any() else np.nan,
            "follow_up_days": follow_up,
        })
    return pd.DataFrame(rows).set_index("inactive_days")


# --------------------------------------------------------------------------- ties
def _tie_frame(profile: pd.DataFrame, ties: Any, kept: str) -> tuple[pd.DataFrame, list[str]]:
    """Validated yes/no columns of the ties and the outcome, as a bool frame."""
    validate.frame(profile, what="customer profile")
    empty = isinstance(ties, (list, tuple)) and not ties
    names = [] if empty else validate.column_names(ties, "ties")
    if not names:
        raise CRMDataError("ties is empty. Fix: name the yes/no columns of the ties, e.g. "
                           "ties=['is_member', 'marketing_consent'].",
                           zh="ties 是空的。修正（Fix）：写出表示各条纽带的是/否列，例如 "
                              "ties=['is_member', 'marketing_consent']。")
    validate.columns(profile, {**{f"ties[{i}]": n for i, n in enumerate(names)}, "kept": kept})
    data = {name: _customers.flags(profile, name) for name in [*names, kept]}
    return pd.DataFrame(data, index=profile.index), list(names)


@validate.checked
def retention_by_tie(
    profile: pd.DataFrame,
    ties: Any = ("is_member", "marketing_consent"),
    *,
    kept: str = "kept",
    within: str | None = None,
) -> pd.DataFrame:
    """The mooring ropes (系船绳): how many customers each tie holds, with and without it.

    ``profile`` has one row per customer: a yes/no column for each tie (a
    membership card, consent to messages, using the app ...) and a yes/no
    column ``kept`` (the customer is still buying at the end).  For each tie
    the table compares the share kept among the customers who have it with the
    share among those who do not.

    A difference is not yet an effect: customers who buy often both pick up
    more ties *and* stay longer.  With ``within`` (a column of groups, such as
    the number of orders in the first 90 days) the difference is also worked
    out inside each group and averaged, weighted by the group sizes
    (``like_for_like``): customers are then compared with others who bought
    as often.  Groups in which everybody or nobody has the tie are left out of
    that average.

    Returns
    -------
    DataFrame
        Index ``tie``; columns ``share_with`` (share of customers who have the
        tie), ``kept_with``, ``kept_without``, ``difference`` (with − without,
        as a fraction: 0.05 = 5 points) and, with ``within``, ``like_for_like``.

    Raises
    ------
    CRMDataError
        An empty frame, a missing column, a tie or ``kept`` column that is not
        yes/no, a tie that every customer has or nobody has (nothing to
        compare), missing values in ``within``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> profile = pd.DataFrame({"is_member": [True, True, False, False],
    ...                         "marketing_consent": [True, False, True, False],
    ...                         "kept": [True, True, True, False]})
    >>> ck.retention_by_tie(profile)[["kept_with", "kept_without", "difference"]]
                       kept_with  kept_without  difference
    tie
    is_member                1.0           0.5         0.5
    marketing_consent        1.0           0.5         0.5
    """
    data, names = _tie_frame(profile, ties, kept)
    groups = None
    if within is not None:
        validate.columns(profile, {"within": within})
        validate.missing(profile[within], within)
        groups = profile[within].astype(str).to_numpy()
    outcome = data[kept].to_numpy()
    rows = []
    for name in names:
        has = data[name].to_numpy()
        if has.all() or not has.any():
            raise CRMDataError(
                f"every customer {'has' if has.all() else 'lacks'} the tie '{name}', so there "
                "is nobody to compare with. Fix: leave it out of ties.",
                zh=f"所有客户都{'有' if has.all() else '没有'}纽带 '{name}'，因此没有可比较的对象。"
                   "修正（Fix）：把它从 ties 中去掉。"
            )
        row = {"tie": name, "share_with": has.mean(), "kept_with": outcome[has].mean(),
               "kept_without": outcome[~has].mean()}
        row["difference"] = row["kept_with"] - row["kept_without"]
        if groups is not None:
            cells = pd.DataFrame({"g": groups, "has": has, "kept": outcome})
            rates = cells.pivot_table(index="g", columns="has", values="kept", aggfunc="mean")
            sizes = cells.groupby("g").size()
            both = rates.dropna()
            weights = sizes.reindex(both.index)
            row["like_for_like"] = (float(((both[True] - both[False]) * weights).sum()
                                          / weights.sum()) if len(both) else np.nan)
        rows.append(row)
    return pd.DataFrame(rows).set_index("tie")


@validate.checked
def retention_by_tie_count(
    profile: pd.DataFrame,
    ties: Any = ("is_member", "marketing_consent"),
    *,
    kept: str = "kept",
) -> pd.DataFrame:
    """Share of customers kept by the number of ties they have (0, 1, 2, ...).

    The course's picture: the more ropes moor a boat, the more firmly it holds.
    ``profile`` as for :func:`retention_by_tie`.

    Returns
    -------
    DataFrame
        Index ``ties`` (0 up to the number of ties named, every count shown);
        columns ``customers`` and ``kept_share`` (missing where no customer has
        that many ties).

    Raises
    ------
    CRMDataError
        As :func:`retention_by_tie` (an empty frame, a missing or non-yes/no
        column).

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> profile = pd.DataFrame({"is_member": [True, True, False, False],
    ...                         "marketing_consent": [True, False, True, False],
    ...                         "kept": [True, True, True, False]})
    >>> ck.retention_by_tie_count(profile)
          customers  kept_share
    ties
    0             1         0.0
    1             2         1.0
    2             1         1.0
    """
    data, names = _tie_frame(profile, ties, kept)
    count = data[names].sum(axis=1).to_numpy()
    outcome = data[kept].to_numpy()
    index = pd.RangeIndex(len(names) + 1, name="ties")
    customers = np.bincount(count, minlength=len(names) + 1)
    kept_n = np.bincount(count, weights=outcome.astype(float), minlength=len(names) + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(customers > 0, kept_n / np.maximum(customers, 1), np.nan)
    return pd.DataFrame({"customers": customers.astype(np.int64), "kept_share": share},
                        index=index)


# --------------------------------------------------------------------------- programmes
@validate.checked
def retention_programme(
    retention: float,
    margin: float,
    *,
    cost: float,
    gain: float = 0.0,
    discount: float = 0.1,
) -> pd.Series:
    """Does a retention programme pay? Customer value with and without it, and its break-even.

    A programme (a loyalty reward, better service, a care call ...) costs
    ``cost`` yuan per customer in every period the customer stays, so the
    margin per period falls from ``margin`` to ``margin − cost``; in return it
    raises the retention rate from ``retention`` to ``retention + gain``.  Both
    values are chapter 04's :func:`crmkit.clv` with no end date (the first
    period's margin now, certain).  The **break-even retention gain** is the
    rise that leaves the customer's value unchanged; with that formula it is

        break-even gain = (1 + d − r) × cost / margin

    A programme that raises retention by more than that adds value.

    Returns
    -------
    Series
        ``clv_without``, ``clv_with``, ``value_change`` (with − without, per
        customer), ``break_even_gain`` (a fraction: 0.05 = 5 points) and
        ``break_even_retention`` (retention + break-even gain). A break-even
        retention of 1 or more means no rise in retention can pay for the
        programme; with ``cost ≥ margin`` the break-even gain is infinite.

    Raises
    ------
    CRMDataError
        Rates outside [0, 1) (retention, retention + gain), a discount rate
        outside [0, 1], a margin of 0 or less, a negative cost or gain.

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.retention_programme(0.6, 300, cost=30, gain=0.08).round(3)
    clv_without             660.000
    clv_with                707.143
    value_change             47.143
    break_even_gain           0.050
    break_even_retention      0.650
    dtype: float64
    """
    rate = validate.fraction(retention, "retention", allow_one=False)
    margin = validate.number(margin, "margin", low=0, low_open=True)
    cost = validate.number(cost, "cost", low=0)
    rise = validate.fraction(gain, "gain")
    d = validate.fraction(discount, "discount")
    if rate + rise >= 1:
        raise CRMDataError(
            f"retention {rate:g} + gain {rise:g} = {rate + rise:g} reaches 1, where customers "
            "never leave. Fix: use a smaller gain or a lower retention rate.",
            zh=f"留存率 {rate:g} + 提升 {rise:g} = {rate + rise:g}，达到了 1，即客户永不流失。"
               "修正（Fix）：用更小的提升幅度，或更低的留存率。"
        )
    without = float(clv(margin, rate, d))
    with_ = float(clv(margin - cost, rate + rise, d))
    need = (1 + d - rate) * cost / margin if cost < margin else np.inf
    return pd.Series({"clv_without": without, "clv_with": with_, "value_change": with_ - without,
                      "break_even_gain": need, "break_even_retention": rate + need})


@validate.checked
def programme_curve(
    retention: float,
    margin: float,
    *,
    cost: float,
    gain: float = 0.0,
    discount: float = 0.1,
) -> pd.DataFrame:
    """A retention programme's value for every retention gain it might bring.

    :func:`retention_programme` answers for one ``gain``; this lays its answer
    out over gains from 0 up to about twice the break-even gain (at least 2
    points and past ``gain``; never a retention rate of 0.99 or more), so a
    chart can show where the programme starts to pay
    (:func:`crmkit.plots.retention.programme_chart` draws this frame).

    Returns
    -------
    DataFrame
        One row per gain, in order (index ``gain``, a fraction: 0.05 = 5
        points): 60 evenly spaced gains plus ``gain`` itself and the
        break-even gain when it lies in the range.  Columns ``clv_with``
        (the customer's value with the programme at that gain),
        ``clv_without`` (the same on every row), ``value_change`` (with −
        without), and two flags: ``chosen`` marks the row of ``gain``,
        ``break_even`` the row where the value is unchanged (none when no
        gain in the range pays for the programme).

    Raises
    ------
    CRMDataError
        As :func:`retention_programme`: rates outside [0, 1) (retention,
        retention + gain), a discount rate outside [0, 1], a margin of 0 or
        less, a negative cost or gain.

    Examples
    --------
    >>> import crmkit as ck
    >>> curve = ck.programme_curve(0.6, 300, cost=30, gain=0.08)
    >>> curve[curve["break_even"] | curve["chosen"]].round(3)
           clv_with  clv_without  value_change  chosen  break_even
    gain
    0.05    660.000        660.0         0.000   False        True
    0.08    707.143        660.0        47.143    True       False
    """
    result = retention_programme(retention, margin, cost=cost, gain=gain, discount=discount)
    rate, rise, d = float(retention), float(gain), float(discount)
    need = float(result["break_even_gain"])
    room = 0.99 - rate
    top = min(room, max(2 * need if np.isfinite(need) else room, rise * 1.2, 0.02))
    marks = [rise] + ([need] if np.isfinite(need) and need <= top else [])
    gains = np.unique(np.concatenate([np.linspace(0.0, top, 60), marks]))
    kept = float(margin) - float(cost)  # the margin per period while the programme runs
    with_ = np.array([float(clv(kept, rate + g, d)) for g in gains])
    without = float(result["clv_without"])
    return pd.DataFrame({"clv_with": with_, "clv_without": without,
                         "value_change": with_ - without,
                         "chosen": gains == rise, "break_even": np.isin(gains, marks[1:])},
                        index=pd.Index(gains, name="gain"))
