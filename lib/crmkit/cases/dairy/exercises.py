"""Case study 2 (Chengdu Hailang Dairy): four checked tasks on the synthetic milk routes.

=====================  ==========  =====================================================
id                     level       task
=====================  ==========  =====================================================
c02.churn_by_route     apply       each route's churn rate in 2001
c02.hidden_stops       analyse     how many subscriptions stopped in 2001 (net figures hid it)
c02.milkman_leaves     analyse     the share of M07's subscribers who stopped within 8 weeks
c02.churn_value        evaluate    what 5 points less churn are worth per subscriber
=====================  ==========  =====================================================

The data are the case's synthetic subscriptions, ``dairy.milk_subscriptions()``
with the default seed.  Each checker recognises the slips students typically
make (retention for churn, the new subscribers counted in, the net change
taken for the stops, a count for a share, 5% for 5 points) and says which one
it sees.  Hints are graded: a nudge, then the method.  The checkers are on the
toolkit (:mod:`crmkit.exercises.toolkit`): rates and shares pass rounded to two
decimals, the value of a churn cut in whole yuan.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from crmkit.cases.dairy import model
from crmkit.exercises.engine import exercise
from crmkit.exercises.toolkit import Mistake, graded_hints, number

__all__ = ["CUT", "WEEKS", "YEAR"]

#: The year the tasks look at, the weeks after the milkman left, and the churn cut.
YEAR = 2001
WEEKS = 8
CUT = 0.05


@cache
def _routes_tuple() -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    t = model.route_churn(model.milk_subscriptions(), YEAR)
    return tuple(t.columns), tuple(t.itertuples(index=False, name=None))


def _routes(include_all: bool = False) -> pd.DataFrame:
    columns, rows = _routes_tuple()
    table = pd.DataFrame(list(rows), columns=list(columns)).set_index("route")
    return table if include_all else table.drop(index="all")


# --------------------------------------------------------------------------- apply


def _as_series(answer: Any) -> Any:
    """A table with route and churn_rate columns, or a Series with an "all" row -> the
    Series of the twelve routes' churn rates; anything else is left as it is."""
    if isinstance(answer, pd.DataFrame) and {"route", "churn_rate"} <= set(answer):
        answer = answer.set_index("route")["churn_rate"]
    elif isinstance(answer, pd.DataFrame) and "churn_rate" in answer:
        answer = answer["churn_rate"]
    if isinstance(answer, pd.Series):
        return answer.drop(index="all", errors="ignore").rename("churn_rate")
    return answer


@cache
def _churn_mistakes() -> list[Mistake]:
    t = _routes()

    def rates(values: pd.Series) -> pd.Series:
        return values.astype("float64").rename("churn_rate")

    return [
        Mistake(rates(1 - t["churn_rate"]),
                en="These are retention rates: churn is the share who stopped, 1 − retention.",
                zh="这是客户保持率：流失率是停订者所占的比例，等于 1 − 保持率。"),
        Mistake(rates(100 * t["churn_rate"]),
                en="Give the rates as fractions (0.25), not as percentages (25).",
                zh="请用小数（0.25）表示比率，而不是百分数（25）。"),
        Mistake(rates(t["all_stops"] / (t["at_start"] + t["joined"])),
                en="You counted the subscribers who joined during 2001 as well: churn follows "
                   "only those active on 1 January.",
                zh="你把 2001 年中新加入的订户也算进去了：流失率只跟踪 1 月 1 日在订的订户。"),
        Mistake(rates(t["all_stops"] / t["at_start"]),
                en="Your stops include new subscribers who joined and stopped within 2001: count "
                   "only the stops of those active on 1 January.",
                zh="你的停订数包括了 2001 年中加入又停订的新订户：只数 1 月 1 日在订者中的停订。"),
        Mistake(rates(-t["net_change"] / t["at_start"]),
                en="That is the net change (end − start), the figure head office saw; new "
                   "subscribers hide the stops in it.",
                zh="这是净变化（年末 − 年初），也就是总部看到的数字；新订户把停订掩盖了。"),
    ]


