"""Customer value (客户价值): RFM scores, lifetime value, the accumulation effect.

Chapter 04 looks at value from both sides:

* the value a customer **brings the firm** — RFM scores and segments
  (:func:`rfm_scores`, :func:`rfm_segment_summary`), customer lifetime value
  (:func:`clv_seed`, :func:`acquisition_cost`, :func:`clv`, :func:`clv_table`,
  :func:`lifetime_totals`) and the customer accumulation effect
  (:func:`accumulation_table`);
* the value a customer **gets** — Kotler's customer delivered value
  (:func:`delivered_value`).

Every function returns a new object and never changes its input.  Bad input
raises :class:`crmkit.CRMDataError` with a message that says what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from crmkit import validate
from crmkit._customers import MAX_AMOUNT, totals
from crmkit.errors import CRMDataError

__all__ = [
    "COMPUTER_BUYERS",
    "RFM_SEGMENTS",
    "RfmSegment",
    "accumulation_display",
    "accumulation_table",
    "acquisition_cost",
    "clv",
    "clv_seed",
    "clv_table",
    "delivered_value",
    "lifetime_totals",
    "rfm_scores",
    "rfm_segment_map",
    "rfm_segment_summary",
]


# ---------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------

class RfmSegment(NamedTuple):
    """One named RFM segment: its name (the code in results), glossary key, rule and action.

    ``ck.label(segment.key)`` is the name in the current language.
    """

    name: str
    key: str
    rule: str
    action: str


#: The ten RFM segments, best first.  ``rule`` uses R and FM, the F/M average
#: rounded up (see :func:`rfm_scores`); ``key`` is the glossary key of the name.
RFM_SEGMENTS: tuple[RfmSegment, ...] = (
    RfmSegment("Champions", "rfm_champions",
               "R 5 and FM 4-5, or R 4 and FM 5",
               "Reward them; early access, referrals, reviews."),
    RfmSegment("Loyal", "rfm_loyal",
               "R 4 and FM 3-4, or R 3 and FM 4-5",
               "Upsell higher-value items; enrol in the membership programme."),
    RfmSegment("Potential loyalist", "rfm_potential_loyalist",
               "R 5 and FM 2-3, or R 4 and FM 2",
               "Offer membership and recommendations to build the habit."),
    RfmSegment("New", "rfm_new",
               "R 5 and FM 1",
               "Welcome them; make the second purchase easy."),
    RfmSegment("Promising", "rfm_promising",
               "R 4 and FM 1",
               "Create brand awareness; a small incentive to return."),
    RfmSegment("Needs attention", "rfm_needs_attention",
               "R 3 and FM 1-3",
               "Limited-time offers based on past purchases, before they drift away."),
    RfmSegment("At risk", "rfm_at_risk",
               "R 2 and FM 3-4, or R 1 and FM 3",
               "Personal win-back message; find out what changed."),
    RfmSegment("Can't lose them", "rfm_cant_lose",
               "R 2 and FM 5, or R 1 and FM 4-5",
               "Call them; they were among the best. Win them back."),
    RfmSegment("Hibernating", "rfm_hibernating",
               "R 2 and FM 1-2",
               "Low-cost reactivation; do not overspend."),
    RfmSegment("Lost", "rfm_lost",
               "R 1 and FM 1-2",
               "Ignore unless a cheap campaign reaches them."),
)

# Segment of each (R level, FM level) on the 5-point grid: rows R = 1..5, columns FM = 1..5.
_GRID = (
    ("Lost", "Lost", "At risk", "Can't lose them", "Can't lose them"),                # R = 1
    ("Hibernating", "Hibernating", "At risk", "At risk", "Can't lose them"),          # R = 2
    ("Needs attention", "Needs attention", "Needs attention", "Loyal", "Loyal"),      # R = 3
    ("Promising", "Potential loyalist", "Loyal", "Loyal", "Champions"),               # R = 4
    ("New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"),    # R = 5
)
_SEGMENT_ORDER = [s.name for s in RFM_SEGMENTS]


def _check_bins(bins: Any) -> int:
    return validate.number(bins, "bins", low=2, high=9, integer=True)


def _levels(scores: np.ndarray, bins: int) -> np.ndarray:
    """Map scores 1..bins onto the 5-point grid: 1 -> 1, bins -> 5, rounded half up."""
    return (8 * (scores - 1) + (bins - 1)) // (2 * (bins - 1)) + 1


def _segment_codes(r: np.ndarray, f: np.ndarray, m: np.ndarray, bins: int) -> np.ndarray:
    """Index into ``_SEGMENT_ORDER`` of each customer's segment."""
    grid = np.array([[_SEGMENT_ORDER.index(name) for name in row] for row in _GRID])
    fm = (_levels(f, bins) + _levels(m, bins) + 1) // 2
    return grid[_levels(r, bins) - 1, fm - 1]


