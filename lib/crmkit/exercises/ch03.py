"""Chapter 03 (Selecting and tiering customers): six exercises, from recall to judgement.

=========================  ==========  ===============================================
id                         level       task
=========================  ==========  ===============================================
03.key_tiers               recall      the pyramid tiers that make up the key customers
03.top_share               apply       share of revenue from the best 10% of customers
03.abc_counts              apply       customers per class with 70 / 20 / 10 cut-offs
03.unprofitable_count      apply       customers below zero when a return costs 25 yuan
03.vip_count               analyse     VIP-type customers with 2,000-yuan thresholds
03.taxi_party              evaluate    which waiting party the taxi driver picks
=========================  ==========  ===============================================

Each checker recognises the mistakes students typically make (named in its
``_compare_*`` function) and says which one it sees.  Hints are graded: first a
nudge, then the method (never the code).  The numbers of each task are module
constants, so the notebook's text, these checkers and the tests read the same
values.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

import pandas as pd

from crmkit import i18n
from crmkit.exercises.engine import difference, exercise
from crmkit.exercises.engine import plain_text as _plain

__all__ = [
    "ABC_CUTOFFS",
    "KEY_TIERS",
    "MATRIX_AS_OF",
    "RETURN_HANDLING_COST",
    "TAXI_PARTIES",
    "TAXI_SEARCH_MINUTES",
    "TOP_FRACTION",
    "VIP_THRESHOLD",
    "taxi_per_hour",
]

#: 03.key_tiers: the pyramid tiers that form the key customers (关键客户).
KEY_TIERS = ("Important", "Secondary")
#: 03.top_share: the best fraction of customers.
TOP_FRACTION = 0.10
#: 03.abc_counts: the finance team's cut-offs.
ABC_CUTOFFS = (0.70, 0.20, 0.10)
#: 03.unprofitable_count: yuan to handle one return under the new courier contract.
RETURN_HANDLING_COST = 25.0
#: 03.vip_count: the day and the threshold (yuan) on both axes of the value matrix.
MATRIX_AS_OF = "2025-12-31"
VIP_THRESHOLD = 2000.0
#: 03.taxi_party: the chapter's assumptions (ours, not the course's) for the three parties.
TAXI_PARTIES = {
    "A": {"long_trip_chance": 0.1, "long_fare": 60, "long_minutes": 35, "short_fare": 14,
          "short_minutes": 10},
    "B": {"long_trip_chance": 0.2, "long_fare": 60, "long_minutes": 35, "short_fare": 18,
          "short_minutes": 15},
    "C": {"long_trip_chance": 0.6, "long_fare": 80, "long_minutes": 45, "short_fare": 25,
          "short_minutes": 20},
}
TAXI_SEARCH_MINUTES = 8

_say = i18n.say



def _hint(nudge_en: str, method_en: str, nudge_zh: str,
          method_zh: str) -> list[dict[str, str]]:
    """Graded hints: the first ck.hint shows a nudge, the next one the method."""
    return [{"en": nudge_en, "zh": nudge_zh}, {"en": method_en, "zh": method_zh}]


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) and not hasattr(
            answer, "__float__"):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _close(value: float, target: float, rtol: float = 1e-3) -> bool:
    return math.isclose(value, target, rel_tol=rtol, abs_tol=1e-9)


# --------------------------------------------------------------------------- recall


def _tier_names() -> dict[str, str]:
    """Every accepted spelling of a pyramid tier -> its name (Important, Secondary, ...)."""
    from crmkit.select import PYRAMID_TIERS

    names: dict[str, str] = {}
    for name, _, key, zh in PYRAMID_TIERS:
        for text in (name, f"{name} customers", zh, key, i18n.label(key, "en"),
                     i18n.label(key, "zh"), zh.removesuffix("客户")):
            names[_plain(text)] = name
    return names


def _compare_tiers(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, str) or not isinstance(
            answer, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        return difference(expected, answer)
    known = _tier_names()
    items = [str(item) for item in answer]
    named = [known.get(_plain(item)) for item in items]
    found = difference(expected, [n if n else item for n, item in zip(named, items, strict=True)])
    if found is None:
        return None
    plain = {_plain(item) for item in items}
    if plain & {"a", "b", "c", "aclass", "bclass"}:
        return found + " " + _say(
            "A, B and C are the classes of ABC analysis (shares of revenue); the pyramid's "
            "tiers are important, secondary, ordinary and small customers.",
            "A、B、C 是 ABC 分类法的类别（按收入份额划分）；客户金字塔的层级是重要客户、次要客户、"
            "普通客户和小客户。")
    if plain & {"vip", "viptype", "贵宾型客户", "贵宾型"}:
        return found + " " + _say(
            "The VIP type is a quadrant of the value matrix, not a tier of the pyramid.",
            "贵宾型客户是客户价值矩阵中的象限，而不是客户金字塔的层级。")
    if "Ordinary" in named:
        return found + " " + _say(
            "Ordinary customers are the next 30%: key customers are only the top 20%.",
            "普通客户是其后的 30%；关键客户只包括价值最高的 20%。")
    if "Small" in named:
        return found + " " + _say(
            "Small customers are the bottom 50% of the pyramid, the opposite of key customers.",
            "小客户是金字塔底部的 50%，与关键客户正好相反。")
    if named.count("Important") and not named.count("Secondary"):
        return found + " " + _say(
            "Important customers are only the top 1%; key customers are the top 20%: which "
            "tier adds the next 19%?",
            "重要客户只是最高的 1%；关键客户是最高的 20%：其后的 19% 是哪一层？")
    return found


@exercise(
    "03.key_tiers",
    title={"en": "The tiers of the key customers", "zh": "关键客户包括哪些层级"},
    hint=_hint("Key customers are the top 20% of customers by value.",
               "The pyramid splits customers 1% / 19% / 30% / 50%: which tiers add up to the "
               "top 20%? Answer with a list of their names.",
               "关键客户是价值最高的 20% 的客户。",
               "客户金字塔按 1% / 19% / 30% / 50% 划分客户：哪几层加起来是最高的 20%？"
               "用列表写出它们的名称。"),
    compare=_compare_tiers,
)
def _key_tiers() -> list[str]:
    return list(KEY_TIERS)


# --------------------------------------------------------------------------- apply


def _orders() -> pd.DataFrame:
    from crmkit.datasets import load_transactions

    return load_transactions()


@cache
def _top_share_mistakes() -> dict[str, float]:
    """Wrong numbers a student may reach, each with the slip that leads to it."""
    from crmkit.select import top_share

    orders = _orders()
    right = top_share(orders, TOP_FRACTION)
    by_order = orders["revenue"].sort_values(ascending=False)
    top_orders = by_order.iloc[: round(len(by_order) * TOP_FRACTION)].sum() / by_order.sum()
    per_customer = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    top_ten = per_customer.iloc[:10].sum() / per_customer.sum()
    return {"rest": 1 - right, "orders": float(top_orders), "ten": float(top_ten),
            "twenty": top_share(orders, 0.2)}


def _compare_top_share(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=2e-3)
    value = _number(answer)
    if found is None or value is None:
        return found
    slips = _top_share_mistakes()
    if _close(value, slips["rest"]):
        return found + " " + _say(
            "That is the share of the other 90% of customers: the task asks for the best 10%.",
            "这是其余 90% 客户的收入占比；题目问的是最好的 10% 客户。")
    if _close(value, slips["orders"]):
        return found + " " + _say(
            "You ranked orders, not customers: add up each customer's orders first "
            "(ck.top_share does it for you).",
            "你排序的是订单而不是客户：先把每位客户的订单金额加总（ck.top_share 会替你完成）。")
    if _close(value, slips["ten"]):
        return found + " " + _say(
            "That is the share of the 10 best customers; the task asks for the best 10% of them.",
            "这是最好的 10 位客户的占比；题目问的是最好的 10% 客户。")
    if _close(value, slips["twenty"]):
        return found + " " + _say(
            "That is the best 20% (the 80/20 point); the task asks for the best 10%.",
            "这是最好的 20% 客户（二八法则的那一点）；题目问的是最好的 10%。")
    return found


@exercise(
    "03.top_share",
    title={"en": "Revenue share of the best tenth", "zh": "最好的十分之一客户的收入占比"},
    hint=_hint("Rank customers (not orders) by their total spend, best first.",
               "Read the Pareto curve at 10% of customers: ck.top_share(orders, top) takes "
               "the fraction of customers (0.10, not 10) and returns a fraction of revenue.",
               "按每位客户（而不是每笔订单）的消费总额从高到低排序。",
               "在帕累托曲线上读出 10% 客户处的值：ck.top_share(orders, top) 的 top 是客户比例"
               "（写 0.10 而不是 10），返回收入占比（小数）。"),
    compare=_compare_top_share,
)
def _top_share() -> float:
    from crmkit.select import top_share

    return top_share(_orders(), TOP_FRACTION)


@cache
def _abc_tuple(cutoffs: tuple[float, ...]) -> tuple[tuple[str, int], ...]:
    from crmkit.select import abc_classes

    counts = abc_classes(_orders(), cutoffs=cutoffs)["abc_class"].value_counts().sort_index()
    return tuple((str(k), int(v)) for k, v in counts.items())


def _abc_counts(cutoffs: tuple[float, ...]) -> pd.Series:
    pairs = _abc_tuple(tuple(cutoffs))
    # float, like every number the checker compares (an answer may be ints or floats)
    return pd.Series([v for _, v in pairs], index=[k for k, _ in pairs], name="customers",
                     dtype="float64")


@cache
def _customer_count() -> int:
    return int(_orders()["customer_id"].nunique())


def _pyramid_style_counts() -> list[int]:
    """Classes cut by share of *customers* (70% of customers = A), the pyramid's way."""
    n = _customer_count()
    a = math.floor(n * ABC_CUTOFFS[0] + 0.5)
    b = math.floor(n * (ABC_CUTOFFS[0] + ABC_CUTOFFS[1]) + 0.5) - a
    return [a, b, n - a - b]


