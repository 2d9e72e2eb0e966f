"""Chapter 06 (Keeping customers): seven exercises, from recall to judgement.

=========================  ==========  ================================================
id                         level       task
=========================  ==========  ================================================
06.expected_lifetime       recall      1 / (1 − r) for a yearly retention of 0.75
06.retention_from_counts   understand  (end − new) / start for a club's head counts
06.member_retention        apply       month-6 retention of members and non-members
06.churn_rate_rule         apply       churn rate on 30 June 2025 under a 90-day rule
06.break_even_gain         analyse     the retention gain that pays for a programme
06.price_cut               evaluate    the extra sales a 5% price cut needs
06.forecast_2025           apply       BG/NBD: repeat purchases expected in 2025
=========================  ==========  ================================================

Each checker names the mistakes students make most (1/r or r/(1 − r) for the
lifetime, new customers counted as kept, the month after or before the one
asked, the default 180-day rule or the last day of the data, cost ÷ margin
without the customer's lifetime, "a 5% cut needs 5% more sales", a forecast over
the wrong number of weeks or from a new customer's curve).  The numbers
of each task are the module constants below; the notebook states them in the
task text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd

from crmkit import i18n
from crmkit.alive import clv_summary, fit_bgnbd
from crmkit.datasets import load_customers, load_transactions
from crmkit.exercises.engine import difference, exercise
from crmkit.retention import (
    churn_flags,
    expected_lifetime,
    retention_curve,
    retention_from_counts,
    retention_programme,
)

__all__ = [
    "CLUB_END",
    "CLUB_NEW",
    "CLUB_START",
    "CUT",
    "CUT_MARGIN_RATE",
    "FORECAST_END",
    "FORECAST_WEEKS",
    "LIFETIME_RETENTION",
    "MEMBER_MONTH",
    "PROGRAMME",
    "RULE_AS_OF",
    "RULE_DAYS",
]

_say = i18n.say

#: 06.expected_lifetime: the supplier's yearly retention rate.
LIFETIME_RETENTION = 0.75
#: 06.retention_from_counts: the baby club's members at the start and end, and the new ones.
CLUB_START, CLUB_END, CLUB_NEW = 1200, 1350, 390
#: 06.member_retention: months since the first purchase.
MEMBER_MONTH = 6
#: 06.churn_rate_rule: the day the flags are set and the rule in days.
RULE_AS_OF, RULE_DAYS = "2025-06-30", 90
#: 06.break_even_gain: retention, margin (yuan a year), programme cost (yuan), discount rate.
PROGRAMME = {"retention": 0.7, "margin": 400.0, "cost": 24.0, "discount": 0.10}
#: 06.price_cut: the rival's margin rate and its price cut.
CUT_MARGIN_RATE, CUT = 0.25, 0.05
#: 06.forecast_2025: the end of the calibration period and the weeks forecast.
FORECAST_END, FORECAST_WEEKS = "2024-12-31", 52


def _plus(found: str, en: str, zh: str) -> str:
    """Feedback with one more sentence: a space before English, none after a Chinese 。."""
    return found + _say(" " + en, zh)


def _number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _numeric_checker(mistakes: Callable[[], list[tuple[float, str, str]]],
                     rtol: float = 1e-3) -> Callable[[float, Any], str | None]:
    """A comparison that names each predicted wrong number ``(value, en, zh)``."""
    def compare(expected: float, answer: Any) -> str | None:
        found = difference(expected, answer, rtol=rtol)
        if found is None:
            return None
        value = _number(answer)
        if value is None:
            return found
        for wrong, en, zh in mistakes():
            if math.isclose(value, wrong, rel_tol=rtol, abs_tol=1e-9):
                return _plus(found, en, zh)
        return found
    return compare


# --------------------------------------------------------------------------- recall

def _lifetime_mistakes() -> list[tuple[float, str, str]]:
    r = LIFETIME_RETENTION
    return [
        (1 / r, f"1 / {r:g} divides by the retention rate; the lifetime is 1 / (1 − r), one "
                "over the churn rate.",
         f"1 / {r:g} 是除以保持率；期望寿命是 1 / (1 − r)，即流失率的倒数。"),
        (r / (1 - r), f"{r:g} / (1 − {r:g}) counts only the years after this one; the "
                      "lifetime counts this year too: 1 / (1 − r).",
         f"{r:g} / (1 − {r:g}) 只计算了今年以后的年数；期望寿命还包括今年：1 / (1 − r)。"),
        (1 - r, f"{1 - r:g} is the churn rate; the lifetime is one over it.",
         f"{1 - r:g} 是流失率；期望寿命是它的倒数。"),
        (1 / (1 - r * 100) if r * 100 != 1 else math.nan,
         "Use the rate as a fraction (0.75), not a percentage.",
         "保持率应写成小数（0.75），而不是百分数。"),
    ]


@exercise(
    "06.expected_lifetime",
    title={"en": "The expected customer lifetime", "zh": "期望客户寿命"},
    hint=[{"en": "If a share r stays each year, what share leaves each year, and how long does "
                 "a customer stay on average?",
           "zh": "如果每年有 r 的客户留下，每年离开的比例是多少？客户平均会留多久？"},
          {"en": "Expected lifetime = 1 / (1 − r) with r as a fraction, or "
                 "ck.expected_lifetime(r).",
           "zh": "期望寿命 = 1 / (1 − r)，r 用小数表示；或调用 ck.expected_lifetime(r)。"}],
    compare=_numeric_checker(_lifetime_mistakes),
)
def _expected_lifetime() -> float:
    return float(expected_lifetime(LIFETIME_RETENTION))


# --------------------------------------------------------------------------- understand

def _club_mistakes() -> list[tuple[float, str, str]]:
    start, end, new = CLUB_START, CLUB_END, CLUB_NEW
    return [
        (end / start, "end ÷ start counts the new members as kept; subtract the new ones first.",
         "期末 ÷ 期初把新会员也算作留住的会员；应先减去新会员。"),
        ((end - new) / end, "Divide by the members at the start: the rate says what share of "
                            "*them* stayed.",
         "应除以期初会员数：保持率说的是期初会员中留下的比例。"),
        (1 - (end - new) / start, "That is the churn rate; the retention rate is 1 minus it.",
         "这是流失率；保持率是 1 减去它。"),
        ((end - start) / start, "That is the growth of the club, not the share kept.",
         "这是会员人数的增长率，而不是留住的比例。"),
    ]


@exercise(
    "06.retention_from_counts",
    title={"en": "Retention from head counts", "zh": "由人数计算客户保持率"},
    hint=[{"en": "Which of the 1,350 members at the end were already members at the start?",
           "zh": "期末的 1,350 位会员中，哪些在期初就已经是会员？"},
          {"en": "r = (end − new) / start, or ck.retention_from_counts(start=..., end=..., "
                 "new=...).",
           "zh": "保持率 =（期末人数 − 新增人数）÷ 期初人数，或调用 "
                 "ck.retention_from_counts(start=..., end=..., new=...)。"}],
    compare=_numeric_checker(_club_mistakes),
)
def _retention_from_counts() -> float:
    return retention_from_counts(CLUB_START, CLUB_END, CLUB_NEW)


# --------------------------------------------------------------------------- apply

@cache
def _orders() -> pd.DataFrame:
    """The sample orders, loaded once for all of this chapter's checkers (never modified)."""
    return load_transactions()


