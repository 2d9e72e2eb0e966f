"""Chapter 07 (Customer satisfaction): seven exercises, from understanding to judgement.

=========================  ==========  ================================================
id                         level       task
=========================  ==========  ================================================
07.intent_top_box          understand  top-box share of repurchase intent per member level
07.member_nps              apply       the NPS of members and of non-members
07.member_nps_interval     apply       the 95% interval of the members' NPS
07.nps_sample_size         analyse     answers needed for an NPS known to ±5 points
07.repurchase_gap          analyse     180-day repurchase: satisfied (4–5) minus the rest
07.fix_first               evaluate    which attribute the unhappy customers say to fix first
07.clean_export            apply       the NPS of 2024 from two overlapping exports
=========================  ==========  ================================================

Each checker names the mistakes students make most: the mean or the top-two box
for the top box, percentages for fractions, an NPS typed on the 1–5 column,
promoter share alone, the interval of all respondents or at 90%, the top-box
formula for the NPS's variance, the 5s against the 4s instead of the groups
asked, stated intention instead of behaviour, numbers from the whole survey
instead of the unhappy answers, answers counted twice.  The numbers of each
task are the module constants below; the notebook states them in the task text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.datasets import load_customers, load_survey, load_transactions
from crmkit.exercises.engine import difference, exercise, plain_text
from crmkit.satisfaction import (
    ATTRIBUTES,
    importance_performance,
    nps,
    repurchase_after_survey,
    top_box_table,
)

__all__ = [
    "EXPORT_WINDOWS",
    "FIX_FIRST_SCORES",
    "GAP_WINDOW",
    "MARGIN_POINTS",
    "MISTAKE_Z",
]

_say = i18n.say

#: 07.nps_sample_size: the margin of error asked for (NPS points, 95%).
MARGIN_POINTS = 5.0
#: 07.member_nps_interval: the normal quantile of a 95% interval, and the one of a 90% one.
MISTAKE_Z = {0.95: 1.959964, 0.90: 1.644854}
#: 07.repurchase_gap: the window after the survey, in days.
GAP_WINDOW = 180
#: 07.fix_first: the answers read (the unhappy ones: 1–3).
FIX_FIRST_SCORES = (1, 2, 3)
#: 07.clean_export: the two exports of 2024 answers, [start, end) each.
EXPORT_WINDOWS = (("2024-01-01", "2024-10-01"), ("2024-04-01", "2025-01-01"))


def _plus(found: str, en: str, zh: str) -> str:
    """Feedback with one more sentence: a space before English, none after a Chinese 。."""
    return found + _say(" " + en, zh)


def _number(answer: Any) -> float | None:
    if isinstance(answer, (bool, np.bool_)):
        return None
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def _numeric_checker(mistakes: Callable[[], list[tuple[float, str, str]]], *,
                     rtol: float = 1e-3, atol: float = 1e-9
                     ) -> Callable[[float, Any], str | None]:
    """A comparison that names each predicted wrong number ``(value, en, zh)``."""
    def compare(expected: float, answer: Any) -> str | None:
        found = difference(expected, answer, rtol=rtol, atol=atol)
        if found is None:
            return None
        value = _number(answer)
        if value is None:
            return found
        for wrong, en, zh in mistakes():
            if math.isclose(value, wrong, rel_tol=rtol, abs_tol=max(atol, 1e-9)):
                return _plus(found, en, zh)
        return found
    return compare


# --------------------------------------------------------------------------- the data

@cache
def _answers() -> pd.DataFrame:
    """The survey with each customer's membership (loaded once, never modified)."""
    return load_survey().merge(load_customers()[["customer_id", "is_member", "member_level"]],
                               on="customer_id")


def _series_close(expected: pd.Series, answer: Any, *, rtol: float = 1e-3,
                  atol: float = 1e-9) -> bool:
    return isinstance(answer, pd.Series) and difference(
        expected, answer, rtol=rtol, atol=atol) is None


def _with_text_index(answer: Any) -> Any:
    """A Series with its labels as text ('True', 'gold'), as the expected answers have them."""
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, pd.Series):
        answer = answer.copy()
        answer.index = [str(v) for v in answer.index]
    return answer


