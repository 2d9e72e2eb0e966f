"""One look for every chart in the workbook.

Plot functions in ``crmkit.plots`` follow one pattern::

    @with_language
    def some_chart(frame, ax=None):
        ax = new_axes(ax)
        ...draw...
        return finish(ax, title="some_key", xlabel="other_key", ylabel="third_key")

All visible text comes from :func:`crmkit.i18n.label`, so
``ck.set_language("zh")`` turns every chart Chinese, and :func:`with_language`
gives every chart a ``language=`` keyword that draws this one chart in the
other language (``ck.plots.clv_curve(table, language="zh")``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from matplotlib import pyplot as plt
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from crmkit import fonts
from crmkit.i18n import get_language, label, using

__all__ = ["PALETTE", "SEQUENTIAL", "apply_style", "finish", "new_axes", "percent_axis",
           "with_language"]

# Colour-blind-safe qualitative palette (Okabe & Ito, 2008), blue first.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
SEQUENTIAL = "Blues"  # for heatmaps of counts, rates and money


def apply_style() -> None:
    """Set the workbook's rcParams (fonts for the current language, grid, palette)."""
    fonts.register(chinese_first=(get_language() == "zh"))
    rcParams["axes.prop_cycle"] = plt.cycler(color=PALETTE)
    rcParams["axes.spines.top"] = False
    rcParams["axes.spines.right"] = False
    rcParams["axes.grid"] = True
    rcParams["grid.alpha"] = 0.3
    # The bundled Chinese font has one weight; bold titles would make matplotlib
    # log "Failed to find font weight bold" for every chart.
    rcParams["axes.titleweight"] = "normal"
    rcParams["axes.titlesize"] = "large"
    rcParams["figure.dpi"] = max(rcParams["figure.dpi"], 100)


def new_axes(ax: Axes | None = None, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax``, or a fresh Axes on a new figure, with the workbook style applied."""
    apply_style()
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def finish(ax: Axes, *, title: str | None = None, xlabel: str | None = None,
           ylabel: str | None = None, legend_title: str | None = None) -> Axes:
    """Put translated title, axis labels and legend title (glossary keys) on ``ax``."""
    if title:
        ax.set_title(label(title))
    if xlabel:
        ax.set_xlabel(label(xlabel))
    if ylabel:
        ax.set_ylabel(label(ylabel))
    legend = ax.get_legend()
    if legend is not None and legend_title:
        legend.set_title(label(legend_title))
    return ax


def percent_axis(ax: Axes, axis: str = "y", xmax: float = 1.0) -> Axes:
    """Show fractions (0–1) on ``axis`` as percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(xmax=xmax))
    return ax


def with_language(draw: Callable[..., Axes]) -> Callable[..., Axes]:
    """Give a chart function the keyword ``language="en" | "zh"`` (default: the current one).

    The chart is drawn in that language and the notebook's language is left as
    it was, so one cell can put an English and a Chinese chart side by side.
    """
    @functools.wraps(draw)
    def chart(*args: Any, language: str | None = None, **kwargs: Any) -> Axes:
        with using(language):
            return draw(*args, **kwargs)

    signature = inspect.signature(draw)
    chart.__signature__ = signature.replace(parameters=[
        *signature.parameters.values(),
        inspect.Parameter("language", inspect.Parameter.KEYWORD_ONLY, default=None,
                          annotation="str | None")])
    return chart
