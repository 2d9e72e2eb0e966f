"""Who is still a customer? (客户还"活着"吗?, chapter 06): the BG/NBD and Gamma-Gamma models.

A shop never hears a customer leave: the customer simply stops coming.  RFM
(chapter 04) and churn flags (``ck.churn_flags``) look back and guess with a
cut-off ("no order for 180 days = gone").  The **BG/NBD model** (Beta-Geometric
/ Negative Binomial Distribution; Fader, Hardie & Lee 2005) tells a story
instead and lets the data set its numbers:

* while alive, a customer buys at a personal, steady rate λ (random, like a
  Poisson process); the rates differ between customers following a gamma
  distribution with shape ``r`` and scale ``alpha``;
* after each repeat purchase the customer may drop out for good, with a
  personal probability p; the p's follow a beta distribution with ``a``, ``b``.

From only three numbers per customer — how many repeat purchases
(``frequency``), when the last one was (``recency``) and how long we have
watched (``T``) — the fitted model says how likely each customer is still alive
and how many purchases to expect.  The **Gamma-Gamma model** (Fader, Hardie &
Lee 2005; Fader & Hardie 2013) adds the spend per purchase, so the two give a
forward-looking customer lifetime value.

* :func:`clv_summary` — transactions → one row per customer: frequency,
  recency, T, monetary (and the holdout purchases);
* :func:`fit_bgnbd` → :class:`BGNBDModel` (``.params``, ``.log_likelihood``,
  ``.p_alive``, ``.expected_purchases``, ``.p_alive_curve``, ``.tracking``,
  ``.simulate``);
* :func:`fit_gamma_gamma` → :class:`GammaGammaModel` (``.params``,
  ``.expected_spend``);
* :func:`forward_clv` — both together with a margin and a discount rate.

**Time unit.**  ``clv_summary`` measures recency and T in ``unit``\\s of days
("D"), weeks of 7 days ("W", the default) or months of 365.25 / 12 days ("M"):
a fraction of days, not calendar buckets.  A model measures time in the unit of
the summary it was fitted on (``alpha`` is in that unit, ``periods=`` counts
it); functions that need calendar time take ``unit=`` too.

**Exact and deterministic.**  The log-likelihoods are written with
``gammaln``/``betaln`` and added in log space (log-sum-exp), the parameters are
optimised as logarithms (they must be positive) from a fixed start with an
exact gradient, and customers with the same (frequency, recency, T) are
counted once with a weight, in sorted order, so the fit does not depend on the
order of the rows.  On the CDNOW sample it reproduces the published numbers
(r 0.243, alpha 4.414, a 0.793, b 2.426, log-likelihood −9582.4; p 6.25,
q 3.74, gamma 15.44): see ``ck.load_cdnow()``.

Every function validates its input first and raises :class:`crmkit.CRMDataError`
with a message that names the column, the bad rows and the fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, validate
from crmkit.errors import CRMDataError

__all__ = ["clv_summary", "fit_bgnbd", "fit_gamma_gamma", "forward_clv"]

#: Length of one time unit in days: days, weeks, months (a twelfth of 365.25 days).
UNITS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
_UNIT_WORDS = {"D": "days", "W": "weeks", "M": "months"}
_MONTH_DAYS = 365.25 / 12


def _special() -> Any:
    """scipy.special, imported on first use (``import crmkit`` stays light)."""
    from scipy import special

    return special


def _unit(unit: Any) -> float:
    return UNITS[validate.one_of(unit, tuple(UNITS), "unit")]


# --------------------------------------------------------------------------- summary
def _purchase_days(transactions: Any, customer: str, date: str,
                   amount: str | None) -> tuple[np.ndarray, pd.Index, np.ndarray, np.ndarray]:
    """Distinct purchase days: (customer code, customer ids, day number, scaled spend).

    Orders of one customer on one day are one purchase (their amounts summed,
    exactly, as whole multiples of 1 / ``_customers.SCALE``, in any row order).
    Sorted by customer, then day.
    """
    if amount is None:
        found = validate.transactions(transactions, customer=customer, date=date)
        spend = np.zeros(len(transactions))
    else:
        found = validate.transactions(transactions, customer=customer, date=date,
                                      amount=amount)
        spend = found.amounts
    codes, customers, days = found.codes, found.customers, found.days
    low = int(days.min())
    span = int(days.max()) - low + 1
    keys, inverse = np.unique(codes.astype(np.int64) * span + (days - low), return_inverse=True)
    scaled = np.bincount(inverse, weights=np.rint(spend * _customers.SCALE),
                         minlength=len(keys))
    return keys // span, customers, keys % span + low, scaled


def _day(stamp: pd.Timestamp) -> int:
    return int(validate.day_numbers(pd.Series([stamp]))[0])


def _periods(calibration_end: Any, holdout_end: Any, days: np.ndarray) -> tuple[int, int | None]:
    """The calibration end and the holdout end as day numbers, checked against the data."""
    end = _day(validate.date(calibration_end, "calibration_end"))
    first_day, last_day = int(days.min()), int(days.max())
    as_date = pd.Timestamp(0).normalize()

    def shown(day: int) -> str:
        return str((as_date + pd.Timedelta(days=day)).date())

    if end < first_day:
        raise CRMDataError(
            f"calibration_end={shown(end)} is before the first purchase in the data "
            f"({shown(first_day)}), so nobody is a customer yet. Fix: pass a later date, "
            f"e.g. calibration_end='{shown(first_day + (last_day - first_day) * 2 // 3)}'.",
            zh=f"calibration_end={shown(end)} 早于数据中的第一次购买（{shown(first_day)}），"
               "那时还没有任何客户。修正（Fix）：传入更晚的日期，例如 "
               f"calibration_end='{shown(first_day + (last_day - first_day) * 2 // 3)}'。"
        )
    if end > last_day:
        raise CRMDataError(
            f"calibration_end={shown(end)} is after the last date in the data "
            f"({shown(last_day)}): the days in between would look like days without "
            "purchases, and every customer would look less alive than they are. Fix: pass "
            f"calibration_end='{shown(last_day)}' or an earlier date.",
            zh=f"calibration_end={shown(end)} 晚于数据中的最后日期（{shown(last_day)}）："
               "中间这些天会被当成没有购买的日子，每位客户都会显得不那么“活着”。"
               f"修正（Fix）：传入 calibration_end='{shown(last_day)}' 或更早的日期。"
        )
    hold = None
    if holdout_end is not None:
        hold = _day(validate.date(holdout_end, "holdout_end"))
        if hold <= end:
            if end < last_day:
                fix = f"pass a later holdout_end, e.g. holdout_end='{shown(last_day)}'"
                fix_zh = f"传入更晚的 holdout_end，例如 holdout_end='{shown(last_day)}'"
            else:  # calibration_end is the last day: no later holdout_end exists
                earlier = shown(first_day + (last_day - first_day) * 2 // 3)
                fix = (f"pass an earlier calibration_end, e.g. calibration_end='{earlier}', "
                       f"holdout_end='{shown(last_day)}'")
                fix_zh = (f"传入更早的 calibration_end，例如 calibration_end='{earlier}'、"
                          f"holdout_end='{shown(last_day)}'")
            raise CRMDataError(
                f"holdout_end={shown(hold)} must be after calibration_end={shown(end)}: the "
                f"holdout period follows the calibration period. Fix: {fix}, or leave "
                "holdout_end out.",
                zh=f"holdout_end={shown(hold)} 必须晚于 calibration_end={shown(end)}：检验期"
                   f"（holdout）紧接在校准期之后。修正（Fix）：{fix_zh}，或者不传 holdout_end。"
            )
        if hold > last_day:
            raise CRMDataError(
                f"holdout_end={shown(hold)} is after the last date in the data "
                f"({shown(last_day)}), so part of the holdout period is not observed and "
                f"its purchases would look too few. Fix: pass holdout_end='{shown(last_day)}'.",
                zh=f"holdout_end={shown(hold)} 晚于数据中的最后日期（{shown(last_day)}），"
                   "检验期有一段没有观察到，购买次数会显得偏少。"
                   f"修正（Fix）：传入 holdout_end='{shown(last_day)}'。"
            )
    return end, hold


@validate.checked
def clv_summary(
    transactions: pd.DataFrame,
    calibration_end: Any,
    unit: str = "W",
    *,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str | None = "revenue",
    holdout_end: Any = None,
) -> pd.DataFrame:
    """One row per customer: the frequency, recency, T and monetary value the models read.

    Only customers whose first purchase is on or before ``calibration_end``
    appear (later ones were not customers yet).  All orders of a customer on
    one day count as one purchase; times are whole days (the time of day is
    dropped) divided by the length of ``unit``.

    * ``frequency`` — **repeat** purchases up to ``calibration_end``: distinct
      purchase days − 1 (0 for a customer who bought once);
    * ``recency`` — time from the first to the last purchase (0 without repeats);
    * ``T`` — time from the first purchase to ``calibration_end`` (the end of
      that day counts as the end: a purchase on it is in the calibration period);
    * ``monetary`` — mean spend of the repeat purchase days (same-day orders
      summed; the first purchase is left out, as the Gamma-Gamma model wants),
      0 without repeats.

    With ``holdout_end`` (a later date) three more columns describe the
    holdout period after ``calibration_end`` up to ``holdout_end``:
    ``frequency_holdout`` (purchase days in it, all of them repeat purchases),
    ``monetary_holdout`` (their mean spend, 0 without any) and
    ``duration_holdout`` (its length in ``unit``\\s).

    Parameters
    ----------
    transactions:
        One row per order.
    calibration_end:
        The last day of the calibration period, e.g. ``"2024-12-31"``.
    unit:
        ``"W"`` weeks (days / 7, default), ``"D"`` days or ``"M"`` months
        (days / 30.4375).
    customer, date, amount:
        Column names (defaults ``"customer_id"``, ``"order_date"``,
        ``"revenue"``); ``amount=None`` leaves out the spend columns.
    holdout_end:
        Optional last day of the holdout period (after ``calibration_end``, and
        not after the last date in the data).

    Returns
    -------
    DataFrame
        Indexed by customer id (sorted): ``frequency`` (int), ``recency``,
        ``T``, ``monetary`` and, with a holdout, ``frequency_holdout``,
        ``monetary_holdout``, ``duration_holdout``.

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, missing ids, dates that do not
        parse, negative or non-numeric amounts, a ``calibration_end`` before the
        first purchase or after the last date in the data, a ``holdout_end`` not
        after ``calibration_end`` or after the last date, an unknown ``unit``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "A", "A", "A", "B", "B"],
    ...     "order_date": ["2024-01-01", "2024-01-15", "2024-01-15", "2024-01-29",
    ...                    "2024-01-08", "2024-02-12"],
    ...     "revenue": [50.0, 20.0, 10.0, 40.0, 80.0, 25.0]})
    >>> ck.clv_summary(orders, "2024-01-31")
                 frequency  recency         T  monetary
    customer_id
    A                    2      4.0  4.285714      35.0
    B                    0      0.0  3.285714       0.0
    >>> ck.clv_summary(orders, "2024-01-31", holdout_end="2024-02-12")[
    ...     ["frequency_holdout", "monetary_holdout", "duration_holdout"]]
                 frequency_holdout  monetary_holdout  duration_holdout
    customer_id
    A                            0               0.0          1.714286
    B                            1              25.0          1.714286
    """
    length = _unit(unit)
    if amount is not None:
        validate.column_name(amount, "amount")
    codes, ids, days, scaled = _purchase_days(transactions, customer, date, amount)
    end, hold = _periods(calibration_end, holdout_end, days)
    n = len(ids)
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes, days)
    cal = days <= end
    count = np.bincount(codes[cal], minlength=n)
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, codes[cal], days[cal])
    repeat = cal & (days > first[codes])
    spend = np.bincount(codes[repeat], weights=scaled[repeat], minlength=n)
    keep = first <= end
    x = (count - 1)[keep]
    frame = pd.DataFrame({
        "frequency": x.astype(np.int64),
        "recency": (last - first)[keep] / length,
        "T": (end - first)[keep] / length,
    }, index=pd.Index(ids[keep], name=ids.name))
    if amount is not None:
        frame["monetary"] = np.where(x > 0, spend[keep] / _customers.SCALE / np.maximum(x, 1),
                                     0.0)
    if hold is not None:
        later = (days > end) & (days <= hold)
        k = np.bincount(codes[later], minlength=n)[keep]
        frame["frequency_holdout"] = k.astype(np.int64)
        if amount is not None:
            total = np.bincount(codes[later], weights=scaled[later], minlength=n)[keep]
            frame["monetary_holdout"] = np.where(k > 0, total / _customers.SCALE
                                                 / np.maximum(k, 1), 0.0)
        frame["duration_holdout"] = (hold - end) / length
    return frame


# --------------------------------------------------------------------------- inputs
def _rfm_inputs(summary: Any, frequency: Any, recency: Any, T: Any,
                *, fitting: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated (x, t_x, T) arrays of a summary; what the BG/NBD model cannot take is refused."""
    validate.frame(summary, what="summary")
    validate.columns(summary, {"frequency": frequency, "recency": recency, "T": T})
    x = validate.numeric(summary, frequency, integer=True)
    tx = validate.numeric(summary, recency)
    age = validate.numeric(summary, T)
    late = tx > age
    if late.any():
        bad = summary.index[late.to_numpy()]
        raise CRMDataError(
            f"column '{recency}' is larger than '{T}' in {validate.show_rows(bad)}: the last "
            "purchase cannot come after the end of the calibration period. Fix: compute the "
            "summary with ck.clv_summary(transactions, calibration_end), or drop those rows: "
            f"`summary = summary[summary[{recency!r}] <= summary[{T!r}]]`.",
            zh=f"列 '{recency}' 在{validate.rows_zh(bad)}大于 '{T}'：最后一次购买不可能晚于"
               "校准期的结束。修正（Fix）：用 ck.clv_summary(transactions, calibration_end) "
               f"计算汇总表，或删去这些行：`summary = summary[summary[{recency!r}] <= "
               f"summary[{T!r}]]`。"
        )
    odd = (x == 0) & (tx > 0)
    if odd.any():
        bad = summary.index[odd.to_numpy()]
        raise CRMDataError(
            f"{validate.show_rows(bad)} {'has' if len(bad) == 1 else 'have'} "
            f"{frequency}=0 (no repeat purchase) but {recency} > 0: recency is the time from "
            "the first to the last purchase, 0 for a customer who bought once (are the "
            "columns mixed up?). Fix: compute the summary with ck.clv_summary(transactions, "
            f"calibration_end), or drop those rows: `summary = summary[(summary[{frequency!r}]"
            f" > 0) | (summary[{recency!r}] == 0)]`.",
            zh=f"{validate.rows_zh(bad)}的 {frequency}=0（没有重复购买），但 {recency} > 0："
               "recency 是从第一次到最后一次购买的时间，只买过一次的客户应为 0（是不是把列弄混"
               "了？）。修正（Fix）：用 ck.clv_summary(transactions, calibration_end) 计算汇总表，"
               f"或删去这些行：`summary = summary[(summary[{frequency!r}] > 0) | "
               f"(summary[{recency!r}] == 0)]`。"
        )
    if fitting and not (x > 0).any():
        raise CRMDataError(
            f"no customer in the summary has a repeat purchase ({frequency} is 0 in all "
            f"{len(x)} rows), so nothing shows how often customers buy again or when they "
            "stop. Fix: use a longer calibration period or more customers, e.g. "
            "ck.clv_summary(transactions, calibration_end) with a later calibration_end.",
            zh=f"汇总表中没有一位客户有重复购买（{len(x)} 行的 {frequency} 全为 0），"
               "无从得知客户多久再买一次、何时离开。修正（Fix）：用更长的校准期或更多客户，"
               "例如用更晚的 calibration_end 调用 ck.clv_summary(transactions, calibration_end)。"
        )
    return x.to_numpy(), tx.to_numpy(), age.to_numpy()


