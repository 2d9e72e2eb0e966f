"""Identifying customers (客户识别): qualify prospects, score leads, clean customer records.

Chapter 02 has two halves:

* **Which prospects are worth the effort?** — the MAN rule (:func:`man_qualify`,
  :data:`MAN_ACTIONS`) and an explainable lead score for B2B inquiries
  (:func:`lead_points`, :func:`lead_score`);
* **Is what we know about customers right?** — a data-quality report
  (:func:`data_quality_report`), de-duplication with normalised names, phones
  and cities (:func:`deduplicate`, :func:`clean_phone`, :func:`clean_name`,
  :func:`clean_city`) and masking personal data before sharing
  (:func:`mask_pii`).

Every function returns a new object and never changes its input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit._customers import flags
from crmkit.errors import CRMDataError

__all__ = [
    "CITY_ALIASES",
    "DEFAULT_LEAD_POINTS",
    "LEAD_BANDS",
    "MAN_ACTIONS",
    "DedupResult",
    "ManRule",
    "clean_city",
    "clean_name",
    "clean_phone",
    "data_quality_report",
    "deduplicate",
    "lead_points",
    "lead_rule_quality",
    "lead_score",
    "lead_threshold_table",
    "man_qualify",
    "man_table",
    "mask_pii",
    "merge_accuracy",
    "merge_pairs",
]


# ---------------------------------------------------------------------------
# MAN qualification
# ---------------------------------------------------------------------------

class ManRule(NamedTuple):
    """What to do with a prospect, by which of Money, Authority, Need it has.

    ``action`` is a glossary key (``ck.label(rule.action)`` words it in the
    current language).
    """

    code: str
    money: bool
    authority: bool
    need: bool
    priority: int  # 1 = act now .. 4 = not a prospect
    action: str


#: The MAN rule (seed 000): uppercase = the prospect has it, lowercase = lacks it.
#: M = money (purchasing power), A = authority (power to decide), N = need.
MAN_ACTIONS: Mapping[str, ManRule] = MappingProxyType({rule.code: rule for rule in (
    ManRule("MAN", True, True, True, 1, "man_action_contact_now"),
    ManRule("MAn", True, True, False, 2, "man_action_create_need"),
    ManRule("MaN", True, False, True, 2, "man_action_find_authority"),
    ManRule("mAN", False, True, True, 2, "man_action_offer_credit"),
    ManRule("maN", False, False, True, 3, "man_action_keep_in_touch"),
    ManRule("Man", True, False, False, 3, "man_action_keep_in_touch"),
    ManRule("mAn", False, True, False, 3, "man_action_keep_in_touch"),
    ManRule("man", False, False, False, 4, "man_action_stop"),
)})


@validate.checked
def man_table() -> pd.DataFrame:
    """The eight MAN combinations with priority and action (a glossary key).

    ``ck.translate(ck.man_table())`` shows the actions in words.

    Raises
    ------
    Nothing of its own
        It takes no input, so it cannot fail.  The prospects are checked by
        :func:`man_qualify`, which raises CRMDataError when their money,
        authority or need columns are missing or hold something other than yes/no.

    >>> man_table()[["code", "priority"]].head(3)
      code  priority
    0  MAN         1
    1  MAn         2
    2  MaN         2
    """
    return pd.DataFrame({
        "code": [r.code for r in MAN_ACTIONS.values()],
        "money": [r.money for r in MAN_ACTIONS.values()],
        "authority": [r.authority for r in MAN_ACTIONS.values()],
        "need": [r.need for r in MAN_ACTIONS.values()],
        "priority": [r.priority for r in MAN_ACTIONS.values()],
        "action": [r.action for r in MAN_ACTIONS.values()],
    })


def _man_codes(money: np.ndarray, authority: np.ndarray, need: np.ndarray) -> np.ndarray:
    m = np.where(money, "M", "m").astype(object)
    a = np.where(authority, "A", "a").astype(object)
    n = np.where(need, "N", "n").astype(object)
    return m + a + n


@validate.checked
def man_qualify(leads: pd.DataFrame, *, money: str = "money", authority: str = "authority",
                need: str = "need") -> pd.DataFrame:
    """Qualify prospects with the MAN rule: Money, Authority, Need.

    A prospect worth pursuing has **M**oney (purchasing power), **A**uthority
    (the power to decide) and a **N**eed for what we sell.  The code writes
    each letter in uppercase when the prospect has it and lowercase when it
    lacks it ("MAN", "MAn", "mAN", ... "man"); :data:`MAN_ACTIONS` gives the
    follow-up for all eight combinations:

    ======  ========  ==================================================
    code    priority  action
    ======  ========  ==================================================
    MAN     1         ideal prospect: contact now and make the offer
    MAn     2         persuade: show how we meet a need (create the need)
    MaN     2         find the person with authority
    mAN     2         offer credit terms or a lower-cost solution; may wait
    maN     3         low priority: keep in touch
    Man     3         low priority: keep in touch
    mAn     3         low priority: keep in touch
    man     4         not a prospect: stop pursuing
    ======  ========  ==================================================

    Parameters
    ----------
    leads : DataFrame
        One row per prospect with three yes/no columns (True/False, 1/0 or
        "yes"/"no").
    money, authority, need : str
        Their column names (defaults match ``ck.load_leads()``).

    Returns
    -------
    DataFrame
        A copy of ``leads`` with ``man_code``, ``man_priority`` (1 = act now)
        and ``man_action`` (a glossary key such as ``man_action_contact_now``;
        ``ck.translate`` words it).

    Raises
    ------
    CRMDataError
        ``leads`` is not a DataFrame or has no rows; a money, authority or need
        column is missing (or appears twice); one of them holds something other
        than yes/no (True/False, 1/0, "yes"/"no") or is empty (the message names
        the rows).

    >>> import pandas as pd
    >>> leads = pd.DataFrame({"money": [True, False], "authority": [True, True],
    ...                       "need": [True, True]})
    >>> man_qualify(leads)[["man_code", "man_priority"]]
      man_code  man_priority
    0      MAN             1
    1      mAN             2
    """
    validate.frame(leads, what="leads")
    validate.columns(leads, {"money": money, "authority": authority, "need": need})
    has = {k: flags(leads, c).to_numpy()
           for k, c in (("money", money), ("authority", authority), ("need", need))}
    codes = _man_codes(has["money"], has["authority"], has["need"])
    out = leads.copy()
    out["man_code"] = pd.array(codes, dtype="str")
    out["man_priority"] = [MAN_ACTIONS[c].priority for c in codes]
    out["man_action"] = pd.array([MAN_ACTIONS[c].action for c in codes], dtype="str")
    return out


# ---------------------------------------------------------------------------
# Lead scoring
# ---------------------------------------------------------------------------

#: Default points per signal (column of ``leads.csv``): the MAN facts and the
#: signs that an online inquiry comes from a real buyer (seed 003).  They add
#: up to 100.
DEFAULT_LEAD_POINTS: Mapping[str, int] = MappingProxyType({
    "need": 25,
    "money": 20,
    "authority": 15,
    "names_model": 10,
    "uses_trade_terms": 10,
    "has_website": 8,
    "email_domain_matches": 6,
    "address_consistent": 6,
})

#: Action bands on the 0-100 score, best first: (lowest score, band, action).
#: The action is a glossary key (``ck.label("lead_action_hot")`` words it).
LEAD_BANDS: tuple[tuple[float, str, str], ...] = (
    (70.0, "hot", "lead_action_hot"),
    (40.0, "warm", "lead_action_warm"),
    (0.0, "cold", "lead_action_cold"),
)


def _weights(weights: Any) -> dict[str, float]:
    if weights is None:
        return {k: float(v) for k, v in DEFAULT_LEAD_POINTS.items()}
    if not isinstance(weights, Mapping) or not weights:
        raise CRMDataError(f"weights must be a non-empty mapping of column -> points, "
                           f"e.g. {{'need': 25, 'money': 20}}, but got {weights!r}.",
                           zh="weights 应当是非空的映射（列名 -> 分值），例如 "
                              f"{{'need': 25, 'money': 20}}，但收到的是 {weights!r}。")
    checked = {str(k): validate.number(v, f"weights[{k!r}]", low=0,
                                         high=1e6)
               for k, v in weights.items()}
    if sum(checked.values()) <= 0:
        raise CRMDataError("the weights add up to 0, so no lead can score. "
                           "Fix: give at least one signal some points.",
                           zh="各项权重加起来为 0，没有任何线索能得分。"
                              "修正（Fix）：至少给一个信号一些分值。")
    return checked


@validate.checked
def lead_points(weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The points table behind :func:`lead_score`: signal, what it means, points.

    Shows the default points (:data:`DEFAULT_LEAD_POINTS`) or your own
    ``weights``; ``share`` is each signal's part of the maximum score.
    ``meaning`` is the glossary key of what a default signal shows
    (``lead_signal_need``; ``ck.translate`` words it), or the signal itself for
    a column of your own.

    Raises
    ------
    CRMDataError
        ``weights`` is not a non-empty mapping ``{column: points}``; a points
        value is not a number or is negative; all the points add up to 0.

    >>> lead_points()[["signal", "points"]].head(3)
          signal  points
    0       need    25.0
    1      money    20.0
    2  authority    15.0
    """
    table = _weights(weights)
    total = sum(table.values())
    return pd.DataFrame({
        "signal": list(table),
        "meaning": [f"lead_signal_{k}" if k in DEFAULT_LEAD_POINTS else k for k in table],
        "points": list(table.values()),
        "share": [v / total for v in table.values()],
    })


