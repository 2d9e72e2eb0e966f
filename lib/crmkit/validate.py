"""Input checks shared by every public ``crmkit`` function.

Each check either returns a clean value (a parsed column, a date, a number)
or raises :class:`crmkit.CRMDataError` with a message that says

* **what was expected** (a column, a type, a range),
* **what was found** (the columns present, the first offending rows), and
* **how to fix it**: the code to run, between backticks, which is correct when
  followed literally (the tests run every kind of fix they print).

The checks never modify the frame they are given.

Rules every public function shares, because they live here:

* **Dates**: one column is read with one format.  ISO dates (``2025-01-13``,
  with or without a time) are read as such; ``13/01/2025``-style dates only
  when every row says which number is the day, otherwise the column is refused
  as ambiguous and the message asks for ``dayfirst=``.  Numbers are never
  dates.  **Time zones**: a date with an offset (``2025-01-13T23:30+08:00``)
  or a time-zone-aware timestamp counts by its own wall clock (that is
  23:30 on 13 January), the offset is dropped; every date, column or
  argument, follows that one rule.  Dates must fall in 1900-2199.
* **Numbers**: finite, not bigger than :data:`LARGEST` (a bigger amount or
  count is a typo or a wrong unit, and sums of it are no longer exact).
* **Column names** are text (or whole numbers for frames read without a
  header); ``None``, lists and other values are refused.
* **Frames** with two-level (MultiIndex) columns are refused with the code that
  flattens them.

>>> import pandas as pd
>>> from crmkit import validate
>>> orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [10.0, -3.0]})
>>> validate.numeric(orders, "revenue", func="demo")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
crmkit.errors.CRMDataError: demo: column 'revenue' must not be negative, but 1 row is...
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from crmkit.errors import CALLER, CRMDataError

__all__ = [
    "EARLIEST",
    "EXACT_TOTAL",
    "LARGEST",
    "LATEST",
    "Transactions",
    "amounts",
    "as_of_date",
    "caller",
    "checked",
    "column_map",
    "column_name",
    "column_names",
    "columns",
    "date",
    "dates",
    "day_numbers",
    "fraction",
    "frame",
    "grouped",
    "ids",
    "labels",
    "matching_ids",
    "missing",
    "needed",
    "numeric",
    "number",
    "one_of",
    "shares",
    "show_rows",
    "transactions",
]

_SHOW = 5  # how many offending rows a message lists

#: Largest amount, count or other number crmkit accepts (1e12): bigger is a typo or a
#: wrong unit, and money totals are exact only up to about 9e11.
LARGEST = 1e12
#: Dates must lie in [EARLIEST, LATEST): older or later is a typo (2305 for 2025).
EARLIEST = pd.Timestamp("1900-01-01")
LATEST = pd.Timestamp("2200-01-01")

_F = TypeVar("_F", bound=Callable[..., Any])
_CALLER = CALLER


def checked(function: _F) -> _F:
    """Decorate a public function: the checks it calls name it in their messages.

    Inside the decorated function ``validate.numeric(df, "revenue")`` says
    ``"rfm_scores: column 'revenue' ..."`` without being told the caller's name.
    """
    name = function.__name__
    if ".plots" in function.__module__:  # charts are named as students call them
        name = f"plots.{name}"

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _CALLER.get() is not None:  # called by another public function: name that one
            return function(*args, **kwargs)
        token = _CALLER.set(name)
        try:
            return function(*args, **kwargs)
        finally:
            _CALLER.reset(token)

    return wrapper  # type: ignore[return-value]


def caller() -> str:
    """The name of the public function being checked (set by :func:`checked`)."""
    return _CALLER.get() or "crmkit"


def _caller(func: str | None) -> str:
    return func if func is not None else (_CALLER.get() or "crmkit")


def show_rows(index: Iterable[Any], values: Iterable[Any] | None = None) -> str:
    """Describe the first few offending rows, e.g. ``"rows 3, 7, 9 and 2 more"``.

    With ``values`` the row labels are paired with what was found there:
    ``"row 3: 'abc'"``.
    """
    labels = list(index)
    shown = labels[:_SHOW]
    if values is None:
        parts = [str(label) for label in shown]
    else:
        found = list(values)[:_SHOW]
        parts = [f"{label}: {value!r}" for label, value in zip(shown, found, strict=False)]
    text = ("row " if len(labels) == 1 else "rows ") + ", ".join(parts)
    if len(labels) > _SHOW:
        text += f" and {len(labels) - _SHOW} more"
    return text


def _count(n: int) -> str:
    return f"{n} row is" if n == 1 else f"{n} rows are"


def rows_zh(index: Iterable[Any], values: Iterable[Any] | None = None) -> str:
    """:func:`show_rows` in Chinese: ``"第 3、7、9 行等 5 行"``, ``"第 3 行：'abc'"``."""
    labels = list(index)
    shown = labels[:_SHOW]
    if values is None:
        text = f"第 {'、'.join(str(label) for label in shown)} 行"
    else:
        found = list(values)[:_SHOW]
        text = "；".join(f"第 {label} 行：{value!r}"
                        for label, value in zip(shown, found, strict=False))
    if len(labels) > _SHOW:
        text += f"，共 {len(labels)} 行"
    return text


def _drop(bad: pd.Index | pd.Series, keep: str) -> str:
    """Code that drops the offending rows: their labels when few, else the ``keep`` mask."""
    labels = list(bad.index if isinstance(bad, pd.Series) else bad)
    if len(labels) <= _SHOW:
        return f"df = df.drop(index={labels!r})"
    return f"df = df[{keep}]"


def missing(values: pd.Series, column: str, *, func: str | None = None,
            what: str = "values") -> None:
    """Refuse missing cells in ``values`` (the one "column has missing values" message)."""
    gaps = values.isna()
    if gaps.any():
        bad = values[gaps]
        raise CRMDataError(
            f"{_caller(func)}: column '{column}' has missing {what}, {_count(len(bad))} empty "
            f"({show_rows(bad.index)}). Fix: drop those rows "
            f"(`df = df.dropna(subset=[{column!r}])`) or fill them in from the source.",
            zh=f"{_caller(func)}：列 '{column}' 有缺失值，{len(bad)} 行为空（{rows_zh(bad.index)}"
               "）。"
               f"修正（Fix）：删去这些行（`df = df.dropna(subset=[{column!r}])`），或从原始数据中"
               "补齐。"
        )


def _flat_names(columns: pd.MultiIndex) -> list[str]:
    return ["_".join(str(part) for part in col if str(part) != "") for col in columns]


def frame(df: Any, *, func: str | None = None, what: str = "data",
          allow_empty: bool = False, made_by: str | None = None) -> pd.DataFrame:
    """Check that ``df`` is a non-empty pandas DataFrame with one level of columns.

    ``made_by`` names the crmkit call whose result the function expects (e.g.
    ``"ck.ladder_funnel(...)"``), so the fix does not send the student to load
    a table of orders that the function cannot use.
    """
    func = _caller(func)
    if not isinstance(df, pd.DataFrame):
        found = type(df).__name__
        if made_by is not None:
            fix, fix_zh = f"pass the result of `{made_by}`", f"传入 `{made_by}` 的结果"
        else:
            fix = ("load it with crmkit.datasets (e.g. `df = ck.load_transactions()`) "
                   "or build one with pd.DataFrame(...)")
            fix_zh = ("用 crmkit.datasets 读入（例如 `df = ck.load_transactions()`），"
                      "或用 pd.DataFrame(...) 构造")
        raise CRMDataError(
            f"{func}: expected the {what} as a pandas DataFrame, but got a {found}. "
            f"Fix: {fix}.",
            zh=f"{func}：需要 pandas DataFrame 形式的数据，但收到的是 {found}。"
               f"修正（Fix）：{fix_zh}。"
        )
    if isinstance(df.columns, pd.MultiIndex):
        flat = ", ".join(repr(c) for c in _flat_names(df.columns)[:8])
        raise CRMDataError(
            f"{func}: the {what} frame has two-level (MultiIndex) column names such as "
            f"{df.columns[-1]!r}, as groupby().agg({{...: [...]}}) makes them. Fix: flatten "
            "them: `df.columns = ['_'.join(str(p) for p in c if str(p) != '') for c in "
            f"df.columns]`; the columns are then {flat}, and you pass those names to the "
            "function (e.g. amount='revenue_sum').",
            zh=f"{func}：数据框的列名有两层（MultiIndex），例如 {df.columns[-1]!r}，"
               "groupby().agg({...: [...]}) 会生成这种列名。修正（Fix）：先把列名展平："
               "`df.columns = ['_'.join(str(p) for p in c if str(p) != '') for c in "
               f"df.columns]`；展平后的列名是 {flat}，再把这些列名传给函数（例如 amount='revenue_"
               "sum'）。"
        )
    if df.empty and not allow_empty:
        raise CRMDataError(
            f"{func}: the {what} frame is empty (no rows). "
            "Fix: check the filter that produced it; there is nothing to compute on.",
            zh=f"{func}：数据框是空的（没有任何行）。修正（Fix）：检查得到它的筛选条件；没有数据就无从计算。"
        )
    return df


def column_name(value: Any, keyword: str, *, func: str | None = None) -> Any:
    """Check that a keyword argument naming a column holds a column name (text)."""
    if isinstance(value, str) or (isinstance(value, (int, np.integer))
                                  and not isinstance(value, (bool, np.bool_))):
        return value
    raise CRMDataError(
        f"{_caller(func)}: {keyword} must be a column name (text such as 'customer_id'), "
        f"but got {value!r} ({type(value).__name__}). Fix: pass the name of the column, "
        f"e.g. {keyword}='customer_id'.",
        zh=f"{_caller(func)}：{keyword} 应当是列名（如 'customer_id' 这样的文本），"
           f"但收到的是 {value!r}（{type(value).__name__}）。修正（Fix）：传入列名，"
           f"例如 {keyword}='customer_id'。"
    )


def column_names(value: Any, keyword: str, *, func: str | None = None,
                 allow_empty: bool = False) -> list[Any]:
    """A column name or a list of them (``by="city"`` or ``by=["city", "channel"]``)."""
    func = _caller(func)
    if isinstance(value, (list, tuple, pd.Index)):
        items = list(value)
    else:
        items = [column_name(value, keyword, func=func)]
    for i, item in enumerate(items):
        column_name(item, f"{keyword}[{i}]", func=func)
    if not items and not allow_empty:
        raise CRMDataError(f"{func}: {keyword} is an empty list. Fix: name at least one "
                           f"column, e.g. {keyword}=['customer_id'].",
                           zh=f"{func}：{keyword} 是空列表。修正（Fix）：至少给出一个列名，"
                              f"例如 {keyword}=['customer_id']。")
    return items


def column_map(columns: Any, defaults: Mapping[str, Any], *, func: str | None = None,
               optional: Sequence[str] = ()) -> dict[str, Any]:
    """The columns a function reads, by role: ``defaults`` updated with the caller's ``columns``.

    Functions that read many columns take one mapping instead of a keyword per
    column: ``columns={"household": "family"}`` renames one role and keeps the
    other defaults.  A role in ``optional`` may be ``None`` (the function then
    does without it).  Unknown roles and values that are not column names are
    refused, naming the roles there are.

    The keywords of the result are ``"columns:<role>"``: :func:`columns` turns
    them into the fix ``columns={'<role>': '<your column>'}``.
    """
    func = _caller(func)
    roles = ", ".join(repr(r) for r in defaults)
    if columns is None:
        return dict(defaults)
    if not isinstance(columns, Mapping):
        raise CRMDataError(
            f"{func}: columns must be a mapping from role to column name such as "
            f"{{{next(iter(defaults))!r}: 'my_column'}}, but got {columns!r}. "
            f"The roles are {roles}. Fix: pass e.g. columns={{{next(iter(defaults))!r}: "
            f"{next(iter(defaults.values()))!r}}}.",
            zh=f"{func}：columns 应当是从角色到列名的映射，例如 "
               f"{{{next(iter(defaults))!r}: 'my_column'}}，但收到的是 {columns!r}。"
               f"角色有 {roles}。修正（Fix）：例如传入 columns={{{next(iter(defaults))!r}: "
               f"{next(iter(defaults.values()))!r}}}。"
        )
    out = dict(defaults)
    for role, name in columns.items():
        if not isinstance(role, str) or role not in defaults:
            raise CRMDataError(
                f"{func}: columns has the role {role!r}, which this function does not read; "
                f"its roles are {roles}. Fix: use one of those roles as the key.",
                zh=f"{func}：columns 中有角色 {role!r}，但这个函数不读它；"
                   f"它的角色有 {roles}。修正（Fix）：用其中一个角色作键。"
            )
        if name is None and role in optional:
            out[role] = None
            continue
        out[role] = column_name(name, f"columns[{role!r}]", func=func)
    return out


def needed(roles: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """The ``needed`` mapping of :func:`columns` for the roles ``names`` of a column map."""
    return {f"columns:{role}": roles[role] for role in names}


def columns(df: pd.DataFrame, needed: Mapping[str, Any] | Sequence[Any], *,
            func: str | None = None) -> None:
    """Check that every needed column is present, once.

    ``needed`` maps each keyword argument of the calling function to the column
    name it was given, e.g. ``{"customer": "customer_id", "amount": "revenue"}``,
    so the message can tell the student which keyword to pass.  A plain list of
    names means the function has no keyword for them: the message then says to
    rename the column (telling the student to pass a keyword the function does
    not take would be a fix that fails when followed).
    """
    func = _caller(func)
    frame(df, func=func, allow_empty=True)
    pairs = list(needed.items()) if isinstance(needed, Mapping) else [(c, c) for c in needed]
    for keyword, col in pairs:
        column_name(col, str(keyword).replace("columns:", "columns[") + (
            "]" if str(keyword).startswith("columns:") else ""), func=func)
    missing_ = [(kw, col) for kw, col in pairs if col not in df.columns]
    if missing_:
        found = ", ".join(repr(str(c)) for c in df.columns) or "no columns at all"
        found_zh = ", ".join(repr(str(c)) for c in df.columns) or "（一列也没有）"
        what = ", ".join(f"'{col}'" for _, col in missing_)
        near = [c for _, col in missing_ for c in difflib.get_close_matches(
            str(col), [str(c) for c in df.columns], n=1)]
        hint_en = f" Did you mean {', '.join(map(repr, near))}?" if near else ""
        hint_zh = f"你是不是想写 {'、'.join(map(repr, near))}？" if near else ""
        if not isinstance(needed, Mapping):
            # no keyword names this column: the function reads it by name, so renaming is the fix
            inner = ", ".join(f"'<your column>': '{col}'" for _, col in missing_)
            rename = f"`df = df.rename(columns={{{inner}}})`"
            raise CRMDataError(
                f"{func}: column {what} not found; the frame has {found}.{hint_en} "
                f"Fix: give your column the name it reads, e.g. {rename}.",
                zh=f"{func}：找不到列 {what}；数据框中的列有 {found_zh}。{hint_zh}"
                   f"修正（Fix）：把你的列改成函数读取的列名，例如 {rename}。"
            )
        roles = [str(kw).removeprefix("columns:") for kw, _ in missing_
                 if str(kw).startswith("columns:")]
        hint = ", ".join(f"{kw}='<your column>'" for kw, _ in missing_
                         if not str(kw).startswith("columns:"))
        if roles:
            inner = ", ".join(f"{r!r}: '<your column>'" for r in roles)
            hint = ", ".join(filter(None, [hint, f"columns={{{inner}}}"]))
        raise CRMDataError(
            f"{func}: column {what} not found; the frame has {found}.{hint_en} "
            f"Fix: rename the column, or tell the function its name with {hint}.",
            zh=f"{func}：找不到列 {what}；数据框中的列有 {found_zh}。{hint_zh}"
               f"修正（Fix）：给这一列改名，或用 {hint} 告诉函数它叫什么。"
        )
    names = [col for _, col in pairs]
    twice = [c for c in dict.fromkeys(names) if (df.columns == c).sum() > 1]
    if twice:
        duplicated(df, func=func, names=twice)


def ids(df: pd.DataFrame, column: Any, *, keyword: str = "customer",
        func: str | None = None) -> pd.Series:
    """Return an id column, refusing missing ids and cells that hold lists or other containers."""
    func = _caller(func)
    columns(df, {keyword: column}, func=func)
    return _ids(df[column], column, keyword, func)


def _ids(values: pd.Series, column: Any, keyword: str, func: str) -> pd.Series:
    """:func:`ids` of a column already found in the frame."""
    if values.dtype == object:
        unusable = values.map(lambda v: isinstance(v, (list, dict, set, tuple, np.ndarray)))
        if unusable.any():
            bad = values[unusable]
            raise CRMDataError(
                f"{func}: column '{column}' must hold one id per row, but "
                f"{show_rows(bad.index, bad)} hold lists or other containers. Fix: correct "
                f"those rows, or drop them: `df = df.drop(index={list(bad.index)!r})`.",
                zh=f"{func}：列 '{column}' 每行只能有一个编号，但{rows_zh(bad.index, bad)}"
                   "存放的是列表或其他容器。修正（Fix）：改正这些行，或删去它们："
                   f"`df = df.drop(index={list(bad.index)!r})`。"
            )
    missing(values, column, func=func, what=f"{keyword} ids")
    return values


def duplicated(df: pd.DataFrame, *, func: str | None = None,
               names: Sequence[Any] | None = None) -> None:
    """Refuse a frame in which a column name appears more than once."""
    twice = list(names) if names is not None else list(
        dict.fromkeys(df.columns[df.columns.duplicated()]))
    if twice:
        raise CRMDataError(
            f"{_caller(func)}: column {', '.join(repr(c) for c in twice)} appears more than "
            "once in the frame, so it is not clear which to use (pd.concat(..., axis=1) "
            "does this). Fix: keep the first copy: `df = df.loc[:, ~df.columns.duplicated()]`.",
            zh=f"{_caller(func)}：列 {'、'.join(repr(c) for c in twice)} 在数据框中出现了不止一次，"
               "不清楚该用哪一列（pd.concat(..., axis=1) 会造成这种情况）。"
               "修正（Fix）：只保留第一列：`df = df.loc[:, ~df.columns.duplicated()]`。"
        )


# Text a student may leave around numbers: thousands separators, currency, units.
_NOISE = r"[,\s¥$€£元]"


def numeric(
    df: pd.DataFrame,
    column: Any,
    *,
    func: str | None = None,
    allow_negative: bool = False,
    allow_missing: bool = False,
    integer: bool = False,
) -> pd.Series:
    """Return ``df[column]`` as float64, refusing text, missing, negative and absurd values.

    Booleans count as numbers (``True`` is 1).  With ``allow_missing`` missing
    values stay NaN instead of raising.  Values beyond :data:`LARGEST` are refused.
    """
    func = _caller(func)
    columns(df, [column], func=func)
    return _numbers(df[column], column, func, allow_negative=allow_negative,
                    allow_missing=allow_missing, integer=integer)


def _numbers(raw: pd.Series, column: Any, func: str, *, allow_negative: bool = False,
             allow_missing: bool = False, integer: bool = False) -> pd.Series:
    """:func:`numeric` of a column already found in the frame."""
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype("float64")
    if pd.api.types.is_datetime64_any_dtype(raw) or isinstance(raw.dtype, pd.PeriodDtype):
        raise CRMDataError(
            f"{func}: column '{column}' must hold numbers, but it holds dates "
            f"(dtype {raw.dtype}). Fix: pass the column with the numbers (amounts, counts).",
            zh=f"{func}：列 '{column}' 应当是数值，但存放的是日期（dtype {raw.dtype}）。"
               "修正（Fix）：传入存放数值（金额、数量）的那一列。"
        )
    try:
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
    except (TypeError, ValueError, OverflowError):
        values = pd.to_numeric(raw.astype("object"), errors="coerce").astype("float64")
    unparsed = values.isna() & raw.notna()
    if unparsed.any():
        bad = raw[unparsed]
        cleaned = pd.to_numeric(bad.astype(str).str.replace(_NOISE, "", regex=True),
                                errors="coerce")
        if cleaned.notna().all():
            code = (f"df[{column!r}] = pd.to_numeric("
                    f"df[{column!r}].astype(str).str.replace(r'{_NOISE}', '', regex=True))")
            fix = f"remove the separators and symbols: `{code}`"
            fix_zh = f"去掉千位分隔符和货币符号：`{code}`"
        else:
            keep = f"pd.to_numeric(df[{column!r}], errors='coerce').notna()"
            fix = (f"correct those rows in the source, or drop them: `{_drop(bad, keep)}` "
                   "(that drops only the rows listed)" if len(bad) <= _SHOW else
                   f"correct those rows in the source, or drop them: `{_drop(bad, keep)}`")
            fix_zh = f"在原始数据中改正这些行，或删去它们：`{_drop(bad, keep)}`"
        raise CRMDataError(
            f"{func}: column '{column}' must hold numbers, but {_count(len(bad))} not "
            f"({show_rows(bad.index, bad)}). Fix: {fix}.",
            zh=f"{func}：列 '{column}' 应当是数值，但有 {len(bad)} 行不是"
               f"（{rows_zh(bad.index, bad)}）。"
               f"修正（Fix）：{fix_zh}。"
        )
    infinite = np.isinf(values)
    if infinite.any():
        bad = values[infinite]
        keep = f"np.isfinite(df[{column!r}])"
        raise CRMDataError(
            f"{func}: column '{column}' has infinite values ({show_rows(bad.index, bad)}). "
            f"Fix: correct those rows in the source, or drop them: `{_drop(bad, keep)}`.",
            zh=f"{func}：列 '{column}' 有无穷大的值（{rows_zh(bad.index, bad)}）。"
               f"修正（Fix）：在原始数据中改正这些行，或删去它们：`{_drop(bad, keep)}`。"
        )
    huge = values.abs() > LARGEST
    if huge.any():
        bad = values[huge]
        keep = f"df[{column!r}].abs() <= {LARGEST:.0e}"
        raise CRMDataError(
            f"{func}: column '{column}' has values above {LARGEST:.0e} "
            f"({show_rows(bad.index, bad.tolist())}), too big to be a real amount or count "
            f"(a typo or a wrong unit?). Fix: correct those rows, or drop them: "
            f"`{_drop(bad, keep)}`.",
            zh=f"{func}：列 '{column}' 有大于 {LARGEST:.0e} 的值"
               f"（{rows_zh(bad.index, bad.tolist())}），"
               "不可能是真实的金额或数量（输错了，还是单位不对？）。"
               f"修正（Fix）：改正这些行，或删去它们：`{_drop(bad, keep)}`。"
        )
    if not allow_missing:
        missing(values, column, func=func)
    if not allow_negative and (values < 0).any():
        bad = values[values < 0]
        raise CRMDataError(
            f"{func}: column '{column}' must not be negative, but {_count(len(bad))} "
            f"({show_rows(bad.index, bad.tolist())}). Fix: remove or correct those rows, "
            f"e.g. `df = df[df[{column!r}] >= 0]`.",
            zh=f"{func}：列 '{column}' 不能为负数，但有 {len(bad)} 行是负数"
               f"（{rows_zh(bad.index, bad.tolist())}）。修正（Fix）：删去或改正这些行，"
               f"例如 `df = df[df[{column!r}] >= 0]`。"
        )
    if integer and (values.dropna() % 1 != 0).any():
        bad = values[values.notna() & (values % 1 != 0)]
        raise CRMDataError(
            f"{func}: column '{column}' must hold whole numbers, but {_count(len(bad))} not "
            f"({show_rows(bad.index, bad.tolist())}). Fix: correct those rows in the source "
            f"(or round them: `df[{column!r}] = df[{column!r}].round()`).",
            zh=f"{func}：列 '{column}' 应当是整数，但有 {len(bad)} 行不是"
               f"（{rows_zh(bad.index, bad.tolist())}）。"
               f"修正（Fix）：在原始数据中改正这些行（或取整：`df[{column!r}] = df[{column!r}].ro"
               "und()`）。"
        )
    return values


# --------------------------------------------------------------------------- dates
_OFFSET = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(.*)$")
_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?(.*)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$")
_MONTH_NAME = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b")


_HOW_ZH = {
    "Excel day numbers (days since 1899-12-30)":
        "用 Excel 日期序号（自 1899-12-30 起的天数）记的日期",
    "dates written as YYYYMMDD numbers": "写成 YYYYMMDD 数字的日期",
    "seconds since 1970 (Unix time)": "自 1970 年起的秒数（Unix 时间）",
    "DD/MM/YYYY or MM/DD/YYYY": "DD/MM/YYYY 或 MM/DD/YYYY",
    "written with words": "用英文单词写的日期",
}


def _numbers_are_not_dates(raw: pd.Series, column: Any, func: str) -> CRMDataError:
    values = pd.to_numeric(raw, errors="coerce").dropna()
    low, high = (values.min(), values.max()) if len(values) else (0, 0)
    if 1 <= low and high <= 80_000:
        how, code = ("Excel day numbers (days since 1899-12-30)",
                     f"df[{column!r}] = pd.to_datetime(df[{column!r}], unit='D', "
                     "origin='1899-12-30')")
    elif 19_000_101 <= low and high <= 21_991_231 and (values % 1 == 0).all():
        how, code = ("dates written as YYYYMMDD numbers",
                     f"df[{column!r}] = pd.to_datetime(df[{column!r}].astype('int64')"
                     ".astype(str), format='%Y%m%d')")
    elif 1e8 <= low and high <= 8e9:
        how, code = ("seconds since 1970 (Unix time)",
                     f"df[{column!r}] = pd.to_datetime(df[{column!r}], unit='s')")
    else:
        how, code = ("numbers", f"df[{column!r}] = pd.to_datetime(df[{column!r}], unit='D', "
                     "origin='1899-12-30')")
        return CRMDataError(
            f"{func}: column '{column}' must hold dates, but it holds numbers (dtype "
            f"{raw.dtype}) that are not a date code crmkit recognises. Fix: pass the date "
            f"column; if the numbers are Excel day numbers convert them: `{code}`.",
            zh=f"{func}：列 '{column}' 应当存放日期，但它存的是数字（dtype {raw.dtype}），"
               "且不是 crmkit 认得的日期编码。修正（Fix）：传入日期列；如果这些数字是 Excel "
               f"的日期序号，就这样转换：`{code}`。")
    return CRMDataError(
        f"{func}: column '{column}' must hold dates, but it holds numbers (dtype {raw.dtype}) "
        f"that look like {how}; crmkit never guesses dates from numbers. Fix: convert them: "
        f"`{code}`.",
        zh=f"{func}：列 '{column}' 应当存放日期，但它存的是数字（dtype {raw.dtype}），"
           f"看起来像{_HOW_ZH.get(how, how)}；crmkit 从不根据数字猜日期。修正（Fix）：转换它们："
           f"`{code}`。"
    )


def _ambiguous(column: Any, func: str, shown: str) -> CRMDataError:
    return CRMDataError(
        f"{func}: column '{column}' has ambiguous dates ({shown}): both the day and the month "
        "are 12 or less, and 05/01/2025 could be 5 January or 1 May; crmkit reads a column "
        "with one format and does not guess. Fix: say which it is: "
        f"`df[{column!r}] = pd.to_datetime(df[{column!r}], format='mixed', dayfirst=True)` "
        "for day/month/year (use dayfirst=False for month/day/year).",
        zh=f"{func}：列 '{column}' 的日期有歧义（{shown}）：日和月都不超过 12，"
           "05/01/2025 可能是 1 月 5 日，也可能是 5 月 1 日；crmkit 对一列只用一种格式读取，"
           "不会猜。修正（Fix）：说明是哪一种："
           f"`df[{column!r}] = pd.to_datetime(df[{column!r}], format='mixed', dayfirst=True)` "
           "表示日/月/年（月/日/年则用 dayfirst=False）。"
    )


def _text_dates(raw: pd.Series, column: Any, func: str) -> pd.Series:
    """Parse a text column with ONE format for the whole column (see the module docstring)."""
    present = raw.notna()
    text = raw[present].map(lambda v: v if isinstance(v, str) else str(v)).str.strip()
    text = text.str.replace(_OFFSET, r"\1", regex=True)  # wall clock: drop the offset
    iso = text.str.match(_ISO)
    year_first = text.str.match(_YEAR_FIRST)
    chinese = text.str.match(_CHINESE)
    day_month = text.str.match(_DAY_MONTH)
    worded = text.str.contains(_MONTH_NAME) & ~(iso | year_first | chinese | day_month)
    if worded.any():  # only text that reads as a date on its own is a worded date
        worded &= pd.to_datetime(text.where(worded), errors="coerce", format="mixed").notna()
    styles = {"YYYY-MM-DD": iso, "YYYY/MM/DD": year_first, "YYYY年MM月DD日": chinese,
              "DD/MM/YYYY or MM/DD/YYYY": day_month, "written with words": worded}
    used = {name: mask for name, mask in styles.items() if mask.any()}
    if len(used) > 1:
        examples = ", ".join(f"{text[mask].index[0]}: {text[mask].iloc[0]!r}"
                             for mask in used.values())
        raise CRMDataError(
            f"{func}: column '{column}' mixes date formats ({', '.join(used)}; rows "
            f"{examples}), and crmkit reads one column with one format. Fix: write them all "
            f"the same way, or convert the column yourself: `df[{column!r}] = pd.to_datetime("
            f"df[{column!r}], format='mixed', dayfirst=True)` (dayfirst=False if 05/01 means "
            "May 1st).",
            zh=f"{func}：列 '{column}' 混用了多种日期格式"
               f"（{'、'.join(_HOW_ZH.get(u, u) for u in used)}；行 "
               f"{examples}），而 crmkit 对一列只用一种格式读取。修正（Fix）：全部写成同一种格式，"
               f"或自己转换这一列：`df[{column!r}] = pd.to_datetime("
               f"df[{column!r}], format='mixed', dayfirst=True)`（若 05/01 表示 5 月 1 日，"
               "则用 dayfirst=False）。"
        )
    iso_text = text
    if "YYYY/MM/DD" in used:
        iso_text = text.str.replace(_YEAR_FIRST, r"\1-\2-\3\4", regex=True)
    elif "YYYY年MM月DD日" in used:
        iso_text = text.str.replace(_CHINESE, r"\1-\2-\3\4", regex=True)
    elif "DD/MM/YYYY or MM/DD/YYYY" in used:
        parts = text[day_month].str.extract(_DAY_MONTH)
        first, second = parts[0].astype(int), parts[1].astype(int)
        unclear = (first <= 12) & (second <= 12)
        if unclear.any():
            raise _ambiguous(column, func, show_rows(unclear[unclear].index,
                                                     text[unclear[unclear].index]))
        if (first > 12).all():
            day, month = parts[0], parts[1]
        elif (second > 12).all():
            day, month = parts[1], parts[0]
        else:
            raise _ambiguous(column, func, show_rows(text.index[:2], text.iloc[:2]))
        iso_text = (parts[2] + "-" + month + "-" + day + parts[3]).reindex(text.index)
    if "written with words" in used:
        parsed_text = pd.to_datetime(iso_text, errors="coerce", format="mixed")
    else:
        parsed_text = pd.to_datetime(iso_text, errors="coerce", format="ISO8601")
    if getattr(parsed_text.dt, "tz", None) is not None:
        parsed_text = parsed_text.dt.tz_localize(None)
    unparsed = parsed_text.isna()
    if unparsed.any():
        bad = raw[present][unparsed]
        keep = f"pd.to_datetime(df[{column!r}], errors='coerce', format='ISO8601').notna()"
        raise CRMDataError(
            f"{func}: column '{column}' has text that is not a date "
            f"({show_rows(bad.index, bad)}). Fix: correct those values in the source "
            f"(YYYY-MM-DD works best) or drop the rows: `{_drop(bad, keep)}`.",
            zh=f"{func}：列 '{column}' 中有不是日期的文本（{rows_zh(bad.index, bad)}）。"
               "修正（Fix）：在原始数据中改正这些值（最好写成 YYYY-MM-DD），"
               f"或删去这些行：`{_drop(bad, keep)}`。"
        )
    out = pd.Series(pd.NaT, index=raw.index, dtype=parsed_text.dtype, name=raw.name)
    out[present] = parsed_text
    return out


def _as_naive(parsed: pd.Series) -> pd.Series:
    """Datetime values on their own wall clock, as numpy datetime64 (no zone, no Arrow)."""
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    if not isinstance(parsed.dtype, np.dtype):  # Arrow or another extension type
        parsed = parsed.astype("datetime64[us]")
    return parsed


def _in_range(parsed: pd.Series, raw: pd.Series, column: Any, func: str) -> None:
    outside = parsed.notna() & ((parsed < EARLIEST) | (parsed >= LATEST))
    if outside.any():
        bad = raw[outside]
        keep = (f"pd.to_datetime(df[{column!r}], format='mixed').between('{EARLIEST.date()}', "
                f"'{(LATEST - pd.Timedelta(days=1)).date()}')")
        raise CRMDataError(
            f"{func}: column '{column}' has dates outside {EARLIEST.year}-"
            f"{LATEST.year - 1} ({show_rows(bad.index, bad)}), most likely typos (2305 for "
            f"2025). Fix: correct those dates in the source, or drop the rows: "
            f"`{_drop(bad, keep)}`.",
            zh=f"{func}：列 '{column}' 有 {EARLIEST.year}—{LATEST.year - 1} 年以外的日期"
               f"（{rows_zh(bad.index, bad)}），多半是输错了（把 2025 写成 2305）。"
               f"修正（Fix）：在原始数据中改正这些日期，或删去这些行：`{_drop(bad, keep)}`。"
        )


def dates(df: pd.DataFrame, column: Any, *, func: str | None = None,
          allow_missing: bool = False) -> pd.Series:
    """Return ``df[column]`` parsed as datetimes (one format, wall clock, 1900-2199)."""
    func = _caller(func)
    columns(df, [column], func=func)
    return _dates(df[column], column, func, allow_missing=allow_missing)


def _dates(raw: pd.Series, column: Any, func: str, *, allow_missing: bool = False) -> pd.Series:
    """:func:`dates` of a column already found in the frame."""
    if pd.api.types.is_datetime64_any_dtype(raw):
        try:
            parsed = _as_naive(raw)
        except (OverflowError, ValueError, TypeError) as err:
            raise CRMDataError(
                f"{func}: column '{column}' holds dates crmkit cannot use ({err}). Fix: "
                f"convert them to plain dates: `df[{column!r}] = pd.to_datetime("
                f"df[{column!r}].astype(str), format='mixed')`.",
                zh=f"{func}：列 '{column}' 中的日期 crmkit 无法使用（{err}）。修正（Fix）："
                   f"把它们转换为普通日期：`df[{column!r}] = pd.to_datetime("
                   f"df[{column!r}].astype(str), format='mixed')`。"
            ) from err
    elif pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
        raise _numbers_are_not_dates(raw, column, func)
    else:
        numbers = raw.map(lambda v: isinstance(v, (int, float, np.number))
                          and not isinstance(v, bool) and not pd.isna(v))
        if numbers.any() and numbers[raw.notna()].all():
            raise _numbers_are_not_dates(raw[numbers].astype(float), column, func)
        stamps = raw.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)))
        if stamps.any() and stamps[raw.notna()].all():
            parsed = _as_naive(pd.to_datetime(
                raw.map(lambda v: pd.Timestamp(v).tz_localize(None)
                        if getattr(v, "tzinfo", None) else v)))
        else:
            parsed = _text_dates(raw, column, func)
    _in_range(parsed, raw, column, func)
    if not allow_missing:
        missing(parsed, column, func=func, what="dates")
    return parsed


def date(value: Any, name: str, *, func: str | None = None) -> pd.Timestamp:
    """Parse one date argument (``"2025-12-31"``, a Timestamp, a ``datetime.date``).

    The same rules as :func:`dates`: one format, an offset or time zone counts by
    its own wall clock, numbers are refused, 1900-2199 only.
    """
    func = _caller(func)
    if isinstance(value, (bool, int, float, complex, np.number, np.bool_)):
        raise CRMDataError(
            f"{func}: {name}={value!r} is not a date: a number is never read as a date. "
            f"Fix: pass a date such as {name}='2025-12-31'.",
            zh=f"{func}：{name}={value!r} 不是日期：数字从不当作日期读取。"
               f"修正（Fix）：传入日期，例如 {name}='2025-12-31'。"
        )
    try:
        if isinstance(value, str):
            series = pd.DataFrame({name: [value]})
            stamp = dates(series, name, func=func).iloc[0]
        else:
            stamp = pd.Timestamp(value)
    except CRMDataError:
        raise CRMDataError(
            f"{func}: {name}={value!r} is not a date crmkit can read without guessing "
            "(05/01/2025 could be 5 January or 1 May). Fix: pass it as YYYY-MM-DD, e.g. "
            f"{name}='2025-12-31'.",
            zh=f"{func}：{name}={value!r} 不是 crmkit 不经猜测就能读懂的日期"
               "（05/01/2025 可能是 1 月 5 日，也可能是 5 月 1 日）。"
               f"修正（Fix）：按 YYYY-MM-DD 的格式传入，例如 {name}='2025-12-31'。"
        ) from None
    except (ValueError, TypeError, OverflowError) as err:
        raise CRMDataError(
            f"{func}: {name}={value!r} is not a date. Fix: pass a date such as "
            f"{name}='2025-12-31'.",
            zh=f"{func}：{name}={value!r} 不是日期。修正（Fix）：传入日期，例如 {name}='2025-12-3"
               "1'。"
        ) from err
    if pd.isna(stamp):
        raise CRMDataError(
            f"{func}: {name} is missing (NaT). Fix: pass a date such as {name}='2025-12-31'.",
            zh=f"{func}：{name} 缺失（NaT）。修正（Fix）：传入日期，例如 {name}='2025-12-31'。"
        )
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    if not EARLIEST <= stamp < LATEST:
        raise CRMDataError(
            f"{func}: {name}={value!r} is outside {EARLIEST.year}-{LATEST.year - 1}, most "
            f"likely a typo. Fix: pass a date such as {name}='2025-12-31'.",
            zh=f"{func}：{name}={value!r} 不在 {EARLIEST.year}—{LATEST.year - 1} 年之间，多半是输"
               "错了。"
               f"修正（Fix）：传入日期，例如 {name}='2025-12-31'。"
        )
    return stamp


def as_of_date(as_of: Any, observed: pd.Series, *, func: str | None = None) -> pd.Timestamp:
    """Return the analysis day ``as_of``, or by default the day after the last date.

    **What as_of means, everywhere in crmkit**: the calendar day the analysis
    looks from, at the end of that day.  Everything dated on or before that day
    (whatever the time) has happened and counts; anything dated later is left
    out; day counts such as recency run from a purchase day to ``as_of``
    (0 = bought on the day itself).  A time of day in ``as_of`` is ignored.
    Default: the day after the last date in the data, so every record counts
    and the most recent buyer has recency 1.

    An ``as_of`` before the earliest date in the data is refused: nothing
    would have happened yet.
    """
    func = _caller(func)
    first, last = observed.min(), observed.max()
    if as_of is None:
        return (last + pd.Timedelta(days=1)).normalize()
    stamp = date(as_of, "as_of", func=func).normalize()
    if stamp < first.normalize():
        raise CRMDataError(
            f"{func}: as_of={stamp.date()} is before the first date in the data "
            f"({first.date()}). Fix: pass a date on or after {first.date()}, "
            "or leave as_of out to use the day after the last purchase.",
            zh=f"{func}：as_of={stamp.date()} 早于数据中的第一个日期（{first.date()}）。"
               f"修正（Fix）：传入 {first.date()} 当天或之后的日期，"
               "或者不传 as_of，默认用最后一次购买的次日。"
        )
    return stamp


def _example(low: float | None, high: float | None, low_open: bool, high_open: bool) -> float:
    """A value :func:`number` accepts, for its "Fix: pass e.g." (never an excluded bound)."""
    example = 1 if low is None else (low + 1 if low_open else low)
    if high is not None and (example > high or (example == high and high_open)):
        example = high - 1 if low is None else ((low + high) / 2 if low_open else low)
    return example


def number(value: Any, name: str, *, func: str | None = None, low: float | None = None,
           high: float | None = None, integer: bool = False,
           low_open: bool = False, high_open: bool = False) -> float:
    """Check a single number argument and return it as float (or int with ``integer``).

    ``low``/``high`` are inclusive bounds unless ``low_open``/``high_open``;
    numbers beyond :data:`LARGEST` are always refused.
    """
    func = _caller(func)
    example = _example(low, high, low_open, high_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)):
        raise CRMDataError(
            f"{func}: {name} must be a number, but got {value!r} ({type(value).__name__}). "
            f"Fix: pass e.g. {name}={example}.",
            zh=f"{func}：{name} 应当是数值，但收到的是 {value!r}（{type(value).__name__}）。"
               f"修正（Fix）：例如传入 {name}={example}。"
        )
    try:
        as_float = float(value)
    except OverflowError:
        as_float = float("inf")
    if not np.isfinite(as_float) or abs(as_float) > LARGEST:
        raise CRMDataError(
            f"{func}: {name} must be a finite number no bigger than {LARGEST:.0e}, but got "
            f"{value!r}. Fix: pass a realistic value, e.g. {name}={example}.",
            zh=f"{func}：{name} 应当是不超过 {LARGEST:.0e} 的有限数值，但收到的是 {value!r}。"
               f"修正（Fix）：传入符合实际的值，例如 {name}={example}。"
        )
    if integer and as_float != int(as_float):
        raise CRMDataError(f"{func}: {name} must be a whole number, but got {value!r}. "
                           f"Fix: pass e.g. {name}={round(as_float)}.",
                           zh=f"{func}：{name} 应当是整数，但收到的是 {value!r}。"
                              f"修正（Fix）：例如传入 {name}={round(as_float)}。")
    too_low = low is not None and (as_float <= low if low_open else as_float < low)
    too_high = high is not None and (as_float >= high if high_open else as_float > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        span = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise CRMDataError(
            f"{func}: {name} must lie in {span}, but got {value!r}. "
            "Fix: pass a value in that range.",
            zh=f"{func}：{name} 应当在 {span} 范围内，但收到的是 {value!r}。"
               "修正（Fix）：传入这个范围内的值。"
        )
    return int(as_float) if integer else as_float


def fraction(value: Any, name: str, *, func: str | None = None, allow_one: bool = True,
             allow_zero: bool = True) -> float:
    """Check a rate or share given as a fraction between 0 and 1 (not a percentage)."""
    func = _caller(func)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 < value <= 100:
        raise CRMDataError(
            f"{func}: {name} must be a fraction between 0 and 1, but got {value!r}, "
            f"which looks like a percentage. Fix: pass {name}={value / 100:g}.",
            zh=f"{func}：{name} 应当是 0 到 1 之间的小数，但收到的是 {value!r}，看起来像百分数。"
               f"修正（Fix）：传入 {name}={value / 100:g}。"
        )
    return number(value, name, func=func, low=0.0, high=1.0,
                  low_open=not allow_zero, high_open=not allow_one)


def shares(values: Any, name: str, *, func: str | None = None,
           total: float = 1.0) -> tuple[float, ...]:
    """Check a tuple of positive fractions that must add up to ``total`` (1 by default)."""
    func = _caller(func)
    if isinstance(values, (str, bytes, Mapping)):
        values = None
    try:
        items = tuple(values)
    except TypeError as err:
        raise CRMDataError(
            f"{func}: {name} must be a sequence of fractions such as (0.8, 0.15, 0.05), "
            f"but got {values!r}. Fix: pass e.g. {name}=(0.8, 0.15, 0.05).",
            zh=f"{func}：{name} 应当是一组小数，例如 (0.8, 0.15, 0.05)，但收到的是 {values!r}。"
               f"修正（Fix）：例如传入 {name}=(0.8, 0.15, 0.05)。"
        ) from err
    if not items:
        raise CRMDataError(f"{func}: {name} is empty. Fix: pass e.g. (0.8, 0.15, 0.05).",
                           zh=f"{func}：{name} 是空的。修正（Fix）：例如传入 (0.8, 0.15, 0.05)。")
    percentages(items, name, func=func, total=total)
    checked_ = tuple(fraction(v, f"{name}[{i}]", func=func, allow_zero=False)
                     for i, v in enumerate(items))
    if not np.isclose(sum(checked_), total, atol=1e-9):
        raise CRMDataError(
            f"{func}: {name} must add up to {total:g}, but "
            f"{' + '.join(f'{v:g}' for v in checked_)} = {sum(checked_):g}. "
            f"Fix: adjust the shares so they sum to {total:g}.",
            zh=f"{func}：{name} 之和应为 {total:g}，但 "
               f"{' + '.join(f'{v:g}' for v in checked_)} = {sum(checked_):g}。"
               f"修正（Fix）：调整各项比例，使其和为 {total:g}。"
        )
    return checked_


def percentages(items: Sequence[Any], name: str, *, func: str | None = None,
                total: float | None = 1.0) -> None:
    """Refuse shares written as percentages; the fix names the whole tuple.

    ``cutoffs[0]=0.8`` is not an argument a student can pass, so the message
    gives ``cutoffs=(0.8, 0.15, 0.05)``: every entry is divided by 100 when all
    of them look like percentages (or they add up to ``100 × total``), only the
    entries above 1 otherwise.
    """
    func = _caller(func)
    is_number = [isinstance(v, (int, float)) and not isinstance(v, bool) for v in items]
    numbers = [v for v, number_ in zip(items, is_number, strict=True) if number_]
    if not any(1 < v <= 100 for v in numbers):
        return
    all_percent = len(numbers) == len(items) and (
        all(v >= 1 for v in numbers)
        or (total is not None and bool(np.isclose(sum(numbers), 100 * total))))
    inner = ", ".join(f"{v / 100:g}" if number_ and (all_percent or v > 1) else repr(v)
                      for v, number_ in zip(items, is_number, strict=True))
    fixed = f"({inner}{',' if len(items) == 1 else ''})"
    raise CRMDataError(
        f"{func}: {name} must be fractions between 0 and 1, but got {tuple(items)!r}, "
        f"which look like percentages. Fix: pass {name}={fixed}.",
        zh=f"{func}：{name} 应当是 0 到 1 之间的小数，但收到的是 {tuple(items)!r}，看起来像百分数。"
           f"修正（Fix）：传入 {name}={fixed}。"
    )


def one_of(value: Any, allowed: Iterable[Any], name: str, *, func: str | None = None) -> Any:
    """Check that ``value`` is one of ``allowed``; the message lists the valid choices."""
    func = _caller(func)
    options = list(allowed)
    try:
        found = any(value is o or (type(value) is type(o) and value == o) for o in options)
    except (TypeError, ValueError):
        found = False
    if not found:
        listed = ", ".join(repr(o) for o in options)
        raise CRMDataError(f"{func}: {name}={value!r} is not valid. Choose one of: {listed}.",
                           zh=f"{func}：{name}={value!r} 无效。修正（Fix）：从以下取值中选一个"
                              f"：{listed}。")
    return value


def labels(values: pd.Series, wanted: Any, name: str, *, func: str | None = None) -> list[Any]:
    """Check that every label in ``wanted`` occurs in ``values``; return them as a list.

    A label that does not occur would silently empty a group (``recovered=
    "Resolved"`` when the data say ``"resolved"``); the message lists the
    values that do occur.
    """
    func = _caller(func)
    items = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
    if not items:
        raise CRMDataError(f"{func}: {name} is empty. Fix: name at least one value.",
                           zh=f"{func}：{name} 是空的。修正（Fix）：至少给出一个值。")
    present = pd.unique(values.dropna())
    known = {str(v) for v in present}
    absent = [w for w in items if not isinstance(w, (str, int)) or str(w) not in known]
    if absent:
        listed = ", ".join(repr(str(v)) for v in sorted(known)[:12])
        raise CRMDataError(
            f"{func}: {name}={absent[0]!r} does not occur in column '{values.name}', whose "
            f"values are {listed}. Fix: pass one of those values (the spelling and case "
            "must match).",
            zh=f"{func}：{name}={absent[0]!r} 没有出现在列 '{values.name}' 中，该列的值有 "
               f"{listed}。修正（Fix）：传入其中一个值（拼写和大小写都必须一致）。"
        )
    return [str(w) for w in items]


#: The fix printed (pandas code) -> the same change on one id (plain Python: the ids are few
#: and distinct, and this runs on every join, so it stays cheap).
_LOOKALIKE: dict[str, Callable[[Any], str]] = {
    ".astype(str).str.strip()": lambda x: str(x).strip(),
    ".astype(str).str.strip().str.upper()": lambda x: str(x).strip().upper(),
    ".astype(str).str.strip().str.lower()": lambda x: str(x).strip().lower(),
}


def matching_ids(left: pd.Series, right: pd.Series, *, left_name: str, right_name: str,
                 func: str | None = None) -> None:
    """Refuse two id columns that should join but do not: no shared id, or look-alikes.

    ``left`` and ``right`` are the id columns of two frames (e.g. survey and
    transactions); ``left_name`` and ``right_name`` the names of those frames
    as the caller's parameters, so the fix can be run as printed.
    """
    func = _caller(func)
    a = pd.Series(pd.unique(left.dropna()), dtype=object)
    b = pd.Series(pd.unique(right.dropna()), dtype=object)
    if a.empty or b.empty:
        return
    in_a, in_b = set(a), set(b)
    raw_shared = int(a.isin(in_b).sum())
    best = None
    for code, fold in _LOOKALIKE.items():
        for name, mine, other, column in ((left_name, a, in_b, left.name),
                                          (right_name, b, in_a, right.name)):
            gained = sum(fold(x) in other for x in mine)
            if gained > raw_shared and (best is None or gained > best[0]):
                best = (gained, name, column, code, mine[~mine.isin(other)].iloc[0])
    if best is not None:
        gained, name, column, code, example = best
        raise CRMDataError(
            f"{func}: the customer ids of {left_name} and {right_name} look alike but differ "
            f"(e.g. {example!r} in {name}): {raw_shared} ids match as they are, {gained} "
            "after removing spaces or changing case or type, so most customers would look "
            f"as if they never bought anything. Fix: make them the same: "
            f"`{name}[{column!r}] = {name}[{column!r}]{code}`.",
            zh=f"{func}：{left_name} 和 {right_name} 的客户编号看起来相似却不相同"
               f"（例如 {name} 中的 {example!r}）：原样有 {raw_shared} 个编号能对上，"
               f"去掉空格或改变大小写、类型后有 {gained} 个，于是大多数客户看起来像从未购买过。"
               "修正（Fix）：把它们统一："
               f"`{name}[{column!r}] = {name}[{column!r}]{code}`。"
        )
    if raw_shared == 0:
        raise CRMDataError(
            f"{func}: {left_name} and {right_name} share no customer id (e.g. "
            f"{a.iloc[0]!r} in {left_name}[{left.name!r}], {b.iloc[0]!r} in "
            f"{right_name}[{right.name!r}]), so nothing can "
            "be matched. Fix: pass frames about the same customers, with the ids written the "
            "same way in both (same type, same spelling).",
            zh=f"{func}：{left_name} 和 {right_name} 没有共同的客户编号（例如 "
               f"{left_name}[{left.name!r}] 中的 {a.iloc[0]!r}，"
               f"{right_name}[{right.name!r}] 中的 {b.iloc[0]!r}），所以什么也对不上。"
               "修正（Fix）：传入关于同一批客户的数据框，两边的编号写法相同（类型相同、拼写相同）。"
        )


# --------------------------------------------------------------------------- tables of orders
#: Largest total (yuan) crmkit adds exactly: sums are kept in whole 0.0001 yuan, which
#: float64 holds exactly up to 2**53 / 10_000, about 9e11.
EXACT_TOTAL = 9.0e11


def amounts(df: pd.DataFrame, column: Any, *, func: str | None = None) -> np.ndarray:
    """A money column as float64: :func:`numeric` (no text, gaps or negatives), and a total
    small enough to add exactly (:data:`EXACT_TOTAL`)."""
    func = _caller(func)
    columns(df, [column], func=func)
    return _amounts(df[column], column, func)


def _amounts(raw: pd.Series, column: Any, func: str) -> np.ndarray:
    """:func:`amounts` of a column already found in the frame."""
    values = _numbers(raw, column, func).to_numpy()
    total = float(values.sum())
    if total > EXACT_TOTAL:
        raise CRMDataError(
            f"the amounts in column '{column}' add up to {total:.4g}, more than "
            f"crmkit can total exactly ({EXACT_TOTAL:.0e}). Fix: check the unit (yuan, not fen) "
            "and remove impossible amounts.",
            zh=f"列 '{column}' 的金额合计为 {total:.4g}，超过了 crmkit 能精确求和的上限"
               f"（{EXACT_TOTAL:.0e}）。修正（Fix）：检查单位（元，而不是分），并删去不可能的金额。"
        )
    return values


def day_numbers(when: pd.Series) -> np.ndarray:
    """Whole days since 1970-01-01 (int64) of parsed dates; the time of day is dropped."""
    return when.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


def grouped(ids_: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 for checked ids (see :func:`ids`), numbered in sorted id order.

    Returns ``(codes, customers)`` with ``customers[codes[i]] == ids_.iloc[i]``, so
    every per-customer result comes out sorted by customer whatever the row order.
    Ids that mix numbers with text cannot be sorted and are refused.
    """
    column = ids_.name
    codes, uniques = pd.factorize(ids_)
    uniques = pd.Index(uniques)
    try:
        order = uniques.argsort()
    except TypeError as err:
        kinds = sorted({type(v).__name__ for v in uniques[:1000]})
        raise CRMDataError(
            f"column '{column}' mixes kinds of ids ({', '.join(kinds)}), so the "
            f"customers cannot be put in order. Fix: make them all text, e.g. "
            f"df['{column}'] = df['{column}'].astype(str).",
            zh=f"列 '{column}' 混用了不同类型的 ID（{', '.join(kinds)}），"
               f"因此无法给客户排序。修正（Fix）：全部改成文本，例如 "
               f"`df['{column}'] = df['{column}'].astype(str)`。"
        ) from err
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], uniques.take(order).rename(column)


