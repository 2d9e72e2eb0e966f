"""Chapter 05 (Winning customers): six exercises, from recall to judgement.

=======================  ==========  ==================================================
id                       level       task
=======================  ==========  ==================================================
05.aida_stages           recall      the AIDA stage of four moments of one campaign
05.promotion_tools       understand  which promotion tool each of five actions is
05.cost_per_retained     apply       spend ÷ repeat buyers, per channel
05.payback_month         apply       payback month in the margin × retention model
05.channel_ranking       analyse     channels from best to worst buy per retained customer
05.promotion_claim       evaluate    difference-in-differences for Double 11 2024
=======================  ==========  ==================================================

Each checker names the mistakes students make most (an AIDA "emotion" stage, the
cost per *new* customer where the retained one is asked, a payback that forgets
that customers leave, a ranking by the cheapest lead, the gap after a promotion
read as its effect).  Answers in words are accepted in English or Chinese.  The
numbers of each task are the module constants below; the notebook states them
in the task text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import pandas as pd

from crmkit import i18n
from crmkit.exercises.engine import difference, exercise
from crmkit.exercises.engine import plain_text as _plain
from crmkit.exercises.toolkit import KINDS, join, listing

__all__ = [
    "AIDA_MOMENTS",
    "AIDA_STAGES",
    "PAYBACK_COST",
    "PAYBACK_MARGIN",
    "PAYBACK_RETENTION",
    "PROMOTION_MONTH",
    "PROMOTION_WINDOW",
    "TOOL_ACTIONS",
]

_say = i18n.say


#: The four stages of AIDA, in order (their glossary keys are ``aida_<stage>``).
AIDA_STAGES = ("attention", "interest", "desire", "action")

#: 05.aida_stages: one customer's moments in the Binjiang opening campaign -> stage.
AIDA_MOMENTS = {
    1: "action",     # she buys fresh food with the opening coupon
    2: "attention",  # a short video of the new bakery appears on her phone
    3: "interest",   # she opens the store's page in the app to read the offers
    4: "desire",     # a neighbour praises the bread; she decides she wants to try it
}

#: 05.promotion_tools: Xinghe Mart's actions a-e -> the promotion tool (glossary keys).
TOOL_ACTIONS = {
    "a": "personal_selling",   # staff at the fresh counter help a visitor choose a durian
    "b": "advertising",        # metro posters and paid results on a map app
    "c": "sales_promotion",    # 15 yuan off a first order of 99 yuan, opening week only
    "d": "publicity",          # the evening news reports the store's tenth anniversary
    "e": "direct_marketing",   # a personal SMS offer to consenting members, replies tracked
}

#: 05.payback_month: cost to win an app customer, her monthly margin, monthly retention.
PAYBACK_COST = 150.0
PAYBACK_MARGIN = 45.0
PAYBACK_RETENTION = 0.75

#: 05.promotion_claim: the promotion month and the months compared before and after.
PROMOTION_MONTH = "2024-11"
PROMOTION_WINDOW = 3



def _spellings(keys: Any, extra: Mapping[str, tuple[str, ...]] = {}) -> dict[str, str]:
    """Every accepted spelling (key, English and Chinese label, extras) -> the key."""
    accepted: dict[str, str] = {}
    for key in keys:
        accepted[_plain(key)] = key
        for language in i18n.LANGUAGES:
            accepted[_plain(i18n.label(key, language))] = key
        for alias in extra.get(key, ()):
            accepted[_plain(alias)] = key
    return accepted


def _listing(keys: Any) -> str:
    return listing(f'"{k}"' for k in keys)


# --------------------------------------------------------------------------- recall

_AIDA_ALIASES = {"attention": ("awareness", "知晓"), "desire": ("欲望", "want"),
                 "action": ("buy", "purchase", "购买")}
_EMOTION = {"emotion", "emotions", "情绪", "情感"}


def _compare_aida(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, (str, Mapping)) or not isinstance(answer, (list, tuple, pd.Series)):
        return difference(expected, answer, ordered=True)
    named = {spelling: key.removeprefix("aida_") for spelling, key in _spellings(
        [f"aida_{stage}" for stage in AIDA_STAGES],
        {f"aida_{stage}": (stage, *_AIDA_ALIASES.get(stage, ())) for stage in AIDA_STAGES},
    ).items()}
    given = [named.get(_plain(item), item) for item in answer]
    found = difference(expected, given, ordered=len(given) == len(expected))
    if found is None:
        return None
    if any(_plain(item) in _EMOTION for item in answer):
        return join(found, _say(
            "\"Emotion\" is not an AIDA stage: the four are attention, interest, desire, action.",
            "“情绪”不是 AIDA 的阶段：四个阶段是注意、兴趣、渴望、行动。"))
    unknown = [item for item in given if item not in AIDA_STAGES]
    if unknown:
        return join(found, _say(f"Use the four stage names: {_listing(AIDA_STAGES)}.",
                     f"请用四个阶段的名称作答：{_listing(AIDA_STAGES)}。"))
    if list(given) == list(AIDA_STAGES):
        return join(found, _say(
            "That is the order of the model itself; give the stage of each moment, in the "
            "order the moments are listed (the first moment is the purchase).",
            "这是模型本身的顺序；请按题目所列时刻的顺序写出各自的阶段（第一个时刻是购买）。"))
    if len(given) == 4 and given[2] == "desire" and given[3] == "interest":
        return join(found, _say(
            "Reading about the offers is interest (wanting to know more); deciding she wants "
            "it after the neighbour's praise is desire.",
            "阅读优惠信息属于兴趣（想进一步了解）；听了邻居的称赞后决定想要，才是渴望。"))
    return found


@exercise(
    "05.aida_stages",
    title={"en": "The AIDA stage of each moment", "zh": "各个时刻所处的 AIDA 阶段"},
    hint=[{"en": "AIDA has four stages, in this order: attention, interest, desire, action. "
                 "Which one is each moment? (One of the five words you may know is not a stage.)",
           "zh": "AIDA 有四个阶段，依次为注意、兴趣、渴望、行动。每个时刻属于哪一个？"
                 "（你可能听过的五个词中有一个不是阶段。）"},
          {"en": "Attention = she notices it; interest = she looks for more; desire = she "
                 "wants it more than the alternatives; action = she buys. Answer a list of "
                 "four words in the order of the moments, e.g. "
                 "[\"...\", \"...\", \"...\", \"...\"].",
           "zh": "注意：注意到了；兴趣：主动了解更多；渴望：比其他选择更想要它；行动：购买。"
                 "按时刻的顺序用四个词的列表作答，例如 [\"...\", \"...\", \"...\", \"...\"]。"}],
    compare=_compare_aida,
)
def _aida_stages() -> list[str]:
    return [AIDA_MOMENTS[moment] for moment in sorted(AIDA_MOMENTS)]


# --------------------------------------------------------------------------- understand

_TOOLS = ("personal_selling", "advertising", "sales_promotion", "publicity", "direct_marketing")
_TOOL_ALIASES = {"personal_selling": ("人员销售", "selling"),
                 "sales_promotion": ("营业推广", "promotion"),
                 "publicity": ("public relations", "pr", "公共关系", "公关"),
                 "advertising": ("advert", "ads", "advertisement")}
_TOOL_TIPS = {
    ("e", "advertising"): ("e is addressed to chosen members and invites a reply the firm can "
                           "count: that is direct marketing, not advertising.",
                           "e 是发给选定会员、并能统计回应的信息：这是直复营销，而不是广告。"),
    ("d", "advertising"): ("Nobody paid for the news report in d: that is publicity.",
                           "d 中的新闻报道不是企业付费的：这属于公共宣传。"),
    ("c", "advertising"): ("c gives a reason to buy now (a discount for a week): that is "
                           "sales promotion.",
                           "c 给出了立即购买的理由（限时一周的折扣）：这属于销售促进。"),
    ("a", "direct_marketing"): ("a happens face to face with staff: that is personal selling.",
                                "a 是店员与顾客面对面的沟通：这属于人员推销。"),
}


def _compare_tools(expected: dict[str, str], answer: Any) -> str | None:
    if not isinstance(answer, Mapping):
        return _say(f"Answer a dict from the letters to a tool, e.g. {{\"a\": \"advertising\", "
                    f"...}}; the tools are {_listing(_TOOLS)}.",
                    f"请用字典作答，把字母对应到促销工具，例如 {{\"a\": \"advertising\", ...}}；"
                    f"可选的工具有 {_listing(_TOOLS)}。")
    named = _spellings(_TOOLS, _TOOL_ALIASES)
    given = {_plain(k): named.get(_plain(v), v) if isinstance(v, str) else v
             for k, v in answer.items()}
    missing = [k for k in expected if k not in given]
    if missing:
        return _say(f"No tool for {', '.join(missing)}: give all five letters a to e.",
                    f"{'、'.join(missing)} 没有作答：a 到 e 五项都要填写。")
    wrong = [k for k in expected if given[k] != expected[k]]
    if not wrong:
        return None
    unknown = [str(given[k]) for k in wrong if given[k] not in _TOOLS]
    found = _say(f"{len(wrong)} of 5 not right yet ({', '.join(wrong)}).",
                 f"5 项中有 {len(wrong)} 项还不对（{'、'.join(wrong)}）。")
    if unknown:
        return join(found, _say(f"Use the tool names: {_listing(_TOOLS)}.",
                     f"请使用这些工具名称：{_listing(_TOOLS)}。"))
    tips = [_say(*_TOOL_TIPS[(k, given[k])]) for k in wrong if (k, given[k]) in _TOOL_TIPS]
    return join(found, *tips)


@exercise(
    "05.promotion_tools",
    title={"en": "The promotion tool of each action", "zh": "每项活动所用的促销工具"},
    hint=[{"en": "Ask of each action: is it face to face? paid media for everybody? a reason "
                 "to buy now? unpaid news? an addressed message whose replies are counted?",
           "zh": "逐项问自己：是面对面吗？是面向所有人的付费媒体吗？是促使立即购买的理由吗？"
                 "是不付费的新闻吗？是发给特定的人并统计回应的信息吗？"},
          {"en": "Face to face = personal_selling; paid media = advertising; an incentive to "
                 "buy now = sales_promotion; unpaid news and events = publicity; addressed "
                 "and measurable = direct_marketing. Answer {\"a\": \"...\", ..., \"e\": \"...\"}.",
           "zh": "面对面：personal_selling；付费媒体：advertising；"
                 "立即购买的激励：sales_promotion；"
                 "不付费的新闻和活动：publicity；有针对性且可衡量：direct_marketing。"
                 "用 {\"a\": \"...\", ..., \"e\": \"...\"} 作答。"}],
    compare=_compare_tools,
)
def _promotion_tools() -> dict[str, str]:
    return dict(TOOL_ACTIONS)


# --------------------------------------------------------------------------- apply


@cache
def _orders() -> pd.DataFrame:
    """The sample orders, loaded once for all of this chapter's checkers (never modified)."""
    from crmkit.datasets import load_transactions

    return load_transactions()