@validate.checked
def lead_score(leads: pd.DataFrame, weights: Mapping[str, float] | None = None, *,
               explain: bool = False) -> pd.DataFrame:
    """Score B2B inquiries from yes/no signals: points → score (0–100) → action band.

    Each signal the lead shows earns its points (see :func:`lead_points`;
    default: need 25, money 20, authority 15, names a model 10, uses trade
    terms 10, has a website 8, e-mail domain matches 6, consistent address 6).
    The score is the points earned as a percentage of the maximum, so it runs
    0–100 whatever the weights.  Bands (:data:`LEAD_BANDS`): **hot** ≥ 70
    (quote promptly, samples allowed), **warm** 40–69.99 (ask the six
    questions first), **cold** < 40 (general price list only, no free
    samples).

    Parameters
    ----------
    leads : DataFrame
        One row per inquiry with a yes/no column per signal.
    weights : mapping, optional
        ``{column: points}``; every named column must be present.
    explain : bool, default False
        Also return one ``points_<signal>`` column per signal.

    Returns
    -------
    DataFrame
        A copy of ``leads`` with ``lead_points``, ``lead_score`` (0–100),
        ``lead_band`` (categorical: hot, warm, cold) and ``lead_action`` (text
        in the current language).

    Raises
    ------
    CRMDataError
        ``leads`` is not a DataFrame or has no rows; ``weights`` is bad (as in
        :func:`lead_points`); the points table names columns the leads do not have;
        a signal column holds something other than yes/no or is empty; ``explain``
        is not True or False.

    >>> import pandas as pd
    >>> leads = pd.DataFrame({"need": [True, True], "money": [True, False],
    ...     "authority": [True, False], "names_model": [True, False],
    ...     "uses_trade_terms": [True, False], "has_website": [False, False],
    ...     "email_domain_matches": [False, False], "address_consistent": [True, False]})
    >>> lead_score(leads)[["lead_score", "lead_band"]]
       lead_score lead_band
    0        86.0       hot
    1        25.0      cold
    """
    validate.frame(leads, what="leads")
    table = _weights(weights)
    if not isinstance(explain, bool):
        raise CRMDataError(f"explain must be True or False, but got {explain!r}.",
                           zh=f"explain 只能是 True 或 False，但收到的是 {explain!r}。")
    absent = [k for k in table if k not in leads.columns]
    if absent:
        found = ", ".join(repr(str(c)) for c in leads.columns)
        raise CRMDataError(
            f"the points table uses the columns "
            f"{', '.join(repr(k) for k in absent)}, which the leads do not have (found: "
            f"{found}). Fix: rename your columns, or pass weights={{column: points}} for the "
            "signals you have.",
            zh=f"分值表用到了列 {', '.join(repr(k) for k in absent)}，但线索数据中没有这些列"
               f"（现有列：{found}）。修正（Fix）：给你的列改名，或为已有的信号传入 "
               "weights={column: points}。"
        )
    validate.columns(leads, list(table))
    earned = {k: np.where(flags(leads, k).to_numpy(), v, 0.0)
              for k, v in table.items()}
    points = np.sum(list(earned.values()), axis=0)
    score = np.round(100 * points / sum(table.values()), 2)
    lows = np.array([b[0] for b in LEAD_BANDS])
    band = np.argmax(score[:, None] >= lows[None, :], axis=1)
    out = leads.copy()
    if explain:
        for k, v in earned.items():
            out[f"points_{k}"] = v
    out["lead_points"] = points
    out["lead_score"] = score
    out["lead_band"] = pd.Categorical.from_codes(band, categories=[b[1] for b in LEAD_BANDS])
    actions = np.array([b[2] for b in LEAD_BANDS], dtype=object)
    out["lead_action"] = pd.array(actions[band], dtype="str")
    return out


