"""The base of every explorer in the book, chapters and cases alike.

An explorer is a thin ipywidgets layer over pure ``crmkit`` functions, which
the tests call directly.  It has three parts, and this module holds everything
that joins them, once:

1. **controls** — sliders and drop-downs made with :func:`slider` and
   :func:`dropdown`, so every explorer lays out its labels the same way
   (:data:`WIDE`: the label in full, the slider beside it);
2. **compute** — :meth:`Explorer.compute` reads the controls, calls the pure
   function and keeps its result as attributes (``explorer.table``,
   ``explorer.plan`` ...), which is what code and tests read;
3. **output** — :meth:`Explorer.summary`, the result as plain text, and
   :meth:`Explorer.draw`, the chart on the matplotlib ``Axes`` it is given.

The base watches the controls: when one moves, :meth:`Explorer.update`
recomputes and shows the summary and the chart (a PNG drawn here, on a fresh
matplotlib Figure rather than pyplot, so nothing piles up).  Where no live
kernel draws widgets (a static page, an exported notebook) the summary shows
as text instead.  A new explorer looks like this::

    class ClvExplorer(Explorer):
        def __init__(self, margin, retention, discount, periods):
            self.margin = slider(label("ui.margin_per_period"), margin, 0.0, 5000.0, 10.0,
                                 fmt=",.0f")
            ...
            self._build([self.margin, self.retention, self.discount, self.periods])

        def compute(self):
            self.table = clv_table(self.margin.value, ...)

        def summary(self):
            return f"CLV: {money(self.table['clv'].iloc[-1])} yuan"

        def draw(self, ax):
            clv_curve(self.table, ax=ax)

An explorer module imports this base, its own analytics and its own charts,
and nothing from another explorer (tests/test_package.py holds that rule).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import ipywidgets as w
from matplotlib.figure import Figure

from crmkit.plots._labels import value_label

__all__ = ["DPI", "FIGSIZE", "LONG", "WIDE", "Explorer", "dropdown", "money", "slider",
           "value_label"]

#: Controls show their label in full beside the slider (long labels, Chinese or English).
WIDE = {"description_width": "initial"}
#: Width of a slider whose label is long: room for the label and the slider beside it.
LONG = "560px"
#: Size (inches) and resolution of an explorer's chart.
FIGSIZE = (7.0, 3.6)
DPI = 90


def slider(description: str, value: float, low: float, high: float, step: float, *,
           fmt: str | None = None, integer: bool = False, long: bool = False) -> w.Widget:
    """A slider as every explorer has it: full label, redraws when let go.

    ``fmt`` is the readout format (``".0%"``, ``",.0f"``; default ipywidgets'),
    ``integer`` makes an ``IntSlider``, ``long`` a slider of width :data:`LONG`.
    """
    options: dict[str, Any] = {"value": value, "min": low, "max": high, "step": step,
                               "description": description, "continuous_update": False,
                               "style": WIDE}
    if fmt is not None:
        options["readout_format"] = fmt
    if long:
        options["layout"] = w.Layout(width=LONG)
    return w.IntSlider(**options) if integer else w.FloatSlider(**options)


def dropdown(description: str, options: Sequence[Any], value: Any) -> w.Dropdown:
    """A drop-down list with its label in full; ``options`` as ipywidgets takes them."""
    return w.Dropdown(options=list(options), value=value, description=description, style=WIDE)


def money(value: float) -> str:
    """A yuan amount as the explorers print it: whole yuan with thousands separators."""
    return f"{value:,.0f}"


class Explorer(w.VBox):
    """Controls on top, the result as text, then the chart.

    A subclass makes its controls, calls :meth:`_build`, and defines
    :meth:`compute`, :meth:`summary` and :meth:`draw`.

    Attributes
    ----------
    text, chart:
        The output widgets: the summary as HTML, the chart as a PNG.
    error:
        A message when the controls allow no result (the summary shows it and
        there is no chart), else ``None``.  Only explorers whose settings can
        be impossible set it, in :meth:`compute`.
    """

    #: The chart's size in inches and how many charts it holds side by side.
    figsize: tuple[float, float] = FIGSIZE
    panels: int = 1
    error: str | None = None
    _held = False  # True inside holding(): controls move without recomputing

    def _build(self, controls: Sequence[w.Widget], layout: Sequence[w.Widget] | None = None
               ) -> None:
        """Watch ``controls`` and show ``layout`` (default: the controls, one per line)."""
        self.text = w.HTML()
        self.chart = w.Image(format="png")
        super().__init__([*(controls if layout is None else layout), self.text, self.chart])
        for control in controls:
            control.observe(lambda _: self.update(), names="value")
        self.update()

    def compute(self) -> None:  # pragma: no cover - each explorer defines its own
        """Read the controls, call the pure function, keep its result as attributes."""
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover - each explorer defines its own
        """The current result as plain text."""
        raise NotImplementedError

    def draw(self, ax: Any) -> None:  # pragma: no cover - each explorer defines its own
        """Draw the current result on ``ax`` (a tuple of Axes when ``panels`` > 1)."""
        raise NotImplementedError

    def update(self) -> None:
        """Recompute from the controls and show the result (the controls call this)."""
        if self._held:
            return
        self.compute()
        self.text.value = "<br>".join(html.escape(line) for line in self.summary().splitlines())
        self.chart.value = self.png()

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Move several controls at once and recompute once, at the end::

            with explorer.holding():
                explorer.a.value, explorer.b.value = 1, 2
        """
        self._held = True
        try:
            yield
        finally:
            self._held = False
        self.update()

    def png(self) -> bytes:
        """The chart as PNG bytes (empty while :attr:`error` is set)."""
        if self.error is not None:
            return b""
        fig = Figure(figsize=self.figsize, layout="constrained")
        self.draw(fig.subplots(1, self.panels))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        """Without a live kernel (a static page) the text summary shows instead."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle:
            bundle["text/plain"] = self.summary()
        return bundle
