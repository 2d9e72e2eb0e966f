"""Chapter 01 (Customers and customer relationships): six exercises, understanding to judgement.

=========================  ==========  ================================================
id                         level       task
=========================  ==========  ================================================
01.customer_or_client      understand  five buyers: customer (顾客) or client (客户)?
01.repeat_conversion       apply       first-time → repeat buyer conversion from the orders
01.largest_loss            analyse     the rung most customers fail to reach
01.four_c                  understand  map the 4P to the 4C
01.members_born_1990s      apply       two classifications at once: 90后 members
01.best_lever              evaluate    which rung, raised by 5 points, adds most members
=========================  ==========  ================================================

Each checker knows the mistakes students make most often and says which one it
sees (a reversed pair of words, a ratio upside down, the rung above instead of
the rung not reached, a birth year on the wrong side of a decade ...).  Answers
in words are accepted in English or Chinese.  The task constants are module
constants, so the notebook, these checkers and the tests read the same values.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.exercises.engine import difference, exercise
from crmkit.exercises.engine import plain_text as _plain

__all__ = [
    "AS_OF",
    "BUYERS",
    "FOUR_C",
    "LIFT_POINTS",
    "buyer_roles",
    "sample_funnel",
    "stage_name",
]

#: 01.customer_or_client: the five buyers of the task and the right word for each.
BUYERS = (
    ("a tourist buys a bottle of water and pays in cash", "customer"),
    ("Ms Chen, a gold member, known, recorded and served by one adviser", "client"),
    ("a man spends 3,000 yuan in one visit and does not register", "customer"),
    ("the Binjiang store manager, supplied by the central warehouse", "client"),
    ("an office manager buying 200 gift cards a year under a contract", "client"),
)

#: 01.four_c: each P and its C (seed 001: integrated marketing communication and the 4C).
FOUR_C = {"product": "customer", "price": "cost", "place": "convenience",
          "promotion": "communication"}

#: The day the ladder is read (the day after the last order) and the campaign's rise.
AS_OF = "2026-01-01"
LIFT_POINTS = 0.05

_say = i18n.say
_CLOSE = 5e-4  # an answer rounded to three decimals still counts



def _close(a: float, b: float) -> bool:
    return bool(np.isfinite(a) and np.isfinite(b) and abs(a - b) <= _CLOSE)


def _with_slip(found: str, value: float, candidates: dict[str, float],
               slips: dict[str, tuple[str, str]]) -> str:
    """``found`` plus the message of the first typical slip whose result ``value`` matches.

    Whole-number candidates (counts) must match exactly, fractions to three decimals.
    """
    for slip, candidate in candidates.items():
        if value == candidate if isinstance(candidate, int) else _close(value, candidate):
            return found + " " + _say(*slips[slip])
    return found


def _number(answer: Any) -> float | None:
    if isinstance(answer, (bool, np.bool_)) or not isinstance(
            answer, (int, float, np.integer, np.floating)):
        return None
    return float(answer)


# --------------------------------------------------------------------------- the sample ladder


@cache  # the sample data do not change while a notebook runs; each check stays instant
def sample_funnel() -> pd.DataFrame:
    """Xinghe Mart's ladder as in the chapter: leads as suspects, read on :data:`AS_OF`."""
    from crmkit.datasets import load_acquisition, load_customers, load_survey, load_transactions
    from crmkit.ladder import ladder_funnel

    suspects = int(load_acquisition()["leads"].sum())
    return ladder_funnel(load_transactions(), customers=load_customers(), survey=load_survey(),
                         as_of=AS_OF, suspects=suspects)


def _stage_aliases() -> dict[str, str]:
    from crmkit.ladder import LADDER_STAGES

    aliases = {"prospect": "qualified_prospect", "firsttime": "first_time_buyer",
               "firstbuyer": "first_time_buyer", "repeat": "repeat_buyer",
               "loyal": "loyal_customer",
               "members": "member", "advocates": "advocate", "fan": "advocate",
               "潜在顾客": "qualified_prospect", "忠诚顾客": "loyal_customer", "成员": "member",
               "可疑者": "suspect"}
    for stage in LADDER_STAGES:
        aliases[_plain(stage)] = stage
        for language in i18n.LANGUAGES:
            aliases[_plain(i18n.label(stage, language))] = stage
    return aliases