@cache
def _member_curve() -> pd.DataFrame:
    members = load_customers()[["customer_id", "is_member"]]
    return retention_curve(_orders().merge(members, on="customer_id"), by="is_member")


def _as_member_series(answer: Any) -> Any:
    """Accept an index of True/False or of the texts 'True'/'False'; the curve's month-6 row
    is fine, as a Series (``.loc[6]``) or a one-row table (``.loc[[6]]``)."""
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 2 and list(answer.index) == [
            MEMBER_MONTH]:
        answer = answer.loc[MEMBER_MONTH]
    if isinstance(answer, pd.Series):
        answer = answer.copy()
        answer.index = [str(v) for v in answer.index]  # True -> "True", as the curve has it
        answer.name = MEMBER_MONTH
    return answer


def _compare_members(expected: pd.Series, answer: Any) -> str | None:
    answer = _as_member_series(answer)
    found = difference(expected, answer, rtol=1e-3)
    if (found is not None and isinstance(answer, pd.DataFrame)
            and MEMBER_MONTH in answer.index):
        return _plus(found, f"That is the whole curve; the answer is its month-{MEMBER_MONTH} "
                            f"row: .loc[{MEMBER_MONTH}].",
                     f"这是整条曲线；答案是其中第 {MEMBER_MONTH} 个月那一行："
                     f".loc[{MEMBER_MONTH}]。")
    if found is None or not isinstance(answer, pd.Series):
        return found
    curve = _member_curve()
    tips = [
        (curve.loc[MEMBER_MONTH - 1], "That is month 5; month 0 is the month of the first "
                                      "purchase, so count 6 on from it.",
         "这是第 5 个月；第 0 个月是首次购买的当月，应从它往后数 6 个月。"),
        (curve.loc[MEMBER_MONTH + 1], "That is month 7: month 0 is the month of the first "
                                      "purchase itself.",
         "这是第 7 个月：第 0 个月就是首次购买的当月。"),
        (1 - curve.loc[MEMBER_MONTH], "Those are the shares *not* buying in month 6; give the "
                                      "shares still buying.",
         "这是第 6 个月没有购买的比例；应给出仍在购买的比例。"),
    ]
    for values, en, zh in tips:
        if difference(values.rename(expected.name), answer, rtol=1e-3) is None:
            return _plus(found, en, zh)
    if sorted(answer.index) != ["False", "True"]:
        return _plus(found, "Index the answer by is_member (False, True): pass "
                            "by=\"is_member\" after joining it to the orders.",
                     "答案应以 is_member（False、True）为索引：把它合并到订单后传入 "
                     "by=\"is_member\"。")
    return found


