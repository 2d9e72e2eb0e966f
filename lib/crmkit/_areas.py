"""Gather the public names of a package's area modules (``plots``, ``widgets``).

``ck.plots`` and ``ck.widgets`` offer every name their modules list in
``__all__``: ``ck.plots.rfm_heatmap`` is ``crmkit.plots.value.rfm_heatmap``.
The modules are found on disk (every module whose name does not start with
``_``), so a new ``plots/<topic>.py`` needs no other edit.  They are imported
when the package is, which costs little: matplotlib or ipywidgets, the slow
part, is loaded by then anyway.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def gather(namespace: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Import the package's area modules, put their ``__all__`` names in ``namespace``.

    Returns ``{area: names}``.
    """
    areas: dict[str, tuple[str, ...]] = {}
    for info in sorted(pkgutil.iter_modules(namespace["__path__"]), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{namespace['__name__']}.{info.name}")
        areas[info.name] = tuple(module.__all__)
        namespace.update({name: getattr(module, name) for name in module.__all__})
    return areas
