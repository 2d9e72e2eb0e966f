"""Charts for customer satisfaction (chapter 07): scores, NPS, importance–performance, repurchase.

Each function takes a frame computed by :mod:`crmkit.satisfaction` and an
optional matplotlib ``ax``, and returns the ``Axes``.
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

__all__ = ["importance_performance_grid", "nps_bar", "satisfaction_curve", "score_distribution"]

_RED, _GREY, _GREEN = "#D55E00", "#BBBBBB", "#009E73"


@validate.checked
@with_language
def score_distribution(distribution: pd.DataFrame, ax: Axes | None = None, *,
                       score: str | None = None) -> Axes:
    """Bars of :func:`crmkit.score_distribution`: the share giving each score.

    ``score`` is the column that was summarised (e.g. ``"satisfaction"``); it
    labels the x axis.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> dist = ck.score_distribution(pd.DataFrame({"satisfaction": [5, 4, 4, 2]}))
    >>> ax = ck.plots.satisfaction.score_distribution(dist, score="satisfaction")
    """
    validate.frame(distribution, what="score distribution")
    validate.columns(distribution, ["share"])
    ax = new_axes(ax)
    x = np.asarray(distribution.index)
    shares = distribution["share"].to_numpy(dtype=float)
    ax.bar(x, shares, color=PALETTE[0])
    for xi, s in zip(x, shares, strict=True):
        ax.text(xi, s, f"{s:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    percent_axis(ax, "y")
    finish(ax, title="score_distribution", ylabel="share")
    ax.set_xlabel(value_label("", score) if score else label("ui.score"))
    return ax


@validate.checked
@with_language
def nps_bar(result: pd.Series | pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Stacked bar(s) of detractors, passives and promoters, with the NPS written on each.

    Takes :func:`crmkit.nps` (a Series, or a frame with one row per group).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> ax = ck.plots.satisfaction.nps_bar(ck.nps(pd.DataFrame({"recommend": [10, 9, 7, 3]})))
    """
    if isinstance(result, pd.Series):
        result = result.to_frame().T
        result.index = [label("ui.all_customers")]
    validate.frame(result, what="NPS result")
    parts = ["detractor_share", "passive_share", "promoter_share"]
    validate.columns(result, [*parts, "nps"])
    ax = new_axes(ax, figsize=(8.0, 1.2 + 0.5 * len(result)))
    y = np.arange(len(result))[::-1]
    left = np.zeros(len(result))
    names = {"detractor_share": "detractors", "passive_share": "passives",
             "promoter_share": "promoters"}
    for part, colour in zip(parts, (_RED, _GREY, _GREEN), strict=True):
        width = result[part].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=colour, label=label(names[part]), height=0.6)
        for yi, li, wi in zip(y, left, width, strict=True):
            if wi >= 0.06:
                ax.text(li + wi / 2, yi, f"{wi:.0%}", ha="center", va="center", fontsize=8)
        left = left + width
    for yi, score in zip(y, result["nps"].to_numpy(dtype=float), strict=True):
        ax.text(1.02, yi, f"NPS {score:+.0f}", va="center", fontsize=9)
    ax.set_yticks(y, [str(i) for i in result.index])
    ax.set_xlim(0, 1.18)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    percent_axis(ax, "x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False)
    return finish(ax, title="net_promoter_score", xlabel="share")


@validate.checked
@with_language
def importance_performance_grid(table: pd.DataFrame, ax: Axes | None = None, *,
                                thresholds: tuple[float, float] | None = None) -> Axes:
    """The importance–performance grid: attributes as points, the quadrants named.

    Takes :func:`crmkit.importance_performance`.  Performance runs across,
    importance up; the cross sits at ``thresholds`` (default: the cuts the
    table was computed with, else the means).

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"importance_price": [5, 4], "performance_price": [2, 3],
    ...                        "importance_app": [2, 3], "performance_app": [4, 4]})
    >>> ipa = ck.importance_performance(survey, ["price", "app"])
    >>> ax = ck.plots.satisfaction.importance_performance_grid(ipa)
    """
    validate.frame(table, what="importance–performance table")
    validate.columns(table, ["importance", "performance"])
    imp = table["importance"].to_numpy(dtype=float)
    perf = table["performance"].to_numpy(dtype=float)
    if thresholds is None:
        thresholds = table.attrs.get("thresholds", (float(imp.mean()), float(perf.mean())))
    cut_i, cut_p = thresholds
    ax = new_axes(ax, figsize=(7.0, 6.0))
    ax.scatter(perf, imp, s=60, color=PALETTE[0], zorder=3)
    for name, xi, yi in zip(table.index, perf, imp, strict=True):
        ax.annotate(value_label("ui.attribute_", name), (xi, yi), xytext=(5, 4),
                    textcoords="offset points", fontsize=9)
    ax.axvline(cut_p, color="grey", lw=1)
    ax.axhline(cut_i, color="grey", lw=1)
    pad = 0.25
    x0, x1 = min(perf.min(), cut_p) - pad, max(perf.max(), cut_p) + pad
    y0, y1 = min(imp.min(), cut_i) - pad, max(imp.max(), cut_i) + pad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    corners = {"concentrate_here": (x0, y1, "left", "top"),
               "keep_up_the_good_work": (x1, y1, "right", "top"),
               "low_priority": (x0, y0, "left", "bottom"),
               "possible_overkill": (x1, y0, "right", "bottom")}
    for key, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, label(key), ha=ha, va=va, fontsize=9, style="italic", color="dimgray")
    return finish(ax, title="importance_performance_analysis", xlabel="performance",
                  ylabel="importance")


@validate.checked
@with_language
def satisfaction_curve(curve: pd.DataFrame, ax: Axes | None = None, *,
                       score: str = "satisfaction") -> Axes:
    """Repurchase rate by score, from :func:`crmkit.satisfaction_curve`.

    The bar of each score is labelled with its rate; the chart shows how the
    top score pulls away from the rest.
    """
    validate.frame(curve, what="satisfaction curve")
    validate.columns(curve, ["repurchase_rate"])
    rates = curve["repurchase_rate"].to_numpy(dtype=float)
    if not np.isfinite(rates).any():
        raise CRMDataError("the curve has no repurchase rates to draw.",
                           zh="曲线中没有可以绘制的再购买率。")
    ax = new_axes(ax)
    x = np.asarray(curve.index)
    ax.bar(x, np.nan_to_num(rates), color=PALETTE[0])
    ax.plot(x, rates, color=PALETTE[1], marker="o")
    for xi, r in zip(x, rates, strict=True):
        if np.isfinite(r):
            ax.text(xi, r, f"{r:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_ylim(0, 1.05)
    percent_axis(ax, "y")
    finish(ax, title="satisfaction_repurchase_curve", ylabel="repurchase_rate")
    ax.set_xlabel(value_label("", score))
    return ax
