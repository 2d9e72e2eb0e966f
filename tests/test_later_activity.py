"""The event → later-activity window, shared by recovery_effect and satisfaction_curve.

``crmkit._customers.later_activity`` answers one question for both functions:
what did the customer of each event (a complaint, a survey answer) do in the
``window_days`` after it?  These tests hold

* the window's boundary, worked by hand: an order on the day of the event does
  not count, an order ``window_days`` days later does, one a day later does not;
* that the two functions built on it return exactly what they returned before
  it was shared (``tests/golden/later_activity_before.csv``, written by the
  code of commit 1424a60 on the sample data; see :func:`write_golden`), and
  what a plain pandas merge of events and orders says, window by window.

Usage: ``python tests/test_later_activity.py --write`` rewrites the golden
file; do that only when the sample data change on purpose, and say so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import _customers, complaints, satisfaction

GOLDEN = Path(__file__).resolve().parent / "golden" / "later_activity_before.csv"

#: The calls whose results are kept in the golden file: (name, function, keyword arguments).
CALLS = [
    ("recovery_default", "recovery_effect", {}),
    ("recovery_30", "recovery_effect", {"window_days": 30}),
    ("recovery_90", "recovery_effect", {"window_days": 90}),
    ("recovery_365", "recovery_effect", {"window_days": 365}),
    ("recovery_by_outcome", "recovery_effect", {"window_days": 90, "by": "outcome"}),
    ("recovery_by_remedy", "recovery_effect", {"by": "remedy"}),
    ("recovery_partly", "recovery_effect",
     {"window_days": 60, "recovered": ["resolved", "partly_resolved"]}),
    ("recovery_as_of", "recovery_effect", {"window_days": 90, "as_of": "2024-12-31"}),
    ("curve_default", "satisfaction_curve", {}),
    ("curve_1", "satisfaction_curve", {"window_days": 1}),
    ("curve_30", "satisfaction_curve", {"window_days": 30}),
    ("curve_90", "satisfaction_curve", {"window_days": 90}),
    ("curve_365", "satisfaction_curve", {"window_days": 365}),
    ("curve_recommend", "satisfaction_curve", {"window_days": 120, "score": "recommend"}),
    ("curve_as_of", "satisfaction_curve", {"window_days": 60, "as_of": "2024-06-30"}),
]


def _run(function: str, kwargs: dict) -> pd.DataFrame:
    orders = ck.load_transactions()
    if function == "recovery_effect":
        return complaints.recovery_effect(ck.load_complaints(), orders, **kwargs)
    return satisfaction.satisfaction_curve(ck.load_survey(), orders, **kwargs)


def _long(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per cell, per attrs entry and per dtype, as text that reads back exactly."""
    cells = pd.DataFrame([(row, column, _exact(value)) for row, values in frame.iterrows()
                          for column, value in values.items()],
                         columns=["row", "column", "value"])
    extra = pd.DataFrame({"row": "attrs", "column": list(frame.attrs),
                          "value": [_exact(v) for v in frame.attrs.values()]})
    kinds = pd.DataFrame({"row": "dtype", "column": [*frame.columns, "index"],
                          "value": [*map(str, frame.dtypes), f"{frame.index.name} "
                                    f"{frame.index.dtype}"]})
    out = pd.concat([cells, extra, kinds], ignore_index=True).astype({"row": str})
    out.insert(0, "call", name)
    return out[["call", "row", "column", "value"]]


def _exact(value: object) -> str:
    """A value as text that reads back exactly: a number as the repr of its float."""
    return repr(float(value)) if isinstance(value, int | float | np.number) else repr(value)


def _all_results() -> pd.DataFrame:
    return pd.concat([_long(name, _run(function, kwargs)) for name, function, kwargs in CALLS],
                     ignore_index=True)


def write_golden() -> None:
    """Write the golden file from the code as it is now (run before changing the window)."""
    GOLDEN.parent.mkdir(exist_ok=True)
    _all_results().to_csv(GOLDEN, index=False, encoding="utf-8")


# --------------------------------------------------------------------------- the boundary

EVENTS = pd.DataFrame({"customer_id": ["A", "B", "C"],
                       "happened": ["2024-01-10 15:00", "2024-01-10", "2024-03-01"]})
# A buys on the event day (too early: it may have come before the event), on day 1 and on
# day 30 (the last day of a 30-day window) and on day 31 (too late); B never buys after it;
# C's 30-day window ends on 2024-03-31, after the last order day (2024-02-10): not complete.
ORDERS = pd.DataFrame({
    "customer_id": ["A", "A", "A", "A", "B", "C"],
    "order_date": ["2024-01-10 09:00", "2024-01-11", "2024-02-09", "2024-02-10", "2024-01-01",
                   "2024-01-20"],
    "revenue": [1.0, 10.0, 100.0, 1000.0, 7.0, 5.0],
})
ROLES = {"customer": "customer_id", "happened": "happened", "date": "order_date",
         "amount": "revenue"}


