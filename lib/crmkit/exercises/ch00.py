"""Chapter 00 (Getting started): three warm-up exercises on six orders.

The orders are the small table the getting-started notebook builds by hand,
so these checkers need no data files.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import i18n
from crmkit.exercises.engine import difference, exercise

__all__ = ["sample_orders"]


def sample_orders() -> pd.DataFrame:
    """The six orders of chapter 00 (the same table the notebook types in)."""
    return pd.DataFrame({
        "order_id": ["O0000001", "O0000002", "O0000003", "O0000004", "O0000005", "O0000006"],
        "customer_id": ["C00001", "C00002", "C00001", "C00003", "C00002", "C00001"],
        "channel": ["store", "app", "app", "store", "mini_program", "store"],
        "revenue": [128.0, 45.5, 89.9, 256.0, 39.9, 112.0],
    })


_say = i18n.say


def _number(value: Any) -> float | None:
    """``value`` as a float when it is a plain number (not True/False), else None."""
    if isinstance(value, bool) or not pd.api.types.is_number(value):
        return None
    return float(value)


def _with_slips(expected: Any, answer: Any, slips: dict[float, tuple[str, str]]) -> str | None:
    """The standard comparison, plus the explanation of a predicted slip when one matches."""
    found = difference(expected, answer)
    number = _number(answer)
    if found is None or number is None:
        return found
    for value, (en, zh) in slips.items():
        if abs(number - value) < 1e-6:
            return found + _say(" " + en, zh)
    return found


def _compare_count(expected: int, answer: Any) -> str | None:
    orders = sample_orders()
    return _with_slips(expected, answer, {
        orders["customer_id"].nunique(): (
            "That counts customers, not orders: every row is one order.",
            "这是客户数，不是订单数：每一行是一笔订单。"),
        len(orders.columns): (
            "That is the number of columns; len(orders) counts the rows.",
            "这是列数；len(orders) 数的是行数。"),
        orders.size: (
            "That counts cells (rows × columns); len(orders) counts the rows.",
            "这是单元格数（行 × 列）；len(orders) 数的是行数。"),
        expected - 1: (
            "One short: the row labels run from 0 to 5, so there are 6 rows.",
            "少了一个：行标签从 0 到 5，所以共有 6 行。"),
    })


def _compare_total(expected: float, answer: Any) -> str | None:
    revenue = sample_orders()["revenue"]
    return _with_slips(expected, answer, {
        revenue.mean(): ("That is the average order (.mean()); the total is .sum().",
                         "这是平均每单收入（.mean()）；总收入应用 .sum()。"),
        revenue.max(): ("That is the largest order (.max()); the total adds them all: .sum().",
                        "这是最大的一笔订单（.max()）；总收入要把所有订单相加：.sum()。"),
        revenue.count(): ("That is how many orders there are (.count()); add the amounts with "
                          ".sum().", "这是订单数（.count()）；应用 .sum() 把金额相加。"),
        round(expected): ("You rounded to whole yuan: keep the cents.",
                          "你把金额取整到了元：请保留角和分。"),
    })


def _compare_big(expected: pd.DataFrame, answer: Any) -> str | None:
    found = difference(expected, answer, keys=["order_id"])
    if found is None:
        return None
    if isinstance(answer, pd.DataFrame) and "revenue" in answer.columns and len(answer) and (
            pd.to_numeric(answer["revenue"], errors="coerce") < 100).all():
        return found + _say(" You kept the orders under 100 yuan: the task asks for "
                                  "100 or more (>= 100).",
                                  "你保留的是 100 元以下的订单："
                                  "题目要的是 100 元及以上（>= 100）。")
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        return found + _say(" That is the True/False mask; use it to pick the rows: "
                                  "orders[mask].",
                                  "这是 True/False 掩码；要用它来选行：orders[mask]。")
    if isinstance(answer, pd.Series):
        return found + _say(" Return the whole rows (every column): "
                                  "orders[orders[\"revenue\"] >= 100], not one column.",
                                  "请返回整行（所有列）：orders[orders[\"revenue\"] >= 100]，"
                                  "而不是一列。")
    if _number(answer) is not None:
        return found + _say(" The task asks for the orders themselves (a DataFrame), "
                                  "not how many there are.",
                                  "题目要的是这些订单本身（DataFrame），而不是订单数量。")
    return found


@exercise(
    "00.order_count",
    title={"en": "Count the orders", "zh": "数一数订单"},
    hint={"en": "len(orders) counts the rows of a DataFrame.",
          "zh": "len(orders) 返回 DataFrame 的行数。"},
    compare=_compare_count,
)
def _order_count() -> int:
    return len(sample_orders())


@exercise(
    "00.total_revenue",
    title={"en": "Total revenue of the orders", "zh": "订单总收入"},
    hint={"en": "Select the column with orders[\"revenue\"], then add it up with .sum().",
          "zh": "先用 orders[\"revenue\"] 选出收入列，再用 .sum() 求和。"},
    compare=_compare_total,
)
def _total_revenue() -> float:
    return float(sample_orders()["revenue"].sum())


@exercise(
    "00.big_orders",
    title={"en": "Orders of 100 yuan or more", "zh": "100 元及以上的订单"},
    hint={"en": "Keep the rows where the condition holds: "
                "orders[orders[\"revenue\"] >= 100]. Keep every column.",
          "zh": "用条件筛选行：orders[orders[\"revenue\"] >= 100]，保留所有列。"},
    compare=_compare_big,
)
def _big_orders() -> pd.DataFrame:
    orders = sample_orders()
    return orders[orders["revenue"] >= 100]
