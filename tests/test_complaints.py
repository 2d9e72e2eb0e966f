"""crmkit.complaints: handling times, SLA breaches, causes, the iceberg, recovery."""


import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import crmkit as ck
from crmkit import complaints
from crmkit.plots import complaints as plots

LOG = pd.DataFrame({
    "complaint_id": ["K1", "K2", "K3", "K4", "K5"],
    "customer_id": ["A", "B", "A", "C", "D"],
    "received_at": ["2024-01-02 09:00", "2024-01-05 10:00", "2024-03-01 16:00",
                    "2024-03-02 08:00", "2024-03-03 12:00"],
    "channel": ["app", "app", "hotline", "hotline", "store"],
    "cause": ["price", "price", "quality", "delivery", "quality"],
    "severity": ["low", "high", "high", "medium", "low"],
    "first_response_hours": [2.0, 4.0, 30.0, 10.0, 50.0],
    "resolution_hours": [10.0, 20.0, 48.0, np.nan, 60.0],
})


def test_complaint_times_by_cause():
    table = complaints.complaint_times(LOG)
    assert table.index.tolist() == ["delivery", "price", "quality"]
    # price: responses 2 and 4 -> median 3, mean 3, p90 = 2 + 0.9 * (4 - 2) = 3.8
    assert table.loc["price", ["response_median", "response_mean", "response_p90"]].tolist() \
        == pytest.approx([3.0, 3.0, 3.8])
    # quality: resolutions 48 and 60 -> median 54
    assert table.loc["quality", "resolution_median"] == 54.0
    # delivery is not resolved yet: no resolution time, counted in complaints only
    assert table.loc["delivery", ["complaints", "resolution_n"]].tolist() == [1, 0]


def test_complaint_times_overall_and_bad_rows():
    overall = complaints.complaint_times(LOG, by=None)
    assert overall.index.tolist() == ["all"]
    assert overall.loc["all", "response_median"] == 10.0
    early = LOG.assign(resolution_hours=[10.0, 3.0, 48.0, np.nan, 60.0])
    with pytest.raises(ck.CRMDataError, match=r"shorter than 'first_response_hours' in row 1"):
        complaints.complaint_times(early)
    with pytest.raises(ck.CRMDataError, match=r"row 2: -1.0"):
        complaints.complaint_times(LOG.assign(first_response_hours=[2.0, 4.0, -1.0, 1.0, 1.0]))


def test_sla_flags_and_breaches():
    flags = complaints.sla_flags(LOG)
    # 24-hour target: K3 (30 h) and K5 (50 h) missed it
    assert flags["breached"].tolist() == [False, False, True, False, True]
    assert flags["hours_over"].tolist() == [0.0, 0.0, 6.0, 0.0, 26.0]
    table = complaints.sla_breaches(LOG)
    assert table["breach_rate"].to_dict() == {"app": 0.0, "hotline": 0.5, "store": 1.0}


def test_sla_targets_per_severity():
    targets = {"high": 4, "medium": 8, "low": 48}
    flags = complaints.sla_flags(LOG, targets)
    # K2 high 4 h (met), K3 high 30 h (missed), K4 medium 10 h (missed), K5 low 50 h (missed)
    assert flags["breached"].tolist() == [False, False, True, True, True]
    overall = complaints.sla_breaches(LOG, targets, by=None)
    assert overall.loc["all", "breach_rate"] == 0.6
    with pytest.raises(ck.CRMDataError, match="no target for severity 'medium'"):
        complaints.sla_flags(LOG, {"high": 4, "low": 48})


def test_unanswered_complaint_counts_as_a_breach():
    log = LOG.assign(first_response_hours=[2.0, np.nan, 1.0, 1.0, 1.0])
    assert complaints.sla_flags(log)["breached"].tolist() == [False, True, False, False, False]


def test_cause_pareto():
    log = pd.DataFrame({"cause": ["quality", "price", "quality", "delivery", "quality"]})
    table = complaints.cause_pareto(log)
    # quality 3, then the tie delivery 1 / price 1 in alphabetical order
    assert table.index.tolist() == ["quality", "delivery", "price"]
    assert table["count"].tolist() == [3, 1, 1]
    assert table["cumulative_share"].tolist() == pytest.approx([0.6, 0.8, 1.0])
    with pytest.raises(ck.CRMDataError, match=r"missing values, 1 row is empty \(row 1\).*dropna"):
        complaints.cause_pareto(pd.DataFrame({"cause": ["price", None]}))


def test_iceberg_four_in_a_hundred():
    # seed 002: 96 % of dissatisfied customers never complain; we hear from 4 in 100
    berg = complaints.iceberg(4)
    assert berg["dissatisfied"] == 100.0
    assert berg["silent"] == 96.0
    assert complaints.iceberg(30, voice_rate=0.5)["dissatisfied"] == 60.0
    assert complaints.iceberg(7, voice_rate=1)["silent"] == 0.0
    # a complaint log counts distinct customers: A complained twice -> 4 customers
    assert complaints.iceberg(LOG)["heard"] == 4.0