def _scored_outcome(scored: Any, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    validate.frame(scored, what="scored leads", made_by="ck.lead_score(...)")
    if not isinstance(outcome, str):
        raise CRMDataError(f"outcome must be a column name such as 'converted', "
                           f"but got {outcome!r}.",
                           zh=f"outcome 应当是列名，例如 'converted'，但收到的是 {outcome!r}。")
    validate.columns(scored, {"lead_score": "lead_score", "outcome": outcome})
    score = validate.numeric(scored, "lead_score").to_numpy(dtype=float)
    bought = flags(scored, outcome).to_numpy()
    return score, bought


@validate.checked
def lead_threshold_table(scored: pd.DataFrame, thresholds: Sequence[float] | None = None, *,
                         outcome: str = "converted") -> pd.DataFrame:
    """How good is a cut-off on the lead score?  Precision and recall per threshold.

    A threshold turns the score into a rule: *follow up every lead scoring at
    least this much*.  Checked against what the leads did later (``outcome``,
    e.g. ``converted``):

    * ``qualifying`` — leads at or above the threshold (the sales team's work);
    * ``buyers_reached`` — qualifying leads that later bought;
    * ``precision`` — buyers_reached / qualifying: how many calls are not wasted
      (missing when no lead qualifies);
    * ``recall`` — buyers_reached / all buyers: how many buyers the rule finds.

    A low threshold finds every buyer but wastes calls; a high one wastes few
    calls but misses buyers.

    Parameters
    ----------
    scored : DataFrame
        The result of :func:`lead_score`, with the outcome column.
    thresholds : list of numbers, optional
        Cut-offs on the 0–100 score; default 0, 5, …, 100.
    outcome : str
        The yes/no column saying whether the lead later bought.

    Raises
    ------
    CRMDataError
        ``scored`` is not a DataFrame, has no rows, or lacks ``lead_score`` or the
        outcome column; the outcome is not yes/no; no lead in the data bought (recall
        would be meaningless); a threshold is not a number from 0 to 100.

    >>> import pandas as pd
    >>> scored = pd.DataFrame({"lead_score": [90, 75, 50, 20],
    ...                        "converted": [True, False, True, False]})
    >>> lead_threshold_table(scored, [0, 60, 80])
       threshold  qualifying  buyers_reached  precision  recall
    0        0.0           4               2        0.5     1.0
    1       60.0           2               1        0.5     0.5
    2       80.0           1               1        1.0     0.5
    """
    score, bought = _scored_outcome(scored, outcome)
    if thresholds is None:
        cuts = np.arange(0.0, 101.0, 5.0)
    else:
        if isinstance(thresholds, str) or not isinstance(thresholds, Sequence | np.ndarray
                                                          | pd.Series | range) \
                or len(thresholds) == 0:
            raise CRMDataError(f"thresholds must be a list of numbers such as "
                               f"[40, 70], but got {thresholds!r}.",
                               zh="thresholds 应当是数字列表，例如 [40, 70]，"
                                  f"但收到的是 {thresholds!r}。")
        cuts = np.array([validate.number(t, "thresholds", low=0, high=100)
                         for t in thresholds], dtype=float)
    buyers = int(bought.sum())
    if buyers == 0:
        raise CRMDataError(f"no lead in column '{outcome}' bought, so there is no "
                           "buyer to find and recall is undefined. Fix: pass the leads with "
                           "their later outcome (some True values).",
                           zh=f"列 '{outcome}' 中没有任何线索成交，没有可找的买家，召回率无从定义。"
                              "修正（Fix）：传入带有后续结果的线索（其中要有 True 值）。")
    above = score[None, :] >= cuts[:, None]
    qualifying = above.sum(axis=1)
    reached = (above & bought[None, :]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(qualifying > 0, reached / np.maximum(qualifying, 1), np.nan)
    return pd.DataFrame({"threshold": cuts, "qualifying": qualifying,
                         "buyers_reached": reached, "precision": precision,
                         "recall": reached / buyers})


@validate.checked
def lead_rule_quality(scored: pd.DataFrame, threshold: float = 70.0, *,
                      outcome: str = "converted") -> pd.Series:
    """One row of :func:`lead_threshold_table`, plus the totals: how well one rule works.

    Returns a Series with ``threshold``, ``leads``, ``qualifying``, ``buyers``
    (all leads that bought), ``buyers_reached``, ``precision``, ``recall``.

    Raises
    ------
    CRMDataError
        As :func:`lead_threshold_table`.

    >>> import pandas as pd
    >>> scored = pd.DataFrame({"lead_score": [90, 75, 50, 20],
    ...                        "converted": [True, False, True, False]})
    >>> lead_rule_quality(scored, 70).to_dict()["precision"]
    0.5
    """
    row = lead_threshold_table(scored, [threshold], outcome=outcome).iloc[0]
    _, bought = _scored_outcome(scored, outcome)
    return pd.Series({"threshold": float(row["threshold"]), "leads": len(scored),
                      "qualifying": int(row["qualifying"]), "buyers": int(bought.sum()),
                      "buyers_reached": int(row["buyers_reached"]),
                      "precision": float(row["precision"]), "recall": float(row["recall"])},
                     dtype=object, name="lead_rule")


# ---------------------------------------------------------------------------
# Cleaning names, phones, cities
# ---------------------------------------------------------------------------

#: Spellings of cities that mean the same place, after lower-casing and removing
#: spaces; :func:`clean_city` maps them to the Chinese name.
CITY_ALIASES: Mapping[str, str] = MappingProxyType({
    "hangzhou": "杭州", "ningbo": "宁波", "wenzhou": "温州", "shaoxing": "绍兴",
    "huzhou": "湖州", "jiaxing": "嘉兴", "jinhua": "金华", "quzhou": "衢州",
    "taizhou": "台州", "lishui": "丽水", "zhoushan": "舟山", "shanghai": "上海",
    "beijing": "北京", "tianjin": "天津", "chongqing": "重庆", "guangzhou": "广州",
    "shenzhen": "深圳", "nanjing": "南京", "suzhou": "苏州", "wuxi": "无锡",
    "hefei": "合肥", "wuhan": "武汉", "chengdu": "成都", "xian": "西安", "xi'an": "西安",
})


def _as_text(values: Any) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    elif isinstance(values, (list, tuple, np.ndarray, pd.Index)):
        series = pd.Series(values)
    else:
        raise CRMDataError(f"expected a column (pandas Series) or a list of values, "
                           f"but got a {type(values).__name__}.",
                           zh="需要一列数据（pandas Series）或一个值列表，"
                              f"但收到的是 {type(values).__name__}。")
    missing = series.isna()
    text = series.astype("object").where(missing, series.astype(str))
    return pd.Series(text, index=series.index, dtype="str", name=series.name)


def _blank_to_missing(text: pd.Series) -> pd.Series:
    return text.where(text.str.len() > 0)


@validate.checked
def clean_phone(values: Any) -> pd.Series:
    """Normalise phone numbers to bare digits: full-width to half-width, no spaces,
    dashes, dots or brackets, no +86 / 0086 country code.  Empty → missing.

    Raises
    ------
    CRMDataError
        ``values`` is not a column (Series) or a list of values, e.g. a single
        string.

    >>> clean_phone(pd.Series(["+86 100-1234-5678", "１００１２３４５６７８", " ", None])).tolist()
    ['10012345678', '10012345678', nan, nan]
    """
    text = _as_text(values).str.normalize("NFKC")
    digits = text.str.replace(r"[\s\-\.\(\)\u00a0/]", "", regex=True)
    digits = digits.str.replace(r"^(?:\+86|0086|86(?=\d{11}$))", "", regex=True)
    return _blank_to_missing(digits)


@validate.checked
def clean_name(values: Any) -> pd.Series:
    """Normalise names: full-width to half-width, no spaces, Latin letters in lower case.

    Raises
    ------
    CRMDataError
        ``values`` is not a column (Series) or a list of values, e.g. a single
        string.

    >>> clean_name(pd.Series(["张 梅", "张梅 ", "Ｌｉ Ｌｅｉ"])).tolist()
    ['张梅', '张梅', 'lilei']
    """
    text = _as_text(values).str.normalize("NFKC")
    return _blank_to_missing(text.str.replace(r"\s+", "", regex=True).str.lower())


@validate.checked
def clean_city(values: Any, aliases: Mapping[str, str] | None = None) -> pd.Series:
    """Normalise city names: "杭州", "杭州市", "Hangzhou", "hangzhou " all become "杭州".

    Full-width to half-width, spaces removed, lower case, a trailing "市" or
    " shi"/"city" dropped, and pinyin spellings mapped with
    :data:`CITY_ALIASES` (add your own with ``aliases={"hz": "杭州"}``).

    Raises
    ------
    CRMDataError
        ``values`` is not a column (Series) or a list of values, e.g. a single
        string; ``aliases`` is not a mapping.

    >>> clean_city(pd.Series(["杭州市", "Hangzhou", "hangzhou ", "HangZhou City"])).tolist()
    ['杭州', '杭州', '杭州', '杭州']
    """
    table = dict(CITY_ALIASES)
    if aliases is not None:
        if not isinstance(aliases, Mapping):
            raise CRMDataError(f"clean_city: aliases must be a mapping such as "
                               f"{{'hz': '杭州'}}, but got {aliases!r}.",
                               zh="clean_city：aliases 应当是映射，例如 "
                                  f"{{'hz': '杭州'}}，但收到的是 {aliases!r}。")
        table.update({re.sub(r"\s+", "", str(k)).lower(): str(v) for k, v in aliases.items()})
    text = _as_text(values).str.normalize("NFKC")
    text = text.str.replace(r"\s+", "", regex=True).str.lower()
    text = text.str.replace(r"(?:市|shi|city)$", "", regex=True)
    return _blank_to_missing(text.replace(table))


# ---------------------------------------------------------------------------
# Data-quality report
# ---------------------------------------------------------------------------

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Rule = str | tuple | set | list | Callable[[pd.Series], Any]


def _check_phone(values: pd.Series) -> pd.Series:
    return clean_phone(values).str.fullmatch(r"1\d{10}").fillna(False).astype(bool)


def _check_year(values: pd.Series) -> pd.Series:
    years = pd.to_numeric(values, errors="coerce")
    return years.between(1900, pd.Timestamp.today().year) & (years % 1 == 0)


def _check_date(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.Series(True, index=values.index)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return pd.Series(False, index=values.index)
    parsed = pd.to_datetime(values.astype("object"), errors="coerce", format="mixed")
    return parsed.notna()


def _check_email(values: pd.Series) -> pd.Series:
    return _as_text(values).str.fullmatch(_EMAIL).fillna(False).astype(bool)


_RULES: dict[str, Callable[[pd.Series], pd.Series]] = {
    "phone": _check_phone,
    "birth_year": _check_year,
    "date": _check_date,
    "email": _check_email,
}


def _default_rule(column: str) -> str | None:
    name = str(column).lower()
    if "phone" in name or "mobile" in name:
        return "phone"
    if "email" in name:
        return "email"
    if name.endswith("year"):
        return "birth_year"
    if "date" in name or name.endswith("_at"):
        return "date"
    return None


def _rule_checker(column: str, rule: Any) -> tuple[str, Callable]:
    if isinstance(rule, str):
        validate.one_of(rule, _RULES, f"rules[{column!r}]")
        return rule, _RULES[rule]
    if isinstance(rule, tuple) and len(rule) == 2:
        low = validate.number(rule[0], f"rules[{column!r}][0]")
        high = validate.number(rule[1], f"rules[{column!r}][1]", low=low)
        return (f"{low:g}..{high:g}",
                lambda s: pd.to_numeric(s, errors="coerce").between(low, high))
    if isinstance(rule, (set, frozenset, list)):
        allowed = set(rule)
        return "one of " + ", ".join(sorted(map(str, allowed))), lambda s: s.isin(allowed)
    if callable(rule):
        return getattr(rule, "__name__", "custom"), rule
    raise CRMDataError(
        f"rules[{column!r}]={rule!r} is not a rule. Use a name "
        f"({', '.join(_RULES)}), a (low, high) range, a set of allowed values, or a "
        "function that returns True for valid values.",
        zh=f"rules[{column!r}]={rule!r} 不是有效的规则。请使用规则名"
           f"（{', '.join(_RULES)}）、`(low, high)` 范围、允许值的集合，或一个对有效值返回 True "
           "的函数。"
    )


def _missing(values: pd.Series) -> pd.Series:
    missing = values.isna()
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        missing = missing | values.str.strip().eq("").fillna(False).astype(bool)
    elif values.dtype == object:
        blank = values.map(lambda v: isinstance(v, str) and not v.strip())
        missing = missing | blank.astype(bool)
    return missing


@validate.checked
def data_quality_report(frame: pd.DataFrame,
                        rules: Mapping[str, Rule] | None = None) -> pd.DataFrame:
    """Check every column for missing, invalid and duplicate values (数据质量).

    Per column:

    * ``missing`` — empty cells (NaN, None, or text that is only spaces);
    * ``invalid`` — filled cells that break the column's rule (missing cells
      are not counted again); ``<NA>`` when the column has no rule;
    * ``duplicates`` — filled cells whose value already appeared higher up
      (a problem in id and phone columns, normal in a city column);
    * ``distinct`` — number of different filled values.

    The last row, ``(whole rows)``, counts rows with any missing cell, rows
    with any invalid cell, and rows that repeat an earlier row exactly.

    Rules
    -----
    ``rules`` maps a column to one of: ``"phone"`` (after removing spaces,
    dashes and +86, 11 digits starting with 1), ``"birth_year"`` (a whole
    number from 1900 to this year), ``"date"`` (parses as a date),
    ``"email"``; a ``(low, high)`` range of numbers; a set of allowed values;
    or a function returning True for valid values.  Without ``rules`` they are
    guessed from the column names (phone/mobile → phone, email, ``*year`` →
    birth_year, ``*date*`` / ``*_at`` → date).

    Returns
    -------
    DataFrame
        ``column``, ``rule``, ``missing``, ``invalid``, ``duplicates``,
        ``distinct`` (one row per column plus ``(whole rows)``).

    Raises
    ------
    CRMDataError
        ``frame`` is not a DataFrame or has no rows; ``rules`` is not a mapping
        or names a column the frame does not have; a rule is none of the kinds
        above (an unknown name, a range whose ``high`` is below ``low``); your own
        rule function fails on the column's values.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"name": ["张梅", "张梅", "  ", "李雷"],
    ...                     "phone": ["10012345678", "10012345678", "123", None],
    ...                     "birth_year": [1985, 1985, 2190, 1990]})
    >>> data_quality_report(raw)
             column        rule  missing  invalid  duplicates  distinct
    0          name                    1     <NA>           1         2
    1         phone       phone        1        1           1         2
    2    birth_year  birth_year        0        1           1         3
    3  (whole rows)                    2        1           1         3
    """
    validate.frame(frame)
    validate.duplicated(frame)
    if rules is not None and not isinstance(rules, Mapping):
        raise CRMDataError(f"rules must be a mapping of column -> rule, "
                           f"such as {{'phone': 'phone'}}, but got {rules!r}.",
                           zh="rules 应当是映射（列名 -> 规则），例如 "
                              f"{{'phone': 'phone'}}，但收到的是 {rules!r}。")
    if rules is not None:
        validate.columns(frame, {f"rules[{c!r}]": c for c in rules})
    chosen = dict(rules) if rules is not None else {
        c: r for c in frame.columns if (r := _default_rule(c)) is not None}
    rows, any_missing, any_invalid = [], np.zeros(len(frame), bool), np.zeros(len(frame), bool)
    for column in frame.columns:
        values = frame[column]
        missing = _missing(values).to_numpy()
        filled = values[~missing]
        invalid: Any = pd.NA
        rule_name = ""
        if column in chosen:
            rule_name, checker = _rule_checker(column, chosen[column])
            try:
                ok = pd.Series(checker(filled), index=filled.index).fillna(False).astype(bool)
            except (TypeError, ValueError) as err:
                raise CRMDataError(f"the rule for column '{column}' failed on its "
                                   f"values ({err}). Fix: check the rule.",
                                   zh=f"列 '{column}' 的规则在检查其值时出错（{err}）。"
                                      "修正（Fix）：检查这条规则。") from err
            bad = ~ok.to_numpy()
            invalid = int(bad.sum())
            flag = np.zeros(len(frame), bool)
            flag[np.flatnonzero(~missing)[bad]] = True
            any_invalid |= flag
        any_missing |= missing
        try:
            duplicates = int(filled.duplicated().sum())
            distinct = int(filled.nunique())
        except TypeError:  # unhashable cells (lists): compare their text
            duplicates = int(filled.astype(str).duplicated().sum())
            distinct = int(filled.astype(str).nunique())
        rows.append((str(column), rule_name, int(missing.sum()), invalid, duplicates, distinct))
    try:
        whole_dupes = int(frame.duplicated().sum())
    except TypeError:
        whole_dupes = int(frame.astype(str).duplicated().sum())
    rows.append(("(whole rows)", "", int(any_missing.sum()), int(any_invalid.sum()),
                 whole_dupes, len(frame) - whole_dupes))
    out = pd.DataFrame(rows, columns=["column", "rule", "missing", "invalid", "duplicates",
                                      "distinct"])
    return out.astype({"column": "str", "rule": "str", "invalid": "Int64"})


# ---------------------------------------------------------------------------
# De-duplication
# ---------------------------------------------------------------------------

class DedupResult(NamedTuple):
    """The result of :func:`deduplicate`: the cleaned records and what was merged."""

    customers: pd.DataFrame
    merges: pd.DataFrame


_ROLES = ("name", "phone", "city")


def _check_keys(keys: Any, columns: pd.Index) -> list[tuple[str, ...]]:
    if isinstance(keys, str) or not isinstance(keys, Sequence) or not keys:
        raise CRMDataError(f"keys must be a list of field groups such as "
                           f"[('phone',), ('name', 'city')], but got {keys!r}.",
                           zh="keys 应当是字段组的列表，例如 "
                              f"[('phone',), ('name', 'city')]，但收到的是 {keys!r}。")
    groups = []
    for group in keys:
        if not isinstance(group, (str, list, tuple)):
            raise CRMDataError(f"keys must be a list of field groups such as "
                               f"[('phone',), ('name', 'city')], but it holds {group!r}.",
                               zh="keys 应当是字段组的列表，例如 "
                                  f"[('phone',), ('name', 'city')]，但其中有 {group!r}。")
        fields = (group,) if isinstance(group, str) else tuple(group)
        if not fields:
            raise CRMDataError("keys contains an empty group. "
                               "Fix: list at least one field in each group.",
                           zh="keys 中有一个空的字段组。修正（Fix）：每组至少列出一个字段。")
        for field in fields:
            if not isinstance(field, str) or (field not in _ROLES and field not in columns):
                raise CRMDataError(
                    f"the field {field!r} in keys is neither 'name', 'phone' nor "
                    f"'city' nor a column of the records (columns: "
                    f"{', '.join(repr(str(c)) for c in columns)}). Fix: use one of those, "
                    "e.g. keys=[('phone',), ('name', 'city', 'birth_year')].",
                    zh=f"keys 中的字段 {field!r} 既不是 'name'、'phone'、'city'，也不是记录中的列"
                       f"（现有列：{', '.join(repr(str(c)) for c in columns)}）。"
                       "修正（Fix）：改用其中之一，例如 "
                       "keys=[('phone',), ('name', 'city', 'birth_year')]。")
        groups.append(fields)
    return groups


def _match_values(records: pd.DataFrame, field: str, roles: Mapping[str, str],
                  city_aliases: Mapping[str, str] | None) -> pd.Series:
    """The values two records must share to match on ``field`` (missing never matches)."""
    if field == "phone":
        phones = clean_phone(records[roles["phone"]])
        return phones.where(phones.str.fullmatch(r"1\d{10}").fillna(False).astype(bool))
    if field == "name":
        return clean_name(records[roles["name"]])
    if field == "city":
        return clean_city(records[roles["city"]], city_aliases)
    text = _as_text(records[field]).str.normalize("NFKC").str.strip()
    return _blank_to_missing(text)


@validate.checked
def deduplicate(
    customers: pd.DataFrame,
    *,
    name: str = "name",
    phone: str = "phone",
    city: str = "city",
    keys: Sequence[Sequence[str] | str] = (("phone",), ("name", "city")),
    city_aliases: Mapping[str, str] | None = None,
    clean: bool = True,
) -> DedupResult:
    """Find records that describe the same customer and merge them (去重).

    Names, phones and cities are first normalised (:func:`clean_name`,
    :func:`clean_phone`, :func:`clean_city`), so "100-1234-5678" matches
    "+86 10012345678", "张 梅" matches "张梅" and "杭州市" matches "Hangzhou".

    **Matching rule** (``keys``): two records are the same customer when they
    agree on every field of at least one key group — by default the same
    phone number, *or* the same name in the same city.  Matches chain: if
    record 1 matches 2 by phone and 2 matches 3 by name and city, all three
    are one customer.  Records with a missing field never match on a group
    that needs it, and a phone matches only when it is a valid mobile number
    (11 digits starting with 1, after cleaning): placeholders such as "0" or
    "n/a" would otherwise chain strangers together.  A key group may also
    name any other column of the records (e.g. ``"birth_year"``), compared
    as text without surrounding spaces.  Common names make name + city risky
    ("张伟" in 杭州 may be two people): check the ``merges`` report, or pass a
    stricter rule such as ``keys=[("phone",), ("name", "city", "birth_year")]``.

    **Merging**: each group keeps its first record (the one highest up);
    empty fields in it are filled from the other records of the group, in
    order.  With ``clean=True`` (default) the name, phone and city columns of
    the result hold the normalised values.

    Returns
    -------
    DedupResult
        ``customers``: the de-duplicated records (original index labels of
        the kept rows).  ``merges``: one row per record that was merged away —
        ``row`` (its index label), ``kept`` (the label of the record it merged
        into) and ``matched_on`` (the key groups it shares with others, e.g.
        ``"phone"`` or ``"name+city"``).  Unpack it:
        ``clean, merges = ck.deduplicate(raw)``.

    Raises
    ------
    CRMDataError
        ``customers`` is not a DataFrame or has no rows; ``keys`` is not a list of
        groups of "name", "phone" and "city" (or holds an empty group); a column
        the keys need is missing; ``clean`` is not True or False;
        ``city_aliases`` is not a mapping.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"name": ["张梅", "张 梅", "李雷", "王芳"],
    ...     "phone": ["100-1234-5678", "10012345678", "10087654321", None],
    ...     "city": ["杭州", "Hangzhou", "杭州市", "宁波"]})
    >>> result = deduplicate(raw)
    >>> result.customers
      name        phone city
    0   张梅  10012345678   杭州
    2   李雷  10087654321   杭州
    3   王芳          NaN   宁波
    >>> result.merges
       row  kept        matched_on
    0    1     0  phone, name+city
    """
    validate.frame(customers, what="customer records")
    groups = _check_keys(keys, customers.columns)
    roles = {"name": name, "phone": phone, "city": city}
    used = [r for r in _ROLES if any(r in g for g in groups)]
    validate.columns(customers, {r: roles[r] for r in used})
    if not isinstance(clean, bool):
        raise CRMDataError(f"clean must be True or False, but got {clean!r}.",
                           zh=f"clean 只能是 True 或 False，但收到的是 {clean!r}。")
    if city_aliases is not None and not isinstance(city_aliases, Mapping):
        raise CRMDataError(f"city_aliases must be a mapping such as "
                           f"{{'hz': '杭州'}}, but got {city_aliases!r}.",
                           zh="city_aliases 应当是映射，例如 "
                              f"{{'hz': '杭州'}}，但收到的是 {city_aliases!r}。")
    key_fields = dict.fromkeys(f for g in groups for f in g)
    match = {f: _match_values(customers, f, roles, city_aliases).reset_index(drop=True)
             for f in key_fields}
    cleaners = {"name": clean_name, "phone": clean_phone,
                "city": lambda s: clean_city(s, city_aliases)}
    normal = {r: cleaners[r](customers[roles[r]]).reset_index(drop=True) for r in used}

    n = len(customers)
    label = np.arange(n)
    group_codes, group_sizes = [], []
    for fields in groups:
        parts = [match[f] for f in fields]
        valid = np.logical_and.reduce([p.notna().to_numpy() for p in parts])
        joined = parts[0].fillna("")
        for p in parts[1:]:
            joined = joined + "\x1f" + p.fillna("")
        codes, uniques = pd.factorize(joined.where(pd.Series(valid)))
        sizes = np.append(np.bincount(codes[codes >= 0], minlength=len(uniques)), 0)
        group_codes.append(codes)
        group_sizes.append(sizes[np.where(codes >= 0, codes, len(uniques))])
    changed = True
    while changed:  # spread the smallest row number through every chain of matches
        changed = False
        for codes in group_codes:
            has = codes >= 0
            if not has.any():
                continue
            smallest = np.full(codes.max() + 1, n)
            np.minimum.at(smallest, codes[has], label[has])
            new = label.copy()
            new[has] = smallest[codes[has]]
            if (new != label).any():
                label, changed = new, True

    work = customers.reset_index(drop=True)
    if clean:
        for r in used:
            work[roles[r]] = normal[r]
    merged = work.groupby(label, sort=True).first()
    kept_positions = np.unique(label)
    merged.index = customers.index[kept_positions]
    merged = merged[list(customers.columns)]

    away = np.flatnonzero(label != np.arange(n))
    shared = [", ".join("+".join(fields) for fields, sizes in zip(groups, group_sizes,
                                                                   strict=True)
                        if sizes[i] >= 2)
              for i in away]
    merges = pd.DataFrame({
        "row": customers.index[away],
        "kept": customers.index[label[away]],
        "matched_on": pd.array(shared, dtype="str"),
    })
    return DedupResult(merged, merges)


def _group_labels(records: pd.DataFrame, merges: pd.DataFrame) -> pd.Series:
    validate.frame(records, what="records")
    validate.frame(merges, what="merges", allow_empty=True,
                   made_by="ck.deduplicate(...).merges")
    validate.columns(merges, ["row", "kept"])
    if not records.index.is_unique:
        raise CRMDataError(
            "the records' index labels repeat, so a merge cannot say which record it "
            "means. Fix: give deduplicate() and this function records with a unique index, "
            "e.g. records.reset_index(drop=True).",
            zh="记录的索引标签有重复，合并时无法判断指的是哪一条记录。"
               "修正（Fix）：给 deduplicate() 和本函数传入索引唯一的记录，"
               "例如 records.reset_index(drop=True)。")
    unknown = ~merges["row"].isin(records.index) | ~merges["kept"].isin(records.index)
    if unknown.any():
        raise CRMDataError(
            f"the merges name rows that are not in the records: "
            f"{validate.show_rows(merges.index[unknown.to_numpy()])}. Fix: pass the same "
            "records you gave deduplicate(), with their index unchanged.",
            zh="合并结果中有些行不在记录里："
               f"{validate.rows_zh(merges.index[unknown.to_numpy()])}。修正（Fix）：传入与 "
               "deduplicate() 相同的记录，且不要改动其索引。")
    group = pd.Series(records.index, index=records.index)
    if len(merges):  # (an empty object column cannot be assigned to an int index)
        group.loc[merges["row"].to_numpy()] = merges["kept"].to_numpy()
    return group


@validate.checked
def merge_pairs(records: pd.DataFrame, merges: pd.DataFrame,
                columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Show each merge of :func:`deduplicate` as two lines: the record kept and the one merged.

    Read them to judge the rule: do the two lines really describe one person?

    Parameters
    ----------
    records : DataFrame
        The records you gave :func:`deduplicate` (same index).
    merges : DataFrame
        ``result.merges`` (columns ``row``, ``kept``, ``matched_on``).
    columns : list, optional
        Columns of the records to show (default: all).

    Returns
    -------
    DataFrame
        Indexed by (``merge`` number, ``role``: "kept" or "merged"), with
        ``matched_on`` and the chosen columns as typed in the records.

    Raises
    ------
    CRMDataError
        ``records`` or ``merges`` is not a DataFrame; ``merges`` lacks ``row`` or
        ``kept``, or names rows the records do not have; a column is missing.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"name": ["张梅", "张 梅"], "phone": ["100-1234-5678", "10012345678"],
    ...                     "city": ["杭州", "Hangzhou"]})
    >>> merge_pairs(raw, deduplicate(raw).merges, ["name", "phone"])
                         matched_on  name          phone
    merge role
    1     kept    phone, name+city    张梅  100-1234-5678
          merged  phone, name+city   张 梅    10012345678
    """
    _group_labels(records, merges)
    shown = list(records.columns) if columns is None else validate.column_names(columns,
                                                                                 "columns")
    validate.columns(records, shown)
    matched = merges["matched_on"] if "matched_on" in merges.columns else pd.Series(
        "", index=merges.index)
    kept = records.loc[merges["kept"].to_numpy(), shown].reset_index(drop=True)
    away = records.loc[merges["row"].to_numpy(), shown].reset_index(drop=True)
    number = np.arange(1, len(merges) + 1)
    both = pd.concat([kept.assign(merge=number, role="kept"),
                      away.assign(merge=number, role="merged")], ignore_index=True)
    both.insert(0, "matched_on", np.tile(matched.astype(str).to_numpy(), 2))
    both["role"] = pd.Categorical(both["role"], categories=["kept", "merged"])
    return both.sort_values(["merge", "role"]).set_index(["merge", "role"])[
        ["matched_on", *shown]]


@validate.checked
def merge_accuracy(records: pd.DataFrame, merges: pd.DataFrame, truth: pd.Series) -> pd.Series:
    """Check a de-duplication against the known answer: right merges, wrong merges, misses.

    In practice nobody has the answer for every record: a firm checks a sample
    by hand (抽样核查).  For practice data made by :mod:`crmkit.synth` the answer
    is known, so the whole rule can be scored.

    Parameters
    ----------
    records : DataFrame
        The records given to :func:`deduplicate`.
    merges : DataFrame
        ``result.merges``.
    truth : Series
        The true customer of each record, with the records' index; missing for
        records that belong to no customer (test records).

    Returns
    -------
    Series
        ``merges`` (records merged away), ``right`` (merged into a record of the
        same customer), ``wrong`` (merged into someone else's record, or a record
        of no customer), ``true_duplicates`` (records beyond the first of each
        customer), ``missed`` (true duplicates still kept apart after merging).

    Raises
    ------
    CRMDataError
        As :func:`merge_pairs`; ``truth`` is not a Series with the records' index.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"name": ["张梅", "张梅", "张梅"], "phone": [None, None, "10012345678"],
    ...                     "city": ["杭州", "杭州", "宁波"]})
    >>> truth = pd.Series(["C1", "C2", "C1"])    # two different 张梅 in 杭州
    >>> merge_accuracy(raw, deduplicate(raw).merges, truth).to_dict()
    {'merges': 1, 'right': 0, 'wrong': 1, 'true_duplicates': 1, 'missed': 1}
    """
    group = _group_labels(records, merges)
    same_labels = (isinstance(truth, pd.Series) and truth.index.is_unique
                   and len(truth) == len(records) and set(truth.index) == set(records.index))
    if not same_labels:
        raise CRMDataError(
            f"truth must be a Series with the same index labels as the records (one "
            "true customer id per record), but got "
            f"{type(truth).__name__ if not isinstance(truth, pd.Series) else 'other labels'}."
            " Fix: pd.Series(ids, index=records.index).",
            zh="truth 应当是与记录索引标签相同的 Series（每条记录一个真实客户编号），但收到的"
               + (f"是 {type(truth).__name__}" if not isinstance(truth, pd.Series)
                  else " Series 索引标签不同")
               + "。修正（Fix）：pd.Series(ids, index=records.index)。")
    truth = truth.reindex(records.index)
    owner = truth.astype("object").where(truth.notna())
    row_owner = owner.loc[merges["row"].to_numpy()].to_numpy()
    kept_owner = owner.loc[merges["kept"].to_numpy()].to_numpy()
    right = int((pd.notna(row_owner) & (row_owner == kept_owner)).sum())
    known = owner.notna()
    true_dupes = int(known.sum() - owner[known].nunique())
    groups_per_owner = pd.DataFrame({"owner": owner[known], "group": group[known]}) \
        .drop_duplicates().groupby("owner").size()
    missed = int((groups_per_owner - 1).sum())
    return pd.Series({"merges": len(merges), "right": right, "wrong": len(merges) - right,
                      "true_duplicates": true_dupes, "missed": missed}, name="merge_accuracy")


# ---------------------------------------------------------------------------
# Masking personal data
# ---------------------------------------------------------------------------

def _mask_middle(text: pd.Series, keep_start: int, keep_end: int) -> pd.Series:
    length = text.str.len().fillna(0).astype(int)
    stars = pd.Series("*", index=text.index, dtype="str").str.repeat(
        (length - keep_start - keep_end).clip(lower=1).tolist())
    head = text.str.slice(0, keep_start)
    tail = text.str.slice(-keep_end) if keep_end else ""
    long_enough = length > keep_start + keep_end
    return (head + stars + tail).where(long_enough, pd.Series("*", index=text.index)
                                       .str.repeat(length.clip(lower=1).tolist()))


def _mask_kind(text: pd.Series, kind: str) -> pd.Series:
    if kind == "phone":
        return _mask_middle(text, 3, 4)
    if kind in ("name", "text"):
        length = text.str.len()
        two = text.str.slice(0, 1) + "*"
        return _mask_middle(text, 1, 1).where(length != 2, two)
    if kind == "email":
        user = text.str.extract(r"^([^@]*)@(.*)$")
        masked = user[0].str.slice(0, 1) + "***@" + user[1]
        return masked.where(user[1].notna(), _mask_kind(text, "text"))
    raise AssertionError(kind)  # pragma: no cover - kinds are checked by mask_pii


_KINDS = ("phone", "name", "email", "text")


_PHONE_WORDS = {"phone", "mobile", "tel", "telephone", "cell", "cellphone", "phonenumber"}
_EMAIL_WORDS = {"email", "e-mail", "mail"}
_NAME_WORDS = {"name", "contact", "fullname"}


def _guess_kind(column: Any) -> str | None:
    """The kind of personal data a column name suggests, in English or Chinese, else None."""
    lower = str(column).strip().lower()
    words = set(re.split(r"[\s_.]+", lower))
    if words & _PHONE_WORDS or "phone" in lower or "mobile" in lower or any(
            w in lower for w in ("手机", "电话", "联系方式")):
        return "phone"
    if words & _EMAIL_WORDS or "email" in lower or any(w in lower for w in ("邮箱", "邮件")):
        return "email"
    if words & _NAME_WORDS or lower.endswith("_name") or any(
            w in lower for w in ("姓名", "名字", "联系人", "客户名")):
        return "name"
    return None


def _phone_text(values: pd.Series) -> pd.Series:
    """Phone numbers stored as numbers (10012345609.0) as the digits they stand for."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.map(lambda v: v if pd.isna(v) else (
            str(int(v)) if float(v).is_integer() else str(v))).astype("object")
    return values


