"""Case study 4, Firing customers (舍弃客户): cost to serve, margin after service, who to let go.

In July 2007 Sprint Nextel told about 1,000 subscribers that it would end their
service, after tracking their calls to customer care for a year.  This module
does that analysis on a **synthetic** mobile operator, Xingyun Mobile (星云移动,
made up for the case), one row per subscriber and one year:

* :func:`subscribers` — the synthetic year, generated deterministically (the
  same seed always gives the same table);
* :func:`service_margins` — each subscriber's margin after the cost of serving
  them: care calls and bad debt;
* :func:`firing_plan` — who falls below a threshold, and what profit changes
  if they leave;
* :func:`remedies` — for each subscriber below zero: fixable by re-pricing
  (prepayment as at EchoStar and TXU; a fee for care calls beyond an allowance),
  or to let go;
* :func:`options` — keep everyone, fire everyone below zero, or fix first and
  let the rest go: subscribers lost and profit side by side.

The model (one rule each, so that every number can be checked by hand)
----------------------------------------------------------------------
* ``gross_margin = revenue − network_cost`` (what the subscriber leaves before
  any care);
* ``call_cost = care_calls × cost_per_call`` (default :data:`COST_PER_CALL`);
* ``bad_debt`` = bills never paid (already in ``revenue``: the operator billed
  them, the money never came);
* ``net_margin = gross_margin − call_cost − bad_debt``.
* If the subscribers below ``threshold`` leave, the operator loses their
  revenue and saves their costs: profit changes by ``− Σ net_margin`` of those
  who leave (a gain when their net margin is negative).  This assumes every
  cost they caused disappears with them; a care centre's staff and systems are
  partly fixed, which the case's discussion takes up.

>>> from crmkit.cases import firing
>>> subs = firing.subscribers(n=200)
>>> margins = firing.service_margins(subs, cost_per_call=15)
>>> row = margins.iloc[0]
>>> bool(row["net_margin"] == round(row["gross_margin"] - row["care_calls"] * 15
...                                 - row["bad_debt"], 2))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError

__all__ = [
    "CALL_ALLOWANCE",
    "COST_PER_CALL",
    "NETWORK_COST_SHARE",
    "OPTIONS",
    "PLANS",
    "REMEDIES",
    "SEED",
    "firing_plan",
    "options",
    "remedies",
    "service_margins",
    "subscribers",
]

#: Seed of the synthetic year (the year Sprint Nextel's letters went out).
SEED = 2007
#: Monthly plans of Xingyun Mobile: name -> (monthly fee in yuan, share of subscribers).
PLANS = {"basic": (38.0, 0.35), "standard": (58.0, 0.35), "plus": (88.0, 0.20),
         "premium": (128.0, 0.10)}
#: Network, interconnection and handset costs as a share of revenue (our assumption).
NETWORK_COST_SHARE = 0.45
#: What one call to customer care costs the operator, in yuan (our assumption).
COST_PER_CALL = 15.0
#: remedies: care calls a year included in the plan before a fee per call applies.
CALL_ALLOWANCE = 24
#: remedies: the three outcomes, in order.
REMEDIES = ("prepay", "charge_calls", "let_go")

_COLUMNS = ("subscriber_id", "revenue", "network_cost", "care_calls", "bad_debt")


@validate.checked
def subscribers(n: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """One year of Xingyun Mobile's subscribers: **synthetic data**, made up for the case.

    Generated deterministically from ``seed`` (the same seed and ``n`` always
    give the same table).  Every subscriber is on one of :data:`PLANS` for the
    whole year.  What is planted, so the case finds it again:

    * care calls are long-tailed: most subscribers call a few times a year,
      about 2.5% are "serial callers" who call 40 to 400 times (Sprint Nextel's
      customers called about the same problem hundreds of times a month);
    * about 4% leave one to six monthly bills unpaid (TXU's chronic
      non-payers);
    * the network cost is :data:`NETWORK_COST_SHARE` of revenue.

    Returns
    -------
    DataFrame
        ``subscriber_id`` (``S0001`` …), ``plan``, ``monthly_fee``, ``revenue``
        (a year of bills, in yuan), ``network_cost``, ``care_calls`` (a year),
        ``unpaid_months`` and ``bad_debt`` (yuan billed but never paid).

    Raises
    ------
    CRMDataError
        ``n`` not a whole number from 10 to 1,000,000, or ``seed`` not a whole
        number ≥ 0.

    >>> subscribers(n=10)["subscriber_id"].tolist()[:3]
    ['S0001', 'S0002', 'S0003']
    """
    n = int(validate.number(n, "n", low=10, high=1_000_000, integer=True))
    seed = int(validate.number(seed, "seed", low=0, high=2**32 - 1, integer=True))
    rng = np.random.default_rng(seed)
    names = list(PLANS)
    fees = np.array([PLANS[p][0] for p in names])
    shares = np.array([PLANS[p][1] for p in names])
    plan = rng.choice(len(names), size=n, p=shares / shares.sum())
    extra = np.round(rng.lognormal(np.log(0.08), 0.6, n), 3)  # usage beyond the plan
    revenue = np.round(12 * fees[plan] * (1 + extra), 2)
    serial = rng.random(n) < 0.025
    calls = np.where(serial, rng.integers(40, 401, n), rng.negative_binomial(2, 0.35, n))
    unpaid_months = np.where(rng.random(n) < 0.04, rng.integers(1, 7, n), 0)
    bad_debt = np.round(unpaid_months * fees[plan] * (1 + extra), 2)
    width = max(4, len(str(n)))
    return pd.DataFrame({
        "subscriber_id": [f"S{i:0{width}d}" for i in range(1, n + 1)],
        "plan": np.array(names, dtype=object)[plan].astype(str),
        "monthly_fee": fees[plan],
        "revenue": revenue,
        "network_cost": np.round(revenue * NETWORK_COST_SHARE, 2),
        "care_calls": calls.astype(np.int64),
        "unpaid_months": unpaid_months.astype(np.int64),
        "bad_debt": bad_debt,
    })


def _money(subs: pd.DataFrame) -> dict[str, np.ndarray]:
    validate.frame(subs, what="subscribers")
    validate.columns(subs, list(_COLUMNS))
    ids = subs["subscriber_id"]
    if ids.isna().any() or ids.duplicated().any():
        bad = ids[ids.isna() | ids.duplicated(keep=False)]
        raise CRMDataError(
            f"column 'subscriber_id' has missing or repeated ids "
            f"({validate.show_rows(bad.index, bad)}). Fix: one row per subscriber, "
            "e.g. subs.drop_duplicates('subscriber_id').",
            zh=f"列 'subscriber_id' 有缺失或重复的编号（{validate.rows_zh(bad.index, bad)}）。"
               "修正（Fix）：每个订户一行，例如 subs.drop_duplicates('subscriber_id')。"
        )
    return {c: validate.numeric(subs, c).to_numpy(dtype=float)
            for c in _COLUMNS[1:]}


@validate.checked
def service_margins(subs: pd.DataFrame, cost_per_call: float = COST_PER_CALL) -> pd.DataFrame:
    """Each subscriber's margin after the cost of serving them (yuan).

    Adds ``gross_margin`` (revenue − network cost), ``call_cost`` (care calls ×
    ``cost_per_call``), ``net_margin`` (gross margin − call cost − bad debt)
    and ``below_zero`` (net margin < 0) to a copy of ``subs``.

    Raises
    ------
    CRMDataError
        ``subs`` is not a DataFrame, has no rows, lacks a column
        (``subscriber_id``, ``revenue``, ``network_cost``, ``care_calls``,
        ``bad_debt``), has missing or repeated ids, text or negative amounts;
        ``cost_per_call`` not a number ≥ 0.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscriber_id": ["a", "b"], "revenue": [600.0, 500.0],
    ...                      "network_cost": [270.0, 225.0], "care_calls": [4, 40],
    ...                      "bad_debt": [0.0, 0.0]})
    >>> service_margins(subs, cost_per_call=10)[["subscriber_id", "net_margin", "below_zero"]]
      subscriber_id  net_margin  below_zero
    0             a       290.0       False
    1             b      -125.0        True
    """
    money = _money(subs)
    per_call = validate.number(cost_per_call, "cost_per_call", low=0, high=1e6)
    out = subs.copy()
    for column, values in money.items():  # numbers given as text are used as the numbers
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = values
    out["gross_margin"] = np.round(money["revenue"] - money["network_cost"], 2)
    out["call_cost"] = np.round(money["care_calls"] * per_call, 2)
    out["net_margin"] = np.round(out["gross_margin"] - out["call_cost"] - money["bad_debt"], 2)
    out["below_zero"] = out["net_margin"] < 0
    return out


@validate.checked
def firing_plan(subs: pd.DataFrame, cost_per_call: float = COST_PER_CALL,
                threshold: float = 0.0) -> dict[str, Any]:
    """Who would be let go, and what it does to revenue and profit.

    Subscribers whose net margin (:func:`service_margins`) is **strictly below**
    ``threshold`` yuan leave.  Returns a dict: ``fired`` (how many), ``share``
    (of all subscribers), ``revenue_lost``, ``profit_before`` (Σ net margin of
    all), ``profit_change`` (− Σ net margin of those who leave) and
    ``profit_after``; amounts in yuan, rounded to cents.

    Raises
    ------
    CRMDataError
        Bad subscribers or cost per call (as :func:`service_margins`), or a
        threshold that is not a number.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscriber_id": ["a", "b"], "revenue": [600.0, 500.0],
    ...                      "network_cost": [270.0, 225.0], "care_calls": [4, 40],
    ...                      "bad_debt": [0.0, 0.0]})
    >>> plan = firing_plan(subs, cost_per_call=10)
    >>> plan["fired"], plan["profit_before"], plan["profit_change"], plan["profit_after"]
    (1, 165.0, 125.0, 290.0)
    """
    margins = service_margins(subs, cost_per_call)
    line = validate.number(threshold, "threshold", low=-1e9, high=1e9)
    leave = margins["net_margin"] < line
    before = round(float(margins["net_margin"].sum()), 2)
    change = round(-float(margins.loc[leave, "net_margin"].sum()), 2)
    return {
        "fired": int(leave.sum()),
        "share": float(leave.mean()),
        "revenue_lost": round(float(margins.loc[leave, "revenue"].sum()), 2),
        "profit_before": before,
        "profit_change": change,
        "profit_after": round(before + change, 2),
    }


@validate.checked
def remedies(subs: pd.DataFrame, cost_per_call: float = COST_PER_CALL,
             allowance: int = CALL_ALLOWANCE) -> pd.DataFrame:
    """Fix or fire: what to do with each subscriber whose net margin is below zero.

    Tried in order (see :data:`REMEDIES`):

    * ``prepay`` — without the bad debt the subscriber would not be below zero:
      move them to prepayment, as EchoStar did with poor-credit customers (and
      TXU's "tough love" with chronic non-payers); the bad debt disappears;
    * ``charge_calls`` — calls beyond ``allowance`` a year, charged at
      ``cost_per_call``, would lift the subscriber to zero or above (a re-pricing
      like the retailers' restocking fee);
    * ``let_go`` — neither is enough: end the relationship, with notice.

    Returns the rows of :func:`service_margins` that are below zero, with
    ``remedy`` (one of :data:`REMEDIES`) and ``margin_after`` (the net margin
    once the remedy applies; for ``let_go`` 0, since the subscriber leaves).

    Raises
    ------
    CRMDataError
        As :func:`service_margins`; ``allowance`` not a whole number ≥ 0.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscriber_id": ["a", "b", "c"],
    ...                      "revenue": [600.0, 500.0, 460.0],
    ...                      "network_cost": [270.0, 225.0, 207.0],
    ...                      "care_calls": [4, 40, 40], "bad_debt": [400.0, 0.0, 100.0]})
    >>> remedies(subs, cost_per_call=10)[["subscriber_id", "net_margin", "remedy",
    ...                                  "margin_after"]]
      subscriber_id  net_margin        remedy  margin_after
    0             a      -110.0        prepay         290.0
    1             b      -125.0  charge_calls          35.0
    2             c      -247.0        let_go           0.0
    """
    margins = service_margins(subs, cost_per_call)
    free = int(validate.number(allowance, "allowance", low=0, high=1e6,
                               integer=True))
    per_call = float(cost_per_call)
    low = margins[margins["below_zero"]].copy()
    without_debt = low["net_margin"] + low["bad_debt"]
    fee = np.maximum(low["care_calls"] - free, 0) * per_call
    with_fee = low["net_margin"] + fee
    prepay = without_debt >= 0
    charge = ~prepay & (with_fee >= 0)
    low["remedy"] = pd.Categorical(np.select([prepay, charge], list(REMEDIES[:2]),
                                             default=REMEDIES[2]), categories=list(REMEDIES))
    low["margin_after"] = np.round(np.select([prepay, charge], [without_debt, with_fee],
                                             default=0.0), 2)
    return low.reset_index(drop=True)


#: options: the three courses of action compared, in order.
OPTIONS = ("keep_everyone", "fire_below_zero", "fix_then_fire")


def options(subs: pd.DataFrame, cost_per_call: float = COST_PER_CALL,
            allowance: int = CALL_ALLOWANCE) -> pd.DataFrame:
    """Three courses of action side by side: subscribers lost and profit (yuan).

    * ``keep_everyone`` — change nothing;
    * ``fire_below_zero`` — let every subscriber with a net margin below zero
      go (:func:`firing_plan` at threshold 0);
    * ``fix_then_fire`` — apply :func:`remedies`: prepayment or a fee for calls
      beyond ``allowance`` where that is enough, let the rest go.

    Returns one row per option (see :data:`OPTIONS`): ``option``,
    ``subscribers_lost``, ``profit`` and ``profit_change`` (against keeping
    everyone).  As in :func:`firing_plan`, the costs of those who leave are
    assumed to leave with them, and a fixed subscriber is assumed to stay and
    pay.

    >>> import pandas as pd
    >>> subs = pd.DataFrame({"subscriber_id": ["a", "b", "c", "d"],
    ...                      "revenue": [600.0, 500.0, 460.0, 800.0],
    ...                      "network_cost": [270.0, 225.0, 207.0, 360.0],
    ...                      "care_calls": [4, 40, 40, 2], "bad_debt": [400.0, 0.0, 100.0, 0.0]})
    >>> options(subs, cost_per_call=10)
                option  subscribers_lost  profit  profit_change
    0    keep_everyone                 0   -62.0            0.0
    1  fire_below_zero                 3   420.0          482.0
    2    fix_then_fire                 1   745.0          807.0
    """
    margins = service_margins(subs, cost_per_call)
    fixes = remedies(subs, cost_per_call, allowance)
    before = round(float(margins["net_margin"].sum()), 2)
    below = margins["below_zero"]
    fired = round(before - float(margins.loc[below, "net_margin"].sum()), 2)
    gain = float((fixes["margin_after"] - fixes["net_margin"]).sum())
    fixed = round(before + gain, 2)
    lost = int((fixes["remedy"] == "let_go").sum())
    return pd.DataFrame({
        "option": list(OPTIONS),
        "subscribers_lost": [0, int(below.sum()), lost],
        "profit": [before, fired, fixed],
        "profit_change": [0.0, round(fired - before, 2), round(fixed - before, 2)],
    })
