"""Load the workbook's sample data: the customers, orders and contacts of Xinghe Mart.

Xinghe Mart (星河优选) is a fictional omni-channel retailer in Hangzhou (杭州) with
stores, an app, a WeChat mini program and a membership programme.  Every file in
``data/`` describes the same customers from 2023-01-01 to 2025-12-31, so an
analysis in one chapter can be joined to another on ``customer_id``.  All people,
names, phone numbers and companies are synthetic (phones start with ``100``,
which no real Chinese number does).

Each ``load_*`` function reads one CSV file, checks it and returns a typed
DataFrame: dates parsed (``datetime64[us]``), yes/no columns as ``bool``, text as
``str``, and ordered categories where the order means something
(``member_level``, ``severity``).  A missing or damaged file raises
:class:`crmkit.CRMDataError` that tells you how to rebuild it
(``python -m crmkit.synth``).

One exception is real: :func:`load_cdnow` and :func:`load_cdnow_summary` read
the CDNOW sample in ``data/cdnow/`` (an American online CD shop, 1997-1998), the
data the BG/NBD model of chapter 06 was first fitted on.

Where the files live: :func:`data_dir` (the ``CRMKIT_DATA`` environment variable
if set, else the repository's ``data/`` folder).  Every loader also takes
``path=`` (one file) or ``data_dir=`` (a folder), e.g. for a cleaned copy.

>>> from crmkit import datasets
>>> orders = datasets.load_transactions()
>>> orders["revenue"].dtype
dtype('float64')
>>> sorted(orders["channel"].unique())
['app', 'mini_program', 'store']
"""

from __future__ import annotations

import contextvars
import csv
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CRMDataError
from crmkit.paths import data_dir
from crmkit.validate import LARGEST

# What a notebook uses (each one is also ck.<name>).  The generator (crmkit.synth)
# also imports the file table FILES, REGENERATE, Column, dtype_of and the value
# vocabularies (CHANNELS, CATEGORIES ...) by name; they stay off ck's top level.
__all__ = [
    "data_dir",
    "load_acquisition",
    "load_cdnow",
    "load_cdnow_summary",
    "load_complaints",
    "load_customers",
    "load_customers_raw",
    "load_leads",
    "load_rice_households",
    "load_service_contacts",
    "load_survey",
    "load_transactions",
    "schema",
]

REGENERATE = "python -m crmkit.synth"
"""The command that rebuilds every file in ``data/`` exactly (same seed, same bytes)."""

_DATE = "%Y-%m-%d"
_MINUTE = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Column:
    """One column of a sample-data file: its name, kind and a one-line meaning.

    ``kind`` is one of ``str``, ``int``, ``float``, ``bool``, ``date`` (a day),
    ``datetime`` (to the minute) or ``category`` (ordered, levels in ``allowed``).
    ``allowed`` lists the valid values of a text or category column.
    """

    name: str
    kind: str
    meaning: str
    allowed: tuple[str, ...] | None = None


CHANNELS = ("store", "app", "referral", "social", "search")
ORDER_CHANNELS = ("store", "app", "mini_program")
CATEGORIES = ("grocery", "fresh", "household", "beauty", "electronics", "apparel", "baby")
MEMBER_LEVELS = ("none", "silver", "gold", "platinum")
CONTACT_CHANNELS = ("phone", "chat", "store_visit")
TOPICS = ("order_status", "return", "product_question", "complaint", "membership", "other")
COMPLAINT_CHANNELS = ("hotline", "app", "store", "social")
CAUSES = ("quality", "service", "price", "delivery", "other")
SEVERITIES = ("low", "medium", "high")
REMEDIES = ("apology", "refund", "replacement", "voucher", "none")
OUTCOMES = ("resolved", "partly_resolved", "unresolved")
ATTRIBUTES = ("price", "quality", "freshness", "staff", "checkout", "delivery", "app")
INDUSTRIES = ("catering", "hotel", "office", "education", "property", "healthcare", "events")
RAW_SOURCES = ("store_form", "app", "hotline", "import")

