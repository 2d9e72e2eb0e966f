"""Case study 2, Chengdu Hailang Dairy (成都海浪乳业): subscriptions, routes, milkmen, churn.

Hailang delivered milk to subscribers' doors in Chengdu.  Each subscriber
dealt with one milkman (送奶工), who signed them up, brought the bottles every
morning, collected the money at the end of the month ("drink first, pay
later") and kept the list of who took what.  Head office saw the bottles each
route ordered, not the subscribers behind them.  This module works on a
**synthetic** table of subscriptions (made up for the case, not Hailang's
data), one row per subscription:

* :func:`milk_subscriptions` — the synthetic table, generated deterministically
  (the same seed always gives the same rows);
* :func:`active_on` — which subscriptions received milk on a given day;
* :func:`route_churn` — per route, for one year: subscribers at the start, new,
  stopped, at the end, the churn rate and the net change (what head office saw);
* :func:`monthly_flow` — month by month: subscriptions started, stopped and
  running, and the bottles a day (the figure the milkmen's orders showed);
* :func:`after_departure` — what happened to a milkman's subscribers after he
  left, against the other routes over the same weeks;
* :func:`departure_curve` — the same, week by week (the chart's data);
* :func:`monthly_bills` — the bill each subscriber paid at each month's end,
  and the milkman's commission on it.

The rules (so that every number can be checked by hand)
-------------------------------------------------------
* A subscription delivers on the days ``start ≤ day < stop``: ``stop`` is the
  first day without milk; an empty ``stop`` means it was still running on
  :data:`END` (31 December 2001), the last day of the data.
* Active on a day ``d``: ``start ≤ d`` and (``stop`` empty or ``stop > d``).
* For a year: *at start* = active on 1 January; *stopped* = those of them whose
  ``stop`` falls in the year; **churn rate = stopped / at start**, retention
  rate = 1 − churn rate.  *Joined* = started in the year after 1 January;
  *all stops* = every ``stop`` in the year, the new subscribers' included;
  ``at_end = at_start + joined − all_stops``; *net change* = at end − at start,
  the only figure the bottle orders showed.
* A month's bill = days delivered × ``bottles_per_day`` × ``price_per_bottle``;
  the milkman keeps :data:`COMMISSION_SHARE` of it.

>>> subs = milk_subscriptions()
>>> table = route_churn(subs, year=2001).set_index("route")
>>> row = table.loc["R01"]
>>> bool(row["at_end"] == row["at_start"] + row["joined"] - row["all_stops"])
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError

__all__ = [
    "BOTTLES_A_DAY",
    "COMMISSION_SHARE",
    "END",
    "LEAVER",
    "LEFT_ON",
    "PRODUCTS",
    "ROUTE_CHURN",
    "SEED",
    "START",
    "SUCCESSOR",
    "YEAR_MARGIN",
    "active_on",
    "after_departure",
    "departure_curve",
    "milk_subscriptions",
    "monthly_bills",
    "monthly_flow",
    "route_churn",
    "route_report",
]

#: Seed of the synthetic data (Hailang was founded in October 1996).
SEED = 1996
#: First and last day of the synthetic data (two years).
START = pd.Timestamp("2000-01-01")
END = pd.Timestamp("2001-12-31")
#: Hailang's output as the course gives it: close to 100,000 bottles a day.
BOTTLES_A_DAY = 100_000
#: Share of each bill the milkman keeps as commission (our assumption: "high commissions").
COMMISSION_SHARE = 0.25
#: What one subscriber leaves Hailang in a year after milk, bottles and commission,
#: in yuan (our assumption; about 0.25 yuan a bottle at 1.3 bottles a day).
YEAR_MARGIN = 120.0
#: The milkman who leaves (route R07), his last day, and who takes over the route.
LEAVER = "M07"
LEFT_ON = pd.Timestamp("2001-06-30")
SUCCESSOR = "M13"
#: Products: code -> price per bottle in yuan.  Shuangcha (双叉) is the course's main
#: product; the course says only that there were 13 others, so they are numbered.
#: Prices are our assumption.
PRODUCTS: dict[str, float] = {
    "shuangcha": 1.50,
    **{f"P{i:02d}": price for i, price in enumerate(
        (1.00, 1.00, 0.90, 1.10, 0.80, 1.20, 1.00, 0.90, 1.30, 1.00, 1.10, 0.80, 1.20), start=1)},
}
#: Monthly churn planted in each route (our assumption: routes differ a lot, as
#: milkmen do); Shuangcha subscribers churn a quarter less.
ROUTE_CHURN: dict[str, float] = {
    "R01": 0.025, "R02": 0.060, "R03": 0.015, "R04": 0.045, "R05": 0.090, "R06": 0.030,
    "R07": 0.035, "R08": 0.070, "R09": 0.020, "R10": 0.050, "R11": 0.080, "R12": 0.040,
}
_SHUANGCHA_SHARE = 0.40
_SHUANGCHA_CHURN = 0.75   # Shuangcha subscribers' churn relative to the route's
_LEAVER_TAKES = 0.70      # share of the leaver's subscribers who stop within 8 weeks
_FOUNDED = pd.Timestamp("1996-10-01")
_COLUMNS = ("subscription_id", "route", "milkman", "product", "bottles_per_day",
            "price_per_bottle", "start", "stop")


def _lifetimes(rng: np.random.Generator, monthly: np.ndarray) -> np.ndarray:
    """Days a subscription lasts when it stops each month with probability ``monthly``."""
    daily = -np.log1p(-monthly) / (365.25 / 12)
    return rng.exponential(1.0 / daily)


@validate.checked
def milk_subscriptions(seed: int = SEED) -> pd.DataFrame:
    """Two years of Hailang's subscriptions on 12 routes: **synthetic data** for the case.

    Generated deterministically from ``seed``.  Twelve routes (``R01`` …
    ``R12``), each served by one milkman (``M01`` … ``M12``), from 1 January
    2000 to 31 December 2001.  What is planted, so the case finds it again:

    * each route has its own monthly churn (:data:`ROUTE_CHURN`, 1.5% to 9%),
      and Shuangcha subscribers stop a quarter less often;
    * milkmen sign up new subscribers at about the rate they lose them, so
      every route's count stays roughly flat: the net figures look calm;
    * milkman :data:`LEAVER` (route R07) leaves after :data:`LEFT_ON`; about
      70% of the subscribers he served stop within the next eight weeks, and
      :data:`SUCCESSOR` signs up the route's new subscribers from then on.

    No subscription starts or stops on 1 January 2001, so "active on
    1 January" and "started (or stopped) in 2001" never overlap.

    Returns
    -------
    DataFrame
        ``subscription_id`` (``HL0001`` …), ``route``, ``milkman`` (who signed
        the subscriber up and served them), ``product`` (a key of
        :data:`PRODUCTS`), ``bottles_per_day``, ``price_per_bottle`` (yuan),
        ``start`` and ``stop`` (the first day without milk; empty if still
        running on 31 December 2001).

    Raises
    ------
    CRMDataError
        ``seed`` not a whole number ≥ 0.

    >>> subs = milk_subscriptions()
    >>> subs["route"].nunique(), sorted(subs["milkman"].unique())[-1]
    (12, 'M13')
    """
    seed = int(validate.number(seed, "seed", low=0, high=2**32 - 1, integer=True))
    rng = np.random.default_rng(seed)
    routes = list(ROUTE_CHURN)
    window = (END - START).days + 1
    parts = []
    for number, route in enumerate(routes, start=1):
        churn = ROUTE_CHURN[route]
        first = int(rng.integers(70, 131))          # running on 1 January 2000
        new = int(rng.poisson(first * churn * 24 * 1.03))
        n = first + new
        old_days = (START - _FOUNDED).days
        start = np.concatenate([
            START - pd.to_timedelta(rng.integers(1, old_days, first), unit="D"),
            START + pd.to_timedelta(rng.integers(0, window, new), unit="D")])
        shuangcha = rng.random(n) < _SHUANGCHA_SHARE
        monthly = np.where(shuangcha, churn * _SHUANGCHA_CHURN, churn)
        from_day = np.maximum(start, START.to_datetime64())   # memoryless: count from 2000
        stop = from_day + pd.to_timedelta(np.ceil(_lifetimes(rng, monthly)) + 1, unit="D")
        others = rng.choice(13, size=n, p=np.linspace(2.0, 0.5, 13) / np.linspace(2.0, 0.5, 13)
                            .sum())
        product = np.where(shuangcha, "shuangcha",
                           np.array([f"P{i + 1:02d}" for i in range(13)])[others])
        bottles = rng.choice([1, 2, 3], size=n, p=[0.72, 0.23, 0.05])
        milkman = np.full(n, f"M{number:02d}", dtype=object)
        start = pd.DatetimeIndex(start)
        stop = pd.DatetimeIndex(stop)
        if route == "R07":
            served = (start <= LEFT_ON) & (stop > LEFT_ON)
            takes = served & (rng.random(n) < _LEAVER_TAKES)
            soon = LEFT_ON + pd.to_timedelta(rng.integers(1, 57, n), unit="D")
            stop = pd.DatetimeIndex(np.where(takes & (soon < stop), soon, stop))
            milkman[start > LEFT_ON] = SUCCESSOR
        parts.append(pd.DataFrame({
            "route": route, "milkman": milkman.astype(str), "product": product,
            "bottles_per_day": bottles.astype(np.int64), "start": start, "stop": stop}))
    subs = pd.concat(parts, ignore_index=True)
    turn = pd.Timestamp("2001-01-01")
    for column in ("start", "stop"):   # keep 1 January 2001 free (see above)
        subs.loc[subs[column] == turn, column] = turn + pd.Timedelta(days=1)
    subs.loc[subs["stop"] > END, "stop"] = pd.NaT
    subs = subs.sort_values(["route", "start"], kind="stable").reset_index(drop=True)
    subs.insert(0, "subscription_id", [f"HL{i:04d}" for i in range(1, len(subs) + 1)])
    subs.insert(5, "price_per_bottle", subs["product"].map(PRODUCTS).astype(float))
    for column in ("route", "milkman", "product"):
        subs[column] = subs[column].astype(str)
    return subs


# --------------------------------------------------------------------------- reading the table


def _table(subs: Any) -> pd.DataFrame:
    """The checked columns of a subscriptions table (a new frame, the input untouched)."""
    validate.frame(subs, what="subscriptions")
    validate.columns(subs, ["subscription_id", "route", "start", "stop"])
    ids = validate.ids(subs, "subscription_id", keyword="subscription")
    if ids.duplicated().any():
        bad = ids[ids.duplicated(keep=False)]
        raise CRMDataError(
            f"column 'subscription_id' has repeated ids ({validate.show_rows(bad.index, bad)}). "
            "Fix: one row per subscription, e.g. subs.drop_duplicates('subscription_id').",
            zh=f"列 'subscription_id' 有重复的编号（{validate.rows_zh(bad.index, bad)}）。"
               "修正（Fix）：每个订奶一行，例如 subs.drop_duplicates('subscription_id')。")
    route = validate.ids(subs, "route", keyword="route")
    start = validate.dates(subs, "start")
    stop = validate.dates(subs, "stop", allow_missing=True)
    wrong = stop.notna() & (stop <= start)
    if wrong.any():
        bad = subs.loc[wrong, "subscription_id"]
        raise CRMDataError(
            f"column 'stop' is on or before 'start' in {validate.show_rows(bad.index, bad)}: "
            "stop is the first day without milk, so it comes after the start. Fix: correct "
            f"those dates, or drop the rows: `subs = subs.drop(index={list(bad.index[:5])!r})`.",
            zh=f"{validate.rows_zh(bad.index, bad)}中列 'stop' 不晚于 'start'：stop 是第一个"
               "不送奶的日子，应当在开始之后。修正（Fix）：改正这些日期，或删去这些行："
               f"`subs = subs.drop(index={list(bad.index[:5])!r})`。")
    return pd.DataFrame({"subscription_id": ids.astype(str).to_numpy(),
                         "route": route.astype(str).to_numpy(),
                         "start": start.to_numpy(), "stop": stop.to_numpy()},
                        index=subs.index)


def _active(table: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (table["start"] <= day) & (table["stop"].isna() | (table["stop"] > day))


@validate.checked
def active_on(subscriptions: pd.DataFrame, day: Any) -> pd.Series:
    """True for each subscription that delivered milk on ``day`` (start ≤ day < stop).

    Returns a Series of True/False with the table's index, named ``active``.

    Raises
    ------
    CRMDataError
        A table without ``subscription_id``, ``route``, ``start`` or ``stop``,
        repeated ids, unreadable dates, a stop on or before its start; ``day``
        not a date.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscription_id": ["a", "b"], "route": ["R1", "R1"],
    ...                      "start": ["2001-01-01", "2001-03-01"],
    ...                      "stop": ["2001-03-01", None]})
    >>> active_on(subs, "2001-03-01").tolist()
    [False, True]
    """
    table = _table(subscriptions)
    when = validate.date(day, "day")
    return _active(table, when).rename("active")


def _year(year: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    y = int(validate.number(year, "year", low=1900, high=2199, integer=True))
    return pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31")


@validate.checked
def route_churn(subscriptions: pd.DataFrame, year: int = 2001) -> pd.DataFrame:
    """Per route, one year: who was there, who came, who stopped, and the churn rate.

    One row per route (sorted), with ``at_start`` (active on 1 January),
    ``joined`` (started later in the year), ``stopped`` (of those at the start,
    stopped in the year), ``all_stops`` (every stop in the year, the new
    subscribers' included), ``at_end`` (running at the end of the year),
    ``net_change`` (at_end − at_start: the only figure the bottle orders
    showed), ``churn_rate`` (stopped / at_start) and ``retention_rate``
    (1 − churn rate).  A last row ``all`` adds the routes up.

    Raises
    ------
    CRMDataError
        As :func:`active_on`; ``year`` not a whole number.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscription_id": ["a", "b", "c", "d"],
    ...                      "route": ["R1"] * 4,
    ...                      "start": ["2000-05-01", "2000-06-01", "2001-03-01", "2001-04-01"],
    ...                      "stop": ["2001-02-01", None, None, "2001-09-01"]})
    >>> route_churn(subs)[["route", "at_start", "joined", "stopped", "all_stops", "at_end",
    ...                    "net_change", "churn_rate"]]
      route  at_start  joined  stopped  all_stops  at_end  net_change  churn_rate
    0    R1         2       2        1          2       2           0         0.5
    1   all         2       2        1          2       2           0         0.5
    """
    table = _table(subscriptions)
    first, last = _year(year)
    at_start = _active(table, first)
    stop_in_year = table["stop"].notna() & (table["stop"] > first) & (table["stop"] <= last)
    frame = pd.DataFrame({
        "route": table["route"],
        "at_start": at_start,
        "joined": (table["start"] > first) & (table["start"] <= last),
        "stopped": at_start & stop_in_year,
        "all_stops": stop_in_year,
        "at_end": _active(table, last),
    })
    out = frame.groupby("route", sort=True).sum().astype(np.int64)
    out.loc["all"] = out.sum()
    out = out.reset_index()
    out["net_change"] = out["at_end"] - out["at_start"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["churn_rate"] = np.where(out["at_start"] > 0,
                                     out["stopped"] / out["at_start"].where(
                                         out["at_start"] > 0, 1), np.nan)
    out["retention_rate"] = 1 - out["churn_rate"]
    return out


@validate.checked
def monthly_flow(subscriptions: pd.DataFrame, route: Any = None) -> pd.DataFrame:
    """Month by month: subscriptions started, stopped, running, and bottles a day.

    For every month from :data:`START` (or the first start, if later) to the
    last day of the data (:data:`END`, or the last stop if later): ``month``
    (first day), ``started``,
    ``stopped`` (a ``stop`` date in the month), ``running`` (active on the
    month's last day) and, if the table has ``bottles_per_day``,
    ``bottles_per_day`` (the bottles those running subscriptions take: what a
    route orders, and all head office saw).  ``route`` limits it to one route.

    Raises
    ------
    CRMDataError
        As :func:`active_on`; a ``route`` that is not in the table.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscription_id": ["a", "b"], "route": ["R1", "R1"],
    ...                      "bottles_per_day": [1, 2], "start": ["2001-11-10", "2001-12-05"],
    ...                      "stop": ["2001-12-20", None]})
    >>> monthly_flow(subs)
           month  started  stopped  running  bottles_per_day
    0 2001-11-01        1        0        1              1.0
    1 2001-12-01        1        1        1              2.0
    """
    table = _table(subscriptions)
    bottles = None
    if "bottles_per_day" in subscriptions.columns:
        bottles = validate.numeric(subscriptions, "bottles_per_day").to_numpy()
    if route is not None:
        validate.labels(table["route"], route, "route")
        keep = (table["route"] == route).to_numpy()
        table = table[keep]
        bottles = bottles[keep] if bottles is not None else None
    first = max(START, table["start"].min()).to_period("M")
    last_day = max(END, table["stop"].max() if table["stop"].notna().any() else END)
    months = pd.period_range(first, last_day.to_period("M"), freq="M")
    starts = table["start"].dt.to_period("M").value_counts()
    stops = table["stop"].dropna().dt.to_period("M").value_counts()
    rows = []
    for month in months:
        month_end = month.end_time.normalize()
        running = _active(table, month_end)
        row = {"month": month.start_time, "started": int(starts.get(month, 0)),
               "stopped": int(stops.get(month, 0)), "running": int(running.sum())}
        if bottles is not None:
            row["bottles_per_day"] = float(bottles[running.to_numpy()].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _served(table: pd.DataFrame, subscriptions: pd.DataFrame, milkman: Any,
            left_on: pd.Timestamp) -> pd.Series:
    validate.columns(subscriptions, ["milkman"])
    men = validate.ids(subscriptions, "milkman", keyword="milkman").astype(str)
    validate.labels(men, milkman, "milkman")
    return _active(table, left_on) & (men == str(milkman))


@validate.checked
def after_departure(subscriptions: pd.DataFrame, milkman: str = LEAVER,
                    left_on: Any = LEFT_ON, weeks: int = 8) -> pd.DataFrame:
    """What happened to a milkman's subscribers in the weeks after he left.

    *His subscribers* are those he served on ``left_on`` (his last day); the
    comparison is every subscription of the **other routes** active that day.
    For each group: ``active`` (on his last day), ``stopped`` (a ``stop`` in
    the ``weeks`` × 7 days after it, i.e. ``left_on < stop ≤ left_on +
    7·weeks``) and ``stopped_share`` (stopped / active).

    Raises
    ------
    CRMDataError
        As :func:`active_on`; no ``milkman`` column, a milkman not in it, one
        who served nobody that day; ``weeks`` not a whole number from 1 to 104.

    >>> subs = milk_subscriptions()
    >>> bool(after_departure(subs).loc["his_subscribers", "stopped_share"] > 0.5)
    True
    """
    table = _table(subscriptions)
    day = validate.date(left_on, "left_on")
    span = int(validate.number(weeks, "weeks", low=1, high=104, integer=True))
    his = _served(table, subscriptions, milkman, day)
    if not his.any():
        raise CRMDataError(
            f"milkman {milkman!r} served no subscription on {day.date()}. Fix: pass his "
            "last working day as left_on, e.g. left_on='2001-06-30'.",
            zh=f"送奶工 {milkman!r} 在 {day.date()} 没有在送的订户。修正（Fix）：把他的最后"
               "一个工作日作为 left_on 传入，例如 left_on='2001-06-30'。")
    his_routes = set(table.loc[his, "route"])
    others = _active(table, day) & ~table["route"].isin(his_routes)
    soon = table["stop"].notna() & (table["stop"] > day) & (
        table["stop"] <= day + pd.Timedelta(days=7 * span))
    rows = {}
    for name, group in (("his_subscribers", his), ("other_routes", others)):
        active = int(group.sum())
        stopped = int((group & soon).sum())
        rows[name] = {"active": active, "stopped": stopped,
                      "stopped_share": stopped / active if active else np.nan}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


@validate.checked
def departure_curve(subscriptions: pd.DataFrame, milkman: str = LEAVER,
                    left_on: Any = LEFT_ON, weeks: int = 26) -> pd.DataFrame:
    """Week by week after a milkman left: the share of each group still subscribed.

    One row per week 0 … ``weeks`` with ``his_subscribers`` and
    ``other_routes`` (the groups of :func:`after_departure`): the share of the
    group still active ``7 × week`` days after ``left_on`` (1.0 at week 0).

    Raises
    ------
    CRMDataError
        As :func:`after_departure`.
    """
    table = _table(subscriptions)
    day = validate.date(left_on, "left_on")
    span = int(validate.number(weeks, "weeks", low=1, high=104, integer=True))
    groups = after_departure(subscriptions, milkman, day, 1)  # checks the milkman
    his = _served(table, subscriptions, milkman, day)
    others = _active(table, day) & ~table["route"].isin(set(table.loc[his, "route"]))
    rows = []
    for week in range(span + 1):
        when = day + pd.Timedelta(days=7 * week)
        alive = table["stop"].isna() | (table["stop"] > when)
        rows.append({"week": week,
                     "his_subscribers": float((his & alive).sum() / his.sum()),
                     "other_routes": float((others & alive).sum() / max(int(others.sum()), 1))
                     if groups.loc["other_routes", "active"] else np.nan})
    return pd.DataFrame(rows)


@validate.checked
def monthly_bills(subscriptions: pd.DataFrame) -> pd.DataFrame:
    """Each subscription's bill for every month it received milk (drink first, pay later).

    One row per subscription and month from :data:`START` to :data:`END`:
    ``subscription_id``, ``route``, ``milkman``, ``month`` (first day),
    ``days`` (days delivered in the month), ``bottles``, ``amount`` (yuan) and
    ``commission`` (the milkman's :data:`COMMISSION_SHARE` of it).  Days
    before :data:`START` are not billed here.

    Raises
    ------
    CRMDataError
        As :func:`active_on`; no ``milkman``, ``bottles_per_day`` or
        ``price_per_bottle`` column, or text or negative numbers in them.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscription_id": ["a"], "route": ["R1"], "milkman": ["M1"],
    ...                      "bottles_per_day": [2], "price_per_bottle": [1.5],
    ...                      "start": ["2001-11-21"], "stop": ["2001-12-11"]})
    >>> monthly_bills(subs)[["month", "days", "bottles", "amount", "commission"]]
           month  days  bottles  amount  commission
    0 2001-11-01    10       20    30.0         7.5
    1 2001-12-01    10       20    30.0         7.5
    """
    table = _table(subscriptions)
    validate.columns(subscriptions, ["milkman", "bottles_per_day", "price_per_bottle"])
    men = validate.ids(subscriptions, "milkman", keyword="milkman").astype(str).to_numpy()
    per_day = validate.numeric(subscriptions, "bottles_per_day").to_numpy()
    price = validate.numeric(subscriptions, "price_per_bottle").to_numpy()
    months = pd.period_range(START, END, freq="M")
    first = months.start_time.to_numpy()
    after = (months.end_time.normalize() + pd.Timedelta(days=1)).to_numpy()
    begin = table["start"].to_numpy()[:, None]
    stop = table["stop"].fillna(END + pd.Timedelta(days=1)).to_numpy()[:, None]
    lo = np.maximum(begin, first[None, :])
    hi = np.minimum(stop, after[None, :])
    days = np.clip((hi - lo) / np.timedelta64(1, "D"), 0, None).astype(np.int64)
    row, col = np.nonzero(days)
    n_days = days[row, col]
    bottles = n_days * per_day[row]
    amount = np.round(bottles * price[row], 2)
    return pd.DataFrame({
        "subscription_id": table["subscription_id"].to_numpy()[row],
        "route": table["route"].to_numpy()[row],
        "milkman": men[row],
        "month": first[col],
        "days": n_days,
        "bottles": bottles.astype(np.int64) if np.all(bottles == np.round(bottles))
        else bottles,
        "amount": amount,
        "commission": np.round(amount * COMMISSION_SHARE, 2),
    })


@validate.checked
def route_report(subscriptions: pd.DataFrame, route: str, cut: float = 0.05,
                 margin: float = YEAR_MARGIN, year: int = 2001) -> dict[str, Any]:
    """One route's year and what cutting its churn by ``cut`` would be worth.

    Returns a dict: the route's row of :func:`route_churn` (``at_start``,
    ``joined``, ``stopped``, ``all_stops``, ``at_end``, ``net_change``,
    ``churn_rate``), ``milkmen`` (who signed its subscribers up, sorted),
    ``cut`` (the cut applied, a fraction), ``lifetime`` and ``lifetime_after``
    (expected years a subscriber stays, 1 / churn, before and after the cut),
    ``value_gain`` (yuan more per subscriber: ``margin × (lifetime_after −
    lifetime)``, undiscounted) and
    ``route_gain`` (the same for the ``at_end`` subscribers the route has).

    Raises
    ------
    CRMDataError
        As :func:`route_churn`; a route not in the table; ``cut`` not a
        fraction, or as large as the route's churn (nobody would ever leave);
        ``margin`` negative.

    >>> report = route_report(milk_subscriptions(), "R03", cut=0.05)
    >>> report["churn_rate"], round(report["lifetime"], 6), round(report["lifetime_after"], 6)
    (0.2, 5.0, 6.666667)
    """
    table = _table(subscriptions)
    validate.labels(table["route"], route, "route")
    share = validate.fraction(cut, "cut")
    per_year = validate.number(margin, "margin", low=0, high=1e6)
    churn = route_churn(subscriptions, year).set_index("route").loc[str(route)]
    on_route = (table["route"] == str(route)).to_numpy()
    men = (sorted(set(subscriptions["milkman"].astype(str).to_numpy()[on_route]))
           if "milkman" in subscriptions.columns else [])
    rate = float(churn["churn_rate"])
    if not rate > share:
        raise CRMDataError(
            f"route {route!r} lost {rate:.1%} of its subscribers in {year}; a cut of "
            f"{share:.1%} would leave no churn at all, and an endless lifetime. Fix: pass a "
            f"smaller cut, e.g. cut={rate / 2:.2f}.",
            zh=f"线路 {route!r} 在 {year} 年流失了 {rate:.1%} 的订户；降低 {share:.1%} 就完全"
               f"没有流失了，订户寿命将是无穷大。修正（Fix）：传入更小的降幅，例如 "
               f"cut={rate / 2:.2f}。")
    lifetime, after = 1 / rate, 1 / (rate - share)
    report: dict[str, Any] = {"route": str(route), "milkmen": men}
    report.update({k: int(churn[k]) for k in ("at_start", "joined", "stopped", "all_stops",
                                               "at_end", "net_change")})
    report.update({"churn_rate": rate, "cut": share, "lifetime": lifetime, "lifetime_after": after,
                   "value_gain": per_year * (after - lifetime),
                   "route_gain": per_year * (after - lifetime) * int(churn["at_end"])})
    return report