@validate.checked
def mask_pii(frame: pd.DataFrame,
             columns: Sequence[str] | Mapping[str, str] | None = None) -> pd.DataFrame:
    """Hide personal data before sharing a table: ``10012345678`` → ``100****5678``, 张小梅 → 张*梅.

    Kinds of masking:

    * ``"phone"`` — keep the first 3 and last 4 characters;
    * ``"name"`` — keep the first and last character (two-character names
      keep the first: 张梅 → 张*);
    * ``"email"`` — keep the first letter and the domain (``z***@example.com``);
    * ``"text"`` — like a name: keep the first and last character
      (two characters keep the first).

    Parameters
    ----------
    frame : DataFrame
    columns : list or mapping, optional
        Columns to mask: a list (the kind is guessed from the name; columns
        that are not phone, email or name columns are masked as text) or a
        mapping ``{column: kind}``.  Default: every column whose name looks
        like a phone, e-mail or name column.

    Returns
    -------
    DataFrame
        A copy with those columns masked (as text); missing cells stay missing.

    Raises
    ------
    CRMDataError
        ``frame`` is not a DataFrame (an empty one is fine); ``columns`` is not a
        list or a mapping; a kind other than "phone", "name", "email" or "text";
        a column the frame does not have.

    >>> import pandas as pd
    >>> people = pd.DataFrame({"name": ["张小梅", "李雷"], "phone": ["10012345678", "10087654321"]})
    >>> mask_pii(people)
      name        phone
    0  张*梅  100****5678
    1   李*  100****4321
    """
    validate.frame(frame, allow_empty=True)
    if columns is None:
        plan = {c: k for c in frame.columns if (k := _guess_kind(c)) is not None}
        if not plan and len(frame.columns):
            found = ", ".join(repr(str(c)) for c in frame.columns)
            raise CRMDataError(
                f"no column looks like personal data (a name, phone or e-mail column) "
                f"among {found}, so nothing would be masked; a privacy function does not "
                "guess that this is fine. Fix: name the columns and their kinds, e.g. "
                f"`ck.mask_pii(df, columns={{{str(frame.columns[0])!r}: 'text'}})`.",
                zh=f"在 {found} 中没有一列像是个人信息（姓名、电话或电子邮箱列），因此什么都不会被"
                   "遮蔽；隐私函数不会擅自认定这样没问题。修正（Fix）：指明这些列及其类型，例如 "
                   f"`ck.mask_pii(df, columns={{{str(frame.columns[0])!r}: 'text'}})`。"
            )
    elif isinstance(columns, Mapping):
        plan = {c: validate.one_of(k, _KINDS, f"columns[{c!r}]")
                for c, k in columns.items()}
    elif isinstance(columns, str) or not isinstance(columns, Sequence):
        raise CRMDataError(f"columns must be a list such as ['name', 'phone'] or a "
                           f"mapping such as {{'phone': 'phone'}}, but got {columns!r}.",
                           zh="columns 应当是列表（例如 ['name', 'phone']）或映射"
                              f"（例如 {{'phone': 'phone'}}），但收到的是 {columns!r}。")
    else:
        plan = {c: _guess_kind(c) or "text" for c in columns}
    validate.columns(frame, {f"columns[{c!r}]": c for c in plan})
    out = frame.copy()
    for column, kind in plan.items():
        text = _as_text(_phone_text(frame[column]))
        out[column] = _mask_kind(text, kind).where(text.notna())
    return out