@cache
def _funnel_once() -> pd.DataFrame:
    from crmkit.acquisition import acquisition_funnel
    from crmkit.datasets import load_acquisition, load_customers

    return acquisition_funnel(load_acquisition(), customers=load_customers(),
                              transactions=_orders())


def _funnel() -> pd.DataFrame:
    """The acquisition funnel of the sample data (computed once per session, copied)."""
    return _funnel_once().copy()


_COST_MIXUPS = {
    "cost_per_customer": ("This is the cost per *new* customer (spend / first purchases); "
                          "divide by the repeat buyers instead.",
                          "这是每位新客户的成本（费用 / 首次购买数）；应除以重复购买客户数。"),
    "cost_per_lead": ("This is the cost per lead (spend / leads); divide by the repeat buyers.",
                      "这是每条线索的成本（费用 / 线索数）；应除以重复购买客户数。"),
    "per_registered": ("You divided by the registered customers; divide by those who bought "
                       "at least twice.",
                       "你除以的是注册客户数；应除以至少购买过两次的客户数。"),
}


def _compare_cost(expected: pd.Series, answer: Any) -> str | None:
    if isinstance(answer, pd.DataFrame) and "cost_per_retained" in answer.columns:
        answer = answer["cost_per_retained"]
    if isinstance(answer, pd.Series):
        answer = answer.rename(expected.name)
    found = difference(expected, answer, rtol=5e-4, decimals=2)  # "two decimals are enough"
    if found is None or not isinstance(answer, pd.Series):
        return found
    funnel = _funnel()
    mixups = {"cost_per_customer": funnel["cost_per_customer"],
              "cost_per_lead": funnel["cost_per_lead"],
              "per_registered": funnel["spend"] / funnel["registered"]}
    for name, values in mixups.items():
        if difference(values.rename(expected.name), answer, rtol=5e-4, decimals=2) is None:
            return join(found, _say(*_COST_MIXUPS[name]))
    return found


