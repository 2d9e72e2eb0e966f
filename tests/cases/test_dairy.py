"""Case study 2 (Chengdu Hailang Dairy): the synthetic subscriptions, the model, charts, explorer.

Expected numbers are worked by hand from the model's rules on small tables, or recomputed
with plain pandas on the case's data.  The checked tasks' mistakes and alternative answers
are in tests/test_exercise_mistakes.py.
"""

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.cases import dairy
from crmkit.cases.dairy import plots as dairy_plots
from crmkit.cases.dairy.widget import RouteExplorer, route_explorer
from crmkit.exercises import hint, registered, solution

SMALL = pd.DataFrame({
    "subscription_id": ["a", "b", "c", "d", "e", "f"],
    "route": ["R1", "R1", "R1", "R1", "R2", "R2"],
    "milkman": ["M1", "M1", "M1", "M9", "M2", "M2"],
    "product": ["shuangcha", "P01", "P01", "P02", "P01", "shuangcha"],
    "bottles_per_day": [1, 2, 1, 1, 1, 3],
    "price_per_bottle": [1.5, 1.0, 1.0, 0.9, 1.0, 1.5],
    "start": ["2000-05-01", "2000-06-01", "2001-03-01", "2001-07-10", "2000-01-01", "2000-02-01"],
    "stop": ["2001-07-15", None, "2001-08-01", None, "2001-02-01", None],
})


@pytest.fixture(scope="module")
def subs():
    return dairy.milk_subscriptions()


# --------------------------------------------------------------------------- data

def test_subscriptions_are_deterministic_and_plant_the_case(subs):
    pd.testing.assert_frame_equal(subs, dairy.milk_subscriptions())
    assert not subs.equals(dairy.milk_subscriptions(seed=1))
    assert subs["subscription_id"].is_unique and len(subs) > 2000
    assert sorted(subs["route"].unique()) == sorted(dairy.ROUTE_CHURN)
    assert set(subs["product"]) <= set(dairy.PRODUCTS) and len(dairy.PRODUCTS) == 14
    assert (subs["price_per_bottle"] == subs["product"].map(dairy.PRODUCTS)).all()
    assert (subs["stop"].isna() | (subs["stop"] > subs["start"])).all()
    assert subs["stop"].max() <= dairy.END and subs["start"].min() >= pd.Timestamp("1996-10-01")
    turn = pd.Timestamp("2001-01-01")
    assert not ((subs["start"] == turn) | (subs["stop"] == turn)).any()
    # the successor signs up R07's new subscribers after M07's last day, and only those
    m13 = subs[subs["milkman"] == dairy.SUCCESSOR]
    assert (m13["route"] == "R07").all() and (m13["start"] > dairy.LEFT_ON).all()


def test_subscriptions_refuse_a_bad_seed():
    with pytest.raises(CRMDataError, match="seed"):
        dairy.milk_subscriptions(seed=-1)
    with pytest.raises(CRMDataError, match="seed"):
        dairy.milk_subscriptions(seed=1.5)


# --------------------------------------------------------------------------- model by hand

def test_active_on_by_hand():
    # a runs 1 May 2000 - 14 Jul 2001; d starts 10 Jul 2001; e stopped 1 Feb 2001
    assert dairy.active_on(SMALL, "2001-07-14").tolist() == [True, True, True, True, False, True]
    assert dairy.active_on(SMALL, "2001-07-15").tolist() == [False, True, True, True, False, True]
    assert dairy.active_on(SMALL, "2000-01-01").tolist() == [False, False, False, False, True,
                                                             False]
    pd.testing.assert_frame_equal(SMALL, SMALL.copy())  # input unchanged