_C = Column
_SCHEMA: dict[str, tuple[Column, ...]] = {
    "customers": (
        _C("customer_id", "str", 'customer number, "C00001" ..., unique'),
        _C("name", "str", "synthetic Chinese name (not unique: namesakes exist)"),
        _C("gender", "str", "F or M", ("F", "M")),
        _C("birth_year", "int", "year of birth"),
        _C("city", "str", "city of residence (pinyin)"),
        _C("district", "str", "district of residence (pinyin)"),
        _C("phone", "str", 'fake mobile number: 11 digits starting "100", unique'),
        _C("signup_date", "date", "day the customer registered"),
        _C("channel", "str", "acquisition channel", CHANNELS),
        _C("is_member", "bool", "holds a membership card"),
        _C("member_level", "category", "membership tier at 2025-12-31", MEMBER_LEVELS),
        _C("marketing_consent", "bool", "agreed to receive marketing messages"),
    ),
    "transactions": (
        _C("order_id", "str", 'order number, "O0000001" ..., in time order'),
        _C("customer_id", "str", "who ordered (customers.customer_id)"),
        _C("order_date", "datetime", "when the order was placed (to the minute)"),
        _C("channel", "str", "where the order was placed", ORDER_CHANNELS),
        _C("category", "str", "main product category of the basket", CATEGORIES),
        _C("items", "int", "number of items in the basket"),
        _C("revenue", "float", "yuan the customer paid, after discount"),
        _C("cost", "float", "yuan: cost of the goods sold"),
        _C("discount", "float", "yuan of discount granted (list price = revenue + discount)"),
        _C("returned", "bool", "the goods came back and the money was refunded"),
        _C("unpaid", "bool", "a pay-later order that was never paid (bad debt)"),
    ),
    "service_contacts": (
        _C("contact_id", "str", 'contact number, "SC000001" ...'),
        _C("customer_id", "str", "who got in touch (customers.customer_id)"),
        _C("contact_date", "datetime", "when (to the minute)"),
        _C("channel", "str", "how", CONTACT_CHANNELS),
        _C("topic", "str", "what about", TOPICS),
        _C("duration_min", "float", "minutes of staff time"),
        _C("cost", "float", "yuan: cost to serve this contact"),
    ),
    "complaints": (
        _C("complaint_id", "str", 'complaint number, "CP00001" ...'),
        _C("customer_id", "str", "who complained (customers.customer_id)"),
        _C("received_at", "datetime", "when the complaint arrived (to the minute)"),
        _C("channel", "str", "where it arrived", COMPLAINT_CHANNELS),
        _C("cause", "str", "what went wrong", CAUSES),
        _C("severity", "category", "how serious", SEVERITIES),
        _C("first_response_hours", "float", "hours until the first reply to the customer"),
        _C("resolution_hours", "float", "hours until the case was closed"),
        _C("remedy", "str", "what the customer was offered", REMEDIES),
        _C("compensation", "float", "yuan paid or given as voucher"),
        _C("outcome", "str", "how the case ended", OUTCOMES),
    ),
    "survey": (
        _C("response_id", "str", 'response number, "SR00001" ...'),
        _C("customer_id", "str", "who answered (customers.customer_id)"),
        _C("survey_date", "date", "day of the answer (a few days after an order)"),
        _C("satisfaction", "int",
           "overall satisfaction, 1 (very dissatisfied) .. 5 (very satisfied)"),
        _C("recommend", "int", "likelihood to recommend, 0 .. 10 (for NPS)"),
        _C("repurchase_intent", "int", "intends to buy again, 1 .. 5"),
        *(
            col
            for attr in ATTRIBUTES
            for col in (
                _C(f"importance_{attr}", "int", f"how important {attr} is, 1 .. 5"),
                _C(f"performance_{attr}", "int", f"how well Xinghe does on {attr}, 1 .. 5"),
            )
        ),
    ),
    "leads": (
        _C("lead_id", "str", 'B2B inquiry number, "L0001" ...'),
        _C("received_date", "date", "day the inquiry arrived"),
        _C("company", "str", "synthetic company name"),
        _C("industry", "str", "the inquirer's industry", INDUSTRIES),
        _C("money", "bool", "MAN: has the budget (purchasing power)"),
        _C("authority", "bool", "MAN: the contact may decide the purchase"),
        _C("need", "bool", "MAN: has a real need for the goods"),
        _C("has_website", "bool", "signal: the company has its own website"),
        _C("email_domain_matches", "bool", "signal: e-mail address on the company's own domain"),
        _C("names_model", "bool", "signal: the inquiry names products or models"),
        _C("uses_trade_terms", "bool",
           "signal: uses trade vocabulary (MOQ, invoice, delivery terms)"),
        _C("address_consistent", "bool", "signal: address matches the claimed identity"),
        _C("converted", "bool", "became a paying B2B customer"),
        _C("deal_value", "float", "yuan of the first deal (0 when not converted)"),
    ),
    "acquisition": (
        _C("month", "str", 'calendar month "YYYY-MM"'),
        _C("channel", "str", "acquisition channel (as customers.channel)", CHANNELS),
        _C("spend", "float", "yuan spent on marketing in this channel and month"),
        _C("leads", "int", "people who showed interest (sign-ups, coupon claims, visits)"),
        _C("first_purchases", "int", "new customers whose first order fell in this month"),
    ),
    "customers_raw": (
        _C("record_id", "str", 'record number as collected, "R00001" ...'),
        _C("source", "str", "where the record was captured", RAW_SOURCES),
        _C("name", "str", "name as typed"),
        _C("gender", "str", "gender as typed"),
        _C("birth_year", "str", "birth year as typed"),
        _C("city", "str", "city as typed"),
        _C("district", "str", "district as typed"),
        _C("phone", "str", "phone as typed"),
        _C("signup_date", "str", "sign-up date as typed"),
        _C("channel", "str", "acquisition channel as typed"),
        _C("is_member", "str", "membership flag as typed"),
        _C("member_level", "str", "membership tier as typed"),
        _C("marketing_consent", "str", "consent flag as typed"),
    ),
    "rice_households": (
        _C("household_id", "str", 'household number, "H01" ...'),
        _C("head_name", "str", "synthetic name of the head of the household"),
        _C("members", "int", "people who eat at home"),
        _C("kg_per_person_month", "float", "kg of rice one person eats in a month"),
        _C("jar_kg", "float", "kg the household's rice jar holds"),
        _C("last_delivery", "date", "day the jar was last filled to the brim"),
        _C("payday", "int", "day of the month the household is paid (1 .. 28)"),
    ),
}