@exercise(
    "05.cost_per_retained",
    title={"en": "Cost per retained customer, per channel", "zh": "各渠道每位留存客户的成本"},
    hint=[{"en": "A retained customer here is a new customer who bought at least twice. Which "
                 "column of the funnel counts them, and what do you divide by it?",
           "zh": "这里的留存客户是指至少购买过两次的新客户。"
                 "漏斗中哪一列统计了他们？用什么去除以它？"},
          {"en": "Compute the funnel with customers= and transactions=, then divide the "
                 "channel's spend by its repeat_buyers. Answer a Series indexed by channel; "
                 "two decimals are enough.",
           "zh": "用 customers= 和 transactions= 计算漏斗，再用各渠道的营销费用除以 repeat_buyers。"
                 "以渠道为索引的 Series 作答；保留两位小数即可。"}],
    decimals=2,
    compare=_compare_cost,
)
def _cost_per_retained() -> pd.Series:
    return _funnel()["cost_per_retained"]


def _compare_payback(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer)
    if found is None:
        return None
    if not isinstance(answer, (int, float)) or isinstance(answer, bool):
        try:
            answer = float(answer)
        except (TypeError, ValueError):
            return found
    value = float(answer)
    cost, margin, rate = PAYBACK_COST, PAYBACK_MARGIN, PAYBACK_RETENTION
    tips = []
    if math.isinf(value):
        tips.append(_say(f"With a retention of {1 - rate:g} she would never pay back; the task "
                         f"says she stays with probability {rate:g} (the churn is {1 - rate:g}).",
                         f"若保持率为 {1 - rate:g}，她永远收不回成本；题目说的是她以 {rate:g} 的"
                         f"概率留下（流失率才是 {1 - rate:g}）。"))
    elif math.isclose(value, cost / margin, rel_tol=1e-3) or value == math.ceil(cost / margin) \
            or value == math.floor(cost / margin):
        tips.append(_say(f"{cost:g} / {margin:g} assumes she never leaves. Each month only a "
                         f"share {rate:g} of the previous month's customers is still buying.",
                         f"{cost:g} / {margin:g} 假定她永远不会离开。实际上每个月只有上个月的 "
                         f"{rate:g} 还在购买。"))
    elif math.isclose(value, margin / (1 - rate), rel_tol=1e-3):
        tips.append(_say(f"{margin / (1 - rate):g} yuan is her whole expected lifetime margin; the "
                         "question is in which month the running total first reaches the cost.",
                         f"{margin / (1 - rate):g} 元是她一生的期望毛利；问题是累计毛利在第几个月"
                         "首次达到成本。"))
    elif value == expected - 1:
        tips.append(_say("One month short: month 1 is the month she is won, so count from 1.",
                         "少了一个月：第 1 个月就是获得她的当月，应从 1 开始数。"))
    elif not float(value).is_integer():
        tips.append(_say("Answer a whole month: the first month in which the running total "
                         "reaches the cost.",
                         "请回答整数月份：累计毛利首次达到成本的那个月。"))
    return join(found, *tips)