class Transactions:
    """What :func:`transactions` found in a table of orders, checked and parsed once.

    Attributes (``None`` when the column was not asked for):

    * ``frame`` — the table as given (not copied; never modify it);
    * ``columns`` — the column names read, by role (``customer``, ``date``, ``amount``);
    * ``ids`` — the customer id of each row (nothing missing);
    * ``dates`` — the parsed date of each row (datetime64, wall clock);
    * ``amounts`` — the amount of each row (float64 array, none negative);
    * ``as_of`` — the analysis day (see :func:`as_of_date`; needs ``date``).

    Worked out on first use, from the checked columns:

    * ``days`` — whole days since 1970-01-01 of each row's date (int64 array);
    * ``as_of_day`` — ``as_of`` as such a day number;
    * ``codes`` and ``customers`` — each row's customer as 0..k-1, numbered in
      sorted order of the ids, and the k ids in that order (:func:`grouped`).
    """

    def __init__(self, frame: pd.DataFrame, columns: dict[str, Any], ids: pd.Series,
                 dates: pd.Series | None, amounts: np.ndarray | None,
                 as_of: pd.Timestamp | None) -> None:
        self.frame, self.columns, self.ids, self.dates, self.amounts = (
            frame, columns, ids, dates, amounts)
        if as_of is not None:
            self.as_of = as_of

    @functools.cached_property
    def as_of(self) -> pd.Timestamp | None:
        """The default analysis day (the day after the last date); None without dates."""
        return None if self.dates is None else as_of_date(None, self.dates)

    @functools.cached_property
    def days(self) -> np.ndarray:
        if self.dates is None:
            raise AttributeError("days needs the date column: pass date= to transactions()")
        return day_numbers(self.dates)

    @functools.cached_property
    def as_of_day(self) -> int:
        if self.as_of is None:
            raise AttributeError("as_of_day needs the date column: pass date= to transactions()")
        return int(np.datetime64(self.as_of.normalize(), "D").astype(np.int64))

    @functools.cached_property
    def _groups(self) -> tuple[np.ndarray, pd.Index]:
        return grouped(self.ids)

    @property
    def codes(self) -> np.ndarray:
        return self._groups[0]

    @property
    def customers(self) -> pd.Index:
        return self._groups[1]


