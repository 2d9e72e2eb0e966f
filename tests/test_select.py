"""Tests for crmkit.select: Pareto, ABC, pyramid, value matrix, cost to serve (chapter 03)."""

import copy
import math

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import select
from crmkit.errors import CRMDataError
from crmkit.plots import select as splots

# Ten customers, revenue 1,000 in all, worked by hand in the tests below.
TEN = pd.DataFrame({
    "customer_id": [f"c{i:02d}" for i in range(10)],
    "revenue": [500.0, 200.0, 100.0, 60.0, 50.0, 40.0, 20.0, 15.0, 10.0, 5.0],
})


def _as_transactions(per_customer: pd.DataFrame) -> pd.DataFrame:
    """Split each customer's revenue over two orders, rows shuffled."""
    halves = per_customer.assign(revenue=per_customer["revenue"] / 2)
    return pd.concat([halves, halves]).sample(frac=1, random_state=0).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Pareto
# ---------------------------------------------------------------------------

def test_pareto_curve_by_hand():
    curve = select.pareto_curve(TEN)
    assert curve["customer_id"].tolist() == TEN["customer_id"].tolist()
    np.testing.assert_allclose(curve["cum_customer_share"], np.arange(1, 11) / 10)
    np.testing.assert_allclose(curve["cum_revenue_share"],
                               [0.5, 0.7, 0.8, 0.86, 0.91, 0.95, 0.97, 0.985, 0.995, 1.0])
    assert curve["cum_revenue_share"].iloc[-1] == 1.0


def test_top_share_reads_the_curve():
    assert select.top_share(TEN, 0.2) == pytest.approx(0.7)   # best 2 of 10: 700 of 1,000
    assert select.top_share(TEN, 0.25) == pytest.approx(0.75)  # 2.5 customers: 500+200+50
    assert select.top_share(TEN, 1.0) == pytest.approx(1.0)
    assert select.top_share(TEN, 0.0) == 0.0
    with pytest.raises(CRMDataError, match="percentage"):
        select.top_share(TEN, 20)


def test_transactions_and_per_customer_tables_agree():
    pd.testing.assert_frame_equal(select.pareto_curve(TEN),
                                  select.pareto_curve(_as_transactions(TEN)))
    pd.testing.assert_frame_equal(select.abc_classes(TEN),
                                  select.abc_classes(_as_transactions(TEN)))


def test_zero_total_is_refused():
    with pytest.raises(CRMDataError, match="adds up to 0"):
        select.pareto_curve(TEN.assign(revenue=0.0))


# ---------------------------------------------------------------------------
# ABC classes
# ---------------------------------------------------------------------------

def test_abc_classes_by_hand():
    # Revenue of the customers ranked above each one, as a share of 1,000:
    #   c00 0.00, c01 0.50, c02 0.70 -> below 0.80: A (c02 crosses the 80% line, still an A)
    #   c03 0.80, c04 0.86, c05 0.91 -> 0.80 reached, below 0.95: B
    #   c06 0.95, c07 0.97, c08 0.985, c09 0.995 -> C
    classes = select.abc_classes(TEN)
    assert classes["abc_class"].astype(str).tolist() == list("AAABBBCCCC")
    summary = select.abc_summary(classes)
    assert summary["abc_class"].tolist() == ["A", "B", "C"]
    assert summary["customers"].tolist() == [3, 3, 4]
    np.testing.assert_allclose(summary["revenue"], [800, 150, 50])
    np.testing.assert_allclose(summary["revenue_share"], [0.80, 0.15, 0.05])
    assert summary["customer_share"].sum() == pytest.approx(1)


def test_abc_ties_share_a_class_and_empty_classes_are_listed():
    # 75, 10, 10, 5: the two 10s have 75% above them, so both are A (one after the
    # other they would be A and B). The 5 has 95% above it: C.  B is empty.
    frame = pd.DataFrame({"customer_id": ["w", "x", "y", "z"],
                          "revenue": [75.0, 10.0, 10.0, 5.0]})
    for rows in (frame, frame.iloc[[0, 2, 1, 3]]):
        classes = select.abc_classes(rows).set_index("customer_id")["abc_class"].astype(str)
        assert classes.to_dict() == {"w": "A", "x": "A", "y": "A", "z": "C"}
    summary = select.abc_summary(select.abc_classes(frame))
    assert summary["customers"].tolist() == [3, 0, 1]
    assert summary["revenue_share"].sum() == pytest.approx(1)