@exercise(
    "05.payback_month",
    title={"en": "The month a new customer pays back", "zh": "新客户收回获取成本的月份"},
    hint=[{"en": "Add up what she is expected to bring month by month, remembering that she "
                 "may leave: in which month does the running total first reach the cost?",
           "zh": "逐月累加她预期带来的毛利，别忘了她可能流失：累计值在第几个月首次达到成本？"},
          {"en": f"Month t (t = 1, 2, …) brings {PAYBACK_MARGIN:g} × {PAYBACK_RETENTION:g}**(t-1) "
                 f"yuan. Keep a running total until it reaches {PAYBACK_COST:g}, or call "
                 "ck.payback_period(cost, margin, retention).",
           "zh": f"第 t 个月（t = 1, 2, …）带来 {PAYBACK_MARGIN:g} × "
                 f"{PAYBACK_RETENTION:g}**(t-1) 元。逐月累加直到达到 {PAYBACK_COST:g}，"
                 "或调用 ck.payback_period(cost, margin, retention)。"}],
    compare=_compare_payback,
)
def _payback_month() -> float:
    from crmkit.acquisition import payback_period

    return payback_period(PAYBACK_COST, PAYBACK_MARGIN, PAYBACK_RETENTION)


# --------------------------------------------------------------------------- analyse

