"""Case study 1 (Wang Yongqing's rice shop): four checked tasks on his notebook of households.

=====================  ==========  =====================================================
id                     level       task
=====================  ==========  =====================================================
c01.run_out            apply       each household's run-out date, by hand with pandas
c01.first_delivery     apply       the first delivery on or after "today", 2 days early
c01.collection         apply       the payday on which each delivery is paid
c01.visits             analyse     the households to visit this week (deliver or collect)
=====================  ==========  =====================================================

"Today" in the case is :data:`TODAY` (1 March 1933, see data/README.md); the
plan runs :data:`PLAN_DAYS` days with deliveries :data:`LEAD_DAYS` days before
the jar runs dry.  The checkers accept a Series indexed by household_id or a
DataFrame with a household_id column, and recognise the usual slips (30-day
months, rounding instead of dropping the fraction, forgetting the lead days or
the households already out of rice, forgetting the collections) to say so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.cases.rice_shop import model
from crmkit.datasets import load_rice_households
from crmkit.exercises.engine import difference, exercise

__all__ = ["LEAD_DAYS", "PLAN_DAYS", "TODAY", "WEEK_DAYS"]

#: "Today" in the case: the day Wang Yongqing plans from (documented in data/README.md).
TODAY = "1933-03-01"
#: The next month: 1 to 31 March 1933.
PLAN_DAYS = 31
#: Rice arrives this many days before the jar would run dry.
LEAD_DAYS = 2
#: "This week": 1 to 7 March 1933.
WEEK_DAYS = 7

_ID = "household_id"


_say = i18n.say


def _households() -> pd.DataFrame:
    return load_rice_households()


def _day(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


# --------------------------------------------------------------------------- comparing dates


def _by_household(answer: Any, column: str) -> pd.Series | str:
    """The answer as dates indexed by household id, or a message saying why it is not."""
    if isinstance(answer, pd.DataFrame):
        if _ID in answer.columns and column in answer.columns:
            answer = answer.set_index(_ID)[column]
        elif answer.index.name == _ID and column in answer.columns:
            answer = answer[column]
        else:
            return _say(
                f"Expected a Series indexed by {_ID}, or a DataFrame with the columns {_ID} and "
                f"{column}; your frame has {', '.join(map(str, answer.columns))}.",
                f"应为以 {_ID} 为索引的 Series，或包含 {_ID} 与 {column} 两列的 DataFrame；"
                f"你的表格包含列：{', '.join(map(str, answer.columns))}。")
    if not isinstance(answer, pd.Series):
        return _say(f"Expected a Series of dates indexed by {_ID}, got a "
                    f"{type(answer).__name__}.",
                    f"应为以 {_ID} 为索引的日期 Series，实际得到 {type(answer).__name__}。")
    if not answer.index.astype(str).str.fullmatch(r"H\d+").all():
        return _say(f"Index the answer by household: .set_index('{_ID}')[...] "
                    f"(its index is {answer.index[:3].tolist()} ...).",
                    f"请以住户编号为索引：.set_index('{_ID}')[...]（现在的索引是 "
                    f"{answer.index[:3].tolist()} ...）。")
    try:
        dates = pd.to_datetime(answer)
    except (ValueError, TypeError):
        return _say("The values should be dates (a datetime column).",
                    "值应为日期（datetime 类型）。")
    dates.index = dates.index.astype(str)
    return dates.dt.normalize()


def _date_difference(expected: pd.Series, answer: pd.Series,
                     slips: dict[str, pd.Series | tuple[pd.Series, ...]]) -> str | None:
    """None when equal; else the slip that explains the answer, or what differs.

    A slip may list several variants (e.g. with and without the tiny tolerance
    that keeps 24.9999999 days of rice from counting as 24): each row may
    match any of them.
    """
    if answer.index.equals(expected.index) and (answer == expected).all():
        return None
    same_households = answer.index.sort_values().equals(expected.index.sort_values())
    if same_households:
        got = answer.reindex(expected.index)
        for message, variants in slips.items():
            variants = variants if isinstance(variants, tuple) else (variants,)
            match = pd.concat([got == v.reindex(expected.index) for v in variants], axis=1)
            if match.any(axis=1).all():
                return message
    return difference(expected, answer.rename(expected.name))


def _run_out(days_per_month: float, whole: Any = np.floor, tolerance: float = 1e-9
             ) -> pd.Series:
    h = _households()
    daily = h["members"] * h["kg_per_person_month"] / days_per_month
    days = whole(h["jar_kg"] / daily + (tolerance if whole is np.floor else 0.0))
    dates = h["last_delivery"] + pd.to_timedelta(days, unit="D")
    return pd.Series(dates.to_numpy(), index=h[_ID].astype(str).to_numpy(),
                     name="run_out_date").astype("datetime64[ns]")


# --------------------------------------------------------------------------- c01.run_out


def _compare_run_out(expected: pd.Series, answer: Any) -> str | None:
    got = _by_household(answer, "run_out_date")
    if isinstance(got, str):
        return got
    month = _say("The case counts a month as 30 days (rice_shop.DAYS_PER_MONTH): "
                 "daily kg = monthly kg / 30.",
                 "本案例按每月 30 天计算（rice_shop.DAYS_PER_MONTH）："
                 "每天公斤数 = 每月公斤数 / 30。")
    slips = {
        _say("These are the dates for months of 30.44 days. ", "这是按每月 30.44 天算出的日期。")
        + month: (_run_out(365.25 / 12), _run_out(365.25 / 12, tolerance=0.0)),
        _say("These are the dates for 31-day months. ", "这是按每月 31 天算出的日期。")
        + month: (_run_out(31.0), _run_out(31.0, tolerance=0.0)),
        _say("You rounded the days of rice to the nearest day. The jar runs dry on the day "
             "the rice ends: drop the fraction (np.floor).",
             "你把可吃天数四舍五入了。米在不足一整天时就吃完了：应舍去小数（np.floor）。"):
            _run_out(30.0, np.round),
        _say("You rounded the days of rice up. Drop the fraction instead (np.floor): "
             "23.8 days of rice run out on day 23.",
             "你把可吃天数向上取整了。应舍去小数（np.floor）：23.8 天的米在第 23 天吃完。"):
            _run_out(30.0, np.ceil),
    }
    return _date_difference(expected, got, slips)


@exercise(
    "c01.run_out",
    title={"en": "Each household's run-out date", "zh": "每户米缸见底的日期"},
    hint={"en": "monthly kg = members × kg_per_person_month; daily kg = monthly kg / 30 "
                "(rice_shop.DAYS_PER_MONTH); days of rice = jar_kg / daily kg; run-out date = "
                "last_delivery + pd.to_timedelta(np.floor(days of rice), unit='D'). Answer with "
                "a Series indexed by household_id: df.set_index('household_id')['run_out_date'].",
          "zh": "每月公斤数 = members × kg_per_person_month；每天公斤数 = 每月公斤数 / 30"
                "（rice_shop.DAYS_PER_MONTH）；可吃天数 = jar_kg / 每天公斤数；见底日 = "
                "last_delivery + pd.to_timedelta(np.floor(可吃天数), unit='D')。请给出以 "
                "household_id 为索引的 Series：df.set_index('household_id')['run_out_date']。"},
    compare=_compare_run_out,
)
def _run_out_expected() -> pd.Series:
    table = model.run_out_dates(_households(), as_of=TODAY)
    return table.set_index(_ID)["run_out_date"].rename(index=str)


# --------------------------------------------------------------------------- c01.first_delivery


def _compare_first_delivery(expected: pd.Series, answer: Any) -> str | None:
    got = _by_household(answer, "first_delivery")
    if isinstance(got, str):
        return got
    run_out = _run_out(30.0)
    lead = pd.Timedelta(days=LEAD_DAYS)
    today = pd.Timestamp(TODAY)
    aligned = got.reindex(expected.index)
    due = expected == today
    if due.any() and (aligned[due] > today).all() and (aligned[~due] == expected[~due]).all():
        return _say(
            f"Households already due get their rice on the first day of the plan, {TODAY}, "
            "not later: clip at today.",
            f"已经到期的住户应在计划的第一天 {TODAY} 送米，不能更晚：在今天处截断。")
    if (aligned < today).any():
        return _say(
            f"Some dates are before {TODAY}: those households have run out already (or will "
            f"within {LEAD_DAYS} days). He cannot deliver in the past: they get rice on the first "
            f"day, {TODAY}. Use .clip(lower=pd.Timestamp('{TODAY}')).",
            f"有些日期早于 {TODAY}：这些住户的米已经（或将在 {LEAD_DAYS} 天内）吃完。"
            f"送米不能回到过去：应在第一天 {TODAY} 送到。可用 "
            f".clip(lower=pd.Timestamp('{TODAY}'))。")
    slips = {
        _say(f"These are the run-out dates themselves: he delivers {LEAD_DAYS} days earlier, "
             "before the jar is empty.",
             f"这些正是米缸见底的日期：应提前 {LEAD_DAYS} 天送米，在米吃完之前送到。"):
            run_out.clip(lower=today),
        _say(f"You added the {LEAD_DAYS} days instead of subtracting them: the rice must come "
             "before the jar is empty.",
             f"你把 {LEAD_DAYS} 天加上了，应当减去：米要在米缸见底之前送到。"):
            (run_out + lead).clip(lower=today),
    }
    return _date_difference(expected, got, slips)


@exercise(
    "c01.first_delivery",
    title={"en": "First delivery on or after 1 March 1933",
           "zh": "1933 年 3 月 1 日起的第一次送米"},
    hint={"en": "first delivery = run-out date − 2 days, but never before today: "
                "(run_out - pd.Timedelta(days=2)).clip(lower=pd.Timestamp('1933-03-01')). "
                "Name the Series 'first_delivery' or put it in a column of that name.",
          "zh": "第一次送米 = 见底日 − 2 天，但不能早于今天："
                "(run_out - pd.Timedelta(days=2)).clip(lower=pd.Timestamp('1933-03-01'))。"
                "Series 命名为 'first_delivery'，或放在同名的列中。"},
    compare=_compare_first_delivery,
)
def _first_delivery_expected() -> pd.Series:
    run_out = _run_out_expected()
    first = (run_out - pd.Timedelta(days=LEAD_DAYS)).clip(lower=pd.Timestamp(TODAY))
    return first.rename("first_delivery")


# --------------------------------------------------------------------------- c01.collection


def _plan() -> pd.DataFrame:
    return model.delivery_calendar(_households(), start=TODAY, days=PLAN_DAYS,
                                   lead_days=LEAD_DAYS)


def _compare_collection(expected: pd.DataFrame, answer: Any) -> str | None:
    needed = [_ID, "delivery_date", "collection_date"]
    if not isinstance(answer, pd.DataFrame) or any(c not in answer.columns for c in needed):
        found = (", ".join(map(str, answer.columns)) if isinstance(answer, pd.DataFrame)
                 else type(answer).__name__)
        return _say(f"Expected the calendar as a DataFrame with the columns "
                    f"{', '.join(needed)}; found {found}.",
                    f"应为包含 {', '.join(needed)} 列的日程表 DataFrame；实际为 {found}。")
    try:
        got = pd.DataFrame({
            _ID: answer[_ID].astype(str).to_numpy(),
            "delivery_date": pd.to_datetime(answer["delivery_date"]).dt.normalize().to_numpy(),
            "collection_date": pd.to_datetime(
                answer["collection_date"]).dt.normalize().to_numpy()})
    except (ValueError, TypeError):
        return _say("delivery_date and collection_date should hold dates.",
                    "delivery_date 与 collection_date 应为日期。")
    keys = [_ID, "delivery_date"]
    want = expected[[*keys, "collection_date"]]

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:  # dates as text in the row labels
        return frame.assign(delivery_date=frame["delivery_date"].dt.strftime("%Y-%m-%d"))

    result = difference(keyed(want), keyed(got), keys=keys)
    if result is None:
        return None
    if len(got) == len(want) and (got["collection_date"] == got["delivery_date"]).all():
        return _say("Those are the delivery dates: the money is collected on payday, the first "
                    "payday on or after the delivery.",
                    "这些是送米日期：米款在发薪日收取，即送米当天或之后的第一个发薪日。")
    if len(got) == len(want) and (got["collection_date"] < got["delivery_date"]).any():
        return _say("Some collections come before the delivery: when this month's payday has "
                    "already passed, the money is collected on next month's payday.",
                    "有些收款日早于送米日：如果本月发薪日已过，应在下个月的发薪日收款。")
    # the slip: a delivery on payday collected a month later (the first payday *after* it)
    strictly_after = model._next_payday(expected["delivery_date"] + pd.Timedelta(days=1),
                                        expected["payday"])
    slip = want.assign(collection_date=strictly_after)
    if (strictly_after != expected["collection_date"]).any() and difference(
            keyed(slip), keyed(got), keys=keys) is None:
        return _say("A delivery made on the payday itself is paid that same day: the collection "
                    "date is the first payday on or after the delivery.",
                    "在发薪日当天送米，当天就收款：收款日是送米当天或之后的第一个发薪日。")
    return result


@exercise(
    "c01.collection",
    title={"en": "Collect on payday: the collection date of every delivery",
           "zh": "发薪日收款：每次送米的收款日"},
    hint={"en": "month_start = d - pd.to_timedelta(d.dt.day - 1, unit='D') for the delivery "
                "dates d; this month's payday = month_start + pd.to_timedelta(payday - 1, "
                "unit='D'); next month's = the same from month_start + pd.offsets.MonthBegin(1). "
                "Keep this month's when it is on or after the delivery: "
                "this_month.where(this_month >= d, next_month).",
          "zh": "设送米日期为 d：month_start = d - pd.to_timedelta(d.dt.day - 1, unit='D')；"
                "本月发薪日 = month_start + pd.to_timedelta(payday - 1, unit='D')；"
                "下月发薪日同理，从 month_start + pd.offsets.MonthBegin(1) 算起。"
                "若本月发薪日不早于送米日就用本月的："
                "this_month.where(this_month >= d, next_month)。"},
    compare=_compare_collection,
)
def _collection_expected() -> pd.DataFrame:
    plan = _plan()
    return plan[[_ID, "delivery_date", "payday", "collection_date"]].assign(
        **{_ID: plan[_ID].astype(str)})


# --------------------------------------------------------------------------- c01.visits


def _week() -> pd.DataFrame:
    return model.visits_this_week(_households(), as_of=TODAY, days=WEEK_DAYS,
                                  lead_days=LEAD_DAYS)


def _compare_visits(expected: list[str], answer: Any) -> str | None:
    if isinstance(answer, pd.DataFrame):
        if _ID not in answer.columns:
            return _say(f"Give the household ids: a list, or a table with a {_ID} column.",
                        f"请给出住户编号：一个列表，或包含 {_ID} 列的表格。")
        answer = answer[_ID]
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return _say("Give the household ids as a list, e.g. ['H01', 'H07'].",
                    "请以列表形式给出住户编号，例如 ['H01', 'H07']。")
    got = {str(x) for x in answer}
    want = set(expected)
    if got == want:
        return None
    week = _week()
    deliver = set(week.loc[week["deliver"], _ID].astype(str))
    collect = set(week.loc[week["collect"], _ID].astype(str))
    missing, extra = want - got, got - want
    parts = []
    if missing & deliver:
        late = set(week.loc[week["deliver"] & (week["visit_date"] == pd.Timestamp(TODAY)), _ID])
        overdue = bool(missing & deliver & late)
        parts.append(_say(
            f"{len(missing & deliver)} household(s) need rice this week but are missing, e.g. "
            f"{min(missing & deliver)}"
            f"{': count those already out of rice too.' if overdue else '.'}",
            f"有 {len(missing & deliver)} 户本周需要送米却没有列出，例如 "
            f"{min(missing & deliver)}{'：米已吃完的住户也要算上。' if overdue else '。'}"))
    only_collect = (missing & collect) - deliver
    if only_collect:
        parts.append(_say(
            f"{len(only_collect)} household(s) pay this week and must be visited to collect, "
            f"e.g. {min(only_collect)}: a payday this week with rice still unpaid.",
            f"有 {len(only_collect)} 户本周发薪、需要上门收款，例如 {min(only_collect)}："
            "本周是其发薪日且仍有未付的米款。"))
    if extra:  # the engine's wording: "These should not be there: ..."
        parts.append(difference(sorted(want), sorted(want | extra)))
    return " ".join(parts)


@exercise(
    "c01.visits",
    title={"en": "The households to visit this week (1–7 March 1933)",
           "zh": "本周（1933 年 3 月 1–7 日）要拜访的住户"},
    hint={"en": "A visit is a delivery (first_delivery within the 7 days) or a collection "
                "(a payday within the 7 days while a delivery is unpaid: the one in the notebook, "
                "paid on the first payday on or after last_delivery, or one made this week). "
                "rice_shop.visits_this_week(households, as_of=TODAY) lists both.",
          "zh": "拜访包括送米（第一次送米日在这 7 天内）和收款（这 7 天内有发薪日且仍有未付米款："
                "本子上记录的那次送米在 last_delivery 当天或之后的第一个发薪日收款，"
                "或本周新送的米）。"
                "rice_shop.visits_this_week(households, as_of=TODAY) 会列出这两类拜访。"},
    compare=_compare_visits,
)
def _visits_expected() -> list[str]:
    return sorted(set(_week()[_ID].astype(str)))
