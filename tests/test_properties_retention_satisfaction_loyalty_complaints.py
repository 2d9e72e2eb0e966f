"""Property tests (hypothesis) for retention, satisfaction, loyalty and complaints.

Two kinds of property:

* **hostile input** — random frames spoiled in one way a student might spoil
  them (a missing or renamed column, text in a number column, a gap, a
  negative amount, a date that does not parse, an empty frame, not a frame at
  all) and out-of-range arguments (as_of before the data, rates above 1,
  percentages for fractions): the only exception ever raised is CRMDataError;
* **invariants** on valid random frames — rates stay within 0–1, NPS within
  −100…100, cohort sizes add up to the customers, results agree with a plain
  pandas computation, and the input frames are never changed.
"""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmkit as ck
from crmkit import acquisition, complaints, ladder, loyalty, retention, satisfaction
from crmkit.errors import CRMDataError

SETTINGS = settings(max_examples=30, deadline=None,
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


def _only_crm_errors(*calls):
    """Run each call; CRMDataError is fine, any other exception fails the test."""
    for call in calls:
        try:
            call()
        except ck.CRMDataError:
            pass


# ------------------------------------------------------------------ hostile input
@SETTINGS
@given(orders=spoiled(transactions()), log=spoiled(acquisition_logs()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 0.5, 1, 1.5, 80, "x", None, 3]))
def test_retention_raises_only_crm_errors(orders, log, as_of, number):
    _only_crm_errors(
        lambda: retention.cohort_table(orders),
        lambda: retention.cohort_table(orders, kind="count", periods=number),
        lambda: retention.retention_curve(orders, by="channel"),
        lambda: retention.retention_rate(orders, freq="Q"),
        lambda: retention.churn_flags(orders),
        lambda: retention.churn_flags(orders, as_of=as_of, inactive_days=number),
        lambda: ladder.customer_ladder(orders),
        lambda: ladder.customer_ladder(orders, customers=CUSTOMERS, as_of=as_of),
        lambda: ladder.ladder_funnel(orders, customers=CUSTOMERS, suspects=number),
        lambda: ladder.ladder_funnel({"first_time_buyer": number, "repeat_buyer": 2}),
        lambda: retention.expected_lifetime(number),
        lambda: retention.expected_lifetime([0.5, number]),
        lambda: retention.retention_from_counts(10, number, 2),
        lambda: retention.retention_value(0.8, margin=100, rises=(number,)),
        lambda: acquisition.payback_period(number, margin=10, retention=0.8),
        lambda: acquisition.payback_period(100, margin=number, retention=number),
        lambda: acquisition.acquisition_funnel(log),
        lambda: acquisition.acquisition_funnel(log, customers=CUSTOMERS,
                                               transactions=orders),
    )


@SETTINGS
@given(survey=spoiled(surveys()), orders=spoiled(transactions()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 1, 2, 6, 90, 11, 0.5, "x", None]))
def test_satisfaction_and_loyalty_raise_only_crm_errors(survey, orders, as_of, number):
    _only_crm_errors(
        lambda: satisfaction.score_distribution(survey),
        lambda: satisfaction.score_summary(survey, ["satisfaction", "recommend"]),
        lambda: satisfaction.top_box(survey, top=number),
        lambda: satisfaction.top_box(survey, "recommend", threshold=number),
        lambda: satisfaction.nps(survey),
        lambda: satisfaction.nps(survey, by="satisfaction"),
        lambda: satisfaction.importance_performance(survey, ATTRS),
        lambda: satisfaction.importance_performance(survey, ATTRS, thresholds=(number, 3)),
        lambda: satisfaction.satisfaction_curve(survey, orders, window_days=number,
                                                as_of=as_of),
        lambda: loyalty.loyalty_matrix(survey, orders),
        lambda: loyalty.loyalty_matrix(survey, orders, patronage="active_share",
                                       attitude_cut=number),
        lambda: loyalty.share_of_wallet(orders),
        lambda: loyalty.share_of_wallet(orders, quantile=number),
        lambda: satisfaction.satisfaction_curve(survey, orders),
        lambda: loyalty.share_of_wallet(orders, number),
        lambda: loyalty.share_of_wallet(orders, {"C1": number, "C2": 1e9}),
        lambda: loyalty.programme_breakeven(number, 100, number, 5, 1000),
        lambda: ladder.customer_ladder(orders, customers=CUSTOMERS, survey=survey),
    )