def _series_checker(mistakes: Callable[[], list[tuple[pd.Series, str, str]]], *,
                    rtol: float = 1e-3) -> Callable[[pd.Series, Any], str | None]:
    """A comparison of Series (labels as text) that names each predicted wrong Series."""
    def compare(expected: pd.Series, answer: Any) -> str | None:
        answer = _with_text_index(answer)
        if isinstance(answer, pd.Series):
            answer.name = expected.name
        found = difference(expected, answer, rtol=rtol)
        if found is None or not isinstance(answer, pd.Series):
            return found
        for wrong, en, zh in mistakes():
            if _series_close(_with_text_index(wrong).rename(expected.name), answer, rtol=rtol):
                return _plus(found, en, zh)
        return found
    return compare


# --------------------------------------------------------------------------- understand

def _by_level(values: pd.Series) -> pd.Series:
    result = values.groupby(_answers()["member_level"]).mean()
    result.index = [str(v) for v in result.index]
    return result.rename("share")


def _counted(values: pd.Series) -> pd.Series:
    result = values.groupby(_answers()["member_level"]).sum()
    result.index = [str(v) for v in result.index]
    return result.rename("share")


def _intent_mistakes() -> list[tuple[pd.Series, str, str]]:
    intent = _answers()["repurchase_intent"]
    share = _by_level((intent == 5).astype(float))
    return [
        (_by_level(intent.astype(float)),
         "Those are the mean scores (1–5); the top box is the share who gave 5.",
         "这些是平均分（1–5）；最高分占比是给出 5 分的回答所占的比例。"),
        (_by_level((intent >= 4).astype(float)),
         "That is the top-two box (4 or 5); the task asks for the top box, 5 only.",
         "这是最高两档占比（4 分或 5 分）；题目问的是最高分占比，只算 5 分。"),
        (share * 100, "Give fractions (0.19), not percentages (19).",
         "请写成小数（0.19），而不是百分数（19）。"),
        (_counted((intent == 5).astype(float)),
         "Those are counts of 5s; divide by each level's answers (or take the mean).",
         "这些是 5 分的个数；应除以各等级的回答数（或取均值）。"),
        (_by_level((_answers()["satisfaction"] == 5).astype(float)),
         "That is the top box of satisfaction; the task asks about repurchase_intent.",
         "这是满意度的最高分占比；题目问的是 repurchase_intent（再购意愿）。"),
    ]


@exercise(
    "07.intent_top_box",
    title={"en": "Top box of repurchase intent by member level",
           "zh": "各会员等级再购意愿的最高分占比"},
    hint=[{"en": "For each member level, which answers count, and out of how many?",
           "zh": "对每个会员等级，哪些回答算数？分母是多少？"},
          {"en": "Merge member_level from the customers into the survey, then group by it and "
                 "take the share of repurchase_intent == 5, or ck.top_box_table(..., "
                 "\"repurchase_intent\", by=\"member_level\")[\"share\"].",
           "zh": "把客户表中的 member_level 合并到问卷中，按它分组，求 repurchase_intent == 5 "
                 "的比例；或调用 ck.top_box_table(..., \"repurchase_intent\", "
                 "by=\"member_level\")[\"share\"]。"}],
    compare=_series_checker(_intent_mistakes, rtol=3e-3),
)
def _intent_top_box() -> pd.Series:
    table = top_box_table(_answers(), "repurchase_intent", by="member_level")
    share = table["share"].copy()
    share.index = [str(v) for v in share.index]
    return share.rename("share")


# --------------------------------------------------------------------------- apply

def _member_table(**kwargs: Any) -> pd.DataFrame:
    table = nps(_answers(), by="is_member", **kwargs)
    table.index = [str(v) for v in table.index]
    return table


def _by_member(values: pd.Series) -> pd.Series:
    result = values.groupby(_answers()["is_member"]).mean()
    result.index = [str(v) for v in result.index]
    return result.rename("nps")


