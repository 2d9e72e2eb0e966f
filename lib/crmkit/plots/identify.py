"""Charts for identifying customers (chapter 02): data quality and lead bands.

Each function takes a frame computed by :mod:`crmkit.identify` and an
optional matplotlib ``ax``, and returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit._customers import flags
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, percent_axis, with_language

__all__ = ["data_quality_chart", "lead_band_chart", "lead_threshold_chart"]

_PROBLEMS = (("missing", "missing_values"), ("invalid", "invalid_values"),
             ("duplicates", "duplicate_values"))


@validate.checked
@with_language
def data_quality_chart(report: pd.DataFrame, ax: Axes | None = None, *,
                       problems: tuple[str, ...] = ("missing", "invalid", "duplicates")) -> Axes:
    """Missing, invalid and duplicate cells per column, from
    :func:`crmkit.data_quality_report` (the ``(whole rows)`` line is left out).

    ``problems`` chooses the bars: e.g. ``("missing", "invalid")`` leaves out
    the duplicates, which are normal in coded columns (a city, a yes/no flag).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> raw = pd.DataFrame({"phone": ["10012345678", "123", None]})
    >>> ax = ck.plots.identify.data_quality_chart(ck.data_quality_report(raw))
    """
    validate.frame(report, what="data-quality report")
    known = dict(_PROBLEMS)
    if isinstance(problems, str) or not isinstance(problems, tuple | list) or not problems \
            or any(p not in known for p in problems):
        raise CRMDataError(f"problems must be a non-empty tuple of "
                           f"{', '.join(repr(k) for k in known)}, but got {problems!r}.",
                           zh=f"problems 应当是非空元组，其元素取自 "
                              f"{'、'.join(repr(k) for k in known)}，但收到的是 {problems!r}。")
    chosen = [(c, key) for c, key in _PROBLEMS if c in problems]
    validate.columns(report, ["column", *(c for c, _ in chosen)])
    rows = report[report["column"] != "(whole rows)"]
    counts = {c: validate.numeric(rows, c, allow_missing=True).fillna(0).to_numpy()
              for c, _ in chosen}
    ax = new_axes(ax, figsize=(7.0, max(3.0, 0.45 * len(rows) + 1.5)))
    y = np.arange(len(rows))[::-1]
    height = 0.8 / len(chosen)
    for i, (column, key) in enumerate(chosen):
        ax.barh(y + ((len(chosen) - 1) / 2 - i) * height, counts[column], height=height,
                color=PALETTE[list(known).index(column)], label=label(key))
    ax.set_yticks(y, rows["column"].astype(str).tolist())
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    return finish(ax, title="data_quality", xlabel="ui.cells")


@validate.checked
@with_language
def lead_band_chart(scored: pd.DataFrame, ax: Axes | None = None, *,
                    converted: str | None = "converted") -> Axes:
    """Leads per band (hot, warm, cold) from :func:`crmkit.lead_score`; when the
    ``converted`` column is present, each bar shows the band's conversion rate — a
    check that the score points at the leads who really buy."""
    validate.frame(scored, what="scored leads")
    validate.columns(scored, ["lead_band"])
    bands = scored["lead_band"]
    order = list(bands.cat.categories) if isinstance(bands.dtype, pd.CategoricalDtype) \
        else sorted(bands.dropna().astype(str).unique())
    counts = bands.astype(str).value_counts().reindex(order, fill_value=0)
    ax = new_axes(ax)
    x = np.arange(len(order))
    ax.bar(x, counts.to_numpy(), color=[PALETTE[i % len(PALETTE)] for i in (3, 1, 0)][
        : len(order)] if len(order) <= 3 else PALETTE[0])
    if converted is not None and converted in scored.columns:
        won = pd.Series(flags(scored, converted).to_numpy(),
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


@validate.checked
@with_language
def lead_threshold_chart(table: pd.DataFrame, ax: Axes | None = None, *,
                         threshold: float | None = None) -> Axes:
    """Precision and recall of a lead-score cut-off, from
    :func:`crmkit.lead_threshold_table`; a dashed line marks ``threshold``.

    Raising the cut-off trades recall (buyers found) for precision (calls not
    wasted): the chart shows where the two lines cross.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> scored = pd.DataFrame({"lead_score": [90, 75, 50, 20],
    ...                        "converted": [True, False, True, False]})
    >>> ax = ck.plots.identify.lead_threshold_chart(ck.lead_threshold_table(scored), threshold=70)
    """
    validate.frame(table, what="threshold table")
    validate.columns(table, ["threshold", "precision", "recall"])
    x = validate.numeric(table, "threshold").to_numpy()
    ax = new_axes(ax, figsize=(7.0, 3.4))
    for i, column in enumerate(("precision", "recall")):
        y = validate.numeric(table, column, allow_missing=True).to_numpy()
        ax.plot(x, y, marker="o", markersize=3, color=PALETTE[i], label=label(column))
    if threshold is not None:
        cut = validate.number(threshold, "threshold", low=0, high=100)
        ax.axvline(cut, color=PALETTE[3], linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.05)
    percent_axis(ax)
    ax.legend(loc="lower left", fontsize=8)
    return finish(ax, title="ui.lead_threshold_title", xlabel="lead_threshold")
