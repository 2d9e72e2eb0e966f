"""crmkit.satisfaction: score summaries, top box, NPS, importance–performance, repurchase curve."""


import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import satisfaction
from crmkit.plots import satisfaction as plots

# Ten answers to "how likely are you to recommend us?":
# promoters (9-10): 10, 9, 9, 10, 9  -> 5 of 10 = 50 %
# passives  (7-8):  8, 7, 8          -> 3 of 10
# detractors (0-6): 3, 6             -> 2 of 10 = 20 %
# NPS = 50 - 20 = 30
RECOMMEND = pd.DataFrame({"recommend": [10, 9, 9, 10, 9, 8, 7, 8, 3, 6],
                          "store": ["a"] * 5 + ["b"] * 5})


def test_nps_worked_by_hand():
    result = satisfaction.nps(RECOMMEND)
    assert result["nps"] == pytest.approx(30.0)
    assert result[["respondents", "promoters", "passives", "detractors"]].tolist() == [10, 5, 3, 2]
    assert result["promoter_share"] == pytest.approx(0.5)
    assert result["detractor_share"] == pytest.approx(0.2)


def test_nps_by_group():
    result = satisfaction.nps(RECOMMEND, by="store")
    # store a: five promoters -> +100; store b: 8, 7, 8, 3, 6 -> 0 promoters, 2 detractors -> -40
    assert result["nps"].to_dict() == pytest.approx({"a": 100.0, "b": -40.0})


@pytest.mark.parametrize(("scores", "expected"), [([10, 9], 100.0), ([0, 6, 5], -100.0),
                                                   ([7, 8], 0.0)])
def test_nps_extremes(scores, expected):
    assert satisfaction.nps(pd.DataFrame({"recommend": scores}))["nps"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("bad", "match"),
    [(11, r"whole scores from 0 to 10.*row 3: 11"), (7.5, r"whole numbers.*row 3: 7.5"),
     ("nine", r"must hold numbers.*row 3: 'nine'"), (None, r"missing values.*row 3"),
     (-1, r"row 3: -1")],
)
def test_nps_names_the_bad_rows(bad, match):
    survey = pd.DataFrame({"recommend": pd.Series([10, 9, 8, bad, 3], dtype=object)})
    with pytest.raises(ck.CRMDataError, match=match):
        satisfaction.nps(survey)


SATISFACTION = pd.DataFrame({"satisfaction": [5, 4, 4, 2]})


def test_score_distribution_lists_every_scale_point():
    dist = satisfaction.score_distribution(SATISFACTION)
    assert dist.index.tolist() == [1, 2, 3, 4, 5]
    assert dist["count"].tolist() == [0, 1, 0, 2, 1]
    assert dist["share"].tolist() == [0.0, 0.25, 0.0, 0.5, 0.25]
    assert dist["cumulative_share"].tolist() == [0.0, 0.25, 0.25, 0.75, 1.0]
    assert satisfaction.score_distribution(RECOMMEND, "recommend").index.tolist() == list(
        range(11))


def test_score_summary():
    both = SATISFACTION.assign(recommend=[10, 9, 0, 5])
    table = satisfaction.score_summary(both, ["satisfaction", "recommend"])
    assert table.loc["satisfaction", ["n", "mean", "median", "top_box", "bottom_box"]].tolist() \
        == [4, 3.75, 4.0, 0.25, 0.0]
    assert table.loc["recommend", ["mean", "median", "scale_high", "top_box"]].tolist() == [
        6.0, 7.0, 10, 0.25]


def test_top_box():
    assert satisfaction.top_box(SATISFACTION) == 0.25
    assert satisfaction.top_box(SATISFACTION, top=2) == 0.75
    assert satisfaction.top_box(SATISFACTION, threshold=4) == 0.75
    assert satisfaction.top_box(RECOMMEND, "recommend", threshold=9) == 0.5  # promoter share
    with pytest.raises(ck.CRMDataError, match="top must lie"):
        satisfaction.top_box(SATISFACTION, top=6)
    with pytest.raises(ck.CRMDataError, match=r"outside.*scale=\(low, high\)"):
        satisfaction.top_box(RECOMMEND, "recommend", scale=(1, 5))


# Four attributes, two answers each.
#   importance means: price 5, quality 4.5, app 2, staff 2.5      -> grand mean 3.5
#   performance means: price 2, quality 4.5, app 4, staff 1.5     -> grand mean 3
IPA = pd.DataFrame({
    "importance_price": [5, 5], "performance_price": [1, 3],
    "importance_quality": [4, 5], "performance_quality": [4, 5],
    "importance_app": [2, 2], "performance_app": [4, 4],
    "importance_staff": [3, 2], "performance_staff": [1, 2],
})


def test_importance_performance_quadrants():
    table = satisfaction.importance_performance(IPA, ["price", "quality", "app", "staff"])
    assert table["importance"].tolist() == [5.0, 4.5, 2.0, 2.5]
    assert table["performance"].tolist() == [2.0, 4.5, 4.0, 1.5]
    assert table.attrs["thresholds"] == (3.5, 3.0)
    assert table["quadrant"].astype(str).tolist() == [
        "concentrate_here", "keep_up_the_good_work", "possible_overkill", "low_priority"]
    assert table.loc["price", "gap"] == 3.0


