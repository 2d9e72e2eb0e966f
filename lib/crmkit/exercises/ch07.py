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

The checkers are on the toolkit (:mod:`crmkit.exercises.toolkit`), as chapter 06's:
each exercise declares its kind of number, graded hints and predicted mistakes.
Two compare answers of several parts with a ``compare=`` of their own (an interval,
whose bootstrap version differs a little from the normal one; an attribute, where
any attribute of "concentrate here" is right) and still declare their mistakes.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.datasets import load_customers, load_survey, load_transactions
from crmkit.exercises.engine import exercise, plain_text
from crmkit.exercises.toolkit import Mistake, graded_hints, number
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
    "Z",
]

_say = i18n.say

#: 07.nps_sample_size: the margin of error asked for (NPS points, 95%).
MARGIN_POINTS = 5.0
#: 07.member_nps_interval, 07.nps_sample_size: the normal quantile of a 95% interval, and
#: of the 90% one a student may use by mistake.
Z = {0.95: 1.959964, 0.90: 1.644854}
#: 07.repurchase_gap: the window after the survey, in days.
GAP_WINDOW = 180
#: 07.fix_first: the answers read (the unhappy ones: 1–3).
FIX_FIRST_SCORES = (1, 2, 3)
#: 07.clean_export: the two exports of 2024 answers, [start, end) each.
EXPORT_WINDOWS = (("2024-01-01", "2024-10-01"), ("2024-04-01", "2025-01-01"))


# --------------------------------------------------------------------------- the data

@cache
def _answers() -> pd.DataFrame:
    """The survey with each customer's membership (loaded once, never modified)."""
    return load_survey().merge(load_customers()[["customer_id", "is_member", "member_level"]],
                               on="customer_id")


def _text_index(answer: Any) -> Any:
    """A Series with its labels as text ('True', 'gold'), as the expected answers have them;
    a one-column table is taken as its column."""
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, pd.Series):
        answer = answer.copy()
        answer.index = [str(v) for v in answer.index]
    return answer


def _per(column: str, values: pd.Series, how: str = "mean") -> pd.Series:
    """``values`` summed or averaged per group of ``column``, labels as text."""
    result = values.groupby(_answers()[column]).agg(how)
    result.index = [str(v) for v in result.index]
    return result


# --------------------------------------------------------------------------- understand

@cache
def _intent_mistakes() -> list[Mistake]:
    intent = _answers()["repurchase_intent"]
    five = (intent == 5).astype(float)
    return [
        Mistake(_per("member_level", intent.astype(float)),
                en="Those are the mean scores (1–5); the top box is the share who gave 5.",
                zh="这些是平均分（1–5）；最高分占比是给出 5 分的回答所占的比例。"),
        Mistake(_per("member_level", (intent >= 4).astype(float)),
                en="That is the top-two box (4 or 5); the task asks for the top box, 5 only.",
                zh="这是最高两档占比（4 分或 5 分）；题目问的是最高分占比，只算 5 分。"),
        Mistake(_per("member_level", five) * 100,
                en="Give fractions (0.19), not percentages (19).",
                zh="请写成小数（0.19），而不是百分数（19）。"),
        Mistake(_per("member_level", five, "sum"),
                en="Those are counts of 5s; divide by each level's answers (or take the mean).",
                zh="这些是 5 分的个数；应除以各等级的回答数（或取均值）。"),
        Mistake(_per("member_level", (_answers()["satisfaction"] == 5).astype(float)),
                en="That is the top box of satisfaction; the task asks about "
                   "repurchase_intent.",
                zh="这是满意度的最高分占比；题目问的是 repurchase_intent（再购意愿）。"),
    ]


@exercise(
    "07.intent_top_box",
    title={"en": "Top box of repurchase intent by member level",
           "zh": "各会员等级再购意愿的最高分占比"},
    hint=graded_hints(
        ("For each member level, which answers count, and out of how many?",
         "对每个会员等级，哪些回答算数？分母是多少？"),
        ("Merge member_level from the customers into the survey, then group by it and take "
         "the share of repurchase_intent == 5, or ck.top_box_table(..., \"repurchase_intent\", "
         "by=\"member_level\")[\"share\"].",
         "把客户表中的 member_level 合并到问卷中，按它分组，求 repurchase_intent == 5 的比例；"
         "或调用 ck.top_box_table(..., \"repurchase_intent\", by=\"member_level\")[\"share\"]。")),
    kind="share",
    prepare=_text_index,
    mistakes=_intent_mistakes,
)
def _intent_top_box() -> pd.Series:
    share = _text_index(top_box_table(_answers(), "repurchase_intent",
                                      by="member_level")["share"])
    return share.rename("share")


