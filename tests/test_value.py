"""Tests for crmkit.value: RFM, CLV, the accumulation effect, delivered value (chapter 04)."""

import copy

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import value
from crmkit.errors import CRMDataError
from crmkit.plots import value as vplots

# ---------------------------------------------------------------------------
# The accumulation effect: the seed's tables (seed 002), exactly
# ---------------------------------------------------------------------------

SEED_CUSTOMERS = [  # A customers, A share, B customers, B share, B - A, B / A
    ["100", "50.00%", "100", "50.00%", "0", "1.00"],
    ["99", "49.50%", "101", "50.50%", "2", "1.02"],
    ["98", "49.00%", "102", "51.00%", "4", "1.04"],
    ["90", "45.00%", "110", "55.00%", "20", "1.22"],
    ["75", "37.50%", "125", "62.50%", "50", "1.67"],
    ["50", "25.00%", "150", "75.00%", "100", "3.00"],
]
SEED_PROFIT = [  # A customers, A profit, B customers, B profit, B - A, B / A
    ["100", "1000", "100", "1000", "0", "1.00"],
    ["99", "990", "101", "1010", "20", "1.02"],
    ["98", "980", "102", "1020", "40", "1.04"],
    ["90", "900", "110", "1100", "200", "1.22"],
    ["75", "750", "125", "1250", "500", "1.67"],
    ["50", "500", "150", "1500", "1000", "3.00"],
]


def test_accumulation_table_reproduces_the_seed_exactly():
    shown = value.accumulation_display(value.accumulation_table())
    assert shown.to_numpy().tolist() == SEED_CUSTOMERS


def test_accumulation_profit_table_reproduces_the_seed_exactly():
    shown = value.accumulation_display(value.accumulation_table(), profit=True)
    assert shown.to_numpy().tolist() == SEED_PROFIT


def test_accumulation_table_keeps_exact_numbers():
    table = value.accumulation_table()
    assert table["a_customers"].tolist() == [100, 99, 98, 90, 75, 50]
    assert table["b_customers"].tolist() == [100, 101, 102, 110, 125, 150]
    # the gap grows twice as fast as the number moved
    assert (table["b_minus_a"] == 2 * table["moved"]).all()
    np.testing.assert_allclose(table["b_to_a"], [1, 101 / 99, 102 / 98, 110 / 90, 125 / 75, 3])
    np.testing.assert_allclose(table["a_share"] + table["b_share"], 1.0)
    assert table["profit_difference"].tolist() == [0, 20, 40, 200, 500, 1000]
    np.testing.assert_allclose(table["profit_ratio"], table["b_to_a"])


def test_accumulation_display_keeps_codes_and_translate_words_the_headers():
    shown = value.accumulation_display(value.accumulation_table(), profit=True)
    assert list(shown.columns) == ["a_customers", "a_profit", "b_customers", "b_profit",
                                   "profit_difference", "profit_ratio"]
    ck.set_language("zh")  # the display is data: the same in either language
    pd.testing.assert_frame_equal(
        value.accumulation_display(value.accumulation_table(), profit=True), shown)
    headers = list(ck.translate(shown).columns)
    assert headers == ["商店 A 客户数", "商店 A 利润", "商店 B 客户数", "商店 B 利润",
                       "差额（B − A）", "相对大小（B / A）"]


@pytest.mark.parametrize("kwargs", [
    {"start": 0}, {"start": 10.5}, {"moved": (0, 100)}, {"moved": (-1,)}, {"moved": ()},
    {"moved": "0,1"}, {"profit_per_customer": 0}, {"profit_per_customer": "10"},
])
def test_accumulation_table_refuses_bad_arguments(kwargs):
    with pytest.raises(CRMDataError):
        value.accumulation_table(**kwargs)


# ---------------------------------------------------------------------------
# Lifetime value
# ---------------------------------------------------------------------------

