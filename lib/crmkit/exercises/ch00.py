"""Chapter 00 (Getting started): three warm-up exercises on six orders.

The orders are the small table the getting-started notebook builds by hand,
so these checkers need no data files.
"""

from __future__ import annotations

import pandas as pd

from crmkit.exercises.engine import exercise

__all__ = ["sample_orders"]


def sample_orders() -> pd.DataFrame:
    """The six orders of chapter 00 (the same table the notebook types in)."""
    return pd.DataFrame({
        "order_id": ["O0000001", "O0000002", "O0000003", "O0000004", "O0000005", "O0000006"],
        "customer_id": ["C00001", "C00002", "C00001", "C00003", "C00002", "C00001"],
        "channel": ["store", "app", "app", "store", "mini_program", "store"],
        "revenue": [128.0, 45.5, 89.9, 256.0, 39.9, 112.0],
    })


@exercise(
    "00.order_count",
    title={"en": "Count the orders", "zh": "数一数订单"},
    hint={"en": "len(orders) counts the rows of a DataFrame.",
          "zh": "len(orders) 返回 DataFrame 的行数。"},
)
def _order_count() -> int:
    return len(sample_orders())


@exercise(
    "00.total_revenue",
    title={"en": "Total revenue of the orders", "zh": "订单总收入"},
    hint={"en": "Select the column with orders[\"revenue\"], then add it up with .sum().",
          "zh": "先用 orders[\"revenue\"] 选出收入列，再用 .sum() 求和。"},
)
def _total_revenue() -> float:
    return float(sample_orders()["revenue"].sum())


@exercise(
    "00.big_orders",
    title={"en": "Orders of 100 yuan or more", "zh": "100 元及以上的订单"},
    hint={"en": "Keep the rows where the condition holds: "
                "orders[orders[\"revenue\"] >= 100]. Keep every column.",
          "zh": "用条件筛选行：orders[orders[\"revenue\"] >= 100]，保留所有列。"},
    keys=["order_id"],
)
def _big_orders() -> pd.DataFrame:
    orders = sample_orders()
    return orders[orders["revenue"] >= 100]