@exercise(
    "c02.churn_by_route",
    title={"en": "Each route's churn rate in 2001", "zh": "2001 年每条线路的流失率"},
    hint=graded_hints(
        ("Follow the subscribers who were getting milk on 1 January 2001 through the year: "
         "what share of them stopped?",
         "跟踪 2001 年 1 月 1 日正在订奶的订户一整年：他们中有多大比例停订了？"),
        ("Active on 1 January: start ≤ 2001-01-01 and (stop empty or stop > 2001-01-01). Of "
         "those, the ones with a stop date in 2001, divided by how many were active, per route: "
         "a Series indexed by route.",
         "1 月 1 日在订：start ≤ 2001-01-01 且（stop 为空或 stop > 2001-01-01）。"
         "其中 stop 在 2001 年内的人数，除以在订人数，按线路计算：得到以 route 为索引的 "
         "Series。")),
    kind="rate",
    prepare=_as_series,
    mistakes=_churn_mistakes,
)
def _churn_by_route() -> pd.Series:
    return _routes()["churn_rate"].rename("churn_rate")


# --------------------------------------------------------------------------- analyse


@cache
def _stops_mistakes() -> list[Mistake]:
    t = _routes(include_all=True).loc["all"]
    net = int(t["net_change"])

    def is_net(answer: Any) -> bool:
        value = number(answer)
        return value is not None and abs(value) == abs(net)

    return [
        Mistake(when=is_net, example=net,
                en="That is the net change over the year: it is all the bottle orders showed, "
                   "and the new subscribers hide the stops in it.",
                zh="这是全年的净变化：它是订瓶数唯一能显示的，新订户把停订掩盖在其中。"),
        Mistake(int(t["stopped"]),
                en="You counted only the subscribers active on 1 January; some who joined in "
                   "2001 stopped before the year was out too.",
                zh="你只数了 1 月 1 日在订的订户；2001 年新加入的订户中也有人在年内停订了。"),
        Mistake(int(t["joined"]),
                en="That is the number of new subscriptions, not of stops.",
                zh="这是新订户的数量，不是停订的数量。"),
        Mistake(int(model.milk_subscriptions()["stop"].notna().sum()),
                en="That counts the stops of 2000 as well: only 2001's.",
                zh="这把 2000 年的停订也算进去了：只数 2001 年的。"),
    ]


@exercise(
    "c02.hidden_stops",
    title={"en": "The stops the net figures hid", "zh": "被净数字掩盖的停订"},
    hint=graded_hints(
        ("Head office saw the count at the start and at the end of the year; the milkmen knew "
         "every stop in between.",
         "总部看到的是年初和年末的订户数；送奶工知道这中间的每一次停订。"),
        ("Count the subscriptions, on all routes, whose stop date falls in 2001, new "
         "subscribers' included.",
         "数出所有线路上 stop 日期落在 2001 年内的订奶，包括新订户的。")),
    kind="count",
    mistakes=_stops_mistakes,
)
def _hidden_stops() -> int:
    return int(_routes(include_all=True).loc["all", "all_stops"])


@cache
def _departure() -> dict[str, float]:
    subs = model.milk_subscriptions()
    groups = model.after_departure(subs, model.LEAVER, model.LEFT_ON, WEEKS)
    his_all = subs["milkman"] == model.LEAVER
    served = model.active_on(subs, model.LEFT_ON) & his_all
    after = subs["stop"] > model.LEFT_ON
    within = after & (subs["stop"] <= model.LEFT_ON + pd.Timedelta(days=7 * WEEKS))
    return {
        "share": float(groups.loc["his_subscribers", "stopped_share"]),
        "stopped": float(groups.loc["his_subscribers", "stopped"]),
        "others": float(groups.loc["other_routes", "stopped_share"]),
        "ever": float((his_all & within).sum() / his_all.sum()),
        "rest_of_year": float((served & after).sum() / served.sum()),
    }


def _departure_mistakes() -> list[Mistake]:
    d = _departure()
    return [
        Mistake(d["stopped"],
                en="That is how many stopped; the task asks for the share of those he served.",
                zh="这是停订的人数；题目问的是占他所服务订户的比例。"),
        Mistake(d["ever"],
                en="You divided by every subscriber he ever signed up; divide by those he still "
                   "served on his last day, 30 June 2001.",
                zh="你除以的是他签下的全部订户；应除以他最后一天（2001 年 6 月 30 日）仍在服务的"
                   "订户。"),
        Mistake(d["rest_of_year"],
                en="You counted every stop until the end of the year; only those within 8 weeks "
                   "(56 days) of his leaving.",
                zh="你数了直到年底的所有停订；只数他离开后 8 周（56 天）内的停订。"),
        Mistake(d["others"],
                en="That is the other routes' share over the same weeks, the comparison; the "
                   "task asks about his subscribers.",
                zh="这是其他线路同期的比例，是用来对比的；题目问的是他的订户。"),
    ]


