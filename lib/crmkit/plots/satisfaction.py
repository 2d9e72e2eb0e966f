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

__all__ = ["importance_performance_grid", "interval_chart", "nps_bar", "satisfaction_curve",
           "score_distribution"]

_RED, _GREY, _GREEN = "#D55E00", "#BBBBBB", "#009E73"
# Shading of the zones of the satisfaction–loyalty curve, low to high.
_ZONE_COLOURS = {"zone_of_defection": "#D55E00", "zone_of_indifference": "#BBBBBB",
                 "zone_of_affection": "#009E73"}


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
    if {"performance_low", "performance_high"} <= set(table.columns):
        # the interval of each mean: where the point could plausibly lie
        low = table["performance_low"].to_numpy(dtype=float)
        high = table["performance_high"].to_numpy(dtype=float)
        ax.errorbar(perf, imp, xerr=np.nan_to_num([perf - low, high - perf]), fmt="none",
                    ecolor=PALETTE[0], elinewidth=1, zorder=2)
    if {"importance_low", "importance_high"} <= set(table.columns):
        low = table["importance_low"].to_numpy(dtype=float)
        high = table["importance_high"].to_numpy(dtype=float)
        ax.errorbar(perf, imp, yerr=np.nan_to_num([imp - low, high - imp]), fmt="none",
                    ecolor=PALETTE[0], elinewidth=1, zorder=2)
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
                       score: str = "satisfaction", zones: bool = True) -> Axes:
    """Repurchase rate by score, from :func:`crmkit.satisfaction_curve`.

    The bar of each score is labelled with its rate and, when the curve has
    them, carries its interval.  With ``zones`` (and a ``zone`` column) the
    zones of the satisfaction–loyalty curve are shaded behind the bars, with
    the "terrorists" at the low end and the "apostles" at the top.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"customer_id": ["A", "B"], "satisfaction": [5, 4],
    ...                        "survey_date": ["2024-01-10", "2024-01-10"]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "A"],
    ...                        "order_date": ["2024-02-01", "2023-12-01", "2024-12-31"]})
    >>> ax = ck.plots.satisfaction.satisfaction_curve(ck.satisfaction_curve(survey, orders, 90))
    """
    validate.frame(curve, what="satisfaction curve", made_by="ck.satisfaction_curve(...)")
    validate.columns(curve, ["repurchase_rate"])
    rates = curve["repurchase_rate"].to_numpy(dtype=float)
    if not np.isfinite(rates).any():
        raise CRMDataError("plots.satisfaction_curve: the curve has no repurchase rates to "
                           "draw (nobody gave any score). Fix: pass a curve computed from "
                           "answers with a complete window: ck.satisfaction_curve(survey, "
                           "orders, window_days=...) with a shorter window.",
                           zh="plots.satisfaction_curve：曲线中没有可以绘制的再购买率（没有任何"
                              "评分）。修正（Fix）：传入由有完整观察期的回答算出的曲线："
                              "ck.satisfaction_curve(survey, orders, window_days=...)，"
                              "并缩短观察期。")
    ax = new_axes(ax)
    x = np.asarray(curve.index, dtype=float)
    if zones and "zone" in curve.columns:
        for zone, colour in _ZONE_COLOURS.items():
            where = x[curve["zone"].astype(str).to_numpy() == zone]
            if len(where):
                ax.axvspan(where.min() - 0.5, where.max() + 0.5, color=colour, alpha=0.12,
                           lw=0)
                ax.text((where.min() + where.max()) / 2, 1.02, label(zone),
                        ha="center", va="bottom", fontsize=8, color="dimgray")
        ax.text(x.min(), -0.13, label("terrorists"), ha="center", va="top", fontsize=8,
                color=_RED, transform=ax.get_xaxis_transform())
        ax.text(x.max(), -0.13, label("apostles"), ha="center", va="top", fontsize=8,
                color=_GREEN, transform=ax.get_xaxis_transform())
    ax.bar(x, np.nan_to_num(rates), color=PALETTE[0], alpha=0.85)
    if {"rate_low", "rate_high"} <= set(curve.columns):
        low = curve["rate_low"].to_numpy(dtype=float)
        high = curve["rate_high"].to_numpy(dtype=float)
        ax.errorbar(x, rates, yerr=np.nan_to_num([rates - low, high - rates]), fmt="none",
                    ecolor="black", elinewidth=1, capsize=3)
    for xi, r in zip(x, rates, strict=True):
        if np.isfinite(r):
            ax.text(xi + 0.08, r + 0.01, f"{r:.0%}", ha="left", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_ylim(0, 1.1)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    percent_axis(ax, "y")
    finish(ax, ylabel="repurchase_rate")
    ax.set_xlabel(value_label("", score))
    return ax


_INTERVAL_MEASURES = ("nps", "share", "repurchase_rate", "mean")


@validate.checked
@with_language
def interval_chart(table: pd.DataFrame, ax: Axes | None = None, *, measure: str = "nps",
                   reference: float | None = None) -> Axes:
    """Each group's estimate as a dot with its interval as a line: which differences are real?

    Takes a table with one row per group and the columns ``<measure>``,
    ``<measure>_low`` and ``<measure>_high``: :func:`crmkit.nps` with ``by=``
    (``measure="nps"``) or :func:`crmkit.top_box_table` (``measure="share"``).
    Rows are drawn top to bottom in the table's order, labelled by its index
    (translate it first for words).  ``reference`` draws a dotted line, e.g.
    the value for all respondents.  Two groups whose lines overlap a lot may
    not differ at all: compare them with :func:`crmkit.group_difference`.

    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"recommend": [10, 9, 3, 8, 10, 6],
    ...                        "store": ["a", "a", "a", "b", "b", "b"]})
    >>> ax = ck.plots.satisfaction.interval_chart(ck.nps(survey, by="store"))
    """
    validate.frame(table, what="table of estimates",
                   made_by="ck.nps(survey, by=...) or ck.top_box_table(survey, by=...)")
    measure = validate.one_of(measure, _INTERVAL_MEASURES, "measure")
    validate.columns(table, [measure, f"{measure}_low", f"{measure}_high"])
    values = validate.numeric(table, measure, allow_negative=True).to_numpy(dtype=float)
    low = table[f"{measure}_low"].to_numpy(dtype=float)
    high = table[f"{measure}_high"].to_numpy(dtype=float)
    ax = new_axes(ax, figsize=(7.0, 1.0 + 0.45 * len(table)))
    y = np.arange(len(table))[::-1]
    ax.hlines(y, low, high, color=PALETTE[0], lw=2)
    ax.plot(values, y, "o", color=PALETTE[0], ms=7)
    percent = measure in ("share", "repurchase_rate")
    for yi, v in zip(y, values, strict=True):
        ax.text(v, yi + 0.18, f"{v:.0%}" if percent else f"{v:+.0f}" if measure == "nps"
                else f"{v:.2f}", ha="center", va="bottom", fontsize=8)
    if reference is not None:
        reference = validate.number(reference, "reference", low=-100, high=100)
        ax.axvline(reference, color="grey", ls=":", lw=1, label=label("ui.all_respondents"))
        ax.legend(fontsize=8, loc="lower right")
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.set_ylim(-0.6, len(table) - 0.2)
    ax.grid(axis="y", visible=False)
    if percent:
        percent_axis(ax, "x")
    xlabel = {"nps": "net_promoter_score", "share": "top_box", "repurchase_rate":
              "repurchase_rate", "mean": "ui.mean_score"}[measure]
    return finish(ax, xlabel=xlabel)
