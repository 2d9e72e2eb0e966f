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


# ---------------------------------------------------------------- intervals (chapter 07)
def test_nps_interval_worked_by_hand():
    # p = 0.5, d = 0.2, n = 10: variance per answer 0.5 + 0.2 - 0.3**2 = 0.61
    # half-width 1.96 x 100 x sqrt(0.61 / 10) = 48.41 points around 30
    result = satisfaction.nps(RECOMMEND)
    half = 1.959964 * 100 * np.sqrt(0.61 / 10)
    assert result["nps_low"] == pytest.approx(30 - half, abs=1e-3)
    assert result["nps_high"] == pytest.approx(30 + half, abs=1e-3)
    narrower = satisfaction.nps(RECOMMEND, level=0.90)
    assert narrower["nps_low"] > result["nps_low"] and narrower["nps_high"] < result["nps_high"]


def test_nps_interval_stays_within_the_scale():
    everyone = satisfaction.nps(pd.DataFrame({"recommend": [10, 9, 10]}))
    assert everyone["nps"] == 100 and everyone["nps_high"] == 100 and everyone["nps_low"] == 100
    by = satisfaction.nps(RECOMMEND, by="store")
    assert (by["nps_low"] <= by["nps"]).all() and (by["nps"] <= by["nps_high"]).all()


def test_nps_cut_offs_can_be_moved_but_not_crossed():
    # promoters from 8: 10, 9, 9, 10, 9, 8, 8 -> 7 of 10; detractors 3, 6 -> 2: NPS 50
    assert satisfaction.nps(RECOMMEND, promoter_from=8)["nps"] == pytest.approx(50.0)
    # detractors up to 7: 7, 3, 6 -> 3 of 10; promoters 5: NPS 20
    assert satisfaction.nps(RECOMMEND, detractor_to=7)["nps"] == pytest.approx(20.0)
    with pytest.raises(ck.CRMDataError, match="must be below promoter_from"):
        satisfaction.nps(RECOMMEND, promoter_from=7, detractor_to=7)


def test_nps_refuses_a_one_to_five_column():
    survey = pd.DataFrame({"satisfaction": [5, 4, 4, 2] * 10, "rating": [5, 4, 4, 2] * 10})
    with pytest.raises(ck.CRMDataError, match=r"holds 1–5 answers.*score=\"recommend\""):
        satisfaction.nps(survey, score="satisfaction")
    with pytest.raises(ck.CRMDataError, match=r"all 40 answers.*confirm_0_to_10=True"):
        satisfaction.nps(survey, score="rating")
    # a real 0-10 question nobody scored above 5 is accepted when confirmed: all detractors
    assert satisfaction.nps(survey, score="rating", confirm_0_to_10=True)["nps"] == -100.0
    # a few answers in 1-5 are not enough to tell
    assert satisfaction.nps(pd.DataFrame({"recommend": [5, 3]}))["nps"] == -100.0


def test_an_answer_counted_twice_is_refused():
    survey = pd.DataFrame({"response_id": ["R1", "R2", "R3"], "recommend": [10, 9, 3]})
    doubled = pd.concat([survey, survey.iloc[[2]]])
    with pytest.raises(ck.CRMDataError, match=r"same response_id.*drop_duplicates"):
        satisfaction.nps(doubled)
    with pytest.raises(ck.CRMDataError, match="same response_id"):
        satisfaction.top_box(doubled.rename(columns={"recommend": "satisfaction"}).assign(
            satisfaction=[5, 4, 3, 3]))
    # the same customer answering in two rounds gives two answers
    rows = pd.DataFrame({"customer_id": ["A", "B", "B"], "response_id": ["R1", "R2", "R3"],
                         "recommend": [10, 3, 3]})
    assert satisfaction.nps(rows)["respondents"] == 3


def test_top_box_table_wilson_interval():
    # 30 of 100: Wilson's 95% interval is 0.2189 to 0.3958 (by hand:
    # centre (0.3 + 1.96**2 / 200) / (1 + 1.96**2 / 100), half 1.96 sqrt(0.0021 + 0.000096) / 1.038)
    survey = pd.DataFrame({"satisfaction": [5] * 30 + [4] * 70, "store": ["a", "b"] * 50})
    row = satisfaction.top_box_table(survey).loc["all"]
    assert row[["respondents", "top"]].tolist() == [100, 30]
    assert row["share"] == 0.3
    assert row["share_low"] == pytest.approx(0.2189, abs=1e-4)
    assert row["share_high"] == pytest.approx(0.3958, abs=1e-4)
    by = satisfaction.top_box_table(survey, by="store", top=2)
    assert by["share"].tolist() == [1.0, 1.0] and (by["share_high"] == 1.0).all()
    assert by.attrs["threshold"] == 4
    nobody = satisfaction.top_box_table(pd.DataFrame({"satisfaction": [1, 2, 3]})).loc["all"]
    assert nobody["share"] == 0 and nobody["share_low"] == 0 and 0 < nobody["share_high"] < 1