# --------------------------------------------------------------------------- apply

def _member_table(**kwargs: Any) -> pd.DataFrame:
    table = nps(_answers(), by="is_member", **kwargs)
    table.index = [str(v) for v in table.index]
    return table


@cache
def _member_mistakes() -> list[Mistake]:
    right = _member_table()["nps"]
    typed = _answers()["satisfaction"]
    return [
        Mistake(_per("is_member", 100 * ((typed >= 9).astype(float)
                                         - (typed <= 6).astype(float))),
                en="−100 for both: you read the 1–5 satisfaction column, on which nobody "
                   "reaches 9. The NPS uses recommend (0–10).",
                zh="两组都是 −100：你用的是 1–5 分的满意度列，上面没有人能打到 9 分。"
                   "NPS 要用 recommend（0–10 分）。"),
        Mistake(right / 100,
                en="Give the NPS in points (−16.3), not as a fraction.",
                zh="NPS 请用分数表示（−16.3），而不是小数。"),
        Mistake(100 * _member_table()["promoter_share"],
                en="That is the promoter share alone; subtract the detractor share.",
                zh="这只是推荐者占比；还要减去贬损者占比。"),
        Mistake(_member_table(promoter_from=8)["nps"],
                en="Promoters answer 9 or 10, not 8.",
                zh="推荐者是打 9 或 10 分的人，8 分不算。"),
        Mistake(right.rename({"True": "False", "False": "True"}),
                en="The two values are swapped: members are is_member == True.",
                zh="两个数值对调了：会员是 is_member == True 的客户。"),
    ]


@exercise(
    "07.member_nps",
    title={"en": "The NPS of members and non-members", "zh": "会员与非会员的净推荐值"},
    hint=graded_hints(
        ("Which survey column is the 0–10 recommend question, and which customers are "
         "members?",
         "问卷中哪一列是 0–10 分的推荐问题？哪些客户是会员？"),
        ("Merge is_member from the customers into the survey, then "
         "ck.nps(..., by=\"is_member\")[\"nps\"].",
         "把客户表中的 is_member 合并到问卷中，再调用 ck.nps(..., by=\"is_member\")[\"nps\"]。")),
    decimals=1,  # NPS points, as the chapter prints them: -16.3
    prepare=_text_index,
    mistakes=_member_mistakes,
)
def _member_nps() -> pd.Series:
    return _member_table()["nps"].rename("nps")


def _members() -> pd.DataFrame:
    return _answers()[_answers()["is_member"]]


def _pair(answer: Any) -> Any:
    """Two numbers in any container, as (low, high); anything else as it is."""
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if isinstance(answer, (list, tuple, np.ndarray)) and len(answer) == 2:
        values = [number(v) for v in answer]
        if None not in values:
            return tuple(sorted(values))  # type: ignore[type-var]
    return answer


def _interval(frame: pd.DataFrame, z: float, *, scale: float = 100.0,
              variance: str = "nps", n: int | None = None) -> tuple[float, float]:
    values = frame["recommend"]
    p, d = float((values >= 9).mean()), float((values <= 6).mean())
    spread = p + d - (p - d) ** 2 if variance == "nps" else p * (1 - p)
    half = z * math.sqrt(spread / (len(frame) if n is None else n))
    return scale * (p - d - half), scale * (p - d + half)


#: NPS points: a bootstrap interval of 2,000 draws passes too.
_INTERVAL_TOLERANCE = 0.6
#: NPS points: close enough to a predicted wrong interval to name it.
_MISTAKE_TOLERANCE = 0.25


def _near(answer: Any, pair: tuple[float, float]) -> bool:
    """``answer`` is the interval ``pair`` to within the mistakes' tolerance (a fraction's
    hundredth of it for an interval given as fractions)."""
    if not isinstance(answer, tuple) or len(answer) != 2:
        return False
    tolerance = _MISTAKE_TOLERANCE * (0.01 if max(abs(v) for v in pair) < 1 else 1)
    return all(abs(a - b) <= tolerance for a, b in zip(answer, sorted(pair), strict=True))


def _wrong_interval(pair: tuple[float, float], en: str, zh: str) -> Mistake:
    return Mistake(when=lambda answer: _near(answer, pair), example=pair, en=en, zh=zh)