_CHANNELS = ("store", "app", "referral", "social", "search")
_CHANNEL_ALIASES = {"search": ("search ads", "搜索", "paid search"), "social": ("社交",),
                    "referral": ("推荐", "referrals"), "store": ("stores", "门店活动")}


def _ranked(column: str, ascending: bool = True) -> list[str]:
    return list(_funnel()[column].sort_values(ascending=ascending).index)


def _compare_ranking(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, pd.Series):
        answer = list(answer.sort_values().index)
    elif isinstance(answer, pd.Index):
        answer = list(answer)
    if not isinstance(answer, (list, tuple)):
        return difference(expected, answer, ordered=True)
    named = _spellings((f"ui.channel_{c}" for c in _CHANNELS),
                       {f"ui.channel_{k}": v for k, v in _CHANNEL_ALIASES.items()})
    given = [named.get(_plain(item), f"ui.channel_{item}").removeprefix("ui.channel_")
             if isinstance(item, str) else item for item in answer]
    found = difference(expected, given, ordered=len(given) == len(expected))
    if found is None:
        return None
    if given == expected[::-1]:
        return join(found, _say("That is the worst buy first: put the cheapest first.",
                     "这是从最差到最好的顺序：请把成本最低的放在最前面。"))
    mixups = {
        "cost_per_customer": ("You ranked by the cost per new customer: count only the customers "
                              "who came back, and two channels swap places.",
                              "你是按每位新客户的成本排序的：只计算回头的客户时，有两个渠道会互换位置。"),
        "cost_per_lead": ("You ranked by the cost per lead: a cheap lead that never buys is no "
                          "bargain.",
                          "你是按每条线索的成本排序的：从不购买的便宜线索并不划算。"),
    }
    for column, tip in mixups.items():
        if given == _ranked(column):
            return join(found, _say(*tip))
    if given == _ranked("repeat_rate", ascending=False):
        return join(found, _say("You ranked by the repeat rate alone: the spend matters too "
                     "(cost per retained customer = spend / repeat buyers).",
                     "你只按重复购买率排序：还要考虑费用"
                     "（每位留存客户成本 = 费用 / 重复购买客户数）。"))
    unknown = [str(item) for item in given if item not in _CHANNELS]
    if unknown:
        return join(found, _say(f"Use the channel codes {_listing(_CHANNELS)}.",
                     f"请使用渠道代码 {_listing(_CHANNELS)}。"))
    return found


@exercise(
    "05.channel_ranking",
    title={"en": "Channels from best to worst buy", "zh": "从最划算到最不划算的渠道"},
    hint=[{"en": "Which measure counts only the new customers who stay? Rank by it, cheapest "
                 "first.",
           "zh": "哪个指标只计算留下来的新客户？按它排序，成本最低的在前。"},
          {"en": "Sort the funnel's cost_per_retained from low to high and take the index: "
                 "funnel[\"cost_per_retained\"].sort_values().index. Answer a list of channel "
                 "codes such as [\"referral\", ...].",
           "zh": "把漏斗中的 cost_per_retained 从低到高排序并取索引："
                 "funnel[\"cost_per_retained\"].sort_values().index。用渠道代码的列表作答，"
                 "例如 [\"referral\", ...]。"}],
    compare=_compare_ranking,
)
def _channel_ranking() -> list[str]:
    return _ranked("cost_per_retained")


# --------------------------------------------------------------------------- evaluate