def test_importance_performance_fixed_thresholds_and_missing_columns():
    table = satisfaction.importance_performance(IPA, ["price", "app"], thresholds=(1.5, 1.5))
    assert table["quadrant"].astype(str).tolist() == ["keep_up_the_good_work"] * 2
    with pytest.raises(ck.CRMDataError, match="'importance_freshness'"):
        satisfaction.importance_performance(IPA)  # the default list has freshness


# Satisfaction and repurchase, worked by hand (window 90 days after the survey day).
# Survey on 2024-01-10:  A 5, B 5, C 4, D 4, E 4, F 3;  G 5 on 2024-12-01.
#   A buys 2024-02-01 (22 days later)            -> came back
#   B buys on the survey day (not counted) and 2024-03-01 (51 days) -> came back
#   C buys 2024-05-01 (112 days: too late)       -> no
#   D buys 2024-04-09 (exactly 90 days)          -> came back
#   E never buys, F only before the survey       -> no
#   G's window ends after the last order (2024-05-01): left out.
# 5s: 2 of 2 = 100 %; 4s: 1 of 3 = 33 %; ratio 5s to 4s = 3; 3s: 0 of 1.
CURVE_SURVEY = pd.DataFrame({
    "customer_id": ["A", "B", "C", "D", "E", "F", "G"],
    "survey_date": ["2024-01-10"] * 6 + ["2024-12-01"],
    "satisfaction": [5, 5, 4, 4, 4, 3, 5],
})
CURVE_ORDERS = pd.DataFrame({
    "customer_id": ["A", "B", "B", "C", "D", "F"],
    "order_date": ["2024-02-01", "2024-01-10 18:00", "2024-03-01", "2024-05-01", "2024-04-09",
                   "2023-12-01"],
})


def test_satisfaction_curve_worked_by_hand():
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    assert curve["respondents"].tolist() == [0, 0, 1, 3, 2]
    assert curve["repurchasers"].tolist() == [0, 0, 0, 1, 2]
    assert curve.loc[5, "repurchase_rate"] == 1.0
    assert curve.loc[4, "repurchase_rate"] == pytest.approx(1 / 3)
    assert curve.loc[5, "ratio_to_score_below"] == pytest.approx(3.0)
    assert np.isnan(curve.loc[1, "repurchase_rate"])
    assert curve.attrs["left_out"] == 1


def test_satisfaction_curve_window_edges():
    # 89 days: D's order on day 90 no longer counts
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=89)
    assert curve.loc[4, "repurchasers"] == 0
    with pytest.raises(ck.CRMDataError, match="no survey answer has a complete"):
        satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=400)
    with pytest.raises(ck.CRMDataError, match="before the first date"):
        satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, as_of="2020-01-01")


def test_functions_leave_their_input_alone():
    survey, orders = CURVE_SURVEY.copy(deep=True), CURVE_ORDERS.copy(deep=True)
    satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    satisfaction.score_summary(CURVE_SURVEY)
    pd.testing.assert_frame_equal(CURVE_SURVEY, survey)
    pd.testing.assert_frame_equal(CURVE_ORDERS, orders)


# ---------------------------------------------------------------- plots
@pytest.mark.filterwarnings("error")  # e.g. a glyph missing from the font
@pytest.mark.parametrize("language", ["en", "zh"])
def test_plots_draw_in_both_languages(language):
    ck.set_language(language)
    ax = plots.score_distribution(satisfaction.score_distribution(SATISFACTION),
                                  score="satisfaction")
    assert ax.get_xlabel() == ck.label("satisfaction")
    ax = plots.nps_bar(satisfaction.nps(RECOMMEND))
    assert ax.get_title() == ck.label("net_promoter_score")
    plots.nps_bar(satisfaction.nps(RECOMMEND, by="store"))
    ipa = satisfaction.importance_performance(IPA, ["price", "quality", "app", "staff"])
    ax = plots.importance_performance_grid(ipa)
    assert ck.label("concentrate_here") in [t.get_text() for t in ax.texts]
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    ax = plots.satisfaction_curve(curve)
    assert ax.get_ylabel() == ck.label("repurchase_rate")


def test_satisfaction_curve_reads_renamed_columns_through_one_mapping():
    survey = CURVE_SURVEY.rename(columns={"customer_id": "client", "survey_date": "asked"})
    orders = CURVE_ORDERS.rename(columns={"customer_id": "client", "order_date": "day"})
    plain = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    mapped = satisfaction.satisfaction_curve(survey, orders, window_days=90, columns={
        "customer": "client", "survey_date": "asked", "date": "day"})
    pd.testing.assert_frame_equal(mapped, plain)
    with pytest.raises(ck.CRMDataError, match=r"columns=\{'date'"):
        satisfaction.satisfaction_curve(survey, orders, window_days=90, columns={
            "customer": "client", "survey_date": "asked"})