def test_abc_single_dominant_customer_is_the_only_a():
    frame = pd.DataFrame({"customer_id": ["big", "s1", "s2"], "revenue": [90.0, 6.0, 4.0]})
    assert select.abc_classes(frame)["abc_class"].astype(str).tolist() == ["A", "B", "C"]


def test_abc_custom_cutoffs_and_labels():
    classes = select.abc_classes(TEN, cutoffs=(0.5, 0.5), labels=["top", "rest"])
    # only c00 has less than 50% above it
    assert classes["abc_class"].astype(str).tolist() == ["top"] + ["rest"] * 9


@pytest.mark.parametrize("cutoffs", [(0.8, 0.15), (80, 15, 5), (0.8, 0.3, -0.1), (), "abc",
                                     (0.8, 0.2, 0.0)])
def test_abc_refuses_cutoffs_that_do_not_add_up(cutoffs):
    with pytest.raises(CRMDataError):
        select.abc_classes(TEN, cutoffs=cutoffs)


def test_abc_refuses_mismatched_labels():
    with pytest.raises(CRMDataError, match="labels"):
        select.abc_classes(TEN, labels=["A", "B"])
    with pytest.raises(CRMDataError, match="labels"):
        select.abc_classes(TEN, labels=["A", "A", "B"])
    # without labels any number of classes is lettered A, B, C, D, ...
    four = select.abc_classes(TEN, cutoffs=(0.5, 0.3, 0.15, 0.05))
    assert list(four["abc_class"].cat.categories) == ["A", "B", "C", "D"]


# ---------------------------------------------------------------------------
# Pyramid
# ---------------------------------------------------------------------------

def _customers(n: int) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"k{i:03d}" for i in range(n)],
                         "revenue": np.arange(n, 0, -1, dtype=float)})


@pytest.mark.parametrize(("n", "counts"), [
    (100, [1, 19, 30, 50]),  # the textbook split exactly
    (10, [0, 2, 3, 5]),      # boundaries at 0.1 -> 0, 2, 5, 10 customers
    (50, [1, 9, 15, 25]),    # boundaries at 0.5 -> 1 (half up), 10, 25, 50
    (7, [0, 1, 3, 3]),       # 0.07 -> 0, 1.4 -> 1, 3.5 -> 4, 7
])
def test_pyramid_counts_by_hand(n, counts):
    tiers = select.pyramid_tiers(_customers(n))
    summary = select.pyramid_summary(tiers)
    assert summary["tier"].tolist() == ["Important", "Secondary", "Ordinary", "Small"]
    assert summary["customers"].tolist() == counts
    assert summary["customers"].sum() == n
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].sum() == pytest.approx(1)


def test_pyramid_tie_group_goes_wholly_to_the_higher_tier():
    # 10 customers: bounds 0, 2, 5, 10.  The two 90s have one customer above them (< 2),
    # so both are Secondary even though the tier's target is 2 customers.
    frame = pd.DataFrame({"customer_id": list("abcdefghij"),
                          "revenue": [100.0, 90, 90, 80, 70, 60, 50, 40, 30, 20]})
    for rows in (frame, frame.iloc[::-1]):
        tiers = select.pyramid_tiers(rows).set_index("customer_id")["tier"].astype(str)
        assert tiers[["a", "b", "c"]].tolist() == ["Secondary"] * 3
        assert tiers[["d", "e"]].tolist() == ["Ordinary"] * 2
        assert (tiers[list("fghij")] == "Small").all()
    assert select.pyramid_summary(select.pyramid_tiers(frame))["customers"].tolist() == [0, 3, 2, 5]