FILES: dict[str, str] = {name: f"{name}.csv" for name in _SCHEMA}
"""File name of each data set, e.g. ``FILES["transactions"] == "transactions.csv"``."""


def schema(name: str) -> tuple[Column, ...]:
    """Return the columns of data set ``name`` (e.g. ``"transactions"``) in file order."""
    if name not in _SCHEMA:
        listed = ", ".join(repr(n) for n in _SCHEMA)
        raise CRMDataError(f"schema: unknown data set {name!r}. Choose one of: {listed}.",
                           zh=f"schema：没有名为 {name!r} 的数据集。请从这些中选一个：{listed}。")
    return _SCHEMA[name]


def dtype_of(column: Column) -> object:
    """The pandas dtype a loaded column has (``str``, ``int64``, ``datetime64[us]`` ...)."""
    if column.kind == "category":
        return pd.CategoricalDtype(list(column.allowed or ()), ordered=True)
    return {
        "str": pd.StringDtype(na_value=np.nan),
        "int": np.dtype("int64"),
        "float": np.dtype("float64"),
        "bool": np.dtype("bool"),
        "date": np.dtype("datetime64[us]"),
        "datetime": np.dtype("datetime64[us]"),
    }[column.kind]


def _file(name: str, path: str | os.PathLike | None, folder: str | os.PathLike | None,
          func: str) -> Path:
    for keyword, value in (("path", path), ("data_dir", folder)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            example = f"'data/{FILES[name]}'" if keyword == "path" else "'data'"
            raise CRMDataError(
                f"{func}: {keyword} must be the name of a "
                f"{'file' if keyword == 'path' else 'folder'} (text or a pathlib.Path), but got "
                f"a {type(value).__name__}. Fix: pass e.g. {keyword}={example}, or leave it out "
                "to read the sample data.",
                zh=f"{func}：{keyword} 应当是"
                   f"{'文件' if keyword == 'path' else '文件夹'}名（文本或 pathlib.Path），"
                   "但收到的是 "
                   f"{type(value).__name__}。修正（Fix）：例如传入 {keyword}={example}，"
                   "或不传它，读取示例数据。"
            )
    if path is not None:
        return Path(path)
    return (Path(folder) if folder is not None else data_dir()) / FILES[name]


def _fail(func: str, file: Path, problem: str, problem_zh: str | None = None) -> CRMDataError:
    return CRMDataError(
        f"{func}: {file} {problem} "
        f"Fix: rebuild the sample data with `{REGENERATE}` (add --out <folder> to write "
        "elsewhere), or pass path= to a file with the documented columns.",
        zh=f"{func}：{file} {problem_zh or problem}"
           f"修正（Fix）：用 `{REGENERATE}` 重新生成示例数据"
           "（加 --out <folder> 可写到别的文件夹），"
           "或用 path= 指定一个含有文档所列各列的文件。"
    )


_LINES: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("lines", default=None)


def _line_numbers(file: Path, encoding: str) -> list[int]:
    """The line of the file on which each data row starts (blank lines skipped, header = 1)."""
    starts = []
    with file.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        previous = 0
        for record in reader:
            if record and any(cell != "" for cell in record):
                starts.append(previous + 1)
            previous = reader.line_num
    return starts[1:]  # the first record is the header


def _lines(mask: pd.Series, raw: pd.Series) -> str:
    """Describe the first bad cells as file line numbers (``_LINES``: where each row starts)."""
    bad = raw[mask]
    lines = _LINES.get() or [i + 2 for i in range(len(raw))]
    shown = [f"line {lines[i]}: {v!r}" for i, v in zip(bad.index[:3], bad.iloc[:3], strict=True)]
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    return ", ".join(shown) + more


def _lines_zh(mask: pd.Series, raw: pd.Series) -> str:
    """:func:`_lines` in Chinese: ``"第 3 行：'x'、第 7 行：'y' 等，另有 2 处"``."""
    bad = raw[mask]
    lines = _LINES.get() or [i + 2 for i in range(len(raw))]
    shown = [f"第 {lines[i]} 行：{v!r}" for i, v in zip(bad.index[:3], bad.iloc[:3], strict=True)]
    more = f"，另有 {len(bad) - 3} 处" if len(bad) > 3 else ""
    return "、".join(shown) + more


def _convert(raw: pd.Series, column: Column, func: str, file: Path) -> pd.Series:
    """Turn one text column into its documented dtype or raise naming the bad lines."""
    name, kind = column.name, column.kind
    missing = raw.isna()
    if missing.any():
        raise _fail(func, file, f"has empty cells in column '{name}' ({_lines(missing, raw)}).",
                    f"的列 '{name}' 有空单元格（{_lines_zh(missing, raw)}）。")
    if kind == "str":
        values = raw
        if column.allowed is not None:
            bad = ~values.isin(column.allowed)
            if bad.any():
                raise _fail(func, file, f"has values in column '{name}' outside "
                            f"{list(column.allowed)} ({_lines(bad, raw)}).",
                            f"的列 '{name}' 有不在 {list(column.allowed)} 之内的值"
                            f"（{_lines_zh(bad, raw)}）。")
        return values
    if kind in ("int", "float"):
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() | (values.abs() > LARGEST)
        if kind == "int":
            bad |= values % 1 != 0
        if bad.any():
            raise _fail(func, file, f"has values in column '{name}' that are not "
                        f"{'whole ' if kind == 'int' else ''}numbers up to {LARGEST:.0e} "
                        f"({_lines(bad, raw)}).",
                        f"的列 '{name}' 有不是{'整数' if kind == 'int' else '数'}"
                        f"（上限 {LARGEST:.0e}）的值（{_lines_zh(bad, raw)}）。")
        return values.astype(dtype_of(column))
    if kind == "bool":
        bad = ~raw.isin(("True", "False"))
        if bad.any():
            raise _fail(func, file, f"has values in column '{name}' that are not True/False "
                        f"({_lines(bad, raw)}).",
                        f"的列 '{name}' 有不是 True/False 的值（{_lines_zh(bad, raw)}）。")
        return raw == "True"
    if kind in ("date", "datetime"):
        fmt = _DATE if kind == "date" else _MINUTE
        values = pd.to_datetime(raw, format=fmt, errors="coerce")
        bad = values.isna()
        if bad.any():
            shape = "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:MM"
            raise _fail(func, file, f"has values in column '{name}' that are not dates "
                        f"like {shape} ({_lines(bad, raw)}).",
                        f"的列 '{name}' 有不是 {shape} 格式日期的值（{_lines_zh(bad, raw)}）。")
        return values.astype(dtype_of(column))
    # ordered category
    bad = ~raw.isin(column.allowed or ())
    if bad.any():
        raise _fail(func, file, f"has values in column '{name}' outside "
                    f"{list(column.allowed or ())} ({_lines(bad, raw)}).",
                    f"的列 '{name}' 有不在 {list(column.allowed or ())} 之内的值"
                    f"（{_lines_zh(bad, raw)}）。")
    return raw.astype(dtype_of(column))


def _read(name: str, path, folder, func: str, *, typed: bool = True,
          encoding: str = "utf-8") -> pd.DataFrame:
    file = _file(name, path, folder, func)
    if not isinstance(encoding, str):
        raise CRMDataError(f"{func}: encoding must be a name such as 'utf-8' or 'gbk', but got "
                           f"{encoding!r}. Fix: pass encoding='gbk' (or leave it out for UTF-8).",
                           zh=f"{func}：encoding 应当是编码名，如 'utf-8' 或 'gbk'，但收到的是 "
                              f"{encoding!r}。修正（Fix）：传入 encoding='gbk'（UTF-8 则不必传）。")
    if file.is_dir():
        raise CRMDataError(f"{func}: {file} is a folder, not a file. Fix: pass "
                           f"path='{file / FILES[name]}' or data_dir='{file}'.",
                           zh=f"{func}：{file} 是文件夹，不是文件。修正（Fix）：传入 "
                              f"path='{file / FILES[name]}' 或 data_dir='{file}'。")
    if not file.is_file():
        raise _fail(func, file, "was not found.", "不存在。")
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""],
                          encoding=encoding)
        lines = _line_numbers(file, encoding)
    except LookupError as err:
        raise CRMDataError(f"{func}: encoding={encoding!r} is not an encoding Python knows. "
                           "Fix: pass encoding='utf-8' or encoding='gbk'.",
                           zh=f"{func}：encoding={encoding!r} 不是 Python 认识的编码。"
                              "修正（Fix）：传入 encoding='utf-8' 或 encoding='gbk'。") from err
    except UnicodeDecodeError as err:
        other = "gbk" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else "utf-8"
        try:
            file.read_bytes().decode(other)
        except UnicodeDecodeError:  # not text in either encoding: a damaged or wrong file
            raise _fail(func, file, f"cannot be read as a {encoding} CSV file ({err}).",
                        f"无法按 {encoding} 编码的 CSV 文件读取（{err}）。") from err
        raise CRMDataError(
            f"{func}: {file} is not a {encoding} text file ({err.reason} at byte "
            f"{err.start}). Files saved by Excel on a Chinese Windows are usually GBK-encoded. "
            f"Fix: say so: `ck.{func}({str(file)!r}, encoding='{other}')`, or save the file "
            "again as CSV UTF-8.",
            zh=f"{func}：{file} 不是 {encoding} 编码的文本文件"
               f"（第 {err.start} 字节处：{err.reason}）。"
               "中文 Windows 上的 Excel 保存的文件通常是 GBK 编码。"
               f"修正（Fix）：注明编码：`ck.{func}({str(file)!r}, encoding='{other}')`，"
               "或把文件重新另存为“CSV UTF-8”。"
        ) from err
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _fail(func, file, f"cannot be read as a CSV file ({err}).",
                    f"无法按 CSV 文件读取（{err}）。") from err
    columns = schema(name)
    missing = [c.name for c in columns if c.name not in raw.columns]
    if missing:
        raise _fail(func, file, f"lacks the column(s) {missing}; it has {list(raw.columns)}.",
                    f"缺少列 {missing}；它有的列是 {list(raw.columns)}。")
    if not typed:
        return raw
    token = _LINES.set(lines if len(lines) == len(raw) else None)
    try:
        out = {c.name: _convert(raw[c.name], c, func, file) for c in columns}
    finally:
        _LINES.reset(token)
    return pd.DataFrame(out, index=pd.RangeIndex(len(raw)))


