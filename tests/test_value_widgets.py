"""Chapter 04's explorers: the CLV explorer and the accumulation explorer.

The expected numbers come from the formulas written out by hand and from the
seed's own accumulation table (seed 002), not from the functions under test.
"""

import ipywidgets as w
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.widgets.value import (
    AccumulationExplorer,
    ClvExplorer,
    accumulation_explorer,
    clv_explorer,
)

PNG = b"\x89PNG"


def _clv_by_hand(m, r, d, periods):
    return sum(m * r**t / (1 + d) ** t for t in range(periods))


# --------------------------------------------------------------------------- CLV explorer


def test_clv_explorer_shows_the_textbook_sum():
    explorer = clv_explorer(margin=600, retention=0.8, discount=0.1, periods=10)
    assert isinstance(explorer, ClvExplorer) and isinstance(explorer, w.VBox)
    assert explorer.value == pytest.approx(_clv_by_hand(600, 0.8, 0.1, 10))
    assert explorer.limit == pytest.approx(600 * 1.1 / (1.1 - 0.8))  # 2,200
    assert len(explorer.table) == 10
    assert bytes(explorer.chart.value).startswith(PNG)
    assert explorer.summary().splitlines()[1:] == [
        f"CLV after 10 periods: {_clv_by_hand(600, 0.8, 0.1, 10):,.0f} yuan",
        "CLV with no end date: 2,200 yuan",
    ]
    for control in (explorer.margin, explorer.retention, explorer.discount, explorer.periods):
        assert control in explorer.children


def test_moving_the_clv_sliders_redraws():
    explorer = clv_explorer(margin=600, retention=0.8, discount=0.1, periods=10)
    before, chart, text = explorer.value, explorer.chart.value, explorer.text.value
    explorer.retention.value = 0.9  # keeping customers longer makes each worth more
    assert explorer.value == pytest.approx(_clv_by_hand(600, 0.9, 0.1, 10))
    assert explorer.value > before
    assert explorer.chart.value != chart and explorer.text.value != text
    higher = explorer.value
    explorer.discount.value = 0.2  # future margins are worth less today
    assert explorer.value < higher
    explorer.margin.value = 1200  # CLV is proportional to the margin
    assert explorer.value == pytest.approx(_clv_by_hand(1200, 0.9, 0.2, 10))
    explorer.periods.value = 1  # one period: just this period's margin, undiscounted
    assert explorer.value == pytest.approx(1200)
    explorer.periods.value = 50  # a long horizon approaches the no-end-date value
    assert explorer.value == pytest.approx(explorer.limit, rel=1e-3)
    assert explorer.limit == pytest.approx(1200 * 1.2 / (1.2 - 0.9))


def test_clv_explorer_without_retention_is_one_period_of_margin():
    explorer = clv_explorer(margin=500, retention=0.0, discount=0.1, periods=5)
    assert explorer.value == pytest.approx(500) and explorer.limit == pytest.approx(500)


def test_clv_explorer_speaks_chinese():
    ck.set_language("zh")
    explorer = clv_explorer()
    assert explorer.retention.description == "客户保持率"
    assert "客户终生价值" in explorer.summary()
    assert explorer._repr_mimebundle_()["text/plain"] == explorer.summary()


@pytest.mark.parametrize("kwargs, message", [
    ({"retention": 80}, "looks like a percentage"),
    ({"retention": 1.0}, "retention must lie in"),
    ({"discount": 0.5}, "discount must lie in"),
    ({"margin": "600"}, "margin must be a number"),
    ({"margin": -1}, "margin must lie in"),
    ({"periods": 0}, "periods must lie in"),
    ({"periods": 2.5}, "whole number"),
])
def test_clv_explorer_refuses_bad_settings(kwargs, message):
    with pytest.raises(CRMDataError, match=message) as caught:
        clv_explorer(**kwargs)
    assert str(caught.value).startswith("clv_explorer:")


# --------------------------------------------------------------------------- accumulation


def test_accumulation_explorer_reproduces_the_seed_rows():
    explorer = accumulation_explorer()  # 10 moved, 100 each, 10 profit: a row of the seed
    assert isinstance(explorer, AccumulationExplorer) and isinstance(explorer, w.VBox)
    row = explorer.row
    assert (row["a_customers"], row["b_customers"], row["b_minus_a"]) == (90, 110, 20)
    assert round(row["b_to_a"], 2) == 1.22
    assert (row["a_profit"], row["b_profit"], row["profit_difference"]) == (900, 1100, 200)
    assert explorer.table["moved"].tolist() == [0, 1, 2, 10]  # the seed's steps up to 10
    assert explorer.summary() == (
        "10 customers moved: A has 90 and B has 110. Gap in customers 20 (twice the number "
        "moved), gap in profit 200, B/A = 1.22.")
    assert bytes(explorer.chart.value).startswith(PNG)


@pytest.mark.parametrize("moved, a, b, gap, ratio, profit_gap", [
    (0, 100, 100, 0, "1.00", 0),
    (1, 99, 101, 2, "1.02", 20),
    (2, 98, 102, 4, "1.04", 40),
    (25, 75, 125, 50, "1.67", 500),
    (50, 50, 150, 100, "3.00", 1000),
])
def test_moving_customers_redraws_with_the_seed_numbers(moved, a, b, gap, ratio, profit_gap):
    explorer = accumulation_explorer(moved=5)
    chart = explorer.chart.value
    explorer.moved.value = moved
    row = explorer.row
    assert (row["a_customers"], row["b_customers"], row["b_minus_a"]) == (a, b, gap)
    assert f"{row['b_to_a']:.2f}" == ratio and row["profit_difference"] == profit_gap
    assert f"B/A = {ratio}" in explorer.summary()
    assert explorer.chart.value != chart


def test_a_smaller_market_caps_the_customers_moved():
    explorer = accumulation_explorer(moved=50)
    explorer.start.value = 20  # A must keep a customer: at most 19 can move
    assert explorer.moved.max == 19 and explorer.moved.value == 19
    assert (explorer.row["a_customers"], explorer.row["b_customers"]) == (1, 39)
    explorer.profit.value = 25
    assert explorer.row["profit_difference"] == (39 - 1) * 25


def test_accumulation_explorer_speaks_chinese():
    ck.set_language("zh")
    explorer = accumulation_explorer(moved=50)
    assert explorer.moved.description == "从 A 转向 B 的客户数"
    assert "B/A = 3.00" in explorer.summary() and "转移 50 位客户" in explorer.summary()


@pytest.mark.parametrize("kwargs, message", [
    ({"moved": 100}, "moved must lie in"),
    ({"moved": -1}, "moved must lie in"),
    ({"start": 1}, "start must lie in"),
    ({"start": 10.5}, "whole number"),
    ({"profit_per_customer": 0}, "profit_per_customer must lie in"),
])
def test_accumulation_explorer_refuses_bad_settings(kwargs, message):
    with pytest.raises(CRMDataError, match=message) as caught:
        accumulation_explorer(**kwargs)
    assert str(caught.value).startswith("accumulation_explorer:")
