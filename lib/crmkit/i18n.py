"""English / Chinese: the language switch, the glossary, and the one translate helper.

Every word a reader sees comes from one bilingual term list, the glossary in
``data/glossary/``: one CSV file per owner (``chNN.csv`` for a chapter's own
terms, ``cNN.csv`` for a case, ``shared.csv`` for terms several use,
``ui-<area>.csv`` for the library's own interface such as checker feedback),
all with the columns ``key, en, zh, definition_en, definition_zh``, read as one
table (a key defined twice is an error).  Keys are snake_case terms
(``recency_days``) or interface strings with a ``ui.`` prefix (``ui.check``).
The glossary is read from the workbook's own ``data/`` even when
``CRMKIT_DATA`` points elsewhere (see :mod:`crmkit.paths`).

The analytics (``ck.rfm_scores``, ``ck.man_table`` ...) never translate: they
return stable codes and keys (column ``lead_action`` holds ``lead_action_hot``,
not a sentence), so a result does not depend on the language it was computed
in.  Language is applied only where text meets a reader:

* charts (``ck.plots``) and explorers (``ck.widgets``) label themselves with
  :func:`label`; every chart also takes ``language=`` to draw in the other one;
* the quiz and the exercise checkers word their feedback with :func:`label`
  and :func:`say`;
* :func:`translate` turns a table's codes, column names and index labels into
  words, for a notebook to show;
* a :class:`crmkit.CRMDataError` carries its Chinese text and shows it when the
  language is ``"zh"`` (the current language lives in ``crmkit._language``, so
  the error can read it without importing this module).

>>> import crmkit as ck
>>> ck.set_language("zh")
>>> ck.label("customer")
'客户'
>>> ck.set_language("en")
>>> ck.label("customer")
'customer'
>>> ck.man_table()[["code", "priority", "action"]].head(1)
  code  priority                  action
0  MAN         1  man_action_contact_now
>>> ck.translate(ck.man_table()[["code", "priority", "action"]].head(1), language="zh")
    代码  优先级                跟进措施
0  MAN    1  理想的潜在客户：立即接触，推进销售。
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd

from crmkit import _language, fonts
from crmkit.errors import CRMDataError
from crmkit.paths import resource

__all__ = ["LANGUAGES", "get_language", "glossary", "label", "say", "set_language", "term",
           "translate", "using"]

LANGUAGES = _language.LANGUAGES
_COLUMNS = ["key", "en", "zh", "definition_en", "definition_zh"]
def set_language(language: str) -> None:
    """Switch chart labels, widget labels and quiz text to ``"en"`` or ``"zh"``.

    Charts drawn after the call use the new language; so do quizzes and
    widgets created after it.  Chinese text needs no font installed on your
    computer: crmkit brings its own (see :mod:`crmkit.fonts`).  In Chinese,
    printed tables count a Chinese character as two columns wide, so their
    columns line up.

    Raises
    ------
    CRMDataError
        For any other value, listing the valid ones.
    """
    if language not in LANGUAGES:
        raise CRMDataError(
            f"set_language: unknown language {language!r}. "
            f"Valid languages: {', '.join(repr(x) for x in LANGUAGES)} "
            "(English and Chinese). Fix: ck.set_language('zh') or ck.set_language('en').",
            zh=f"set_language：未知的语言 {language!r}。可用的语言：'en'（英文）和 'zh'（中文）。"
               "修正（Fix）：ck.set_language('zh') 或 ck.set_language('en')。"
        )
    _language.switch(language)
    fonts.register(chinese_first=(language == "zh"))
    # pandas pads a table by characters, but a Chinese character is two columns wide on
    # screen: counting display width lines up a Chinese table (in print and in the repr).
    pd.set_option("display.unicode.east_asian_width", language == "zh")


def get_language() -> str:
    """The current language, ``"en"`` or ``"zh"``."""
    return _language.current()


@contextmanager
def using(language: str | None) -> Iterator[None]:
    """Inside the ``with`` block labels are in ``language``; afterwards as before.

    ``None`` leaves the current language.  Charts use it for their
    ``language=`` argument, so one cell can draw an English and a Chinese
    chart side by side without switching the notebook's language.

    >>> with using("zh"):
    ...     label("customer")
    '客户'
    >>> label("customer")
    'customer'
    """
    if language is None:
        yield
        return
    previous = get_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(previous)


def say(en: str, zh: str) -> str:
    """Pick the English or the Chinese text, whichever the current language is.

    For one-off sentences (checker feedback, hints) that are not glossary terms.

    >>> say("Well done!", "做得好!")
    'Well done!'
    """
    return zh if get_language() == "zh" else en


def _glossary_dir() -> Path:
    return resource("glossary")


#: Where a new key goes, for the error messages.
_WHERE = ("data/glossary/chNN.csv (the chapter that uses it; cNN.csv for a case, "
          "shared.csv if several chapters use it)")
_WHERE_ZH = ("data/glossary/chNN.csv（使用它的章；案例为 cNN.csv，"
             "几章共用的放在 shared.csv）")


def _read(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each row of one glossary file, checking its shape."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != _COLUMNS:
            raise CRMDataError(
                f"{path}: expected the columns {', '.join(_COLUMNS)}, "
                f"found {', '.join(reader.fieldnames or [])}. Fix: restore the header row.",
                zh=f"{path}：应当有列 {', '.join(_COLUMNS)}，"
                   f"但找到的是 {', '.join(reader.fieldnames or [])}。修正（Fix）：恢复表头行。"
            )
        for row in reader:
            line = reader.line_num
            if None in row or None in row.values():
                raise CRMDataError(
                    f"{path}, line {line}: expected {len(_COLUMNS)} fields "
                    f"({', '.join(_COLUMNS)}). Fix: put a text that contains a comma in "
                    'double quotes ("a, b"), and give every row all five fields '
                    "(an empty definition is written as nothing between two commas).",
                    zh=f"{path} 第 {line} 行：应当有 {len(_COLUMNS)} 个字段"
                       f"（{', '.join(_COLUMNS)}）。修正（Fix）：含逗号的文本要放在双引号里"
                       '（"a, b"），每行都要有五个字段（没有释义就在两个逗号之间什么也不写）。'
                )
            key = row["key"]
            empty = [lang for lang in LANGUAGES if not row[lang].strip()]
            if not key or empty:
                raise CRMDataError(
                    f"{path}, line {line}: key {key!r} has no text for {', '.join(empty) or 'key'}."
                    " Fix: fill in both the English and the Chinese label.",
                    zh=f"{path} 第 {line} 行：键 {key!r} 缺少 "
                       f"{', '.join(empty) or 'key'} 的文本。修正（Fix）：把英文和中文标签都填上。"
                )
            yield line, row


@cache
def _load(folder: Path) -> dict[str, dict[str, str]]:
    """Every row of every ``*.csv`` in ``folder``, by key; a key defined twice is an error."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise CRMDataError(
            f"crmkit.i18n: the glossary folder {folder} has no .csv file. Fix: run the "
            "notebook from a full copy of the workbook (git clone), or restore the folder "
            "with `git checkout data/glossary`.",
            zh=f"crmkit.i18n：词汇表文件夹 {folder} 中没有 .csv 文件。修正（Fix）：在工作簿的"
               "完整副本（git clone）中运行笔记本，或用 `git checkout data/glossary` 恢复该文件夹。"
        )
    rows: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for path in files:
        for line, row in _read(path):
            key = row["key"]
            if key in rows:
                raise CRMDataError(
                    f"{path}, line {line}: key {key!r} is already defined in {seen[key]}. "
                    "Fix: keep one of the two rows (in the file of the one chapter that uses "
                    "the key, or in shared.csv if several do).",
                    zh=f"{path} 第 {line} 行：键 {key!r} 已在 {seen[key]} 中定义。"
                       "修正（Fix）：只保留其中一行（只有一章使用就放在该章的文件里，"
                       "几章共用就放在 shared.csv）。"
                )
            rows[key] = row
            seen[key] = f"{path.name}, line {line}"
    return rows


