"""Property tests (hypothesis): invariants of the analytics on valid random input.

Scores within 1..bins, shares adding up to 100 %, rates within 0-1, NPS within
-100..100, counts conserved, results that agree with a plain pandas
computation, the same answer whatever the row order, inputs never changed.
"""

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import (
    acquisition,
    alive,
    complaints,
    ladder,
    loyalty,
    retention,
    satisfaction,
    select,
    value,
)
from crmkit.errors import CRMDataError
from strategies import (
    ATTRS,
    CUSTOMERS,
    DAYS,
    FRAME_SETTINGS,
    MONEY,
    ORDER_SETTINGS,
    complaint_logs,
    orders,
    rates_ok,
    surveys,
    transactions,
)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), bins=st.integers(2, 9), seed=st.integers(0, 2**16))
def test_rfm_invariants(frame, bins, seed):
    kept = copy.deepcopy(frame)
    scores = value.rfm_scores(frame, bins=bins)
    pd.testing.assert_frame_equal(frame, kept)
    assert len(scores) == frame["customer_id"].nunique()
    for col in "RFM":
        assert scores[col].between(1, bins).all()
    assert scores["frequency"].sum() == len(frame)
    assert scores["monetary"].sum() == pytest.approx(frame["revenue"].sum(), abs=1e-6)
    assert (scores["recency_days"] >= 1).all()
    assert scores["segment"].notna().all()
    # better raw values never get worse scores
    for raw, col, sign in (("recency_days", "R", -1), ("frequency", "F", 1),
                           ("monetary", "M", 1)):
        ordered = scores.sort_values(raw)[col].to_numpy() * sign
        assert (np.diff(ordered) >= 0).all()
    shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(value.rfm_scores(shuffled, bins=bins), scores)
    summary = value.rfm_segment_summary(scores)
    assert summary["customers"].sum() == len(scores)
    assert summary["customer_share"].sum() == pytest.approx(1)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(purchases=st.lists(st.tuples(DAYS, MONEY), min_size=1, max_size=6),
       others=orders(max_size=20), seed=st.integers(0, 2**16))
def test_identical_customers_always_score_alike(purchases, others, seed):
    rows = [("twin_x", d, a) for d, a in purchases]
    rows += [("twin_y", d, a) for d, a in reversed(purchases)]
    twins = pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue"])
    twins["order_date"] = pd.to_datetime(twins["order_date"])
    rest = others[["customer_id", "order_date", "revenue"]].assign(
        order_date=lambda d: pd.to_datetime(d["order_date"]))
    frame = pd.concat([twins, rest]).sample(frac=1, random_state=seed)
    scores = value.rfm_scores(frame).set_index("customer_id")
    x, y = scores.loc["twin_x"], scores.loc["twin_y"]
    assert x.equals(y)


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), cut=st.sampled_from([(0.8, 0.15, 0.05), (0.5, 0.5), (0.6, 0.2, 0.1, 0.1)]))
def test_abc_invariants(frame, cut):
    if frame["revenue"].sum() == 0:
        with pytest.raises(CRMDataError):
            select.abc_classes(frame, cutoffs=cut)
        return
    classes = select.abc_classes(frame, cutoffs=cut)
    assert len(classes) == frame["customer_id"].nunique()
    codes = classes["abc_class"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()  # ranked best first, classes never go back up
    same = classes.groupby("revenue")["abc_class"].nunique()
    assert (same == 1).all()  # equal values share a class
    summary = select.abc_summary(classes)
    assert len(summary) == len(cut)
    assert summary["customers"].sum() == len(classes)
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].iloc[0] >= cut[0] - 1e-9  # A reaches its share


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), shares=st.sampled_from([(0.01, 0.19, 0.30, 0.50), (0.2, 0.8)]))
def test_pyramid_invariants(frame, shares):
    labels = None if len(shares) == 4 else ["key", "rest"]
    tiers = select.pyramid_tiers(frame, shares=shares, labels=labels)
    n = frame["customer_id"].nunique()
    assert len(tiers) == n
    codes = tiers["tier"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()
    assert (tiers.groupby("revenue")["tier"].nunique() == 1).all()
    summary = select.pyramid_summary(tiers)
    assert summary["customers"].sum() == n
    if tiers["revenue"].is_unique:  # without ties the counts are the rounded targets
        bounds = np.floor(n * np.cumsum(shares) + 0.5 + 1e-9).astype(int)
        bounds[-1] = n
        assert summary["customers"].tolist() == np.diff(np.concatenate([[0], bounds])).tolist()


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), top=st.floats(0, 1))
def test_pareto_invariants(frame, top):
    if frame["revenue"].sum() == 0:
        return
    curve = select.pareto_curve(frame)
    assert (np.diff(curve["cum_revenue_share"]) >= 0).all()
    assert curve["cum_revenue_share"].iloc[-1] == pytest.approx(1)
    assert curve["cum_customer_share"].iloc[-1] == pytest.approx(1)
    share = select.top_share(frame, top)
    assert top - 1e-12 <= share + 1e-12 <= 1 + 1e-9  # the best x% bring at least x%


