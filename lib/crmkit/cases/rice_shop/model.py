"""Case study 1, Wang Yongqing's rice shop (王永庆卖大米): run-out dates and a round of visits.

The young Wang Yongqing kept a notebook of his customers: for every household
how many people eat at home, how much rice they eat in a month and on which day
of the month they are paid.  From it he worked out when each household's rice
would run out, brought new rice *before* it did, and came back for the money on
payday.  This module does his arithmetic on a table with one row per household:

* :func:`run_out_dates` — when does each household's rice jar run dry, and how
  many days are left?
* :func:`delivery_calendar` — the delivery and collection calendar for the
  next month: every delivery, the kg it brings and the payday it is paid on.
* :func:`visits_this_week` — the round for the coming days: whom to visit, on
  which day, to deliver, to collect, or both.
* :func:`jar_levels` — the kg of rice in each jar day by day (the saw-tooth
  the widget draws).

The model (one rule each, so that every number can be checked by hand)
----------------------------------------------------------------------
* ``monthly_kg = members × kg_per_person_month``.
* A month counts as :data:`DAYS_PER_MONTH` = 30 days (the shopkeeper's month,
  as in data/README.md), so ``daily_kg = monthly_kg / 30``.
* On ``last_delivery`` the jar was filled to the brim: Wang emptied it,
  cleaned it, poured the new rice in and put the old rice on top.  A full jar
  lasts ``days_of_rice = jar_kg / daily_kg`` days.
* ``run_out_date = last_delivery + whole days of rice`` (the fraction is
  dropped): the day the jar runs dry.
* A delivery comes ``lead_days`` before the run-out date and fills the jar
  again, so ``deliver_kg`` is what was eaten since the last fill
  (``jar_kg − remaining_kg``) and the next delivery follows
  ``whole days of rice − lead_days`` days later.  A household whose planned
  delivery date has already passed when the plan starts is served on the
  first day of the plan (``late`` is then True).
* Each delivery is paid on the household's first payday on or after the
  delivery day (``collection_date``): rice now, money on payday.  The
  delivery recorded in the notebook (``last_delivery``) is collected the same
  way.

Worked example: 5 people eating 10 kg each a month eat 50 kg a month, 1.67 kg
a day; a 30 kg jar filled on 1 February lasts 30 / 1.67 = 18 days, so it runs
dry on 19 February (1 February + 18 days).

>>> import pandas as pd
>>> households = pd.DataFrame({
...     "household_id": ["H01"], "head_name": ["Chen"], "members": [5],
...     "kg_per_person_month": [10.0], "jar_kg": [30.0],
...     "last_delivery": ["1933-02-01"], "payday": [25]})
>>> table = run_out_dates(households, as_of="1933-02-10")
>>> print(table.loc[0, "run_out_date"].date(), table.loc[0, "days_left"])
1933-02-19 9

Every function validates its input first and raises :class:`crmkit.CRMDataError`
naming the column, the first bad rows and the fix; none modifies its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError

__all__ = [
    "COLUMNS",
    "DAYS_PER_MONTH",
    "delivery_calendar",
    "jar_levels",
    "run_out_dates",
    "visits_this_week",
]

#: Days in a month when kg a month are turned into kg a day (the shopkeeper's 30-day month).
DAYS_PER_MONTH = 30.0

_MAX_PAYDAY = 28  # every month has a 28th, so a payday never falls outside its month
_EPS = 1e-9       # a jar that lasts 17.999999999 days (rounding) lasts 18
_MAX_DAYS = 3660  # plans and jars longer than ten years are typos (and overflow date arithmetic)


# --------------------------------------------------------------------------- validation
def _positive(df: pd.DataFrame, column: str, *, integer: bool = False) -> pd.Series:
    """``df[column]`` as float, refusing text, gaps, negatives and zero."""
    values = validate.numeric(df, column, integer=integer)
    zero = values == 0
    if zero.any():
        bad = values[zero]
        raise CRMDataError(
            f"column '{column}' must be greater than 0, but "
            f"{len(bad)} row{'s are' if len(bad) > 1 else ' is'} 0 "
            f"({validate.show_rows(bad.index)}). Fix: correct those rows or drop them; "
            "a household that eats no rice needs no deliveries.",
            zh=f"列 '{column}' 必须大于 0，但有 {len(bad)} 行是 0"
               f"（{validate.rows_zh(bad.index)}）。修正（Fix）：改正或删去这些行；"
               "不吃米的人家不需要送米。"
        )
    return values


#: The columns the model reads, by role, with the sample data's names.  Pass
#: ``columns={"household": "family", ...}`` for a table that names them otherwise;
#: ``"name"`` (carried into the results when present) may be ``None``.
COLUMNS = {
    "household": "household_id",
    "members": "members",
    "kg_per_person": "kg_per_person_month",
    "jar": "jar_kg",
    "last_delivery": "last_delivery",
    "payday": "payday",
    "name": "head_name",
}


def _columns(columns: Any) -> dict[str, Any]:
    return validate.column_map(columns, COLUMNS, optional=("name",))


def _households(df: Any, c: dict[str, Any]) -> pd.DataFrame:
    """Validate the notebook of households and return the model's working columns.

    The result keeps the input's row labels (so messages can name them) and has
    the columns ``household``, ``name`` (only when present), ``members``,
    ``monthly_kg``, ``daily_kg``, ``jar``, ``days_of_rice``, ``whole_days``,
    ``last``, ``payday``.
    """
    household, members, kg_per_person, jar, last_delivery, payday, name = (
        c[role] for role in COLUMNS)
    validate.frame(df, what="households")
    validate.columns(df, validate.needed(c, "household", "members", "kg_per_person", "jar",
                                         "last_delivery", "payday"))
    ids = validate.ids(df, household, keyword="household")
    if ids.duplicated().any():
        bad = ids[ids.duplicated(keep=False)]
        raise CRMDataError(
            f"column '{household}' must name each household once, but some ids repeat "
            f"({validate.show_rows(bad.index, bad)}). Fix: keep one row per household "
            "(the latest delivery), e.g. df.drop_duplicates(subset=...).",
            zh=f"列 '{household}' 应当让每户只出现一次，但有些编号重复了"
               f"（{validate.rows_zh(bad.index, bad)}）。修正（Fix）：每户只留一行"
               "（最近一次送货），例如 df.drop_duplicates(subset=...)。"
        )
    n_members = _positive(df, members, integer=True)
    kg_each = _positive(df, kg_per_person)
    jar_kg = _positive(df, jar)
    last = validate.dates(df, last_delivery).dt.normalize()
    pay = validate.numeric(df, payday, integer=True)
    outside = (pay < 1) | (pay > _MAX_PAYDAY)
    if outside.any():
        bad = pay[outside]
        raise CRMDataError(
            f"column '{payday}' must be a day of the month from 1 to {_MAX_PAYDAY}, "
            f"but {len(bad)} row{'s are' if len(bad) > 1 else ' is'} not "
            f"({validate.show_rows(bad.index, bad.astype(int).tolist())}). Fix: a household "
            f"paid on the 29th, 30th or 31st (or 'at the end of the month') gets {_MAX_PAYDAY}, "
            "so that every month has its payday.",
            zh=f"列 '{payday}' 应当是每月的第 1 到 {_MAX_PAYDAY} 天，但有 {len(bad)} 行不是"
               f"（{validate.rows_zh(bad.index, bad.astype(int).tolist())}）。修正（Fix）："
               f"29、30、31 日（或“月底”）发工资的人家记为 {_MAX_PAYDAY}，"
               "这样每个月都有发薪日。"
        )
    monthly = n_members * kg_each
    daily = monthly / DAYS_PER_MONTH
    days_of_rice = jar_kg / daily
    too_long = days_of_rice > _MAX_DAYS
    if too_long.any():
        bad = jar_kg[too_long]
        raise CRMDataError(
            f"a full jar would last more than {_MAX_DAYS} days (ten years) in "
            f"{validate.show_rows(bad.index, bad.tolist())} of column '{jar}': most likely a "
            f"typo in '{jar}', '{members}' or '{kg_per_person}'. Fix: correct those rows in "
            "the source (a jar holds tens of kg).",
            zh=f"在列 '{jar}' 的这些行中，一满缸米能吃超过 {_MAX_DAYS} 天（十年）："
               f"{validate.rows_zh(bad.index, bad.tolist())}。很可能是 '{jar}'、'{members}' 或 "
               f"'{kg_per_person}' 填错了。"
               "修正（Fix）：在原始数据中改正这些行（一缸米是几十公斤）。"
        )
    out = pd.DataFrame({"household": ids})
    if name is not None and name in df.columns:
        out["name"] = df[name]
    out["members"] = n_members.astype("int64")
    out["monthly_kg"] = monthly
    out["daily_kg"] = daily
    out["jar"] = jar_kg
    out["days_of_rice"] = days_of_rice
    out["whole_days"] = np.floor(days_of_rice + _EPS).astype("int64")
    out["last"] = last
    out["payday"] = pay.astype("int64")
    return out


def _day(value: Any, what: str) -> pd.Timestamp:
    """Parse one date argument (``"1933-03-01"``, a Timestamp, a date) to midnight."""
    return validate.date(value, what).normalize()


def _start(value: Any, h: pd.DataFrame, what: str) -> pd.Timestamp:
    """The day the plan starts: ``value``, or the day after the latest recorded delivery.

    A start before a household's recorded delivery is refused: the notebook
    would be describing a delivery that has not happened yet.
    """
    stamp = (h["last"].max() + pd.Timedelta(days=1)) if value is None else _day(
        value, what)
    later = h["last"] > stamp
    if later.any():
        bad = h.loc[later, "household"].astype(str) + " delivered " + h.loc[
            later, "last"].dt.strftime("%Y-%m-%d")
        raise CRMDataError(
            f"{what}={stamp.date()} is before the recorded delivery of some households "
            f"({validate.show_rows(bad.index, bad)}): the notebook cannot know about a delivery "
            f"that has not happened yet. Fix: pass {what}='{h['last'].max().date()}' or later, "
            "or correct those last_delivery dates.",
            zh=f"{what}={stamp.date()} 早于某些人家记录的送货日期"
               f"（{validate.rows_zh(bad.index, bad)}）：笔记本无法知道尚未发生的送货。"
               f"修正（Fix）：传入 {what}='{h['last'].max().date()}' 或更晚的日期，"
               "或改正这些 last_delivery 日期。"
        )
    return stamp


def _window(days: Any, lead_days: Any) -> tuple[int, int]:
    n_days = validate.number(days, "days", low=1, high=_MAX_DAYS, integer=True)
    lead = validate.number(lead_days, "lead_days", low=0, high=_MAX_DAYS,
                           integer=True)
    return n_days, lead


def _after(start: pd.Timestamp | pd.Series, days: Any) -> pd.Series | pd.Timestamp:
    return start + pd.to_timedelta(np.asarray(days), unit="D")


def _next_payday(dates: pd.Series, payday: pd.Series) -> pd.Series:
    """The first payday (day ``payday`` of a month) on or after each date."""
    month_start = dates - pd.to_timedelta(dates.dt.day - 1, unit="D")
    this_month = month_start + pd.to_timedelta(payday - 1, unit="D")
    next_month = month_start + pd.offsets.MonthBegin(1) + pd.to_timedelta(payday - 1, unit="D")
    return this_month.where(this_month >= dates, next_month)


def _schedule(h: pd.DataFrame, start: pd.Timestamp,
              lead: int) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First delivery on or after ``start`` and the interval between deliveries.

    Returns ``(run_out, first, interval)``: the run-out date of the jar filled
    on ``last_delivery``, the first delivery day of the plan, and the days
    between later deliveries.
    """
    interval = h["whole_days"] - lead
    too_short = interval < 1
    if too_short.any():
        bad = h.loc[too_short]
        found = bad["household"].astype(str) + " lasts " + bad["days_of_rice"].map(
            "{:.1f} days".format)
        raise CRMDataError(
            f"with lead_days={lead} no schedule works when a full jar lasts less than "
            f"{lead + 1} days: the next delivery would be due on or before the day of the one "
            f"just made "
            f"({validate.show_rows(bad.index, found)}). Fix: use a smaller lead_days, or check "
            "members, kg_per_person_month and jar_kg of those rows (a bigger jar lasts longer).",
            zh=f"lead_days={lead} 时，若一满缸米吃不到 {lead + 1} 天，就排不出送货计划："
               "下一次送货会落在刚送的那一天或更早"
               f"（{validate.rows_zh(bad.index, found)}）。修正（Fix）：用更小的 lead_days，"
               "或检查这些行的 members、kg_per_person_month 和 jar_kg（缸越大，吃得越久）。"
        )
    run_out = _after(h["last"], h["whole_days"])
    planned = _after(run_out, -lead)
    first = planned.where(planned >= start, start)
    return run_out, first, interval