STORES = pd.DataFrame({"satisfaction": [5] * 60 + [4] * 40 + [5] * 40 + [4] * 60,
                       "store": ["a"] * 100 + ["b"] * 100})


def test_group_difference_of_top_box_shares_by_hand():
    result = satisfaction.group_difference(STORES, "store", ("a", "b"), measure="top_box")
    # 0.6 - 0.4 = 0.2; se = sqrt(0.24 / 100 + 0.24 / 100) = 0.06928; half = 1.96 se = 0.1358
    assert result["difference"] == pytest.approx(0.2)
    assert result["low"] == pytest.approx(0.2 - 1.959964 * 0.069282, abs=1e-5)
    assert result["high"] == pytest.approx(0.2 + 1.959964 * 0.069282, abs=1e-5)
    # ratio 1.5, Katz: exp(+-1.96 sqrt(1/60 - 1/100 + 1/40 - 1/100)) = x/÷ 1.3344
    assert result["ratio"] == pytest.approx(1.5)
    assert result["ratio_low"] == pytest.approx(1.5 / 1.33446, abs=1e-4)
    assert result["ratio_high"] == pytest.approx(1.5 * 1.33446, abs=1e-4)
    assert result["verdict"] == "first_higher"
    reverse = satisfaction.group_difference(STORES, "store", ("b", "a"), measure="top_box")
    assert reverse["verdict"] == "second_higher"
    assert reverse["difference"] == pytest.approx(-0.2)


def test_group_difference_bootstrap_agrees_and_is_repeatable():
    normal = satisfaction.group_difference(STORES, "store", ("a", "b"), measure="top_box")
    boot = satisfaction.group_difference(STORES, "store", ("a", "b"), measure="top_box",
                                         method="bootstrap", seed=3)
    again = satisfaction.group_difference(STORES, "store", ("a", "b"), measure="top_box",
                                          method="bootstrap", seed=3)
    assert boot["low"] == again["low"] and boot["high"] == again["high"]
    assert boot["low"] == pytest.approx(normal["low"], abs=0.02)
    assert boot["high"] == pytest.approx(normal["high"], abs=0.02)
    assert boot["ratio_low"] == pytest.approx(normal["ratio_low"], abs=0.1)


def test_group_difference_says_cannot_tell_for_a_small_gap():
    close = pd.DataFrame({"satisfaction": [5] * 52 + [4] * 48 + [5] * 48 + [4] * 52,
                          "store": ["a"] * 100 + ["b"] * 100})
    result = satisfaction.group_difference(close, "store", ("a", "b"), measure="top_box")
    assert result["low"] < 0 < result["high"] and result["verdict"] == "cannot_tell"


def test_group_difference_nps_share_and_mean():
    nps_gap = satisfaction.group_difference(RECOMMEND, "store", ("a", "b"))
    assert nps_gap["difference"] == pytest.approx(140.0)  # +100 against -40
    assert np.isnan(nps_gap["ratio"])
    flags = pd.DataFrame({"bought": [True] * 3 + [False] * 7 + [True] * 1 + [False] * 9,
                          "group": ["x"] * 10 + ["y"] * 10})
    share = satisfaction.group_difference(flags, "group", ("x", "y"), measure="share",
                                          score="bought")
    assert share["difference"] == pytest.approx(0.2) and share["ratio"] == pytest.approx(3.0)
    mean = satisfaction.group_difference(STORES, "store", ("a", "b"), measure="mean",
                                         score="satisfaction")
    # Welch: means 4.6 and 4.4, variances 0.24 * 100 / 99 each
    se = np.sqrt(2 * 0.24 * 100 / 99 / 100)
    assert mean["difference"] == pytest.approx(0.2)
    assert mean["high"] - mean["difference"] == pytest.approx(1.959964 * se, abs=1e-5)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"groups": ("a", "zz")}, "does not occur in column 'store'"),
    ({"groups": ("a", "a")}, "names the same group twice"),
    ({"groups": "a"}, "must be a pair"),
    ({"measure": "median"}, "measure='median' is not valid"),
    ({"method": "exact"}, "method='exact' is not valid"),
    ({"measure": "share"}, "needs score="),
    ({"level": 95}, "level must lie in"),
])
def test_group_difference_refuses_bad_arguments(kwargs, match):
    args = {"survey": STORES, "by": "store", "groups": ("a", "b"), "measure": "top_box",
            **kwargs}
    with pytest.raises(ck.CRMDataError, match=match):
        satisfaction.group_difference(**args)