def _as_counts(answer: Any) -> pd.Series | None:
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        return None
    keys = {_plain(k).removesuffix("class").removeprefix("class").upper(): k
            for k in answer.index}
    if set(keys) != {"A", "B", "C"}:
        return None
    values = pd.to_numeric(pd.Series([answer[keys[k]] for k in "ABC"], index=list("ABC")),
                           errors="coerce")
    return None if values.isna().any() else values


def _compare_abc(expected: pd.Series, answer: Any) -> str | None:
    counts = _as_counts(answer)
    if counts is None:
        return difference(expected, answer)
    got = [float(x) for x in counts]
    want = [float(x) for x in expected]
    if got == want:
        return None
    found = difference(expected, counts.rename("customers"))
    if got == [float(x) for x in _abc_counts((0.80, 0.15, 0.05))]:
        return found + " " + _say(
            "These are the default 80 / 15 / 5 classes: pass cutoffs=(0.70, 0.20, 0.10).",
            "这是默认 80 / 15 / 5 的分类结果：请传入 cutoffs=(0.70, 0.20, 0.10)。")
    if got == [float(x) for x in _pyramid_style_counts()]:
        return found + " " + _say(
            "You cut by share of customers (70% of the customers in A), as the pyramid does; "
            "ABC cuts by share of revenue.",
            "你按客户数比例划分（70% 的客户为 A 类），那是客户金字塔的做法；"
            "ABC 分类按收入份额划分。")
    if got == want[::-1]:
        return found + " " + _say(
            "The counts are in the wrong classes: A holds the best customers, C the rest.",
            "各类别的人数放反了：A 类是最好的客户，C 类是其余客户。")
    total = sum(got)
    if total and all(0 <= x <= 1 for x in got) and math.isclose(total, 1, abs_tol=0.01):
        return found + " " + _say(
            "These look like shares; the task asks for the number of customers in each class.",
            "这看起来是比例；题目要的是每一类的客户人数。")
    if total != sum(want):
        return found + " " + _say(
            f"Your classes hold {total:,.0f} customers in all, but Xinghe Mart has "
            f"{sum(want):,.0f} customers with orders: classify customers, one row each.",
            f"你的分类共有 {total:,.0f} 位客户，而星河优选有订单的客户是 {sum(want):,.0f} 位："
            "请对客户（每人一行）分类。")
    return found