@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), as_of=st.one_of(st.none(), st.just("2025-12-31")))
def test_value_matrix_and_cost_invariants(frame, as_of):
    kept = copy.deepcopy(frame)
    matrix = select.value_matrix(frame, as_of=as_of)
    assert len(matrix) == frame["customer_id"].nunique()
    assert (matrix["potential_value"] >= 0).all()
    high_c = matrix["current_value"] > matrix["current_threshold"]
    assert ((matrix["quadrant"] == "VIP") <= high_c).all()
    again = select.value_quadrants(matrix.drop(columns=["quadrant", "current_threshold",
                                                        "potential_threshold"]))
    pd.testing.assert_frame_equal(again[matrix.columns], matrix)
    costs = select.cost_to_serve(frame)
    assert costs["orders"].sum() == len(frame)
    assert costs["revenue"].sum() == pytest.approx(frame["revenue"].sum())
    net = costs["gross_margin"] - costs["return_cost"] - costs["bad_debt"] - costs["service_cost"]
    np.testing.assert_allclose(costs["net_value"], net, atol=1e-3)
    assert (costs["unprofitable"] == (costs["net_value"] < 0)).all()
    pd.testing.assert_frame_equal(frame, kept)


@FRAME_SETTINGS
@given(orders=transactions(), seed=st.integers(0, 1000))
def test_retention_invariants(orders, seed):
    before = copy.deepcopy(orders)
    counts = retention.cohort_table(orders, kind="count")
    rates = retention.cohort_table(orders)
    # cohort sizes are conserved and rates stay within 0-1, month 0 at 1
    assert counts[0].sum() == orders["customer_id"].nunique()
    assert rates_ok(rates.to_numpy()) and (rates[0] == 1.0).all()
    # the same table whatever the row order
    shuffled = orders.sample(frac=1, random_state=seed)
    pd.testing.assert_frame_equal(retention.cohort_table(shuffled), rates)
    assert rates_ok(retention.retention_curve(orders, by="channel").to_numpy())
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
        assert rates_ok(rate["retention_rate"]) and (rate["retained"] <= rate["active"]).all()
        active = orders.groupby(months)["customer_id"].nunique()
        assert rate["active"].to_dict() == active.reindex(rate.index, fill_value=0).to_dict()
    funnel_by_channel = acquisition.acquisition_funnel(
        pd.DataFrame({"channel": ["store", "app"], "spend": [100.0, 50.0], "leads": [10, 5],
                      "first_purchases": [4, 0]}), customers=CUSTOMERS, transactions=orders)
    assert rates_ok(funnel_by_channel["lead_conversion"]) and rates_ok(
        funnel_by_channel["repeat_rate"])
    funnel = ladder.ladder_funnel(orders, customers=CUSTOMERS)
    assert (np.diff(funnel["count"].to_numpy()) <= 0).all()
    assert rates_ok(funnel["conversion"])
    pd.testing.assert_frame_equal(orders, before)


@FRAME_SETTINGS
@given(rate=st.floats(0, 0.9), margin=st.floats(1, 10_000), share=st.floats(0, 0.99),
       discount=st.floats(0, 0.3))
def test_retention_programme_break_even_is_where_value_is_unchanged(rate, margin, share,
                                                                   discount):
    cost = share * margin
    result = retention.retention_programme(rate, margin, cost=cost, discount=discount)
    need = result["break_even_gain"]
    assert need >= 0 and np.isclose(need, (1 + discount - rate) * cost / margin)
    if rate + need < 0.999:
        at = retention.retention_programme(rate, margin, cost=cost, gain=need, discount=discount)
        assert np.isclose(at["value_change"], 0.0, atol=1e-6 * max(1.0, at["clv_without"]))
    # more gain is never worth less
    low = retention.retention_programme(rate, margin, cost=cost, gain=0.0, discount=discount)
    high = retention.retention_programme(rate, margin, cost=cost, gain=0.05, discount=discount)
    assert high["clv_with"] >= low["clv_with"]


