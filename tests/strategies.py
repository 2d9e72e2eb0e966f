"""Hypothesis strategies and helpers the property tests share.

Valid random frames in the sample data's shapes (orders with money and flags,
transactions, survey answers, complaint logs, acquisition logs), the ways a
student spoils them, and the checks that only CRMDataError escapes.
"""

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from crmkit import identify, select, value
from crmkit.errors import CRMDataError

ORDER_SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

ORDER_IDS = st.sampled_from([f"C{i}" for i in range(1, 9)])

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))

MONEY = st.integers(min_value=0, max_value=2_000_000).map(lambda cents: cents / 100)

@st.composite
def orders(draw, min_size=1, max_size=40):
    """A valid transactions frame in the sample data's shape."""
    rows = draw(st.lists(st.tuples(ORDER_IDS, DAYS, MONEY, MONEY, st.booleans(), st.booleans()),
                         min_size=min_size, max_size=max_size))
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue", "cost",
                                        "returned", "unpaid"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["discount"] = (frame["revenue"] * 0.05).round(2)
    if draw(st.booleans()):  # dates as text, as read from a CSV without parse_dates
        frame["order_date"] = frame["order_date"].dt.strftime("%Y-%m-%d")
    return frame

SPOILS = [
    "drop_customer", "drop_date", "drop_amount", "drop_cost", "drop_flag", "text_amount",
    "nan_amount", "inf_amount", "negative_amount", "huge_amount", "empty", "bad_date",
    "missing_date", "far_date", "numeric_dates", "missing_id", "mixed_ids", "bad_flag",
    "nullable_na_amount", "not_a_frame", "duplicate_column",
]

def spoil(frame: pd.DataFrame, how: str, row: int):
    """Return a copy of ``frame`` damaged in one way (row picks the damaged row)."""
    bad = frame.copy()
    row = row % len(bad)
    label = bad.index[row]
    if how.startswith("drop_"):
        column = {"customer": "customer_id", "date": "order_date", "amount": "revenue",
                  "cost": "cost", "flag": "returned"}[how[5:]]
        return bad.drop(columns=column)
    if how in ("text_amount", "nan_amount", "inf_amount", "negative_amount", "huge_amount"):
        new = {"text_amount": "12,50 yuan", "nan_amount": np.nan, "inf_amount": np.inf,
               "negative_amount": -5.0, "huge_amount": 1e300}[how]
        column = bad["revenue"].astype(object) if how == "text_amount" else bad["revenue"]
        column = column.copy()
        column.loc[label] = new
        bad["revenue"] = column
        return bad
    if how == "nullable_na_amount":
        bad["revenue"] = pd.array(bad["revenue"].round(0).astype("int64"), dtype="Int64")
        bad.loc[label, "revenue"] = pd.NA
        return bad
    if how == "empty":
        return bad.iloc[:0]
    if how in ("bad_date", "missing_date", "far_date"):
        dates = bad["order_date"].astype(str).astype(object)
        dates.loc[label] = {"bad_date": "2025-02-30", "missing_date": None,
                            "far_date": "9999-12-31"}[how]
        bad["order_date"] = dates
        return bad
    if how == "numeric_dates":
        bad["order_date"] = np.arange(len(bad))
        return bad
    if how in ("missing_id", "mixed_ids"):
        ids = bad["customer_id"].astype(object)
        ids.loc[label] = None if how == "missing_id" else 7
        bad["customer_id"] = ids
        return bad
    if how == "bad_flag":
        flags = bad["returned"].astype(object)
        flags.loc[label] = "maybe"
        bad["returned"] = flags
        return bad
    if how == "not_a_frame":
        return bad.to_dict("list")
    if how == "duplicate_column":
        return pd.concat([bad, bad[["revenue"]]], axis=1)
    raise AssertionError(how)

