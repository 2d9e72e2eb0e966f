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

Each checker recognises the mistakes students typically make (declared with
``mistakes=``, :mod:`crmkit.exercises.toolkit`) and says which one it sees; the
share passes rounded to two decimals (0.57), the counts whole.  Hints are graded: first a
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
from crmkit.exercises.engine import exercise
from crmkit.exercises.engine import plain_text as _plain
from crmkit.exercises.toolkit import Mistake, graded_hints, number

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


def _as_tiers(answer: Any) -> Any:
    """A list of tier names in any accepted spelling -> the pyramid's names (others kept)."""
    if isinstance(answer, str) or not isinstance(
            answer, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        return answer
    known = _tier_names()
    return [known.get(_plain(str(item)), str(item)) for item in answer]


def _has(*texts: str) -> Any:
    """A test: does the (prepared) answer hold one of ``texts`` (compared as plain text)?"""
    wanted = {_plain(text) for text in texts}
    return lambda answer: bool({_plain(str(item)) for item in answer} & wanted)


_TIER_MISTAKES = [
    Mistake(when=_has("a", "b", "c", "aclass", "bclass"), example=["A", "B"],
            en="A, B and C are the classes of ABC analysis (shares of revenue); the pyramid's "
               "tiers are important, secondary, ordinary and small customers.",
            zh="A、B、C 是 ABC 分类法的类别（按收入份额划分）；"
               "客户金字塔的层级是重要客户、次要客户、普通客户和小客户。"),
    Mistake(when=_has("vip", "viptype", "贵宾型客户", "贵宾型"), example=["VIP"],
            en="The VIP type is a quadrant of the value matrix, not a tier of the pyramid.",
            zh="贵宾型客户是客户价值矩阵中的象限，而不是客户金字塔的层级。"),
    Mistake(when=_has("Ordinary"), example=["Important", "Secondary", "Ordinary"],
            en="Ordinary customers are the next 30%: key customers are only the top 20%.",
            zh="普通客户是其后的 30%；关键客户只包括价值最高的 20%。"),
    Mistake(when=_has("Small"), example=["Small"],
            en="Small customers are the bottom 50% of the pyramid, the opposite of key "
               "customers.",
            zh="小客户是金字塔底部的 50%，与关键客户正好相反。"),
    Mistake(when=lambda answer: "Important" in answer and "Secondary" not in answer,
            example=["Important"],
            en="Important customers are only the top 1%; key customers are the top 20%: which "
               "tier adds the next 19%?",
            zh="重要客户只是最高的 1%；关键客户是最高的 20%：其后的 19% 是哪一层？"),
]


@exercise(
    "03.key_tiers",
    title={"en": "The tiers of the key customers", "zh": "关键客户包括哪些层级"},
    hint=graded_hints(
        ("Key customers are the top 20% of customers by value.",
         "关键客户是价值最高的 20% 的客户。"),
        ("The pyramid splits customers 1% / 19% / 30% / 50%: which tiers add up to the "
         "top 20%? Answer with a list of their names.",
         "客户金字塔按 1% / 19% / 30% / 50% 划分客户：哪几层加起来是最高的 20%？"
         "用列表写出它们的名称。")),
    prepare=_as_tiers,
    mistakes=_TIER_MISTAKES,
)
def _key_tiers() -> list[str]:
    return list(KEY_TIERS)


# --------------------------------------------------------------------------- apply


def _orders() -> pd.DataFrame:
    from crmkit.datasets import load_transactions

    return load_transactions()


@cache
def _top_share_mistakes() -> list[Mistake]:
    """Wrong numbers a student may reach, each with the slip that leads to it."""
    from crmkit.select import top_share

    orders = _orders()
    right = top_share(orders, TOP_FRACTION)
    by_order = orders["revenue"].sort_values(ascending=False)
    top_orders = by_order.iloc[: round(len(by_order) * TOP_FRACTION)].sum() / by_order.sum()
    per_customer = orders.groupby("customer_id")["revenue"].sum().sort_values(ascending=False)
    top_ten = per_customer.iloc[:10].sum() / per_customer.sum()
    return [
        Mistake(1 - right,
                en="That is the share of the other 90% of customers: the task asks for the best "
                   "10%.",
                zh="这是其余 90% 客户的收入占比；题目问的是最好的 10% 客户。"),
        Mistake(float(top_orders),
                en="You ranked orders, not customers: add up each customer's orders first "
                   "(ck.top_share does it for you).",
                zh="你排序的是订单而不是客户：先把每位客户的订单金额加总"
                   "（ck.top_share 会替你完成）。"),
        Mistake(float(top_ten),
                en="That is the share of the 10 best customers; the task asks for the best 10% "
                   "of them.",
                zh="这是最好的 10 位客户的占比；题目问的是最好的 10% 客户。"),
        Mistake(top_share(orders, 0.2),
                en="That is the best 20% (the 80/20 point); the task asks for the best 10%.",
                zh="这是最好的 20% 客户（二八法则的那一点）；题目问的是最好的 10%。"),
    ]


@cache
def _whole_customers() -> list[float]:
    """The best 10% taken as whole customers (461 or 462 of 4,617), also right: the curve
    joins its points, so ck.top_share reads 0.7 of the 462nd."""
    per_customer = _orders().groupby("customer_id")["revenue"].sum().sort_values(
        ascending=False)
    top = len(per_customer) * TOP_FRACTION
    return [float(per_customer.iloc[:n].sum() / per_customer.sum())
            for n in (math.floor(top), math.ceil(top))]


@exercise(
    "03.top_share",
    title={"en": "Revenue share of the best tenth", "zh": "最好的十分之一客户的收入占比"},
    hint=graded_hints(
        ("Rank customers (not orders) by their total spend, best first.",
         "按每位客户（而不是每笔订单）的消费总额从高到低排序。"),
        ("Read the Pareto curve at 10% of customers: ck.top_share(orders, top) takes "
         "the fraction of customers (0.10, not 10) and returns a fraction of revenue.",
         "在帕累托曲线上读出 10% 客户处的值：ck.top_share(orders, top) 的 top 是客户比例"
         "（写 0.10 而不是 10），返回收入占比（小数）。")),
    kind="share",
    mistakes=_top_share_mistakes,
    alternatives=_whole_customers,
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


def _as_counts(answer: Any) -> Any:
    """A dict or Series keyed A, B, C in any spelling -> the Series of counts A, B, C."""
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        return answer
    keys = {_plain(k).removesuffix("class").removeprefix("class").upper(): k
            for k in answer.index}
    if set(keys) != {"A", "B", "C"}:
        return answer
    values = pd.to_numeric(pd.Series([answer[keys[k]] for k in "ABC"], index=list("ABC")),
                           errors="coerce")
    return answer if values.isna().any() else values.astype("float64").rename("customers")


def _looks_like_shares(answer: Any) -> bool:
    values = [float(x) for x in answer]
    return all(0 <= x <= 1 for x in values) and math.isclose(sum(values), 1, abs_tol=0.01)


@cache
def _counted_orders() -> pd.Series:
    """Orders per class: the classes merged onto the orders, then counted (a real slip)."""
    from crmkit.select import abc_classes

    classes = abc_classes(_orders(), cutoffs=ABC_CUTOFFS)
    merged = _orders().merge(classes[["customer_id", "abc_class"]], on="customer_id")
    counts = merged["abc_class"].astype(str).value_counts().sort_index()
    return counts.astype("float64").rename("customers")


def _abc_mistakes() -> list[Mistake]:
    want = _abc_counts(ABC_CUTOFFS)
    total = int(want.sum())
    return [
        Mistake(_abc_counts((0.80, 0.15, 0.05)),
                en="These are the default 80 / 15 / 5 classes: pass cutoffs=(0.70, 0.20, 0.10).",
                zh="这是默认 80 / 15 / 5 的分类结果：请传入 cutoffs=(0.70, 0.20, 0.10)。"),
        Mistake(pd.Series(_pyramid_style_counts(), index=list("ABC"), name="customers",
                          dtype="float64"),
                en="You cut by share of customers (70% of the customers in A), as the pyramid "
                   "does; ABC cuts by share of revenue.",
                zh="你按客户数比例划分（70% 的客户为 A 类），那是客户金字塔的做法；"
                   "ABC 分类按收入份额划分。"),
        Mistake(pd.Series(want.to_numpy()[::-1], index=list("ABC"), name="customers"),
                en="The counts are in the wrong classes: A holds the best customers, C the rest.",
                zh="各类别的人数放反了：A 类是最好的客户，C 类是其余客户。"),
        Mistake(when=_looks_like_shares, example=lambda: (want / want.sum()).round(3),
                en="These look like shares; the task asks for the number of customers in each "
                   "class.",
                zh="这看起来是比例；题目要的是每一类的客户人数。"),
        Mistake(when=lambda answer: not math.isclose(float(answer.sum()), total),
                example=_counted_orders,
                en=f"Your classes do not add up to the {total:,} customers Xinghe Mart has with "
                   "orders: classify customers, one row each.",
                zh=f"你的分类人数加起来不等于星河优选有订单的 {total:,} 位客户："
                   "请对客户（每人一行）分类。"),
    ]


@exercise(
    "03.abc_counts",
    title={"en": "ABC classes with 70 / 20 / 10 cut-offs",
           "zh": "按 70 / 20 / 10 划分的 ABC 类别"},
    hint=graded_hints(
        ("The cut-offs are shares of revenue, not of customers.",
         "这里的划分点是收入份额，不是客户数比例。"),
        ("ck.abc_classes(orders, cutoffs=...) gives each customer a class; count the "
         "customers per class with value_counts() and answer with a Series indexed "
         "A, B, C.",
         "ck.abc_classes(orders, cutoffs=...) 给每位客户分类；用 value_counts() 数出每类"
         "的客户数，用索引为 A、B、C 的 Series 作答。")),
    kind="count",
    prepare=_as_counts,
    mistakes=_abc_mistakes,
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


def _unprofitable_mistakes() -> list[Mistake]:
    counts = _cost_counts(RETURN_HANDLING_COST)

    def is_share(answer: Any) -> bool:
        value = number(answer)
        return value is not None and 0 < value < 1

    return [
        Mistake(_cost_counts(10.0)["unprofitable"],
                en="That is the count at the default 10 yuan per return: pass "
                   f"return_handling_cost={RETURN_HANDLING_COST:g}.",
                zh="这是按默认每次退货 10 元算出的人数："
                   f"请传入 return_handling_cost={RETURN_HANDLING_COST:g}。"),
        Mistake(_cost_counts(RETURN_HANDLING_COST, contacts=False)["unprofitable"],
                en="You left out the service contacts: pass ck.load_service_contacts() as the "
                   "second argument, or the callers (the Sprint Nextel customers) look "
                   "profitable.",
                zh="你漏掉了客服接触：把 ck.load_service_contacts() 作为第二个参数传入，"
                   "否则频繁来电的客户（Sprint Nextel 那样的客户）看起来仍然盈利。"),
        Mistake(counts["negative_margin"],
                en="You counted customers with a negative gross margin; the task is about net "
                   "value, after returns, bad debt and service.",
                zh="你数的是毛利为负的客户；题目问的是扣除退货、坏账和客服成本之后的净价值。"),
        Mistake(counts["customers"] - counts["unprofitable"],
                en="That is the number of profitable customers.",
                zh="这是盈利客户的人数。"),
        Mistake(when=is_share, example=lambda: counts["unprofitable"] / counts["customers"],
                en="Answer with a number of customers, not a share.",
                zh="请回答客户人数，而不是比例。"),
    ]


@exercise(
    "03.unprofitable_count",
    title={"en": "Unprofitable customers at 25 yuan per return",
           "zh": "每次退货 25 元时的亏损客户数"},
    hint=graded_hints(
        ("Unprofitable means a net value below zero, after every cost of serving.",
         "亏损客户是扣除全部服务成本后净价值小于零的客户。"),
        ("Compute the cost to serve with the orders AND the service contacts and the new "
         "handling cost (the return_handling_cost argument), then count the customers "
         "marked unprofitable.",
         "用订单和客服接触两张表、以及新的退货处理费（return_handling_cost 参数）计算服务"
         "成本，再数出被标为亏损的客户。")),
    kind="count",
    mistakes=_unprofitable_mistakes,
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


def _vip_mistakes() -> list[Mistake]:
    counts = _quadrant_counts(VIP_THRESHOLD)
    other_quadrant = dict(en="That is another quadrant: the VIP type is high on both axes.",
                          zh="这是另一个象限的人数：贵宾型客户两项都高。")
    return [
        Mistake(_quadrant_counts(None)["VIP"],
                en="That is the count with the default thresholds (the medians): pass "
                   f"current_threshold={VIP_THRESHOLD:g} and "
                   f"potential_threshold={VIP_THRESHOLD:g}.",
                zh="这是用默认门槛（中位数）得到的人数："
                   f"请传入 current_threshold={VIP_THRESHOLD:g} 和 "
                   f"potential_threshold={VIP_THRESHOLD:g}。"),
        Mistake(_quadrant_counts(1000.0)["VIP"],
                en="That is §6's count at 1,000 yuan; the task draws the lines at 2,000.",
                zh="这是第 6 节以 1,000 元为门槛的人数；题目的门槛是 2,000 元。"),
        Mistake(int(counts.get("Maintain", 0)), **other_quadrant),
        Mistake(int(counts.get("Develop", 0)), **other_quadrant),
        Mistake(_quadrant_counts(VIP_THRESHOLD, as_of=None)["VIP"],
                en="Without as_of the matrix looks from the day after the last order, which "
                   f"moves its 365-day window: pass as_of=\"{MATRIX_AS_OF}\".",
                zh="不给 as_of 时，矩阵从最后一笔订单的次日算起，365 天的时间窗口随之移动："
                   f"请传入 as_of=\"{MATRIX_AS_OF}\"。"),
        Mistake(counts["high_current"],
                en="You counted the customers high on current value only; the VIP type must "
                   "also be high on potential value.",
                zh="你只数了当前价值高的客户；贵宾型客户的潜在价值也必须高。"),
    ]


@exercise(
    "03.vip_count",
    title={"en": "VIP-type customers at 2,000 yuan", "zh": "门槛为 2,000 元时的贵宾型客户"},
    hint=graded_hints(
        ("The VIP type is high on BOTH axes, strictly above the threshold.",
         "贵宾型客户在两个维度上都高，即严格高于门槛。"),
        (f"Call ck.value_matrix with as_of=\"{MATRIX_AS_OF}\" and the two threshold "
         "arguments, then count the rows whose quadrant is \"VIP\".",
         f"调用 ck.value_matrix，设 as_of=\"{MATRIX_AS_OF}\" 并给出两个门槛参数，"
         "再数出 quadrant 为 \"VIP\" 的行数。")),
    kind="count",
    mistakes=_vip_mistakes,
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


def _as_party(answer: Any) -> Any:
    """A party named in any words ("the man", "男子", "party C") -> its letter."""
    if not isinstance(answer, str):
        return answer
    plain = _plain(answer)
    return next((name for name, rule in _PARTY.items() if rule.fullmatch(plain)), answer)


def _taxi_mistakes() -> list[Mistake]:
    rates = taxi_per_hour()
    return [
        Mistake("A",
                en=f"A young woman with a small bag is most likely going somewhere near: "
                   f"{rates['A']:.0f} yuan an hour under our assumptions, the least.",
                zh="拿着小包的年轻女子多半只去附近："
                   f"按我们的假设每小时 {rates['A']:.0f} 元，最少。"),
        Mistake("B",
                en=f"A couple out shopping usually hops to the next mall: {rates['B']:.0f} yuan "
                   "an hour. Which party is most likely to take a long trip?",
                zh=f"逛街的情侣通常只去下一个商场：每小时 {rates['B']:.0f} 元。"
                   "哪一位最可能坐长途？"),
        Mistake(when=lambda answer: answer not in _PARTY, example="the rich one",
                en="Answer \"A\", \"B\" or \"C\".", zh="请回答“A”、“B”或“C”。"),
    ]


@exercise(
    "03.taxi_party",
    title={"en": "Which party does the driver pick?", "zh": "司机该载哪一位乘客？"},
    hint=graded_hints(
        ("The taxi's scarce resource is its time, including the empty minutes between "
         "fares.",
         "出租车稀缺的是时间，包括两单之间空驶找客的时间。"),
        ("For each party: expected fare = p × long fare + (1 − p) × short fare; expected "
         "minutes likewise, plus the search minutes; compare fare per hour.",
         "对每一组乘客：预期车费 = p × 长途车费 + (1 − p) × 短途车费；预计用时同样计算，"
         "再加上找客时间；比较每小时收入。")),
    mistakes=_taxi_mistakes,
    prepare=_as_party,
)
def _taxi_party() -> str:
    return str(taxi_per_hour().idxmax())
