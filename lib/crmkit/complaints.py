"""Complaints (客户投诉): handling times, SLA breaches, causes, the iceberg, recovery.

Chapter 09 reads the complaint log:

* :func:`complaint_times` — how fast we answer and resolve, by cause or channel.
* :func:`sla_flags` and :func:`sla_breaches` — which complaints missed the
  response target, and the breach rate per group.
* :func:`cause_pareto` — the few causes behind most complaints.
* :func:`repeat_complainers` — customers who complain again and again.
* :func:`iceberg` — for every complaint we hear, how many dissatisfied
  customers stay silent (96 % never complain: we hear from 4 in 100).
* :func:`recovery_effect` — do complainers whose problem was solved buy again?
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, validate
from crmkit.errors import CRMDataError

__all__ = [
    "RECOVERY_COLUMNS",
    "cause_pareto",
    "complaint_times",
    "iceberg",
    "recovery_effect",
    "repeat_complainers",
    "sla_breaches",
    "sla_flags",
]


def _complaints(complaints: Any) -> pd.DataFrame:
    return validate.frame(complaints, what="complaints")


def _labels(df: pd.DataFrame, column: str, *, keyword: str) -> pd.Series:
    """A grouping column (cause, channel, ...) with no missing labels, as text."""
    validate.columns(df, {keyword: column})
    values = df[column]
    validate.missing(values, column)
    return values.astype(str)


def _grouped(df: pd.DataFrame, data: dict[str, Any],
             by: str | Sequence[str] | None) -> tuple[Any, list[str]]:
    """Group ``data`` (columns aligned with ``df``'s rows) by the ``by`` columns of ``df``."""
    names = [] if by is None else validate.column_names(by, "by")
    frame = pd.DataFrame({k: np.asarray(v) for k, v in data.items()})
    keys = [_labels(df, n, keyword="by").to_numpy(dtype=object) for n in names]
    if not keys:
        keys = [np.zeros(len(frame), dtype=np.int64)]
    grouped = frame.groupby(keys, sort=True)
    return grouped, names


def _name_index(table: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    if not names:
        table.index = pd.Index(["all"])
    elif len(names) == 1:
        table.index.name = names[0]
    else:
        table.index.names = names
    return table


@validate.checked
def complaint_times(
    complaints: pd.DataFrame,
    by: str | Sequence[str] | None = "cause",
    *,
    response: str = "first_response_hours",
    resolution: str = "resolution_hours",
) -> pd.DataFrame:
    """Response and resolution times: median, mean and 90th percentile per group.

    The median is the typical complaint, the 90th percentile (p90) the slow
    tail that customers remember.  A missing time means the complaint has not
    been answered (or resolved) yet: it is left out of that statistic, and
    ``response_n`` / ``resolution_n`` say how many times were known.

    Parameters
    ----------
    by:
        Group column(s), default ``"cause"``; e.g. ``"channel"``,
        ``["cause", "severity"]``, or ``None`` for one overall row (``"all"``).
    response, resolution:
        Columns of hours from receipt to the first response and to resolution.

    Returns
    -------
    DataFrame
        One row per group: ``complaints``, ``response_n``, ``response_median``,
        ``response_mean``, ``response_p90``, ``resolution_n``,
        ``resolution_median``, ``resolution_mean``, ``resolution_p90`` (hours).

    Raises
    ------
    CRMDataError
        Missing columns, an empty frame, text or negative hours, a resolution
        before the first response (naming the rows), missing group labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"cause": ["price", "price", "quality"],
    ...                     "first_response_hours": [2.0, 4.0, 30.0],
    ...                     "resolution_hours": [10.0, 20.0, 48.0]})
    >>> ck.complaint_times(log)["response_median"].tolist()
    [3.0, 30.0]
    """
    _complaints(complaints)
    validate.columns(complaints, {"response": response, "resolution": resolution})
    answer = validate.numeric(complaints, response, allow_missing=True)
    solve = validate.numeric(complaints, resolution, allow_missing=True)
    early = solve < answer
    if early.any():
        bad = complaints.index[early]
        raise CRMDataError(
            f"'{resolution}' is shorter than '{response}' in "
            f"{validate.show_rows(bad)}: a complaint cannot be resolved before it is first "
            "answered. Fix: check those rows (both count hours from receipt).",
            zh=f"在{validate.rows_zh(bad)}，'{resolution}' 比 '{response}' 还短："
               "投诉不可能在首次答复之前就解决。修正（Fix）：检查这些行（两者都是从收到投诉起"
               "计算的小时数）。"
        )
    grouped, names = _grouped(complaints, {"response": answer, "resolution": solve}, by)
    table = pd.DataFrame({"complaints": grouped.size()})
    for col in ("response", "resolution"):
        g = grouped[col]
        table[f"{col}_n"] = g.count()
        table[f"{col}_median"] = g.median()
        table[f"{col}_mean"] = g.mean()
        table[f"{col}_p90"] = g.quantile(0.9)
    return _name_index(table, names)


def _targets(complaints: pd.DataFrame, target_hours: Any, severity: str) -> np.ndarray:
    if isinstance(target_hours, Mapping):
        levels = _labels(complaints, severity, keyword="severity")
        checked = {str(k): validate.number(v, f"target_hours[{k!r}]", low=0,
                                           low_open=True) for k, v in target_hours.items()}
        unknown = sorted(set(levels) - set(checked))
        if unknown:
            raise CRMDataError(
                f"target_hours has no target for severity "
                f"{', '.join(repr(u) for u in unknown)} (it has {', '.join(map(repr, checked))})."
                " Fix: add them, e.g. {'high': 4, 'medium': 24, 'low': 48}.",
                zh=f"target_hours 中没有严重程度 {'、'.join(repr(u) for u in unknown)} 的目标时长"
                   f"（它只有 {'、'.join(map(repr, checked))}）。"
                   "修正（Fix）：补上它们，例如 {'high': 4, 'medium': 24, 'low': 48}。"
            )
        return levels.map(checked).to_numpy(dtype=float)
    limit = validate.number(target_hours, "target_hours", low=0, low_open=True)
    return np.full(len(complaints), limit)


@validate.checked
def sla_flags(
    complaints: pd.DataFrame,
    target_hours: float | Mapping[str, float] = 24,
    *,
    hours: str = "first_response_hours",
    severity: str = "severity",
) -> pd.DataFrame:
    """Flag each complaint that missed its service-level target (SLA).

    A complaint breaches the SLA when ``hours`` (default the first-response
    time) is above the target.  The target is one number of hours (default
    24) or one per severity, e.g. ``{"high": 4, "medium": 24, "low": 48}``.
    A missing time counts as a breach: the complaint was never answered.

    Returns
    -------
    DataFrame
        Same index as ``complaints``: ``hours``, ``target_hours``,
        ``breached`` (bool), ``hours_over`` (hours beyond the target, 0 if met).

    Raises
    ------
    CRMDataError
        Missing columns, an empty frame, text or negative hours, a target that
        is not positive, a severity without a target.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"first_response_hours": [2.0, 30.0]})
    >>> ck.sla_flags(log)["breached"].tolist()
    [False, True]
    """
    _complaints(complaints)
    validate.columns(complaints, {"hours": hours})
    taken = validate.numeric(complaints, hours, allow_missing=True)
    target = _targets(complaints, target_hours, severity)
    breached = taken.isna().to_numpy() | (taken.to_numpy() > target)
    over = np.where(taken.isna(), np.nan, np.maximum(taken.to_numpy() - target, 0.0))
    return pd.DataFrame({"hours": taken.to_numpy(), "target_hours": target,
                         "breached": breached, "hours_over": over}, index=complaints.index)


@validate.checked
def sla_breaches(
    complaints: pd.DataFrame,
    target_hours: float | Mapping[str, float] = 24,
    *,
    by: str | Sequence[str] | None = "channel",
    hours: str = "first_response_hours",
    severity: str = "severity",
) -> pd.DataFrame:
    """Share of complaints that missed the SLA target, per group.

    Uses the rules of :func:`sla_flags`.

    Returns
    -------
    DataFrame
        One row per group (``by``, default ``"channel"``; ``None`` for one
        row ``"all"``): ``complaints``, ``breaches``, ``breach_rate`` (0–1),
        ``median_hours``.

    Raises
    ------
    CRMDataError
        As :func:`sla_flags`, plus missing group labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"channel": ["app", "app", "hotline"],
    ...                     "first_response_hours": [2.0, 30.0, 5.0]})
    >>> ck.sla_breaches(log)["breach_rate"].tolist()
    [0.5, 0.0]
    """
    _complaints(complaints)
    flags = sla_flags(complaints, target_hours, hours=hours, severity=severity)
    grouped, names = _grouped(complaints, {"hours": flags["hours"], "breached": flags["breached"]},
                              by)
    table = pd.DataFrame({"complaints": grouped.size(),
                          "breaches": grouped["breached"].sum().astype(np.int64)})
    table["breach_rate"] = table["breaches"] / table["complaints"]
    table["median_hours"] = grouped["hours"].median()
    return _name_index(table, names)


@validate.checked
def cause_pareto(complaints: pd.DataFrame, cause: str = "cause") -> pd.DataFrame:
    """Complaints per cause, largest first, with the cumulative share (a Pareto table).

    A few causes usually explain most complaints: fix those first.  Ties
    are ordered by cause name, so the table does not depend on row order.

    Returns
    -------
    DataFrame
        Index ``cause`` (named after the column); ``count``, ``share`` and
        ``cumulative_share`` (0–1, ending at 1).

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, missing causes.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"cause": ["quality", "price", "quality", "delivery", "quality"]})
    >>> ck.cause_pareto(log)["cumulative_share"].tolist()
    [0.6, 0.8, 1.0]
    """
    _complaints(complaints)
    labels = _labels(complaints, cause, keyword="cause")
    counts = labels.value_counts(sort=False)
    order = sorted(counts.index, key=lambda c: (-counts[c], c))
    counts = counts.reindex(order)
    table = pd.DataFrame({"count": counts.to_numpy(dtype=np.int64)},
                         index=pd.Index(order, name=cause))
    table["share"] = table["count"] / table["count"].sum()
    table["cumulative_share"] = np.minimum(table["count"].cumsum() / table["count"].sum(), 1.0)
    return table


@validate.checked
def repeat_complainers(
    complaints: pd.DataFrame,
    min_complaints: int = 2,
    *,
    customer: str = "customer_id",
    received: str = "received_at",
) -> pd.DataFrame:
    """Customers who complained at least ``min_complaints`` times (default 2).

    Returns
    -------
    DataFrame
        One row per repeat complainer (most complaints first, then by id):
        ``complaints``, ``first_complaint``, ``last_complaint``.

    Raises
    ------
    CRMDataError
        Missing columns or ids, unparseable dates, an empty frame.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"customer_id": ["A", "B", "A"],
    ...                     "received_at": ["2024-01-02", "2024-01-05", "2024-03-01"]})
    >>> ck.repeat_complainers(log)["complaints"].to_dict()
    {'A': 2}
    """
    _complaints(complaints)
    least = validate.number(min_complaints, "min_complaints", low=1, integer=True)
    validate.columns(complaints, {"customer": customer, "received": received})
    codes, names = _customers.group_codes(complaints, customer)
    when = validate.dates(complaints, received)
    frame = pd.DataFrame({"code": codes, "when": when.to_numpy()})
    table = frame.groupby("code", sort=True)["when"].agg(["size", "min", "max"])
    table.columns = ["complaints", "first_complaint", "last_complaint"]
    table.index = names.take(table.index.to_numpy())
    table = table[table["complaints"] >= least]
    return table.sort_values("complaints", ascending=False, kind="stable")


@validate.checked
def iceberg(complaints_heard: Any, voice_rate: float = 0.04, *,
            customer: str = "customer_id") -> pd.Series:
    """The complaint iceberg: how many dissatisfied customers we never hear from.

    Only a few dissatisfied customers complain; most just leave.  The course
    figure (seed 002) is that 96 % never complain, so we hear from 4 in 100
    (``voice_rate=0.04``).  Estimated dissatisfied customers = heard /
    voice_rate; silent = dissatisfied − heard.

    Parameters
    ----------
    complaints_heard:
        The number of customers who complained, or the complaints frame (its
        distinct customers are counted, so one angry customer counts once).
    voice_rate:
        Share of dissatisfied customers who complain, in (0, 1].

    Returns
    -------
    Series
        ``heard``, ``silent``, ``dissatisfied`` (the estimate), ``voice_rate``.

    Raises
    ------
    CRMDataError
        A negative or non-numeric count, a ``voice_rate`` of 0 or above 1
        (4 is read as a percentage and refused with the fix 0.04).

    Examples
    --------
    >>> import crmkit as ck
    >>> float(ck.iceberg(4)["dissatisfied"])
    100.0
    """
    rate = validate.fraction(voice_rate, "voice_rate", allow_zero=False)
    if isinstance(complaints_heard, pd.DataFrame):
        validate.frame(complaints_heard, what="complaints")
        heard = float(_customers.customer_ids(complaints_heard, customer).nunique())
    else:
        heard = float(validate.number(complaints_heard, "complaints_heard", low=0,
                                      integer=True))
    total = heard / rate
    # 4 / 0.04 is 100.00000000000001 in binary floating point; the estimate
    # is rough anyway, so drop that noise.
    total = float(np.round(total, 9))
    return pd.Series({"heard": heard, "silent": total - heard, "dissatisfied": total,
                      "voice_rate": rate}, name="iceberg")

#: The columns :func:`recovery_effect` reads, by role, as the sample data name them.
RECOVERY_COLUMNS: dict[str, str] = {
    "customer": "customer_id",
    "received": "received_at",
    "outcome": "outcome",
    "date": "order_date",
    "amount": "revenue",
}


@validate.checked
def recovery_effect(
    complaints: pd.DataFrame,
    transactions: pd.DataFrame,
    window_days: int = 180,
    *,
    by: str | None = None,
    recovered: str | Sequence[str] = "resolved",
    as_of: Any = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Do complainers whose problem was solved come back? Later spend and return rate.

    For each complaint it looks at the customer's orders in the
    ``window_days`` after the complaint: from the day after it was received up
    to and including ``window_days`` days later (an order on the day of the
    complaint may have come before it and does not count; times of day are
    dropped).  Complaints are *recovered* when
    ``outcome`` is in ``recovered`` (default ``"resolved"``; partly resolved
    and unresolved count as not recovered).  Complaints whose window runs past
    ``as_of`` (default: the last order day) are left out
    (``result.attrs["left_out"]``): we cannot yet see what those customers did.

    Parameters
    ----------
    by:
        Instead of recovered / not recovered, compare the values of this
        column (e.g. ``"outcome"``, ``"remedy"``).
    columns:
        The names of the columns, by role, where they differ from the sample
        data's (:data:`RECOVERY_COLUMNS`), e.g. ``columns={"customer": "client"}``:
        ``customer`` (in both frames), ``received`` and ``outcome`` (in
        ``complaints``), ``date`` and ``amount`` (in ``transactions``).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        One row per group (``recovered``, ``not_recovered``, or the ``by``
        values): ``complaints``, ``returned`` (complaints followed by an order),
        ``return_rate`` (0–1), ``mean_later_spend``, ``median_later_spend``
        (yuan in the window, zeros included), ``mean_later_orders``.

    Raises
    ------
    CRMDataError
        Missing columns or ids, unparseable dates, text or negative amounts,
        empty frames, an ``as_of`` before the first order, a ``window_days``
        below 1, no complaint with a complete window.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> log = pd.DataFrame({"customer_id": ["A", "B"], "outcome": ["resolved", "unresolved"],
    ...                     "received_at": ["2024-01-10 09:00", "2024-01-10 15:30"]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B"], "revenue": [80.0, 50.0],
    ...                        "order_date": ["2024-02-01", "2024-12-31"]})
    >>> ck.recovery_effect(log, orders, 90)["return_rate"].to_dict()
    {'not_recovered': 0.0, 'recovered': 1.0}
    """
    _complaints(complaints)
    roles = validate.column_map(columns, RECOVERY_COLUMNS)
    outcome = roles["outcome"]
    validate.columns(complaints, validate.needed(roles, "customer", "received"))
    if by is None:
        result_of = _labels(complaints, outcome, keyword="columns:outcome")
        wanted = validate.labels(result_of.astype(str), recovered, "recovered")
        group = np.where(result_of.astype(str).isin(wanted), "recovered", "not_recovered")
    else:
        group = _labels(complaints, by, keyword="by").to_numpy(dtype=object)
    later = _customers.later_activity(complaints, transactions, window_days, roles=roles,
                                      event="received", spend=True, as_of=as_of,
                                      names=("complaints", "complaint", "一条投诉"))
    complete = later["complete"].to_numpy()
    seen = later[complete].astype({"later_orders": np.int64})
    grouped = seen.assign(group=np.asarray(group)[complete],
                          returned=seen["later_orders"] > 0).groupby("group", sort=True)
    table = pd.DataFrame({
        "complaints": grouped.size(),
        "returned": grouped["returned"].sum().astype(np.int64),
    })
    table["return_rate"] = table["returned"] / table["complaints"]
    table["mean_later_spend"] = grouped["later_spend"].mean()
    table["median_later_spend"] = grouped["later_spend"].median()
    table["mean_later_orders"] = grouped["later_orders"].mean()
    table.index.name = by if by is not None else "group"
    table.attrs["left_out"] = int((~complete).sum())
    table.attrs["window_days"] = later.attrs["window_days"]
    return table