def test_computer_buyers_lifetime_totals_are_the_seeds():
    totals = value.lifetime_totals().set_index("buyer")
    assert totals.loc["A", "total"] == 185_000
    assert totals.loc["B", "total"] == 45_000
    assert totals.loc["A", "purchases"] == 10 and totals.loc["B", "purchases"] == 3
    # today B looks more valuable: the point of the seed's story
    assert totals.loc["A", "first_purchase"] == 10_000
    assert totals.loc["B", "first_purchase"] == 15_000


def test_lifetime_totals_accepts_a_long_frame():
    long = pd.DataFrame({"buyer": ["x", "y", "x"], "amount": [1.0, 5.0, 2.5]})
    before = long.copy()
    out = value.lifetime_totals(long).set_index("buyer")
    assert out.loc["x", "total"] == 3.5 and out.loc["y", "total"] == 5.0
    pd.testing.assert_frame_equal(long, before)


@pytest.mark.parametrize("bad", [{}, {"A": []}, {"A": [1, "two"]}, {"A": [-5]}, {"A": 3},
                                 [1, 2], pd.DataFrame({"buyer": ["x"], "amount": ["lots"]})])
def test_lifetime_totals_refuses_bad_input(bad):
    with pytest.raises(CRMDataError):
        value.lifetime_totals(bad)


def test_clv_seed_and_acquisition_cost():
    # (1,000,000 - 150,000 - 50,000) / 400 = 2,000
    assert value.clv_seed(1_000_000, 150_000, 50_000, 400) == 2000.0
    assert value.acquisition_cost(60_000, 300) == 200.0
    with pytest.raises(CRMDataError):
        value.clv_seed(1000, 10, 10, 0)
    with pytest.raises(CRMDataError):
        value.acquisition_cost(1000, 0)
    with pytest.raises(CRMDataError):
        value.acquisition_cost(-1, 10)


def test_clv_finite_sum_by_hand():
    # margin at the start of each period, first period undiscounted:
    # 100 + 100*0.8/1.1 + 100*0.8**2/1.1**2
    expected = 100 + 80 / 1.1 + 64 / 1.21
    assert value.clv(100, 0.8, 0.1, periods=3) == pytest.approx(expected)
    assert value.clv(100, 0.8, 0.1, periods=1) == pytest.approx(100)


def test_clv_closed_form_and_convergence():
    closed = value.clv(100, 0.8, 0.1)
    assert closed == pytest.approx(100 * 1.1 / (1.1 - 0.8))
    gaps = [closed - value.clv(100, 0.8, 0.1, periods=t) for t in (1, 5, 20, 100, 400)]
    assert all(a > b for a, b in zip(gaps, gaps[1:], strict=False))  # approaches from below
    assert gaps[-1] == pytest.approx(0, abs=1e-9)


def test_clv_edge_cases():
    assert value.clv(50, 0.0, 0.1) == pytest.approx(50)  # leaves after the first period
    assert value.clv(50, 1.0, 0.0, periods=4) == pytest.approx(200)
    with pytest.raises(CRMDataError, match="infinite"):
        value.clv(50, 1.0, 0.0)
    with pytest.raises(CRMDataError, match="percentage"):
        value.clv(50, 80, 0.1)
    with pytest.raises(CRMDataError):
        value.clv(50, 0.8, 0.1, periods=0)


def test_clv_table_matches_clv():
    table = value.clv_table(100, 0.75, 0.08, periods=30)
    for t in (1, 2, 10, 30):
        assert table.loc[t - 1, "clv"] == pytest.approx(value.clv(100, 0.75, 0.08, periods=t))
    np.testing.assert_allclose(table["clv_limit"], value.clv(100, 0.75, 0.08))
    assert table["clv"].is_monotonic_increasing
    assert np.isnan(value.clv_table(10, 1.0, 0.0, periods=3)["clv_limit"]).all()


def test_delivered_value():
    out = value.delivered_value(product=500, service=150, personnel=100, image=50,
                                money=450, time=60, energy=40, psychic=50)
    assert out["total_customer_value"] == 800
    assert out["total_customer_cost"] == 600
    assert out["customer_delivered_value"] == 200
    assert out["value_cost_ratio"] == pytest.approx(800 / 600)
    with pytest.raises(CRMDataError):
        value.delivered_value(1, 1, 1, 1, 0, 0, 0, 0)
    with pytest.raises(CRMDataError):
        value.delivered_value(1, 1, 1, -1, 1, 1, 1, 1)