@FRAME_SETTINGS
@given(orders=transactions(), seed=st.integers(0, 1000))
def test_tie_counts_conserve_customers(orders, seed):
    rng = np.random.default_rng(seed)
    ids = orders["customer_id"].drop_duplicates()
    profile = pd.DataFrame({"a": rng.random(len(ids)) < 0.5, "b": rng.random(len(ids)) < 0.5,
                            "kept": rng.random(len(ids)) < 0.5}, index=ids.to_numpy())
    table = retention.retention_by_tie_count(profile, ["a", "b"])
    assert table["customers"].sum() == len(profile)
    assert rates_ok(table["kept_share"].dropna())
    kept = (table["customers"] * table["kept_share"].fillna(0)).sum()
    assert np.isclose(kept, profile["kept"].sum())


@FRAME_SETTINGS
@given(rate=st.floats(0, 0.999))
def test_expected_lifetime_is_at_least_one_period(rate):
    life = retention.expected_lifetime(rate)
    assert life >= 1.0
    assert np.isclose(life * (1 - rate), 1.0)


@FRAME_SETTINGS
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
        assert rates_ok(curve["repurchase_rate"])
        assert (curve["repurchasers"] <= curve["respondents"]).all()
    matrix = loyalty.loyalty_matrix(survey, orders)
    assert len(matrix) == survey["customer_id"].nunique()
    assert loyalty.loyalty_counts(matrix).to_numpy().sum() == len(matrix)
    wallet = loyalty.share_of_wallet(orders)
    assert rates_ok(wallet["share_of_wallet"])
    pd.testing.assert_frame_equal(survey, before_s)
    pd.testing.assert_frame_equal(orders, before_o)


@FRAME_SETTINGS
@given(log=complaint_logs(), orders=transactions(),
       voice=st.floats(0.001, 1.0), heard=st.integers(0, 10_000))
def test_complaint_invariants(log, orders, voice, heard):
    before = copy.deepcopy(log)
    table = complaints.sla_breaches(log, {"low": 24, "high": 4}, by="cause")
    assert rates_ok(table["breach_rate"]) and table["complaints"].sum() == len(log)
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
        assert rates_ok(effect["return_rate"]) and (effect["mean_later_spend"] >= 0).all()
    pd.testing.assert_frame_equal(log, before)


# --------------------------------------------------------------------------- chapter 06: alive
@pytest.mark.filterwarnings("error")  # an overflow or FutureWarning fails too
@ORDER_SETTINGS
@given(frame=orders(), end=DAYS, unit=st.sampled_from(["D", "W", "M"]))
def test_clv_summary_invariants(frame, end, unit):
    """Counts agree with plain pandas over distinct purchase days; 0 <= recency <= T."""
    kept = copy.deepcopy(frame)
    try:
        summary = alive.clv_summary(frame, str(end), unit)
    except CRMDataError:  # calibration_end outside the data: refused, never silent
        days = pd.to_datetime(frame["order_date"]).dt.normalize()
        assert not days.min() <= pd.Timestamp(end) <= days.max()
        return
    pd.testing.assert_frame_equal(frame, kept)
    days = frame.assign(day=pd.to_datetime(frame["order_date"]).dt.normalize())
    days = days[days["day"] <= pd.Timestamp(end)]
    distinct = days.drop_duplicates(["customer_id", "day"]).groupby("customer_id").size()
    assert summary["frequency"].to_dict() == (distinct - 1).to_dict()
    assert ((summary["recency"] >= 0) & (summary["recency"] <= summary["T"])).all()
    assert (summary.loc[summary["frequency"] == 0, ["recency", "monetary"]] == 0).all().all()
    shuffled = alive.clv_summary(frame.sample(frac=1.0, random_state=1), str(end), unit)
    pd.testing.assert_frame_equal(summary, shuffled)


PARAM = st.floats(0.05, 20.0)


@FRAME_SETTINGS
@given(r=PARAM, alpha=PARAM, a=PARAM, b=PARAM, x=st.integers(1, 60), T=st.floats(1.0, 200.0),
       share=st.floats(0.0, 1.0), t=st.floats(0.1, 300.0))
def test_bgnbd_invariants(r, alpha, a, b, x, T, share, t):
    """P(alive) within 0-1, 1 without repeats, rising with recency; forecasts grow with t."""
    model = alive.BGNBDModel(r, alpha, a, b, log_likelihood=0.0, customers=1)
    recency = np.array([0.0, share * T, T])
    frame = pd.DataFrame({"frequency": x, "recency": recency, "T": T})
    p = model.p_alive(frame).to_numpy()
    assert ((p >= 0) & (p <= 1)).all() and p[0] <= p[1] <= p[2]
    once = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [T]})
    assert model.p_alive(once).iloc[0] == 1.0
    near, far = model.expected_purchases(frame, t), model.expected_purchases(frame, 2 * t)
    assert np.isfinite(near).all() and (near >= -1e-9).all()
    assert (far.to_numpy() >= near.to_numpy() - 1e-9 * (1 + near.to_numpy())).all()