def only_crm_errors(call, *args, **kwargs):
    """Run ``call``; a CRMDataError is an acceptable answer, anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except CRMDataError as err:
        assert str(err)  # every message says something
        return None

FRAME_FUNCTIONS = [
    ("rfm_scores", value.rfm_scores, {}),
    ("pareto_curve", select.pareto_curve, {}),
    ("top_share", select.top_share, {}),
    ("abc_classes", select.abc_classes, {}),
    ("pyramid_tiers", select.pyramid_tiers, {}),
    ("value_matrix", select.value_matrix, {}),
    ("cost_to_serve", select.cost_to_serve, {}),
]

HOSTILE_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
    st.text(max_size=4), st.none(), st.booleans(), st.just([0.5]))

SIGNALS = list(identify.DEFAULT_LEAD_POINTS)

CELLS = st.one_of(st.booleans(), st.sampled_from(["yes", "no", "maybe", "", "1", "0"]),
                  st.none(), st.integers(-1, 2), st.floats(allow_nan=True))

TEXT = st.one_of(st.none(), st.text(max_size=8),
                 st.sampled_from(["杭州", "杭州市", "Hangzhou", " hangzhou ", "张 梅", "张梅",
                                  "100-1234-5678", "+8610012345678", "１００１２３４５６７８"]))

FRAME_SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

START = pd.Timestamp("2023-01-01")

IDS = ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]

ATTRS = ["price", "app"]

def _rows(draw, low=1, high=25):
    return draw(st.integers(low, high))

def _dates(draw, n, hourly=False):
    days = draw(st.lists(st.integers(0, 1094), min_size=n, max_size=n))
    stamps = START + pd.to_timedelta(days, unit="D")
    if hourly:
        hours = draw(st.lists(st.integers(0, 23), min_size=n, max_size=n))
        stamps = stamps + pd.to_timedelta(hours, unit="h")
    return stamps

@st.composite
def transactions(draw):
    n = _rows(draw)
    return pd.DataFrame({
        "customer_id": draw(st.lists(st.sampled_from(IDS), min_size=n, max_size=n)),
        "order_date": _dates(draw, n, hourly=True),
        "revenue": draw(st.lists(st.floats(0, 5000, allow_nan=False), min_size=n, max_size=n)),
        "channel": draw(st.lists(st.sampled_from(["store", "app"]), min_size=n, max_size=n)),
    })

@st.composite
def surveys(draw):
    n = _rows(draw)
    frame = pd.DataFrame({
        "customer_id": draw(st.lists(st.sampled_from(IDS), min_size=n, max_size=n)),
        "survey_date": _dates(draw, n),
        "satisfaction": draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)),
        "recommend": draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)),
    })
    for attr in ATTRS:
        frame[f"importance_{attr}"] = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
        frame[f"performance_{attr}"] = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    return frame

@st.composite
def complaint_logs(draw):
    n = _rows(draw)
    response = draw(st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n))
    extra = draw(st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n))
    return pd.DataFrame({
        "customer_id": draw(st.lists(st.sampled_from(IDS), min_size=n, max_size=n)),
        "received_at": _dates(draw, n, hourly=True),
        "channel": draw(st.lists(st.sampled_from(["hotline", "app"]), min_size=n, max_size=n)),
        "cause": draw(st.lists(st.sampled_from(["quality", "price", "other"]), min_size=n,
                               max_size=n)),
        "severity": draw(st.lists(st.sampled_from(["low", "high"]), min_size=n, max_size=n)),
        "first_response_hours": response,
        "resolution_hours": np.add(response, extra),
        "outcome": draw(st.lists(st.sampled_from(["resolved", "unresolved"]), min_size=n,
                                 max_size=n)),
    })

@st.composite
def acquisition_logs(draw):
    n = _rows(draw, high=8)
    leads = draw(st.lists(st.integers(0, 500), min_size=n, max_size=n))
    return pd.DataFrame({
        "month": ["2024-01"] * n,
        "channel": draw(st.lists(st.sampled_from(["store", "app", "referral"]), min_size=n,
                                 max_size=n)),
        "spend": draw(st.lists(st.floats(0, 1e5, allow_nan=False), min_size=n, max_size=n)),
        "leads": leads,
        "first_purchases": [draw(st.integers(0, lead)) for lead in leads],
    })

CUSTOMERS = pd.DataFrame({"customer_id": IDS + ["C8"],
                          "is_member": [True, False, True, True, False, True, False, True],
                          "channel": ["store", "app"] * 4})

BAD_VALUES = st.sampled_from(["abc", "", None, np.nan, -5, -0.01, "2024-13-45", "n/a", True,
                              np.inf, 3.5, 11, "   "])

@st.composite
def spoiled(draw, good):
    """A frame spoiled in one way, or (rarely) something that is not a frame at all."""
    frame = draw(good).copy()
    how = draw(st.sampled_from(["drop", "rename", "cell", "column", "empty", "not_frame",
                                "intact"]))
    column = draw(st.sampled_from(list(frame.columns)))
    if how == "drop":
        return frame.drop(columns=column)
    if how == "rename":
        return frame.rename(columns={column: column.upper()})
    if how == "cell":
        frame[column] = frame[column].astype(object)
        row = draw(st.integers(0, len(frame) - 1))
        frame.loc[frame.index[row], column] = draw(BAD_VALUES)
        return frame
    if how == "column":
        frame[column] = draw(st.sampled_from(["text", "2024-01-01", None, -1]))
        return frame
    if how == "empty":
        return frame.iloc[0:0]
    if how == "not_frame":
        return draw(st.sampled_from([None, [1, 2], {"a": 1}, "transactions.csv"]))
    return frame

AS_OF = st.sampled_from([None, "2022-01-01", "2026-06-30", "not a date", 12345, "2024-02-30",
                         pd.NaT])

def only_crm_errors_in(*calls):
    """Run each call; CRMDataError is fine, any other exception fails the test."""
    for call in calls:
        try:
            call()
        except CRMDataError:
            pass

def rates_ok(values):
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return bool(((values >= 0) & (values <= 1 + 1e-12)).all())
