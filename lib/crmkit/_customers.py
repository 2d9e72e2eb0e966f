"""Private per-customer helpers shared by the topic modules.

They turn validated columns into the plain numpy arrays the vectorised
calculations need, and get three things exactly right:

* **ids and days** — customer ids with nothing missing, yes/no flags, day and
  month numbers of dates, and what a customer bought in the ``window_days``
  after an event (a survey answer, a complaint): :func:`later_activity` is the
  one definition of that window, for every function that asks;
* **group codes** — one integer per customer, numbered in sorted order of the
  customer ids, so every result comes out sorted by customer and does not
  depend on the order of the rows;
* **exact totals** — sums of money per customer that do not depend on the row
  order either.  Floating-point addition is not associative
  (``0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1``), so two customers with the same
  purchases listed in a different order could get totals that differ in the
  last bit and then different scores or classes.  Amounts are therefore added
  as whole multiples of 0.0001 (exact in float64 up to about 9 * 10**11),
  which makes every total independent of the order of the rows.

Nothing here is public API; the public functions validate first (a table of orders
with one call, :func:`crmkit.validate.transactions`), then call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError

__all__: list[str] = []


def customer_ids(df: pd.DataFrame, column: str, *, keyword: str = "customer") -> pd.Series:
    """Return the customer-id column, refusing missing ids (they cannot be grouped)."""
    return validate.ids(df, column, keyword=keyword)


def flags(df: pd.DataFrame, column: str) -> pd.Series:
    """Return a yes/no column as bool; accepts True/False, 1/0 and 'true'/'false' text."""
    validate.columns(df, [column])
    raw = df[column]
    if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
        return raw.astype(bool)
    text = raw.astype("object").map(
        lambda v: str(v).strip().lower() if isinstance(v, str) else v
    )
    # True == 1 and False == 0 in Python, so these keys also accept 1/0 and 1.0/0.0.
    mapping = {True: True, False: False, "true": True, "false": False,
               "1": True, "0": False, "yes": True, "no": False}
    parsed = text.map(lambda v: mapping.get(v) if _hashable(v) else None)
    bad = parsed.isna()
    if bad.any():
        shown = raw[bad]
        codes = list(dict.fromkeys(v for v in shown if _hashable(v) and not pd.isna(v)))
        meaning = {v: _YES_NO.get(str(v).strip().lower()) for v in codes}
        if codes and len(codes) <= 6 and None not in meaning.values() and not shown.isna().any():
            # every code is a known yes/no word ('Y', '是'): a fix that can be pasted as it is
            inner = ", ".join(f"{k!r}: {v}" for k, v in meaning.items())
            fix = f"`df[{column!r}] = df[{column!r}].replace({{{inner}}})`"
            fix_zh = fix
        else:
            fix = ("correct those rows in the source so each holds True or False "
                   f"(`df[{column!r}] = df[{column!r}].replace({{'<code for yes>': True, "
                   "'<code for no>': False})`)")
            fix_zh = ("在原始数据中改正这些行，使每行都是 True 或 False"
                      f"（`df[{column!r}] = df[{column!r}].replace({{'<表示是的代码>': True, "
                      "'<表示否的代码>': False})`）")
        raise CRMDataError(
            f"column '{column}' must hold yes/no values (True/False), but "
            f"{validate.show_rows(shown.index, shown)} {'is' if len(shown) == 1 else 'are'} "
            f"not. Fix: {fix}.",
            zh=f"列 '{column}' 应当是是/否值（True/False），但"
               f"{validate.rows_zh(shown.index, shown)} 不是。"
               f"修正（Fix）：{fix_zh}。"
        )
    return parsed.astype(bool)


#: Yes/no codes a survey or CRM export often uses, read only to write the fix in flags()'s message
_YES_NO = {"y": True, "n": False, "t": True, "f": False, "是": True, "否": False,
           "有": True, "无": False}


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


#: Whole days since 1970-01-01 (int64) of a datetime Series (time of day dropped).
day_numbers = validate.day_numbers


def month_numbers(when: pd.Series) -> np.ndarray:
    """Months since 1970-01 (int64): also the ordinal of a pandas ``Period`` with freq "M"."""
    return when.to_numpy(dtype="datetime64[ns]").astype("datetime64[M]").astype(np.int64)


def period_numbers(when: pd.Series, freq: str) -> np.ndarray:
    """Ordinals of monthly ("M"), quarterly ("Q") or yearly ("Y") pandas periods."""
    months = month_numbers(when)
    return {"M": months, "Q": months // 3, "Y": months // 12}[freq]


def periods(ordinals: Iterable[int], freq: str, name: str) -> pd.PeriodIndex:
    """A PeriodIndex from ordinals made by :func:`period_numbers`."""
    return pd.PeriodIndex.from_ordinals(np.asarray(list(ordinals), dtype=np.int64),
                                        freq=freq, name=name)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for integer keys, by sorting (several times faster on a million keys)."""
    ordered = np.sort(values)
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def window_activity(
    event_customers: pd.Series,
    event_days: np.ndarray,
    order_customers: pd.Series,
    order_days: np.ndarray,
    window_days: int,
    amounts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Orders and spend of each event's customer in the window after the event.

    An order counts for an event when it is by the same customer and its day
    lies in ``(event day, event day + window_days]``: strictly after the day of
    the event (an order on the same day may have come before it) and at most
    ``window_days`` later.  Returns two arrays aligned with the events: the
    number of such orders and the sum of their ``amounts`` (zeros without it).

    Vectorised: orders are sorted once by (customer, day) with a running total,
    and each event's window is found with two binary searches.
    """
    n_orders = len(order_days)
    codes, _ = pd.factorize(
        pd.concat([pd.Series(order_customers.to_numpy(dtype=object)),
                   pd.Series(event_customers.to_numpy(dtype=object))], ignore_index=True)
    )
    order_codes = codes[:n_orders].astype(np.int64)
    event_codes = codes[n_orders:].astype(np.int64)
    low = min(order_days.min(initial=0), event_days.min(initial=0))
    high = max(order_days.max(initial=0), event_days.max(initial=0))
    span = int(high - low) + int(window_days) + 2
    order_keys = order_codes * span + (order_days - low)
    event_keys = event_codes * span + (event_days - low)
    order = np.argsort(order_keys, kind="stable")
    sorted_keys = order_keys[order]
    values = np.zeros(n_orders) if amounts is None else np.asarray(amounts, dtype=float)[order]
    running = np.concatenate([[0.0], np.cumsum(values)])
    start = np.searchsorted(sorted_keys, event_keys, side="right")
    stop = np.searchsorted(sorted_keys, event_keys + int(window_days), side="right")
    return (stop - start).astype(np.int64), running[stop] - running[start]


def window_end(orders: validate.Transactions, as_of: Any) -> int:
    """The last day (as a day number) whose orders are observed.

    That is ``as_of`` when given (already checked by
    :func:`crmkit.validate.transactions`), and without it the day of the last
    order in the data.
    """
    return orders.as_of_day if as_of is not None else int(orders.days.max())


def later_activity(
    events: pd.DataFrame,
    transactions: pd.DataFrame,
    window_days: Any,
    *,
    roles: Mapping[str, Any],
    event: str,
    spend: bool = False,
    as_of: Any = None,
    names: tuple[str, str, str] = ("events", "event", "一个事件"),
) -> pd.DataFrame:
    """What did each event's customer buy in the ``window_days`` after the event?

    An *event* is anything dated that happens to one customer: a complaint
    received (:func:`crmkit.recovery_effect`), a survey answered
    (:func:`crmkit.satisfaction_curve`), a coupon sent.  To see whether it
    changed what the customer did next, look at the customer's orders in a
    window of days that opens after the event:

    * **the window is (event day, event day + N]**: from the day *after* the
      event up to and including day N.  An order on the event's own day does
      not count: dates of orders often carry no time, so that order may have
      come before the complaint or the survey.  An order exactly N days later
      counts; one N + 1 days later does not.  Times of day are dropped
      everywhere: a complaint at 23:00 on 10 January opens the same window as
      one at 09:00.
    * **a window must be complete**: an event closer than N days to the end of
      what is seen — ``as_of``, or without it the last order day in the data —
      has not had its N days yet.  Counting it would read "has not bought
      *yet*" as "did not come back", so such an event is marked
      ``complete=False`` and left out of the counts (its counts are missing).
      Orders after ``as_of`` are not seen.
    * a customer with no order in the window counts, with 0 orders: that is
      the customer who did not come back.

    Parameters
    ----------
    events:
        One row per event, with the customer and the event's date.
    transactions:
        One row per order, with the customer, the order date (and the amount,
        with ``spend=True``).
    window_days:
        N, a whole number of days, at least 1.
    roles:
        The column names by role, as the caller's ``columns=`` mapping
        (:func:`crmkit.validate.column_map`): ``"customer"`` (in both frames),
        ``event`` (the event's date, in ``events``), ``"date"`` (the order's
        date) and, with ``spend=True``, ``"amount"`` (yuan per order).
    event:
        The role of the event's date in ``roles``, e.g. ``"received"``.
    spend:
        Also add up the amount of the orders in the window.
    as_of:
        The day the analysis looks from (:func:`crmkit.validate.as_of_date`).
    names:
        How messages name ``events`` (the caller's parameter) and one event, in
        English and in Chinese, e.g. ``("complaints", "complaint", "一条投诉")``.

    Returns
    -------
    DataFrame
        One row per event, with the index of ``events``: ``complete`` (the
        whole window is seen), ``later_orders`` (orders in the window; missing
        where not complete) and, with ``spend=True``, ``later_spend`` (yuan).
        ``result.attrs["window_days"]`` is N, checked.

    Raises
    ------
    CRMDataError
        A ``window_days`` that is not a whole number of at least 1, missing or
        unparseable ids and dates, customer ids of the two frames that do not
        match, text or negative amounts, or no event with a complete window.

    Examples
    --------
    A complains on 10 January and buys that afternoon (day 0: not counted),
    on 11 January (day 1) and on 9 February (day 30), then on 10 February
    (day 31).  In a 30-day window A bought twice, for 10 + 100 yuan; B did not
    buy at all; C's window would end on 29 March, after the last order day.

    >>> import pandas as pd
    >>> events = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...                        "day": ["2024-01-10 15:00", "2024-01-10", "2024-02-28"]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "A", "A", "B"],
    ...                        "order_date": ["2024-01-10", "2024-01-11", "2024-02-09",
    ...                                       "2024-02-10", "2024-01-02"],
    ...                        "revenue": [1.0, 10.0, 100.0, 1000.0, 5.0]})
    >>> roles = {"customer": "customer_id", "day": "day", "date": "order_date",
    ...          "amount": "revenue"}
    >>> later_activity(events, orders, 30, roles=roles, event="day", spend=True)
       complete  later_orders  later_spend
    0      True             2        110.0
    1      True             0          0.0
    2     False          <NA>          NaN
    """
    frame_name, one_event, one_event_zh = names
    window = validate.number(window_days, "window_days", low=1, integer=True)
    who = customer_ids(events, roles["customer"])
    happened = day_numbers(validate.dates(events, roles[event]))
    orders = validate.transactions(transactions, customer=roles["customer"], date=roles["date"],
                                   as_of=as_of, mapped=True,
                                   also=validate.needed(roles, "amount") if spend else None)
    buyers, days = orders.ids, orders.days
    validate.matching_ids(who, buyers, left_name=frame_name, right_name="transactions")
    money = validate.numeric(transactions, roles["amount"]).to_numpy() if spend else None
    end = window_end(orders, as_of)
    complete = happened + window <= end
    if not complete.any():
        raise CRMDataError(
            f"no {one_event} has a complete {window}-day window before the end of the order "
            "data, so what the customers did after it cannot be seen yet. Fix: shorten "
            "window_days or use later order data.",
            zh=f"在订单数据结束之前，没有任何{one_event_zh}有完整的 {window} 天观察期，"
               "因此还看不到客户之后做了什么。修正（Fix）：缩短 window_days，或使用更晚的订单数据。"
        )
    seen = days <= end
    counts, totals_ = window_activity(who[complete], happened[complete], buyers[seen], days[seen],
                                      window, None if money is None else money[seen])
    later_orders = np.zeros(len(events), dtype=np.int64)
    later_orders[complete] = counts
    out = pd.DataFrame({"complete": complete,
                        "later_orders": pd.arrays.IntegerArray(later_orders, ~complete)},
                       index=events.index)
    if spend:
        later_spend = np.full(len(events), np.nan)
        later_spend[complete] = totals_
        out["later_spend"] = later_spend
    out.attrs["window_days"] = window
    return out


#: Largest single amount (yuan) or count a scalar argument may have; anything
#: bigger is a mistake (a wrong unit, a typo) and would overflow later sums.
MAX_AMOUNT = 1e12

SCALE = 10_000  # totals are exact to 0.0001 (of a yuan), up to validate.EXACT_TOTAL


def group_codes(df: pd.DataFrame, column: str, *,
                keyword: str = "customer") -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 for the ids in ``df[column]``, numbered in sorted id order.

    Returns ``(codes, ids)`` with ``ids[codes[i]] == df[column].iloc[i]``.
    Missing ids and ids that mix numbers with text are refused.
    """
    return validate.grouped(customer_ids(df, column, keyword=keyword))


#: A money column as float64, refused when its total cannot be added exactly.
amounts = validate.amounts


def totals(codes: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` per code, exactly to 0.0001 and independent of the row order."""
    scaled = np.rint(np.asarray(values, dtype=np.float64) * SCALE)
    return np.bincount(codes, weights=scaled, minlength=n_groups) / SCALE


def customer_totals(orders: validate.Transactions) -> pd.Series:
    """Total amount per customer of checked orders (sorted by customer id).

    ``orders`` comes from :func:`crmkit.validate.transactions` with ``amount=``;
    it may be transactions (many rows per customer) or a per-customer table (one
    row each).  The result is a float Series indexed by customer, named after
    the amount column.
    """
    return pd.Series(totals(orders.codes, len(orders.customers), orders.amounts),
                     index=orders.customers, name=orders.columns["amount"])