def test_route_churn_by_hand():
    table = dairy.route_churn(SMALL, year=2001).set_index("route")
    # R1: a, b active on 1 Jan; c, d joined; a and c stopped in 2001; b, d at the end
    assert table.loc["R1", ["at_start", "joined", "stopped", "all_stops", "at_end",
                            "net_change"]].tolist() == [2, 2, 1, 2, 2, 0]
    assert table.loc["R1", "churn_rate"] == 0.5
    # R2: e, f at the start, e stopped: churn 0.5, at the end 1
    assert table.loc["R2", ["at_start", "stopped", "at_end"]].tolist() == [2, 1, 1]
    assert table.loc["all", ["at_start", "joined", "stopped", "all_stops", "at_end"]].tolist() \
        == [4, 2, 2, 3, 3]
    assert table.loc["all", "retention_rate"] == 0.5


def test_route_churn_adds_up_on_the_case(subs):
    table = dairy.route_churn(subs, year=2001)
    assert (table["at_end"] == table["at_start"] + table["joined"] - table["all_stops"]).all()
    each = table[table["route"] != "all"]
    assert (each[["at_start", "joined", "stopped", "all_stops", "at_end"]].sum()
            == table.loc[table["route"] == "all", ["at_start", "joined", "stopped", "all_stops",
                                                   "at_end"]].iloc[0]).all()
    # against plain pandas, with the students' rule (dt.year == 2001)
    jan = pd.Timestamp("2001-01-01")
    active = (subs["start"] <= jan) & (subs["stop"].isna() | (subs["stop"] > jan))
    stopped = active & (subs["stop"].dt.year == 2001)
    by_hand = stopped.groupby(subs["route"]).sum() / active.groupby(subs["route"]).sum()
    assert np.allclose(each.set_index("route")["churn_rate"], by_hand)


def test_the_case_numbers_the_notebook_states(subs):
    table = dairy.route_churn(subs, year=2001).set_index("route")
    churn = table["churn_rate"]
    assert churn.drop("all").idxmin() == "R09" and round(churn["R09"], 3) == 0.168
    assert churn.drop("all").idxmax() == "R07" and round(churn["R07"], 3) == 0.735
    assert round(churn["all"], 3) == 0.425
    assert table.loc["all", "all_stops"] == 714 and table.loc["all", "net_change"] == -11
    assert table.loc["R05", "net_change"] == 5 and round(churn["R05"], 2) == 0.70
    groups = dairy.after_departure(subs)
    assert groups.loc["his_subscribers", ["active", "stopped"]].tolist() == [113, 70]
    assert round(groups.loc["other_routes", "stopped_share"], 3) == 0.080
    # the planted routes come out in the planted order of churn (bar R07, whose milkman left)
    planted = pd.Series(dairy.ROUTE_CHURN).drop("R07")
    found = churn.drop(["all", "R07"])
    assert found.rank().corr(planted.rank()) > 0.9  # rank correlation


def test_monthly_flow_and_bills(subs):
    flow = dairy.monthly_flow(subs)
    assert flow["month"].iloc[0] == dairy.START and flow["month"].iloc[-1] == pd.Timestamp(
        "2001-12-01")
    starts_2001 = int(((subs["start"] >= "2001-01-01") & (subs["start"] <= dairy.END)).sum())
    assert flow.loc[flow["month"].dt.year == 2001, "started"].sum() == starts_2001
    assert flow["running"].iloc[-1] == int(dairy.active_on(subs, dairy.END).sum())
    r07 = dairy.monthly_flow(subs, route="R07").set_index("month")
    assert r07.loc["2001-07-01", "stopped"] > 3 * r07.loc["2001-05-01", "stopped"]
    january = SMALL.iloc[[4]].assign(stop="2000-02-01")  # 1-31 Jan 2000, 1 bottle at 1.0
    bills = dairy.monthly_bills(january)
    assert bills[["days", "bottles", "amount", "commission"]].to_numpy().tolist() == [
        [31, 31, 31.0, 7.75]]
    bills = dairy.monthly_bills(subs)
    december = bills[bills["month"] == pd.Timestamp("2001-12-01")]
    assert len(december) == int(dairy.active_on(subs, "2001-12-01").sum()
                                + (subs["start"] > "2001-12-01").sum())