@validate.checked
def rfm_segment_map(bins: int = 5) -> pd.DataFrame:
    """Every R×F×M score combination with its ``rfm`` code and segment name.

    There are ``bins**3`` rows (125 for the usual five bins), so you can look
    up any code, e.g. ``rfm_segment_map().set_index("rfm").loc["545", "segment"]``.
    See :func:`rfm_scores` for the rule behind the map.

    Raises
    ------
    CRMDataError
        ``bins`` is not a whole number from 2 to 9.

    >>> table = rfm_segment_map()
    >>> len(table), table.set_index("rfm").loc["555", "segment"]
    (125, 'Champions')
    """
    bins = _check_bins(bins)
    r, f, m = (a.ravel() for a in np.meshgrid(*[np.arange(1, bins + 1)] * 3, indexing="ij"))
    codes = _segment_codes(r, f, m, bins)
    return pd.DataFrame({
        "rfm": [f"{a}{b}{c}" for a, b, c in zip(r, f, m, strict=True)],
        "R": r, "F": f, "M": m,
        "segment": pd.Categorical(np.array(_SEGMENT_ORDER, dtype=object)[codes],
                                  categories=_SEGMENT_ORDER),
    })


def _tie_safe_scores(key: np.ndarray, bins: int) -> np.ndarray:
    """Scores 1..bins where a higher ``key`` is better and equal keys score alike.

    A group of ``c`` equal values with ``b`` values below it spans the
    positions ``b .. b + c`` of ``n``; its middle is at ``(b + c/2) / n`` and
    its score is ``floor(bins * (2b + c) / (2n)) + 1``, done in integers.
    """
    distinct, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    below = np.cumsum(counts) - counts
    n = len(key)
    per_value = (bins * (2 * below + counts)) // (2 * n) + 1
    return per_value[inverse].astype(np.int64)


