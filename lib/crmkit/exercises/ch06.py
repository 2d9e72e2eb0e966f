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

This module is the pattern for a chapter's checkers on the toolkit
(:mod:`crmkit.exercises.toolkit`): each exercise declares the kind of number it
asks for (the rounding policy), its graded hints, its predicted mistakes
(:class:`~crmkit.exercises.toolkit.Mistake`, computed by a function when they
need the data) and, where there are any, its other right answers.  No checker
here compares by hand.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from crmkit.alive import clv_summary, fit_bgnbd
from crmkit.datasets import load_customers, load_transactions
from crmkit.exercises.engine import exercise
from crmkit.exercises.toolkit import Mistake, graded_hints
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


# --------------------------------------------------------------------------- recall

def _lifetime_mistakes() -> list[Mistake]:
    r = LIFETIME_RETENTION
    return [
        Mistake(1 / r,
                en=f"1 / {r:g} divides by the retention rate; the lifetime is 1 / (1 − r), one "
                   "over the churn rate.",
                zh=f"1 / {r:g} 是除以保持率；期望寿命是 1 / (1 − r)，即流失率的倒数。"),
        Mistake(r / (1 - r),
                en=f"{r:g} / (1 − {r:g}) counts only the years after this one; the lifetime "
                   "counts this year too: 1 / (1 − r).",
                zh=f"{r:g} / (1 − {r:g}) 只计算了今年以后的年数；"
                   "期望寿命还包括今年：1 / (1 − r)。"),
        Mistake(1 - r,
                en=f"{1 - r:g} is the churn rate; the lifetime is one over it.",
                zh=f"{1 - r:g} 是流失率；期望寿命是它的倒数。"),
        Mistake(1 / (1 - r * 100),
                en="Use the rate as a fraction (0.75), not a percentage.",
                zh="保持率应写成小数（0.75），而不是百分数。"),
    ]


@exercise(
    "06.expected_lifetime",
    title={"en": "The expected customer lifetime", "zh": "期望客户寿命"},
    hint=graded_hints(
        ("If a share r stays each year, what share leaves each year, and how long does a "
         "customer stay on average?",
         "如果每年有 r 的客户留下，每年离开的比例是多少？客户平均会留多久？"),
        ("Expected lifetime = 1 / (1 − r) with r as a fraction, or ck.expected_lifetime(r).",
         "期望寿命 = 1 / (1 − r)，r 用小数表示；或调用 ck.expected_lifetime(r)。")),
    kind="ratio",
    mistakes=_lifetime_mistakes,
)
def _expected_lifetime() -> float:
    return float(expected_lifetime(LIFETIME_RETENTION))


# --------------------------------------------------------------------------- understand

def _club_mistakes() -> list[Mistake]:
    start, end, new = CLUB_START, CLUB_END, CLUB_NEW
    return [
        Mistake(end / start,
                en="end ÷ start counts the new members as kept; subtract the new ones first.",
                zh="期末 ÷ 期初把新会员也算作留住的会员；应先减去新会员。"),
        Mistake((end - new) / end,
                en="Divide by the members at the start: the rate says what share of *them* "
                   "stayed.",
                zh="应除以期初会员数：保持率说的是期初会员中留下的比例。"),
        Mistake(1 - (end - new) / start,
                en="That is the churn rate; the retention rate is 1 minus it.",
                zh="这是流失率；保持率是 1 减去它。"),
        Mistake((end - start) / start,
                en="That is the growth of the club, not the share kept.",
                zh="这是会员人数的增长率，而不是留住的比例。"),
    ]