_UNREAD = object()  # marks a column transactions() is not asked to read (None is a bad name)


def transactions(df: Any, *, customer: Any, date: Any = _UNREAD, amount: Any = _UNREAD,
                 as_of: Any = None, also: Mapping[str, Any] | None = None,
                 mapped: bool = False, what: str = "transactions",
                 func: str | None = None) -> Transactions:
    """Check a table with one row per order (or per event of a customer) in one call.

    The one entry for every public function that reads such a table: it checks,
    in this order, that ``df`` is a non-empty DataFrame (:func:`frame`), that the
    ``customer``, ``date`` and ``amount`` columns and the columns in ``also``
    are there (:func:`columns`: one message names every missing column), the
    customer ids (:func:`ids`), the dates (:func:`dates`), the amounts
    (:func:`amounts`) and the analysis day ``as_of`` (:func:`as_of_date`, when
    ``date`` is given), and returns them parsed as a :class:`Transactions`.
    ``date`` and ``amount`` are optional: a function that reads no dates
    leaves ``date`` out (``date=None`` is refused as a column name, like any
    other value that is not one).  ``also`` maps further keywords of the caller to
    columns it reads itself (e.g. ``{"by": by}``).

    ``mapped=True`` says the caller took its column names from a ``columns=``
    mapping (:func:`column_map`), so a missing column's fix reads
    ``columns={'customer': '<your column>'}``.

    >>> import pandas as pd
    >>> from crmkit import validate
    >>> orders = pd.DataFrame({"customer_id": ["B", "A", "B"],
    ...                        "order_date": ["2025-01-05", "2025-01-06", "2025-01-09"],
    ...                        "revenue": [10.0, 20.0, 5.0]})
    >>> found = validate.transactions(orders, customer="customer_id", date="order_date",
    ...                               amount="revenue", func="demo")
    >>> found.as_of.date(), list(found.customers), found.codes.tolist()
    (datetime.date(2025, 1, 10), ['A', 'B'], [1, 0, 1])
    >>> validate.transactions(orders, customer="client", func="demo")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crmkit.errors.CRMDataError: demo: column 'client' not found; ... with customer='<your column>'.
    """
    func = _caller(func)
    frame(df, func=func, what=what)
    roles = {role: col for role, col in (("customer", customer), ("date", date),
                                         ("amount", amount)) if col is not _UNREAD}
    columns(df, {**{(f"columns:{role}" if mapped else role): col
                    for role, col in roles.items()}, **(also or {})}, func=func)
    # the columns are there (checked once, above): parse them
    found_ids = _ids(df[customer], customer, "customer", func)
    when = None if date is _UNREAD else _dates(df[date], date, func)
    money = None if amount is _UNREAD else _amounts(df[amount], amount, func)
    stamp = None if when is None or as_of is None else as_of_date(as_of, when, func=func)
    return Transactions(df, roles, found_ids, when, money, stamp)