@cache
def _promotion_once(month: str) -> pd.DataFrame:
    from crmkit.acquisition import promotion_effect

    return promotion_effect(_orders(), month, window=PROMOTION_WINDOW)


def promotion_table(month: str = PROMOTION_MONTH) -> pd.DataFrame:
    """:func:`crmkit.promotion_effect` of a promotion month on the sample orders (a copy)."""
    return _promotion_once(month).copy()


def _compare_claim(expected: float, answer: Any) -> str | None:
    # whole yuan pass (the rounding policy: 2 for 1.63), and so does 0.06 yuan either way
    found = difference(expected, answer, decimals=KINDS["money"])
    if found is not None and difference(expected, answer, rtol=0, atol=0.06) is None:
        return None
    if found is None or isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return found
    table = promotion_table()
    took, other = table.loc["discount"], table.loc["no_discount"]
    close = {
        "after": (took["after"] - other["after"],
                  ("That is the gap after the promotion: the takers spent more before it too. "
                   "Compare the changes (after − before) of the two groups.",
                   "这是促销之后两组的差距：使用折扣的客户在促销前就花得更多。"
                   "应比较两组各自的变化（活动后 − 活动前）。")),
        "before": (took["before"] - other["before"],
                   ("That is the gap before the promotion; the effect is the difference between "
                    "the two groups' changes.",
                    "这是促销之前的差距；效果应是两组变化之差。")),
        "takers": (took["change"],
                   ("That is only the takers' change; subtract the change of the customers "
                    "without a discount, who were not offered anything extra.",
                    "这只是使用折扣组的变化；还要减去未使用折扣组的变化。")),
        "others": (other["change"],
                   ("That is the other group's change; the estimate is takers' change minus it.",
                    "这是未使用折扣组的变化；估计值应为使用折扣组的变化减去它。")),
        "sign": (-expected, ("Right size, wrong sign: takers' change minus the others' change.",
                             "数值对了但符号反了：应是使用折扣组的变化减去另一组的变化。")),
        "ratio": (took["after"] / other["after"] - 1,
                  ("A ratio of the spend after the promotion repeats the marketing team's "
                   "mistake; give the difference of the changes in yuan.",
                   "促销后消费之比重复了市场部的错误；请给出两组变化之差（元）。")),
    }
    close["percent"] = (close["ratio"][0] * 100, close["ratio"][1])
    for value, tip in close.values():
        if math.isclose(float(answer), value, abs_tol=0.06 if abs(value) < 10 else 0.6):
            return join(found, _say(*tip))
    other_month = promotion_table("2025-06")
    june = other_month.loc["discount", "change"] - other_month.loc["no_discount", "change"]
    if math.isclose(float(answer), june, abs_tol=0.06):
        return join(found, _say(
            f"That is 618 in June 2025; the claim is about {PROMOTION_MONTH}.",
            f"这是 2025 年 6 月的 618；题目说的是 {PROMOTION_MONTH}。"))
    return found


@exercise(
    "05.promotion_claim",
    title={"en": f"The {PROMOTION_MONTH} discounts and loyalty",
           "zh": f"{PROMOTION_MONTH} 的折扣与客户忠诚"},
    hint=[{"en": "Were the two groups alike before the promotion? If not, the gap after it "
                 "says little; look at how much each group changed.",
           "zh": "两组客户在促销前是否相同？如果不同，促销后的差距说明不了什么；"
                 "应看每组各自变化了多少。"},
          {"en": f"effect = ck.promotion_effect(orders, \"{PROMOTION_MONTH}\"); the estimate is "
                 "the takers' change minus the others' change, in yuan per customer per month: "
                 "effect.loc[\"discount\", \"change\"] - effect.loc[\"no_discount\", \"change\"].",
           "zh": f"effect = ck.promotion_effect(orders, \"{PROMOTION_MONTH}\")；"
                 "估计值为使用折扣组的"
                 "变化减去另一组的变化（元/人/月）：effect.loc[\"discount\", \"change\"] - "
                 "effect.loc[\"no_discount\", \"change\"]。"}],
    kind="money",
    compare=_compare_claim,
)
def _promotion_claim() -> float:
    table = promotion_table()
    return float(table.loc["discount", "change"] - table.loc["no_discount", "change"])
