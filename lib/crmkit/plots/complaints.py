"""Charts for complaints (chapter 09): cause Pareto, the iceberg, response times.

Each function takes a frame computed by :mod:`crmkit.complaints` (or, for the
histogram, the complaint log itself) and an optional matplotlib ``ax``, and
returns the ``Axes``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._labels import value_label
from crmkit.plots._style import PALETTE, finish, new_axes, percent_axis, with_language

__all__ = ["cause_pareto", "iceberg", "response_time_histogram"]


@validate.checked
@with_language
def cause_pareto(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Bars of complaints per cause (largest first) with the cumulative share as a line.

    Takes :func:`crmkit.cause_pareto`.  The line uses a second y axis (0–100 %).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"cause": ["quality", "price", "quality"]})
    >>> ax = ck.plots.complaints.cause_pareto(ck.cause_pareto(log))
    """
    validate.frame(table, what="cause table")
    validate.columns(table, ["count", "cumulative_share"])
    ax = new_axes(ax)
    x = np.arange(len(table))
    ax.bar(x, table["count"].to_numpy(dtype=float), color=PALETTE[0])
    ax.set_xticks(x, [value_label("ui.cause_", c) for c in table.index])
    line = ax.twinx()
    line.plot(x, table["cumulative_share"].to_numpy(dtype=float), color=PALETTE[1], marker="o")
    line.set_ylim(0, 1.05)
    line.grid(False)
    percent_axis(line, "y")
    line.set_ylabel(label("cumulative_share"))
    return finish(ax, title="complaint_causes", xlabel="complaint_cause", ylabel="complaints")


@validate.checked
@with_language
def iceberg(estimate: pd.Series, ax: Axes | None = None) -> Axes:
    """The complaint iceberg: the few we hear above the waterline, the silent many below.

    Takes :func:`crmkit.iceberg`.

    >>> import crmkit as ck
    >>> ax = ck.plots.complaints.iceberg(ck.iceberg(40))
    """
    if not isinstance(estimate, pd.Series) or not {"heard", "silent"} <= set(estimate.index):
        raise CRMDataError("expected the Series returned by ck.iceberg(...), with "
                           "'heard' and 'silent'.",
                           zh="需要 ck.iceberg(...) 返回的 Series，其中含有 'heard' 和 'silent'。")
    heard, silent = float(estimate["heard"]), float(estimate["silent"])
    ax = new_axes(ax, figsize=(5.0, 6.0))
    ax.bar([0], [heard], width=0.6, color=PALETTE[5], label=label("heard_complaints"))
    ax.bar([0], [-silent], width=0.9, color=PALETTE[0], label=label("silent_dissatisfied"))
    ax.axhline(0, color="black", lw=1.5)
    ax.text(0.01, 0, label("ui.waterline"), ha="left", va="bottom", fontsize=8,
            transform=ax.get_yaxis_transform())
    ax.text(0, heard, f"{heard:,.0f}", ha="center", va="bottom", fontsize=10)
    ax.text(0, -silent / 2, f"{silent:,.0f}", ha="center", va="center", fontsize=12,
            color="white")
    ax.set_xlim(-1.5, 1.5)
    ax.set_xticks([])
    top = max(heard, silent, 1.0)
    ax.set_ylim(-top * 1.1, max(heard * 1.3, top * 0.25))
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{abs(v):,.0f}")
    ax.legend(loc="upper right")
    return finish(ax, title="complaint_iceberg", ylabel="dissatisfied_customers")


@validate.checked
@with_language
def response_time_histogram(complaints: pd.DataFrame, ax: Axes | None = None, *,
                            hours: str = "first_response_hours", target_hours: float = 24,
                            bins: int = 30) -> Axes:
    """Histogram of response (or resolution) hours with the SLA target as a line.

    Takes the complaint log (e.g. ``ck.load_complaints()``).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"first_response_hours": [2.0, 5.0, 30.0]})
    >>> ax = ck.plots.complaints.response_time_histogram(log)
    """
    validate.frame(complaints, what="complaints")
    values = validate.numeric(complaints, hours, allow_missing=True).dropna()
    target = validate.number(target_hours, "target_hours", low=0, low_open=True)
    count = validate.number(bins, "bins", low=1, integer=True)
    ax = new_axes(ax)
    ax.hist(values.to_numpy(), bins=count, color=PALETTE[0], alpha=0.85)
    ax.axvline(target, color=PALETTE[3], lw=2, label=f"{label('sla_target')}: {target:g} h")
    ax.legend()
    xlabel = "resolution_hours" if hours == "resolution_hours" else "first_response_hours"
    return finish(ax, title="response_time", xlabel=xlabel, ylabel="complaints")