def test_pyramid_custom_shares_need_labels():
    tiers = select.pyramid_tiers(_customers(10), shares=(0.2, 0.8), labels=["key", "other"])
    assert tiers["tier"].astype(str).tolist() == ["key"] * 2 + ["other"] * 8
    with pytest.raises(CRMDataError, match="labels"):
        select.pyramid_tiers(_customers(10), shares=(0.2, 0.8))
    with pytest.raises(CRMDataError, match="add up"):
        select.pyramid_tiers(_customers(10), shares=(0.01, 0.19, 0.3, 0.4))
    with pytest.raises(CRMDataError, match="percentage"):
        select.pyramid_tiers(_customers(10), shares=(1, 19, 30, 50))


# ---------------------------------------------------------------------------
# Value matrix
# ---------------------------------------------------------------------------

MATRIX_ORDERS = pd.DataFrame({
    "customer_id": ["a", "a", "b", "b", "c", "d"],
    "order_date": ["2024-03-01", "2025-03-01", "2024-03-01", "2025-03-01", "2025-03-01",
                   "2024-03-01"],
    "revenue": [100.0, 500.0, 600.0, 400.0, 150.0, 300.0],
})


def test_value_matrix_by_hand():
    # as of 2025-06-30 (day 0); ages of the orders: 2024-03-01 -> 486 days, 2025-03-01 -> 121.
    # current = spend in the last 365 days: a 500, b 400, c 150, d 0.
    # days known = age of the first order (at least 30): a 486, b 486, c 121, d 486.
    # all customers: spend 2,050 over 1,579 days known, 6 orders.
    out = select.value_matrix(MATRIX_ORDERS, as_of="2025-06-30").set_index("customer_id")
    assert out["current_value"].to_dict() == {"a": 500, "b": 400, "c": 150, "d": 0}
    assert out["days_known"].to_dict() == {"a": 486, "b": 486, "c": 121, "d": 486}
    assert out["recency_days"].to_dict() == {"a": 121, "b": 121, "c": 121, "d": 486}
    daily_spend, daily_orders = 2050 / 1579, 6 / 1579
    spend = {"a": 600, "b": 1000, "c": 150, "d": 300}
    orders = {"a": 2, "b": 2, "c": 1, "d": 1}
    for who in "abcd":
        known, recency = out.loc[who, "days_known"], out.loc[who, "recency_days"]
        pace = (spend[who] + 90 * daily_spend) / (known + 90) * 365
        gap = (known + 90) / (orders[who] + 90 * daily_orders)
        assert out.loc[who, "pace"] == pytest.approx(pace, abs=1e-4)
        assert out.loc[who, "active_chance"] == pytest.approx(math.exp(-recency / gap))
        assert out.loc[who, "potential_value"] == pytest.approx(pace * math.exp(-recency / gap),
                                                                abs=1e-3)
    # a and b have the same history shape (same chance), b spent more; c is judged on 90
    # days of the average pace plus its one order; d has been silent for 486 days.
    potential = out["potential_value"]
    assert potential["b"] > potential["a"] > potential["c"] > potential["d"]
    assert out["potential_threshold"].iloc[0] == pytest.approx(
        (potential["a"] + potential["c"]) / 2)
    assert out["quadrant"].astype(str).to_dict() == {
        "a": "VIP", "b": "VIP", "c": "Let go", "d": "Let go"}
    assert out["current_threshold"].iloc[0] == 275  # median of 0, 150, 400, 500


def test_value_matrix_newcomers_are_not_stars_by_default():
    # Growth of spend would call every newcomer a rising star (they "grew" from 0).  With
    # the shrunk pace a one-week customer with one ordinary order is judged near the
    # average pace, not on one lucky week; a regular who has gone silent loses potential.
    regular = [f"2025-{m:02d}-10" for m in range(1, 13)]
    orders = pd.DataFrame({
        "customer_id": ["steady"] * 12 + ["gone"] * 6 + ["new"],
        "order_date": regular + regular[:6] + ["2025-12-24"],
        "revenue": [100.0] * 12 + [100.0] * 6 + [100.0]})
    out = select.value_matrix(orders, as_of="2025-12-31").set_index("customer_id")
    assert out.loc["steady", "active_chance"] > 0.5 > out.loc["gone", "active_chance"]
    one_week = 100 / 7 * 365  # the newcomer's own pace, annualised from one week
    all_days = out["days_known"].sum()
    average = 1900 / all_days * 365
    assert out.loc["new", "pace"] < one_week / 4
    assert abs(out.loc["new", "pace"] - average) < abs(one_week - average) / 4
    assert out.loc["gone", "potential_value"] < out.loc["steady", "potential_value"] / 10