@exercise(
    "06.member_retention",
    title={"en": "Month-6 retention of members and non-members",
           "zh": "会员与非会员第 6 个月的保持率"},
    hint=[{"en": "The retention curve can be split into groups by a column of the orders; "
                 "is_member is a column of the customers.",
           "zh": "保持曲线可以按订单中的某一列分组；is_member 是客户表中的列。"},
          {"en": "Merge customers[[\"customer_id\", \"is_member\"]] into the orders, call "
                 "ck.retention_curve(..., by=\"is_member\") and take the row .loc[6].",
           "zh": "把 customers[[\"customer_id\", \"is_member\"]] 合并到订单中，调用 "
                 "ck.retention_curve(..., by=\"is_member\")，再取 .loc[6] 这一行。"}],
    compare=_compare_members,
)
def _member_retention() -> pd.Series:
    return _member_curve().loc[MEMBER_MONTH]


@cache
def _churn_rate(as_of: str, days: int) -> float:
    return float(churn_flags(_orders(), as_of=as_of, inactive_days=days)["churned"].mean())


def _rule_mistakes() -> list[tuple[float, str, str]]:
    flagged = churn_flags(_orders(), as_of=RULE_AS_OF, inactive_days=RULE_DAYS)["churned"]
    return [
        (_churn_rate(RULE_AS_OF, 180), "That is the default 180-day rule; pass "
                                       f"inactive_days={RULE_DAYS}.",
         f"这是默认的 180 天规则；请传入 inactive_days={RULE_DAYS}。"),
        (_churn_rate("2025-12-31", RULE_DAYS), "That is at the end of the data; set "
                                               f"as_of=\"{RULE_AS_OF}\".",
         f"这是数据末尾那一天的结果；请设置 as_of=\"{RULE_AS_OF}\"。"),
        (float(flagged.sum()), "That is the number of churned customers; divide by the "
                               "customers who had bought by then (or take .mean()).",
         "这是流失客户的人数；应除以当时已购买过的客户数（或取 .mean()）。"),
        (1 - _churn_rate(RULE_AS_OF, RULE_DAYS), "That is the share still active; the churn "
                                                 "rate is the share flagged.",
         "这是仍然活跃的比例；流失率是被标记为流失的比例。"),
    ]


@exercise(
    "06.churn_rate_rule",
    title={"en": "A churn rate with its rule", "zh": "附有判定规则的流失率"},
    hint=[{"en": "Flag each customer as the data looked on the day asked, with the rule asked, "
                 "then take the share flagged.",
           "zh": "按题目所给的日期和规则标记每位客户，再求被标记者所占的比例。"},
          {"en": "ck.churn_flags(orders, as_of=..., inactive_days=...)[\"churned\"].mean().",
           "zh": "ck.churn_flags(orders, as_of=..., inactive_days=...)[\"churned\"].mean()。"}],
    compare=_numeric_checker(_rule_mistakes),
)
def _churn_rate_rule() -> float:
    return _churn_rate(RULE_AS_OF, RULE_DAYS)


# --------------------------------------------------------------------------- analyse