def _doc(name: str, summary: str, body: str) -> str:
    text, _, example = textwrap.dedent(body).strip().partition(">>>")
    lines = [summary, "", text.strip(), "", "Columns", "-------"]
    for col in schema(name):
        dtype = dtype_of(col)
        shown = ("category (ordered: " + " < ".join(col.allowed or ()) + ")"
                 if col.kind == "category" else str(dtype))
        lines.append(f"{col.name} : {shown}")
        allowed = f" One of: {', '.join(col.allowed)}." if col.allowed and col.kind == "str" else ""
        lines.append(f"    {col.meaning[0].upper()}{col.meaning[1:]}.{allowed}")
    lines += [
        "",
        "Parameters",
        "----------",
        "path : str or Path, optional",
        f"    Read this file instead of ``<data_dir>/{FILES[name]}``.",
        "data_dir : str or Path, optional",
        "    Folder to read from instead of :func:`crmkit.datasets.data_dir`.",
        "encoding : str, optional",
        "    The file's text encoding (default ``\"utf-8\"``); ``\"gbk\"`` for a CSV saved by",
        "    Excel on a Chinese Windows.",
        "",
        "Raises",
        "------",
        "CRMDataError",
        f"    If the file is missing or damaged; the message says to run ``{REGENERATE}``.",
    ]
    if example:
        lines += ["", "Examples", "--------", ">>>" + example]
    return "\n".join(lines)