def _member_mistakes() -> list[tuple[pd.Series, str, str]]:
    right = _member_table()["nps"]
    typed = _answers()["satisfaction"]
    return [
        (_by_member(100 * ((typed >= 9).astype(float) - (typed <= 6).astype(float))),
         "−100 for both: you read the 1–5 satisfaction column, on which nobody reaches 9. The "
         "NPS uses recommend (0–10).",
         "两组都是 −100：你用的是 1–5 分的满意度列，上面没有人能打到 9 分。NPS 要用 "
         "recommend（0–10 分）。"),
        (right / 100, "Give the NPS in points (−16.3), not as a fraction.",
         "NPS 请用分数表示（−16.3），而不是小数。"),
        (100 * _member_table()["promoter_share"], "That is the promoter share alone; subtract "
                                                   "the detractor share.",
         "这只是推荐者占比；还要减去贬损者占比。"),
        (_member_table(promoter_from=8)["nps"], "Promoters answer 9 or 10, not 8.",
         "推荐者是打 9 或 10 分的人，8 分不算。"),
        (right.rename({"True": "False", "False": "True"}),
         "The two values are swapped: members are is_member == True.",
         "两个数值对调了：会员是 is_member == True 的客户。"),
    ]


@exercise(
    "07.member_nps",
    title={"en": "The NPS of members and non-members", "zh": "会员与非会员的净推荐值"},
    hint=[{"en": "Which survey column is the 0–10 recommend question, and which customers are "
                 "members?",
           "zh": "问卷中哪一列是 0–10 分的推荐问题？哪些客户是会员？"},
          {"en": "Merge is_member from the customers into the survey, then "
                 "ck.nps(..., by=\"is_member\")[\"nps\"].",
           "zh": "把客户表中的 is_member 合并到问卷中，再调用 "
                 "ck.nps(..., by=\"is_member\")[\"nps\"]。"}],
    compare=_series_checker(_member_mistakes),
)
def _member_nps() -> pd.Series:
    return _member_table()["nps"].rename("nps")


def _pair_of_numbers(answer: Any) -> tuple[float, float] | None:
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if isinstance(answer, (list, tuple, np.ndarray)) and len(answer) == 2:
        values = [_number(v) for v in answer]
        if None not in values:
            low, high = sorted(values)  # type: ignore[type-var]
            return low, high
    return None


def _members() -> pd.DataFrame:
    return _answers()[_answers()["is_member"]]


def _interval_at(frame: pd.DataFrame, z: float, *, fraction: bool = False,
                 variance: str = "nps") -> tuple[float, float]:
    values = frame["recommend"]
    p, d = float((values >= 9).mean()), float((values <= 6).mean())
    centre = p - d
    spread = p + d - centre ** 2 if variance == "nps" else p * (1 - p)
    half = z * math.sqrt(spread / len(frame))
    scale = 1 if fraction else 100
    return scale * (centre - half), scale * (centre + half)


def _interval_mistakes() -> list[tuple[tuple[float, float], str, str]]:
    z, z90 = MISTAKE_Z[0.95], MISTAKE_Z[0.90]
    members = _members()
    everyone = _answers()
    p, d = float((members["recommend"] >= 9).mean()), float((members["recommend"] <= 6).mean())
    half_n1500 = 100 * z * math.sqrt((p + d - (p - d) ** 2) / len(everyone))
    return [
        (_interval_at(everyone, z), "That is the interval of all respondents; the task asks "
                                    "for the members only.",
         "这是全部受访者的区间；题目只问会员。"),
        (_interval_at(members, z, fraction=True), "Give the ends in NPS points, not as "
                                                  "fractions.",
         "区间两端请用 NPS 分数表示，而不是小数。"),
        (_interval_at(members, z, variance="top_box"),
         "That uses the variance of a single share, p(1 − p); the NPS's is "
         "(p + d − (p − d)²) / n, with promoters p and detractors d.",
         "这里用的是单个比例的方差 p(1 − p)；NPS 的方差是 (p + d − (p − d)²) / n，"
         "其中 p 是推荐者占比，d 是贬损者占比。"),
        ((100 * (p - d) - half_n1500, 100 * (p - d) + half_n1500),
         "n must be the members' answers, not all 1,500.",
         "n 应当是会员的回答数，而不是全部 1,500 份。"),
        (_interval_at(members, z90), "That is a 90% interval (z = 1.645); the task asks for "
                                     "95% (z = 1.96).",
         "这是 90% 区间（z = 1.645）；题目要的是 95% 区间（z = 1.96）。"),
    ]