def _gain_mistakes() -> list[tuple[float, str, str]]:
    r, m, c, d = (PROGRAMME[k] for k in ("retention", "margin", "cost", "discount"))
    need = (1 + d - r) * c / m
    return [
        (c / m, "cost ÷ margin ignores how long the customer stays: multiply by (1 + d − r).",
         "成本 ÷ 毛利忽略了客户会留多久：还要乘以 (1 + d − r)。"),
        ((1 - r) * c / m, "Close, but the discount rate is missing: (1 + d − r), not (1 − r).",
         "很接近，但漏掉了折现率：应是 (1 + d − r)，而不是 (1 − r)。"),
        (r + need, "That is the break-even retention rate; the question asks by how much it "
                   "must rise.",
         "这是盈亏平衡时的保持率；题目问的是它要提高多少。"),
        (need * 100, "Give the gain as a fraction (0.01 = 1 point), not in points.",
         "请把提升幅度写成小数（0.01 = 1 个百分点），而不是百分点数。"),
    ]


@exercise(
    "06.break_even_gain",
    title={"en": "The break-even retention gain", "zh": "盈亏平衡的保持率提升"},
    hint=[{"en": "With the programme the customer brings less margin each year but stays "
                 "longer. Which rise in retention leaves their lifetime value unchanged?",
           "zh": "实施计划后，客户每年带来的毛利减少，但会留得更久。保持率提高多少时，"
                 "客户终生价值保持不变？"},
          {"en": "Break-even gain = (1 + d − r) × cost ÷ margin, or "
                 "ck.retention_programme(r, margin, cost=..., discount=...)"
                 "[\"break_even_gain\"].",
           "zh": "盈亏平衡提升 = (1 + d − r) × 成本 ÷ 毛利，或调用 "
                 "ck.retention_programme(r, margin, cost=..., discount=...)"
                 "[\"break_even_gain\"]。"}],
    compare=_numeric_checker(_gain_mistakes),
)
def _break_even_gain() -> float:
    p = PROGRAMME
    return float(retention_programme(p["retention"], p["margin"], cost=p["cost"],
                                     discount=p["discount"])["break_even_gain"])


# --------------------------------------------------------------------------- evaluate

def _cut_mistakes() -> list[tuple[float, str, str]]:
    m, cut = CUT_MARGIN_RATE, CUT
    return [
        (cut, "A 5% cut does not need only 5% more sales: it takes 5 points off a 25% margin, "
              "a fifth of the profit on every sale.",
         "降价 5% 并不是只需多卖 5%：它从 25% 的毛利率中拿走了 5 个百分点，"
         "即每笔销售五分之一的利润。"),
        (cut / m, "You divided by the old margin rate; after the cut each sale earns only "
                  f"{m - cut:.0%} of the old price.",
         f"你除以的是原来的毛利率；降价后每笔销售只赚原价的 {m - cut:.0%}。"),
        (m / (m - cut), "That is the new sales as a multiple of the old; the rise is that "
                        "minus 1.",
         "这是新销售额相对原销售额的倍数；增长幅度应再减去 1。"),
        (cut * m, "Multiplying the cut by the margin rate gives no sales target; solve "
                  "(1 + x) × (margin − cut) = margin.",
         "降价幅度乘以毛利率得不到所需销量；应解 (1 + x) × (毛利率 − 降价) = 毛利率。"),
    ]


@exercise(
    "06.price_cut",
    title={"en": "The extra sales a price cut needs", "zh": "降价所需的额外销量"},
    hint=[{"en": "After the cut, how much does each sale earn (as a share of the old price)? "
                 "How many more sales make up the lost margin?",
           "zh": "降价后，每笔销售赚多少（占原价的比例）？要多卖多少才能补回损失的毛利？"},
          {"en": "Solve (1 + x) × (margin rate − cut) = margin rate: x = cut ÷ (margin rate − "
                 "cut).",
           "zh": "解方程 (1 + x) ×（毛利率 − 降价幅度）= 毛利率："
                 "x = 降价幅度 ÷（毛利率 − 降价幅度）。"}],
    compare=_numeric_checker(_cut_mistakes),
)
def _price_cut() -> float:
    return CUT / (CUT_MARGIN_RATE - CUT)


# --------------------------------------------------------------------------- apply (§9)

@cache
def _forecast(end: str, unit: str, periods: float) -> float:
    """Repeat purchases the BG/NBD model fitted up to ``end`` expects in the next ``periods``."""
    summary = clv_summary(_orders(), end, unit)
    return float(fit_bgnbd(summary).expected_purchases(summary, periods).sum())


