"""Private helpers for per-customer arithmetic: group codes and exact money totals.

Used by every topic module that adds up per customer. Two things they need and must get
exactly right:

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

Nothing here is public API; the public functions validate first, then call these.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit._activity import customer_ids
from crmkit.errors import CRMDataError

__all__: list[str] = []

#: Largest single amount (yuan) or count a scalar argument may have; anything
#: bigger is a mistake (a wrong unit, a typo) and would overflow later sums.
MAX_AMOUNT = 1e12

_SCALE = 10_000  # totals are exact to 0.0001 (of a yuan)
_LIMIT = 9.0e11  # largest total that float64 holds exactly at that scale (2**53 / _SCALE)


def group_codes(df: pd.DataFrame, column: str, *,
                keyword: str = "customer") -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 for the ids in ``df[column]``, numbered in sorted id order.

    Returns ``(codes, ids)`` with ``ids[codes[i]] == df[column].iloc[i]``.
    Missing ids and ids that mix numbers with text are refused.
    """
    raw = customer_ids(df, column, keyword=keyword)
    codes, uniques = pd.factorize(raw)
    uniques = pd.Index(uniques)
    try:
        order = uniques.argsort()
    except TypeError as err:
        kinds = sorted({type(v).__name__ for v in uniques[:1000]})
        raise CRMDataError(
            f"column '{column}' mixes kinds of ids ({', '.join(kinds)}), so the "
            f"customers cannot be put in order. Fix: make them all text, e.g. "
            f"df['{column}'] = df['{column}'].astype(str)."
        ) from err
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    ids = uniques.take(order).rename(column)
    return rank[codes], ids


def amounts(df: pd.DataFrame, column: str) -> np.ndarray:
    """A money column as float64 (numbers only, none missing, none negative, not absurd)."""
    values = validate.numeric(df, column).to_numpy()
    total = float(values.sum())
    if total > _LIMIT:
        raise CRMDataError(
            f"the amounts in column '{column}' add up to {total:.4g}, more than "
            f"crmkit can total exactly ({_LIMIT:.0e}). Fix: check the unit (yuan, not fen) "
            "and remove impossible amounts."
        )
    return values


def totals(codes: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` per code, exactly to 0.0001 and independent of the row order."""
    scaled = np.rint(np.asarray(values, dtype=np.float64) * _SCALE)
    return np.bincount(codes, weights=scaled, minlength=n_groups) / _SCALE


def customer_totals(df: pd.DataFrame, *, customer: str, amount: str) -> pd.Series:
    """Validated total ``amount`` per customer (sorted by customer id).

    Works on transactions (many rows per customer) and on a per-customer table
    (one row each) alike.  The result is a float Series indexed by customer.
    """
    validate.frame(df)
    validate.columns(df, {"customer": customer, "amount": amount})
    values = amounts(df, amount)
    codes, ids = group_codes(df, customer)
    return pd.Series(totals(codes, len(ids), values), index=ids, name=amount)