def test_after_departure_by_hand():
    # M1 served a and b on 30 Jun 2001 (c too: started 1 Mar); a stopped 15 Jul, c on 1 Aug
    groups = dairy.after_departure(SMALL, milkman="M1", left_on="2001-06-30", weeks=8)
    assert groups.loc["his_subscribers"].tolist() == [3, 2, 2 / 3]
    assert groups.loc["other_routes"].tolist() == [1.0, 0.0, 0.0]  # only f (R2) active then
    short = dairy.after_departure(SMALL, milkman="M1", left_on="2001-06-30", weeks=3)
    assert short.loc["his_subscribers", "stopped"] == 1  # 15 Jul is within 21 days, 1 Aug not
    curve = dairy.departure_curve(SMALL, milkman="M1", left_on="2001-06-30", weeks=5)
    assert curve["his_subscribers"].round(4).tolist() == [1.0, 1.0, 1.0, 0.6667, 0.6667,
                                                          0.3333]


def test_route_report_by_hand_and_on_the_case(subs):
    report = dairy.route_report(subs, "R03", cut=0.05, margin=120)
    assert report["churn_rate"] == 0.2 and report["value_gain"] == pytest.approx(200.0)
    assert report["cut"] == 0.05 and report["joined"] == 13  # the keys the docstring names
    assert report["route_gain"] == pytest.approx(200.0 * report["at_end"])
    assert dairy.route_report(subs, "R07")["milkmen"] == ["M07", "M13"]


@pytest.mark.parametrize("bad, message", [
    (SMALL.drop(columns="stop"), "stop"),
    (SMALL.assign(subscription_id=["a", "a", "c", "d", "e", "f"]), "repeated"),
    (SMALL.assign(start=["2000-05-01", "x", "2001-03-01", "2001-07-10", "2000-01-01",
                         "2000-02-01"]), "start"),
    (SMALL.assign(stop=["2000-04-01", None, "2001-08-01", None, "2001-02-01", None]),
     "on or before 'start'"),
    (SMALL.iloc[:0], "no rows|empty"),
])
def test_model_refuses_bad_tables(bad, message):
    with pytest.raises(CRMDataError, match=message):
        dairy.route_churn(bad)


def test_model_refuses_bad_parameters():
    with pytest.raises(CRMDataError, match="year"):
        dairy.route_churn(SMALL, year="last")
    with pytest.raises(CRMDataError, match="milkman"):
        dairy.after_departure(SMALL, milkman="M77", left_on="2001-06-30")
    with pytest.raises(CRMDataError, match="served no subscription"):
        dairy.after_departure(SMALL, milkman="M9", left_on="2001-06-30")
    with pytest.raises(CRMDataError, match="weeks"):
        dairy.after_departure(SMALL, milkman="M1", left_on="2001-06-30", weeks=0)
    with pytest.raises(CRMDataError, match="left_on"):
        dairy.after_departure(SMALL, milkman="M1", left_on=20010630)
    with pytest.raises(CRMDataError, match="route"):
        dairy.monthly_flow(SMALL, route="R9")
    with pytest.raises(CRMDataError, match="cut"):
        dairy.route_report(SMALL, "R1", cut=0.6)
    with pytest.raises(CRMDataError, match="margin"):
        dairy.route_report(SMALL, "R1", margin=-1)
    with pytest.raises(CRMDataError, match="bottles_per_day"):
        dairy.monthly_bills(SMALL.drop(columns="bottles_per_day"))


def test_errors_are_told_in_chinese_too():
    ck.set_language("zh")
    try:
        with pytest.raises(CRMDataError, match="修正"):
            dairy.route_churn(SMALL.assign(subscription_id=["a"] * 6))
    finally:
        ck.set_language("en")


# --------------------------------------------------------------------------- charts, explorer