_INTERVAL_TOLERANCE = 0.6  # NPS points: a bootstrap interval of 2,000 draws passes too
_MISTAKE_TOLERANCE = 0.25  # NPS points: close enough to name a predicted mistake


def _compare_interval(expected: tuple[float, float], answer: Any) -> str | None:
    pair = _pair_of_numbers(answer)
    if pair is None:
        return _say("Give the interval as two numbers, (low, high), in NPS points, e.g. "
                    "(-20.0, -12.0).",
                    "请把区间写成两个数 (low, high)，单位为 NPS 分，例如 (-20.0, -12.0)。")
    if all(abs(a - b) <= _INTERVAL_TOLERANCE for a, b in zip(pair, expected, strict=True)):
        return None
    for wrong, en, zh in _interval_mistakes():
        if all(abs(a - b) <= _MISTAKE_TOLERANCE * (0.01 if abs(b) < 1 else 1)
               for a, b in zip(pair, sorted(wrong), strict=True)):
            return _say(f"({pair[0]:.1f}, {pair[1]:.1f}) is not the interval asked. " + en,
                        f"({pair[0]:.1f}, {pair[1]:.1f}) 不是题目要的区间。" + zh)
    wider = pair[1] - pair[0] > expected[1] - expected[0]
    return _say(f"({pair[0]:.1f}, {pair[1]:.1f}) is {'wider' if wider else 'narrower'} than "
                "the interval asked, or centred elsewhere.",
                f"({pair[0]:.1f}, {pair[1]:.1f}) 比题目要的区间{'宽' if wider else '窄'}，"
                "或者中心位置不对。")


@exercise(
    "07.member_nps_interval",
    title={"en": "The 95% interval of the members' NPS", "zh": "会员净推荐值的 95% 置信区间"},
    hint=[{"en": "The interval depends on the members' shares of promoters and detractors and "
                 "on how many members answered.",
           "zh": "区间取决于会员中推荐者和贬损者的占比，以及有多少会员回答了问卷。"},
          {"en": "NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n) over the members' answers, or "
                 "ck.nps(members_answers)[[\"nps_low\", \"nps_high\"]].",
           "zh": "在会员的回答上计算 NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n)，或调用 "
                 "ck.nps(会员的回答)[[\"nps_low\", \"nps_high\"]]。"}],
    compare=_compare_interval,
)
def _member_nps_interval() -> tuple[float, float]:
    row = nps(_members())
    return float(row["nps_low"]), float(row["nps_high"])


# --------------------------------------------------------------------------- analyse

def _variance() -> tuple[float, float, float]:
    """(p, d, variance per answer) of the whole survey's NPS (as fractions)."""
    values = load_survey()["recommend"]
    p, d = float((values >= 9).mean()), float((values <= 6).mean())
    return p, d, p + d - (p - d) ** 2


def _sample_sizes() -> tuple[float, float]:
    """The right answers: with z = 1.96 and with z = 2 (both accepted), rounded up."""
    _, _, var = _variance()
    return tuple(math.ceil((z * 100 / MARGIN_POINTS) ** 2 * var) for z in (1.96, 2.0))


def _size_mistakes() -> list[tuple[float, str, str]]:
    p, d, var = _variance()
    z = 1.96
    return [
        ((z * 100 / (2 * MARGIN_POINTS)) ** 2 * var,
         "±5 means a margin of 5 on each side: the interval is 10 points wide. You solved for "
         "a width of 5.",
         "±5 是指每一侧各 5 分：区间宽 10 分。你求的是宽度为 5 分的情形。"),
        ((z * 100 / MARGIN_POINTS) ** 2 * p * (1 - p),
         "That uses the variance of the promoter share alone, p(1 − p); the NPS's is "
         "p + d − (p − d)².",
         "这里只用了推荐者占比的方差 p(1 − p)；NPS 的方差是 p + d − (p − d)²。"),
        ((z * 100 / MARGIN_POINTS) ** 2 * (p + d),
         "Close, but the variance is p + d − (p − d)²: you left out − (p − d)².",
         "很接近，但方差是 p + d − (p − d)²：你漏掉了 − (p − d)²。"),
        ((z / MARGIN_POINTS) ** 2 * var,
         "The margin is in NPS points, which are 100 times the fractions: put the 100 in "
         "(or use 0.05 for the margin).",
         "误差范围以 NPS 分计，是小数的 100 倍：要乘上 100（或把误差范围写成 0.05）。"),
        ((z * 100 / MARGIN_POINTS) * math.sqrt(var),
         "n comes from squaring: n = (z × 100 / margin)² × variance.",
         "n 要用平方求出：n =（z × 100 / 误差范围）² × 方差。"),
    ]


