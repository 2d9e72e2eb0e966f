"""Charts for every chapter; each takes a computed frame and an optional ``ax``.

Plot functions live in one module per area (``value``, ``select``, ...) and
share the look defined in :mod:`crmkit.plots._style`.  Every one returns the
matplotlib ``Axes`` so you can add to it, and every label follows
``ck.set_language``.
"""

from crmkit.plots._style import PALETTE, apply_style, finish, new_axes, percent_axis

__all__ = ["PALETTE", "apply_style", "finish", "new_axes", "percent_axis"]