@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_charts_draw_in_both_languages(subs, language):
    ck.set_language(language)
    try:
        ax = dairy_plots.route_churn_chart(dairy.route_churn(subs))
        ax.figure.canvas.draw()
        assert ax.get_title() == ck.label("ui.dairy_churn_title").format(year=2001)
        assert len(ax.patches) == 12  # one bar per route, "all" is the dashed line
        flow = dairy_plots.flow_chart(dairy.monthly_flow(subs), route="R07")
        flow.figure.canvas.draw()
        assert flow.get_title().endswith("R07")
        assert min(bar.get_width() for bar in flow.patches) > 10  # days wide, not microseconds
        assert len(flow.patches) == 2 * 24  # started and stopped, each month of 2000-2001
        curve = dairy_plots.departure_chart(dairy.departure_curve(subs), milkman="M07")
        curve.figure.canvas.draw()
        assert curve.get_xlabel() == ck.label("ui.dairy_weeks_after")
    finally:
        ck.set_language("en")
        plt.close("all")


def test_explorer_follows_its_controls(subs):
    box = route_explorer(subs, route="R03", cut=0.05, margin=120)
    assert isinstance(box, RouteExplorer) and isinstance(box, w.VBox)
    assert box.report["value_gain"] == pytest.approx(200.0)
    assert bytes(box.chart.value).startswith(b"\x89PNG")
    box.margin.value = 60
    assert box.report["value_gain"] == pytest.approx(100.0)
    box.route.value = "R07"
    assert box.report["churn_rate"] == pytest.approx(72 / 98)
    box.cut.value = 0.0
    assert box.report["value_gain"] == 0.0
    lines = box.summary().splitlines()
    assert lines[0] == ("route R07 (milkmen M07 / M13), 2001: 98 at the start, 46 joined, "
                        "92 stopped, net -46")
    with pytest.raises(CRMDataError, match="route"):
        route_explorer(subs, route="R99")
    with pytest.raises(CRMDataError, match="cut"):
        route_explorer(subs, cut=0.5)


# --------------------------------------------------------------------------- tasks

def test_case_02_has_four_tasks_with_graded_hints(capsys):
    assert registered("c02") == ["c02.churn_by_route", "c02.churn_value", "c02.hidden_stops",
                                 "c02.milkman_leaves"]
    for exercise_id in registered("c02"):
        hint(exercise_id)
        assert "Hint 1 of 2" in capsys.readouterr().out  # one level per call (issue 22)
        hint(exercise_id)
        assert "Hint 2 of 2" in capsys.readouterr().out


def test_rounded_answers_pass_or_are_told_to_keep_decimals(capsys):
    """The rounding policy (issue 22): rates and shares to two decimals, value in yuan."""
    churn = solution("c02.churn_by_route")
    assert ck.check("c02.churn_by_route", churn.round(2))  # was "wrong values" (3 places)
    assert ck.check("c02.churn_by_route", churn.round(2).to_frame().reset_index())
    short = ck.check("c02.churn_by_route", churn.round(1))
    assert not short and short.detail.endswith("keep 2 decimals.")
    assert ck.check("c02.churn_value", 38) and ck.check("c02.churn_value", 37.6)  # whole yuan
    assert ck.check("c02.churn_value", 39).detail == "Your number 39 is too high."
    assert ck.check("c02.milkman_leaves", 0.62)
    assert ck.check("c02.milkman_leaves", 0.6).detail.endswith("keep 2 decimals.")
    assert not ck.check("c02.milkman_leaves", 0.63)
    ck.set_language("zh")
    try:
        message = ck.check("c02.hidden_stops", 703).message
        assert "你的数值 703 偏小。这是新订户的数量" in message and "。 " not in message
    finally:
        ck.set_language("en")
    capsys.readouterr()


def test_task_answers_are_the_case_numbers(subs):
    churn = solution("c02.churn_by_route")
    assert len(churn) == 12 and round(churn["R07"], 3) == 0.735
    assert solution("c02.hidden_stops") == 714
    assert solution("c02.milkman_leaves") == pytest.approx(70 / 113)
    c = 539 / 1268
    assert solution("c02.churn_value") == pytest.approx(120 / (c - 0.05) - 120 / c)
    assert round(solution("c02.churn_value"), 2) == 37.63