@validate.checked
def rfm_scores(
    transactions: pd.DataFrame,
    as_of: Any = None,
    bins: int = 5,
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "revenue",
) -> pd.DataFrame:
    """Score every customer on recency, frequency and monetary value (RFM 分析).

    RFM describes how valuable a customer's buying behaviour is:

    * **R**ecency — days since the last purchase (fewer is better);
    * **F**requency — how many orders the customer placed (each row is one order);
    * **M**onetary — how much the customer spent in total.

    Each is turned into a score from 1 to ``bins`` (5 by default; **5 is
    best**, so the most recent buyers get R = 5) by comparing the customer with
    all the others, and the three scores give a code such as ``"545"`` and a
    named segment.

    Parameters
    ----------
    transactions : DataFrame
        One row per order, e.g. ``ck.load_transactions()``.
    as_of : date, optional
        The day the analysis is made.  Default: the day after the last order.
        Orders after ``as_of`` are left out (the scores are those known on that
        day); an ``as_of`` before the first order is refused.
    bins : int, default 5
        Number of score levels, 2 to 9.
    customer, date, amount : str
        Column names (defaults match the sample data: ``customer_id``,
        ``order_date``, ``revenue``).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per customer, sorted by customer id, with columns
        ``customer_id`` (the ``customer`` column), ``recency_days``,
        ``frequency``, ``monetary``, ``R``, ``F``, ``M`` (ints 1..bins),
        ``rfm`` (text code, R then F then M) and ``segment`` (a categorical
        whose categories are the ten segment names, best first, so
        ``value_counts()`` lists empty segments too).
        ``monetary`` is exact to 0.0001.

    How ties are scored
    -------------------
    A score is the fifth (for ``bins=5``) of the customers in which the
    customer stands, counting from the worst.  Customers with **equal values
    stand together**: the whole group takes the score of the fifth in which
    the *middle* of the group falls.  In numbers: with ``n`` customers, ``b``
    of them strictly worse and ``c`` equal (the customer included),

        score = floor(bins × (b + c/2) / n) + 1

    (the "mid-rank" or average-rank percentile).  So identical customers always
    get identical scores, whatever the order of the rows, and heavy ties never
    fail: if half the customers bought exactly once, the middle of that group
    sits at the 25th percentile and they all get F = 2 — nobody gets F = 1,
    because nobody bought less often than they did.  (The usual recipe,
    ``rank(method="first")`` + ``qcut``, gives equal customers different
    scores depending on row order; plain ``qcut`` raises on such ties.)

    Segment map
    -----------
    Segments are read from R and **FM**, the average of F and M rounded up
    (``FM = ceil((F + M) / 2)``):

    =====  ===========  ==================  ==================  ===============  ===============
    R      FM = 1       FM = 2              FM = 3              FM = 4           FM = 5
    =====  ===========  ==================  ==================  ===============  ===============
    5      New          Potential loyalist  Potential loyalist  Champions        Champions
    4      Promising    Potential loyalist  Loyal               Loyal            Champions
    3      Needs att.   Needs attention     Needs attention     Loyal            Loyal
    2      Hibernating  Hibernating         At risk             At risk          Can't lose them
    1      Lost         Lost                At risk             Can't lose them  Can't lose them
    =====  ===========  ==================  ==================  ===============  ===============

    Chinese names and suggested actions are in :data:`RFM_SEGMENTS`; every
    code is listed by :func:`rfm_segment_map`.  With ``bins`` other than 5 each
    score is first placed on the 5-point grid (1 stays 1, ``bins`` becomes 5,
    the others proportionally, rounded half up), so every code still has a
    segment.

    Raises
    ------
    CRMDataError
        Missing columns, unparseable or missing dates, missing customer ids,
        text or negative amounts, an empty frame, ``as_of`` before the first
        order, ``bins`` outside 2..9.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C2", "C3"],
    ...     "order_date": ["2025-01-05", "2025-03-01", "2025-02-10", "2024-11-20"],
    ...     "revenue": [120.0, 80.0, 60.0, 500.0],
    ... })
    >>> rfm_scores(orders, as_of="2025-03-02")[["customer_id", "recency_days", "rfm", "segment"]]
      customer_id  recency_days  rfm          segment
    0          C1             1  553        Champions
    1          C2            20  321  Needs attention
    2          C3           102  125  Can't lose them
    """
    orders = validate.transactions(transactions, customer=customer, date=date, amount=amount,
                                   as_of=as_of)
    bins = _check_bins(bins)
    codes, ids, day, values = orders.codes, orders.customers, orders.days, orders.amounts
    as_of_day = orders.as_of_day
    keep = day <= as_of_day
    if not keep.all():
        codes, day, values = codes[keep], day[keep], values[keep]
        present = np.unique(codes)
        ids = ids.take(present)
        codes = np.searchsorted(present, codes)
    k = len(ids)

    last = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, day)
    recency = as_of_day - last
    frequency = np.bincount(codes, minlength=k).astype(np.int64)
    monetary = totals(codes, k, values)

    r = _tie_safe_scores(-recency, bins)
    f = _tie_safe_scores(frequency, bins)
    m = _tie_safe_scores(monetary, bins)
    code_table = np.array([f"{a}{b}{c}" for a in range(1, bins + 1)
                           for b in range(1, bins + 1) for c in range(1, bins + 1)],
                          dtype=object)
    rfm = code_table[((r - 1) * bins + (f - 1)) * bins + (m - 1)]
    segment = np.array(_SEGMENT_ORDER, dtype=object)[_segment_codes(r, f, m, bins)]
    return pd.DataFrame({
        customer: np.asarray(ids),
        "recency_days": recency,
        "frequency": frequency,
        "monetary": monetary,
        "R": r, "F": f, "M": m,
        "rfm": pd.array(rfm, dtype="str"),
        "segment": pd.Categorical(segment, categories=_SEGMENT_ORDER),
    })