@exercise(
    "03.abc_counts",
    title={"en": "ABC classes with 70 / 20 / 10 cut-offs",
           "zh": "按 70 / 20 / 10 划分的 ABC 类别"},
    hint=_hint("The cut-offs are shares of revenue, not of customers.",
               "ck.abc_classes(orders, cutoffs=...) gives each customer a class; count the "
               "customers per class with value_counts() and answer with a Series indexed "
               "A, B, C.",
               "这里的划分点是收入份额，不是客户数比例。",
               "ck.abc_classes(orders, cutoffs=...) 给每位客户分类；用 value_counts() 数出每类"
               "的客户数，用索引为 A、B、C 的 Series 作答。"),
    compare=_compare_abc,
)
def _abc() -> pd.Series:
    return _abc_counts(ABC_CUTOFFS)


@cache
def _cost_counts(handling: float, contacts: bool = True) -> dict[str, int]:
    """Counts from the cost-to-serve table: unprofitable, negative gross margin, customers."""
    from crmkit.datasets import load_service_contacts
    from crmkit.select import cost_to_serve

    costs = cost_to_serve(_orders(), load_service_contacts() if contacts else None,
                          return_handling_cost=handling)
    return {"unprofitable": int(costs["unprofitable"].sum()),
            "negative_margin": int((costs["gross_margin"] < 0).sum()),
            "customers": len(costs)}