def _plan(h: pd.DataFrame, begin: pd.Timestamp, n_days: int, lead: int) -> pd.DataFrame:
    """Every delivery from ``begin`` for ``n_days`` days (the body of delivery_calendar).

    Household ``i`` is first served on ``first[i]`` and then every
    ``interval[i]`` days; the rows are built without a loop by repeating each
    household once per delivery it gets in the window.
    """
    end = begin + pd.Timedelta(days=n_days)
    run_out, first, interval = _schedule(h, begin, lead)
    span = (end - first).dt.days.to_numpy()
    step = interval.to_numpy()
    count = np.where(span > 0, -(-span // step), 0)  # deliveries first, first+step, ... < end
    rows = np.repeat(np.arange(len(h)), count)
    nth = np.arange(rows.size) - np.repeat(np.cumsum(count) - count, count)  # 0, 1, ... per row
    hh = h.iloc[rows].reset_index(drop=True)
    first_r = first.iloc[rows].reset_index(drop=True)
    when = _after(first_r, nth * step[rows])
    eaten_first = hh["daily_kg"] * (first_r - hh["last"]).dt.days  # since the recorded fill
    eaten_next = hh["daily_kg"] * step[rows].astype("float64")     # since the previous delivery
    remaining = (hh["jar"] - eaten_next.where(nth > 0, eaten_first)).clip(lower=0.0)
    dry = run_out.iloc[rows].reset_index(drop=True).where(nth == 0, _after(when, lead))
    collect = _next_payday(when, hh["payday"])
    out = pd.DataFrame({"delivery_date": when, "household": hh["household"]})
    if "name" in hh:
        out["name"] = hh["name"]
    out["run_out_date"] = dry
    out["late"] = (when > _after(dry, -lead)).astype(bool)
    out["remaining_kg"] = remaining
    out["deliver_kg"] = hh["jar"] - remaining
    out["payday"] = hh["payday"]
    out["collection_date"] = collect
    out["credit_days"] = (collect - when).dt.days.astype("int64")
    out = out.sort_values(["delivery_date", "household"], kind="stable")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- public
@validate.checked
def run_out_dates(
    households: pd.DataFrame,
    as_of: Any = None,
    *,
    columns: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """When does each household's rice run out? (Task 1 of the case.)

    For every household in Wang Yongqing's notebook: how much rice it eats, how
    long a full jar lasts, the day the jar runs dry and how many days are left
    on ``as_of``.

    Parameters
    ----------
    households:
        One row per household, e.g. ``ck.load_rice_households()``.
    as_of:
        The day you look at the notebook ("today"), e.g. ``"1933-03-01"``.
        Default: the day after the latest recorded delivery.  It may not be
        earlier than a recorded delivery.
    columns:
        The names of the columns, by role, where they differ from the sample
        data's (:data:`COLUMNS`), e.g. ``columns={"household": "family"}``.
        Roles: ``household``; ``members`` (a whole number of people);
        ``kg_per_person`` (kg of rice per person per month); ``jar`` (the kg a
        full jar holds); ``last_delivery`` (the day the jar was last filled to
        the brim); ``payday`` (the day of the month the household is paid,
        1–28); ``name`` (carried into the result when the frame has it;
        ``None`` leaves it out).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per household, the first to run out first, with columns
        ``household_id``, ``head_name`` (if present), ``members``,
        ``monthly_kg`` (members × kg per person), ``daily_kg``
        (monthly_kg / 30), ``days_of_rice`` (jar_kg / daily_kg, a full jar's
        duration), ``last_delivery``, ``run_out_date`` (last_delivery + whole
        days of rice), ``remaining_kg`` (left in the jar on ``as_of``, never
        below 0) and ``days_left`` (run_out_date − as_of; 0 = runs dry today,
        negative = ran dry that many days ago).

    Raises
    ------
    CRMDataError
        A missing column; a missing or repeated household id; members that are
        not whole numbers above 0; kg or jar sizes that are not numbers above 0;
        a last_delivery that is not a date; a payday outside 1–28; an ``as_of``
        that is not a date or is before a recorded delivery.

    Examples
    --------
    Five people eating 10 kg each a month: 50 kg a month, 1.67 kg a day, and a
    30 kg jar lasts 18 days.  Two eating 12 kg: 24 kg a month, 0.8 kg a day, and
    the jar lasts 37.5 days, 37 of them whole.

    >>> import pandas as pd
    >>> households = pd.DataFrame({
    ...     "household_id": ["H01", "H02"], "members": [5, 2],
    ...     "kg_per_person_month": [10.0, 12.0], "jar_kg": [30.0, 30.0],
    ...     "last_delivery": ["1933-02-01", "1933-02-05"], "payday": [25, 5]})
    >>> table = run_out_dates(households, as_of="1933-02-10")
    >>> table[["household_id", "daily_kg", "days_of_rice"]].round(2)
      household_id  daily_kg  days_of_rice
    0          H01      1.67          18.0
    1          H02      0.80          37.5
    >>> table["run_out_date"].dt.strftime("%Y-%m-%d").tolist()
    ['1933-02-19', '1933-03-14']
    >>> table["days_left"].tolist()
    [9, 32]
    """
    c = _columns(columns)
    household, name = c["household"], c["name"]
    h = _households(households, c)
    members, last_delivery = c["members"], c["last_delivery"]
    today = _start(as_of, h, "as_of")
    run_out = _after(h["last"], h["whole_days"])
    eaten = h["daily_kg"] * (today - h["last"]).dt.days
    out = pd.DataFrame({household: h["household"]})
    if "name" in h:
        out[name] = h["name"]
    out[members] = h["members"]
    out["monthly_kg"] = h["monthly_kg"]
    out["daily_kg"] = h["daily_kg"]
    out["days_of_rice"] = h["days_of_rice"]
    out[last_delivery] = h["last"]
    out["run_out_date"] = run_out
    out["remaining_kg"] = (h["jar"] - eaten).clip(lower=0.0)
    out["days_left"] = (run_out - today).dt.days.astype("int64")
    out = out.sort_values(["run_out_date", household], kind="stable")
    return out.reset_index(drop=True)


@validate.checked
def delivery_calendar(
    households: pd.DataFrame,
    start: Any = None,
    days: int = 31,
    lead_days: int = 2,
    *,
    columns: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """The delivery and collection calendar: Wang Yongqing's plan for the coming weeks.

    Every household gets its rice ``lead_days`` before the jar would run dry;
    each delivery tops the jar up to the brim and is paid on the household's
    first payday on or after the delivery ("deliver now, collect on payday").
    After a delivery the jar is full again, so a household is served every
    ``whole days of rice − lead_days`` days.  The calendar lists every
    delivery from ``start`` for ``days`` days.

    Parameters
    ----------
    households:
        One row per household, e.g. ``ck.load_rice_households()``.
    start:
        First day of the plan, e.g. ``"1933-03-01"``; default the day after
        the latest recorded delivery.  It may not be earlier than a recorded
        delivery.
    days:
        Length of the plan in days (default 31: "the next month").
    lead_days:
        How many days before the jar runs dry the rice arrives (default 2: a
        margin for rain, illness or a busy day).  0 delivers on the run-out day.
    columns:
        Column names by role, as in :func:`run_out_dates`.

    Returns
    -------
    DataFrame
        One row per delivery, by date then household, with columns
        ``delivery_date``, ``household_id``, ``head_name`` (if present),
        ``run_out_date`` (when the jar would run dry without this delivery),
        ``late`` (True when the delivery comes less than ``lead_days`` before
        that day: the household was already due when the plan started),
        ``remaining_kg`` (rice still in the jar, never below 0), ``deliver_kg``
        (jar_kg − remaining_kg: what fills the jar to the brim), ``payday``,
        ``collection_date`` (first payday on or after the delivery) and
        ``credit_days`` (days between delivery and payment).  Collections may
        fall after the end of the plan.

    Raises
    ------
    CRMDataError
        As :func:`run_out_dates`; also for ``days`` below 1, a negative
        ``lead_days``, and households whose full jar lasts no more than
        ``lead_days`` whole days (no sensible schedule exists).

    Examples
    --------
    >>> import pandas as pd
    >>> households = pd.DataFrame({
    ...     "household_id": ["H01"], "members": [5], "kg_per_person_month": [10.0],
    ...     "jar_kg": [30.0], "last_delivery": ["1933-02-01"], "payday": [25]})
    >>> plan = delivery_calendar(households, start="1933-02-01", days=28)
    >>> for row in plan.itertuples():
    ...     print(row.delivery_date.date(), round(row.deliver_kg, 1), row.collection_date.date())
    1933-02-17 26.7 1933-02-25
    """
    c = _columns(columns)
    household, name = c["household"], c["name"]
    h = _households(households, c)
    n_days, lead = _window(days, lead_days)
    begin = _start(start, h, "start")
    plan = _plan(h, begin, n_days, lead)
    return plan.rename(columns={"household": household, "name": name, "payday": c["payday"]})


@validate.checked
def visits_this_week(
    households: pd.DataFrame,
    as_of: Any,
    days: int = 7,
    lead_days: int = 2,
    *,
    columns: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """The round for the coming week: whom to visit, on which day, and why.

    A household is visited to **deliver** (its delivery from
    :func:`delivery_calendar` falls in the week) or to **collect** (its payday
    falls in the week and a delivery is still unpaid: the one recorded in the
    notebook, or one made earlier in the week).  When both fall on the same
    day it is one visit.

    Parameters
    ----------
    households:
        One row per household, e.g. ``ck.load_rice_households()``.
    as_of:
        The first day of the week (required), e.g. ``"1933-03-01"``.
    days:
        How many days to plan (default 7).
    lead_days:
        As in :func:`delivery_calendar` (default 2).
    columns:
        Column names by role, as in :func:`run_out_dates`.

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per visit (household and day), by date then household, with
        columns ``visit_date``, ``household_id``, ``head_name`` (if present),
        ``deliver`` and ``collect`` (True/False), ``purpose`` (``"deliver"``,
        ``"collect"`` or ``"deliver and collect"``) and ``deliver_kg`` (kg to
        bring; 0 on a collection-only visit).

    Raises
    ------
    CRMDataError
        As :func:`delivery_calendar`, and when ``as_of`` is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> households = pd.DataFrame({
    ...     "household_id": ["H01", "H02"], "members": [5, 2],
    ...     "kg_per_person_month": [10.0, 12.0], "jar_kg": [30.0, 30.0],
    ...     "last_delivery": ["1933-02-01", "1933-02-05"], "payday": [25, 22]})
    >>> week = visits_this_week(households, as_of="1933-02-16")
    >>> week[["visit_date", "household_id", "purpose"]]
      visit_date household_id  purpose
    0 1933-02-17          H01  deliver
    1 1933-02-22          H02  collect
    """
    if as_of is None:
        raise CRMDataError(
            "as_of is missing: which week do you plan? "
            "Fix: pass the first day, e.g. as_of='1933-03-01'.",
            zh="缺少 as_of：你要安排哪一周？"
               "修正（Fix）：传入第一天，例如 as_of='1933-03-01'。"
        )
    c = _columns(columns)
    household, name = c["household"], c["name"]
    h = _households(households, c)
    n_days, lead = _window(days, lead_days)
    begin = _start(as_of, h, "as_of")
    end = begin + pd.Timedelta(days=n_days)
    plan = _plan(h, begin, n_days, lead)
    # Collections: the recorded delivery, and the deliveries of this plan.
    recorded = pd.DataFrame({"household": h["household"].to_numpy(),
                             "visit_date": _next_payday(h["last"], h["payday"]).to_numpy()})
    planned = pd.DataFrame({"household": plan["household"].to_numpy(),
                            "visit_date": plan["collection_date"].to_numpy()})
    collections = pd.concat([recorded, planned], ignore_index=True)
    in_week = (collections["visit_date"] >= begin) & (collections["visit_date"] < end)
    collections = collections[in_week].drop_duplicates().assign(
        deliver=False, collect=True, deliver_kg=0.0)
    deliveries = pd.DataFrame({"household": plan["household"].to_numpy(),
                               "visit_date": plan["delivery_date"].to_numpy(),
                               "deliver": True, "collect": False,
                               "deliver_kg": plan["deliver_kg"].to_numpy()})
    visits = pd.concat([deliveries, collections], ignore_index=True)
    # A delivery and a collection on the same day are one visit.
    visits = visits.groupby(["visit_date", "household"], as_index=False, sort=True).agg(
        deliver=("deliver", "any"), collect=("collect", "any"), deliver_kg=("deliver_kg", "sum"))
    purpose = np.select([visits["deliver"] & visits["collect"], visits["deliver"]],
                        ["deliver and collect", "deliver"], "collect")
    out = pd.DataFrame({"visit_date": visits["visit_date"], household: visits["household"]})
    if "name" in h:
        names = pd.Series(h["name"].to_numpy(), index=h["household"].to_numpy())
        out[name] = visits["household"].map(names).to_numpy()
    out["deliver"] = visits["deliver"].to_numpy()
    out["collect"] = visits["collect"].to_numpy()
    out["purpose"] = pd.array(purpose, dtype="str")
    out["deliver_kg"] = visits["deliver_kg"].astype("float64").to_numpy()
    return out.reset_index(drop=True)


@validate.checked
def jar_levels(
    households: pd.DataFrame,
    start: Any = None,
    days: int = 31,
    lead_days: int = 2,
    *,
    columns: Mapping[str, str | None] | None = None,
) -> pd.DataFrame:
    """Kg of rice in each household's jar, day by day, under the delivery plan.

    The jar is full on a delivery day and empties by ``daily_kg`` each day;
    plotted, it is a saw-tooth that never touches zero while the deliveries
    come ``lead_days`` early.  Same arguments as :func:`delivery_calendar`.

    Returns
    -------
    DataFrame
        One row per household and day, with columns ``date``, ``household_id``,
        ``rice_kg`` (in the jar that morning, after any delivery that day,
        never below 0), ``delivered_kg`` (kg brought that morning, 0 on other
        days; the jar held ``rice_kg − delivered_kg`` before it came) and
        ``payday`` (True on the household's payday).

    Raises
    ------
    CRMDataError
        As :func:`run_out_dates` (bad household columns; a ``start`` that is not a
        date or is before a recorded delivery); also for ``days`` below 1, a
        negative ``lead_days``, and households whose full jar lasts no more than
        ``lead_days`` whole days (as in :func:`delivery_calendar`).

    Examples
    --------
    >>> import pandas as pd
    >>> households = pd.DataFrame({
    ...     "household_id": ["H01"], "members": [5], "kg_per_person_month": [10.0],
    ...     "jar_kg": [30.0], "last_delivery": ["1933-02-01"], "payday": [25]})
    >>> levels = jar_levels(households, start="1933-02-15", days=4)
    >>> levels[["date", "rice_kg", "delivered_kg"]].round({"rice_kg": 1, "delivered_kg": 1})
            date  rice_kg  delivered_kg
    0 1933-02-15      6.7           0.0
    1 1933-02-16      5.0           0.0
    2 1933-02-17     30.0          26.7
    3 1933-02-18     28.3           0.0
    """
    c = _columns(columns)
    household = c["household"]
    h = _households(households, c)
    n_days, lead = _window(days, lead_days)
    begin = _start(start, h, "start")
    _, first, interval = _schedule(h, begin, lead)
    n = len(h)
    rows = np.repeat(np.arange(n), n_days)
    offset = np.tile(np.arange(n_days), n)
    date = pd.Series(_after(begin, offset))
    hh = h.iloc[rows].reset_index(drop=True)
    first_r = first.iloc[rows].reset_index(drop=True)
    step = interval.to_numpy()[rows]
    since_first = (date - first_r).dt.days.to_numpy()
    served = since_first >= 0
    fill = np.where(served, since_first - since_first % step, 0)
    last_fill = pd.Series(np.where(served, _after(first_r, fill), hh["last"]))
    rice = (hh["jar"] - hh["daily_kg"] * (date - last_fill).dt.days).clip(lower=0.0)
    # On a delivery day: what was in the jar before the rice came.
    delivery_day = served & (since_first % step == 0)
    days_since_previous = np.where(since_first == 0, (date - hh["last"]).dt.days, step)
    before = (hh["jar"] - hh["daily_kg"] * days_since_previous).clip(lower=0.0)
    delivered = np.where(delivery_day, hh["jar"] - before, 0.0)
    return pd.DataFrame({
        "date": date,
        household: hh["household"],
        "rice_kg": rice,
        "delivered_kg": delivered,
        "payday": (date.dt.day == hh["payday"]).to_numpy(),
    })