def test_value_matrix_potential_predicts_next_year_better_than_growth():
    # The defence of the definition, on Xinghe Mart: potential computed at the end of 2024
    # ranks customers by what they really spent in 2025 better than 2024's spend or its growth.
    orders = ck.load_transactions()
    matrix = select.value_matrix(orders, as_of="2024-12-31")
    spent_2025 = (orders[orders["order_date"] >= "2025-01-01"]
                  .groupby("customer_id")["revenue"].sum())
    actual = matrix["customer_id"].map(spent_2025).fillna(0.0)
    in_2023 = (orders[(orders["order_date"] >= "2023-01-01")
                      & (orders["order_date"] < "2024-01-01")]
               .groupby("customer_id")["revenue"].sum())
    growth = (matrix["current_value"] - matrix["customer_id"].map(in_2023).fillna(0.0)).clip(
        lower=0)

    def rank_corr(x):
        return x.rank().corr(actual.rank())

    potential, current = rank_corr(matrix["potential_value"]), rank_corr(matrix["current_value"])
    assert potential > current + 0.1 and potential > rank_corr(growth) + 0.1
    # and newcomers no longer fill the VIP quadrant by construction: Maintain holds some
    first = orders.groupby("customer_id")["order_date"].min()
    new = matrix["customer_id"].map(first) >= "2024-01-01"
    assert 0.2 < new[matrix["quadrant"] == "Maintain"].mean() < 0.8


def test_quadrant_summary_lists_every_quadrant_in_order():
    out = select.quadrant_summary(select.value_matrix(MATRIX_ORDERS, as_of="2025-06-30"))
    assert out["quadrant"].tolist() == ["VIP", "Maintain", "Develop", "Let go"]
    assert out["customers"].tolist() == [2, 0, 0, 2]  # see test_value_matrix_by_hand
    assert out["current_value"].tolist() == [900, 0, 0, 150]
    assert out["current_share"].sum() == pytest.approx(1)
    assert out["customer_share"].tolist() == [0.5, 0, 0, 0.5]
    odd = select.value_matrix(MATRIX_ORDERS, as_of="2025-06-30")
    odd["quadrant"] = odd["quadrant"].astype(str).replace({"VIP": "Star"})
    with pytest.raises(CRMDataError, match="not quadrants.*Fix: recompute"):
        select.quadrant_summary(odd)


def test_profit_deciles_whale_curve():
    costs = pd.DataFrame({"customer_id": [f"c{i}" for i in range(20)],
                          "revenue": [100.0] * 20,
                          "net_value": [50.0] * 10 + [10.0] * 8 + [-30.0, -40.0]})
    out = select.profit_deciles(costs)
    assert out["decile"].tolist() == list(range(1, 11))
    assert out["customers"].tolist() == [2] * 10
    assert out["net_value"].tolist() == [100.0] * 5 + [20.0] * 4 + [-70.0]
    total = 500 + 80 - 70
    assert out["cum_net_share"].iloc[-1] == pytest.approx(1)
    assert out["cum_net_share"].max() == pytest.approx(580 / total, abs=1e-4)
    assert out["unprofitable"].tolist() == [0] * 9 + [2]
    by_revenue = select.profit_deciles(costs.assign(revenue=range(20, 0, -1)), rank_by="revenue")
    assert by_revenue["net_value"].iloc[0] == 100.0
    with pytest.raises(CRMDataError, match="adds up to"):
        select.profit_deciles(costs[costs["net_value"] < 0], groups=2)
    with pytest.raises(CRMDataError, match="groups"):
        select.profit_deciles(costs, groups=1)


