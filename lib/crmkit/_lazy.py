"""Lazy attributes for packages (PEP 562), so ``import crmkit`` stays fast.

A package lists which public name lives in which module; the module is
imported the first time the name is used, and the name is then cached in
the package's namespace.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def exports(table: Mapping[str, str], package: str) -> dict[str, str]:
    """Turn ``{module: "name other_name"}`` into ``{name: "package.module"}``."""
    return {name: f"{package}.{module}" for module, names in table.items()
            for name in names.split()}


def attach(namespace: dict[str, Any], names: Mapping[str, str], submodules: Iterable[str]
           ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for the package whose globals are ``namespace``."""
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