def _not_fitted(model: Any, what: str, kind: type) -> None:
    if not isinstance(model, kind):
        fit = "ck.fit_bgnbd(summary)" if kind is BGNBDModel else "ck.fit_gamma_gamma(summary)"
        raise CRMDataError(
            f"{what} must be a model fitted with {fit}, but got {type(model).__name__}. "
            f"Fix: pass {what}={fit}.",
            zh=f"{what} 应当是用 {fit} 拟合得到的模型，但收到的是 {type(model).__name__}。"
               f"修正（Fix）：传入 {what}={fit}。"
        )


# --------------------------------------------------------------------------- optimiser
def _minimise(objective: Any, start: np.ndarray) -> tuple[np.ndarray, bool]:
    """Minimise ``objective`` (value and gradient) over log-parameters; deterministic.

    BFGS with the exact gradient; if it stops early (precision loss near the
    optimum is common), Nelder-Mead polishes from where it stopped.  Returns
    the log-parameters and whether the gradient is ~0 there.
    """
    from scipy.optimize import minimize

    with np.errstate(all="ignore"):
        res = minimize(objective, start, jac=True, method="BFGS",
                       options={"gtol": 1e-9, "maxiter": 500})
        best = res.x
        if not _converged(objective, best):
            polish = minimize(lambda z: objective(z)[0], best, method="Nelder-Mead",
                              options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000})
            if np.isfinite(polish.fun) and polish.fun <= objective(best)[0]:
                best = polish.x
    return best, _converged(objective, best)


