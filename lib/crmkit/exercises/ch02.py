"""Chapter 02 (Identifying customers): six exercises, from recall to judgement.

=========================  ==========  ================================================
id                         level       task
=========================  ==========  ================================================
02.man_codes               understand  the MAN code of four described prospects
02.invalid_phones          apply       how many raw records have a filled but invalid phone
02.same_customer           analyse     three pairs of raw records: the same customer or not?
02.lead_score              apply       one lead's score under given points
02.samples                 evaluate    which of the six inquiries get a free sample now
02.recall_threshold        evaluate    the highest threshold that still finds 80% of buyers
=========================  ==========  ================================================

Each checker recognises the mistakes students typically make and says which one
it sees; the hints come in two steps (a nudge, then the method).  Answers in
words are accepted in English or Chinese.  The numbers of each task are module
constants, so the notebook, these checkers and the tests read the same values.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from crmkit import i18n
from crmkit.exercises.engine import difference, exercise

__all__ = [
    "LEAD_ID",
    "LEAD_WEIGHTS",
    "MAN_PROSPECTS",
    "PAIRS",
    "RECALL_TARGET",
    "SAME_CUSTOMER",
    "pairs_table",
]

_say = i18n.say

#: 02.man_codes: four prospects (English, Chinese) and their MAN codes.
MAN_PROSPECTS = (
    ("P1: a hotel group needs 500 gift cards; its purchasing manager signs orders; the budget "
     "is approved.",
     "P1：一家酒店集团需要 500 张礼品卡；采购经理有权签单；预算已批。", "MAN"),
    ("P2: a young start-up wants staff gifts and its founder decides alone, but it has no "
     "budget this year.",
     "P2：一家初创公司想给员工送礼，创始人一人说了算，但今年没有预算。", "mAN"),
    ("P3: a bank branch needs client gifts and can pay; our contact, the head of administration, "
     "cannot sign alone but recommends suppliers and can veto one.",
     "P3：一家银行支行需要客户礼品，也付得起；我们的联系人是行政主管，不能单独签单，但负责推荐供应商，"
     "也能否决供应商。", "MAN"),
    ("P4: a property company's general manager has money and decides, but the company has just "
     "signed a two-year gift contract with a rival and needs nothing.",
     "P4：一家物业公司的总经理有钱也能拍板，但公司刚与竞争对手签了两年的礼品合同，目前没有需求。",
     "MAn"),
)

#: 02.same_customer: pairs of record ids in customers_raw.csv; the answer key says whether
#: each pair is one customer.
PAIRS = (("R00762", "R00852"), ("R00114", "R00455"), ("R00041", "R00221"))
SAME_CUSTOMER = (True, False, True)

#: 02.lead_score: the lead and the points.
LEAD_ID = "L0004"
LEAD_WEIGHTS = {"need": 30, "money": 25, "authority": 15, "names_model": 10,
                "email_domain_matches": 10}

#: 02.recall_threshold: the share of buyers the rule must find.
RECALL_TARGET = 0.8

_INQUIRY_SAMPLES = ("Q1", "Q5")


def _plain(text: Any) -> str:
    return re.sub(r"[\s'\"]", "", str(text))


# --------------------------------------------------------------------------- understand


def _compare_codes(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, (pd.Series, tuple)):
        answer = list(answer)
    if isinstance(answer, dict):
        answer = [answer.get(key, answer.get(key.lower())) for key in ("P1", "P2", "P3", "P4")]
    if not isinstance(answer, list) or len(answer) != len(expected) or not all(
            isinstance(code, str) for code in answer):
        found = difference(expected, answer)
        return (found or "") + " " + _say(
            "Answer with a list of four codes, one per prospect, e.g. [\"MAN\", \"man\", ...].",
            "请用包含四个代码的列表作答，每位潜在客户一个，例如 [\"MAN\", \"man\", ...]。")
    codes = [_plain(code) for code in answer]
    if codes == expected:
        return None
    wrong = [i for i, (c, e) in enumerate(zip(codes, expected, strict=True)) if c != e]
    tips = []
    if all(c.swapcase() == e for c, e in zip(codes, expected, strict=True)):
        tips.append(_say("The case is the wrong way round: a capital letter means the prospect "
                         "HAS it (MAN has all three), a small letter that it lacks it.",
                         "大小写弄反了：大写字母表示具备（MAN 三者俱全），小写字母表示缺乏。"))
    elif any(sorted(c.upper()) == sorted("MAN") and c.upper() != "MAN" for c in codes):
        tips.append(_say("Keep the letters in the order M, A, N (money, authority, need); only "
                         "their case changes.",
                         "字母顺序固定为 M、A、N（购买力、决定权、需求），只改变大小写。"))
    else:
        if 2 in wrong and codes[2] == "MaN":
            tips.append(_say("P3: in the MAN rule authority means the right to decide, "
                             "recommend or veto the purchase, not only to sign.",
                             "P3：MAN 原则中的决定权包括对购买行为的决定、建议或反对的权利，"
                             "不只是签字权。"))
        if 1 in wrong and codes[1] == "MAn":
            tips.append(_say("P2 needs the gifts and its founder decides: what it lacks is money.",
                             "P2 有需求，创始人也能决定：它缺的是购买力。"))
        if 3 in wrong and codes[3] == "mAN":
            tips.append(_say("P4 can pay and decide: what it lacks is need.",
                             "P4 有钱也能决定：它缺的是需求。"))
    shown = ", ".join(f"P{i + 1}" for i in wrong)
    message = _say(f"Check {shown}.", f"请再检查 {shown}。")
    return " ".join([message, *tips])


@exercise(
    "02.man_codes",
    title={"en": "MAN codes of four prospects", "zh": "四位潜在客户的 MAN 代码"},
    hint=[
        {"en": "For each prospect ask three questions: can they pay? can our contact decide, "
               "recommend or veto? do they need it?",
         "zh": "对每位潜在客户问三个问题：付得起吗？联系人能决定、建议或否决吗？有需要吗？"},
        {"en": "Write M, A, N in that order, each as a capital if the answer is yes and a small "
               "letter if no, and put the four codes in a list.",
         "zh": "按 M、A、N 的顺序写，回答“是”用大写，“否”用小写，再把四个代码放进一个列表。"},
    ],
    compare=_compare_codes,
)
def _man_codes() -> list[str]:
    return [code for _, _, code in MAN_PROSPECTS]


# --------------------------------------------------------------------------- apply


def _raw_phones() -> pd.Series:
    from crmkit.datasets import load_customers_raw

    return load_customers_raw()["phone"]


def _invalid_counts() -> dict[str, int]:
    """The right count and the counts the typical mistakes give."""
    from crmkit.identify import clean_phone

    phones = _raw_phones()
    filled = phones.notna()
    valid = clean_phone(phones).str.fullmatch(r"1\d{10}").fillna(False).astype(bool)
    uncleaned = phones.str.fullmatch(r"1\d{10}").fillna(False).astype(bool)
    digits = phones.str.replace(r"\D", "", regex=True).str.fullmatch(r"1\d{10}")
    return {
        "right": int((filled & ~valid).sum()),
        "with_missing": int((~valid).sum()),
        "uncleaned": int((filled & ~uncleaned).sum()),
        "kept_86": int((filled & ~digits.fillna(False).astype(bool)).sum()),
        "duplicates": int(phones.dropna().duplicated().sum()),
    }


def _compare_invalid(expected: int, answer: Any) -> str | None:
    found = difference(expected, answer)
    if found is None:
        return None
    counts = _invalid_counts()
    try:
        given = int(answer)
    except (TypeError, ValueError):
        return found
    tips = {
        counts["with_missing"]: _say(
            "You counted the empty phones too: they are missing, not invalid. Count only "
            "filled cells that break the rule.",
            "你把空的电话也算进去了：它们属于缺失值，不是无效值。只数已填写却不符合规则的单元格。"),
        counts["uncleaned"]: _say(
            "You tested the phones as typed: \"100-1234-5678\" or \"+86 10012345678\" is a valid "
            "number in another format. Clean first with ck.clean_phone, then test.",
            "你直接检验了原始输入："
            "\"100-1234-5678\" 或 \"+86 10012345678\" 只是格式不同的有效号码。"
            "先用 ck.clean_phone 清洗，再检验。"),
        counts["kept_86"]: _say(
            "Removing every non-digit leaves the country code: \"+86 100…\" becomes 13 digits. "
            "ck.clean_phone also drops +86 and 0086.",
            "只删掉非数字字符会留下国家代码：\"+86 100…\" 变成 13 位。"
            "ck.clean_phone 还会去掉 +86 和 0086。"),
        counts["duplicates"]: _say(
            "That is the number of repeated phones (duplicates), not of invalid ones.",
            "这是重复电话的个数，不是无效电话的个数。"),
    }
    tip = tips.get(given)
    return found if tip is None else f"{found} {tip}"


@exercise(
    "02.invalid_phones",
    title={"en": "Invalid phone numbers in the raw file", "zh": "原始文件中的无效电话号码"},
    hint=[
        {"en": "A number written \"+86 100-1234-5678\" is valid; an empty cell is missing, not "
               "invalid.",
         "zh": "写成 \"+86 100-1234-5678\" 的号码是有效的；空单元格是缺失，不是无效。"},
        {"en": "Clean the phones with ck.clean_phone, test the 11-digits-starting-with-1 "
               "pattern, and count the filled cells that fail (or read the invalid column of "
               "ck.data_quality_report).",
         "zh": "用 ck.clean_phone 清洗电话，检验“以 1 开头的 11 位数字”，数出已填写但不符合的单"
               "元格（或看 ck.data_quality_report 的 invalid 列）。"},
    ],
    compare=_compare_invalid,
)
def _invalid_phones() -> int:
    return _invalid_counts()["right"]


# --------------------------------------------------------------------------- analyse


def pairs_table() -> pd.DataFrame:
    """The record pairs of exercise 02.same_customer, as typed in customers_raw.csv."""
    from crmkit.datasets import load_customers_raw

    raw = load_customers_raw().set_index("record_id")
    rows = []
    for number, pair in enumerate(PAIRS, start=1):
        for record in pair:
            rows.append({"pair": number, "record_id": record, **raw.loc[record, [
                "name", "gender", "birth_year", "city", "phone", "signup_date"]].to_dict()})
    return pd.DataFrame(rows).set_index(["pair", "record_id"])


_YES = {"true", "yes", "y", "same", "是", "同一人", "同一客户", "相同", "1"}
_NO = {"false", "no", "n", "different", "否", "不是", "不同", "不同人", "0"}


def _as_bool(item: Any) -> bool | None:
    if isinstance(item, bool):
        return item
    text = str(item).strip().lower()
    return True if text in _YES else False if text in _NO else None


def _compare_pairs(expected: list[bool], answer: Any) -> str | None:
    if isinstance(answer, (pd.Series, tuple)):
        answer = list(answer)
    verdicts = [_as_bool(item) for item in answer] if isinstance(answer, list) else None
    if verdicts is None or len(verdicts) != len(expected) or None in verdicts:
        found = difference(expected, answer) or ""
        return found + " " + _say("Answer with three True/False values, one per pair, e.g. "
                                  "[True, True, False].",
                                  "请用三个 True/False 作答，每组一个，例如 [True, True, False]。")
    if verdicts == expected:
        return None
    tips = []
    if not verdicts[0]:
        tips.append(_say("Pair 1: the names differ by a homophone (婷/亭), typed from speech; "
                         "the same phone number (one written with +86) and birth year prove "
                         "one person.",
                         "第 1 组：名字只差一个同音字（婷/亭），是听写时的笔误；同一个电话号码"
                         "（其中一个带 +86）和相同的出生年份证明是同一个人。"))
    if verdicts[1]:
        tips.append(_say("Pair 2: the same name in the same city is not an identity: the birth "
                         "years are 20 years apart and the phones differ.",
                         "第 2 组：同城同名不等于同一个人：出生年份相差 20 年，电话也不同。"))
    if not verdicts[2]:
        tips.append(_say("Pair 3: people change phone numbers; the name, city, gender and birth "
                         "year all agree, and the second record came six weeks later.",
                         "第 3 组：人会换手机号；姓名、城市、性别和出生年份全都一致，"
                         "第二条记录晚了六周。"))
    return " ".join(tips)


@exercise(
    "02.same_customer",
    title={"en": "The same customer or two?", "zh": "同一位客户，还是两位？"},
    hint=[
        {"en": "Which fields identify a person, and which can be typed differently or change?",
         "zh": "哪些字段能确定一个人，哪些字段会写法不同或发生变化？"},
        {"en": "For each pair, compare phone (after cleaning), birth year, gender and city; a "
               "shared valid phone or a matching name + city + birth year points to one person, "
               "a different birth year to two.",
         "zh": "逐组比较电话（清洗后）、出生年份、性别和城市；相同的有效电话，或姓名、城市、出生"
               "年份都一致，说明是同一人；出生年份不同则是两个人。"},
    ],
    compare=_compare_pairs,
)
def _same_customer() -> list[bool]:
    from crmkit.datasets import load_customers, load_customers_raw
    from crmkit.synth import make_customers_raw

    _, key = make_customers_raw(load_customers())
    owner = pd.Series(key["customer_id"].to_numpy(), index=load_customers_raw()["record_id"])
    return [bool(owner[a] == owner[b]) for a, b in PAIRS]


def _lead_numbers() -> dict[str, float]:
    """The right score and what the typical mistakes give."""
    from crmkit.datasets import load_leads
    from crmkit.identify import lead_score

    lead = load_leads().set_index("lead_id").loc[[LEAD_ID]]
    has = {k: bool(lead[k].iloc[0]) for k in LEAD_WEIGHTS}
    earned = sum(v for k, v in LEAD_WEIGHTS.items() if has[k])
    total = sum(LEAD_WEIGHTS.values())
    return {"score": float(lead_score(lead, LEAD_WEIGHTS)["lead_score"].iloc[0]),
            "points": float(earned), "fraction": earned / total,
            "default": float(lead_score(lead)["lead_score"].iloc[0]),
            "with_authority": 100 * (earned + LEAD_WEIGHTS["authority"]) / total}


def _compare_score(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=0.05)
    if found is None:
        return None
    try:
        given = float(answer)
    except (TypeError, ValueError):
        return found
    numbers = _lead_numbers()

    def near(value: float) -> bool:
        return abs(given - value) <= 0.05

    if near(numbers["fraction"]):
        tip = _say("Right proportion, wrong scale: the score runs 0–100, so multiply by 100.",
                   "比例对了，但刻度不对：评分是 0–100，要乘以 100。")
    elif near(numbers["points"]):
        tip = _say(f"{given:g} are the points earned; the score is the points as a percentage "
                   f"of the maximum, {sum(LEAD_WEIGHTS.values())}.",
                   f"{given:g} 是得到的分数；"
                   f"评分是得分占满分 {sum(LEAD_WEIGHTS.values())} 的百分比。")
    elif near(numbers["default"]):
        tip = _say("That is the score with the default points; the task gives its own points.",
                   "这是按默认分值算出的评分；题目给了自己的分值。")
    elif not near(numbers["points"] / sum(LEAD_WEIGHTS.values()) * 100) and near(
            numbers["with_authority"]):
        tip = _say(f"{LEAD_ID} has no authority (authority is False): it earns no points for it.",
                   f"{LEAD_ID} 没有决定权（authority 为 False），这一项不得分。")
    elif abs(given - expected) < 1:
        tip = _say("Close: keep two decimals instead of rounding the score to a whole number.",
                   "很接近了：保留两位小数，不要把评分四舍五入成整数。")
    else:
        return found
    return f"{found} {tip}"


@exercise(
    "02.lead_score",
    title={"en": f"The score of lead {LEAD_ID}", "zh": f"线索 {LEAD_ID} 的评分"},
    hint=[
        {"en": "A signal earns its points only when the lead shows it, and the score is a "
               "percentage of the maximum.",
         "zh": "只有线索具备某个信号，才能得到该信号的分值；评分是占满分的百分比。"},
        {"en": "Look up the lead's yes/no signals in leads.csv, add the points of the ones that "
               "are True, divide by the sum of all the points and multiply by 100 (or call "
               "ck.lead_score with weights=...).",
         "zh": "在 leads.csv 中查出这条线索的各项是/否，把为 True 的分值相加，除以全部分值之和再"
               "乘以 100（或调用 ck.lead_score 并传入 weights=...）。"},
    ],
    compare=_compare_score,
)
def _lead_score() -> float:
    return _lead_numbers()["score"]


# --------------------------------------------------------------------------- evaluate

_INQUIRY_TIPS = {
    "Q2": ("Q2 claims to be a world-famous chain but sits in a residential flat, writes from "
           "webmail, has no website and wants samples of everything: no samples.",
           "Q2 自称国际知名企业，却在居民楼里，用免费邮箱，没有网站，还要所有产品的样品："
           "不寄样品。"),
    "Q3": ("Q3 is a real buyer but did not ask for a sample: gift cards need a quotation, "
           "promptly.",
           "Q3 是真实买家，但没有索要样品：礼品卡需要的是及时报价。"),
    "Q4": ("Q4 is a student writing a paper, not a buyer: a price list at most.",
           "Q4 是写论文的学生，不是买家：最多发一份价目表。"),
    "Q6": ("Q6 is vague (\"everything\") and did not ask for a sample: ask the six questions "
           "before quoting.",
           "Q6 的询盘很笼统（“全部产品”），也没有索要样品：先问六个问题再报价。"),
}
_INQUIRY_MISSED = {
    "Q1": ("Q1 shows every sign of a real buyer and asked for one sample box.",
           "Q1 具备真实买家的全部迹象，并索要了一盒样品。"),
    "Q5": ("Q5 writes from webmail, but names our model, uses trade terms, has a website and an "
           "office: a valid lead (check the contact details on its website).",
           "Q5 虽然用免费邮箱，但说出了产品型号，使用行业术语，有网站和办公地址：是有效客户"
           "（可核对其网站上的联系方式）。"),
}


def _compare_samples(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, str):
        answer = re.findall(r"q\d+", answer, re.I)
    if isinstance(answer, (pd.Series, pd.Index, tuple, set, frozenset)):
        answer = list(answer)
    if not isinstance(answer, list):
        return difference(expected, answer)
    chosen = {str(item).strip().upper() for item in answer}
    if chosen == set(expected):
        return None
    found = difference(expected, sorted(chosen)) or ""
    tips = [_say(*_INQUIRY_TIPS[q]) for q in sorted(chosen & set(_INQUIRY_TIPS))]
    tips += [_say(*_INQUIRY_MISSED[q]) for q in sorted(set(expected) - chosen)]
    unknown = sorted(chosen - set(_INQUIRY_TIPS) - set(expected))
    if unknown:
        tips.append(_say(f"Unknown inquiry ids: {', '.join(unknown)} (use Q1 to Q6).",
                         f"未知的询盘编号：{'、'.join(unknown)}（请用 Q1 到 Q6）。"))
    return " ".join([found, *tips])


@exercise(
    "02.samples",
    title={"en": "Who gets a free sample?", "zh": "谁能得到免费样品？"},
    hint=[
        {"en": "Two conditions: the inquiry must be a valid lead, and it must have asked for a "
               "sample.",
         "zh": "两个条件：询盘必须是有效客户，而且对方确实索要了样品。"},
        {"en": "Use the scores of §11 (hot = valid lead), read the asks_sample column, and "
               "think again about a lead that fails only one check. Answer with a list of ids, "
               "e.g. [\"Q1\", ...].",
         "zh": "用第 11 节的评分（热 = 有效客户），看 asks_sample 列，对只有一项不达标的询盘再想"
               "一想。用编号列表作答，例如 [\"Q1\", ...]。"},
    ],
    compare=_compare_samples,
)
def _samples() -> list[str]:
    return list(_INQUIRY_SAMPLES)


def recall_by_threshold() -> pd.DataFrame:
    """Precision and recall of the default lead score at thresholds 0, 5, …, 100."""
    from crmkit.datasets import load_leads
    from crmkit.identify import lead_score, lead_threshold_table

    return lead_threshold_table(lead_score(load_leads()))


def _compare_threshold(expected: float, answer: Any) -> str | None:
    found = difference(expected, answer, rtol=0, atol=1e-9)
    if found is None:
        return None
    try:
        given = float(answer)
    except (TypeError, ValueError):
        return found
    table = recall_by_threshold().set_index("threshold")
    if 0 < given < 1:
        tip = _say("Answer with a threshold on the 0–100 score, not a rate.",
                   "请回答 0–100 评分上的阈值，而不是一个比率。")
    elif given == RECALL_TARGET * 100 and given not in (expected,):
        tip = _say(f"{given:g} is the recall target (80%), not the threshold that reaches it.",
                   f"{given:g} 是召回率目标（80%），不是达到该目标的阈值。")
    elif given in table.index and table.loc[given, "recall"] < RECALL_TARGET:
        tip = _say(f"At {given:g} the rule finds only {table.loc[given, 'recall']:.0%} of the "
                   "buyers: lower the threshold.",
                   f"阈值为 {given:g} 时只能找到 {table.loc[given, 'recall']:.0%} 的成交客户："
                   f"要降低阈值。")
    elif given in table.index:
        tip = _say(f"{given:g} reaches the target (recall {table.loc[given, 'recall']:.0%}) but "
                   f"is not the highest threshold that does: precision is only "
                   f"{table.loc[given, 'precision']:.0%}.",
                   f"{given:g} 达到了目标（召回率 {table.loc[given, 'recall']:.0%}），"
                   f"但不是能达到目标的"
                   f"最高阈值：精确率只有 {table.loc[given, 'precision']:.0%}。")
    else:
        tip = _say("Use a multiple of 5, as the explorer's slider does.",
                   "请用 5 的倍数，与探索器的滑块一致。")
    return f"{found} {tip}"


@exercise(
    "02.recall_threshold",
    title={"en": "A threshold that finds 80% of the buyers", "zh": "能找到 80% 成交客户的阈值"},
    hint=[
        {"en": "The higher the threshold, the fewer buyers the rule finds; you want the highest "
               "one that still finds 80%.",
         "zh": "阈值越高，规则找到的成交客户越少；要找的是仍能找到 80% 的最高阈值。"},
        {"en": "Score the leads with the default points, build ck.lead_threshold_table(scored) "
               "and take the largest threshold whose recall is at least 0.8.",
         "zh": "用默认分值给线索打分，用 ck.lead_threshold_table(scored) 建表，取召回率不低于 0."
               "8 的最大阈值。"},
    ],
    compare=_compare_threshold,
)
def _recall_threshold() -> float:
    table = recall_by_threshold()
    return float(table.loc[table["recall"] >= RECALL_TARGET, "threshold"].max())