@cache
def _interval_mistakes() -> list[Mistake]:
    members, z = _members(), Z[0.95]
    return [
        _wrong_interval(_interval(_answers(), z),
                        en="That is the interval of all respondents; the task asks for the "
                           "members only.",
                        zh="这是全部受访者的区间；题目只问会员。"),
        _wrong_interval(_interval(members, z, scale=1.0),
                        en="Give the ends in NPS points, not as fractions.",
                        zh="区间两端请用 NPS 分数表示，而不是小数。"),
        _wrong_interval(_interval(members, z, variance="top_box"),
                        en="That uses the variance of a single share, p(1 − p); the NPS's is "
                           "(p + d − (p − d)²) / n, with promoters p and detractors d.",
                        zh="这里用的是单个比例的方差 p(1 − p)；NPS 的方差是 "
                           "(p + d − (p − d)²) / n，其中 p 是推荐者占比，d 是贬损者占比。"),
        _wrong_interval(_interval(members, z, n=len(_answers())),
                        en="n must be the members' answers, not all 1,500.",
                        zh="n 应当是会员的回答数，而不是全部 1,500 份。"),
        _wrong_interval(_interval(members, Z[0.90]),
                        en="That is a 90% interval (z = 1.645); the task asks for 95% "
                           "(z = 1.96).",
                        zh="这是 90% 区间（z = 1.645）；题目要的是 95% 区间（z = 1.96）。"),
    ]


def _compare_interval(expected: tuple[float, float], answer: Any) -> str | None:
    if not isinstance(answer, tuple):
        return _say("Give the interval as two numbers, (low, high), in NPS points, e.g. "
                    "(-20.0, -12.0).",
                    "请把区间写成两个数 (low, high)，单位为 NPS 分，例如 (-20.0, -12.0)。")
    if all(abs(a - b) <= _INTERVAL_TOLERANCE for a, b in zip(answer, expected, strict=True)):
        return None
    wider = answer[1] - answer[0] > expected[1] - expected[0]
    return _say(f"({answer[0]:.1f}, {answer[1]:.1f}) is {'wider' if wider else 'narrower'} "
                "than the interval asked, or centred elsewhere.",
                f"({answer[0]:.1f}, {answer[1]:.1f}) 比题目要的区间{'宽' if wider else '窄'}，"
                "或者中心位置不对。")


