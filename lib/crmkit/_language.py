"""The current language ("en" or "zh"), kept where every module may read it.

:mod:`crmkit.i18n` switches it (``ck.set_language``) and :class:`crmkit.CRMDataError`
reads it to show its Chinese text; keeping the state here lets both import it
without importing each other.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")
_state = {"language": "en"}


def current() -> str:
    """The current language, ``"en"`` or ``"zh"``."""
    return _state["language"]


def switch(language: str) -> None:
    """Make ``language`` (already checked by the caller) the current one."""
    _state["language"] = language
