"""Input checks shared by every public ``crmkit`` function.

Each check either returns a clean value (a parsed column, a date, a number)
or raises :class:`crmkit.CRMDataError` with a message that says

* **what was expected** (a column, a type, a range),
* **what was found** (the columns present, the first offending rows), and
* **how to fix it** (the keyword to pass, the value to clean).

The checks never modify the frame they are given.

>>> import pandas as pd
>>> from crmkit import validate
>>> orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [10.0, -3.0]})
>>> validate.numeric(orders, "revenue", func="demo")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
crmkit.errors.CRMDataError: demo: column 'revenue' must not be negative, but 1 row is...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit.errors import CRMDataError

__all__ = [
    "as_of_date",
    "columns",
    "date",
    "dates",
    "fraction",
    "frame",
    "numeric",
    "number",
    "one_of",
    "shares",
    "show_rows",
]

_SHOW = 5  # how many offending rows a message lists


def show_rows(index: Iterable[Any], values: Iterable[Any] | None = None) -> str:
    """Describe the first few offending rows, e.g. ``"rows 3, 7, 9 and 2 more"``.

    With ``values`` the row labels are paired with what was found there:
    ``"row 3: 'abc'"``.
    """
    labels = list(index)
    shown = labels[:_SHOW]
    if values is None:
        parts = [str(label) for label in shown]
    else:
        found = list(values)[:_SHOW]
        parts = [f"{label}: {value!r}" for label, value in zip(shown, found, strict=False)]
    text = ("row " if len(labels) == 1 else "rows ") + ", ".join(parts)
    if len(labels) > _SHOW:
        text += f" and {len(labels) - _SHOW} more"
    return text


def _count(n: int) -> str:
    return f"{n} row is" if n == 1 else f"{n} rows are"


def frame(df: Any, *, func: str, what: str = "data", allow_empty: bool = False) -> pd.DataFrame:
    """Check that ``df`` is a non-empty pandas DataFrame and return it."""
    if not isinstance(df, pd.DataFrame):
        found = type(df).__name__
        raise CRMDataError(
            f"{func}: expected the {what} as a pandas DataFrame, but got a {found}. "
            "Fix: load it with crmkit.datasets (e.g. ck.load_transactions()) "
            "or build one with pd.DataFrame(...)."
        )
    if df.empty and not allow_empty:
        raise CRMDataError(
            f"{func}: the {what} frame is empty (no rows). "
            "Fix: check the filter that produced it; there is nothing to compute on."
        )
    return df


def columns(df: pd.DataFrame, needed: Mapping[str, str] | Sequence[str], *, func: str) -> None:
    """Check that every needed column is present.

    ``needed`` maps each keyword argument of the calling function to the column
    name it was given, e.g. ``{"customer": "customer_id", "amount": "revenue"}``,
    so the message can tell the student which keyword to pass.
    """
    frame(df, func=func, allow_empty=True)
    pairs = needed.items() if isinstance(needed, Mapping) else ((c, c) for c in needed)
    missing = [(kw, col) for kw, col in pairs if col not in df.columns]
    if missing:
        found = ", ".join(repr(str(c)) for c in df.columns) or "no columns at all"
        what = ", ".join(f"'{col}'" for _, col in missing)
        hint = ", ".join(f"{kw}='<your column>'" for kw, _ in missing)
        raise CRMDataError(
            f"{func}: column {what} not found; the frame has {found}. "
            f"Fix: rename the column, or tell the function its name with {hint}."
        )
    names = needed.values() if isinstance(needed, Mapping) else needed
    twice = [c for c in dict.fromkeys(names) if (df.columns == c).sum() > 1]
    if twice:
        raise CRMDataError(
            f"{func}: column {', '.join(repr(c) for c in twice)} appears more than once in the "
            "frame, so it is not clear which to use (pd.concat(..., axis=1) does this). "
            "Fix: drop or rename the copies, e.g. df.loc[:, ~df.columns.duplicated()]."
        )


def numeric(
    df: pd.DataFrame,
    column: str,
    *,
    func: str,
    allow_negative: bool = False,
    allow_missing: bool = False,
    integer: bool = False,
) -> pd.Series:
    """Return ``df[column]`` as float64, refusing text, missing and negative values.

    Booleans count as numbers (``True`` is 1).  With ``allow_missing`` missing
    values stay NaN instead of raising.
    """
    columns(df, [column], func=func)
    raw = df[column]
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype("int64")
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    unparsed = values.isna() & raw.notna()
    if unparsed.any():
        bad = raw[unparsed]
        raise CRMDataError(
            f"{func}: column '{column}' must hold numbers, but {_count(len(bad))} not "
            f"({show_rows(bad.index, bad)}). Fix: clean the text, e.g. "
            f"pd.to_numeric(df['{column}'], errors='coerce'), then decide what to do with the gaps."
        )
    infinite = np.isinf(values)
    if infinite.any():
        bad = values[infinite]
        raise CRMDataError(
            f"{func}: column '{column}' has infinite values ({show_rows(bad.index, bad)}). "
            "Fix: replace them with real amounts or drop those rows."
        )
    if not allow_missing and values.isna().any():
        bad = values[values.isna()]
        raise CRMDataError(
            f"{func}: column '{column}' has missing values, but {_count(len(bad))} empty "
            f"({show_rows(bad.index)}). Fix: fill them (df['{column}'].fillna(0)) or drop those "
            f"rows (df.dropna(subset=['{column}']))."
        )
    if not allow_negative and (values < 0).any():
        bad = values[values < 0]
        raise CRMDataError(
            f"{func}: column '{column}' must not be negative, but {_count(len(bad))} "
            f"({show_rows(bad.index, bad.tolist())}). Fix: remove or correct those rows, "
            f"e.g. df[df['{column}'] >= 0]."
        )
    if integer and (values.dropna() % 1 != 0).any():
        bad = values[values.notna() & (values % 1 != 0)]
        raise CRMDataError(
            f"{func}: column '{column}' must hold whole numbers, but {_count(len(bad))} not "
            f"({show_rows(bad.index, bad.tolist())}). Fix: round or correct those rows."
        )
    return values


def dates(df: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False) -> pd.Series:
    """Return ``df[column]`` parsed as datetimes, naming the rows that do not parse."""
    columns(df, [column], func=func)
    raw = df[column]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_localize(None)
    elif pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
        raise CRMDataError(
            f"{func}: column '{column}' must hold dates, but it holds numbers "
            f"(dtype {raw.dtype}). Fix: pass the date column, or convert it with "
            f"pd.to_datetime(df['{column}'])."
        )
    else:
        try:
            parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
        except (OverflowError, pd.errors.OutOfBoundsDatetime, ValueError, TypeError) as err:
            raise CRMDataError(
                f"{func}: column '{column}' holds values that cannot be read as dates ({err}). "
                "Fix: correct them (YYYY-MM-DD works best) or drop those rows."
            ) from err
        unparsed = parsed.isna() & raw.notna()
        if unparsed.any():
            bad = raw[unparsed]
            raise CRMDataError(
                f"{func}: column '{column}' has text that is not a date "
                f"({show_rows(bad.index, bad)}). Fix: correct those values (YYYY-MM-DD works "
                f"best) or drop the rows."
            )
    if not allow_missing and parsed.isna().any():
        bad = parsed[parsed.isna()]
        raise CRMDataError(
            f"{func}: column '{column}' has missing dates, {_count(len(bad))} empty "
            f"({show_rows(bad.index)}). Fix: drop those rows "
            f"(df.dropna(subset=['{column}'])) or fill in the dates."
        )
    return parsed


def date(value: Any, name: str, *, func: str) -> pd.Timestamp:
    """Parse one date argument (``"2025-12-31"``, a Timestamp, a ``datetime.date``).

    Time zones are dropped; a value that is not a date, or is missing, is refused.
    """
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as err:
        raise CRMDataError(
            f"{func}: {name}={value!r} is not a date. Fix: pass a date such as '2025-12-31'."
        ) from err
    if pd.isna(stamp):
        raise CRMDataError(
            f"{func}: {name} is missing (NaT). Fix: pass a date such as '2025-12-31'."
        )
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def as_of_date(as_of: Any, observed: pd.Series, *, func: str) -> pd.Timestamp:
    """Return the analysis date: ``as_of`` if given, else the day after the last date.

    An ``as_of`` before the earliest date in the data is refused: nothing
    would have happened yet.
    """
    first, last = observed.min(), observed.max()
    if as_of is None:
        return (last + pd.Timedelta(days=1)).normalize()
    stamp = date(as_of, "as_of", func=func)
    if stamp < first:
        raise CRMDataError(
            f"{func}: as_of={stamp.date()} is before the first date in the data "
            f"({first.date()}). Fix: pass a date on or after {first.date()}, "
            "or leave as_of out to use the day after the last purchase."
        )
    return stamp


def number(value: Any, name: str, *, func: str, low: float | None = None,
           high: float | None = None, integer: bool = False,
           low_open: bool = False, high_open: bool = False) -> float:
    """Check a single number argument and return it as float (or int with ``integer``).

    ``low``/``high`` are inclusive bounds unless ``low_open``/``high_open``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CRMDataError(
            f"{func}: {name} must be a number, but got {value!r} ({type(value).__name__}). "
            f"Fix: pass e.g. {name}={low if low is not None else 1}."
        )
    if not np.isfinite(value):
        raise CRMDataError(f"{func}: {name} must be a finite number, but got {value!r}.")
    if integer and float(value) != int(value):
        raise CRMDataError(f"{func}: {name} must be a whole number, but got {value!r}.")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        span = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise CRMDataError(
            f"{func}: {name} must lie in {span}, but got {value!r}. "
            "Fix: pass a value in that range."
        )
    return int(value) if integer else float(value)