def _terms() -> dict[str, dict[str, str]]:
    return _load(_glossary_dir())


def _check_language(language: str | None) -> str:
    if language is None:
        return get_language()
    if language not in LANGUAGES:
        raise CRMDataError(
            f"unknown language {language!r}. Valid languages: "
            f"{', '.join(repr(x) for x in LANGUAGES)}.",
            zh=f"未知的语言 {language!r}。可用的语言："
               f"{'、'.join(repr(x) for x in LANGUAGES)}。"
        )
    return language


def _row(key: str) -> dict[str, str]:
    terms = _terms()
    if key not in terms:
        close = difflib.get_close_matches(str(key), terms, n=5, cutoff=0.5)
        names = ", ".join(repr(c) for c in close)
        raise CRMDataError(
            f"label: unknown key {key!r}"
            + (f"; nearest: {names}." if close else
               f"; no key is close to it (the glossary has {len(terms)} keys).")
            + f" Fix: use one of them, or add a row "
            f"(key,en,zh,definition_en,definition_zh) to {_WHERE}.",
            zh=f"label：未知的键 {key!r}。"
               + (f"你是不是想写 {'、'.join(repr(c) for c in close)}？" if close else
                  f"术语表（共 {len(terms)} 个键）中没有与它相近的键。")
               + f"修正：使用其中之一，或在 {_WHERE_ZH}中添加一行"
               "（key,en,zh,definition_en,definition_zh）。"
        )
    return terms[key]