def test_group_difference_needs_two_answers_per_group():
    tiny = pd.DataFrame({"satisfaction": [5, 4, 3], "store": ["a", "a", "b"]})
    with pytest.raises(ck.CRMDataError, match="group 'b' has 1 answer"):
        satisfaction.group_difference(tiny, "store", ("a", "b"), measure="top_box")


def test_importance_performance_intervals_and_weights():
    table = satisfaction.importance_performance(IPA, ["price", "quality", "app", "staff"])
    # performance of price: answers 1 and 3, sd 1.414, n 2: half-width 1.96
    assert table.loc["price", "performance_low"] == pytest.approx(2 - 1.959964)
    assert table.loc["price", "performance_high"] == pytest.approx(2 + 1.959964)
    assert table.loc["price", "importance_low"] == table.loc["price", "importance_high"] == 5.0
    weighted = satisfaction.importance_performance(
        IPA, ["price", "quality", "app", "staff"],
        weights={"price": 1, "quality": 1, "app": 5, "staff": 5})
    assert weighted["importance"].tolist() == [1.0, 1.0, 5.0, 5.0]
    assert weighted.attrs["importance_from"] == "weights"
    assert weighted["quadrant"].astype(str).tolist() == [
        "low_priority", "possible_overkill", "keep_up_the_good_work", "concentrate_here"]
    assert weighted["importance_low"].isna().all()
    # the importance columns are not needed when the weights are given
    only_performance = IPA[[c for c in IPA.columns if c.startswith("performance_")]]
    satisfaction.importance_performance(only_performance, ["price", "app"],
                                        weights={"price": 2, "app": 1})


@pytest.mark.parametrize(("weights", "match"), [
    ({"price": 1}, r"missing: \['quality'\]"),
    ({"price": 1, "quality": 1, "apps": 1}, r"not an attribute here: \['apps'\]"),
    ({"price": 0, "quality": 0}, "every weight is 0"),
    ({"price": -1, "quality": 1}, r"weights\['price'\] must lie in"),
    ([1, 2], "must map each attribute"),
])
def test_importance_performance_refuses_bad_weights(weights, match):
    with pytest.raises(ck.CRMDataError, match=match):
        satisfaction.importance_performance(IPA, ["price", "quality"], weights=weights)


def test_satisfaction_index_by_hand_and_its_ends():
    survey = pd.DataFrame({"importance_price": [4, 4], "performance_price": [2, 2],
                           "importance_app": [2, 2], "performance_app": [5, 5]})
    # price 25 points, app 100 points, weighted 4 : 2
    assert satisfaction.satisfaction_index(survey, ["price", "app"]) == pytest.approx(50.0)
    assert satisfaction.satisfaction_index(survey, ["price", "app"],
                                           weights={"price": 1, "app": 1}) == pytest.approx(62.5)
    best = survey.assign(performance_price=5)
    worst = survey.assign(performance_price=1, performance_app=1)
    assert satisfaction.satisfaction_index(best, ["price", "app"]) == 100.0
    assert satisfaction.satisfaction_index(worst, ["price", "app"]) == 0.0


def test_satisfaction_scorecard_adds_up():
    survey = pd.DataFrame({"satisfaction": [5, 5, 4, 3, 2, 1, 4, 5, 3, 2],
                           "recommend": [10, 9, 8, 7, 3, 0, 9, 10, 6, 5],
                           **{f"{kind}_{a}": [3] * 10 for kind in ("importance", "performance")
                              for a in satisfaction.ATTRIBUTES}})
    card = satisfaction.satisfaction_scorecard(survey, satisfied=4, dissatisfied=2)
    assert card["satisfied_share"] == pytest.approx(0.5)
    assert card["dissatisfied_share"] == pytest.approx(0.3)
    assert card["neutral_share"] == pytest.approx(0.2)
    assert card["dissatisfied_low"] <= card["dissatisfied_share"] <= card["dissatisfied_high"]
    assert card["nps"] == pytest.approx(satisfaction.nps(survey)["nps"])
    assert card["index"] == pytest.approx(50.0)
    with pytest.raises(ck.CRMDataError, match="must be below satisfied"):
        satisfaction.satisfaction_scorecard(survey, satisfied=3, dissatisfied=3)