@exercise(
    "07.member_nps_interval",
    title={"en": "The 95% interval of the members' NPS", "zh": "会员净推荐值的 95% 置信区间"},
    hint=graded_hints(
        ("The interval depends on the members' shares of promoters and detractors and on how "
         "many members answered.",
         "区间取决于会员中推荐者和贬损者的占比，以及有多少会员回答了问卷。"),
        ("NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n) over the members' answers, or "
         "ck.nps(members_answers)[[\"nps_low\", \"nps_high\"]].",
         "在会员的回答上计算 NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n)，或调用 "
         "ck.nps(会员的回答)[[\"nps_low\", \"nps_high\"]]。")),
    prepare=_pair,
    compare=_compare_interval,
    mistakes=_interval_mistakes,
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


def _needed(z: float, margin: float, variance: float) -> float:
    return (z * 100 / margin) ** 2 * variance


@cache
def _size_mistakes() -> list[Mistake]:
    p, d, var = _variance()
    z = 1.96
    return [
        Mistake(_needed(z, MARGIN_POINTS / 2, var),
                en="±5 means a margin of 5 on each side: the interval is 10 points wide. You "
                   "solved for a width of 5.",
                zh="±5 是指每一侧各 5 分：区间宽 10 分。你求的是宽度为 5 分的情形。"),
        Mistake(_needed(z, MARGIN_POINTS, p * (1 - p)),
                en="That uses the variance of the promoter share alone, p(1 − p); the NPS's "
                   "is p + d − (p − d)².",
                zh="这里只用了推荐者占比的方差 p(1 − p)；NPS 的方差是 p + d − (p − d)²。"),
        Mistake(_needed(z, MARGIN_POINTS, p + d),
                en="Close, but the variance is p + d − (p − d)²: you left out − (p − d)².",
                zh="很接近，但方差是 p + d − (p − d)²：你漏掉了 − (p − d)²。"),
        Mistake(_needed(z, MARGIN_POINTS, var) / 100 ** 2,
                en="The margin is in NPS points, which are 100 times the fractions: put the "
                   "100 in (or use 0.05 for the margin).",
                zh="误差范围以 NPS 分计，是小数的 100 倍：要乘上 100（或把误差范围写成 0.05）。"),
        Mistake(math.sqrt(_needed(z, MARGIN_POINTS, var)),
                en="n comes from squaring: n = (z × 100 / margin)² × variance.",
                zh="n 要用平方求出：n =（z × 100 / 误差范围）² × 方差。"),
    ]


@exercise(
    "07.nps_sample_size",
    title={"en": "Answers needed for an NPS known to ±5 points",
           "zh": "NPS 误差范围为 ±5 分所需的回答数"},
    hint=graded_hints(
        ("The margin of error is 1.96 standard errors; the standard error shrinks with √n. "
         "Solve for n.",
         "误差范围是 1.96 个标准误；标准误随 √n 缩小。解出 n。"),
        ("n = (1.96 × 100 / 5)² × (p + d − (p − d)²), with the survey's promoter share p and "
         "detractor share d (ck.nps(survey)); round up.",
         "n =（1.96 × 100 / 5）² ×（p + d − (p − d)²），p 和 d 是问卷中推荐者和贬损者的占比"
         "（ck.nps(survey)）；向上取整。")),
    kind="count",
    # z = 2 instead of 1.96 is fine too, and so is n rounded up (as one must: 1,006)
    alternatives=lambda: [_needed(2.0, MARGIN_POINTS, _variance()[2]),
                          math.ceil(_needed(2.0, MARGIN_POINTS, _variance()[2])),
                          math.ceil(_needed(1.96, MARGIN_POINTS, _variance()[2]))],
    mistakes=_size_mistakes,
)
def _nps_sample_size() -> float:
    return _needed(1.96, MARGIN_POINTS, _variance()[2])


@cache
def _after(window: int) -> pd.DataFrame:
    return repurchase_after_survey(load_survey(), load_transactions(), window)


def _gap(window: int = GAP_WINDOW, column: str = "repurchased") -> tuple[float, float]:
    after = _after(window)
    values = after[column] if column == "repurchased" else after[column] >= 4
    happy = after["satisfaction"] >= 4
    return float(values[happy].mean()), float(values[~happy].mean())


@cache
def _gap_mistakes() -> list[Mistake]:
    satisfied, rest = _gap()
    after = _after(GAP_WINDOW)
    five, four = (float(after.loc[after["satisfaction"] == s, "repurchased"].mean())
                  for s in (5, 4))
    intent, days_90 = _gap(column="repurchase_intent"), _gap(90)
    return [
        Mistake(five - four,
                en="That compares the 5s with the 4s; the task compares 4–5 with 1–3.",
                zh="这是 5 分与 4 分的比较；题目比较的是 4–5 分与 1–3 分。"),
        Mistake(satisfied / rest,
                en="That is the ratio; the task asks for the difference.",
                zh="这是两者的比值；题目要的是差值。"),
        Mistake(100 * (satisfied - rest),
                en="Give the difference as a fraction (0.37), not in points.",
                zh="差值请写成小数（0.37），而不是百分点数。"),
        Mistake(intent[0] - intent[1],
                en="That is what customers said (repurchase_intent 4 or 5), not what they "
                   "did: use whether they bought again.",
                zh="这是客户说的（再购意愿 4 或 5 分），而不是他们做的：应使用是否真的再次购买。"),
        Mistake(days_90[0] - days_90[1],
                en=f"That is a 90-day window; the task asks for {GAP_WINDOW} days.",
                zh=f"这是 90 天的观察期；题目要的是 {GAP_WINDOW} 天。"),
    ]


@exercise(
    "07.repurchase_gap",
    title={"en": "Satisfied or not: the gap in buying again",
           "zh": "满意与否：再次购买比例之差"},
    hint=graded_hints(
        ("For each answer you need what the customer did in the 180 days after it; then "
         "compare two groups of answers.",
         "对每份回答，需要知道客户在其后 180 天内做了什么；再比较两组回答。"),
        ("after = ck.repurchase_after_survey(survey, orders, 180); the mean of 'repurchased' "
         "for satisfaction >= 4 minus the mean for satisfaction <= 3.",
         "after = ck.repurchase_after_survey(survey, orders, 180)；满意度 >= 4 的回答中 "
         "'repurchased' 的均值，减去满意度 <= 3 的均值。")),
    kind="share",
    mistakes=_gap_mistakes,
)
def _repurchase_gap() -> float:
    satisfied, rest = _gap()
    return satisfied - rest


# --------------------------------------------------------------------------- evaluate

@cache
def _unhappy_grid() -> pd.DataFrame:
    survey = load_survey()
    return importance_performance(survey[survey["satisfaction"].isin(FIX_FIRST_SCORES)])


@cache
def _whole_grid() -> pd.DataFrame:
    return importance_performance(load_survey())


def _attribute_names() -> dict[str, str]:
    """Every way to write an attribute (its code, its English and Chinese labels) -> code."""
    names = {}
    for code in ATTRIBUTES:
        for text in (code, *(i18n.label(f"ui.attribute_{code}", lang)
                             for lang in i18n.LANGUAGES)):
            names[plain_text(text)] = code
    return names


def _triple(answer: Any) -> Any:
    """(attribute code or the text given, importance, performance), or the answer as it is."""
    if isinstance(answer, dict):
        answer = (answer.get("attribute"), answer.get("importance"), answer.get("performance"))
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple)) or len(answer) != 3:
        return answer
    name, importance, performance = answer
    values = [number(importance), number(performance)]
    if not isinstance(name, str) or None in values:
        return answer
    return (_attribute_names().get(plain_text(name), name), *values)