def test_the_window_starts_the_day_after_the_event_and_ends_on_day_n():
    later = _customers.later_activity(EVENTS, ORDERS, 30, roles=ROLES, event="happened",
                                      spend=True)
    assert later.index.equals(EVENTS.index)
    assert later["complete"].tolist() == [True, True, False]
    assert later.loc[0, "later_orders"] == 2            # day 1 and day 30
    assert later.loc[0, "later_spend"] == 110.0          # not 1 (day 0) nor 1,000 (day 31)
    assert (later.loc[1, "later_orders"], later.loc[1, "later_spend"]) == (0, 0.0)
    assert pd.isna(later.loc[2, "later_orders"]) and np.isnan(later.loc[2, "later_spend"])
    shorter = _customers.later_activity(EVENTS, ORDERS, 29, roles=ROLES, event="happened")
    assert shorter.loc[0, "later_orders"] == 1          # day 30 is outside a 29-day window
    assert "later_spend" not in shorter.columns
    longer = _customers.later_activity(EVENTS, ORDERS, 31, roles=ROLES, event="happened",
                                       as_of="2024-02-10", spend=True)
    assert longer.loc[0, "later_spend"] == 1110.0


def test_as_of_ends_what_is_seen():
    later = _customers.later_activity(EVENTS, ORDERS, 5, roles=ROLES, event="happened",
                                      as_of="2024-01-15", spend=True)
    assert later["complete"].tolist() == [True, True, False]
    assert later.loc[0, "later_spend"] == 10.0  # the orders after 2024-01-15 are not seen yet


def test_no_complete_window_is_refused_naming_the_events():
    with pytest.raises(ck.CRMDataError, match="no complaint has a complete 400-day window") \
            as refused:
        _customers.later_activity(EVENTS, ORDERS, 400, roles=ROLES, event="happened",
                                  names=("events", "complaint", "一条投诉"))
    assert "没有任何一条投诉有完整的 400 天观察期" in refused.value.zh
    with pytest.raises(ck.CRMDataError, match=r"window_days must lie in \[1"):
        _customers.later_activity(EVENTS, ORDERS, 0, roles=ROLES, event="happened")


# --------------------------------------------------------------------------- before == after


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return _all_results()


def test_both_functions_return_exactly_what_they_returned_before(results):
    before = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False, encoding="utf-8")
    assert len(before) > 150 and set(before["call"]) == {name for name, _, _ in CALLS}
    # Columns added since (chapter 07's intervals and zones of the curve) are not in the
    # golden file; every cell, attrs entry and dtype that is must be unchanged.
    known = before[["call", "column"]].drop_duplicates()
    now = results.astype(str).merge(known, on=["call", "column"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(now, before)


def _by_merge(events: pd.DataFrame, day: str, window: int, as_of: str | None):
    """Later orders and spend per event by a plain merge (no binary search), or None."""
    orders = ck.load_transactions()
    end = (pd.Timestamp(as_of) if as_of else orders["order_date"].max()).normalize()
    events = events.assign(day=events[day].dt.normalize(), event=np.arange(len(events)))
    complete = events["day"] + pd.Timedelta(days=window) <= end
    pairs = events[complete].merge(orders, on="customer_id", how="left")
    ordered = pairs["order_date"].dt.normalize()
    inside = (ordered > pairs["day"]) & (ordered <= pairs["day"] + pd.Timedelta(days=window))
    pairs = pairs.assign(n=inside.astype(int), spend=pairs["revenue"].where(inside, 0.0))
    per_event = pairs.groupby("event").agg(n=("n", "sum"), spend=("spend", "sum"))
    return events[complete].join(per_event, on="event")


@pytest.mark.parametrize("window, as_of", [(30, None), (180, None), (90, "2024-12-31")])
def test_recovery_effect_agrees_with_a_plain_merge(window, as_of):
    table = complaints.recovery_effect(ck.load_complaints(), ck.load_transactions(), window,
                                       as_of=as_of)
    merged = _by_merge(ck.load_complaints(), "received_at", window, as_of)
    group = np.where(merged["outcome"] == "resolved", "recovered", "not_recovered")
    by_group = merged.groupby(group)
    assert table["complaints"].to_dict() == by_group.size().to_dict()
    assert table["returned"].to_dict() == (merged["n"] > 0).groupby(group).sum().to_dict()
    assert table["mean_later_orders"].to_dict() == pytest.approx(by_group["n"].mean().to_dict())
    assert table["mean_later_spend"].to_dict() == pytest.approx(
        by_group["spend"].mean().to_dict())


@pytest.mark.parametrize("window, as_of", [(1, None), (90, None), (60, "2024-06-30")])
def test_satisfaction_curve_agrees_with_a_plain_merge(window, as_of):
    curve = satisfaction.satisfaction_curve(ck.load_survey(), ck.load_transactions(), window,
                                            as_of=as_of)
    merged = _by_merge(ck.load_survey(), "survey_date", window, as_of)
    came_back = (merged["n"] > 0).groupby(merged["satisfaction"])
    assert curve["respondents"].to_dict() == came_back.size().to_dict()
    assert curve["repurchasers"].to_dict() == came_back.sum().to_dict()


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write_golden()
    print(f"wrote {GOLDEN}")