@validate.checked
def rfm_segment_summary(
    scores: pd.DataFrame,
    *,
    segment: str = "segment",
    amount: str = "monetary",
) -> pd.DataFrame:
    """Size and value of each RFM segment: who they are and how much they bring.

    Parameters
    ----------
    scores : DataFrame
        The result of :func:`rfm_scores` (columns ``segment``, ``R``, ``F``,
        ``M``, ``recency_days``, ``frequency`` and ``monetary``).
    segment, amount : str
        Names of the segment and money columns.

    Returns
    -------
    DataFrame
        One row per segment present, best segment first (the order of
        :data:`RFM_SEGMENTS`; other names after them, sorted): ``segment``,
        ``customers``, ``customer_share`` (0–1), mean ``R``, ``F``, ``M``,
        ``recency_days``, ``frequency`` and ``monetary``, total ``revenue``
        and ``revenue_share`` (0–1).  Both shares add up to 1.

    Raises
    ------
    CRMDataError
        ``scores`` is not a DataFrame or has no rows; a needed column (segment,
        amount, ``R``, ``F``, ``M``, ``recency_days``, ``frequency``) is missing;
        those numbers are text, missing or negative; missing segment names.

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"segment": ["Lost", "Champions", "Champions"],
    ...     "R": [1, 5, 5], "F": [1, 5, 4], "M": [1, 5, 5],
    ...     "recency_days": [300, 2, 4], "frequency": [1, 9, 7],
    ...     "monetary": [50.0, 900.0, 50.0]})
    >>> rfm_segment_summary(scores)[["segment", "customers", "revenue_share"]]
         segment  customers  revenue_share
    0  Champions          2           0.95
    1       Lost          1           0.05
    """
    validate.frame(scores, what="RFM scores")
    needed = {"segment": segment, "amount": amount}
    needed.update({c: c for c in ("R", "F", "M", "recency_days", "frequency")})
    validate.columns(scores, needed)
    numbers = {c: validate.numeric(scores, c)
               for c in ("R", "F", "M", "recency_days", "frequency", amount)}
    names = scores[segment]
    if names.isna().any():
        bad = names[names.isna()]
        raise CRMDataError(
            f"column '{segment}' has missing segment names "
            f"({validate.show_rows(bad.index)}). Fix: compute the scores with ck.rfm_scores.",
            zh=f"列 '{segment}' 中有缺失的细分群体名称（{validate.rows_zh(bad.index)}）。"
               "修正（Fix）：用 ck.rfm_scores 计算评分。"
        )
    frame = pd.DataFrame(numbers).assign(_segment=names.astype(str).to_numpy())
    grouped = frame.groupby("_segment", sort=True)
    out = grouped.mean()
    out.insert(0, "customers", grouped.size())
    out["revenue"] = grouped[amount].sum()
    total = out["revenue"].sum()
    out["customer_share"] = out["customers"] / len(frame)
    out["revenue_share"] = out["revenue"] / total if total > 0 else 0.0
    known = [s for s in _SEGMENT_ORDER if s in out.index]
    order = known + sorted(s for s in out.index if s not in _SEGMENT_ORDER)
    columns = ["customers", "customer_share", "R", "F", "M", "recency_days", "frequency",
               amount, "revenue", "revenue_share"]
    result = out.loc[order, columns].rename_axis(segment).reset_index()
    return result.astype({segment: "str"})


# ---------------------------------------------------------------------------
# Customer lifetime value
# ---------------------------------------------------------------------------

@validate.checked
def clv_seed(revenue: float, acquisition_cost: float, retention_cost: float,
             customers: int) -> float:
    """Customer lifetime value by the course formula (seed 001).

    ``CLV = (revenue − acquisition cost − retention cost) / number of customers``:
    the net money the firm makes from a group of customers over their whole
    relationship, per customer.  All amounts are totals for the group, in yuan.

    Raises
    ------
    CRMDataError
        An amount that is not a number or is negative; ``customers`` that is not a
        whole number of at least 1.  (Costs above revenue are allowed: the CLV is
        then negative.)

    >>> clv_seed(revenue=1_000_000, acquisition_cost=150_000, retention_cost=50_000,
    ...          customers=400)
    2000.0
    """
    revenue = validate.number(revenue, "revenue", low=0, high=MAX_AMOUNT)
    acquisition = validate.number(acquisition_cost, "acquisition_cost", low=0,
                                  high=MAX_AMOUNT)
    retention = validate.number(retention_cost, "retention_cost", low=0,
                                high=MAX_AMOUNT)
    customers = validate.number(customers, "customers", low=1, high=MAX_AMOUNT,
                                integer=True)
    return (revenue - acquisition - retention) / customers


