"""The one exception the workbook raises for bad input: :class:`CRMDataError`."""

from __future__ import annotations

import contextvars

from crmkit import _language

__all__ = ["CRMDataError"]

#: The public function the student called (set by :func:`crmkit.validate.checked`); every
#: CRMDataError raised inside it starts with its name, so no message has to repeat it.
CALLER: contextvars.ContextVar[str | None] = contextvars.ContextVar("crmkit_caller",
                                                                   default=None)


class CRMDataError(ValueError):
    """Raised when the data or arguments given to a ``crmkit`` function cannot be used.

    The message always says three things: what was expected, what was found
    (the column, the first offending rows) and how to fix it.  It is a
    ``ValueError``, so ``except ValueError`` catches it too.

    A message may come in Chinese too (``zh=``).  After ``ck.set_language("zh")``
    the error then reads in Chinese, with the same fix, followed by the English
    original (the words to search for); messages without a Chinese text stay English.

    >>> import crmkit as ck
    >>> try:
    ...     ck.set_language("fr")
    ... except ck.CRMDataError as err:
    ...     print("caught:", type(err).__name__)
    caught: CRMDataError
    >>> err = CRMDataError("f: column 'x' not found. Fix: pass x=...",
    ...                    zh="f：找不到列 'x'。修正（Fix）：传入 x=...")
    >>> ck.set_language("zh"); print(err); ck.set_language("en")
    f：找不到列 'x'。修正（Fix）：传入 x=...
    English: f: column 'x' not found. Fix: pass x=...
    >>> print(err)
    f: column 'x' not found. Fix: pass x=...
    """

    def __init__(self, message: str, *, zh: str | None = None) -> None:
        who = CALLER.get()
        if who and not message.startswith(f"{who}:"):
            message = f"{who}: {message}"
            if zh is not None and not zh.startswith(who):
                zh = f"{who}：{zh}"
        super().__init__(message)
        self.message = message
        self.zh = zh

    def __str__(self) -> str:
        if self.zh and _language.current() == "zh":
            return f"{self.zh}\nEnglish: {self.message}"
        return self.message

    def __reduce__(self):  # pickling keeps the Chinese text (multiprocessing, pytest-xdist)
        return (_rebuild, (self.message, self.zh))


def _rebuild(message: str, zh: str | None) -> CRMDataError:
    return CRMDataError(message, zh=zh)
