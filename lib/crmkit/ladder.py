"""The customer ladder (客户阶梯, chapter 01): from suspect to advocate, as a funnel.

Chapter 01 draws the ladder a customer climbs — suspect, qualified prospect,
first-time buyer, repeat buyer, loyal customer, member, advocate — and asks
how many customers stand on each rung.

* :func:`customer_ladder` — put each customer of the sample data on the highest
  rung they reach.
* :func:`ladder_funnel` — the rungs as a funnel with stage-to-stage conversion
  rates, from explicit counts or from the data.
* :func:`ladder_what_if` — the manager's question about that funnel: keep the
  number at the top, set the conversion into any rung (or raise one rung's
  rate by a few points) and see how many customers reach every rung below.

The counts on a ladder are a chain: each rung holds the rung above times the
conversion into it.  Raising one conversion by 5 points therefore multiplies
every rung below it by the same factor, (rate + 0.05) / rate: the lower the
rate, the larger the factor.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, _scores, validate
from crmkit.errors import CRMDataError

__all__ = ["LADDER_COLUMNS", "LADDER_STAGES", "customer_ladder", "ladder_funnel", "ladder_what_if"]

#: The rungs of the customer ladder (客户阶梯), bottom to top (chapter 01, seed 004).
LADDER_STAGES = (
    "suspect",
    "qualified_prospect",
    "first_time_buyer",
    "repeat_buyer",
    "loyal_customer",
    "member",
    "advocate",
)

#: The columns :func:`customer_ladder` reads, by role, as the sample data name them.
LADDER_COLUMNS: dict[str, str] = {
    "customer": "customer_id",
    "date": "order_date",
    "member": "is_member",
    "recommend": "recommend",
    "survey_date": "survey_date",
}


@validate.checked
def customer_ladder(
    transactions: pd.DataFrame,
    *,
    customers: pd.DataFrame | None = None,
    survey: pd.DataFrame | None = None,
    as_of: Any = None,
    loyal_quarters: int = 4,
    advocate_score: int = 9,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Put each customer on the highest rung of the customer ladder (客户阶梯) they reach.

    The rungs are nested: each one counts only customers who also stand on
    every rung below it, so the ladder narrows like a funnel.

    * ``qualified_prospect`` — registered in ``customers`` but never bought.
    * ``first_time_buyer`` — at least one order (up to the day ``as_of``,
      default the day after the last order; later orders are ignored).
    * ``repeat_buyer`` — at least two orders.
    * ``loyal_customer`` — a repeat buyer who bought in each of the last
      ``loyal_quarters`` quarters of 91 days up to ``as_of`` (the data cannot
      show "buys the category only from us", so steady buying stands in).
    * ``member`` — a loyal customer who is a member (``customers[member]``).
    * ``advocate`` — a member whose latest survey answer recommends us with
      ``recommend >= advocate_score`` (default 9, a "promoter").

    Without ``customers`` the ladder stops at ``loyal_customer``; without
    ``survey`` at ``member``.  Suspects are not in the data: pass their number
    to :func:`ladder_funnel`.

    ``columns`` names the columns by role where they differ from the sample
    data's (:data:`LADDER_COLUMNS`), e.g. ``columns={"customer": "client"}``:
    ``customer`` (in every frame), ``date`` (of the order), ``member``
    (yes/no, in ``customers``), ``recommend`` (0–10) and ``survey_date`` (in
    ``survey``).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per customer (buyers and registered non-buyers), index named
        after ``customer``: ``orders``, ``quarters_active`` (of the last
        ``loyal_quarters``), and, when available, ``is_member`` and
        ``recommend``; ``stage`` (ordered categorical over :data:`LADDER_STAGES`).

    Raises
    ------
    CRMDataError
        Bad transactions (see :func:`churn_flags`), a ``survey`` without
        ``customers``, missing or non-yes/no membership flags, scores outside 0–10.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "B", "B"] + ["C"] * 5,
    ...     "order_date": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-03-01",
    ...                                   "2025-01-15", "2025-04-15", "2025-07-15",
    ...                                   "2025-10-15", "2025-12-15"])})
    >>> customer_ladder(orders, as_of="2026-01-01")["stage"].astype(str).to_dict()
    {'A': 'first_time_buyer', 'B': 'repeat_buyer', 'C': 'loyal_customer'}
    """
    roles = validate.column_map(columns, LADDER_COLUMNS)
    customer, member = roles["customer"], roles["member"]
    orders = validate.transactions(transactions, customer=customer, date=roles["date"],
                                   as_of=as_of, mapped=True)
    quarters = validate.number(loyal_quarters, "loyal_quarters", low=1, integer=True)
    cut = validate.number(advocate_score, "advocate_score", low=0, high=10,
                          integer=True)
    if survey is not None and customers is None:
        raise CRMDataError(
            "advocates stand above members on the ladder, so a survey needs the "
            "customers frame too. Fix: pass customers=ck.load_customers() as well.",
            zh="在客户阶梯上拥护者位于会员之上，所以传入满意度调查时也需要 customers 数据框。"
               "修正（Fix）：同时传入 customers=ck.load_customers()。"
        )
    ids, days, end_day = orders.ids, orders.days, orders.as_of_day
    keep = days <= end_day
    if customers is not None:
        validate.frame(customers, what="customers")
        validate.columns(customers, validate.needed(roles, "customer", "member"))
        registered = _customers.customer_ids(customers, customer)
        is_member = _customers.flags(customers, member).to_numpy()
        all_ids = np.concatenate([ids.to_numpy(dtype=object)[keep],
                                  registered.to_numpy(dtype=object)])
    else:
        all_ids = ids.to_numpy(dtype=object)[keep]
    codes, names = validate.grouped(pd.Series(all_ids, name=customer))
    n_orders = int(keep.sum())
    order_codes = codes[:n_orders]
    quarter = (end_day - days[keep]) // 91
    orders = np.bincount(order_codes, minlength=len(names))
    recent = quarter < quarters
    active_pairs = _customers.sorted_unique(
        order_codes[recent].astype(np.int64) * quarters + quarter[recent])
    active = np.bincount(active_pairs // quarters, minlength=len(names))
    ladder = pd.DataFrame({"orders": orders, "quarters_active": active}, index=names)
    stage = np.where(orders >= 2, 3, np.where(orders >= 1, 2, 1))
    stage = np.where((stage == 3) & (active >= quarters), 4, stage)
    if customers is not None:
        membership = np.zeros(len(names), dtype=bool)
        np.logical_or.at(membership, codes[n_orders:], is_member)
        ladder["is_member"] = membership
        stage = np.where((stage == 4) & membership, 5, stage)
    if survey is not None:
        latest = _scores.latest(survey, roles["recommend"], customer=customer,
                                survey_date=roles["survey_date"], scale=(0, 10))
        ladder["recommend"] = latest.reindex(ladder.index).astype("Float64")
        promoter = (latest.reindex(ladder.index) >= cut).fillna(False).to_numpy(dtype=bool)
        stage = np.where((stage == 5) & promoter, 6, stage)
    ladder.index.name = customer
    ladder["stage"] = pd.Categorical.from_codes(stage, categories=list(LADDER_STAGES),
                                                ordered=True)
    return ladder


def _counts_from_mapping(counts: Any) -> pd.Series:
    items = dict(counts.items())
    unknown = [k for k in items if k not in LADDER_STAGES]
    if unknown:
        raise CRMDataError(
            f"unknown ladder stage {', '.join(repr(k) for k in unknown)}. "
            f"Valid stages, bottom to top: {', '.join(LADDER_STAGES)}.",
            zh=f"未知的阶梯阶段 {', '.join(repr(k) for k in unknown)}。"
               f"有效的阶段（从下到上）：{', '.join(LADDER_STAGES)}。"
        )
    checked = {k: validate.number(items[k], f"count of {k!r}", low=0, integer=True)
               for k in LADDER_STAGES if k in items}
    return pd.Series(checked, dtype="int64")


@validate.checked
def ladder_funnel(
    counts: Any,
    *,
    suspects: int | None = None,
    prospects: int | None = None,
    **ladder_options: Any,
) -> pd.DataFrame:
    """The customer ladder as a funnel: how many stand on each rung, and conversion rates.

    Give either

    * explicit counts — a dict or Series such as
      ``{"suspect": 10000, "qualified_prospect": 2000, "first_time_buyer": 600}``
      (any stages of :data:`LADDER_STAGES`, listed in any order), or
    * the transactions frame — the counts come from :func:`customer_ladder`
      (pass ``customers=``, ``survey=``, ``as_of=``, ``loyal_quarters=`` ... as
      keywords); each rung counts the customers on it *or higher*.  The
      number of qualified prospects is then the number of customers in
      ``customers`` (registered, bought or not).

    ``suspects`` and ``prospects`` add the top rungs, which the sales data
    cannot show (e.g. the target population of the city, the qualified leads).

    Returns
    -------
    DataFrame
        Index ``stage`` (bottom of the funnel last); ``count``, ``conversion``
        (count / count of the rung above; missing for the first rung, or after
        an empty rung) and ``share_of_top`` (count / first count).

    Raises
    ------
    CRMDataError
        Unknown stages, negative or fractional counts, a rung larger than the
        one above it (the counts do not add up), or bad transactions.

    Examples
    --------
    >>> import crmkit as ck
    >>> ck.ladder_funnel({"first_time_buyer": 400, "repeat_buyer": 100},
    ...                  prospects=2000)["conversion"].tolist()
    [nan, 0.2, 0.25]
    """
    if isinstance(counts, pd.DataFrame):
        ladder = customer_ladder(counts, **ladder_options)
        codes = ladder["stage"].cat.codes.to_numpy()
        top = 4 + (ladder_options.get("customers") is not None) + (
            ladder_options.get("survey") is not None)
        series = pd.Series(
            {stage: int((codes >= i).sum()) for i, stage in enumerate(LADDER_STAGES)
             if 1 <= i <= top},
            dtype="int64",
        )
        if ladder_options.get("customers") is None:
            series = series.drop("qualified_prospect", errors="ignore")
    elif isinstance(counts, (Mapping, pd.Series)):
        if ladder_options:
            raise CRMDataError(
                f"options {', '.join(sorted(ladder_options))} only apply when you pass "
                "the transactions frame, not explicit counts.",
                zh=f"选项 {', '.join(sorted(ladder_options))} 只在传入交易数据框时适用，"
                   "直接给出人数时不适用。"
            )
        series = _counts_from_mapping(counts)
    else:
        raise CRMDataError(
            f"expected stage counts (a dict or Series) or the transactions frame, "
            f"but got a {type(counts).__name__}. Fix: e.g. "
            "ck.ladder_funnel({'first_time_buyer': 400, 'repeat_buyer': 100}).",
            zh=f"需要各阶段的人数（dict 或 Series）或交易数据框，"
               f"但收到的是 {type(counts).__name__}。修正（Fix）：例如 "
               "`ck.ladder_funnel({'first_time_buyer': 400, 'repeat_buyer': 100})`。"
        )
    for stage, value in (("suspect", suspects), ("qualified_prospect", prospects)):
        if value is not None:
            if stage in series.index and isinstance(counts, (Mapping, pd.Series)):
                raise CRMDataError(f"{stage} is given twice (in counts and as keyword).",
                                   zh=f"{stage} 给了两次（在 counts 中和作为关键字参数）。")
            name = "suspects" if stage == "suspect" else "prospects"
            series[stage] = validate.number(value, name, low=0, integer=True)
    series = series.reindex([s for s in LADDER_STAGES if s in series.index]).astype("int64")
    if series.empty:
        raise CRMDataError(f"no stage counts given. Valid stages: "
                           f"{', '.join(LADDER_STAGES)}.",
                           zh=f"没有给出任何阶段的人数。有效的阶段："
                              f"{', '.join(LADDER_STAGES)}。")
    growing = series.to_numpy()[1:] > series.to_numpy()[:-1]
    if growing.any():
        i = int(np.argmax(growing))
        upper, lower = series.index[i], series.index[i + 1]
        raise CRMDataError(
            f"the counts do not add up: {lower} ({series[lower]}) is more than "
            f"{upper} ({series[upper]}), but every {lower} was first a {upper}. "
            "Fix: check the counts (each rung counts the customers on it or higher).",
            zh=f"人数对不上：{lower}（{series[lower]}）多于 "
               f"{upper}（{series[upper]}），但每个 {lower} 都先是 {upper}。"
               "修正（Fix）：检查这些人数（每一级统计的是处在这一级或更高级的客户）。"
        )
    values = series.to_numpy(dtype=float)
    above = np.concatenate([[np.nan], values[:-1]])
    with np.errstate(invalid="ignore", divide="ignore"):
        conversion = np.where(above > 0, values / np.where(above > 0, above, 1), np.nan)
        share = values / values[0] if values[0] > 0 else np.full(len(values), np.nan)
    funnel = pd.DataFrame({"count": series.to_numpy(), "conversion": conversion,
                           "share_of_top": share},
                          index=pd.Index(list(series.index), name="stage"))
    return funnel


# --------------------------------------------------------------------------- what if
@validate.checked
def ladder_what_if(
    funnel: pd.DataFrame,
    *,
    conversions: Mapping[str, float] | None = None,
    lift: str | None = None,
    points: float = 0.05,
) -> pd.DataFrame:
    """How many customers reach each rung if the conversion rates change.

    Starts from the number on the top rung of ``funnel`` (kept fixed) and walks
    down the ladder: count of a rung = count of the rung above × the conversion
    into it.  With the funnel's own rates this gives back the funnel's counts.

    Parameters
    ----------
    funnel:
        A funnel from :func:`crmkit.ladder_funnel` (index ``stage``, columns
        ``count`` and ``conversion``).
    conversions:
        New conversion rates for some rungs, ``{stage: rate}`` with rates as
        fractions 0–1 (0.25, not 25).  The rate of a rung is the share of the
        rung *above* it that reaches it.  Rungs not named keep the funnel's rate.
    lift:
        A rung whose conversion rate is raised by ``points`` in the ``lifted``
        columns (capped at 1); ``None`` leaves them equal to the base.
    points:
        The rise, as a fraction: 0.05 is 5 percentage points.  A negative
        value shows a fall.

    Returns
    -------
    DataFrame
        Index ``stage`` as in ``funnel``; ``conversion`` and ``count`` (the
        base case, counts as decimals), ``lifted_conversion``,
        ``lifted_count``, and ``gain`` (lifted − base count).

    Raises
    ------
    CRMDataError
        A funnel without ``count``/``conversion`` or with unknown stages, an
        empty top rung, a conversion that is missing (after an empty rung)
        and not given in ``conversions``, a rate outside 0–1 or given as a
        percentage, ``lift`` naming the top rung or a rung not in the funnel.

    Examples
    --------
    >>> import crmkit as ck
    >>> funnel = ck.ladder_funnel({"repeat_buyer": 400, "loyal_customer": 100,
    ...                            "member": 60})
    >>> table = ck.ladder_what_if(funnel, conversions={"loyal_customer": 0.5})
    >>> table["count"].tolist()
    [400.0, 200.0, 120.0]
    """
    validate.frame(funnel, what="funnel", made_by="ck.ladder_funnel(...)")
    validate.columns(funnel, ["count", "conversion"])
    stages = [str(stage) for stage in funnel.index]
    unknown = [stage for stage in stages if stage not in LADDER_STAGES]
    if unknown:
        raise CRMDataError(
            f"the funnel's index holds {', '.join(repr(s) for s in unknown)}, which "
            f"are not ladder stages ({', '.join(LADDER_STAGES)}). Fix: pass the frame "
            "ck.ladder_funnel(...) returns, with the stages as its index.",
            zh=f"漏斗的索引中有 {', '.join(repr(s) for s in unknown)}，它们不是阶梯阶段"
               f"（{', '.join(LADDER_STAGES)}）。修正（Fix）：传入 `ck.ladder_funnel(...)` "
               "返回的数据框，以阶段作为索引。"
        )
    if len(set(stages)) != len(stages):
        raise CRMDataError(
            "the funnel lists a stage more than once. Fix: pass the frame "
            "ck.ladder_funnel(...) returns, one row per stage.",
            zh="漏斗中有阶段出现了不止一次。修正（Fix）：传入 `ck.ladder_funnel(...)` "
               "返回的数据框，每个阶段一行。"
        )
    # The ladder's order, not the rows' order: a sorted or shuffled funnel gives the same answer.
    order = sorted(range(len(stages)), key=lambda i: LADDER_STAGES.index(stages[i]))
    funnel = funnel.iloc[order]
    stages = [stages[i] for i in order]
    top = validate.number(funnel["count"].iloc[0], f"count of {stages[0]!r}", low=0)
    if top == 0:
        raise CRMDataError(
            f"the top rung {stages[0]!r} holds no one, so no one can reach the rungs "
            "below. Fix: start the funnel at a rung with customers on it.",
            zh=f"最高一级 {stages[0]!r} 没有人，因此没有人能到达下面各级。"
               "修正（Fix）：让漏斗从有客户的一级开始。"
        )
    rates = pd.to_numeric(funnel["conversion"], errors="coerce").to_numpy(dtype=float)[1:].copy()
    new = dict(conversions or {})
    outside = [stage for stage in new if stage not in stages[1:]]
    if outside:
        raise CRMDataError(
            f"conversions names {', '.join(repr(s) for s in outside)}, not a rung "
            f"below the top of this funnel. Rungs you can set: {', '.join(stages[1:])}.",
            zh=f"conversions 中的 {', '.join(repr(s) for s in outside)} 不是这个漏斗最高一级"
               f"以下的梯级。可以设定的梯级：{', '.join(stages[1:])}。"
        )
    for i, stage in enumerate(stages[1:]):
        if stage in new:
            rates[i] = validate.fraction(new[stage], f"conversions[{stage!r}]")
        elif not np.isnan(rates[i]) and not 0 <= rates[i] <= 1:
            raise CRMDataError(
                f"the funnel's conversion into {stage!r} is {float(rates[i])!r}, not a "
                "rate between 0 and 1. Fix: rebuild the funnel with ck.ladder_funnel(...), or give "
                f"the rate, e.g. conversions={{{stage!r}: 0.5}}.",
                zh=f"漏斗中进入 {stage!r} 的转化率是 {float(rates[i])!r}，不是 0 到 1 之间的"
                   "比率。修正（Fix）：用 `ck.ladder_funnel(...)` 重建漏斗，或直接给出转化率，"
                   f"例如 conversions={{{stage!r}: 0.5}}。"
            )
    missing = [stage for stage, rate in zip(stages[1:], rates, strict=True) if np.isnan(rate)]
    if missing:
        raise CRMDataError(
            f"no conversion rate into {', '.join(repr(s) for s in missing)} (the rung "
            "above is empty). Fix: give it, e.g. "
            f"conversions={{{missing[0]!r}: 0.5}}.",
            zh=f"没有进入 {', '.join(repr(s) for s in missing)} 的转化率（上一级是空的）。"
               "修正（Fix）：给出它，例如 "
               f"conversions={{{missing[0]!r}: 0.5}}。"
        )
    lifted = rates.copy()
    if lift is not None:
        if lift not in stages[1:]:
            where = ("is the top rung, which has no conversion rate" if stages and
                     lift == stages[0] else "is not a rung of this funnel")
            raise CRMDataError(
                f"lift={lift!r} {where}. Fix: name one of {', '.join(stages[1:])}.",
                zh=f"lift={lift!r} "
                   + ("是最高一级，没有转化率" if stages and lift == stages[0]
                      else "不是这个漏斗的梯级")
                   + f"。修正（Fix）：指定 {', '.join(stages[1:])} 中的一个。"
            )
        step = validate.number(points, "points")
        if abs(step) > 1:
            raise CRMDataError(
                f"points={points!r} is more than the whole range of a rate (0 to 1); "
                f"it looks like percentage points. Fix: pass points={step / 100:g} for "
                f"{step:g} points.",
                zh=f"points={points!r} 超出了比率的整个范围（0 到 1），看起来是百分点。"
                   f"修正（Fix）：{step:g} 个百分点请传入 points={step / 100:g}。"
            )
        i = stages.index(lift) - 1
        lifted[i] = min(1.0, max(0.0, lifted[i] + step))
    base_count = top * np.cumprod(np.concatenate([[1.0], rates]))
    lifted_count = top * np.cumprod(np.concatenate([[1.0], lifted]))
    table = pd.DataFrame(
        {"conversion": np.concatenate([[np.nan], rates]), "count": base_count,
         "lifted_conversion": np.concatenate([[np.nan], lifted]),
         "lifted_count": lifted_count, "gain": lifted_count - base_count},
        index=pd.Index(stages, name="stage"),
    )
    return table
