"""English / Chinese switch for chart labels, widget labels and quiz text.

Every visible label in the workbook comes from one bilingual term list,
``data/glossary.csv`` (columns ``key, en, zh, definition_en, definition_zh``).
Keys are snake_case terms (``recency_days``) or interface strings with a
``ui.`` prefix (``ui.check``).

>>> import crmkit as ck
>>> ck.set_language("zh")
>>> ck.label("customer")
'客户'
>>> ck.set_language("en")
>>> ck.label("customer")
'customer'
"""

from __future__ import annotations

import csv
import difflib
from functools import cache
from pathlib import Path

import pandas as pd

from crmkit.errors import CRMDataError
from crmkit.paths import data_file

__all__ = ["LANGUAGES", "get_language", "glossary", "label", "say", "set_language", "term"]

LANGUAGES = ("en", "zh")
_COLUMNS = ["key", "en", "zh", "definition_en", "definition_zh"]
_state = {"language": "en"}


def set_language(language: str) -> None:
    """Switch chart labels, widget labels and quiz text to ``"en"`` or ``"zh"``.

    Charts drawn after the call use the new language; so do quizzes and
    widgets created after it.  Chinese text needs no font installed on your
    computer: crmkit brings its own (see :mod:`crmkit.fonts`).

    Raises
    ------
    CRMDataError
        For any other value, listing the valid ones.
    """
    if language not in LANGUAGES:
        raise CRMDataError(
            f"set_language: unknown language {language!r}. "
            f"Valid languages: {', '.join(repr(x) for x in LANGUAGES)} "
            "(English and Chinese). Fix: ck.set_language('zh') or ck.set_language('en')."
        )
    _state["language"] = language
    from crmkit import fonts

    fonts.register(chinese_first=(language == "zh"))


def get_language() -> str:
    """The current language, ``"en"`` or ``"zh"``."""
    return _state["language"]


def say(en: str, zh: str) -> str:
    """Pick the English or the Chinese text, whichever the current language is.

    For one-off sentences (checker feedback, hints) that are not glossary terms.

    >>> say("Well done!", "做得好!")
    'Well done!'
    """
    return zh if get_language() == "zh" else en


def _glossary_path() -> Path:
    return data_file("glossary.csv", func="crmkit.i18n")


@cache
def _load(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != _COLUMNS:
            raise CRMDataError(
                f"{path}: expected the columns {', '.join(_COLUMNS)}, "
                f"found {', '.join(reader.fieldnames or [])}. Fix: restore the header row."
            )
        rows: dict[str, dict[str, str]] = {}
        for line, row in enumerate(reader, start=2):
            key = row["key"]
            if key in rows:
                raise CRMDataError(
                    f"{path}, line {line}: key {key!r} appears twice. Fix: keep one of the rows."
                )
            empty = [lang for lang in LANGUAGES if not (row[lang] or "").strip()]
            if not key or empty:
                raise CRMDataError(
                    f"{path}, line {line}: key {key!r} has no text for {', '.join(empty) or 'key'}."
                    " Fix: fill in both the English and the Chinese label."
                )
            rows[key] = row
    return rows


def _terms() -> dict[str, dict[str, str]]:
    return _load(_glossary_path())


def _check_language(language: str | None) -> str:
    if language is None:
        return get_language()
    if language not in LANGUAGES:
        raise CRMDataError(
            f"unknown language {language!r}. Valid languages: "
            f"{', '.join(repr(x) for x in LANGUAGES)}."
        )
    return language


def _row(key: str) -> dict[str, str]:
    terms = _terms()
    if key not in terms:
        close = difflib.get_close_matches(str(key), terms, n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise CRMDataError(
            f"label: unknown key {key!r}.{hint} Valid keys ({len(terms)}): "
            f"{', '.join(sorted(terms))}. Fix: use one of them, or add a row to "
            "data/glossary.csv (key,en,zh,definition_en,definition_zh)."
        )
    return terms[key]


def label(key: str, language: str | None = None) -> str:
    """The label for ``key`` in the current language (or in ``language``).

    Raises
    ------
    CRMDataError
        For a key that is not in ``data/glossary.csv`` (suggesting close
        matches and listing the valid keys) or an unknown language.
    """
    return _row(key)[_check_language(language)]


def term(key: str) -> str:
    """A term as the notebooks introduce it: ``'customer lifetime value (客户终生价值)'``."""
    row = _row(key)
    return f"{row['en']} ({row['zh']})"


def glossary(keys: list[str] | None = None, language: str | None = None) -> pd.DataFrame:
    """The glossary as a table: term, Chinese, definition (in the chosen language).

    ``keys`` selects and orders the terms (a chapter lists its own); without
    it every term that has a definition is returned, sorted by key.
    """
    language = _check_language(language)
    terms = _terms()
    if keys is None:
        keys = sorted(k for k, row in terms.items() if row["definition_en"])
    rows = [_row(k) for k in keys]
    return pd.DataFrame(
        {
            "term": [r["en"] for r in rows],
            "中文": [r["zh"] for r in rows],
            "definition": [r[f"definition_{language}"] for r in rows],
        },
        index=pd.Index(list(keys), name="key"),
    )