# ---------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------

def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue"])


def test_rfm_scores_worked_by_hand():
    # Five customers, as of 2025-07-01:
    #   A: last 2025-06-30 (1 day), 3 orders, 300    B: 2025-06-01 (30 days), 2 orders, 500
    #   C: 2025-05-02 (60 days), 1 order, 100        D: 2025-01-02 (180 days), 1 order, 50
    #   E: 2024-07-01 (365 days), 4 orders, 1000
    # No ties in R or M, so with 5 customers each gets its own fifth: ranks 1..5 -> 1..5.
    # F: C and D tie at 1 order (positions 0-2 of 5, middle 1/5 -> floor(5*2/10)+1 = 2),
    #    B -> floor(5*5/10)+1 = 3, A -> floor(5*7/10)+1 = 4, E -> floor(5*9/10)+1 = 5.
    orders = _orders([
        ("A", "2025-06-30", 100.0), ("A", "2025-03-01", 100.0), ("A", "2025-01-01", 100.0),
        ("B", "2025-06-01", 250.0), ("B", "2025-02-01", 250.0),
        ("C", "2025-05-02", 100.0),
        ("D", "2025-01-02", 50.0),
        ("E", "2024-07-01", 250.0), ("E", "2024-05-01", 250.0), ("E", "2024-03-01", 250.0),
        ("E", "2024-01-01", 250.0),
    ])
    out = value.rfm_scores(orders, as_of="2025-07-01").set_index("customer_id")
    assert out["recency_days"].to_dict() == {"A": 1, "B": 30, "C": 60, "D": 180, "E": 365}
    assert out["frequency"].to_dict() == {"A": 3, "B": 2, "C": 1, "D": 1, "E": 4}
    assert out["monetary"].to_dict() == {"A": 300, "B": 500, "C": 100, "D": 50, "E": 1000}
    assert out["R"].to_dict() == {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
    assert out["F"].to_dict() == {"A": 4, "B": 3, "C": 2, "D": 2, "E": 5}
    assert out["M"].to_dict() == {"A": 3, "B": 4, "C": 2, "D": 1, "E": 5}
    assert out["rfm"].to_dict() == {"A": "543", "B": "434", "C": "322", "D": "221", "E": "155"}
    # segments from the documented grid (FM = ceil((F+M)/2)):
    # A R5 FM4 Champions, B R4 FM4 Loyal, C R3 FM2 Needs attention,
    # D R2 FM2 Hibernating, E R1 FM5 Can't lose them
    assert out["segment"].astype(str).to_dict() == {
        "A": "Champions", "B": "Loyal", "C": "Needs attention", "D": "Hibernating",
        "E": "Can't lose them"}


def test_rfm_identical_customers_get_identical_scores_whatever_the_order():
    # X and Y bought the same things on the same days, listed in a different order;
    # amounts chosen so that naive float sums differ in the last bit (0.1+0.2+0.3).
    assert 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1
    rows = [("X", "2025-01-03", 0.1), ("X", "2025-02-03", 0.2), ("X", "2025-03-03", 0.3)]
    rows += [("Y", "2025-03-03", 0.3), ("Y", "2025-02-03", 0.2), ("Y", "2025-01-03", 0.1)]
    rows += [(f"Z{i}", f"2025-0{1 + i % 3}-1{i}", 0.6 + 0.1 * (i - 4)) for i in range(9)]
    orders = _orders(rows)
    for frame in (orders, orders.iloc[::-1], orders.sample(frac=1, random_state=3)):
        out = value.rfm_scores(frame, as_of="2025-04-01").set_index("customer_id")
        x, y = out.loc["X"], out.loc["Y"]
        assert x["monetary"] == y["monetary"] == pytest.approx(0.6)
        assert (x[["R", "F", "M"]] == y[["R", "F", "M"]]).all()
        assert x["rfm"] == y["rfm"] and x["segment"] == y["segment"]


def test_rfm_result_does_not_depend_on_row_order():
    rng = np.random.default_rng(7)
    orders = _orders([(f"C{rng.integers(0, 40)}", f"2024-{rng.integers(1, 13):02d}-15",
                       float(rng.integers(1, 20) * 10)) for _ in range(200)])
    first = value.rfm_scores(orders)
    shuffled = value.rfm_scores(orders.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(first, shuffled)


def test_rfm_heavy_ties_never_raise():
    # 20 customers, half of them with exactly one purchase of the same amount on the same day
    rows = [(f"S{i:02d}", "2025-01-10", 50.0) for i in range(10)]
    rows += [(f"R{i:02d}", f"2025-0{1 + i % 6}-20", 40.0 + i)
             for i in range(10) for _ in range(i % 4 + 2)]
    out = value.rfm_scores(_orders(rows))
    for col in "RFM":
        assert out[col].between(1, 5).all()
    single = out[out["customer_id"].str.startswith("S")]
    assert single[["R", "F", "M"]].nunique().eq(1).all()
    # the ten one-time buyers fill the bottom half: middle at 25% -> F = floor(1.25) + 1 = 2
    assert (single["F"] == 2).all()


def test_rfm_all_customers_identical():
    out = value.rfm_scores(_orders([(f"C{i}", "2025-01-01", 10.0) for i in range(7)]))
    # nobody is better or worse than anyone: everyone sits in the middle fifth
    assert (out[["R", "F", "M"]] == 3).all().all()


def test_rfm_as_of_leaves_out_later_orders():
    orders = _orders([("A", "2025-01-01", 10.0), ("A", "2025-03-01", 99.0),
                      ("B", "2025-02-01", 20.0), ("C", "2025-06-01", 5.0)])
    out = value.rfm_scores(orders, as_of="2025-02-15").set_index("customer_id")
    assert list(out.index) == ["A", "B"]
    assert out.loc["A", "monetary"] == 10 and out.loc["A", "recency_days"] == 45
    with pytest.raises(CRMDataError, match="before the first date"):
        value.rfm_scores(orders, as_of="2024-12-31")


def test_rfm_default_as_of_is_the_day_after_the_last_order():
    out = value.rfm_scores(_orders([("A", "2025-01-01 15:30", 10.0),
                                    ("B", "2024-12-31", 20.0)]))
    assert out.set_index("customer_id")["recency_days"].to_dict() == {"A": 1, "B": 2}


def test_rfm_custom_column_names_and_bins():
    orders = _orders([("A", "2025-01-01", 10.0), ("B", "2025-02-01", 20.0)])
    orders.columns = ["cust", "when", "paid"]
    out = value.rfm_scores(orders, bins=3, customer="cust", date="when", amount="paid")
    assert list(out.columns[:1]) == ["cust"]
    assert out["R"].between(1, 3).all()


def test_rfm_does_not_modify_its_input():
    orders = _orders([("A", "2025-01-01", 10.0), ("B", "2025-02-01", 20.0)])
    before = copy.deepcopy(orders)
    value.rfm_scores(orders)
    pd.testing.assert_frame_equal(orders, before)


def test_rfm_error_messages_name_the_problem():
    good = _orders([("A", "2025-01-01", 10.0), ("B", "2025-02-01", 20.0)])
    with pytest.raises(CRMDataError, match="'revenue' not found.*'customer_id'"):
        value.rfm_scores(good.drop(columns="revenue"))
    with pytest.raises(CRMDataError, match="not a date.*banana"):
        value.rfm_scores(good.assign(order_date=["2025-01-01", "banana"]))
    with pytest.raises(CRMDataError, match="negative"):
        value.rfm_scores(good.assign(revenue=[10.0, -1.0]))
    with pytest.raises(CRMDataError, match="numbers"):
        value.rfm_scores(good.assign(revenue=["10", "ten"]))
    with pytest.raises(CRMDataError, match="missing"):
        value.rfm_scores(good.assign(revenue=[10.0, np.nan]))
    with pytest.raises(CRMDataError, match="missing customer ids"):
        value.rfm_scores(good.assign(customer_id=["A", None]))
    with pytest.raises(CRMDataError, match="empty"):
        value.rfm_scores(good.iloc[:0])
    with pytest.raises(CRMDataError, match="bins"):
        value.rfm_scores(good, bins=10)
    with pytest.raises(CRMDataError, match="DataFrame"):
        value.rfm_scores(good.to_dict())


def test_segment_map_covers_all_125_codes():
    table = value.rfm_segment_map()
    assert len(table) == 125 and table["rfm"].is_unique
    assert set(table["segment"].astype(str)) == {s.name for s in value.RFM_SEGMENTS}
    lookup = table.set_index("rfm")["segment"].astype(str)
    assert lookup["555"] == "Champions"
    assert lookup["111"] == "Lost"
    assert lookup["511"] == "New"
    assert lookup["155"] == "Can't lose them"
    assert lookup["533"] == "Potential loyalist"


@pytest.mark.parametrize("bins", [2, 3, 4, 6, 9])
def test_segment_map_covers_every_code_for_other_bins(bins):
    table = value.rfm_segment_map(bins)
    assert len(table) == bins**3
    assert table["segment"].notna().all()
    lookup = table.set_index("rfm")["segment"].astype(str)
    top, low = str(bins), "1"
    assert lookup[top * 3] == "Champions" and lookup[low * 3] == "Lost"


def test_segment_summary_shares_add_up():
    rng = np.random.default_rng(1)
    orders = _orders([(f"C{rng.integers(0, 60)}", f"2024-{rng.integers(1, 13):02d}-01",
                       float(rng.integers(1, 100))) for _ in range(300)])
    scores = value.rfm_scores(orders)
    summary = value.rfm_segment_summary(scores)
    assert summary["customers"].sum() == len(scores)
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].sum() == pytest.approx(1)
    assert summary["revenue"].sum() == pytest.approx(orders["revenue"].sum())
    order = [s.name for s in value.RFM_SEGMENTS]
    positions = [order.index(s) for s in summary["segment"]]
    assert positions == sorted(positions)
    with pytest.raises(CRMDataError, match="segment"):
        value.rfm_segment_summary(scores.drop(columns="segment"))


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_value_plots_draw_without_warnings(language):
    ck.set_language(language)
    rng = np.random.default_rng(2)
    orders = _orders([(f"C{rng.integers(0, 80)}", f"2024-{rng.integers(1, 13):02d}-05",
                       float(rng.integers(1, 500))) for _ in range(400)])
    scores = value.rfm_scores(orders)
    axes = [
        vplots.rfm_heatmap(scores),
        vplots.rfm_heatmap(scores, value="customers"),
        vplots.segment_bars(scores),
        vplots.segment_bars(value.rfm_segment_summary(scores)),
        vplots.clv_curve(value.clv_table(100, 0.8, 0.1)),
        vplots.accumulation_chart(value.accumulation_table()),
    ]
    for ax in axes:
        ax.figure.canvas.draw()
    assert axes[0].get_title() == ck.label("rfm")
    assert axes[2].get_xlabel() == ck.label("customers")
    present = set(scores["segment"].astype(str))
    ticks = [t.get_text() for t in axes[2].get_yticklabels()]
    assert ticks == [ck.label(s.key) for s in value.RFM_SEGMENTS if s.name in present]
    assert axes[5].get_xlabel() == ck.label("customers_moved")


@pytest.mark.filterwarnings("error")
def test_a_chart_draws_in_another_language_and_leaves_the_notebooks_alone():
    shops = value.accumulation_table()
    chinese = vplots.accumulation_chart(shops, language="zh")
    assert chinese.get_title() == ck.label("accumulation_effect", "zh")
    assert ck.get_language() == "en"
    assert vplots.accumulation_chart(shops).get_title() == ck.label("accumulation_effect", "en")