def stage_name(answer: Any) -> str | None:
    """The ladder stage an answer names (``"Loyal customer"``, ``"忠诚客户"`` …), or ``None``."""
    return _stage_aliases().get(_plain(answer)) if isinstance(answer, str) else None


def _rung(stage: str) -> str:
    return f"{i18n.label(stage)}"


# --------------------------------------------------------------------------- 1 customer or client

_CUSTOMER_WORDS = {"customer", "顾客", "anonymous", "anonymouscustomer", "guke"}
_CLIENT_WORDS = {"client", "客户", "kehu", "knownclient"}


def buyer_roles() -> list[str]:
    """The right word for each buyer of exercise 1, in order."""
    return [role for _, role in BUYERS]


_WHY = {
    0: ("buyer 1 (the tourist) leaves no record: nobody can serve her again by name, so she is a "
        "customer (顾客).",
        "第 1 位（游客）没有留下任何记录，没有人能再叫出她的名字为她服务，是顾客。"),
    1: ("buyer 2 (Ms Chen) is known in detail, on file and served by one adviser: a client "
        "(客户).",
        "第 2 位（陈女士）的资料详尽地保存在企业的信息库中，并由专门的顾问服务，是客户。"),
    2: ("buyer 3 spent 3,000 yuan but left no record: spending does not make a client, what the "
        "firm knows and records does.",
        "第 3 位虽然花了 3,000 元，却没有留下任何记录：决定是否为客户的不是消费金额，而是企业是否了"
        "解并记录了他。"),
    3: ("buyer 4 is an internal customer (内部客户): the warehouse knows the store manager, "
        "records the orders and serves them through an account manager: a client, though "
        "inside the firm.",
        "第 4 位是内部客户：仓库了解这位店长、记录其订单，并由客户经理专门服务，所以是客户，尽管在"
        "企业内部。"),
    4: ("buyer 5 is a client although the staff, not she, use the gift cards: a client need not "
        "be the end user.",
        "第 5 位是客户，尽管使用购物卡的是员工而不是她：客户不一定是最终用户。"),
}


def _role(word: Any) -> str | None:
    if not isinstance(word, str):
        return None
    plain = _plain(word)
    if plain in _CUSTOMER_WORDS:
        return "customer"
    if plain in _CLIENT_WORDS:
        return "client"
    return None


def _compare_roles(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, dict):
        answer = [answer[key] for key in sorted(answer, key=str)]
    if isinstance(answer, (pd.Series, np.ndarray, tuple)):
        answer = list(answer)
    if not isinstance(answer, list):
        return difference(expected, answer, ordered=True)
    roles = [_role(word) for word in answer]
    if len(answer) != len(expected) or None in roles:
        normal = [role or word for role, word in zip(roles, answer, strict=True)]
        found = difference(expected, normal, ordered=len(answer) == len(expected)) or ""
        unknown = [word for role, word in zip(roles, answer, strict=True) if role is None]
        if unknown:
            found += " " + _say(
                f"{', '.join(repr(w) for w in unknown[:3])}: answer each buyer with "
                "\"customer\" (顾客) or \"client\" (客户).",
                f"{'、'.join(repr(w) for w in unknown[:3])}：每位购买者请回答 "
                "\"customer\"（顾客）或 \"client\"（客户）。")
        if len(answer) != len(expected):
            found += " " + _say("Give five words, one per buyer, in the order of the task.",
                                "请按题目顺序给出五个词，每位购买者一个。")
        return found.strip()
    wrong = [i for i, (want, got) in enumerate(zip(expected, roles, strict=True)) if want != got]
    if not wrong:
        return None
    found = difference(expected, roles, ordered=True) or ""
    if len(wrong) == len(expected):
        return found + " " + _say(
            "Every answer is the other word: the course pairs customer with 顾客 (a face without a "
            "name) and client with 客户 (known and recorded).",
            "每个答案都恰好相反：课程中 customer 对应顾客（没有名字的一张脸），client 对应客户（被"
            "了解、被记录）。")
    return " ".join([found, *(_say(*_WHY[i]) for i in wrong)])


