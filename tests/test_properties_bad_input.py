"""Property tests (hypothesis): bad input never escapes as anything but CRMDataError.

Random frames spoiled in one of the ways a student might spoil them (a missing
or renamed column, text or NaN among amounts, a gap, a negative amount, an empty
frame, an unparseable date, a missing id, not a frame at all) and out-of-range
arguments (as_of before the data, percentages for fractions, cut-offs that do
not add up) go into the analytics of chapters 01-09; inputs are never changed.
"""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import (
    acquisition,
    complaints,
    identify,
    ladder,
    loyalty,
    retention,
    satisfaction,
    select,
    value,
)
from strategies import (
    AS_OF,
    ATTRS,
    CELLS,
    CUSTOMERS,
    DAYS,
    FRAME_FUNCTIONS,
    FRAME_SETTINGS,
    HOSTILE_NUMBERS,
    ORDER_SETTINGS,
    SIGNALS,
    SPOILS,
    TEXT,
    acquisition_logs,
    complaint_logs,
    only_crm_errors,
    only_crm_errors_in,
    orders,
    spoil,
    spoiled,
    surveys,
    transactions,
)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), how=st.sampled_from(SPOILS), row=st.integers(0, 100),
       which=st.sampled_from(range(len(FRAME_FUNCTIONS))))
def test_spoiled_transactions_raise_only_crm_errors(frame, how, row, which):
    _, func, kwargs = FRAME_FUNCTIONS[which]
    bad = spoil(frame, how, row)
    kept = copy.deepcopy(bad)
    only_crm_errors(func, bad, **kwargs)
    if isinstance(bad, pd.DataFrame):
        pd.testing.assert_frame_equal(bad, kept)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), as_of=st.one_of(st.none(), DAYS.map(str), st.just("2022-12-31"),
                                        st.just("not a day"), st.integers(-5, 5)),
       bins=st.one_of(st.integers(-2, 12), st.floats(0, 12), st.text(max_size=2)),
       cutoffs=st.one_of(st.lists(st.floats(-1, 100), min_size=0, max_size=5),
                         st.just((80, 15, 5)), st.just((0.8, 0.15))),
       top=HOSTILE_NUMBERS, window=HOSTILE_NUMBERS, threshold=HOSTILE_NUMBERS)
def test_hostile_arguments_raise_only_crm_errors(frame, as_of, bins, cutoffs, top, window,
                                                  threshold):
    kept = copy.deepcopy(frame)
    only_crm_errors(value.rfm_scores, frame, as_of=as_of, bins=bins)
    only_crm_errors(select.abc_classes, frame, cutoffs=cutoffs)
    only_crm_errors(select.pyramid_tiers, frame, shares=cutoffs)
    only_crm_errors(select.top_share, frame, top)
    only_crm_errors(select.value_matrix, frame, as_of=as_of, window_days=window,
                    current_threshold=threshold)
    only_crm_errors(select.cost_to_serve, frame, return_handling_cost=threshold)
    pd.testing.assert_frame_equal(frame, kept)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(args=st.lists(HOSTILE_NUMBERS, min_size=8, max_size=8), periods=st.one_of(
    st.none(), st.integers(-3, 50), st.floats(allow_nan=True), st.text(max_size=2)))
def test_scalar_functions_raise_only_crm_errors(args, periods):
    only_crm_errors(value.clv_seed, *args[:4])
    only_crm_errors(value.acquisition_cost, *args[:2])
    result = only_crm_errors(value.clv, *args[:3], periods=periods)
    assert result is None or np.isfinite(result)
    only_crm_errors(value.clv_table, *args[:3])
    only_crm_errors(value.accumulation_table, args[0], (args[1], args[2]), args[3])
    only_crm_errors(value.delivered_value, *args)
    only_crm_errors(value.lifetime_totals, {"A": args[:3]})


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=len(SIGNALS), max_size=len(SIGNALS)),
                     min_size=0, max_size=12),
       drop=st.sampled_from([None, *SIGNALS]))
def test_leads_raise_only_crm_errors(rows, drop):
    leads = pd.DataFrame(rows, columns=SIGNALS)
    if drop:
        leads = leads.drop(columns=drop)
    kept = copy.deepcopy(leads)
    scored = only_crm_errors(identify.lead_score, leads)
    if scored is not None:
        assert scored["lead_score"].between(0, 100).all()
    man = only_crm_errors(identify.man_qualify, leads)
    if man is not None:
        assert man["man_code"].isin(list(identify.MAN_ACTIONS)).all()
    pd.testing.assert_frame_equal(leads, kept)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT, st.one_of(st.none(), st.integers(1800, 2200),
                                                           st.floats(allow_nan=True))),
                     min_size=0, max_size=15))
def test_customer_records_raise_only_crm_errors(rows):
    raw = pd.DataFrame(rows, columns=["name", "phone", "city", "birth_year"])
    kept = copy.deepcopy(raw)
    report = only_crm_errors(identify.data_quality_report, raw)
    if report is not None:
        assert (report["missing"] <= len(raw)).all()
        checked = report["invalid"].fillna(0) + report["missing"]
        assert (checked.iloc[:-1] <= len(raw)).all()
    result = only_crm_errors(identify.deduplicate, raw)
    if result is not None:
        assert len(result.customers) + len(result.merges) == len(raw)
        assert set(result.merges["kept"]) <= set(result.customers.index)
    masked = only_crm_errors(identify.mask_pii, raw)
    if masked is not None:
        assert masked.shape == raw.shape
        assert masked["city"].equals(raw["city"])
    pd.testing.assert_frame_equal(raw, kept)


@FRAME_SETTINGS
@given(orders=spoiled(transactions()), log=spoiled(acquisition_logs()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 0.5, 1, 1.5, 80, "x", None, 3]))
def test_retention_raises_only_crm_errors(orders, log, as_of, number):
    only_crm_errors_in(
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


@FRAME_SETTINGS
@given(survey=spoiled(surveys()), orders=spoiled(transactions()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 1, 2, 6, 90, 11, 0.5, "x", None]))
def test_satisfaction_and_loyalty_raise_only_crm_errors(survey, orders, as_of, number):
    only_crm_errors_in(
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
                                       cuts={"attitude": number}),
        lambda: loyalty.share_of_wallet(orders),
        lambda: loyalty.share_of_wallet(orders, quantile=number),
        lambda: satisfaction.satisfaction_curve(survey, orders),
        lambda: loyalty.share_of_wallet(orders, number),
        lambda: loyalty.share_of_wallet(orders, {"C1": number, "C2": 1e9}),
        lambda: loyalty.programme_breakeven(number, 100, number, 5, 1000),
        lambda: ladder.customer_ladder(orders, customers=CUSTOMERS, survey=survey),
    )


@FRAME_SETTINGS
@given(log=spoiled(complaint_logs()), orders=spoiled(transactions()), as_of=AS_OF,
       number=st.sampled_from([-1, 0, 0.04, 1, 1.5, 4, 24, "x", None, {"low": 8},
                               {"low": 8, "high": 4}]))
def test_complaints_raise_only_crm_errors(log, orders, as_of, number):
    only_crm_errors_in(
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