def test_value_quadrants_on_own_columns():
    own = pd.DataFrame({"now": [10.0, 10.0, 1.0, 1.0, 5.0], "later": [9.0, 1.0, 9.0, 1.0, 5.0]})
    before = own.copy()
    # medians 5 and 5; the middle customer is on both thresholds: not strictly above -> Let go
    out = select.value_quadrants(own, current="now", potential="later")
    assert out["quadrant"].astype(str).tolist() == ["VIP", "Maintain", "Develop", "Let go",
                                                    "Let go"]
    pd.testing.assert_frame_equal(own, before)
    with pytest.raises(CRMDataError, match="'potential_value' not found"):
        select.value_quadrants(own, current="now")


def test_value_matrix_thresholds_and_errors():
    out = select.value_matrix(MATRIX_ORDERS, as_of="2025-06-30", current_threshold=100,
                              potential_threshold=100)
    # current 500, 400, 150, 0; potential (see above) all above 100 except d's
    assert out["quadrant"].astype(str).tolist() == ["VIP", "VIP", "VIP", "Let go"]
    with pytest.raises(CRMDataError, match="before the first date"):
        select.value_matrix(MATRIX_ORDERS, as_of="2020-01-01")
    with pytest.raises(CRMDataError, match="window_days"):
        select.value_matrix(MATRIX_ORDERS, window_days=0)
    with pytest.raises(CRMDataError, match="current_threshold"):
        select.value_matrix(MATRIX_ORDERS, current_threshold=-5)


# ---------------------------------------------------------------------------
# Cost to serve
# ---------------------------------------------------------------------------

ORDERS = pd.DataFrame({
    "customer_id": ["a", "a", "a", "b", "b"],
    "revenue": [100.0, 50.0, 40.0, 80.0, 30.0],
    "cost": [60.0, 30.0, 20.0, 50.0, 10.0],
    "discount": [0.0, 5.0, 0.0, 8.0, 0.0],
    "returned": [False, True, False, False, True],
    "unpaid": [False, False, True, True, True],
})
CALLS = pd.DataFrame({"customer_id": ["a", "a", "c"], "cost": [15.0, 5.0, 8.0]})


def test_cost_to_serve_by_hand():
    # a: margin 40 + 20 + 20 = 80; return of order 2 loses its margin 20 + handling 10 = 30;
    #    order 3 unpaid: its revenue 40 is bad debt; calls 20 -> net 80 - 30 - 40 - 20 = -10
    # b: margin 30 + 20 = 50; order 5 returned (and unpaid, counted as a return only):
    #    20 + 10 = 30; order 4 unpaid: bad debt 80 -> net 50 - 30 - 80 = -60
    # c: no orders, one call of 8 -> net -8
    out = select.cost_to_serve(ORDERS, CALLS).set_index("customer_id")
    assert out["orders"].to_dict() == {"a": 3, "b": 2, "c": 0}
    assert out["gross_margin"].to_dict() == {"a": 80, "b": 50, "c": 0}
    assert out["returns"].to_dict() == {"a": 1, "b": 1, "c": 0}
    assert out["return_cost"].to_dict() == {"a": 30, "b": 30, "c": 0}
    assert out["unpaid_orders"].to_dict() == {"a": 1, "b": 1, "c": 0}
    assert out["bad_debt"].to_dict() == {"a": 40, "b": 80, "c": 0}
    assert out["service_cost"].to_dict() == {"a": 20, "b": 0, "c": 8}
    assert out["discounts"].to_dict() == {"a": 5, "b": 8, "c": 0}
    assert out["net_value"].to_dict() == {"a": -10, "b": -60, "c": -8}
    assert out["unprofitable"].all()


def test_cost_to_serve_options():
    plain = select.cost_to_serve(
        ORDERS, columns={"returned": None, "unpaid": None, "discount": None})
    # without returns, bad debt and calls the net value is the gross margin
    assert plain["net_value"].tolist() == [80, 50]
    assert not plain["unprofitable"].any()
    gross = select.cost_to_serve(ORDERS, columns={"returned": None, "unpaid": None},
                                 discount_in_revenue=False)
    assert gross["net_value"].tolist() == [75, 42]
    free = select.cost_to_serve(ORDERS, return_handling_cost=0).set_index("customer_id")
    assert free.loc["a", "return_cost"] == 20


