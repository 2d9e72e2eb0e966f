"""What every explorer shares: controls on top, the result as text, then a chart.

An explorer subclasses :class:`Explorer`, creates its controls, calls
:meth:`Explorer._build` and defines ``update`` (recompute from the controls,
then ``self._show(draw)``) and ``summary`` (the result as plain text, also shown
where no live kernel draws widgets).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["Explorer", "money", "png"]


def money(value: float) -> str:
    """A yuan amount as the explorers print it: whole yuan with thousands separators."""
    return f"{value:,.0f}"


def png(draw: Callable[[Axes], Any], figsize: tuple[float, float] = (7.0, 3.6)) -> bytes:
    """Draw on a fresh matplotlib Figure (not pyplot: nothing piles up) and return a PNG."""
    fig = Figure(figsize=figsize, layout="constrained")
    draw(fig.add_subplot())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


class Explorer(w.VBox):
    """Shared behaviour: controls on top, the result as text, then the chart."""

    def _build(self, controls: list[w.Widget], layout: Sequence[w.Widget] | None = None) -> None:
        """Watch ``controls``; show ``layout`` (default: the controls, one per line)."""
        self.text = w.HTML()
        self.chart = w.Image(format="png")
        super().__init__([*(controls if layout is None else layout), self.text, self.chart])
        for control in controls:
            control.observe(lambda _: self.update(), names="value")
        self.update()

    def summary(self) -> str:  # pragma: no cover - each explorer defines its own
        raise NotImplementedError

    def update(self) -> None:  # pragma: no cover - each explorer defines its own
        raise NotImplementedError

    def _show(self, draw: Callable[[Axes], Any]) -> None:
        self.text.value = "<br>".join(html.escape(line) for line in self.summary().splitlines())
        self.chart.value = png(draw)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        """Without a live kernel (a static page) the text summary shows instead."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle:
            bundle["text/plain"] = self.summary()
        return bundle