@validate.checked
def acquisition_cost(marketing_spend: float, new_customers: int) -> float:
    """Acquisition cost per new customer: marketing spend / new customers won (seed 001).

    Raises
    ------
    CRMDataError
        ``marketing_spend`` is not a number or is negative; ``new_customers`` is
        not a whole number of at least 1 (no cost per customer without customers).

    >>> acquisition_cost(marketing_spend=60_000, new_customers=300)
    200.0
    """
    spend = validate.number(marketing_spend, "marketing_spend", low=0,
                            high=MAX_AMOUNT)
    new = validate.number(new_customers, "new_customers", low=1, high=MAX_AMOUNT,
                          integer=True)
    return spend / new


def _clv_inputs(margin: Any, retention: Any, discount: Any) -> tuple[float, ...]:
    margin = validate.number(margin, "margin", low=-MAX_AMOUNT, high=MAX_AMOUNT)
    retention = validate.fraction(retention, "retention")
    discount = validate.fraction(discount, "discount")
    return margin, retention, discount


@validate.checked
def clv(margin: float, retention: float, discount: float, periods: int | None = None) -> float:
    """Customer lifetime value from margin, retention rate and discount rate.

    The standard textbook formula: a customer brings margin ``m`` per period,
    stays another period with probability ``r`` (the retention rate) and money
    ``t`` periods away is worth ``1 / (1 + d)**t`` today (``d`` is the discount
    rate)::

        CLV = sum over t = 0 .. T-1 of  m * r**t / (1 + d)**t

    **Timing convention**: the margin of each period arrives at the *start* of
    the period, so the first period (t = 0) is certain and not discounted.
    With ``periods=None`` the sum runs for ever and has the closed form
    ``m * (1 + d) / (1 + d - r)``; the finite sums approach it as ``periods``
    grows.  (Some books count the first margin at the end of the first period:
    their value is this one divided by ``1 + d`` and multiplied by ``r``.)

    Parameters
    ----------
    margin : float
        Margin per period in yuan (may be negative for a loss-making customer).
    retention, discount : float
        Fractions between 0 and 1 (0.8, not 80).
    periods : int, optional
        Number of periods ``T``; ``None`` (default) for an unlimited horizon.

    Raises
    ------
    CRMDataError
        A rate outside 0–1, ``periods`` below 1, or ``retention = 1`` with
        ``discount = 0`` and no horizon (the value would be infinite).

    >>> round(clv(100, retention=0.8, discount=0.1), 2)
    366.67
    >>> round(clv(100, retention=0.8, discount=0.1, periods=3), 2)  # 100 + 80/1.1 + 64/1.21
    225.62
    """
    m, r, d = _clv_inputs(margin, retention, discount)
    q = r / (1 + d)
    if periods is None:
        if q >= 1:
            raise CRMDataError(
                f"with retention={r:g} and discount={d:g} a customer never leaves and "
                "future money loses no value, so the lifetime value is infinite. Fix: use a "
                "retention below 1, a positive discount rate, or give periods=...",
                zh=f"当 retention={r:g}、discount={d:g} 时，客户永不流失，未来的钱也不贬值，"
                   "因此客户终生价值是无穷大。修正（Fix）：让客户保持率低于 1，使用正的折现率，"
                   "或给出 periods=..."
            )
        return m * (1 + d) / (1 + d - r)
    t = validate.number(periods, "periods", low=1, high=1_000_000, integer=True)
    if q == 1:
        return m * t
    return m * (1 - q**t) / (1 - q)