@exercise(
    "01.customer_or_client",
    title={"en": "Customer or client?", "zh": "顾客还是客户？"},
    hint=[
        {"en": "Ask of each buyer: could the firm serve this person again by name tomorrow? "
               "The amount spent and where the buyer works do not decide.",
         "zh": "对每位购买者问一句：企业明天还能叫出他的名字、再为他服务吗？消费金额和他在哪里工作"
               "都不起决定作用。"},
        {"en": "A client is known in detail, kept in the firm's records and served by named "
               "staff; a client need not be the end user and need not be outside the firm "
               "(internal customers). Answer with five words, \"customer\" or \"client\", "
               "in order.",
         "zh": "客户的资料被企业详尽掌握、保存在信息库中，并由专门的人员服务；客户不一定是最终用户"
               "，"
               "也不一定在企业之外（内部客户）。按顺序用五个词作答：\"customer\" 或 \"client\"。"},
    ],
    compare=_compare_roles,
)
def _customer_or_client() -> list[str]:
    return buyer_roles()


# --------------------------------------------------------------------------- 2 conversion


@cache
def _orders_per_customer() -> pd.Series:
    from crmkit.datasets import load_transactions

    return load_transactions().groupby("customer_id").size()


@cache
def repeat_mistakes() -> dict[str, float]:
    """Values the usual slips give for exercise 2, by the name of the slip."""
    from crmkit.datasets import load_customers

    n = _orders_per_customer()
    buyers, repeat = int((n >= 1).sum()), int((n >= 2).sum())
    funnel = sample_funnel()
    return {
        "inverted": buyers / repeat,
        "complement": 1 - repeat / buyers,
        "registered": repeat / len(load_customers()),
        "exactly_two": int((n == 2).sum()) / buyers,
        "three_or_more": int((n > 2).sum()) / buyers,
        "only_this_rung": int((n >= 2).sum() - funnel.loc["loyal_customer", "count"]) / buyers,
        "share_of_top": repeat / funnel["count"].iloc[0],
    }


_REPEAT_SLIPS = {
    "inverted": ("The ratio is upside down: divide the repeat buyers by the first-time buyers "
                 "(the rung above), so the answer is below 1.",
                 "比值颠倒了：应当用重复购买客户数除以首次购买客户数（上一级），结果应小于 1。"),
    "complement": ("That is the share who did not come back; the task asks for those who did.",
                   "这是没有再来购买的比例；题目问的是再次购买的比例。"),
    "registered": ("You divided by all registered customers; the rung above repeat buyers is the "
                   "first-time buyers (customers with at least one order).",
                   "你除以的是全部注册客户；重复购买客户的上一级是首次购买客户（至少有一笔订单的客"
                   "户）。"),
    "exactly_two": ("You counted customers with exactly two orders; a repeat buyer has at least "
                    "two (>= 2).",
                    "你只数了恰好两笔订单的客户；重复购买客户是至少两笔（>= 2）。"),
    "three_or_more": ("> 2 counts three orders or more; at least two is >= 2.",
                      "> 2 表示三笔及以上；至少两笔应写作 >= 2。"),
    "only_this_rung": ("Each rung counts the customers on it *or higher*: loyal customers, members "
                       "and advocates bought twice too.",
                       "每一级都要算上这一级及更高级的客户：忠诚客户、会员和拥护者也都至少购买了两"
                       "次。"),
    "share_of_top": ("That is the share of the top rung (all suspects); the conversion compares a "
                     "rung with the rung just above it.",
                     "这是占顶层（全部可能顾客）的比例；转化率是与紧邻的上一级相比。"),
}


def _compare_repeat(expected: float, answer: Any) -> str | None:
    value = _number(answer)
    if value is not None and _close(value, expected):
        return None
    found = difference(expected, answer)
    if value is None:
        return found
    found = found or ""
    if _close(value / 100, expected):
        return found
    return _with_slip(found, value, repeat_mistakes(), _REPEAT_SLIPS)


