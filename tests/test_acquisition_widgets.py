"""Chapter 05's budget explorer: a thin layer over crmkit.budget_plan.

The expected numbers are worked out by hand from a two-channel example.
"""

import ipywidgets as w
import pandas as pd
import pytest

import crmkit as ck
from crmkit.widgets.acquisition import BudgetExplorer, budget_explorer

CURVE = pd.DataFrame({1: [40.0, 20.0], 2: [70.0, 30.0]}, index=["app", "social"])
INPUTS = {"cost": {"app": 50, "social": 25}, "repeat_rate": {"app": 0.5, "social": 0.2},
          "curve": CURVE}


def test_budget_explorer_shows_the_plan_for_the_starting_split():
    explorer = budget_explorer({"app": 1000, "social": 1000}, **INPUTS)
    assert isinstance(explorer, BudgetExplorer) and isinstance(explorer, w.VBox)
    # app: 1,000 / 50 = 20 new, 10 back; social: 1,000 / 25 = 40 new, 8 back
    assert explorer.plan.loc["total", ["first_purchases", "repeat_buyers"]].tolist() == [60, 18]
    assert set(explorer.budget) == {"app", "social"}
    assert all(slider in explorer.children for slider in explorer.budget.values())
    assert explorer.summary().splitlines() == [
        "app: 1,000 yuan → 20 first purchases, 10 repeat buyers, 1,400 yuan margin in 2 months; "
        "pays back in month 2",
        "social media: 1,000 yuan → 40 first purchases, 8 repeat buyers, 1,200 yuan margin in 2 "
        "months; pays back in month 2",
        "all channels: 2,000 yuan → 60 first purchases, 18 repeat buyers, 2,600 yuan margin in 2 "
        "months; pays back in month 2",
    ]
    assert bytes(explorer.chart.value).startswith(b"\x89PNG")


def test_moving_a_slider_recomputes_and_redraws():
    explorer = budget_explorer({"app": 1000, "social": 1000}, **INPUTS)
    chart, text = explorer.chart.value, explorer.text.value
    explorer.budget["social"].value = 0
    assert explorer.plan.loc["total", "first_purchases"] == 20
    assert explorer.chart.value != chart and explorer.text.value != text
    explorer.set_budget({"social": 2000})  # app goes to 0; one redraw
    assert explorer.budget["app"].value == 0
    assert explorer.plan.loc["social", "first_purchases"] == 80
    # month 1: 80 x 20 = 1,600 < 2,000; month 2: 80 x 30 = 2,400 >= 2,000
    assert explorer.plan.loc["total", "payback_month"] == 2.0
    with pytest.raises(ck.CRMDataError, match="no slider for 'store'"):
        explorer.set_budget({"store": 10})


def test_limit_and_chinese_summary():
    explorer = budget_explorer({"app": 1000}, limit={"app": 12}, **INPUTS)
    assert explorer.plan.loc["app", "first_purchases"] == 12
    assert explorer.summary().endswith("not paid back within 2 months")
    ck.set_language("zh")
    chinese = budget_explorer({"app": 1000}, **INPUTS)
    assert chinese.summary().splitlines()[0].startswith("App：1,000 元 → 20 位首次购买客户")


def test_budget_explorer_refuses_bad_input():
    with pytest.raises(ck.CRMDataError, match="cost has no value for 'store'"):
        budget_explorer({"store": 1000}, cost={"app": 50}, repeat_rate={"store": 0.5},
                        curve=CURVE)
    with pytest.raises(ck.CRMDataError, match="must map each channel"):
        budget_explorer(5000, **INPUTS)
