"""Charts for "Who is still a customer?" (chapter 06): P(alive) and the tracking chart.

Each function takes a frame computed by the BG/NBD model of :mod:`crmkit.alive`
and an optional matplotlib ``ax``, and returns the ``Axes``.  ``unit`` names the
time unit of the model ("W" weeks by default, as ``ck.clv_summary``) for the
axis labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmkit import validate
from crmkit.alive import UNITS
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.plots._style import PALETTE, finish, new_axes, percent_axis, with_language

__all__ = ["p_alive_chart", "tracking_chart"]


def _unit(unit: str) -> str:
    return validate.one_of(unit, tuple(UNITS), "unit")


@validate.checked
@with_language
def p_alive_chart(curve: pd.DataFrame, ax: Axes | None = None, *, unit: str = "W") -> Axes:
    """P(alive) against the time since the last purchase: one line per purchase count.

    Takes ``model.p_alive_curve(...)`` of a fitted BG/NBD model (index: time
    since the last purchase, one column per number of repeat purchases).  The
    classic picture: the more often a customer used to buy, the faster a
    silence makes them look gone.

    >>> import crmkit as ck
    >>> cdnow = ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")
    >>> ax = ck.plots.p_alive_chart(ck.fit_bgnbd(cdnow).p_alive_curve((1, 5), T=39))
    """
    unit = _unit(unit)
    validate.frame(curve, what="P(alive) curve")
    values = curve.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(values).any():
        raise CRMDataError(
            "the P(alive) curve has no values to draw. Fix: draw "
            "`model.p_alive_curve()` of a model fitted with ck.fit_bgnbd(summary).",
            zh="P(alive) 曲线中没有可以绘制的数值。修正（Fix）：绘制用 ck.fit_bgnbd(summary) "
               "拟合的模型的 `model.p_alive_curve()`。")
    ax = new_axes(ax)
    x = np.asarray(curve.index, dtype=float)
    for i, column in enumerate(curve.columns):
        ax.plot(x, values[:, i], color=PALETTE[i % len(PALETTE)], linewidth=2,
                label=label("ui.n_repeat_purchases").format(n=column))
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    percent_axis(ax, "y")
    ax.legend()
    return finish(ax, title="ui.who_is_alive", xlabel=f"ui.since_last_purchase_{unit.lower()}",
                  ylabel="p_alive")


@validate.checked
@with_language
def tracking_chart(track: pd.DataFrame, ax: Axes | None = None, *, cumulative: bool = True,
                   unit: str = "W") -> Axes:
    """Repeat purchases period by period: what happened against what the model expected.

    Takes ``model.tracking(transactions, calibration_end, holdout_end)``.  The
    dashed line marks the end of the calibration period: to its right the
    model forecasts purchases it has not seen.  ``cumulative=False`` draws the
    purchases of each period instead of the running totals.

    >>> import crmkit as ck
    >>> orders = ck.load_cdnow()
    >>> cdnow = ck.clv_summary(orders, "1997-09-30", amount="amount")
    >>> track = ck.fit_bgnbd(cdnow).tracking(orders, "1997-09-30", "1998-06-30")
    >>> ax = ck.plots.tracking_chart(track)
    """
    unit = _unit(unit)
    validate.frame(track, what="tracking table")
    suffix = "_cumulative" if cumulative else ""
    missing = [c for c in (f"actual{suffix}", f"expected{suffix}", "holdout")
               if c not in track.columns]
    if missing:
        raise CRMDataError(
            f"the tracking table has no column {', '.join(repr(c) for c in missing)}. Fix: "
            "draw `model.tracking(transactions, calibration_end, holdout_end)` of a model "
            "fitted with ck.fit_bgnbd(summary).",
            zh=f"跟踪表中没有列 {'、'.join(repr(c) for c in missing)}。修正（Fix）：绘制用 "
               "ck.fit_bgnbd(summary) 拟合的模型的 "
               "`model.tracking(transactions, calibration_end, holdout_end)`。")
    ax = new_axes(ax, figsize=(8.0, 4.0))
    x = np.asarray(track.index, dtype=float)
    ax.plot(x, track[f"actual{suffix}"].to_numpy(dtype=float), color=PALETTE[0],
            linewidth=2, label=label("ui.actual"))
    ax.plot(x, track[f"expected{suffix}"].to_numpy(dtype=float), color=PALETTE[1],
            linewidth=2, linestyle="--", label=label("ui.model_bgnbd"))
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    calibration = x[~track["holdout"].to_numpy(dtype=bool)]
    if 0 < len(calibration) < len(x):
        ax.axvline(calibration.max() + 0.5, color="grey", linestyle=":", linewidth=1.5)
        ax.text(calibration.max() + 0.5, ax.get_ylim()[1] * 0.02, " " + label(
            "ui.calibration_end"), ha="left", va="bottom", fontsize=9, color="grey")
    ax.legend(loc="upper left")
    return finish(ax, title="ui.tracking_title", xlabel=f"ui.period_{unit.lower()}",
                  ylabel="ui.cumulative_repeat_purchases" if cumulative else "repeat_purchases")
