"""Case study 4 (Firing customers): four checked tasks on Xingyun Mobile's subscribers.

=====================  ==========  =====================================================
id                     level       task
=====================  ==========  =====================================================
c04.net_margin         apply       each subscriber's margin after care calls and bad debt
c04.below_zero         apply       how many subscribers cost more than they bring
c04.profit_if_fired    analyse     the change in profit if all of them leave
c04.prepay_fixable     evaluate    how many of them prepayment alone would make profitable
=====================  ==========  =====================================================

The data are the case's synthetic year, ``firing.subscribers()`` with the
default seed; a care call costs :data:`COST_PER_CALL` yuan.  Each checker
recognises the slips students typically make (leaving out the bad debt or the
network cost, the sign of a profit change, counting every bad payer instead of
those below zero) and says which one it sees.  Hints are graded: a nudge, then
the method.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.cases.firing import model
from crmkit.exercises.engine import difference, exercise

__all__ = ["COST_PER_CALL"]

#: The cost of one care call in the tasks (yuan).
COST_PER_CALL = model.COST_PER_CALL

_say = i18n.say


def _hint(nudge_en: str, method_en: str, nudge_zh: str, method_zh: str) -> dict[str, str]:
    """A graded hint: a nudge first, then the method."""
    return {"en": f"(1) {nudge_en} (2) {method_en}", "zh": f"（1）{nudge_zh}（2）{method_zh}"}


@cache
def _margins_tuple() -> tuple[tuple[str, float, float, float, float, float, int], ...]:
    m = model.service_margins(model.subscribers(), COST_PER_CALL)
    return tuple(zip(m["subscriber_id"], m["revenue"], m["gross_margin"], m["call_cost"],
                     m["bad_debt"], m["net_margin"], m["care_calls"], strict=True))


def _margins() -> pd.DataFrame:
    return pd.DataFrame(list(_margins_tuple()),
                        columns=["subscriber_id", "revenue", "gross_margin", "call_cost",
                                 "bad_debt", "net_margin", "care_calls"])


def _number(answer: Any) -> float | None:
    if isinstance(answer, (bool, np.bool_)):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _close(value: float, target: float) -> bool:
    return math.isclose(value, target, rel_tol=1e-4, abs_tol=0.01)


# --------------------------------------------------------------------------- apply


def _as_series(answer: Any) -> pd.Series | None:
    if isinstance(answer, pd.DataFrame) and {"subscriber_id", "net_margin"} <= set(answer):
        return answer.set_index("subscriber_id")["net_margin"]
    if isinstance(answer, pd.Series):
        return answer
    return None


def _compare_net(expected: pd.Series, answer: Any) -> str | None:
    series = _as_series(answer)
    if series is None:
        return difference(expected, answer)
    found = difference(expected, series.rename(expected.name), rtol=1e-6, atol=0.01)
    if found is None:
        return None
    m = _margins().set_index("subscriber_id")
    try:
        got = pd.to_numeric(series.reindex(m.index), errors="coerce").to_numpy(dtype=float)
    except (TypeError, ValueError):
        return found
    if np.isnan(got).any():
        return found

    def same(values: pd.Series) -> bool:
        return bool(np.allclose(got, values.to_numpy(dtype=float), atol=0.01))

    if same(m["gross_margin"] - m["call_cost"]):
        return found + " " + _say(
            "You left out the bad debt: bills never paid are revenue that never arrived.",
            "你漏掉了坏账：从未付款的账单是从未到账的收入。")
    if same(m["revenue"] - m["call_cost"] - m["bad_debt"]):
        return found + " " + _say(
            "You started from revenue: take the network cost off first (gross margin).",
            "你是从收入算起的：应先减去网络成本（即毛利）。")
    if same(-m["net_margin"]):
        return found + " " + _say("The signs are reversed: net margin = gross margin − costs.",
                                  "正负号反了：净利润 = 毛利 − 各项成本。")
    if same(m["gross_margin"] - m["care_calls"] - m["bad_debt"]):
        return found + " " + _say(
            f"Each call costs {COST_PER_CALL:g} yuan: multiply the calls by the cost per call.",
            f"每次来电成本为 {COST_PER_CALL:g} 元：要用来电次数乘以单次成本。")
    return found


@exercise(
    "c04.net_margin",
    title={"en": "Each subscriber's margin after the cost to serve",
           "zh": "扣除服务成本后每位用户的利润"},
    hint=_hint("Start from what the subscriber leaves after the network cost, then take off "
               "what serving them cost.",
               f"net margin = (revenue − network_cost) − care_calls × {COST_PER_CALL:g} − "
               "bad_debt; answer with a Series indexed by subscriber_id.",
               "先算出扣除网络成本后用户留下的部分，再减去服务他们的成本。",
               f"净利润 = （revenue − network_cost）− care_calls × {COST_PER_CALL:g} − "
               "bad_debt；用以 subscriber_id 为索引的 Series 作答。"),
    compare=_compare_net,
)
def _net_margin() -> pd.Series:
    return _margins().set_index("subscriber_id")["net_margin"].rename("net_margin")


def _count(column: str) -> int:
    m = _margins()
    if column == "no_debt":
        return int(((m["gross_margin"] - m["call_cost"]) < 0).sum())
    if column == "revenue":
        return int(((m["revenue"] - m["call_cost"] - m["bad_debt"]) < 0).sum())
    return int((m[column] < 0).sum())


def _compare_below(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=0.5)
    value = _number(answer)
    if found is None or value is None:
        return found
    if value == _count("no_debt"):
        return found + " " + _say(
            "That count leaves out the bad debt: TXU's non-payers are below zero too.",
            "这个人数漏掉了坏账：TXU 那样的拖欠者也是亏损的。")
    if value == _count("revenue"):
        return found + " " + _say(
            "That count starts from revenue, not from the margin after the network cost.",
            "这个人数是从收入算起的，而不是从扣除网络成本后的毛利算起。")
    if value == len(_margins()) - expected:
        return found + " " + _say("That is the number of subscribers at or above zero.",
                                  "这是净利润不小于零的用户数。")
    if 0 < value < 1:
        return found + " " + _say("Answer with a number of subscribers, not a share.",
                                  "请回答用户人数，而不是比例。")
    return found


@exercise(
    "c04.below_zero",
    title={"en": "Subscribers who cost more than they bring", "zh": "所耗成本超过贡献的用户"},
    hint=_hint("Below zero means a negative net margin, after calls AND bad debt.",
               "Count the subscribers whose net margin (task 1) is strictly below 0.",
               "亏损指扣除来电成本和坏账之后净利润为负。",
               "数出净利润（任务 1）严格小于 0 的用户。"),
    compare=_compare_below,
)
def _below_zero() -> int:
    return _count("net_margin")


# --------------------------------------------------------------------------- analyse


def _compare_profit(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=1e-4)
    value = _number(answer)
    if found is None or value is None:
        return found
    m = _margins()
    below = m[m["net_margin"] < 0]
    if _close(value, -expected):
        return found + " " + _say(
            "Mind the sign: when subscribers with a negative margin leave, profit goes UP.",
            "注意正负号：净利润为负的用户离开后，利润是上升的。")
    if _close(value, float(below["revenue"].sum())):
        return found + " " + _say(
            "That is the revenue they take with them; their costs leave too. Profit changes "
            "by minus their net margin.",
            "这是他们带走的收入；他们的成本也随之消失。利润的变化等于他们净利润之和的相反数。")
    if _close(value, float(below["call_cost"].sum())):
        return found + " " + _say(
            "That is only their call cost; they also take their gross margin and bad debt "
            "with them.",
            "这只是他们的来电成本；他们的毛利和坏账也会一并带走。")
    if _close(value, float(m["net_margin"].sum()) + expected):
        return found + " " + _say(
            "That is the profit after they leave; the task asks for the change.",
            "这是他们离开后的利润；题目问的是利润的变化。")
    return found


@exercise(
    "c04.profit_if_fired",
    title={"en": "The change in profit if they all leave", "zh": "他们全部离开后利润的变化"},
    hint=_hint("When a subscriber leaves, their revenue goes and so do all the costs they "
               "caused.",
               "Add up the net margins of the subscribers below zero; profit changes by minus "
               "that sum (a positive number, in yuan).",
               "用户离开时，收入没有了，他们造成的所有成本也没有了。",
               "把亏损用户的净利润加总；利润的变化等于这个和的相反数（一个正数，单位为元）。"),
    compare=_compare_profit,
)
def _profit_if_fired() -> float:
    m = _margins()
    return round(-float(m.loc[m["net_margin"] < 0, "net_margin"].sum()), 2)


# --------------------------------------------------------------------------- evaluate


@cache
def _remedy_counts() -> dict[str, int]:
    fixes = model.remedies(model.subscribers(), COST_PER_CALL)
    counts = {str(k): int(v) for k, v in fixes["remedy"].value_counts().items()}
    m = _margins()
    counts["all_bad_payers"] = int((m["bad_debt"] > 0).sum())
    counts["below_bad_payers"] = int(((m["bad_debt"] > 0) & (m["net_margin"] < 0)).sum())
    counts["below"] = int((m["net_margin"] < 0).sum())
    return counts


def _compare_prepay(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=0.5)
    value = _number(answer)
    if found is None or value is None:
        return found
    counts = _remedy_counts()
    if value == counts["all_bad_payers"]:
        return found + " " + _say(
            "You counted every subscriber with bad debt; the task asks about those below "
            "zero only.",
            "你数了所有有坏账的用户；题目只问亏损用户中的情况。")
    if value == counts["below_bad_payers"]:
        return found + " " + _say(
            "These are the subscribers below zero who have bad debt; prepayment fixes only "
            "those whose margin is 0 or more once the bad debt is gone.",
            "这些是有坏账的亏损用户；预付只能挽救去掉坏账后净利润不小于 0 的用户。")
    if value == counts["below"]:
        return found + " " + _say("That is every subscriber below zero; not all of them "
                                  "are below zero because of bad debt.",
                                  "这是全部亏损用户；并非每个人亏损都是因为坏账。")
    if value == counts.get("charge_calls", -1):
        return found + " " + _say("That is the number a call fee would fix, not prepayment.",
                                  "这是收取来电费可以挽救的人数，而不是预付。")
    return found


@exercise(
    "c04.prepay_fixable",
    title={"en": "Subscribers prepayment alone would fix", "zh": "仅靠预付就能挽救的用户"},
    hint=_hint("Prepayment (EchoStar, TXU) removes bad debt and nothing else.",
               "Among the subscribers below zero, count those whose net margin + bad_debt is "
               "0 or more.",
               "预付（EchoStar、TXU 的做法）只消除坏账，别的不变。",
               "在亏损用户中，数出净利润 + 坏账不小于 0 的用户。"),
    compare=_compare_prepay,
)
def _prepay_fixable() -> int:
    return _remedy_counts().get("prepay", 0)
