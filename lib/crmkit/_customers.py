"""Private per-customer helpers shared by the topic modules.

They turn validated columns into the plain numpy arrays the vectorised
calculations need, and get three things exactly right:

* **ids and days** — customer ids with nothing missing, yes/no flags, day and
  month numbers of dates, and what a customer bought in the ``window_days``
  after an event (a survey answer, a complaint);
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

from collections.abc import Iterable
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