@exercise(
    "01.repeat_conversion",
    title={"en": "From first-time to repeat buyer", "zh": "从首次购买到重复购买"},
    hint=[
        {"en": "A conversion rate compares one rung with the rung just above it: here the "
               "customers with at least two orders against those with at least one.",
         "zh": "转化率是用某一级与紧邻的上一级相比：这里是至少有两笔订单的客户与至少有一笔订单的客"
               "户之比。"},
        {"en": "Count the orders of each customer (group the orders by customer and take the "
               "size), then count the customers with two or more and those with one or more, "
               "and divide the first count by the second. Give a fraction, not a percentage.",
         "zh": "先按客户分组数出每位客户的订单数，再分别数出订单数不少于 2 和不少于 1 的客户，"
               "用前者除以后者。答案写成小数，不要写成百分数。"},
    ],
    compare=_compare_repeat,
)
def _repeat_conversion() -> float:
    n = _orders_per_customer()
    return int((n >= 2).sum()) / int((n >= 1).sum())


# --------------------------------------------------------------------------- 3 largest loss

_CLIMB = ("first_time_buyer", "repeat_buyer", "loyal_customer", "member")


@cache
def losses() -> pd.Series:
    """Customers lost before each rung from repeat buyer up to member (exercise 3)."""
    counts = sample_funnel().loc[list(_CLIMB), "count"]
    return (counts.shift() - counts).dropna().astype(int)


def _compare_loss(expected: str, answer: Any) -> str | None:
    named = stage_name(answer)
    if named == expected:
        return None
    found = difference(expected, answer) if named is None else difference(
        _rung(expected), _rung(named))
    lost = losses()
    if named is None:
        return found + " " + _say(
            "Answer with a rung of the ladder, e.g. \"member\".",
            "请用客户阶梯中某一级的名称作答，例如 \"member\"。") if isinstance(
            answer, str) else found
    above = {"repeat_buyer": "first_time_buyer", "loyal_customer": "repeat_buyer",
             "member": "loyal_customer"}
    if above.get(expected) == named:
        note = _say(
            f"Those {lost[expected]:,} customers stand on the {_rung(named)} rung; they are lost "
            "on the way up from it. Name the rung they fail to reach.",
            f"这 {lost[expected]:,} 位客户停在“{_rung(named)}”这一级，是在往上走时流失的。"
            "请回答他们没能升到的那一级。")
    elif named in ("suspect", "qualified_prospect"):
        note = _say("The task starts at first-time buyers: count only the rungs from there up "
                    "to member.",
                    "题目从首次购买客户开始：只看从这一级到会员之间的各级。")
    elif named == "advocate":
        note = _say("The advocate rung has a low rate, but it lies above member, where the task "
                    "stops; and the question asks for the number of customers, not the rate.",
                    "拥护者这一级的转化率虽低，但它在会员之上，超出了题目范围；而且题目问的是人数，"
                    "不是转化率。")
    elif named in lost.index:
        note = _say(
            f"{lost[named]:,} customers fail to reach {_rung(named)}, but another rung loses "
            "more: compare the losses of all three steps.",
            f"有 {lost[named]:,} 位客户没能升到“{_rung(named)}”，但另有一级流失更多：比较三步的流失"
            f"人数。")
    else:  # first_time_buyer: the bottom of the range, no loss inside it
        note = _say("First-time buyer is where the climb starts; the losses happen on the steps "
                    "above it.",
                    "首次购买客户是起点；流失发生在它之上的各级之间。")
    return found + " " + note


@exercise(
    "01.largest_loss",
    title={"en": "Where the climb stops", "zh": "客户在哪一级止步"},
    hint=[
        {"en": "For each step between two rungs, the customers lost are the count of the wider "
               "rung minus the count of the next, narrower rung.",
         "zh": "相邻两级之间流失的客户数，等于较宽的一级的人数减去紧接着的下一级"
               "（较窄的一级）的人数。"},
        {"en": "Take the counts of the funnel from first-time buyer to member, subtract each "
               "rung's count from the count just before it, and pick the largest loss. Answer "
               "with the rung the customers fail to reach, not the one they stand on.",
         "zh": "取漏斗中从首次购买客户到会员的人数，用前一级的人数减去每一级的人数，找出流失最多的"
               "一步。"
               "回答客户没能升到的那一级，而不是他们所停留的那一级。"},
    ],
    compare=_compare_loss,
)
def _largest_loss() -> str:
    return str(losses().idxmax())


# --------------------------------------------------------------------------- 4 the 4C