@exercise(
    "06.retention_from_counts",
    title={"en": "Retention from head counts", "zh": "由人数计算客户保持率"},
    hint=graded_hints(
        ("Which of the 1,350 members at the end were already members at the start?",
         "期末的 1,350 位会员中，哪些在期初就已经是会员？"),
        ("r = (end − new) / start, or ck.retention_from_counts(start=..., end=..., new=...).",
         "保持率 =（期末人数 − 新增人数）÷ 期初人数，或调用 "
         "ck.retention_from_counts(start=..., end=..., new=...)。")),
    kind="rate",
    mistakes=_club_mistakes,
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


@cache  # computed from the sample data once; the checks only read it
def _member_mistakes() -> list[Mistake]:
    curve = _member_curve()
    return [
        Mistake(when=lambda answer: isinstance(answer, pd.DataFrame)
                and MEMBER_MONTH in answer.index,
                example=_member_curve,
                en=f"That is the whole curve; the answer is its month-{MEMBER_MONTH} row: "
                   f".loc[{MEMBER_MONTH}].",
                zh=f"这是整条曲线；答案是其中第 {MEMBER_MONTH} 个月那一行：.loc[{MEMBER_MONTH}]。"),
        Mistake(curve.loc[MEMBER_MONTH - 1],
                en="That is month 5; month 0 is the month of the first purchase, so count 6 on "
                   "from it.",
                zh="这是第 5 个月；第 0 个月是首次购买的当月，应从它往后数 6 个月。"),
        Mistake(curve.loc[MEMBER_MONTH + 1],
                en="That is month 7: month 0 is the month of the first purchase itself.",
                zh="这是第 7 个月：第 0 个月就是首次购买的当月。"),
        Mistake(1 - curve.loc[MEMBER_MONTH],
                en="Those are the shares *not* buying in month 6; give the shares still buying.",
                zh="这是第 6 个月没有购买的比例；应给出仍在购买的比例。"),
        Mistake(when=lambda answer: isinstance(answer, pd.Series)
                and sorted(answer.index) != ["False", "True"],
                example=lambda: retention_curve(_orders()).loc[MEMBER_MONTH],
                en="Index the answer by is_member (False, True): pass by=\"is_member\" after "
                   "joining it to the orders.",
                zh="答案应以 is_member（False、True）为索引：把它合并到订单后传入 "
                   "by=\"is_member\"。"),
    ]


@exercise(
    "06.member_retention",
    title={"en": "Month-6 retention of members and non-members",
           "zh": "会员与非会员第 6 个月的保持率"},
    hint=graded_hints(
        ("The retention curve can be split into groups by a column of the orders; is_member "
         "is a column of the customers.",
         "保持曲线可以按订单中的某一列分组；is_member 是客户表中的列。"),
        ("Merge customers[[\"customer_id\", \"is_member\"]] into the orders, call "
         "ck.retention_curve(..., by=\"is_member\") and take the row .loc[6].",
         "把 customers[[\"customer_id\", \"is_member\"]] 合并到订单中，调用 "
         "ck.retention_curve(..., by=\"is_member\")，再取 .loc[6] 这一行。")),
    kind="share",
    prepare=_as_member_series,
    mistakes=_member_mistakes,
)
def _member_retention() -> pd.Series:
    return _member_curve().loc[MEMBER_MONTH]


@cache
def _churn_rate(as_of: str, days: int) -> float:
    return float(churn_flags(_orders(), as_of=as_of, inactive_days=days)["churned"].mean())


@cache  # computed from the sample data once; the checks only read it
def _rule_mistakes() -> list[Mistake]:
    flagged = churn_flags(_orders(), as_of=RULE_AS_OF, inactive_days=RULE_DAYS)["churned"]
    return [
        Mistake(_churn_rate(RULE_AS_OF, 180),
                en=f"That is the default 180-day rule; pass inactive_days={RULE_DAYS}.",
                zh=f"这是默认的 180 天规则；请传入 inactive_days={RULE_DAYS}。"),
        Mistake(_churn_rate("2025-12-31", RULE_DAYS),
                en=f"That is at the end of the data; set as_of=\"{RULE_AS_OF}\".",
                zh=f"这是数据末尾那一天的结果；请设置 as_of=\"{RULE_AS_OF}\"。"),
        Mistake(float(flagged.sum()),
                en="That is the number of churned customers; divide by the customers who had "
                   "bought by then (or take .mean()).",
                zh="这是流失客户的人数；应除以当时已购买过的客户数（或取 .mean()）。"),
        Mistake(1 - _churn_rate(RULE_AS_OF, RULE_DAYS),
                en="That is the share still active; the churn rate is the share flagged.",
                zh="这是仍然活跃的比例；流失率是被标记为流失的比例。"),
    ]


@exercise(
    "06.churn_rate_rule",
    title={"en": "A churn rate with its rule", "zh": "附有判定规则的流失率"},
    hint=graded_hints(
        ("Flag each customer as the data looked on the day asked, with the rule asked, then "
         "take the share flagged.",
         "按题目所给的日期和规则标记每位客户，再求被标记者所占的比例。"),
        ("ck.churn_flags(orders, as_of=..., inactive_days=...)[\"churned\"].mean().",
         "ck.churn_flags(orders, as_of=..., inactive_days=...)[\"churned\"].mean()。")),
    kind="rate",
    mistakes=_rule_mistakes,
)
def _churn_rate_rule() -> float:
    return _churn_rate(RULE_AS_OF, RULE_DAYS)


# --------------------------------------------------------------------------- analyse

def _gain_mistakes() -> list[Mistake]:
    r, m, c, d = (PROGRAMME[k] for k in ("retention", "margin", "cost", "discount"))
    need = (1 + d - r) * c / m
    return [
        Mistake(c / m,
                en="cost ÷ margin ignores how long the customer stays: multiply by (1 + d − r).",
                zh="成本 ÷ 毛利忽略了客户会留多久：还要乘以 (1 + d − r)。"),
        Mistake((1 - r) * c / m,
                en="Close, but the discount rate is missing: (1 + d − r), not (1 − r).",
                zh="很接近，但漏掉了折现率：应是 (1 + d − r)，而不是 (1 − r)。"),
        Mistake(r + need,
                en="That is the break-even retention rate; the question asks by how much it "
                   "must rise.",
                zh="这是盈亏平衡时的保持率；题目问的是它要提高多少。"),
        Mistake(need * 100,
                en="Give the gain as a fraction (0.01 = 1 point), not in points.",
                zh="请把提升幅度写成小数（0.01 = 1 个百分点），而不是百分点数。"),
    ]


@exercise(
    "06.break_even_gain",
    title={"en": "The break-even retention gain", "zh": "盈亏平衡的保持率提升"},
    hint=graded_hints(
        ("With the programme the customer brings less margin each year but stays longer. "
         "Which rise in retention leaves their lifetime value unchanged?",
         "实施计划后，客户每年带来的毛利减少，但会留得更久。保持率提高多少时，"
         "客户终生价值保持不变？"),
        ("Break-even gain = (1 + d − r) × cost ÷ margin, or "
         "ck.retention_programme(r, margin, cost=..., discount=...)[\"break_even_gain\"].",
         "盈亏平衡提升 = (1 + d − r) × 成本 ÷ 毛利，或调用 "
         "ck.retention_programme(r, margin, cost=..., discount=...)[\"break_even_gain\"]。")),
    kind="rate",
    decimals=3,  # 0.024: two decimals (0.02) would be a sixth off
    mistakes=_gain_mistakes,
)
def _break_even_gain() -> float:
    p = PROGRAMME
    return float(retention_programme(p["retention"], p["margin"], cost=p["cost"],
                                     discount=p["discount"])["break_even_gain"])


# --------------------------------------------------------------------------- evaluate

def _cut_mistakes() -> list[Mistake]:
    m, cut = CUT_MARGIN_RATE, CUT
    return [
        Mistake(cut,
                en="A 5% cut does not need only 5% more sales: it takes 5 points off a 25% "
                   "margin, a fifth of the profit on every sale.",
                zh="降价 5% 并不是只需多卖 5%：它从 25% 的毛利率中拿走了 5 个百分点，"
                   "即每笔销售五分之一的利润。"),
        Mistake(cut / m,
                en="You divided by the old margin rate; after the cut each sale earns only "
                   f"{m - cut:.0%} of the old price.",
                zh=f"你除以的是原来的毛利率；降价后每笔销售只赚原价的 {m - cut:.0%}。"),
        Mistake(m / (m - cut),
                en="That is the new sales as a multiple of the old; the rise is that minus 1.",
                zh="这是新销售额相对原销售额的倍数；增长幅度应再减去 1。"),
        Mistake(cut * m,
                en="Multiplying the cut by the margin rate gives no sales target; solve "
                   "(1 + x) × (margin − cut) = margin.",
                zh="降价幅度乘以毛利率得不到所需销量；应解（1 + x）×（毛利率 − 降价）= 毛利率。"),
    ]


@exercise(
    "06.price_cut",
    title={"en": "The extra sales a price cut needs", "zh": "降价所需的额外销量"},
    hint=graded_hints(
        ("After the cut, how much does each sale earn (as a share of the old price)? How many "
         "more sales make up the lost margin?",
         "降价后，每笔销售赚多少（占原价的比例）？要多卖多少才能补回损失的毛利？"),
        ("Solve (1 + x) × (margin rate − cut) = margin rate: x = cut ÷ (margin rate − cut).",
         "解方程 (1 + x) ×（毛利率 − 降价幅度）= 毛利率："
         "x = 降价幅度 ÷（毛利率 − 降价幅度）。")),
    kind="rate",
    mistakes=_cut_mistakes,
)
def _price_cut() -> float:
    return CUT / (CUT_MARGIN_RATE - CUT)


# --------------------------------------------------------------------------- apply (§9)

@cache
def _forecast(end: str, unit: str, periods: float) -> float:
    """Repeat purchases the BG/NBD model fitted up to ``end`` expects in the next ``periods``."""
    summary = clv_summary(_orders(), end, unit)
    return float(fit_bgnbd(summary).expected_purchases(summary, periods).sum())


@cache  # computed from the sample data once; the checks only read it
def _forecast_alternatives() -> tuple[float, ...]:
    """Right answers too: 2025 as 365 / 7 weeks, or the model fitted in days or months."""
    return (_forecast(FORECAST_END, "W", 365 / 7), _forecast(FORECAST_END, "D", 364),
            _forecast(FORECAST_END, "D", 365), _forecast(FORECAST_END, "M", 12))


@cache  # computed from the sample data once; the checks only read it
def _forecast_mistakes() -> list[Mistake]:
    summary = clv_summary(_orders(), FORECAST_END)
    model = fit_bgnbd(summary)
    return [
        Mistake(_forecast(FORECAST_END, "W", 1),
                en="That is one week: periods counts the model's time unit, weeks, so a year "
                   "is periods=52.",
                zh="这只是一周：periods 以模型的时间单位（周）计，一年应为 periods=52。"),
        Mistake(_forecast(FORECAST_END, "W", 12),
                en="periods=12 is twelve weeks, not twelve months: the summary is in weeks, so "
                   "a year is 52.",
                zh="periods=12 是 12 周而不是 12 个月：汇总表以周为单位，一年是 52 周。"),
        Mistake(_forecast(FORECAST_END, "W", 365),
                en="periods=365 is 365 weeks, seven years: the summary is in weeks, so a year "
                   "is 52.",
                zh="periods=365 是 365 周，约七年：汇总表以周为单位，一年是 52 周。"),
        Mistake(_forecast(FORECAST_END, "D", 52),
                en="With unit=\"D\" the model counts days: 52 of them are not a year. Keep "
                   "weeks and periods=52.",
                zh="unit=\"D\" 时模型以天计：52 天不是一年。请用周，并取 periods=52。"),
        Mistake(_forecast(FORECAST_END, "M", 52),
                en="With unit=\"M\" the model counts months: 52 of them are four years. Keep "
                   "weeks and periods=52.",
                zh="unit=\"M\" 时模型以月计：52 个月是四年多。请用周，并取 periods=52。"),
        Mistake(_forecast(FORECAST_END, "W", FORECAST_WEEKS) / len(summary),
                en="That is the mean per customer; the question asks for the total of all of "
                   "them: .sum(), not .mean().",
                zh="这是每位客户的平均数；题目问的是所有客户的总数：用 .sum() 而不是 .mean()。"),
        Mistake(_forecast("2025-12-31", "W", FORECAST_WEEKS),
                en="That model has seen 2025 and forecasts 2026: end the calibration period on "
                   f"{FORECAST_END}.",
                zh=f"这个模型已经看过 2025 年，预测的是 2026 年：校准期应在 {FORECAST_END} 结束。"),
        Mistake(float(clv_summary(_orders(), FORECAST_END, holdout_end="2025-12-31")[
                    "frequency_holdout"].sum()),
                en="That is what the customers really did in 2025; the question asks for the "
                   "forecast the model makes at the end of 2024.",
                zh="这是客户在 2025 年实际的购买次数；题目问的是模型在 2024 年底做出的预测。"),
        Mistake(float(model.repeat_purchases(FORECAST_WEEKS)) * len(summary),
                en="That gives every customer a new customer's forecast; "
                   "expected_purchases(summary, 52) uses each customer's own frequency and "
                   "recency.",
                zh="这给了每位客户一个新客户的预测值；expected_purchases(summary, 52) 会用每位"
                   "客户自己的购买次数和最近一次购买时间。"),
    ]


@exercise(
    "06.forecast_2025",
    title={"en": "Repeat purchases expected in 2025 (BG/NBD)",
           "zh": "2025 年预期的重复购买次数（BG/NBD）"},
    hint=graded_hints(
        ("Summarise the orders up to the end of 2024, fit the model, and add up what it "
         "expects from each customer over one year.",
         "先汇总 2024 年底以前的订单，拟合模型，再把它对每位客户一年内的预期加总。"),
        ("summary = ck.clv_summary(orders, \"2024-12-31\"); "
         "ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum(); the summary is in "
         "weeks.",
         "summary = ck.clv_summary(orders, \"2024-12-31\")；"
         "ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum()；汇总表以周为单位。")),
    kind="count",
    rtol=1e-3,  # the same model fitted in days or months lands within a few purchases
    alternatives=_forecast_alternatives,
    mistakes=_forecast_mistakes,
)
def _forecast_2025() -> float:
    return _forecast(FORECAST_END, "W", FORECAST_WEEKS)