def _in_quadrant(quadrant: str) -> Any:
    return lambda answer: _unhappy_grid().loc[answer[0], "quadrant"] == quadrant


def _means_of(grid: pd.DataFrame, answer: Any, *, swapped: bool = False) -> bool:
    row = grid.loc[answer[0]]
    importance, performance = (answer[2], answer[1]) if swapped else (answer[1], answer[2])
    return (math.isclose(importance, row["importance"], abs_tol=0.01)
            and math.isclose(performance, row["performance"], abs_tol=0.01))


def _example(attribute: str, grid: Any = _unhappy_grid) -> Any:
    return lambda: (attribute, *grid().loc[attribute, ["importance", "performance"]])


@cache
def _fix_mistakes() -> list[Mistake]:
    return [
        Mistake(when=_in_quadrant("keep_up_the_good_work"), example=_example("quality"),
                en="It matters a lot but is already done comparatively well (keep up the good "
                   "work): look for an attribute that matters as much and is done worse.",
                zh="它很重要，但已经做得相对较好（继续保持）：找一个同样重要、做得更差的属性。"),
        Mistake(when=_in_quadrant("low_priority"), example=_example("checkout"),
                en="It is done poorly but matters little to these customers (low priority): "
                   "fixing it would please few.",
                zh="它做得不好，但这些客户不太在意（次要改进）：改进它讨好不了多少人。"),
        Mistake(when=_in_quadrant("possible_overkill"), example=_example("delivery"),
                en="It is done better than it matters (possible overkill): effort there is "
                   "wasted.",
                zh="它做得比它的重要性所需的更好（可能过度）：在那里投入是浪费。"),
        Mistake(when=lambda answer: _means_of(_whole_grid(), answer),
                example=_example("price", _whole_grid),
                en="Those are its means in the whole survey; the task asks about the answers "
                   "of 1–3 only.",
                zh="这是它在整份问卷中的均值；题目只看 1–3 分的回答。"),
        Mistake(when=lambda answer: _means_of(_unhappy_grid(), answer, swapped=True),
                example=lambda: ("price", *_unhappy_grid().loc[
                    "price", ["performance", "importance"]]),
                en="Importance and performance are swapped: the tuple is (attribute, "
                   "importance, performance).",
                zh="重要性和绩效写反了：元组的顺序是（属性，重要性，绩效）。"),
    ]


def _compare_fix_first(expected: tuple[str, float, float], answer: Any) -> str | None:
    if not (isinstance(answer, tuple) and len(answer) == 3 and isinstance(answer[0], str)):
        return _say("Give a tuple (attribute, importance, performance), e.g. "
                    "(\"delivery\", 3.29, 3.27): the attribute's name as in the survey and its "
                    "two means among the answers of 1–3.",
                    "请给出一个元组（属性，重要性，绩效），例如 (\"delivery\", 3.29, 3.27)："
                    "属性名与问卷中一致，两个数是它在 1–3 分回答中的均值。")
    attribute, importance, performance = answer
    if attribute not in ATTRIBUTES:
        return _say(f"{attribute!r} is not one of the survey's attributes: "
                    f"{', '.join(ATTRIBUTES)}.",
                    f"{attribute!r} 不是问卷中的属性；属性有：{'、'.join(ATTRIBUTES)}。")
    if _unhappy_grid().loc[attribute, "quadrant"] != "concentrate_here":
        return _say(f"{attribute} is not where these customers want change first.",
                    f"{i18n.label(f'ui.attribute_{attribute}')}不是这些客户最希望先改进的地方。")
    if _means_of(_unhappy_grid(), answer):
        return None
    return _say(f"Right attribute, but check its two means among the answers of 1–3: yours "
                f"are {importance:.2f} and {performance:.2f}.",
                f"属性选对了，但请核对它在 1–3 分回答中的两个均值：你给出的是 "
                f"{importance:.2f} 和 {performance:.2f}。")


