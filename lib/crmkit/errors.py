"""The one exception the workbook raises for bad input: :class:`CRMDataError`."""

from __future__ import annotations

__all__ = ["CRMDataError"]


class CRMDataError(ValueError):
    """Raised when the data or arguments given to a ``crmkit`` function cannot be used.

    The message always says three things: what was expected, what was found
    (the column, the first offending rows) and how to fix it.  It is a
    ``ValueError``, so ``except ValueError`` catches it too.

    >>> import crmkit as ck
    >>> try:
    ...     ck.set_language("fr")
    ... except ck.CRMDataError as err:
    ...     print("caught:", type(err).__name__)
    caught: CRMDataError
    """