@validate.checked
def clv_table(margin: float, retention: float, discount: float,
              periods: int = 20) -> pd.DataFrame:
    """Period-by-period build-up of CLV, for tables, widgets and the CLV curve.

    Uses the same convention as :func:`clv` (margin at the start of each
    period, the first undiscounted).

    Returns
    -------
    DataFrame
        One row per period 1..``periods`` with ``period``, ``survival``
        (``r**t``, the chance the customer is still there), ``discount_factor``
        (``1/(1+d)**t``), ``expected_margin`` (margin × survival),
        ``present_value`` (expected margin × discount factor), ``clv`` (the
        running total: :func:`clv` with that many periods) and ``clv_limit``
        (the unlimited-horizon value; NaN when it is infinite).

    Raises
    ------
    CRMDataError
        ``margin`` is not a number; ``retention`` or ``discount`` is not a
        fraction from 0 to 1 (``80`` is refused as a percentage); ``periods`` is
        not a whole number from 1 to 1000.  (An infinite limit is not an error:
        ``clv_limit`` is then NaN.)

    >>> clv_table(100, 0.8, 0.1, periods=3)["clv"].round(2).tolist()
    [100.0, 172.73, 225.62]
    """
    m, r, d = _clv_inputs(margin, retention, discount)
    t_max = validate.number(periods, "periods", low=1, high=1000, integer=True)
    t = np.arange(t_max)
    survival = r**t
    factor = (1 + d) ** -t.astype(float)
    present = m * survival * factor
    limit = m * (1 + d) / (1 + d - r) if r / (1 + d) < 1 else np.nan
    return pd.DataFrame({
        "period": t + 1,
        "survival": survival,
        "discount_factor": factor,
        "expected_margin": m * survival,
        "present_value": present,
        "clv": np.cumsum(present),
        "clv_limit": limit,
    })


#: The seed's two computer buyers (seed 002): what each will spend on computers
#: over the rest of their life.  Buyer A is 25 years old and spends 10,000 today;
#: buyer B is 65 and spends 15,000 today.
COMPUTER_BUYERS: Mapping[str, tuple[float, ...]] = MappingProxyType({
    "A": (10_000, 12_000, 15_000, 17_000, 20_000, 22_000, 25_000, 23_000, 21_000, 20_000),
    "B": (15_000, 15_000, 15_000),
})


@validate.checked
def lifetime_totals(
    purchases: Mapping[str, Sequence[float]] | pd.DataFrame = COMPUTER_BUYERS,
    *,
    buyer: str = "buyer",
    amount: str = "amount",
) -> pd.DataFrame:
    """Total each buyer's purchases over the whole relationship (lifetime value, undiscounted).

    The seed's question: two people come to buy a computer today, A (25) with
    10,000 and B (65) with 15,000.  Today B is worth more; over their
    lifetimes A buys ten computers (185,000) and B three (45,000).

    Parameters
    ----------
    purchases : mapping or DataFrame
        Either ``{buyer: [amount, amount, ...]}`` (default:
        :data:`COMPUTER_BUYERS`) or a frame with one row per purchase and
        columns ``buyer`` and ``amount``.

    Returns
    -------
    DataFrame
        One row per buyer (in the order given): ``buyer``, ``purchases``
        (number), ``first_purchase`` (today's value) and ``total`` (the
        lifetime total).

    Raises
    ------
    CRMDataError
        ``purchases`` is neither a mapping nor a DataFrame; no buyers; a buyer
        whose purchases are not a list or are empty; an amount that is not a
        number or is negative.  For a frame: no rows, a missing ``buyer`` or
        ``amount`` column, missing buyer names, amounts that are text, missing or
        negative.

    >>> lifetime_totals()
      buyer  purchases  first_purchase     total
    0     A         10         10000.0  185000.0
    1     B          3         15000.0   45000.0
    """
    if isinstance(purchases, pd.DataFrame):
        frame = validate.frame(purchases, what="purchases")
        validate.columns(frame, {"buyer": buyer, "amount": amount})
        names = validate.ids(frame, buyer, keyword="buyer")
        long = pd.DataFrame({"buyer": names.to_numpy(),
                             "amount": validate.numeric(frame, amount).to_numpy()})
    elif isinstance(purchases, Mapping):
        if not purchases:
            raise CRMDataError("no buyers given. Fix: pass e.g. "
                               "{'A': [10000, 12000], 'B': [15000]}.",
                               zh="没有给出任何买家。修正（Fix）：传入例如 "
                                  "{'A': [10000, 12000], 'B': [15000]}。")
        rows = []
        for name, items in purchases.items():
            if isinstance(items, (str, bytes)) or not isinstance(items, Sequence | np.ndarray):
                raise CRMDataError(f"the purchases of buyer {name!r} must be a list of "
                                   f"amounts, but got {items!r}.",
                                   zh=f"买家 {name!r} 的购买记录应当是金额列表，"
                                      f"但收到的是 {items!r}。")
            if len(items) == 0:
                raise CRMDataError(f"buyer {name!r} has no purchases. "
                                   "Fix: give at least one amount or leave the buyer out.",
                                   zh=f"买家 {name!r} 没有任何购买记录。"
                                      "修正（Fix）：至少给出一笔金额，或去掉这个买家。")
            for i, value in enumerate(items):
                checked = validate.number(value, f"purchases[{name!r}][{i}]",
                                          low=0, high=MAX_AMOUNT)
                rows.append((name, checked))
        long = pd.DataFrame(rows, columns=["buyer", "amount"])
    else:
        raise CRMDataError(f"expected a mapping {{buyer: [amounts]}} or a DataFrame, "
                           f"but got a {type(purchases).__name__}.",
                           zh="需要映射 {buyer: [amounts]} 或 DataFrame，"
                              f"但收到的是 {type(purchases).__name__}。")
    grouped = long.groupby("buyer", sort=False)["amount"]
    out = pd.DataFrame({
        "purchases": grouped.size(),
        "first_purchase": grouped.first(),
        "total": grouped.sum(),
    })
    return out.rename_axis(buyer).reset_index()


