"""Labels for data values (causes, stages, attributes) in charts.

A chart shows some values that come from the data, such as the complaint
cause ``"delivery"``.  The sample data's values have glossary rows (key
``<prefix><value>``, e.g. ``ui.cause_delivery``), so they switch language with
``ck.set_language``; a value a student brings from their own data has no row
and is shown as it is.
"""

from __future__ import annotations

from typing import Any

from crmkit.errors import CRMDataError
from crmkit.i18n import label

__all__ = ["value_label"]


def value_label(prefix: str, value: Any) -> str:
    """``label(prefix + value)`` if the glossary has it, else ``str(value)``."""
    try:
        return label(f"{prefix}{value}")
    except CRMDataError:
        return str(value)