@exercise(
    "07.fix_first",
    title={"en": "What the unhappy customers say to fix first",
           "zh": "不满意的客户认为最该先改进什么"},
    hint=graded_hints(
        ("Run the importance–performance grid on the unhappy answers only: which quadrant "
         "holds what to fix first?",
         "只用不满意的回答做重要性–绩效分析：哪个象限里是最该先改进的？"),
        ("grid = ck.importance_performance(survey[survey[\"satisfaction\"] <= 3]); pick an "
         "attribute in \"concentrate_here\" and give (name, its importance, its performance).",
         "grid = ck.importance_performance(survey[survey[\"satisfaction\"] <= 3])；"
         "从 \"concentrate_here\"（重点改进）中选一个属性，给出（名称，重要性，绩效）。")),
    prepare=_triple,
    compare=_compare_fix_first,
    mistakes=_fix_mistakes,
)
def _fix_first() -> tuple[str, float, float]:
    grid = _unhappy_grid()
    first = grid[grid["quadrant"] == "concentrate_here"]["gap"].idxmax()
    return first, float(grid.loc[first, "importance"]), float(grid.loc[first, "performance"])


# --------------------------------------------------------------------------- apply (trap)

def _between(start: str, end: str) -> pd.DataFrame:
    survey = load_survey()
    return survey[(survey["survey_date"] >= start) & (survey["survey_date"] < end)]


def _exports() -> pd.DataFrame:
    return pd.concat([_between(start, end) for start, end in EXPORT_WINDOWS])


def _nps_by_hand(frame: pd.DataFrame) -> float:
    values = frame["recommend"]
    return float(100 * ((values >= 9).mean() - (values <= 6).mean()))


@cache
def _export_mistakes() -> list[Mistake]:
    right = _nps_by_hand(_exports().drop_duplicates("response_id"))
    (first_start, first_end), (second_start, second_end) = EXPORT_WINDOWS
    return [
        Mistake(_nps_by_hand(_exports()),
                en="The answers of April–September are in both exports and count twice: keep "
                   "each response_id once.",
                zh="4 月至 9 月的回答在两份导出文件中都有，被算了两次："
                   "每个 response_id 只保留一次。"),
        Mistake(right / 100,
                en="Give the NPS in points, not as a fraction.",
                zh="NPS 请用分数表示，而不是小数。"),
        Mistake(_nps_by_hand(load_survey()),
                en="That is the whole survey's NPS; the task asks for 2024.",
                zh="这是整份问卷的 NPS；题目问的是 2024 年。"),
        Mistake(_nps_by_hand(_between(first_start, first_end)),
                en="That is the first export alone (January–September): the second adds "
                   "October–December.",
                zh="这只是第一份导出（1 月至 9 月）：第二份还有 10 月至 12 月。"),
        Mistake(_nps_by_hand(_between(second_start, second_end)),
                en="That is the second export alone (April–December): the first adds "
                   "January–March.",
                zh="这只是第二份导出（4 月至 12 月）：第一份还有 1 月至 3 月。"),
    ]


@exercise(
    "07.clean_export",
    title={"en": "The NPS of 2024 from two overlapping exports",
           "zh": "由两份重叠的导出文件求 2024 年的净推荐值"},
    hint=graded_hints(
        ("Some answers are in both exports. How do you tell one answer from another?",
         "有些回答在两份导出文件中都有。怎样区分不同的回答？"),
        ("Keep each answer once, exports_2024.drop_duplicates(\"response_id\"), then "
         "ck.nps(...)[\"nps\"].",
         "每份回答只保留一次：exports_2024.drop_duplicates(\"response_id\")，再求 "
         "ck.nps(...)[\"nps\"]。")),
    decimals=1,  # NPS points, as the chapter prints them
    mistakes=_export_mistakes,
)
def _clean_export() -> float:
    return float(nps(_exports().drop_duplicates("response_id"))["nps"])
