"""Lazy attributes for packages (PEP 562), so ``import crmkit`` stays fast.

A package names the few attributes whose modules are slow to import
(matplotlib, ipywidgets, yaml); each is imported the first time it is used,
and then cached in the package's namespace.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def attach(namespace: dict[str, Any], names: Mapping[str, str], submodules: Iterable[str]
           ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for the package whose globals are ``namespace``.

    ``names`` maps an attribute to the module that defines it (``{"quiz":
    "crmkit.quizbank"}``); ``submodules`` are the package's own modules reached
    as attributes (``ck.plots``).
    """
    package = namespace["__name__"]
    submodules = set(submodules)

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module(names[name]), name)
            namespace[name] = value  # later look-ups skip this function
            return value
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names) | submodules)

    return __getattr__, __dir__