# ---------------------------------------------------------------------------
# The customer accumulation effect
# ---------------------------------------------------------------------------

@validate.checked
def accumulation_table(start: int = 100, moved: Sequence[int] = (0, 1, 2, 10, 25, 50),
                       profit_per_customer: float = 10) -> pd.DataFrame:
    """The customer accumulation effect (顾客累加效应, seed 002).

    Two shops, A and B, start with ``start`` customers each.  For each number
    in ``moved``, that many customers leave A for B.  The gap B − A grows
    twice as fast as the number moved (A loses what B gains) and the ratio
    B / A grows faster still.  With ``profit_per_customer`` the same table is
    shown in profit.

    Returns
    -------
    DataFrame
        One row per value of ``moved`` with exact numbers: ``moved``,
        ``a_customers``, ``a_share``, ``b_customers``, ``b_share`` (shares of
        all customers, 0–1), ``b_minus_a``, ``b_to_a`` (ratio), ``a_profit``,
        ``b_profit``, ``profit_difference`` and ``profit_ratio``.
        :func:`accumulation_display` formats it like the seed.

    Raises
    ------
    CRMDataError
        ``start`` not a whole number ≥ 1, a ``moved`` value that is not a whole
        number in 0 .. start − 1 (A must keep a customer for B / A to exist),
        or a profit per customer that is not positive.

    >>> accumulation_table()[["a_customers", "b_customers", "b_minus_a"]].iloc[-1].tolist()
    [50, 150, 100]
    """
    start = validate.number(start, "start", low=1, high=1e9, integer=True)
    if isinstance(moved, (str, bytes)) or not isinstance(moved, Sequence | np.ndarray):
        raise CRMDataError(f"moved must be a list of customer counts such as "
                           f"(0, 1, 2, 10), but got {moved!r}.",
                           zh="moved 应当是客户数的列表，例如 (0, 1, 2, 10)，"
                              f"但收到的是 {moved!r}。")
    if len(moved) == 0:
        raise CRMDataError("moved is empty. Fix: pass e.g. moved=(0, 1, 2, 10, 25, 50).",
                           zh="moved 是空的。修正（Fix）：传入例如 moved=(0, 1, 2, 10, 25, 50)。")
    steps = np.array([validate.number(v, f"moved[{i}]", low=0, high=start - 1,
                                      integer=True) for i, v in enumerate(moved)],
                     dtype=np.int64)
    profit = validate.number(profit_per_customer, "profit_per_customer",
                             low=0, low_open=True, high=MAX_AMOUNT)
    a = start - steps
    b = start + steps
    return pd.DataFrame({
        "moved": steps,
        "a_customers": a,
        "a_share": a / (2 * start),
        "b_customers": b,
        "b_share": b / (2 * start),
        "b_minus_a": b - a,
        "b_to_a": b / a,
        "a_profit": a * profit,
        "b_profit": b * profit,
        "profit_difference": (b - a) * profit,
        "profit_ratio": (b * profit) / (a * profit),
    })