def load_customers(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("customers", path, data_dir, "load_customers", encoding=encoding)


def load_transactions(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("transactions", path, data_dir, "load_transactions", encoding=encoding)


def load_service_contacts(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("service_contacts", path, data_dir, "load_service_contacts", encoding=encoding)


def load_complaints(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("complaints", path, data_dir, "load_complaints", encoding=encoding)


def load_survey(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("survey", path, data_dir, "load_survey", encoding=encoding)


def load_leads(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("leads", path, data_dir, "load_leads", encoding=encoding)


def load_acquisition(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("acquisition", path, data_dir, "load_acquisition", encoding=encoding)


def load_customers_raw(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("customers_raw", path, data_dir, "load_customers_raw", encoding=encoding,
                 typed=False)


def load_rice_households(path=None, *, data_dir=None, encoding="utf-8") -> pd.DataFrame:
    return _read("rice_households", path, data_dir, "load_rice_households", encoding=encoding)


load_customers.__doc__ = _doc(
    "customers", "Load the customer master file (customers.csv): one row per customer.",
    """
    About 5,000 registered customers of Xinghe Mart.  Most bought at least once;
    some registered (e.g. in the app) and never ordered.  ``member_level`` is the
    tier on 2025-12-31, set by the member's spend in the last 12 months.

    >>> customers = load_customers()
    >>> customers["customer_id"].is_unique
    True
    """,
)
load_transactions.__doc__ = _doc(
    "transactions", "Load the order history (transactions.csv): one row per order.",
    """
    About 80,000 orders from 2023-01-01 to 2025-12-31 in stores, the app and the
    WeChat mini program.  ``revenue`` is what the customer paid after the
    discount; gross margin of an order is ``revenue - cost``.  Returned orders
    were refunded; unpaid orders are bad debt (the goods were delivered).

    >>> orders = load_transactions()
    >>> bool((orders["revenue"] >= 0).all())
    True
    """,
)
load_service_contacts.__doc__ = _doc(
    "service_contacts", "Load the customer-service log (service_contacts.csv).",
    """
    Every phone call, chat and service-desk visit, with the staff time it took
    and its cost to serve in yuan (a fixed cost per contact plus a cost per
    minute that depends on the channel).

    >>> contacts = load_service_contacts()
    >>> sorted(contacts["channel"].unique())
    ['chat', 'phone', 'store_visit']
    """,
)
load_complaints.__doc__ = _doc(
    "complaints", "Load the complaint log (complaints.csv): one row per complaint.",
    """
    About 1,500 complaints with how fast and how well each was handled.  Most
    unhappy customers never complain: compare with :func:`load_survey`.

    >>> complaints = load_complaints()
    >>> bool((complaints["resolution_hours"] >= complaints["first_response_hours"]).all())
    True
    """,
)
load_survey.__doc__ = _doc(
    "survey", "Load the customer satisfaction survey (survey.csv): one row per answer.",
    """
    About 1,500 answers to a short questionnaire sent a few days after an order:
    overall satisfaction, likelihood to recommend (0-10, for the Net Promoter
    Score), intention to buy again, and importance and performance of seven
    attributes (for the importance-performance grid).

    >>> survey = load_survey()
    >>> sorted(survey["satisfaction"].unique().tolist())
    [1, 2, 3, 4, 5]
    """,
)
load_leads.__doc__ = _doc(
    "leads", "Load the B2B inquiries (leads.csv): one row per inquiry from a company.",
    """
    Companies asking about group purchases, gift cards and office supplies.  The
    MAN facts (money, authority, need) and the inquiry-quality signals were
    recorded when the lead came in; ``converted`` says whether it became a deal.

    >>> leads = load_leads()
    >>> bool(leads.loc[~leads["converted"], "deal_value"].eq(0).all())
    True
    """,
)
load_acquisition.__doc__ = _doc(
    "acquisition", "Load the monthly acquisition figures (acquisition.csv) per channel.",
    """
    One row per month and acquisition channel: marketing spend, leads and first
    purchases.  ``first_purchases`` counts the customers in customers.csv whose
    first order fell in that month, by their acquisition channel.

    >>> acquisition = load_acquisition()
    >>> len(acquisition)
    180
    """,
)
load_customers_raw.__doc__ = _doc(
    "customers_raw", "Load the customer records as first collected (customers_raw.csv).",
    """
    The dirty input the clean customer file was built from, for the data-quality
    lesson: duplicates with spelling and format variants, invalid phones,
    missing fields, impossible birth years, city names written in many ways and
    a few test records.  Every column stays text (``str``) exactly as typed;
    only completely empty cells become missing (NaN), so placeholders such as
    ``"n/a"`` are still there for you to find.  The file is not validated
    beyond its column names: it is meant to be messy.

    >>> raw = load_customers_raw()
    >>> str(raw["phone"].dtype)
    'str'
    """,
)
load_rice_households.__doc__ = _doc(
    "rice_households", "Load case study 1's notebook of households (rice_households.csv).",
    """
    Wang Yongqing (王永庆) noted for each household how many people eat at home,
    how much rice they eat and when they are paid; he delivered before the jar
    ran empty and collected the money on payday.  About 40 synthetic households
    of a 1930s neighbourhood in Chiayi (嘉义); "today" in the case is 1933-03-01.

    >>> households = load_rice_households()
    >>> households["household_id"].iloc[0]
    'H01'
    """,
)


# --------------------------------------------------------------------------- CDNOW (real data)
CDNOW_FILES = {"transactions": "cdnow/CDNOW_sample.txt",
               "summary": "cdnow/cdnow_customers_summary_with_transactions.csv"}
_CDNOW_FIX = ("Fix: run the notebook from a full copy of the workbook (git clone); the CDNOW "
              "files are not generated, data/cdnow/README.md says where they come from.")
_CDNOW_FIX_ZH = ("修正（Fix）：在工作簿的完整副本（git clone）中运行笔记本；CDNOW 文件不是生成的，"
                 "它们的来源见 data/cdnow/README.md。")


def _cdnow_path(which: str, path, data_dir_, func: str) -> Path:
    if path is not None:
        found = Path(path)
    else:
        folder = Path(data_dir_) if data_dir_ is not None else data_dir()
        found = folder / CDNOW_FILES[which]
    if not found.is_file():
        raise CRMDataError(f"{func}: the data file {found} does not exist. {_CDNOW_FIX}",
                           zh=f"{func}：数据文件 {found} 不存在。{_CDNOW_FIX_ZH}")
    return found


def load_cdnow(path=None, *, data_dir=None) -> pd.DataFrame:
    """Load the CDNOW 1/10 sample: 6,919 real purchases of 2,357 customers of an online CD shop.

    The customers who made their first purchase at CDNOW in the first quarter
    of 1997 (a tenth of them, drawn at random), followed until 30 June 1998: the
    data of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
    on which the BG/NBD model was first fitted (data/cdnow/README.md: source and
    terms of use).  Not Xinghe Mart: real, American, in US dollars.

    Columns: ``customer_id`` (int, 1-2357, the sample's id), ``master_id``
    (str, the id in the full CDNOW file), ``order_date`` (datetime, a day),
    ``cds`` (int, CDs bought), ``amount`` (float, US dollars).  A customer may
    have several rows on one day.

    Raises
    ------
    CRMDataError
        If the file is missing or cannot be read.

    Examples
    --------
    >>> cdnow = load_cdnow()
    >>> len(cdnow), cdnow["customer_id"].nunique()
    (6919, 2357)
    """
    found = _cdnow_path("transactions", path, data_dir, "load_cdnow")
    try:
        raw = pd.read_csv(found, sep=r"\s+", header=None, encoding="ascii",
                          names=["master_id", "customer_id", "order_date", "cds", "amount"],
                          dtype={"master_id": "str", "customer_id": "int64",
                                 "order_date": "str", "cds": "int64", "amount": "float64"})
        dates = pd.to_datetime(raw["order_date"], format="%Y%m%d").astype("datetime64[us]")
    except (ValueError, TypeError, UnicodeDecodeError) as err:
        raise CRMDataError(
            f"load_cdnow: {found} is not the CDNOW sample file ({err}). {_CDNOW_FIX}",
            zh=f"load_cdnow：{found} 不是 CDNOW 样本文件（{err}）。{_CDNOW_FIX_ZH}") from err
    return pd.DataFrame({"customer_id": raw["customer_id"], "master_id": raw["master_id"],
                         "order_date": dates, "cds": raw["cds"], "amount": raw["amount"]})


def load_cdnow_summary(path=None, *, data_dir=None) -> pd.DataFrame:
    """Load the published per-customer summary of the CDNOW sample (the paper's own numbers).

    One row per customer (index ``customer_id``), as Fader, Hardie & Lee
    computed it for the 39-week calibration period to 1997-09-30: ``x``
    (repeat purchases), ``t_x`` (weeks from the first to the last purchase),
    ``T`` (weeks from the first purchase to 1997-09-30), ``zbar`` (mean US
    dollars of the repeat purchases), all rounded to 2 decimals.
    ``ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")`` gives
    the same numbers unrounded.

    Raises
    ------
    CRMDataError
        If the file is missing or cannot be read.

    Examples
    --------
    >>> paper = load_cdnow_summary()
    >>> paper.loc[1].tolist()
    [2.0, 30.43, 38.86, 22.35]
    """
    found = _cdnow_path("summary", path, data_dir, "load_cdnow_summary")
    try:
        frame = pd.read_csv(found, encoding="ascii", dtype={"ID": "int64", "x": "int64"})
        frame = frame.rename(columns={"ID": "customer_id"}).set_index("customer_id")
        frame = frame[["x", "t_x", "T", "zbar"]].astype({"t_x": "float64", "T": "float64",
                                                         "zbar": "float64"})
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as err:
        raise CRMDataError(
            f"load_cdnow_summary: {found} is not the CDNOW summary file ({err}). {_CDNOW_FIX}",
            zh=f"load_cdnow_summary：{found} 不是 CDNOW 汇总文件（{err}）。{_CDNOW_FIX_ZH}"
        ) from err
    return frame