@SETTINGS
@given(log=spoiled(complaint_logs()), orders=spoiled(transactions()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 0.04, 1, 1.5, 4, 24, "x", None, {"low": 8},
                               {"low": 8, "high": 4}]))
def test_complaints_raise_only_crm_errors(log, orders, as_of, number):
    _only_crm_errors(
        lambda: complaints.complaint_times(log),
        lambda: complaints.complaint_times(log, by=["cause", "channel"]),
        lambda: complaints.sla_flags(log, number),
        lambda: complaints.sla_breaches(log, number, by="severity"),
        lambda: complaints.cause_pareto(log),
        lambda: complaints.repeat_complainers(log),
        lambda: complaints.repeat_complainers(log, number),
        lambda: complaints.recovery_effect(log, orders),
        lambda: complaints.iceberg(log, voice_rate=number),
        lambda: complaints.iceberg(number),
        lambda: complaints.recovery_effect(log, orders, window_days=number, as_of=as_of),
        lambda: complaints.recovery_effect(log, orders, by="cause"),
    )


# ------------------------------------------------------------------ invariants
def _rate_ok(values):
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return bool(((values >= 0) & (values <= 1 + 1e-12)).all())


@SETTINGS
@given(orders=transactions(), seed=st.integers(0, 1000))
def test_retention_invariants(orders, seed):
    before = copy.deepcopy(orders)
    counts = retention.cohort_table(orders, kind="count")
    rates = retention.cohort_table(orders)
    # cohort sizes are conserved and rates stay within 0-1, month 0 at 1
    assert counts[0].sum() == orders["customer_id"].nunique()
    assert _rate_ok(rates.to_numpy()) and (rates[0] == 1.0).all()
    # the same table whatever the row order
    shuffled = orders.sample(frac=1, random_state=seed)
    pd.testing.assert_frame_equal(retention.cohort_table(shuffled), rates)
    assert _rate_ok(retention.retention_curve(orders, by="channel").to_numpy())
    # churn flags agree with a plain groupby
    flags = retention.churn_flags(orders, inactive_days=90)
    plain = orders.groupby("customer_id")["order_date"].agg(["max", "size"])
    assert flags["orders"].to_dict() == plain["size"].to_dict()
    assert (flags["last_purchase"] == plain["max"]).all()
    assert (flags["churned"] == (flags["days_inactive"] > 90)).all()
    assert (flags["days_inactive"] >= 1).all()  # default as_of: the day after the last order
    months = orders["order_date"].dt.to_period("M")
    if months.nunique() > 1 or months.min() != months.max():
        rate = retention.retention_rate(orders)
        assert _rate_ok(rate["retention_rate"]) and (rate["retained"] <= rate["active"]).all()
        active = orders.groupby(months)["customer_id"].nunique()
        assert rate["active"].to_dict() == active.reindex(rate.index, fill_value=0).to_dict()
    funnel_by_channel = acquisition.acquisition_funnel(
        pd.DataFrame({"channel": ["store", "app"], "spend": [100.0, 50.0], "leads": [10, 5],
                      "first_purchases": [4, 0]}), customers=CUSTOMERS, transactions=orders)
    assert _rate_ok(funnel_by_channel["lead_conversion"]) and _rate_ok(
        funnel_by_channel["repeat_rate"])
    funnel = ladder.ladder_funnel(orders, customers=CUSTOMERS)
    assert (np.diff(funnel["count"].to_numpy()) <= 0).all()
    assert _rate_ok(funnel["conversion"])
    pd.testing.assert_frame_equal(orders, before)