def _compare_size(expected: float, answer: Any) -> str | None:
    value = _number(answer)
    low, high = _sample_sizes()
    if value is not None and low - 1 <= value <= high + 1:
        return None
    return _numeric_checker(_size_mistakes, rtol=2e-3)(expected, answer)


@exercise(
    "07.nps_sample_size",
    title={"en": "Answers needed for an NPS known to ±5 points",
           "zh": "NPS 误差范围为 ±5 分所需的回答数"},
    hint=[{"en": "The margin of error is 1.96 standard errors; the standard error shrinks with "
                 "√n. Solve for n.",
           "zh": "误差范围是 1.96 个标准误；标准误随 √n 缩小。解出 n。"},
          {"en": "n = (1.96 × 100 / 5)² × (p + d − (p − d)²), with the survey's promoter share "
                 "p and detractor share d (ck.nps(survey)); round up.",
           "zh": "n =（1.96 × 100 / 5）² ×（p + d − (p − d)²），p 和 d 是问卷中推荐者和贬损者的"
                 "占比（ck.nps(survey)）；向上取整。"}],
    compare=_compare_size,
)
def _nps_sample_size() -> float:
    return float(_sample_sizes()[0])


@cache
def _after(window: int) -> pd.DataFrame:
    return repurchase_after_survey(load_survey(), load_transactions(), window)


def _gap(window: int = GAP_WINDOW, column: str = "repurchased",
         split: Callable[[pd.Series], pd.Series] | None = None) -> tuple[float, float]:
    after = _after(window)
    values = after[column] if column == "repurchased" else after[column] >= 4
    happy = (split or (lambda s: s >= 4))(after["satisfaction"])
    return float(values[happy].mean()), float(values[~happy].mean())


def _gap_mistakes() -> list[tuple[float, str, str]]:
    satisfied, rest = _gap()
    five, four = (float(_after(GAP_WINDOW).loc[_after(GAP_WINDOW)["satisfaction"] == s,
                                               "repurchased"].mean()) for s in (5, 4))
    intent = _gap(column="repurchase_intent")
    days_90 = _gap(90)
    return [
        (five - four, "That compares the 5s with the 4s; the task compares 4–5 with 1–3.",
         "这是 5 分与 4 分的比较；题目比较的是 4–5 分与 1–3 分。"),
        (satisfied / rest, "That is the ratio; the task asks for the difference.",
         "这是两者的比值；题目要的是差值。"),
        (100 * (satisfied - rest), "Give the difference as a fraction (0.37), not in points.",
         "差值请写成小数（0.37），而不是百分点数。"),
        (intent[0] - intent[1],
         "That is what customers said (repurchase_intent 4 or 5), not what they did: use "
         "whether they bought again.",
         "这是客户说的（再购意愿 4 或 5 分），而不是他们做的：应使用是否真的再次购买。"),
        (days_90[0] - days_90[1], f"That is a 90-day window; the task asks for {GAP_WINDOW} "
                                  "days.",
         f"这是 90 天的观察期；题目要的是 {GAP_WINDOW} 天。"),
    ]


@exercise(
    "07.repurchase_gap",
    title={"en": "Satisfied or not: the gap in buying again",
           "zh": "满意与否：再次购买比例之差"},
    hint=[{"en": "For each answer you need what the customer did in the 180 days after it; "
                 "then compare two groups of answers.",
           "zh": "对每份回答，需要知道客户在其后 180 天内做了什么；再比较两组回答。"},
          {"en": "after = ck.repurchase_after_survey(survey, orders, 180); the mean of "
                 "'repurchased' for satisfaction >= 4 minus the mean for satisfaction <= 3.",
           "zh": "after = ck.repurchase_after_survey(survey, orders, 180)；满意度 >= 4 的回答中"
                 "'repurchased' 的均值，减去满意度 <= 3 的均值。"}],
    compare=_numeric_checker(_gap_mistakes, rtol=2e-3),
)
def _repurchase_gap() -> float:
    satisfied, rest = _gap()
    return satisfied - rest