def test_compare_respondents_shares_means_and_medians():
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
                              "is_member": [True, True, False, False],
                              "orders": [10, 2, 0, 4]})
    survey = pd.DataFrame({"customer_id": ["A", "B", "B"]})  # B answered twice: still one
    table = satisfaction.compare_respondents(survey, customers, ["is_member", "orders"])
    assert table.attrs["response_rate"] == 0.5
    assert table.loc[("is_member", "True")].tolist() == [1.0, 0.0, 0.5, 0.5]
    assert table.loc[("orders", "mean"), ["respondents", "non_respondents"]].tolist() == [6, 2]
    assert table.loc[("orders", "median"), "all_customers"] == 3.0
    with pytest.raises(ck.CRMDataError, match="one row per customer"):
        satisfaction.compare_respondents(survey, pd.concat([customers, customers.iloc[:1]]),
                                         ["is_member"])
    with pytest.raises(ck.CRMDataError, match="share no customer id"):
        satisfaction.compare_respondents(pd.DataFrame({"customer_id": ["Z"]}), customers,
                                         ["is_member"])


def test_repurchase_after_survey_matches_the_curve():
    after = satisfaction.repurchase_after_survey(CURVE_SURVEY, CURVE_ORDERS, 90)
    assert after["customer_id"].tolist() == ["A", "B", "C", "D", "E", "F"]  # G: window open
    assert after["repurchased"].tolist() == [True, True, False, True, False, False]
    assert after["orders_after"].tolist() == [1, 1, 0, 1, 0, 0]
    assert after.attrs["left_out"] == 1 and after.attrs["window_days"] == 90
    assert after["survey_date"].dtype.kind == "M"
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, 90)
    rates = after.groupby("satisfaction")["repurchased"].mean()
    assert curve["repurchase_rate"].dropna().to_dict() == pytest.approx(rates.to_dict())


def test_satisfaction_curve_intervals_and_zones():
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    assert curve["zone"].tolist() == ["zone_of_defection", "zone_of_defection",
                                      "zone_of_indifference", "zone_of_indifference",
                                      "zone_of_affection"]
    kept = curve.dropna(subset=["repurchase_rate"])
    assert ((kept["rate_low"] <= kept["repurchase_rate"])
            & (kept["repurchase_rate"] <= kept["rate_high"])).all()
    # 5s: 2 of 2, 4s: 1 of 3 -> ratio 3, Katz: exp(+-1.96 sqrt(1/2 - 1/2 + 1/1 - 1/3))
    spread = np.exp(1.959964 * np.sqrt(2 / 3))
    assert curve.loc[5, "ratio_low"] == pytest.approx(3 / spread, rel=1e-5)
    assert curve.loc[5, "ratio_high"] == pytest.approx(3 * spread, rel=1e-5)
    assert np.isnan(curve.loc[4, "ratio_low"])  # no 3 bought again: no interval


def test_satisfaction_curve_reproduces_the_xerox_six_times():
    # The course's figure on made-up answers: 60% of the 5s and 10% of the 4s buy again.
    ids = [f"C{i:03d}" for i in range(200)]
    survey = pd.DataFrame({"customer_id": ids, "survey_date": "2024-01-10",
                           "satisfaction": [5] * 100 + [4] * 100})
    buyers = ids[:60] + ids[100:110]
    orders = pd.DataFrame({"customer_id": buyers + ["C000"],
                           "order_date": ["2024-03-01"] * len(buyers) + ["2024-12-31"]})
    curve = satisfaction.satisfaction_curve(survey, orders, window_days=180)
    assert curve.loc[5, "ratio_to_score_below"] == pytest.approx(6.0)
    assert curve.loc[5, "ratio_low"] < 6.0 < curve.loc[5, "ratio_high"]


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_chapter_07_charts_draw_in_both_languages(language):
    ck.set_language(language)
    curve = satisfaction.satisfaction_curve(CURVE_SURVEY, CURVE_ORDERS, window_days=90)
    ax = plots.satisfaction_curve(curve)
    texts = [t.get_text() for t in ax.texts]
    assert ck.label("terrorists") in texts and ck.label("apostles") in texts
    assert ck.label("zone_of_affection") in texts
    assert not [t for t in plots.satisfaction_curve(curve, zones=False).texts
                if t.get_text() == ck.label("apostles")]
    ax = plots.interval_chart(satisfaction.nps(RECOMMEND, by="store"), reference=30)
    assert ax.get_xlabel() == ck.label("net_promoter_score")
    ax = plots.interval_chart(satisfaction.top_box_table(STORES, by="store"), measure="share")
    assert ax.get_xlabel() == ck.label("top_box")
    with pytest.raises(ck.CRMDataError, match="measure='median'") as err:
        plots.interval_chart(satisfaction.nps(RECOMMEND, by="store"), measure="median")
    assert "measure='median' is not valid" in err.value.en
    with pytest.raises(ck.CRMDataError, match="'share_low'"):
        plots.interval_chart(satisfaction.nps(RECOMMEND, by="store"), measure="share")