@SETTINGS
@given(rate=st.floats(0, 0.999))
def test_expected_lifetime_is_at_least_one_period(rate):
    life = retention.expected_lifetime(rate)
    assert life >= 1.0
    assert np.isclose(life * (1 - rate), 1.0)


@SETTINGS
@given(survey=surveys(), orders=transactions())
def test_satisfaction_and_loyalty_invariants(survey, orders):
    before_s, before_o = copy.deepcopy(survey), copy.deepcopy(orders)
    result = satisfaction.nps(survey)
    assert -100 <= result["nps"] <= 100
    shares = result[["promoter_share", "passive_share", "detractor_share"]].sum()
    assert np.isclose(shares, 1.0)
    dist = satisfaction.score_distribution(survey)
    assert np.isclose(dist["share"].sum(), 1.0) and dist["count"].sum() == len(survey)
    assert 0 <= satisfaction.top_box(survey, top=2) <= 1
    ipa = satisfaction.importance_performance(survey, ATTRS)
    assert set(ipa["quadrant"].astype(str)) <= set(satisfaction.QUADRANTS)
    end = orders["order_date"].max().normalize()
    if not survey["customer_id"].isin(orders["customer_id"]).any():
        # frames about different customers are refused, never answered with zeros
        with pytest.raises(CRMDataError, match="share no customer id"):
            loyalty.loyalty_matrix(survey, orders)
        return
    if (survey["survey_date"] + pd.Timedelta(days=30) <= end).any():
        curve = satisfaction.satisfaction_curve(survey, orders, window_days=30)
        assert _rate_ok(curve["repurchase_rate"])
        assert (curve["repurchasers"] <= curve["respondents"]).all()
    matrix = loyalty.loyalty_matrix(survey, orders)
    assert len(matrix) == survey["customer_id"].nunique()
    assert loyalty.loyalty_counts(matrix).to_numpy().sum() == len(matrix)
    wallet = loyalty.share_of_wallet(orders)
    assert _rate_ok(wallet["share_of_wallet"])
    pd.testing.assert_frame_equal(survey, before_s)
    pd.testing.assert_frame_equal(orders, before_o)


@SETTINGS
@given(log=complaint_logs(), orders=transactions(),
       voice=st.floats(0.001, 1.0), heard=st.integers(0, 10_000))
def test_complaint_invariants(log, orders, voice, heard):
    before = copy.deepcopy(log)
    table = complaints.sla_breaches(log, {"low": 24, "high": 4}, by="cause")
    assert _rate_ok(table["breach_rate"]) and table["complaints"].sum() == len(log)
    pareto = complaints.cause_pareto(log)
    assert np.isclose(pareto["cumulative_share"].iloc[-1], 1.0)
    assert (np.diff(pareto["cumulative_share"].to_numpy()) >= 0).all()
    berg = complaints.iceberg(heard, voice_rate=voice)
    assert berg["dissatisfied"] >= berg["heard"] - 1e-9 and berg["silent"] >= -1e-9
    times = complaints.complaint_times(log, by="channel")
    assert (times["response_median"] <= times["response_p90"] + 1e-9).all()
    end = orders["order_date"].max().normalize()
    comparable = (log["customer_id"].isin(orders["customer_id"]).any()
                  and (log["outcome"] == "resolved").any())
    if not comparable:  # no shared customer, or no complaint with the outcome "resolved"
        with pytest.raises(CRMDataError, match="share no customer id|does not occur"):
            complaints.recovery_effect(log, orders, window_days=30)
    elif (log["received_at"].dt.normalize() + pd.Timedelta(days=30) <= end).any():
        effect = complaints.recovery_effect(log, orders, window_days=30)
        assert _rate_ok(effect["return_rate"]) and (effect["mean_later_spend"] >= 0).all()
    pd.testing.assert_frame_equal(log, before)