# --------------------------------------------------------------------------- evaluate

@cache
def _unhappy_grid() -> pd.DataFrame:
    survey = load_survey()
    return importance_performance(survey[survey["satisfaction"].isin(FIX_FIRST_SCORES)])


def _fix_first_answer(answer: Any) -> tuple[str, float, float] | None:
    if isinstance(answer, dict):
        answer = (answer.get("attribute"), answer.get("importance"), answer.get("performance"))
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple)) or len(answer) != 3:
        return None
    name, importance, performance = answer
    if not isinstance(name, str):
        return None
    values = [_number(importance), _number(performance)]
    if None in values:
        return None
    return plain_text(name), float(values[0]), float(values[1])  # type: ignore[arg-type]


_ATTRIBUTE_WORDS = {"price": "价格", "quality": "质量", "freshness": "新鲜度", "staff": "员工服务",
                    "checkout": "结账", "delivery": "配送", "app": "应用程序"}


def _compare_fix_first(expected: tuple[str, float, float], answer: Any) -> str | None:
    found = _fix_first_answer(answer)
    if found is None:
        return _say("Give a tuple (attribute, importance, performance), e.g. "
                    "(\"delivery\", 3.29, 3.27): the attribute's name as in the survey and its "
                    "two means among the answers of 1–3.",
                    "请给出一个元组（属性，重要性，绩效），例如 (\"delivery\", 3.29, 3.27)："
                    "属性名与问卷中一致，两个数是它在 1–3 分回答中的均值。")
    name, importance, performance = found
    names = {plain_text(a): a for a in ATTRIBUTES}
    names.update({plain_text(zh): en for en, zh in _ATTRIBUTE_WORDS.items()})
    if name not in names:
        return _say(f"{answer[0]!r} is not one of the survey's attributes: "
                    f"{', '.join(ATTRIBUTES)}.",
                    f"{answer[0]!r} 不是问卷中的属性；属性有：{'、'.join(ATTRIBUTES)}。")
    attribute = names[name]
    grid = _unhappy_grid()
    row = grid.loc[attribute]
    whole = importance_performance(load_survey()).loc[attribute]
    numbers_right = (math.isclose(importance, row["importance"], abs_tol=0.01)
                     and math.isclose(performance, row["performance"], abs_tol=0.01))
    quadrant = str(row["quadrant"])
    if quadrant != "concentrate_here":
        why = {
            "keep_up_the_good_work": (
                f"{attribute} matters a lot but is already done comparatively well (keep up the "
                "good work): look for an attribute that matters as much and is done worse.",
                f"{attribute} 很重要，但已经做得相对较好（继续保持）：找一个同样重要、"
                "做得更差的属性。"),
            "low_priority": (
                f"{attribute} is done poorly but matters little to these customers (low "
                "priority): fixing it would please few.",
                f"{attribute} 做得不好，但这些客户不太在意（次要改进）：改进它讨好不了多少人。"),
            "possible_overkill": (
                f"{attribute} is done better than it matters (possible overkill): effort "
                "there is wasted.",
                f"{attribute} 做得比它的重要性所需的更好（可能过度）：在那里投入是浪费。"),
        }[quadrant]
        return _say(why[0], why[1])
    if numbers_right:
        return None
    if (math.isclose(importance, whole["importance"], abs_tol=0.01)
            and math.isclose(performance, whole["performance"], abs_tol=0.01)):
        return _say(f"Right attribute, but those are {attribute}'s means in the whole survey; "
                    "the task asks about the answers of 1–3 only.",
                    f"属性选对了，但这是 {attribute} 在整份问卷中的均值；题目只看 1–3 分的回答。")
    if (math.isclose(performance, row["importance"], abs_tol=0.01)
            and math.isclose(importance, row["performance"], abs_tol=0.01)):
        return _say("Right attribute, but importance and performance are swapped: the tuple is "
                    "(attribute, importance, performance).",
                    "属性选对了，但重要性和绩效写反了：元组的顺序是（属性，重要性，绩效）。")
    return _say(f"Right attribute, but check its two means among the answers of 1–3: yours "
                f"are {importance:.2f} and {performance:.2f}.",
                f"属性选对了，但请核对它在 1–3 分回答中的两个均值：你给出的是 "
                f"{importance:.2f} 和 {performance:.2f}。")