_P_WORDS = {
    "product": "product", "产品": "product", "price": "price", "价格": "price",
    "place": "place", "渠道": "place", "地点": "place", "distribution": "place",
    "promotion": "promotion", "促销": "promotion", "推销": "promotion",
}
_C_WORDS = {
    "customer": "customer", "customers": "customer", "consumer": "customer",
    "customerneeds": "customer", "needs": "customer", "customervalue": "customer",
    "顾客": "customer", "客户": "customer", "消费者": "customer", "顾客价值": "customer",
    "客户需求": "customer", "顾客需求": "customer",
    "cost": "cost", "costs": "cost", "customercost": "cost", "成本": "cost",
    "顾客成本": "cost", "客户成本": "cost",
    "convenience": "convenience", "便利": "convenience", "便利性": "convenience",
    "方便": "convenience",
    "communication": "communication", "communications": "communication", "沟通": "communication",
    "交流": "communication",
}
_WHY_C = {
    "product": ("product becomes the customer (顾客): what the customer needs, not what the firm "
                "makes.",
                "产品对应顾客：关注顾客的需求，而不是企业生产什么。"),
    "price": ("price becomes cost (成本): everything buying costs the customer, money, time and "
              "effort.",
              "价格对应成本：顾客为购买付出的全部代价，包括金钱、时间和精力。"),
    "place": ("place becomes convenience (便利): how easily the customer can buy and use it.",
              "渠道对应便利：顾客购买和使用是否方便。"),
    "promotion": ("promotion becomes communication (沟通): two-way talk instead of one-way "
                  "selling.",
                  "促销对应沟通：双向交流，而不是单向推销。"),
}


def _compare_four_c(expected: pd.Series, answer: Any) -> str | None:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        found = difference(expected, answer) or ""
        if isinstance(answer, (list, tuple)):
            found += " " + _say("Pair each P with its C in a dict: "
                                "{\"product\": ..., \"price\": ..., \"place\": ..., "
                                "\"promotion\": ...}.",
                                "请用字典把每个 P 与对应的 C 配对："
                                "{\"product\": ..., \"price\": ..., \"place\": ..., "
                                "\"promotion\": ...}。")
        return found.strip()
    keys = {key: _P_WORDS.get(_plain(key), key) for key in answer}
    if sum(_plain(k) in _C_WORDS for k in answer) >= 2 and not any(
            k in FOUR_C for k in keys.values()):
        return (difference(expected, pd.Series(answer, dtype=object)) or "") + " " + _say(
            "The keys should be the 4P (product, price, place, promotion) and the values the "
            "4C: the dict runs the other way round.",
            "字典的键应当是 4P（产品、价格、渠道、促销），值是 4C：你的字典方向反了。")
    mapped = pd.Series({keys[k]: _C_WORDS.get(_plain(v), v) if isinstance(v, str) else v
                        for k, v in answer.items()}, dtype=object)
    found = difference(expected, mapped)
    if found is None:
        return None
    notes = []
    unknown = [v for v in mapped if isinstance(v, str) and v not in FOUR_C.values()]
    if unknown:
        notes.append(_say(f"{', '.join(repr(v) for v in unknown[:3])} is not one of the 4C: "
                          "customer, cost, convenience, communication.",
                          f"{'、'.join(repr(v) for v in unknown[:3])} 不属于 4C：顾客（customer）、"
                          "成本（cost）、便利（convenience）、沟通（communication）。"))
    if mapped.get("price") == "convenience" and mapped.get("place") == "cost":
        notes.append(_say("Cost and convenience are swapped: price becomes the customer's cost, "
                          "place becomes convenience.",
                          "成本与便利颠倒了：价格对应顾客的成本，渠道对应便利。"))
    elif mapped.get("product") == "communication" and mapped.get("promotion") == "customer":
        notes.append(_say("Customer and communication are swapped: product becomes the "
                          "customer's needs, promotion becomes two-way communication.",
                          "顾客与沟通颠倒了：产品对应顾客的需求，促销对应双向沟通。"))
    else:
        notes += [_say(*_WHY_C[p]) for p, c in FOUR_C.items()
                  if p in mapped and mapped[p] != c and mapped[p] in FOUR_C.values()]
    if mapped.duplicated().any():
        notes.append(_say("Each C belongs to exactly one P.", "每个 C 只对应一个 P。"))
    return " ".join([found, *notes])