def _compare_unprofitable(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=0.5)
    value = _number(answer)
    if found is None or value is None:
        return found
    counts = _cost_counts(RETURN_HANDLING_COST)
    if value == _cost_counts(10.0)["unprofitable"]:
        return found + " " + _say(
            "That is the count at the default 10 yuan per return: pass "
            f"return_handling_cost={RETURN_HANDLING_COST:g}.",
            "这是按默认每次退货 10 元算出的人数："
            f"请传入 return_handling_cost={RETURN_HANDLING_COST:g}。")
    if value == _cost_counts(RETURN_HANDLING_COST, contacts=False)["unprofitable"]:
        return found + " " + _say(
            "You left out the service contacts: pass ck.load_service_contacts() as the second "
            "argument, or the callers (the Sprint Nextel customers) look profitable.",
            "你漏掉了客服接触：把 ck.load_service_contacts() 作为第二个参数传入，"
            "否则频繁来电的客户（Sprint Nextel 那样的客户）看起来仍然盈利。")
    if value == counts["negative_margin"]:
        return found + " " + _say(
            "You counted customers with a negative gross margin; the task is about net value, "
            "after returns, bad debt and service.",
            "你数的是毛利为负的客户；题目问的是扣除退货、坏账和客服成本之后的净价值。")
    if value == counts["customers"] - expected:
        return found + " " + _say("That is the number of profitable customers.",
                                  "这是盈利客户的人数。")
    if 0 < value < 1:
        return found + " " + _say("Answer with a number of customers, not a share.",
                                  "请回答客户人数，而不是比例。")
    return found


@exercise(
    "03.unprofitable_count",
    title={"en": "Unprofitable customers at 25 yuan per return",
           "zh": "每次退货 25 元时的亏损客户数"},
    hint=_hint("Unprofitable means a net value below zero, after every cost of serving.",
               "Compute the cost to serve with the orders AND the service contacts and the new "
               "handling cost (the return_handling_cost argument), then count the customers "
               "marked unprofitable.",
               "亏损客户是扣除全部服务成本后净价值小于零的客户。",
               "用订单和客服接触两张表、以及新的退货处理费（return_handling_cost 参数）计算服务"
               "成本，再数出被标为亏损的客户。"),
    compare=_compare_unprofitable,
)
def _unprofitable_count() -> int:
    return _cost_counts(RETURN_HANDLING_COST)["unprofitable"]


# --------------------------------------------------------------------------- analyse


@cache
def _quadrant_counts(threshold: float | None, as_of: str | None = MATRIX_AS_OF) -> dict[str, int]:
    """Customers per quadrant (and high on current value only) at one threshold, or medians."""
    from crmkit.select import value_matrix

    matrix = value_matrix(_orders(), as_of=as_of, current_threshold=threshold,
                          potential_threshold=threshold)
    counts = {str(k): int(v) for k, v in matrix["quadrant"].value_counts().items()}
    cut = matrix["current_threshold"].iloc[0]
    counts["high_current"] = int((matrix["current_value"] > cut).sum())
    return counts


def _compare_vip(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=0.5)
    value = _number(answer)
    if found is None or value is None:
        return found
    counts = _quadrant_counts(VIP_THRESHOLD)
    if value == _quadrant_counts(None)["VIP"]:
        return found + " " + _say(
            "That is the count with the default thresholds (the medians): pass "
            f"current_threshold={VIP_THRESHOLD:g} and potential_threshold={VIP_THRESHOLD:g}.",
            f"这是用默认门槛（中位数）得到的人数：请传入 current_threshold={VIP_THRESHOLD:g} 和 "
            f"potential_threshold={VIP_THRESHOLD:g}。")
    if value == _quadrant_counts(1000.0)["VIP"]:
        return found + " " + _say(
            "That is §6's count at 1,000 yuan; the task draws the lines at 2,000.",
            "这是第 6 节以 1,000 元为门槛的人数；题目的门槛是 2,000 元。")
    if value in {int(counts.get("Maintain", 0)), int(counts.get("Develop", 0))}:
        return found + " " + _say(
            "That is another quadrant: the VIP type is high on both axes.",
            "这是另一个象限的人数：贵宾型客户两项都高。")
    if value == _quadrant_counts(VIP_THRESHOLD, as_of=None)["VIP"]:
        return found + " " + _say(
            "Without as_of the matrix looks from the day after the last order, which moves "
            f"its 365-day window: pass as_of=\"{MATRIX_AS_OF}\".",
            "不给 as_of 时，矩阵从最后一笔订单的次日算起，365 天的时间窗口随之移动："
            f"请传入 as_of=\"{MATRIX_AS_OF}\"。")
    if value == counts["high_current"]:
        return found + " " + _say(
            "You counted the customers high on current value only; the VIP type must also be "
            "high on potential value.",
            "你只数了当前价值高的客户；贵宾型客户的潜在价值也必须高。")
    return found