def fraction(value: Any, name: str, *, func: str, allow_one: bool = True,
             allow_zero: bool = True) -> float:
    """Check a rate or share given as a fraction between 0 and 1 (not a percentage)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
        raise CRMDataError(
            f"{func}: {name} must be a fraction between 0 and 1, but got {value!r}, "
            f"which looks like a percentage. Fix: pass {name}={value / 100:g}."
        )
    return number(value, name, func=func, low=0.0, high=1.0,
                  low_open=not allow_zero, high_open=not allow_one)


def shares(values: Any, name: str, *, func: str, total: float = 1.0) -> tuple[float, ...]:
    """Check a tuple of positive fractions that must add up to ``total`` (1 by default)."""
    try:
        items = tuple(values)
    except TypeError as err:
        raise CRMDataError(
            f"{func}: {name} must be a sequence of fractions such as (0.8, 0.15, 0.05), "
            f"but got {values!r}."
        ) from err
    if not items:
        raise CRMDataError(f"{func}: {name} is empty. Fix: pass e.g. (0.8, 0.15, 0.05).")
    checked = tuple(fraction(v, f"{name}[{i}]", func=func, allow_zero=False)
                    for i, v in enumerate(items))
    if not np.isclose(sum(checked), total, atol=1e-9):
        raise CRMDataError(
            f"{func}: {name} must add up to {total:g}, but {' + '.join(f'{v:g}' for v in checked)}"
            f" = {sum(checked):g}. Fix: adjust the shares so they sum to {total:g}."
        )
    return checked


def one_of(value: Any, allowed: Iterable[Any], name: str, *, func: str) -> Any:
    """Check that ``value`` is one of ``allowed``; the message lists the valid choices."""
    options = list(allowed)
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise CRMDataError(f"{func}: {name}={value!r} is not valid. Choose one of: {listed}.")
    return value