@exercise(
    "01.four_c",
    title={"en": "From the 4P to the 4C", "zh": "从 4P 到 4C"},
    hint=[
        {"en": "The 4C look at the same four things as the 4P, but from the customer's side: "
               "ask what each P means to the person buying.",
         "zh": "4C 和 4P 说的是同样四件事，只是站在顾客一边：问问每个 P 对购买者意味着什么。"},
        {"en": "What the firm calls its product is, to the customer, a need met; its price is "
               "the customer's cost; its place is how convenient buying is; its promotion "
               "should become a two-way conversation. Answer with a dict from each P to its C.",
         "zh": "企业所说的产品，对顾客来说是需求得到满足；价格是顾客付出的成本；渠道关乎购买是否便"
               "利；"
               "促销应当变成双向的交流。用字典把每个 P 映射到对应的 C。"},
    ],
    compare=_compare_four_c,
)
def _four_c() -> pd.Series:
    return pd.Series(FOUR_C, name="4C", dtype=object)


# --------------------------------------------------------------------------- 5 two classifications


@cache
def members_born_1990s_mistakes() -> dict[str, int | float]:
    """Values the usual slips give for exercise 5, by the name of the slip."""
    from crmkit.datasets import load_customers, load_transactions

    people = load_customers()
    year, member = people["birth_year"], people["is_member"]
    nineties = year.between(1990, 1999)
    right = int((nineties & member).sum())
    bought = people["customer_id"].isin(load_transactions()["customer_id"])
    return {
        "all_nineties": int(nineties.sum()),
        "all_members": int(member.sum()),
        "with_2000": int((year.between(1990, 2000) & member).sum()),
        "without_1990": int((year.between(1991, 1999) & member).sum()),
        "shifted": int((year.between(1991, 2000) & member).sum()),
        "buyers_only": int((nineties & member & bought).sum()),
        "share_of_all": right / len(people),
        "share_of_nineties": right / int(nineties.sum()),
        "share_of_members": right / int(member.sum()),
    }


_NINETIES_SLIPS = {
    "all_nineties": ("That counts every customer born in the 1990s; keep only the members.",
                     "这是全部 90 后客户；还要只保留会员。"),
    "all_members": ("That counts every member; keep only those born 1990 to 1999.",
                    "这是全部会员；还要只保留 1990 至 1999 年出生的。"),
    "with_2000": ("2000 belongs to the 00后: the 1990s run from 1990 to 1999.",
                  "2000 年出生的属于 00 后：90 后是 1990 年至 1999 年出生的。"),
    "without_1990": ("1990 is a 90后 year too: the 1990s run from 1990 to 1999 inclusive.",
                     "1990 年出生的也是 90 后：90 后包括 1990 年至 1999 年。"),
    "shifted": ("The decade is shifted by a year: from 1990 to 1999, not 1991 to 2000.",
                "年代错开了一年：应为 1990 至 1999 年，而不是 1991 至 2000 年。"),
    "buyers_only": ("Count the registered customers in customers, not only those who bought.",
                    "请统计 customers 中的全部注册客户，而不只是有购买记录的客户。"),
    "share_of_all": ("The task asks for a number of customers, not a share.",
                     "题目问的是客户人数，不是比例。"),
    "share_of_nineties": ("The task asks for a number of customers, not a share.",
                          "题目问的是客户人数，不是比例。"),
    "share_of_members": ("The task asks for a number of customers, not a share.",
                         "题目问的是客户人数，不是比例。"),
}


def _compare_nineties(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer)
    value = _number(answer)
    if found is None or value is None:
        return found
    return _with_slip(found, value, members_born_1990s_mistakes(), _NINETIES_SLIPS)


@exercise(
    "01.members_born_1990s",
    title={"en": "Members born in the 1990s", "zh": "90 后会员"},
    hint=[
        {"en": "Two classifications at once: the age cohort and the membership. A customer "
               "counts only if both conditions hold.",
         "zh": "同时使用两种分类：年龄阶段和会员制。只有两个条件都满足的客户才计入。"},
        {"en": "Make one True/False column for 'born from 1990 to 1999, both included' and one "
               "for 'is a member', combine them with 'and', and count the True rows of the whole "
               "customers table.",
         "zh": "分别得到“出生于 1990 至 1999 年（含两端）”和“是会员”两列真假值，用“且”组合，"
               "再数出整个 customers 表中为真的行数。"},
    ],
    compare=_compare_nineties,
)
def _members_born_1990s() -> int:
    from crmkit.datasets import load_customers

    people = load_customers()
    return int((people["birth_year"].between(1990, 1999) & people["is_member"]).sum())