@exercise(
    "03.vip_count",
    title={"en": "VIP-type customers at 2,000 yuan", "zh": "门槛为 2,000 元时的贵宾型客户"},
    hint=_hint("The VIP type is high on BOTH axes, strictly above the threshold.",
               f"Call ck.value_matrix with as_of=\"{MATRIX_AS_OF}\" and the two threshold "
               "arguments, then count the rows whose quadrant is \"VIP\".",
               "贵宾型客户在两个维度上都高，即严格高于门槛。",
               f"调用 ck.value_matrix，设 as_of=\"{MATRIX_AS_OF}\" 并给出两个门槛参数，"
               "再数出 quadrant 为 \"VIP\" 的行数。"),
    compare=_compare_vip,
)
def _vip_count() -> int:
    return _quadrant_counts(VIP_THRESHOLD)["VIP"]


# --------------------------------------------------------------------------- evaluate


def taxi_per_hour() -> pd.Series:
    """Expected yuan per hour for each waiting party under :data:`TAXI_PARTIES`."""
    table = pd.DataFrame(TAXI_PARTIES).T
    p = table["long_trip_chance"]
    fare = p * table["long_fare"] + (1 - p) * table["short_fare"]
    minutes = (p * table["long_minutes"] + (1 - p) * table["short_minutes"]
               + TAXI_SEARCH_MINUTES)
    return (fare / minutes * 60).rename("yuan_per_hour")


_PARTY = {
    "A": re.compile(r"a|partya|(the)?(young)?(woman|lady|girl)(withasmallbag)?|年轻女子|女子|"
                    r"女士|拿着小包的年轻女子"),
    "B": re.compile(r"b|partyb|(the)?couple|情侣|一对情侣|逛街的情侣"),
    "C": re.compile(r"c|partyc|(the)?(man|businessman|gentleman)(withalaptop(bag)?|"
                    r"inadownjacket)?|男子|男士|拿笔记本包的男子|穿羽绒服的男子"),
}


def _compare_taxi(expected: str, answer: Any) -> str | None:
    if not isinstance(answer, str):
        return difference(expected, answer)
    plain = _plain(answer)
    party = next((name for name, rule in _PARTY.items() if rule.fullmatch(plain)), None)
    if party == expected:
        return None
    found = difference(expected, answer)
    rates = taxi_per_hour()
    if party == "A":
        return found + " " + _say(
            f"A young woman with a small bag is most likely going somewhere near: "
            f"{rates['A']:.0f} yuan an hour under our assumptions, the least.",
            f"拿着小包的年轻女子多半只去附近：按我们的假设每小时 {rates['A']:.0f} 元，最少。")
    if party == "B":
        return found + " " + _say(
            f"A couple out shopping usually hops to the next mall: {rates['B']:.0f} yuan an "
            "hour. Which party is most likely to take a long trip?",
            f"逛街的情侣通常只去下一个商场：每小时 {rates['B']:.0f} 元。哪一位最可能坐长途？")
    return found + " " + _say("Answer \"A\", \"B\" or \"C\".", "请回答 \"A\"、\"B\" 或 \"C\"。")


@exercise(
    "03.taxi_party",
    title={"en": "Which party does the driver pick?", "zh": "司机该载哪一位乘客？"},
    hint=_hint("The taxi's scarce resource is its time, including the empty minutes between "
               "fares.",
               "For each party: expected fare = p × long fare + (1 − p) × short fare; expected "
               "minutes likewise, plus the search minutes; compare fare per hour.",
               "出租车稀缺的是时间，包括两单之间空驶找客的时间。",
               "对每一组乘客：预期车费 = p × 长途车费 + (1 − p) × 短途车费；预计用时同样计算，"
               "再加上找客时间；比较每小时收入。"),
    compare=_compare_taxi,
)
def _taxi_party() -> str:
    return str(taxi_per_hour().idxmax())
