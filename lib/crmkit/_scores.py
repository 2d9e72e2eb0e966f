"""Private helpers for survey scores, shared by ``satisfaction``, ``loyalty`` and ``ladder``.

A survey answer is a whole score on a scale (1–5 for satisfaction, 0–10 for
"would you recommend us"); these helpers check a score column against its
scale and find each customer's latest answer.  Nothing here is public API.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit._customers import group_codes
from crmkit.errors import CRMDataError

__all__ = ["checked", "latest", "scale_of"]

_SCALES = {"recommend": (0, 10)}
_DEFAULT_SCALE = (1, 5)


def scale_of(column: str, scale: Any) -> tuple[int, int]:
    """The scale of a score column: ``scale`` checked, or the column's usual one."""
    if column != "":
        validate.column_name(column, "score")
    if scale is None:
        return _SCALES.get(column, _DEFAULT_SCALE)
    try:
        low, high = scale
    except (TypeError, ValueError) as err:
        raise CRMDataError(f"scale must be a pair (low, high) such as (1, 5), "
                           f"not {scale!r}.",
                           zh=f"scale 应当是一对数 `(low, high)`，例如 `(1, 5)`，"
                              f"而不是 {scale!r}。") from err
    low = validate.number(low, "scale low", integer=True)
    high = validate.number(high, "scale high", integer=True)
    if low >= high:
        raise CRMDataError(f"scale=({low}, {high}) must run from low to high.",
                           zh=f"scale=({low}, {high}) 应当从低到高排列。")
    return low, high


def checked(survey: pd.DataFrame, column: str, scale: tuple[int, int]) -> pd.Series:
    """Return a score column as int64, refusing text, gaps, fractions and out-of-scale values."""
    values = validate.numeric(survey, column, allow_negative=True, integer=True)
    low, high = scale
    outside = (values < low) | (values > high)
    if outside.any():
        bad = survey[column][outside]
        raise CRMDataError(
            f"column '{column}' must hold whole scores from {low} to {high}, but "
            f"{validate.show_rows(bad.index, bad.tolist())} "
            f"{'is' if len(bad) == 1 else 'are'} outside. Fix: correct those rows, or pass "
            f"scale=(low, high) if the column uses another scale.",
            zh=f"列 '{column}' 应当是 {low} 到 {high} 之间的整数分值，但"
               f"{validate.rows_zh(bad.index, bad.tolist())} 超出了这个范围。"
               "修正（Fix）：改正这些行；如果这一列用的是别的量表，"
               "请传入 scale=(low, high)。"
        )
    return values.astype(np.int64)


def latest(survey: pd.DataFrame, column: str, *, customer: str, survey_date: str,
           scale: tuple[int, int]) -> pd.Series:
    """Each customer's score in their most recent survey answer (index: customer id)."""
    validate.frame(survey, what="survey")
    validate.columns(survey, {"customer": customer, "score": column,
                              "survey_date": survey_date})
    codes, names = group_codes(survey, customer)
    when = validate.dates(survey, survey_date).to_numpy(dtype="datetime64[ns]")
    values = checked(survey, column, scale).to_numpy()
    # Sort by customer, then date, then score (so ties on the date do not
    # depend on the row order) and keep each customer's last row.
    order = np.lexsort((values, when.view(np.int64), codes))
    sorted_codes = codes[order]
    last = order[np.append(sorted_codes[1:] != sorted_codes[:-1], True)]
    return pd.Series(values[last], index=names.take(codes[last]), name=column)
