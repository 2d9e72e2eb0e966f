"""Shared pieces of the generator: the calendar, random streams, ids and typed columns.

Time inside the generator is a float number of days since 2023-01-01 00:00
(``START``); a whole-number part is a calendar day.  Columns leave the generator
already typed like the loaders return them (see ``crmkit.datasets``), so the
in-memory frames and the files read back are equal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit import datasets

__all__ = [
    "DAYS",
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "MONTHS",
    "START",
    "draw",
    "frame",
    "ids",
    "month_index",
    "month_start",
    "rng_for",
    "text",
    "to_date",
    "to_minute",
]

#: The workbook's seed: the committed data/ is generate(seed=DEFAULT_SEED).
DEFAULT_SEED = 2025
#: Customers in the committed sample data.
DEFAULT_CUSTOMERS = 5000

START = np.datetime64("2023-01-01", "D")
_END = np.datetime64("2026-01-01", "D")
DAYS = int((_END - START).astype(np.int64))  # 1096: 2023-01-01 .. 2025-12-31
MONTHS = 36
_MONTH_STARTS = (
    np.arange("2023-01", "2026-02", dtype="datetime64[M]").astype("datetime64[D]") - START
).astype(np.int64)  # 37 values: first day of each month and of 2026-01

# Each part of the data has its own random stream, so that changing one part
# (say the survey) leaves the others byte for byte as they were.
_STREAMS = {
    "customers": 1, "lifecycle": 2, "complaints": 3, "survey": 4, "orders": 5,
    "contacts": 6, "leads": 7, "acquisition": 8, "raw": 9, "rice": 10, "answers": 11,
}


def rng_for(seed: int, part: str) -> np.random.Generator:
    """The random generator of one part of the data (independent of the others)."""
    return np.random.default_rng([int(seed), _STREAMS[part]])


def month_index(days: np.ndarray) -> np.ndarray:
    """Month number 0..35 (2023-01 .. 2025-12) of each day offset."""
    return np.searchsorted(_MONTH_STARTS, np.floor(days), side="right") - 1


def month_start(month: np.ndarray) -> np.ndarray:
    """Day offset of the first day of month number ``month`` (0 .. 36)."""
    return _MONTH_STARTS[month]


def to_minute(days: np.ndarray) -> np.ndarray:
    """Day offsets -> datetime64[us] truncated to the minute."""
    minutes = np.floor(np.asarray(days, dtype=np.float64) * 1440.0).astype(np.int64)
    return (START.astype("datetime64[m]") + minutes.astype("timedelta64[m]")).astype(
        "datetime64[us]")


def to_date(days: np.ndarray) -> np.ndarray:
    """Day offsets -> datetime64[us] at midnight of that day."""
    whole = np.floor(np.asarray(days, dtype=np.float64)).astype(np.int64)
    return (START + whole.astype("timedelta64[D]")).astype("datetime64[us]")


def draw(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category index per row of the 2-D array ``probs``.

    Each row holds the (not necessarily normalised) weights of the categories
    for that draw; for one shared vector of weights use ``rng.choice``.
    """
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return (u[:, None] >= cum).sum(axis=1)


def text(values: tuple[str, ...] | list[str], codes: np.ndarray) -> np.ndarray:
    """Category codes -> an object array of the matching strings (fast to frame)."""
    return np.asarray(values, dtype=object)[codes]


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + running number from 1, zero-padded to at least ``width`` digits."""
    width = max(width, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def frame(name: str, columns: dict[str, object]) -> pd.DataFrame:
    """Build data set ``name`` with the columns, order and dtypes of its schema."""
    out = {}
    for col in datasets.schema(name):
        values = columns[col.name]
        out[col.name] = pd.array(values, dtype=datasets.dtype_of(col)) if col.kind in (
            "str", "category") else np.asarray(values).astype(datasets.dtype_of(col))
    return pd.DataFrame(out)