def label(key: str, language: str | None = None) -> str:
    """The label for ``key`` in the current language (or in ``language``).

    Raises
    ------
    CRMDataError
        For a key that is not in the glossary (naming the nearest keys)
        or an unknown language.
    """
    return _row(key)[_check_language(language)]


def term(key: str) -> str:
    """A term as the notebooks introduce it: ``'customer lifetime value (客户终生价值)'``."""
    row = _row(key)
    return f"{row['en']} ({row['zh']})"


def glossary(keys: list[str] | None = None, language: str | None = None) -> pd.DataFrame:
    """The glossary as a table: the term in both languages and its definition.

    In English the columns are term, 中文, definition; in Chinese 术语, 英文,
    释义 (the Chinese term first, as a Chinese textbook's glossary has it).  The
    index holds the keys (what :func:`label` takes), named key / 键.
    ``keys`` selects and orders the terms (a chapter lists its own); without
    it every term that has a definition is returned, sorted by key.
    """
    language = _check_language(language)
    terms = _terms()
    if keys is None:
        keys = sorted(k for k, row in terms.items() if row["definition_en"])
    rows = [_row(k) for k in keys]
    english = [r["en"] for r in rows]
    chinese = [r["zh"] for r in rows]
    definitions = [r[f"definition_{language}"] for r in rows]
    if language == "zh":
        columns = {"术语": chinese, "英文": english, "释义": definitions}
    else:
        columns = {"term": english, "中文": chinese, "definition": definitions}
    name = "键" if language == "zh" else "key"  # the key is what ck.label(...) takes
    return pd.DataFrame(columns, index=pd.Index(list(keys), name=name))


def translate(data: pd.DataFrame | pd.Series, language: str | None = None
              ) -> pd.DataFrame | pd.Series:
    """A copy of a table in words: codes, column names and index labels translated.

    Every column name, index label and axis name that is a key of the
    glossary (``data/glossary/``) becomes its label in the current language (or in
    ``language``), and so does every value of a column of codes (a text or
    categorical column whose values are all glossary keys).  Everything else
    (numbers, customer ids, a column that mixes codes with other text, a
    student's own names) stays as it is.  The analytics return codes so that
    results do not depend on the language; call this on what a notebook shows.

    Raises
    ------
    CRMDataError
        ``data`` is not a DataFrame or Series; an unknown language.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"segment": ["rfm_champions", "rfm_lost"], "customers": [3, 5]})
    >>> translate(table, language="zh")
          细分群体  客户数
    0  重要价值客户    3
    1    流失客户    5
    """
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        raise CRMDataError(
            f"translate: expected a DataFrame or Series, but got a {type(data).__name__}. "
            "Fix: pass the table a crmkit function returned, e.g. ck.translate(ck.man_table()).",
            zh=f"translate：需要 DataFrame 或 Series，但收到的是 {type(data).__name__}。"
               "修正（Fix）：传入 crmkit 函数返回的表，例如 ck.translate(ck.man_table())。"
        )
    language = _check_language(language)
    words = {key: row[language] for key, row in _terms().items()}

    def word(value: object) -> object:
        return words.get(value, value) if isinstance(value, str) else value

    def axis(index: pd.Index) -> pd.Index:
        if isinstance(index, pd.MultiIndex):
            return index.set_levels([level.map(word) for level in index.levels]).set_names(
                [word(n) for n in index.names])
        return index.map(word).rename(word(index.name))

    def values(column: pd.Series) -> pd.Series:
        """A column of codes (every value a glossary key) in words; any other column as is."""
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes = list(column.cat.categories)
            if codes and all(isinstance(c, str) and c in words for c in codes):
                renamed = [words[c] for c in codes]
                if len(set(renamed)) == len(renamed):
                    return column.cat.rename_categories(renamed)
                return column.astype(object).map(word)
            return column
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            codes = column.dropna().unique()
            if len(codes) and all(isinstance(c, str) and c in words for c in codes):
                return column.replace({c: words[c] for c in codes})
        return column

    if isinstance(data, pd.Series):
        out = values(data.copy())
        out.index = axis(out.index)
        return out.rename(word(out.name))
    out = data.copy()
    for position in range(out.shape[1]):
        out.isetitem(position, values(out.iloc[:, position]))
    out.columns = axis(out.columns)
    out.index = axis(out.index)
    return out