def _converged(objective: Any, z: np.ndarray) -> bool:
    value, grad = objective(z)
    return bool(np.isfinite(value) and np.all(np.isfinite(grad))
                and np.max(np.abs(grad)) < 1e-5 and np.all(np.abs(z) < 30))


def _unsettled(model: str, n: int, repeaters: int) -> CRMDataError:
    these = "this 1 customer" if n == 1 else f"these {n} customers"
    return CRMDataError(
        f"the {model} model could not be fitted to {these} ({repeaters} with "
        "repeat purchases): the data do not pin its parameters down (they run off towards 0 "
        "or infinity). The model needs many customers, typically hundreds, and a good share "
        "of them buying more than once. Fix: fit on more customers or a longer calibration "
        "period (e.g. all the transactions, not a sample).",
        zh=f"无法用这 {n} 位客户（其中 {repeaters} 位有重复购买）拟合 {model} 模型：数据定不下"
           "它的参数（参数趋向 0 或无穷大）。这个模型需要很多客户（通常几百位），其中相当一部分"
           "买过不止一次。修正（Fix）：用更多客户或更长的校准期来拟合（例如全部交易，而不是抽样）。"
    )


# --------------------------------------------------------------------------- BG/NBD
def _bgnbd_objective(x: np.ndarray, tx: np.ndarray, T: np.ndarray, w: np.ndarray) -> Any:
    """Mean negative log-likelihood of the BG/NBD model and its gradient, in log-parameters.

    Per customer (Fader, Hardie & Lee 2005, equation 6)::

        log L = log Γ(r + x) − log Γ(r) + r log α
                + log[ B(a, b + x) / B(a, b) / (α + T)^(r + x)
                       + [x > 0] B(a + 1, b + x − 1) / B(a, b) / (α + t_x)^(r + x) ]

    The bracket is added in log space (log-sum-exp), never as two tiny numbers.
    """
    sp = _special()
    total = w.sum()
    repeat = x > 0
    # Everything that depends on x alone is computed once per distinct x (a few dozen
    # values) and spread to the customers: the special functions are the slow part.
    ux, at = np.unique(x, return_inverse=True)
    uxm1 = np.where(ux > 0, ux - 1, 0.0)

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(z)
        with np.errstate(all="ignore"):
            base = sp.betaln(a, b)
            first = (sp.betaln(a, b + ux) - base)[at]
            second = (sp.betaln(a + 1, b + uxm1) - base)[at]
            counts = (sp.gammaln(r + ux) - sp.gammaln(r))[at]
            d_counts = (sp.digamma(r + ux) - sp.digamma(r))[at]
            dab = (sp.digamma(a + b) - sp.digamma(a + b + ux))[at]
            db = sp.digamma(a + b) - sp.digamma(b)
            d_b1 = (sp.digamma(b + ux) - sp.digamma(a + b + ux) + db)[at]
            d_b2 = (sp.digamma(b + uxm1) - sp.digamma(a + b + ux) + db)[at]
            rx = r + x
            log_t = np.log(alpha + T)
            log_tx = np.log(alpha + tx)
            l1 = first - rx * log_t
            l2 = np.where(repeat, second - rx * log_tx, -np.inf)
            mix = np.logaddexp(l1, l2)
            ll = counts + r * np.log(alpha) + mix
            w1 = np.exp(l1 - mix)
            w2 = np.exp(l2 - mix)
            d_r = d_counts + np.log(alpha) - w1 * log_t - w2 * log_tx
            d_alpha = r / alpha - rx * (w1 / (alpha + T) + w2 / (alpha + tx))
            d_a = dab + w2 / a
            d_b = w1 * d_b1 + w2 * d_b2
            # plain sums, not np.dot: BLAS may add in another order from run to run
            value = -float((w * ll).sum()) / total
            grad = -np.array([(w * d_r).sum() * r, (w * d_alpha).sum() * alpha,
                              (w * d_a).sum() * a, (w * d_b).sum() * b]) / total
        if not np.isfinite(value):
            return math.inf, np.zeros(4)
        return value, grad

    return objective