# --------------------------------------------------------------------------- 6 best lever


@cache
def lever_gains(goal: str = "member") -> pd.Series:
    """Extra customers on ``goal`` when the rate into each rung rises by :data:`LIFT_POINTS`."""
    from crmkit.ladder import ladder_what_if

    funnel = sample_funnel()
    return pd.Series({stage: float(ladder_what_if(funnel, lift=stage, points=LIFT_POINTS)
                                   .loc[goal, "gain"]) for stage in funnel.index[1:]})


def _compare_lever(expected: str, answer: Any) -> str | None:
    named = stage_name(answer)
    if named == expected:
        return None
    found = difference(expected, answer) if named is None else difference(
        _rung(expected), _rung(named))
    if named is None:
        return found + " " + _say(
            "Answer with a rung of the ladder, e.g. \"member\".",
            "请用客户阶梯中某一级的名称作答，例如 \"member\"。") if isinstance(
            answer, str) else found
    gains = lever_gains()
    rate = sample_funnel()["conversion"]
    if named == "suspect":
        note = _say("The top rung has no conversion rate to raise: the campaign raises the rate "
                    "into a rung below it.",
                    "最顶层没有可提高的转化率：活动提高的是进入下面某一级的转化率。")
    elif named == "advocate":
        note = _say("Advocates stand above members: a higher rate into advocate adds no members.",
                    "拥护者位于会员之上：提高进入拥护者的转化率并不会增加会员。")
    elif named == "loyal_customer":
        note = _say(
            f"The rung that loses most customers gives +{gains[named]:,.0f} members, but another "
            f"gives +{gains[expected]:,.0f}: 5 points matter most where the rate is lowest, "
            "because every rung below grows by (rate + 0.05) / rate.",
            f"流失最多的这一级可增加 {gains[named]:,.0f} 位会员，但另有一级可增加 "
            f"{gains[expected]:,.0f} 位：转化率越低，提高 5 个百分点的作用越大，"
            "因为下面每一级都按（转化率 + 0.05）/ 转化率的倍数增长。")
    else:
        note = _say(
            f"Its rate is already {rate[named]:.0%}, so 5 more points raise it by only "
            f"{LIFT_POINTS / rate[named]:.0%} (+{gains[named]:,.0f} members): look for the "
            "lowest rate.",
            f"这一级的转化率已达 {rate[named]:.0%}，再提高 5 个百分点只相当于增长 "
            f"{LIFT_POINTS / rate[named]:.0%}（会员增加 {gains[named]:,.0f} 位）：找转化率最低的一"
            f"级。")
    return found + " " + note


@exercise(
    "01.best_lever",
    title={"en": "One campaign, one rung", "zh": "一次活动，提升一级"},
    hint=[
        {"en": "Try every rung below the top in the explorer (or with ck.ladder_what_if) and "
               "compare the extra members. Is the winner the rung that loses most customers?",
         "zh": "在探索器中（或用 ck.ladder_what_if）逐一试验顶层以下的每一级，比较增加的会员数。"
               "胜出的是流失客户最多的那一级吗？"},
        {"en": "Members are the top count times the product of all rates down to member, so a "
               "rise of 5 points multiplies them by (rate + 0.05) / rate: the lower the rate, "
               "the larger the factor. Find the lowest rate on the rungs from qualified "
               "prospect up to member.",
         "zh": "会员数等于顶层人数乘以直到会员的各级转化率之积，所以某一级提高 5 个百分点，会员数就"
               "乘以"
               "（转化率 + 0.05）/ 转化率：转化率越低，倍数越大。"
               "在合格预期顾客到会员（含）之间找出转化率最低的一级。"},
    ],
    compare=_compare_lever,
)
def _best_lever() -> str:
    return str(lever_gains().idxmax())
