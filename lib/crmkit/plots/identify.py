"""Charts for identifying customers (chapter 02): data quality and lead bands.

Each function takes a frame computed by :mod:`crmkit.identify` and an
optional matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit._activity import flags
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes

__all__ = ["data_quality_chart", "lead_band_chart"]

_PROBLEMS = (("missing", "missing_values"), ("invalid", "invalid_values"),
             ("duplicates", "duplicate_values"))


def data_quality_chart(report: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Missing, invalid and duplicate cells per column, from
    :func:`crmkit.data_quality_report` (the ``(whole rows)`` line is left out).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> raw = pd.DataFrame({"phone": ["10012345678", "123", None]})
    >>> ax = ck.plots.identify.data_quality_chart(ck.data_quality_report(raw))
    """
    func = "plots.data_quality_chart"
    validate.frame(report, func=func, what="data-quality report")
    validate.columns(report, ["column", *(c for c, _ in _PROBLEMS)], func=func)
    rows = report[report["column"] != "(whole rows)"]
    counts = {c: validate.numeric(rows, c, func=func, allow_missing=True).fillna(0).to_numpy()
              for c, _ in _PROBLEMS}
    ax = new_axes(ax, figsize=(7.0, max(3.0, 0.45 * len(rows) + 1.5)))
    y = np.arange(len(rows))[::-1]
    for i, (column, key) in enumerate(_PROBLEMS):
        ax.barh(y + (1 - i) * 0.27, counts[column], height=0.27, color=PALETTE[i],
                label=label(key))
    ax.set_yticks(y, rows["column"].astype(str).tolist())
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    return finish(ax, title="data_quality", xlabel="ui.cells")


def lead_band_chart(scored: pd.DataFrame, ax: Axes | None = None, *,
                    converted: str | None = "converted") -> Axes:
    """Leads per band (hot, warm, cold) from :func:`crmkit.lead_score`; when the
    ``converted`` column is present, each bar shows the band's conversion rate — a
    check that the score points at the leads who really buy."""
    func = "plots.lead_band_chart"
    validate.frame(scored, func=func, what="scored leads")
    validate.columns(scored, ["lead_band"], func=func)
    bands = scored["lead_band"]
    order = list(bands.cat.categories) if isinstance(bands.dtype, pd.CategoricalDtype) \
        else sorted(bands.dropna().astype(str).unique())
    counts = bands.astype(str).value_counts().reindex(order, fill_value=0)
    ax = new_axes(ax)
    x = np.arange(len(order))
    ax.bar(x, counts.to_numpy(), color=[PALETTE[i % len(PALETTE)] for i in (3, 1, 0)][
        : len(order)] if len(order) <= 3 else PALETTE[0])
    if converted is not None and converted in scored.columns:
        won = pd.Series(flags(scored, converted, func=func).to_numpy(),
                        index=bands.astype(str).to_numpy())
        rate = won.groupby(level=0).mean().reindex(order)
        for xi, n, r in zip(x, counts.to_numpy(), rate.to_numpy(), strict=True):
            if n:
                ax.text(xi, n, f"{r:.0%}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [label(f"ui.lead_{b}") if b in ("hot", "warm", "cold") else b
                      for b in order])
    ax.grid(axis="x", visible=False)
    finish(ax, title="lead_score", xlabel="lead_band", ylabel="ui.leads")
    if converted is not None and converted in scored.columns:
        ax.set_title(f"{label('lead_score')} · {label('conversion_rate')}")
    return ax