def _forecast_alternatives() -> list[float]:
    """Right answers too: 2025 as 365 / 7 weeks, or the model fitted in days or months."""
    return [_forecast(FORECAST_END, "W", 365 / 7), _forecast(FORECAST_END, "D", 364),
            _forecast(FORECAST_END, "D", 365), _forecast(FORECAST_END, "M", 12)]


def _forecast_mistakes() -> list[tuple[float, str, str]]:
    summary = clv_summary(_orders(), FORECAST_END)
    model = fit_bgnbd(summary)
    return [
        (_forecast(FORECAST_END, "W", 1), "That is one week: periods counts the model's time "
                                          "unit, weeks, so a year is periods=52.",
         "这只是一周：periods 以模型的时间单位（周）计，一年应为 periods=52。"),
        (_forecast(FORECAST_END, "W", 12), "periods=12 is twelve weeks, not twelve months: the "
                                           "summary is in weeks, so a year is 52.",
         "periods=12 是 12 周而不是 12 个月：汇总表以周为单位，一年是 52 周。"),
        (_forecast(FORECAST_END, "W", 365), "periods=365 is 365 weeks, seven years: the summary "
                                            "is in weeks, so a year is 52.",
         "periods=365 是 365 周，约七年：汇总表以周为单位，一年是 52 周。"),
        (_forecast(FORECAST_END, "D", 52), "With unit=\"D\" the model counts days: 52 of them "
                                           "are not a year. Keep weeks and periods=52.",
         "unit=\"D\" 时模型以天计：52 天不是一年。请用周，并取 periods=52。"),
        (_forecast(FORECAST_END, "M", 52), "With unit=\"M\" the model counts months: 52 of "
                                           "them are four years. Keep weeks and periods=52.",
         "unit=\"M\" 时模型以月计：52 个月是四年多。请用周，并取 periods=52。"),
        (_forecast(FORECAST_END, "W", FORECAST_WEEKS) / len(summary),
         "That is the mean per customer; the question asks for the total of all of them: "
         ".sum(), not .mean().",
         "这是每位客户的平均数；题目问的是所有客户的总数：用 .sum() 而不是 .mean()。"),
        (_forecast("2025-12-31", "W", FORECAST_WEEKS),
         "That model has seen 2025 and forecasts 2026: end the calibration period on "
         f"{FORECAST_END}.",
         f"这个模型已经看过 2025 年，预测的是 2026 年：校准期应在 {FORECAST_END} 结束。"),
        (float(clv_summary(_orders(), FORECAST_END, holdout_end="2025-12-31")[
            "frequency_holdout"].sum()),
         "That is what the customers really did in 2025; the question asks for the forecast "
         "the model makes at the end of 2024.",
         "这是客户在 2025 年实际的购买次数；题目问的是模型在 2024 年底做出的预测。"),
        (float(model.repeat_purchases(FORECAST_WEEKS)) * len(summary),
         "That gives every customer a new customer's forecast; expected_purchases(summary, 52) "
         "uses each customer's own frequency and recency.",
         "这给了每位客户一个新客户的预测值；expected_purchases(summary, 52) 会用每位客户自己的"
         "购买次数和最近一次购买时间。"),
    ]


def _compare_forecast(expected: float, answer: Any) -> str | None:
    value = _number(answer)
    if value is not None and any(math.isclose(value, right, rel_tol=1e-3)
                                 for right in _forecast_alternatives()):
        return None
    return _numeric_checker(_forecast_mistakes)(expected, answer)


@exercise(
    "06.forecast_2025",
    title={"en": "Repeat purchases expected in 2025 (BG/NBD)",
           "zh": "2025 年预期的重复购买次数（BG/NBD）"},
    hint=[{"en": "Summarise the orders up to the end of 2024, fit the model, and add up what it "
                 "expects from each customer over one year.",
           "zh": "先汇总 2024 年底以前的订单，拟合模型，再把它对每位客户一年内的预期加总。"},
          {"en": "summary = ck.clv_summary(orders, \"2024-12-31\"); "
                 "ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum(); the summary is "
                 "in weeks.",
           "zh": "summary = ck.clv_summary(orders, \"2024-12-31\")；"
                 "ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum()；"
                 "汇总表以周为单位。"}],
    compare=_compare_forecast,
)
def _forecast_2025() -> float:
    return _forecast(FORECAST_END, "W", FORECAST_WEEKS)
