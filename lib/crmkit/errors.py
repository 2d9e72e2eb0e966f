"""The one exception the workbook raises for bad input: :class:`CRMDataError`."""

from __future__ import annotations

import contextvars
import re

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
    the error then reads in Chinese alone, with the same fix after "修正："; the
    English original stays on the error as ``err.en`` (the words to search for).
    Messages without a Chinese text stay English.

    >>> import crmkit as ck
    >>> try:
    ...     ck.set_language("fr")
    ... except ck.CRMDataError as err:
    ...     print("caught:", type(err).__name__)
    caught: CRMDataError
    >>> err = CRMDataError("f: column 'x' not found. Fix: pass x=...",
    ...                    zh="f：找不到列 'x'。修正（Fix）：传入 x=...")
    >>> ck.set_language("zh"); print(err); ck.set_language("en")
    f：找不到列 'x'。修正：传入 x=...
    >>> print(err.en)
    f: column 'x' not found. Fix: pass x=...
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
        self.zh = None if zh is None else _chinese(zh)

    @property
    def en(self) -> str:
        """The English message, whatever the current language."""
        return self.message

    def __str__(self) -> str:
        if self.zh and _language.current() == "zh":
            return self.zh
        return self.message

    def __reduce__(self):  # pickling keeps the Chinese text (multiprocessing, pytest-xdist)
        return (_rebuild, (self.message, self.zh))


_HAN = "\u4e00-\u9fff"


def _chinese(text: str) -> str:
    """Punctuate a Chinese message as a Chinese author would: "修正：" for the fix, no space
    after a full-width mark, full-width "，" and "；" between two Chinese characters."""
    text = text.replace("修正（Fix）", "修正")
    text = re.sub(r"([。？！；：，、）])[ \t]+", r"\1", text)
    text = re.sub(rf"(?<=[{_HAN}]) ?, ?(?=[{_HAN}])", "，", text)
    return re.sub(rf"(?<=[{_HAN}]) ?; ?(?=[{_HAN}])", "；", text)


def _rebuild(message: str, zh: str | None) -> CRMDataError:
    return CRMDataError(message, zh=zh)
