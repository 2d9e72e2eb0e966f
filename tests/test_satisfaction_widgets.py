"""Chapter 07's survey explorer: a thin layer over crmkit.satisfaction_scorecard and
crmkit.importance_performance."""

from functools import cache

import ipywidgets as w
import pandas as pd
import pytest

import crmkit as ck
from crmkit.widgets.satisfaction import SatisfactionExplorer, satisfaction_explorer


@cache
def _survey():
    return ck.load_survey()


def test_explorer_shows_the_scorecard_of_its_sliders():
    explorer = satisfaction_explorer(_survey())
    assert isinstance(explorer, SatisfactionExplorer) and isinstance(explorer, w.VBox)
    card = ck.satisfaction_scorecard(_survey(), weights={
        a: round(float(v), 1) for a, v in ck.importance_performance(_survey())["importance"]
        .items()})
    pd.testing.assert_series_equal(explorer.card, card)
    lines = explorer.summary().splitlines()
    assert lines[0].startswith("satisfied (5 or more): 26.9% (24.7% to 29.2%)")
    assert lines[1] == "NPS (promoters 9–10, detractors 0–6): -18.5 (-22.6 to -14.4)"
    assert lines[3] == ("concentrate here: price, freshness · keep up the good work: quality · "
                        "low priority: checkout, app · possible overkill: staff, delivery")
    assert bytes(explorer.chart.value).startswith(b"\x89PNG")


def test_moving_sliders_recomputes_and_redraws():
    explorer = satisfaction_explorer(_survey())
    chart = explorer.chart.value
    explorer.satisfied.value = 4
    assert explorer.card["satisfied_share"] == pytest.approx(ck.top_box(_survey(), top=2))
    explorer.promoter_from.value = 8
    assert explorer.card["nps"] == pytest.approx(ck.nps(_survey(), promoter_from=8)["nps"])
    explorer.weight["app"].value = 5.0
    assert explorer.quadrants.loc["app", "quadrant"] == "concentrate_here"
    assert explorer.chart.value != chart


def test_crossed_cut_offs_and_zero_weights_are_pulled_apart():
    explorer = satisfaction_explorer(_survey())
    explorer.satisfied.value = 3
    explorer.dissatisfied.value = 4          # above "satisfied from 3": held at 2
    assert explorer.summary().splitlines()[0].startswith("satisfied (3 or more)")
    assert "dissatisfied (2 or less)" in explorer.summary().splitlines()[0]
    explorer.promoter_from.value = 7
    explorer.detractor_to.value = 9          # held at 6
    assert explorer.card["nps"] == pytest.approx(
        ck.nps(_survey(), promoter_from=7, detractor_to=6)["nps"])
    for slider in explorer.weight.values():
        slider.value = 0.0                   # all zero: every attribute counts alike
    assert explorer.card["index"] == pytest.approx(
        ck.satisfaction_index(_survey(), weights={a: 1 for a in ck.ATTRIBUTES}))


def test_chinese_summary_and_bad_input():
    ck.set_language("zh")
    explorer = satisfaction_explorer(_survey())
    assert explorer.summary().splitlines()[3].startswith("重点改进：价格、新鲜度")
    with pytest.raises(ck.CRMDataError, match="promoter_from"):
        satisfaction_explorer(_survey(), promoter_from=11)
    with pytest.raises(ck.CRMDataError, match="dissatisfied=3") as err:
        satisfaction_explorer(_survey(), satisfied=3, dissatisfied=3)
    assert "must be below satisfied" in err.value.en and "必须小于" in str(err.value)
    with pytest.raises(ck.CRMDataError, match=r"weights\['app'\]"):
        satisfaction_explorer(_survey(), weights={a: 6 if a == "app" else 3
                                                  for a in ck.ATTRIBUTES})