@exercise(
    "c02.milkman_leaves",
    title={"en": "When the milkman left", "zh": "送奶工离开之后"},
    hint=graded_hints(
        ("Start from the subscribers M07 was still serving on his last day.",
         "从 M07 最后一天仍在服务的订户出发。"),
        ("Those with milkman M07 active on 2001-06-30; of them, the share whose stop falls "
         "after 2001-06-30 and no later than 56 days after it.",
         "milkman 为 M07、在 2001-06-30 在订的订户中，stop 晚于 2001-06-30 且不晚于其后 "
         "56 天的比例。")),
    kind="share",
    mistakes=_departure_mistakes,
)
def _milkman_leaves() -> float:
    return _departure()["share"]


# --------------------------------------------------------------------------- evaluate


def _gain(churn: float, after: float, margin: float = model.YEAR_MARGIN) -> float:
    return margin * (1 / after - 1 / churn)


def _value_mistakes() -> list[Mistake]:
    t = _routes(include_all=True)
    churn = float(t.loc["all", "churn_rate"])
    margin = model.YEAR_MARGIN
    retention = 1 - churn
    mean_churn = float(t.drop(index="all")["churn_rate"].mean())
    by_retention = dict(
        en="The lifetime is 1 / churn (1 / (1 − retention)), not 1 / retention.",
        zh="客户寿命是 1 / 流失率，即 1 / （1 − 保持率），而不是 1 / 保持率。")
    return [
        Mistake(_gain(churn, churn * (1 - CUT)),
                en="You cut churn by 5% of itself; the task cuts it by 5 points (0.05).",
                zh="你把流失率降低了它自身的 5%；题目是降低 5 个百分点（0.05）。"),
        Mistake(1 / (churn - CUT) - 1 / churn,
                en="That is the gain in years; multiply by the margin a year to get yuan.",
                zh="这是以年计的增加；乘以每年的利润才得到元。"),
        Mistake(margin / (churn - CUT),
                en="That is the value after the cut; the task asks how much it rises.",
                zh="这是降低后的价值；题目问的是增加了多少。"),
        Mistake(margin * (1 / (retention + CUT) - 1 / retention), **by_retention),
        Mistake(margin * (1 / (retention - CUT) - 1 / retention), **by_retention),
        Mistake(_gain(mean_churn, mean_churn - CUT),
                en="You averaged the routes' rates; take all routes together (all stopped / all "
                   "at the start), as big and small routes weigh differently.",
                zh="你对各线路的比率取了平均；应把所有线路合起来算（全部停订 / 全部年初订户），"
                   "因为大小线路的分量不同。"),
    ]


def _value_from_printed_churn() -> list[float]:
    """The same value from the churn the case prints, 42.5% (0.425), also right."""
    churn = round(float(_routes(include_all=True).loc["all", "churn_rate"]), 3)
    return [_gain(churn, churn - CUT)]


@exercise(
    "c02.churn_value",
    title={"en": "What 5 points less churn are worth", "zh": "流失率降低 5 个百分点的价值"},
    hint=graded_hints(
        ("A subscriber stays 1 / churn years on average, and leaves the margin each year.",
         "订户平均停留 1 / 流失率 年，每年留下一份利润。"),
        ("Take the churn of all routes together in 2001 (task 1's rule); value = YEAR_MARGIN / "
         "churn; compare it with YEAR_MARGIN / (churn − 0.05): the difference, in yuan per "
         "subscriber.",
         "取 2001 年所有线路合计的流失率（任务 1 的规则）；价值 = YEAR_MARGIN / 流失率；"
         "与 YEAR_MARGIN / (流失率 − 0.05) 比较：差额即每位订户多出的元数。")),
    kind="money",
    mistakes=_value_mistakes,
    alternatives=_value_from_printed_churn,
)
def _churn_value() -> float:
    churn = float(_routes(include_all=True).loc["all", "churn_rate"])
    return _gain(churn, churn - CUT)
