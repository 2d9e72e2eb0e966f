"""Write the frames as CSV so that the same data give the same bytes on every OS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit import datasets

__all__ = ["DECIMALS", "write_csv"]

# Decimals of float columns other than the default two (money).
DECIMALS = {
    ("complaints", "first_response_hours"): 1,
    ("complaints", "resolution_hours"): 1,
    ("service_contacts", "duration_min"): 1,
    ("rice_households", "kg_per_person_month"): 1,
    ("rice_households", "jar_kg"): 1,
}


def write_csv(name: str, df: pd.DataFrame, folder: Path) -> Path:
    """Write data set ``name`` to ``folder/<name>.csv``: UTF-8, ``\\n`` line ends,
    fixed decimals, dates as ``YYYY-MM-DD`` and times as ``YYYY-MM-DD HH:MM``."""
    out = {}
    for col in df.columns:
        values = df[col]
        kind = next((c.kind for c in datasets.schema(name) if c.name == col), "str")
        if kind == "date":
            values = values.dt.strftime("%Y-%m-%d")
        elif kind == "datetime":
            values = values.dt.strftime("%Y-%m-%d %H:%M")
        elif kind == "float" and DECIMALS.get((name, col), 2) != 2:
            fmt = f"%.{DECIMALS[(name, col)]}f"
            values = pd.Series(np.char.mod(fmt, values.to_numpy()), index=values.index)
        out[col] = values
    path = Path(folder) / datasets.FILES[name]
    pd.DataFrame(out).to_csv(path, index=False, encoding="utf-8", lineterminator="\n",
                             float_format="%.2f")
    return path