@dataclass(frozen=True)
class BGNBDModel:
    """A fitted BG/NBD model (made by :func:`fit_bgnbd`).

    Attributes
    ----------
    r, alpha:
        Shape and scale of the gamma distribution of purchase rates: the mean
        rate is r / alpha purchases per time unit (while alive).
    a, b:
        The beta distribution of the drop-out chance after each repeat purchase:
        its mean is a / (a + b).
    log_likelihood:
        The maximised log-likelihood (for comparing fits on the same data).
    customers:
        How many customers the model was fitted on.
    columns:
        The summary's column names for frequency, recency and T the model reads.
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    customers: int
    columns: tuple[str, str, str] = ("frequency", "recency", "T")

    @property
    def params(self) -> dict[str, float]:
        """The four parameters as a dict: ``{"r": ..., "alpha": ..., "a": ..., "b": ...}``."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return (f"BGNBDModel({shown}, log_likelihood={self.log_likelihood:.1f}, "
                f"customers={self.customers})")

    def _inputs(self, summary: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _rfm_inputs(summary, *self.columns, fitting=False)

    def _p_alive(self, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        with np.errstate(all="ignore"):
            log_odds = (np.log(a) - np.log(b + np.maximum(x, 1) - 1)
                        + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)))
        return np.where(x > 0, _special().expit(-log_odds), 1.0)

    def _future(self, x: np.ndarray, T: np.ndarray, t: Any) -> np.ndarray:
        """Purchases expected in the next ``t`` units of a customer alive now (x, T).

        The conditional expectation of Fader, Hardie & Lee (2005, equation 10)
        without its P(alive) factor, with the hypergeometric function turned by
        Euler's transformation into a form that stays accurate for many purchases::

            (a + b + x − 1) / (a − 1)
            * [1 − (1 − z)^(a − 1) * 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z)],
            z = t / (α + T + t)
        """
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        if abs(a - 1.0) < 1e-9:  # the formula's 0/0 at a = 1: step just beside it
            a = 1.0 + 1e-9
        t = np.asarray(t, dtype=float)
        z = t / (alpha + T + t)
        c = a + b + x - 1
        hyp = _special().hyp2f1(a + b - 1 - r, a - 1, c, z)
        return c / (a - 1) * (1 - (1 - z) ** (a - 1) * hyp)

    @validate.checked
    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        """Probability that each customer of ``summary`` is still alive at the end of T.

        ``1 / (1 + a / (b + x − 1) * ((α + T) / (α + t_x))^(r + x))`` for a
        customer with x > 0 repeat purchases; 1 for x = 0 (in this model a
        customer can only drop out right after a repeat purchase).  It falls the
        longer a customer has been silent (T − t_x), faster for frequent buyers.

        Returns a Series ``p_alive`` indexed like ``summary``.  Raises
        :class:`~crmkit.CRMDataError` for a summary the model cannot read.
        """
        x, tx, T = self._inputs(summary)
        return pd.Series(self._p_alive(x, tx, T), index=summary.index, name="p_alive")

    @validate.checked
    def expected_purchases(self, summary: pd.DataFrame, periods: float) -> pd.Series:
        """Purchases each customer of ``summary`` is expected to make in the next ``periods``.

        ``periods`` counts the model's time unit (52 weeks for a year when the
        summary is in weeks).  The expectation is P(alive) × the purchases of
        a customer who is alive now.  Returns a Series ``expected_purchases``
        indexed like ``summary``.  Raises :class:`~crmkit.CRMDataError` for a
        summary the model cannot read or a negative ``periods``.
        """
        t = validate.number(periods, "periods", low=0)
        x, tx, T = self._inputs(summary)
        values = self._p_alive(x, tx, T) * self._future(x, T, t)
        return pd.Series(values, index=summary.index, name="expected_purchases")

    def repeat_purchases(self, periods: Any) -> np.ndarray:
        """Expected repeat purchases of a new customer in their first ``periods`` (number or array).

        ``(a + b − 1) / (a − 1) * [1 − (α / (α + t))^r 2F1(r, b; a + b − 1; t / (α + t))]``:
        the population curve the tracking chart adds up over the customers.
        """
        t = np.asarray(periods, dtype=float)
        if not np.all(np.isfinite(t)) or np.any(t < 0):
            raise CRMDataError(
                f"periods must be numbers of time units, 0 or more, but got {periods!r}. "
                "Fix: pass e.g. periods=52.",
                zh=f"periods 应当是 0 或更大的时间单位数，但收到的是 {periods!r}。"
                   "修正（Fix）：例如传入 periods=52。"
            )
        return self._future(np.zeros_like(t), np.zeros_like(t), t)

    @validate.checked
    def p_alive_curve(self, frequencies: Any = (1, 3, 10), T: float = 52.0) -> pd.DataFrame:
        """P(alive) against the time since the last purchase, for a few purchase counts.

        The classic chart: customers who have been watched for ``T`` time units
        and made each number of repeat purchases in ``frequencies``; the row
        ``since`` is the time since their last purchase, 0, 1, ... T (so their
        recency is T − since).  Returns a DataFrame indexed by
        ``periods_since_last_purchase`` with one column per frequency (0 is a
        flat line at 1: the model never doubts a customer who bought once).
        Raises :class:`~crmkit.CRMDataError` for a negative frequency or T not
        positive.
        """
        age = validate.number(T, "T", low=0, low_open=True, high=100_000)
        counts = frequencies if isinstance(frequencies, (list, tuple)) else [frequencies]
        xs = [validate.number(f, "frequencies", low=0, high=1e6, integer=True) for f in counts]
        since = np.append(np.arange(0.0, age, 1.0), age)
        table = pd.DataFrame({x: self._p_alive(np.full(len(since), float(x)), age - since,
                                               np.full(len(since), age)) for x in xs},
                             index=pd.Index(since, name="periods_since_last_purchase"))
        table.columns.name = "frequency"
        return table

    @validate.checked
    def tracking(self, transactions: pd.DataFrame, calibration_end: Any, holdout_end: Any = None,
                 unit: str = "W", *, customer: str = "customer_id",
                 date: str = "order_date") -> pd.DataFrame:
        """Repeat purchases per period: what happened against what the model expects.

        For the customers of ``ck.clv_summary(transactions, calibration_end)``
        (first purchase on or before ``calibration_end``), period by period
        (``unit``\\s, the last calibration period ending on ``calibration_end``):
        the repeat purchases they made (distinct purchase days after each one's
        first) and the number the model expects,
        ``Σ over customers of repeat_purchases(t − first purchase)`` differenced
        per period.  The holdout periods are whole ``unit``\\s up to ``holdout_end``
        (a shorter rest at its end is left out, not drawn as a period that seems
        to collapse: 2025 is 52 weeks and a day).  A good model
        tracks the actual line in the calibration periods and keeps tracking it
        in the holdout, which it has not seen.

        Returns a DataFrame indexed by ``period`` (1, 2, ...) with ``actual``,
        ``expected``, their running totals ``actual_cumulative`` and
        ``expected_cumulative``, and ``holdout`` (True after calibration_end).
        Raises :class:`~crmkit.CRMDataError` as :func:`crmkit.clv_summary`.
        """
        length = _unit(unit)
        codes, _, days, _ = _purchase_days(transactions, customer, date, None)
        end, hold = _periods(calibration_end, holdout_end, days)  # as clv_summary checks them
        hold = end if hold is None else hold
        first = np.full(int(codes.max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, codes, days)
        starts = first[first <= end]  # the customers of the summary
        before = int(math.ceil((end - starts.min()) / length - 1e-9))
        after = int(math.floor((hold - end) / length + 1e-9))  # whole periods only
        hold = end + after * length
        edges = end + np.arange(-before, after + 1) * length  # in days
        repeat = (days > first[codes]) & (first[codes] <= end) & (days <= hold)
        period = before - np.floor((end - days[repeat]) / length).astype(np.int64)
        actual = np.bincount(period, minlength=before + after + 1)[1:]
        when, weight = np.unique(starts, return_counts=True)
        # ages in days at each period's end; the model runs once per distinct age
        ages, at = np.unique(np.clip(edges[None, :] - when[:, None], 0.0, None),
                             return_inverse=True)
        curve = self.repeat_purchases(ages / length)[at].reshape(len(when), len(edges))
        expected_total = (weight[:, None] * curve).sum(axis=0)
        index = pd.RangeIndex(1, before + after + 1, name="period")
        return pd.DataFrame({
            "actual": actual.astype(np.int64),
            "expected": np.diff(expected_total),
            "actual_cumulative": np.cumsum(actual).astype(np.int64),
            "expected_cumulative": expected_total[1:] - expected_total[0],
            "holdout": index > before,
        }, index=index)

    @validate.checked
    def simulate(self, T: Any, seed: int = 0) -> pd.DataFrame:
        """Draw customers from the model: a summary with ``frequency``, ``recency``, ``T``.

        One customer per value of ``T`` (a number of time units, or a list or
        array of them): each gets a purchase rate λ ~ Gamma(r, α) and a
        drop-out chance p ~ Beta(a, b), buys as a Poisson process and may drop
        out after each repeat purchase.  Seeded: the same ``seed`` gives the
        same customers.  Useful to see what the model believes, and to check
        that fitting the draws gives the parameters back.  Raises
        :class:`~crmkit.CRMDataError` for a negative or missing T.
        """
        ages = np.atleast_1d(np.asarray(T, dtype=float))
        if ages.ndim != 1 or ages.size == 0 or not np.all(np.isfinite(ages)) or np.any(ages < 0):
            raise CRMDataError(
                "T must be a number of time units (0 or more) or a list of them. "
                "Fix: pass e.g. T=[52.0] * 1000.",
                zh="T 应当是一个时间单位数（0 或更大），或一组这样的数。"
                   "修正（Fix）：例如传入 T=[52.0] * 1000。"
            )
        seed = validate.number(seed, "seed", low=0, high=2**32 - 1, integer=True)
        rng = np.random.default_rng(seed)
        rate = rng.gamma(self.r, 1.0 / self.alpha, ages.size)
        drop = rng.beta(self.a, self.b, ages.size)
        bought = rng.poisson(rate * ages)              # purchases if nobody ever left
        last_alive = rng.geometric(np.clip(drop, 1e-300, 1.0))  # leaves after this purchase
        x = np.minimum(bought, last_alive)
        # the x-th of n uniform purchase times on [0, T] is T * Beta(x, n - x + 1)
        share = rng.beta(np.maximum(x, 1), np.maximum(bought - x + 1, 1))
        recency = np.where(x > 0, ages * share, 0.0)
        return pd.DataFrame({"frequency": x.astype(np.int64), "recency": recency, "T": ages},
                            index=pd.RangeIndex(ages.size, name="customer"))


@validate.checked
def fit_bgnbd(summary: pd.DataFrame, *, frequency: str = "frequency",
              recency: str = "recency", T: str = "T") -> BGNBDModel:
    """Fit the BG/NBD model ("buy till you die") to a customer summary by maximum likelihood.

    The model: alive customers buy at their own steady rate λ ~ Gamma(r, α);
    after each repeat purchase a customer drops out for good with their own
    probability p ~ Beta(a, b).  The fit finds the r, α, a, b under which the
    summary's frequencies, recencies and ages are most likely.

    Parameters
    ----------
    summary:
        One row per customer, as :func:`crmkit.clv_summary` makes it.
    frequency, recency, T:
        Column names (defaults ``"frequency"``, ``"recency"``, ``"T"``).
        Recency and T in one time unit; the model's α is in that unit.

    Returns
    -------
    BGNBDModel
        ``.params`` (dict r, alpha, a, b), ``.log_likelihood``, and the methods
        ``.p_alive(summary)``, ``.expected_purchases(summary, periods)``,
        ``.repeat_purchases(periods)``, ``.p_alive_curve()``,
        ``.tracking(transactions, calibration_end, holdout_end)``,
        ``.simulate(T)``.

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, a negative, missing or fractional
        frequency, negative recency or T, recency larger than T, recency > 0
        with frequency 0, no repeat purchase at all, or data too few to pin the
        parameters down.

    Examples
    --------
    >>> import crmkit as ck
    >>> cdnow = ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")
    >>> bgnbd = ck.fit_bgnbd(cdnow)
    >>> {k: round(v, 3) for k, v in bgnbd.params.items()}
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    >>> round(bgnbd.log_likelihood, 1)
    -9582.4
    """
    for keyword, name in (("frequency", frequency), ("recency", recency), ("T", T)):
        validate.column_name(name, keyword)
    x, tx, age = _rfm_inputs(summary, frequency, recency, T, fitting=True)
    # Customers alike are counted once, with a weight, in sorted order: fast, and the
    # sums (so the fit) do not depend on the order of the rows.
    rows, count = np.unique(np.column_stack([x, tx, age]), axis=0, return_counts=True)
    weight = count.astype(float)
    scale = float((weight * rows[:, 2]).sum() / weight.sum()) or 1.0  # mean T: times near 1
    objective = _bgnbd_objective(rows[:, 0], rows[:, 1] / scale, rows[:, 2] / scale, weight)
    z, ok = _minimise(objective, np.zeros(4))
    if not ok:
        raise _unsettled("BG/NBD", len(x), int((x > 0).sum()))
    r, alpha, a, b = np.exp(z)
    alpha *= scale  # α is a time scale: back from T-averages to the summary's unit
    params = (float(r), float(alpha), float(a), float(b))
    value, _ = _bgnbd_objective(rows[:, 0], rows[:, 1], rows[:, 2], weight)(np.log(params))
    return BGNBDModel(*params, log_likelihood=float(-value * len(x)),
                      customers=len(x), columns=(frequency, recency, T))


# --------------------------------------------------------------------------- Gamma-Gamma
def _spend_inputs(summary: Any, frequency: Any, monetary: Any,
                  *, fitting: bool) -> tuple[np.ndarray, np.ndarray]:
    validate.frame(summary, what="summary")
    validate.columns(summary, {"frequency": frequency, "monetary": monetary})
    x = validate.numeric(summary, frequency, integer=True)
    m = validate.numeric(summary, monetary)
    broke = (x > 0) & (m <= 0)
    if broke.any():
        bad = summary.index[broke.to_numpy()]
        raise CRMDataError(
            f"column '{monetary}' is 0 for repeat buyers ({validate.show_rows(bad)}): the "
            "Gamma-Gamma model describes the spend of real purchases and cannot take "
            "purchases worth nothing. Fix: leave those customers out of the spend model: "
            f"`summary = summary[(summary[{frequency!r}] == 0) | (summary[{monetary!r}] > 0)]`.",
            zh=f"重复购买的客户的列 '{monetary}' 为 0（{validate.rows_zh(bad)}）：Gamma-Gamma "
               "模型描述的是真实购买的消费金额，不能接受金额为零的购买。修正（Fix）：把这些客户"
               f"排除在消费模型之外：`summary = summary[(summary[{frequency!r}] == 0) | "
               f"(summary[{monetary!r}] > 0)]`。"
        )
    if fitting and not (x > 0).any():
        raise CRMDataError(
            f"no customer in the summary has a repeat purchase ({frequency} is 0 in all "
            f"{len(x)} rows); the Gamma-Gamma model learns from the spend of repeat "
            "purchases. Fix: use a longer calibration period or more customers, e.g. "
            "ck.clv_summary(transactions, calibration_end) with a later calibration_end.",
            zh=f"汇总表中没有一位客户有重复购买（{len(x)} 行的 {frequency} 全为 0）；"
               "Gamma-Gamma 模型要从重复购买的消费金额中学习。修正（Fix）：用更长的校准期或"
               "更多客户，例如用更晚的 calibration_end 调用 "
               "ck.clv_summary(transactions, calibration_end)。"
        )
    return x.to_numpy(), m.to_numpy()


def _gamma_gamma_objective(x: np.ndarray, m: np.ndarray) -> Any:
    """Mean negative log-likelihood of the Gamma-Gamma model and its gradient (log-parameters).

    Per repeat buyer with x repeat purchases of mean value m (Fader & Hardie 2013)::

        log f = log Γ(px + q) − log Γ(px) − log Γ(q) + q log γ
                + (px − 1) log m + px log x − (px + q) log(γ + m x)
    """
    sp = _special()
    n = len(x)
    log_m, log_x, mx = np.log(m), np.log(x), m * x
    ux, at = np.unique(x, return_inverse=True)  # the special functions once per distinct x

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, gamma = np.exp(z)
        with np.errstate(all="ignore"):
            pux = p * ux
            shape = (sp.gammaln(pux + q) - sp.gammaln(pux) - sp.gammaln(q))[at]
            dpq = sp.digamma(pux + q)
            d_shape_p = (dpq - sp.digamma(pux))[at]
            d_shape_q = (dpq - sp.digamma(q))[at]
            px = p * x
            log_g = np.log(gamma + mx)
            ll = shape + q * np.log(gamma) + (px - 1) * log_m + px * log_x - (px + q) * log_g
            d_p = x * (d_shape_p + log_m + log_x - log_g)
            d_q = d_shape_q + np.log(gamma) - log_g
            d_g = q / gamma - (px + q) / (gamma + mx)
            value = -float(ll.sum()) / n
            grad = -np.array([d_p.sum() * p, d_q.sum() * q, d_g.sum() * gamma]) / n
        if not np.isfinite(value):
            return math.inf, np.zeros(3)
        return value, grad

    return objective


@dataclass(frozen=True)
class GammaGammaModel:
    """A fitted Gamma-Gamma spend model (made by :func:`fit_gamma_gamma`).

    Attributes
    ----------
    p, q, gamma:
        A purchase of a customer is worth Gamma(p, ν) on average p / ν; the ν's
        differ between customers following Gamma(q, γ).  The mean spend per
        purchase across customers is p γ / (q − 1) (when q > 1).
    log_likelihood:
        The maximised log-likelihood.
    customers:
        How many repeat buyers the model was fitted on.
    columns:
        The summary's column names for frequency and monetary value.
    """

    p: float
    q: float
    gamma: float
    log_likelihood: float
    customers: int
    columns: tuple[str, str] = ("frequency", "monetary")

    @property
    def params(self) -> dict[str, float]:
        """The three parameters as a dict: ``{"p": ..., "q": ..., "gamma": ...}``."""
        return {"p": self.p, "q": self.q, "gamma": self.gamma}

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        return (f"GammaGammaModel({shown}, log_likelihood={self.log_likelihood:.1f}, "
                f"customers={self.customers})")

    @validate.checked
    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """The expected value of each customer's future purchases.

        A weighted average of the population mean p γ / (q − 1) and the
        customer's own mean ``monetary``, trusting the customer's own mean the
        more repeat purchases it rests on::

            (γ + x m) p / (p x + q − 1)

        A customer without repeat purchases gets the population mean.  Returns
        a Series ``expected_spend`` indexed like ``summary``.  Raises
        :class:`~crmkit.CRMDataError` for a summary the model cannot read, or
        customers without repeats when q ≤ 1 (their expectation is infinite).
        """
        x, m = _spend_inputs(summary, *self.columns, fitting=False)
        m = np.where(x > 0, m, 0.0)
        if self.q <= 1 and (x == 0).any():
            bad = summary.index[x == 0]
            raise CRMDataError(
                f"with q={self.q:.3g} ≤ 1 the fitted spend model has no finite mean, so the "
                f"customers without repeat purchases ({validate.show_rows(bad)}) have no "
                "expected spend. Fix: ask only about repeat buyers: "
                f"`summary = summary[summary[{self.columns[0]!r}] > 0]`.",
                zh=f"q={self.q:.3g} ≤ 1 时拟合出的消费模型没有有限的均值，所以没有重复购买的客户"
                   f"（{validate.rows_zh(bad)}）没有期望消费。修正（Fix）：只问重复购买的客户："
                   f"`summary = summary[summary[{self.columns[0]!r}] > 0]`。"
            )
        values = (self.gamma + x * m) * self.p / (self.p * x + self.q - 1)
        return pd.Series(values, index=summary.index, name="expected_spend")


@validate.checked
def fit_gamma_gamma(summary: pd.DataFrame, *, frequency: str = "frequency",
                    monetary: str = "monetary") -> GammaGammaModel:
    """Fit the Gamma-Gamma model of spend per purchase to the repeat buyers of a summary.

    Each customer's purchases vary around the customer's own mean; the means
    vary between customers.  Fitted on the customers with at least one repeat
    purchase (``frequency`` > 0) and the mean value of their repeat purchases
    (``monetary``, as :func:`crmkit.clv_summary` computes it); customers without
    repeats are left out.  The model assumes spend per purchase does not depend
    on how often a customer buys: check that the correlation of frequency and
    monetary among repeat buyers is small.

    Parameters
    ----------
    summary:
        One row per customer, as :func:`crmkit.clv_summary` makes it.
    frequency, monetary:
        Column names (defaults ``"frequency"``, ``"monetary"``).

    Returns
    -------
    GammaGammaModel
        ``.params`` (dict p, q, gamma), ``.log_likelihood`` and
        ``.expected_spend(summary)``.

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, a negative, missing or fractional
        frequency, a negative or missing monetary value, a repeat buyer whose
        monetary value is 0, no repeat buyer at all, or data too few to pin the
        parameters down.

    Examples
    --------
    >>> import crmkit as ck
    >>> cdnow = ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")
    >>> spend = ck.fit_gamma_gamma(cdnow)
    >>> {k: round(v, 2) for k, v in spend.params.items()}, spend.customers
    ({'p': 6.25, 'q': 3.74, 'gamma': 15.44}, 946)
    """
    for keyword, name in (("frequency", frequency), ("monetary", monetary)):
        validate.column_name(name, keyword)
    x_all, m_all = _spend_inputs(summary, frequency, monetary, fitting=True)
    repeat = x_all > 0
    x, m = x_all[repeat].astype(float), m_all[repeat]
    order = np.lexsort((m, x))  # a fixed order: the sums do not depend on the rows' order
    x, m = x[order], m[order]
    scale = float(m.mean())
    objective = _gamma_gamma_objective(x, m / scale)
    best = None
    for start in ((0.0, 0.0, 0.0), (math.log(2.0), math.log(3.0), 0.0)):
        z, ok = _minimise(objective, np.array(start))
        if ok and (best is None or objective(z)[0] < objective(best)[0] - 1e-12):
            best = z
    if best is None:
        raise _unsettled("Gamma-Gamma", len(x_all), len(x))
    p, q, gamma = np.exp(best)
    gamma *= scale  # γ is a money scale: back to the summary's currency
    value, _ = _gamma_gamma_objective(x, m)(np.log([p, q, gamma]))
    return GammaGammaModel(float(p), float(q), float(gamma), log_likelihood=float(-value * len(x)),
                           customers=len(x), columns=(frequency, monetary))


# --------------------------------------------------------------------------- CLV
@validate.checked
def forward_clv(summary: pd.DataFrame, *, margin_rate: float, discount: float = 0.1,
                years: int = 1, unit: str = "W", bgnbd: Any = None,
                spend: Any = None) -> pd.DataFrame:
    """Forward-looking customer lifetime value: the models' purchases × spend × margin, discounted.

    For each customer, month by month over ``years``: the purchases the BG/NBD
    model expects in that month (given the customer's history, so a customer
    who is probably gone counts for little) × the spend per purchase the
    Gamma-Gamma model expects × ``margin_rate``, discounted to today at the
    yearly rate ``discount`` (a month's margin arrives at its end and is divided
    by ``(1 + discount) ** (month / 12)``).  Unlike the simple formula of
    chapter 04 (``ck.clv``) no retention rate is assumed: it comes out of each
    customer's own frequency and recency.

    Parameters
    ----------
    summary:
        One row per customer from :func:`crmkit.clv_summary` (with ``monetary``).
    margin_rate:
        Share of spend kept as margin, a fraction 0–1 (0.3, not 30).
    discount:
        Yearly discount rate, a fraction 0–1 (default 0.1).
    years:
        Horizon in whole years (default 1).
    unit:
        The time unit of the summary (default ``"W"``, as ``clv_summary``).
    bgnbd, spend:
        Fitted models (:func:`fit_bgnbd`, :func:`fit_gamma_gamma`); by default
        both are fitted on ``summary``.

    Returns
    -------
    DataFrame
        Indexed like ``summary``: ``p_alive``, ``expected_purchases`` (over the
        horizon), ``expected_spend`` (per purchase) and ``clv`` (discounted margin).

    Raises
    ------
    CRMDataError
        What :func:`fit_bgnbd` and :func:`fit_gamma_gamma` refuse, a rate outside
        0–1, a horizon that is not a whole number of years from 1 to 100, an
        unknown ``unit``, or ``bgnbd``/``spend`` that are not fitted models.

    Examples
    --------
    >>> import crmkit as ck
    >>> cdnow = ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount")
    >>> value = ck.forward_clv(cdnow, margin_rate=0.3, discount=0.1, years=1)
    >>> value.loc[1].round(2).tolist()  # 2 repeat purchases, the last 8.4 weeks before the end
    [0.73, 1.56, 24.65, 11.02]
    """
    rate = validate.fraction(margin_rate, "margin_rate")
    yearly = validate.fraction(discount, "discount")
    horizon = validate.number(years, "years", low=1, high=100, integer=True)
    length = _unit(unit)
    if bgnbd is None:
        bgnbd = fit_bgnbd(summary)
    _not_fitted(bgnbd, "bgnbd", BGNBDModel)
    if spend is None:
        spend = fit_gamma_gamma(summary)
    _not_fitted(spend, "spend", GammaGammaModel)
    x, tx, T = bgnbd._inputs(summary)
    per_purchase = spend.expected_spend(summary).to_numpy()
    alive = bgnbd._p_alive(x, tx, T)
    months = np.arange(12 * horizon + 1)
    ahead = bgnbd._future(x[:, None], T[:, None], months[None, :] * _MONTH_DAYS / length)
    monthly = np.diff(ahead, axis=1) * alive[:, None]
    factor = (1 + yearly) ** (-months[1:] / 12)
    value = (monthly * factor[None, :]).sum(axis=1) * per_purchase * rate
    return pd.DataFrame({"p_alive": alive, "expected_purchases": ahead[:, -1] * alive,
                         "expected_spend": per_purchase, "clv": value}, index=summary.index)