@pytest.mark.parametrize(("heard", "rate", "match"),
                         [(4, 4, "percentage"), (4, 0, "must lie in"), (-1, 0.04, "must lie in"),
                          ("many", 0.04, "must be a number"), (2.5, 0.04, "whole number")])
def test_iceberg_refuses_bad_numbers(heard, rate, match):
    with pytest.raises(ck.CRMDataError, match=match):
        complaints.iceberg(heard, rate)


def test_repeat_complainers():
    table = complaints.repeat_complainers(LOG)
    assert table.index.tolist() == ["A"]
    assert table.loc["A", "complaints"] == 2
    assert len(complaints.repeat_complainers(LOG, 1)) == 4


# Recovery, worked by hand (window 90 days after the day the complaint came in).
#   A resolved 2024-01-10: buys 100 on Feb 1 and 50 on Mar 1           -> 2 orders, 150
#   B resolved 2024-01-10: buys 60 on Jan 20 (and 300 on Jun 1, too late) -> 1 order, 60
#   C unresolved 2024-01-10: buys 80 the same day only (not after)      -> 0
#   D partly resolved 2024-01-10: buys 40 on Apr 9 (day 90)             -> 1 order, 40
#   E resolved 2024-12-01: its window ends after the last order (Jun 1) -> left out
# recovered (A, B): 2 of 2 came back, mean spend 105; not recovered (C, D): 1 of 2, mean 20
RECOVERY_LOG = pd.DataFrame({
    "customer_id": ["A", "B", "C", "D", "E"],
    "received_at": ["2024-01-10 09:00"] * 4 + ["2024-12-01 10:00"],
    "outcome": ["resolved", "resolved", "unresolved", "partly_resolved", "resolved"],
    "remedy": ["refund", "voucher", "none", "apology", "refund"],
})
RECOVERY_ORDERS = pd.DataFrame({
    "customer_id": ["A", "A", "B", "B", "C", "D"],
    "order_date": ["2024-02-01", "2024-03-01", "2024-01-20", "2024-06-01", "2024-01-10 15:00",
                   "2024-04-09"],
    "revenue": [100.0, 50.0, 60.0, 300.0, 80.0, 40.0],
})


def test_recovery_effect_worked_by_hand():
    table = complaints.recovery_effect(RECOVERY_LOG, RECOVERY_ORDERS, window_days=90)
    assert table.index.tolist() == ["not_recovered", "recovered"]
    assert table["complaints"].tolist() == [2, 2]
    assert table["return_rate"].tolist() == [0.5, 1.0]
    assert table["mean_later_spend"].tolist() == [20.0, 105.0]
    assert table["mean_later_orders"].tolist() == [0.5, 1.5]
    assert table.attrs["left_out"] == 1


def test_recovery_effect_by_outcome_and_errors():
    table = complaints.recovery_effect(RECOVERY_LOG, RECOVERY_ORDERS, window_days=90, by="outcome")
    assert table["return_rate"].to_dict() == {"partly_resolved": 1.0, "resolved": 1.0,
                                              "unresolved": 0.0}
    with pytest.raises(ck.CRMDataError, match="no complaint has a complete"):
        complaints.recovery_effect(RECOVERY_LOG, RECOVERY_ORDERS, window_days=365)
    bad = RECOVERY_ORDERS.assign(revenue=[100.0, -50.0, 60.0, 300.0, 80.0, 40.0])
    with pytest.raises(ck.CRMDataError, match=r"must not be negative.*row 1"):
        complaints.recovery_effect(RECOVERY_LOG, bad)


def test_functions_leave_their_input_alone():
    log = LOG.copy(deep=True)
    complaints.complaint_times(LOG)
    complaints.sla_breaches(LOG, {"high": 4, "medium": 8, "low": 48})
    complaints.cause_pareto(LOG)
    pd.testing.assert_frame_equal(LOG, log)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_plots_draw_in_both_languages(language):
    ck.set_language(language)
    pareto = plots.cause_pareto(complaints.cause_pareto(LOG))
    berg = plots.iceberg(complaints.iceberg(40))
    hist = plots.response_time_histogram(LOG)
    for ax in (pareto, berg, hist):
        assert isinstance(ax, Axes)
    assert pareto.get_title() == ck.label("complaint_causes")
    # price and quality tie at 2 complaints each: alphabetical order puts price first
    assert [t.get_text() for t in pareto.get_xticklabels()][0] == ck.label("ui.cause_price")
    assert berg.get_title() == ck.label("complaint_iceberg")
    assert hist.get_xlabel() == ck.label("first_response_hours")


def test_recovery_effect_reads_renamed_columns_through_one_mapping():
    log = RECOVERY_LOG.rename(columns={"customer_id": "client", "outcome": "result"})
    orders = RECOVERY_ORDERS.rename(columns={"customer_id": "client", "revenue": "paid"})
    table = complaints.recovery_effect(log, orders, window_days=90, columns={
        "customer": "client", "outcome": "result", "amount": "paid"})
    assert table["return_rate"].tolist() == [0.5, 1.0]
    with pytest.raises(ck.CRMDataError, match=r"columns=\{'outcome'"):
        complaints.recovery_effect(log, orders, window_days=90,
                                   columns={"customer": "client", "amount": "paid"})