def test_cost_to_serve_errors_name_the_fix():
    with pytest.raises(CRMDataError, match=r"'unpaid' not found.*columns=\{'unpaid': "):
        select.cost_to_serve(ORDERS.drop(columns="unpaid"))
    renamed = ORDERS.rename(columns={"customer_id": "client", "revenue": "paid"})
    calls = CALLS.rename(columns={"customer_id": "client"})
    assert select.cost_to_serve(renamed, calls, columns={"customer": "client", "amount": "paid"}
                                )["net_value"].tolist() == select.cost_to_serve(
        ORDERS, CALLS)["net_value"].tolist()
    with pytest.raises(CRMDataError, match="roles are"):
        select.cost_to_serve(ORDERS, columns={"client": "customer_id"})
    with pytest.raises(CRMDataError, match="yes/no"):
        select.cost_to_serve(ORDERS.assign(returned=["yes", "no", "maybe", "no", "no"]))
    with pytest.raises(CRMDataError, match="negative"):
        select.cost_to_serve(ORDERS, CALLS.assign(cost=[1.0, -2.0, 3.0]))
    with pytest.raises(CRMDataError, match="return_handling_cost"):
        select.cost_to_serve(ORDERS, return_handling_cost=-1)


def test_select_functions_leave_inputs_alone():
    frames = {"orders": ORDERS, "calls": CALLS, "ten": TEN, "matrix": MATRIX_ORDERS}
    before = {k: copy.deepcopy(v) for k, v in frames.items()}
    select.cost_to_serve(ORDERS, CALLS)
    select.abc_classes(TEN)
    select.pyramid_tiers(TEN)
    select.pareto_curve(TEN)
    select.value_matrix(MATRIX_ORDERS)
    for k, frame in frames.items():
        pd.testing.assert_frame_equal(frame, before[k])


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_select_plots_draw_without_warnings(language):
    ck.set_language(language)
    rng = np.random.default_rng(5)
    orders = pd.DataFrame({
        "customer_id": [f"C{i}" for i in rng.integers(0, 150, 800)],
        "order_date": pd.Timestamp("2024-01-01")
        + pd.to_timedelta(rng.integers(0, 700, 800), unit="D"),
        "revenue": rng.lognormal(4, 1, 800).round(2),
    })
    orders["cost"] = (orders["revenue"] * 0.7).round(2)
    orders["discount"] = 0.0
    orders["returned"] = rng.random(800) < 0.05
    orders["unpaid"] = rng.random(800) < 0.03
    axes = [
        splots.pareto_chart(select.pareto_curve(orders)),
        splots.abc_chart(select.abc_summary(select.abc_classes(orders))),
        splots.pyramid_chart(select.pyramid_summary(select.pyramid_tiers(orders))),
        splots.value_matrix_chart(select.value_matrix(orders)),
        splots.cost_waterfall(select.cost_to_serve(orders)),
        splots.cost_to_serve_chart(select.cost_to_serve(orders)),
        splots.profit_decile_chart(select.profit_deciles(select.cost_to_serve(orders))),
    ]
    for ax in axes:
        ax.figure.canvas.draw()
    assert axes[0].get_title() == ck.label("pareto_curve")
    assert axes[0].get_xlabel() == ck.label("cum_customer_share")
    assert axes[3].get_legend().get_title().get_text() == ck.label("ui.quadrant")
    legend = [t.get_text() for t in axes[3].get_legend().get_texts()]
    assert legend[0].startswith(ck.label("vip_customers"))
    assert [t.get_text() for t in axes[4].get_xticklabels()][-1] == ck.label("net_value")
    assert axes[6].get_title() == ck.label("ui.profit_by_decile")
    assert [t.get_text() for t in axes[6].get_xticklabels()] == [str(i) for i in range(1, 11)]
