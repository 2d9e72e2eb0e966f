"""Chapter 04 (Customer value): six exercises, from recall to judgement.

=======================  ==========  ==================================================
id                       level       task
=======================  ==========  ==================================================
04.hygiene_values        recall      name Herzberg's three hygiene values
04.accumulation_row      apply       a row of the accumulation table the seed does not show
04.clv_retention         apply       discounted CLV of a member for a given retention rate
04.rfm_champions         apply       RFM as Xinghe Mart saw it on 1 July 2025: how many Champions
04.winback_segment       analyse     after Champions, the segment worth most per customer
04.computer_buyer        evaluate    which computer buyer deserves the scarce discount
=======================  ==========  ==================================================

Answers in words (a value, a segment, a buyer) are accepted in English or Chinese.
The numbers of each task are module constants, which these checkers and the tests
read.  The notebook repeats them in the task text and the solution cells (a student
sees plain numbers, not a constant from the library): change both together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.datasets import load_transactions
from crmkit.exercises.engine import difference, exercise
from crmkit.exercises.engine import plain_text as _plain
from crmkit.value import (
    RFM_SEGMENTS,
    accumulation_table,
    clv,
    lifetime_totals,
    rfm_scores,
)

__all__ = [
    "ACCUMULATION_MOVED",
    "CLV_DISCOUNT",
    "CLV_MARGIN",
    "CLV_PERIODS",
    "CLV_RETENTION",
    "HYGIENE_VALUES",
    "MOTIVATING_VALUES",
    "RFM_AS_OF",
]

#: Herzberg's split of the eight customer values (seed 003).
HYGIENE_VALUES = ("comfort", "safety", "convenience")
MOTIVATING_VALUES = ("economy", "durability", "pleasure", "individuality", "pride")

#: 04.accumulation_row: customers who move from shop A to shop B (not a row of the seed).
ACCUMULATION_MOVED = 30

#: 04.clv_retention: a gold member's yearly margin (yuan), retention, discount rate, years.
CLV_MARGIN = 800.0
CLV_RETENTION = 0.85
CLV_DISCOUNT = 0.08
CLV_PERIODS = 10

#: 04.rfm_champions: the day the scores are computed for.
RFM_AS_OF = "2025-07-01"


def _and(found: str, en: str, zh: str) -> str:
    """The checker's finding followed by one more sentence, spaced as the language wants
    (a space in English, none after 。 in Chinese)."""
    return found + _say(" " + en, zh)


_say = i18n.say



def _names(keys: Iterable[str]) -> dict[str, str]:
    """Every accepted spelling (English key, English and Chinese label) -> the English key."""
    accepted: dict[str, str] = {}
    for key in keys:
        accepted[_plain(key)] = key
        for language in i18n.LANGUAGES:
            accepted[_plain(i18n.label(key, language))] = key
    return accepted


# --------------------------------------------------------------------------- recall


def _compare_values(expected: list[str], answer: Any) -> str | None:
    known = _names((*HYGIENE_VALUES, *MOTIVATING_VALUES))
    if isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        answer = [known.get(_plain(item), item) if isinstance(item, str) else item
                  for item in answer]
    found = difference(expected, answer)
    if found is None:
        return None
    motivating = [item for item in answer if item in MOTIVATING_VALUES] if isinstance(
        answer, list) else []
    if motivating:
        found = _and(found,
            f"{', '.join(motivating)}: a motivating value, not a hygiene one - its presence "
            "builds loyalty, its absence does not cause complaints.",
            f"{'、'.join(i18n.label(m, 'zh') for m in motivating)}属于激励价值而非保健价值："
            "具备时带来忠诚，缺少时并不会引起投诉。")
    return found


@exercise(
    "04.hygiene_values",
    title={"en": "The three hygiene values", "zh": "三种保健价值"},
    hint={"en": "Hygiene values are the ones whose absence makes customers complain, "
                "while their presence earns no praise. Three of the eight values; "
                "answer with a list of words, e.g. [\"...\", \"...\", \"...\"].",
          "zh": "保健价值是缺少时客户会不满甚至投诉、具备时却得不到高评价的价值。"
                "八种价值中的三种；用列表作答，例如 [\"...\", \"...\", \"...\"]。"},
    compare=_compare_values,
)
def _hygiene_values() -> list[str]:
    return list(HYGIENE_VALUES)


# --------------------------------------------------------------------------- apply


_COUNTS = ["a_customers", "b_customers", "b_minus_a"]


def _compare_row(expected: pd.Series, answer: Any) -> str | None:
    """Customer counts exactly; the ratio to two decimals, rounded (1.86), not cut off (1.85)."""
    if not isinstance(answer, pd.Series) or not set(expected.index) <= set(answer.index):
        return difference(expected, answer)
    got = pd.to_numeric(answer.reindex(expected.index), errors="coerce").astype(float)
    a, b = expected["a_customers"], expected["b_customers"]
    if got["a_customers"] == b and got["b_customers"] == a:
        return _and(difference(expected, got),
            "You swapped the shops: A is the shop that loses the customers, B gains them.",
            "你把两家商店弄反了：A 是失去客户的一方，B 是得到客户的一方。")
    counts = difference(expected[_COUNTS], got[_COUNTS], rtol=0.0, atol=0.0)
    if counts is not None:
        if got["b_minus_a"] == ACCUMULATION_MOVED:
            counts = _and(counts,
                "The gap is not the number moved: A loses each customer that B gains, so the "
                "gap grows by two for every customer who moves.",
                "差额并不等于转移人数：B 每得到一位客户，A 就失去一位，"
                "所以每转移一位客户，差额增加 2。")
        return counts
    ratio, exact = got["b_to_a"], expected["b_to_a"]
    if abs(ratio - exact) <= 0.005:
        return None
    found = difference(exact, ratio, rtol=0.0, atol=0.005)
    if abs(ratio - a / b) <= 0.005:
        return _and(found, "b_to_a is b_customers / a_customers (B over A), not A over B.",
                    "b_to_a 是 b_customers / a_customers（B 除以 A），不是 A 除以 B。")
    if np.floor(exact * 100) / 100 == round(ratio, 2) or np.floor(exact * 10) / 10 == round(
            ratio, 1):
        return _and(found,
            f"The ratio is {exact:.4f}...: give it to two decimals, rounded ({exact:.2f}), not "
            "cut off.",
            f"比值为 {exact:.4f}……：请保留两位小数并四舍五入（{exact:.2f}），不要直接截断。")
    return found


@exercise(
    "04.accumulation_row",
    title={"en": f"The accumulation table when {ACCUMULATION_MOVED} customers move",
           "zh": f"转移 {ACCUMULATION_MOVED} 位客户时的累加效应表"},
    hint={"en": "Each shop starts with 100 customers. A loses the customers B gains, so "
                "a_customers = 100 - moved and b_customers = 100 + moved; the gap is "
                "b_customers - a_customers and the ratio b_customers / a_customers. Answer "
                "with pd.Series({\"a_customers\": ..., \"b_customers\": ..., "
                "\"b_minus_a\": ..., \"b_to_a\": ...}); two decimals are enough for the ratio.",
          "zh": "两家商店各有 100 位客户。A 失去的正是 B 得到的：a_customers = 100 - 转移数，"
                "b_customers = 100 + 转移数；差额为 b_customers - a_customers，相对大小为"
                " b_customers / a_customers。用 pd.Series({\"a_customers\": ..., "
                "\"b_customers\": ..., \"b_minus_a\": ..., \"b_to_a\": ...}) 作答；"
                "比值保留两位小数即可。"},
    compare=_compare_row,
)
def _accumulation_row() -> pd.Series:
    row = accumulation_table(moved=(ACCUMULATION_MOVED,)).iloc[0]
    columns = ["a_customers", "b_customers", "b_minus_a", "b_to_a"]
    return row[columns].astype(float).rename("value")


def _compare_clv(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer)
    if found is None or isinstance(answer, bool) or not pd.api.types.is_number(answer):
        return found
    m, r, d, n = CLV_MARGIN, CLV_RETENTION, CLV_DISCOUNT, CLV_PERIODS
    slips = {
        sum(m * r**t for t in range(n)): _say(
            "Those amounts are not discounted: divide year t by (1 + d)**t.",
            "这些金额没有折现：第 t 年应除以 (1 + d)**t。"),
        sum(m * r**t / (1 + d) ** t for t in range(1, n + 1)): _say(
            "The first year is t = 0 and is not discounted: add t = 0 .. periods - 1.",
            "第一年是 t = 0，不折现：应对 t = 0 .. periods - 1 求和。"),
        m * n: _say("That ignores retention (and discounting): in year t only r**t of the "
                    "members are still there.",
                    "这忽略了保持率（以及折现）：第 t 年只有 r**t 的会员还在。"),
        sum(m * (r * 100) ** t / (1 + d) ** t for t in range(n)): _say(
            "Rates are fractions: retention 0.85, not 85.",
            "比率用小数表示：保持率是 0.85，而不是 85。"),
    }
    for value, message in slips.items():
        if np.isclose(float(answer), value, rtol=1e-4):
            return found + (" " if i18n.get_language() == "en" else "") + message
    return found


@exercise(
    "04.clv_retention",
    title={"en": "Lifetime value of a gold member", "zh": "金卡会员的客户终生价值"},
    hint={"en": f"ck.clv(margin, retention, discount, periods) adds up m * r**t / (1 + d)**t "
                f"for t = 0 .. periods - 1. Here m = {CLV_MARGIN:g}, r = {CLV_RETENTION:g}, "
                f"d = {CLV_DISCOUNT:g} and {CLV_PERIODS} years; rates are fractions "
                "(0.85, not 85).",
          "zh": f"ck.clv(margin, retention, discount, periods) 计算 t = 0 .. periods - 1 时 "
                f"m * r**t / (1 + d)**t 之和。这里 m = {CLV_MARGIN:g},r = {CLV_RETENTION:g},"
                f"d = {CLV_DISCOUNT:g}，共 {CLV_PERIODS} 年；比率用小数（0.85 而不是 85）。"},
    compare=_compare_clv,
)
def _clv_retention() -> float:
    return clv(CLV_MARGIN, CLV_RETENTION, CLV_DISCOUNT, periods=CLV_PERIODS)


def _champions(**kwargs: Any) -> tuple[int, int]:
    """Champions and all scored customers for one reading of the task."""
    from crmkit.datasets import load_transactions
    from crmkit.value import rfm_scores

    orders = load_transactions()
    cut = kwargs.pop("before", None)
    if cut is not None:
        orders = orders[orders["order_date"] <= cut]
    scores = rfm_scores(orders, **kwargs)
    return int((scores["segment"] == "Champions").sum()), len(scores)


def _compare_champions(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer)
    if found is None or isinstance(answer, bool) or not pd.api.types.is_number(answer):
        return found
    value = float(answer)
    if 0 < value < 1:
        return _and(found, "That is a share of the customers; the task asks how many "
                                  "(a count).", "这是客户所占的比例；题目问的是人数。")
    slips = {
        _champions(before=RFM_AS_OF, as_of=RFM_AS_OF)[0]: _say(
            f"That leaves out the orders placed on 1 July: order_date <= \"{RFM_AS_OF}\" "
            "compares with midnight at the start of the day. as_of counts the whole day "
            "(the store's view at the end of 1 July).",
            f"这漏掉了 7 月 1 日当天下的订单：order_date <= \"{RFM_AS_OF}\" 比较的是当天零点。"
            "as_of 会计入整天（即 7 月 1 日营业结束时商店看到的情况）。"),
        _champions()[0]: _say(
            f"That counts every order up to the end of 2025: pass as_of=\"{RFM_AS_OF}\" so "
            "later orders are left out.",
            f"这统计了截至 2025 年底的全部订单：请传入 as_of=\"{RFM_AS_OF}\"，排除之后的订单。"),
        _champions(as_of="2025-07-02")[0]: _say(
            "That is the view on 2 July (as_of counts its whole day): use as_of="
            f"\"{RFM_AS_OF}\".",
            f"这是 7 月 2 日的情况（as_of 计入整天）：请用 as_of=\"{RFM_AS_OF}\"。"),
    }
    for count, message in slips.items():
        if value == count and count != expected:
            return found + (" " if i18n.get_language() == "en" else "") + message
    return found


@exercise(
    "04.rfm_champions",
    title={"en": f"Champions on {RFM_AS_OF}", "zh": f"{RFM_AS_OF} 的重要价值客户"},
    hint={"en": f"Score the orders as they stood at the end of that day: "
                f"ck.rfm_scores(orders, as_of=\"{RFM_AS_OF}\") counts the orders placed on "
                "that day and leaves later orders out. "
                "Then count the rows whose segment is \"Champions\": "
                "(scores[\"segment\"] == \"Champions\").sum().",
          "zh": f"按当天营业结束时的情况打分：ck.rfm_scores(orders, as_of=\"{RFM_AS_OF}\") "
                "计入当天的订单，排除之后的订单。"
                "再数出 segment 为 \"Champions\" 的行数："
                "(scores[\"segment\"] == \"Champions\").sum()。"},
    compare=_compare_champions,
)
def _rfm_champions() -> int:
    scores = rfm_scores(load_transactions(), as_of=RFM_AS_OF)
    return int((scores["segment"] == "Champions").sum())


# --------------------------------------------------------------------------- analyse


def segment_margins() -> pd.Series:
    """Average margin (revenue − cost, all orders) per customer in each RFM segment.

    Scores as of the end of the sample data (2026-01-01), highest margin first.
    """
    orders = load_transactions()
    margin = (orders["revenue"] - orders["cost"]).groupby(orders["customer_id"]).sum()
    scores = rfm_scores(orders, as_of="2026-01-01")
    per_customer = scores.assign(margin=scores["customer_id"].map(margin))
    means = per_customer.groupby("segment", observed=True)["margin"].mean()
    return means.sort_values(ascending=False).rename("margin")


def _largest_total() -> str:
    """The segment (after Champions) with the largest *total* margin: a predicted slip."""
    from crmkit.datasets import load_transactions
    from crmkit.value import rfm_scores

    orders = load_transactions()
    margin = (orders["revenue"] - orders["cost"]).groupby(orders["customer_id"]).sum()
    scores = rfm_scores(orders, as_of="2026-01-01")
    totals = scores["customer_id"].map(margin).groupby(scores["segment"], observed=True).sum()
    return str(totals.drop("Champions").idxmax())


def _segment_aliases() -> dict[str, str]:
    return {_plain(text): segment.name for segment in RFM_SEGMENTS
            for text in (segment.name, i18n.label(segment.key, "zh"))}


def _compare_segment(expected: str, answer: Any) -> str | None:
    if not isinstance(answer, str):
        return difference(expected, answer)
    named = _segment_aliases().get(_plain(answer))
    if named == expected:
        return None
    found = difference(expected, answer)
    if named == "Champions":
        found = _and(found, "The task leaves Champions out: which segment comes next?",
                            "题目排除了重要价值客户（Champions）：排在其后的是哪一个？")
    elif named is None:
        found = _and(found, "Answer with a segment name, e.g. \"Loyal\".",
                            "请用细分群体的名称作答，例如 \"Loyal\"。")
    elif named == _largest_total():
        found = _and(found,
                     f"{named} brings the most margin in total because it has many customers; "
                     "the task asks for the margin per customer (the mean).",
                     f"{named} 的利润总额最高是因为人数多；题目问的是每位客户的平均利润（均值）。")
    return found


@exercise(
    "04.winback_segment",
    title={"en": "The segment most worth winning back", "zh": "最值得挽回的细分群体"},
    hint={"en": "Margin per customer: (orders[\"revenue\"] - orders[\"cost\"]).groupby("
                "orders[\"customer_id\"]).sum(). Put it next to the RFM scores "
                "(scores[\"customer_id\"].map(...)), average it per segment with "
                "groupby(\"segment\", observed=True), sort, and skip Champions.",
          "zh": "每位客户的利润：(orders[\"revenue\"] - orders[\"cost\"]).groupby("
                "orders[\"customer_id\"]).sum()。用 scores[\"customer_id\"].map(...) 放到 RFM "
                "得分旁边，再用 groupby(\"segment\", observed=True) 按细分群体求平均、排序，"
                "跳过 Champions。"},
    compare=_compare_segment,
)
def _winback_segment() -> str:
    ranked = segment_margins()
    return str(ranked.drop("Champions").index[0])


# --------------------------------------------------------------------------- evaluate

_BUYER_A = re.compile(r"(buyer|customer|顾客|客户)?a|(the)?25(yearold|yearsold|岁)?")
_BUYER_B = re.compile(r"(buyer|customer|顾客|客户)?b|(the)?65(yearold|yearsold|岁)?")


def _compare_buyer(expected: str, answer: Any) -> str | None:
    if not isinstance(answer, str):
        return difference(expected, answer)
    plain = _plain(answer)
    if _BUYER_A.fullmatch(plain):
        return None
    found = difference(expected, answer)
    if plain in ("both", "ab", "aandb", "两个", "都", "两位", "都给"):
        return _and(found, "There is one discount: choose only one buyer.",
                    "折扣只有一份：只能选一位顾客。")
    if _BUYER_B.fullmatch(plain):
        found = _and(found,
            "B spends more today (15,000 against 10,000), but look at the whole lifetime: "
            "ck.lifetime_totals().",
            "B 今天花得更多（15,000 对 10,000），但请看整个生命周期：ck.lifetime_totals()。")
    else:
        found = _and(found, "Answer \"A\" (the 25-year-old) or \"B\" (the 65-year-old).",
                            "请回答 \"A\"（25 岁）或 \"B\"（65 岁）。")
    return found


@exercise(
    "04.computer_buyer",
    title={"en": "Who gets the scarce discount?", "zh": "有限的折扣给谁？"},
    hint={"en": "Compare what each buyer is worth over the whole relationship, not today: "
                "ck.lifetime_totals(). Answer \"A\" or \"B\".",
          "zh": "比较两位顾客在整个关系期内的价值，而不是今天的一笔：ck.lifetime_totals()。"
                "回答 \"A\" 或 \"B\"。"},
    compare=_compare_buyer,
)
def _computer_buyer() -> str:
    totals = lifetime_totals().set_index("buyer")["total"]
    return str(totals.idxmax())