def _whole(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


@validate.checked
def accumulation_display(table: pd.DataFrame, profit: bool = False) -> pd.DataFrame:
    """Format :func:`accumulation_table` the way the seed prints it, as text.

    Customer counts as whole numbers, shares as percentages with two decimals
    (``49.50%``), ratios with two decimals (``1.02``).  With ``profit=True``
    the profit version (shop A profit, shop B profit, difference, ratio).
    The columns keep the table's names (``a_customers`` ...);
    ``ck.translate`` puts the headers into words.

    Raises
    ------
    CRMDataError
        ``table`` is not a DataFrame or has no rows; a column of
        :func:`accumulation_table` is missing (pass its result with the columns
        unrenamed) or holds text, missing or negative numbers.

    >>> shown = accumulation_display(accumulation_table())
    >>> shown.columns.tolist()
    ['a_customers', 'a_share', 'b_customers', 'b_share', 'b_minus_a', 'b_to_a']
    >>> shown.iloc[1].tolist()
    ['99', '49.50%', '101', '50.50%', '2', '1.02']
    """
    validate.frame(table, what="accumulation table")
    share = "{:.2%}".format
    spec = [("a_customers", _whole), ("a_profit", _whole) if profit else ("a_share", share),
            ("b_customers", _whole), ("b_profit", _whole) if profit else ("b_share", share),
            ("profit_difference" if profit else "b_minus_a", _whole),
            ("profit_ratio" if profit else "b_to_a", "{:.2f}".format)]
    validate.columns(table, [column for column, _ in spec])
    return pd.DataFrame({
        column: [fmt(v) for v in validate.numeric(table, column)]
        for column, fmt in spec
    }, dtype="str")


# ---------------------------------------------------------------------------
# Customer delivered value (Kotler)
# ---------------------------------------------------------------------------

@validate.checked
def delivered_value(product: float, service: float, personnel: float, image: float,
                    money: float, time: float, energy: float, psychic: float) -> pd.Series:
    """Kotler's customer delivered value (顾客让渡价值): total customer value − total cost.

    **Total customer value** (顾客总价值) is what the customer gets: product,
    service, personnel and image value.  **Total customer cost** (顾客总成本)
    is what the customer gives: money, time, energy (physical effort) and
    psychic cost.  Give each part in the same unit (yuan, or points on a
    scale); the customer tends to choose the offer with the highest delivered
    value (or value/cost ratio).

    Returns
    -------
    Series
        ``total_customer_value``, ``total_customer_cost``,
        ``customer_delivered_value`` (the difference) and ``value_cost_ratio``.

    Raises
    ------
    CRMDataError
        A part that is not a number or is negative; a total cost of 0 (the
        ratio would be undefined).

    >>> delivered_value(product=500, service=150, personnel=100, image=50,
    ...                 money=450, time=60, energy=40, psychic=50).tolist()
    [800.0, 600.0, 200.0, 1.3333333333333333]
    """
    parts = {"product": product, "service": service, "personnel": personnel, "image": image,
             "money": money, "time": time, "energy": energy, "psychic": psychic}
    checked = {name: validate.number(v, name, low=0, high=MAX_AMOUNT)
               for name, v in parts.items()}
    value = sum(checked[k] for k in ("product", "service", "personnel", "image"))
    cost = sum(checked[k] for k in ("money", "time", "energy", "psychic"))
    if cost == 0:
        raise CRMDataError("the total customer cost is 0, so the value/cost ratio is "
                           "undefined. Fix: every purchase costs the customer something; "
                           "give at least the money cost.",
                           zh="顾客总成本为 0，价值成本比无从定义。修正（Fix）：每次购买都会让客户"
                              "付出一些成本，至少给出货币成本。")
    return pd.Series({
        "total_customer_value": value,
        "total_customer_cost": cost,
        "customer_delivered_value": value - cost,
        "value_cost_ratio": value / cost,
    }, name="customer_delivered_value")