@exercise(
    "07.fix_first",
    title={"en": "What the unhappy customers say to fix first",
           "zh": "不满意的客户认为最该先改进什么"},
    hint=[{"en": "Run the importance–performance grid on the unhappy answers only: which "
                 "quadrant holds what to fix first?",
           "zh": "只用不满意的回答做重要性–绩效分析：哪个象限里是最该先改进的？"},
          {"en": "grid = ck.importance_performance(survey[survey[\"satisfaction\"] <= 3]); pick "
                 "an attribute in \"concentrate_here\" and give (name, its importance, its "
                 "performance).",
           "zh": "grid = ck.importance_performance(survey[survey[\"satisfaction\"] <= 3])；"
                 "从 \"concentrate_here\"（重点改进）中选一个属性，给出（名称，重要性，绩效）。"}],
    compare=_compare_fix_first,
)
def _fix_first() -> tuple[str, float, float]:
    grid = _unhappy_grid()
    first = grid[grid["quadrant"] == "concentrate_here"]["gap"].idxmax()
    return first, float(grid.loc[first, "importance"]), float(grid.loc[first, "performance"])


# --------------------------------------------------------------------------- apply (trap)

def _exports() -> pd.DataFrame:
    survey = load_survey()
    parts = [survey[(survey["survey_date"] >= start) & (survey["survey_date"] < end)]
             for start, end in EXPORT_WINDOWS]
    return pd.concat(parts)


def _nps_by_hand(frame: pd.DataFrame) -> float:
    values = frame["recommend"]
    return float(100 * ((values >= 9).mean() - (values <= 6).mean()))


def _export_mistakes() -> list[tuple[float, str, str]]:
    exports = _exports()
    right = _nps_by_hand(exports.drop_duplicates("response_id"))
    survey = load_survey()
    first, second = (survey[(survey["survey_date"] >= s) & (survey["survey_date"] < e)]
                     for s, e in EXPORT_WINDOWS)
    return [
        (_nps_by_hand(exports), "The answers of April–September are in both exports and count "
                                "twice: keep each response_id once.",
         "4 月至 9 月的回答在两份导出文件中都有，被算了两次：每个 response_id 只保留一次。"),
        (right / 100, "Give the NPS in points, not as a fraction.",
         "NPS 请用分数表示，而不是小数。"),
        (_nps_by_hand(survey), "That is the whole survey's NPS; the task asks for 2024.",
         "这是整份问卷的 NPS；题目问的是 2024 年。"),
        (_nps_by_hand(first), "That is the first export alone (January–September): the "
                              "second adds October–December.",
         "这只是第一份导出（1 月至 9 月）：第二份还有 10 月至 12 月。"),
        (_nps_by_hand(second), "That is the second export alone (April–December): the first "
                               "adds January–March.",
         "这只是第二份导出（4 月至 12 月）：第一份还有 1 月至 3 月。"),
    ]


@exercise(
    "07.clean_export",
    title={"en": "The NPS of 2024 from two overlapping exports",
           "zh": "由两份重叠的导出文件求 2024 年的净推荐值"},
    hint=[{"en": "Some answers are in both exports. How do you tell one answer from another?",
           "zh": "有些回答在两份导出文件中都有。怎样区分不同的回答？"},
          {"en": "Keep each answer once, exports_2024.drop_duplicates(\"response_id\"), then "
                 "ck.nps(...)[\"nps\"].",
           "zh": "每份回答只保留一次：exports_2024.drop_duplicates(\"response_id\")，再求 "
                 "ck.nps(...)[\"nps\"]。"}],
    compare=_numeric_checker(_export_mistakes),
)
def _clean_export() -> float:
    return float(nps(_exports().drop_duplicates("response_id"))["nps"])

