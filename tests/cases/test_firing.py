"""Case study 4 (Firing customers): the synthetic subscribers, the model, charts, explorer, tasks.

Expected numbers are worked by hand from the model's rules on small tables, or recomputed
with plain pandas on the case's data; the checker tests hold the slips students make and
the alternative right answers.
"""

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.cases import firing
from crmkit.cases.firing import plots as firing_plots
from crmkit.cases.firing.widget import FiringExplorer, firing_explorer
from crmkit.exercises import check, hint, registered, solution

SMALL = pd.DataFrame({"subscriber_id": ["a", "b", "c", "d"],
                      "revenue": [600.0, 500.0, 460.0, 800.0],
                      "network_cost": [270.0, 225.0, 207.0, 360.0],
                      "care_calls": [4, 40, 40, 2], "bad_debt": [400.0, 0.0, 100.0, 0.0]})


@pytest.fixture(scope="module")
def subs():
    return firing.subscribers()


# --------------------------------------------------------------------------- data

def test_subscribers_are_deterministic_and_plant_the_case(subs):
    again = firing.subscribers()
    pd.testing.assert_frame_equal(subs, again)
    assert not subs.equals(firing.subscribers(seed=1))
    assert len(subs) == 2000 and subs["subscriber_id"].is_unique
    assert set(subs["plan"]) == set(firing.PLANS)
    assert np.allclose(subs["network_cost"], (subs["revenue"] * 0.45).round(2))
    # long-tailed calls: a few per year for most, a few serial callers with hundreds
    assert subs["care_calls"].median() <= 5 and subs["care_calls"].max() >= 300
    serial = subs["care_calls"] >= 40
    assert 0.015 < serial.mean() < 0.04
    assert 0.02 < (subs["bad_debt"] > 0).mean() < 0.07
    paid_part = subs["bad_debt"] / (subs["revenue"] / 12)
    assert np.allclose(paid_part, subs["unpaid_months"], atol=0.01)  # months of the bill


def test_subscribers_refuse_bad_sizes():
    with pytest.raises(CRMDataError, match="n must"):
        firing.subscribers(n=3)
    with pytest.raises(CRMDataError, match="seed"):
        firing.subscribers(seed=-1)


# --------------------------------------------------------------------------- model

def test_service_margins_by_hand():
    out = firing.service_margins(SMALL, cost_per_call=10).set_index("subscriber_id")
    # a: 600-270=330, -40 calls, -400 debt = -110; b: 275-400 = -125; c: 253-400-100 = -247
    assert out["net_margin"].to_dict() == {"a": -110.0, "b": -125.0, "c": -247.0, "d": 420.0}
    assert out["below_zero"].tolist() == [True, True, True, False]
    pd.testing.assert_frame_equal(SMALL, SMALL.copy())  # input unchanged


def test_firing_plan_and_threshold():
    plan = firing.firing_plan(SMALL, cost_per_call=10)
    assert plan == {"fired": 3, "share": 0.75, "revenue_lost": 1560.0, "profit_before": -62.0,
                    "profit_change": 482.0, "profit_after": 420.0}
    strict = firing.firing_plan(SMALL, cost_per_call=10, threshold=-120)  # only b and c
    assert strict["fired"] == 2 and strict["profit_change"] == 372.0


def test_remedies_and_options_by_hand():
    fixes = firing.remedies(SMALL, cost_per_call=10).set_index("subscriber_id")
    # a: without debt 290 -> prepay; b: 16 extra calls x 10 = 160 -> 35 -> fee; c: -147 / -87
    assert fixes["remedy"].astype(str).to_dict() == {"a": "prepay", "b": "charge_calls",
                                                     "c": "let_go"}
    assert fixes["margin_after"].to_dict() == {"a": 290.0, "b": 35.0, "c": 0.0}
    table = firing.options(SMALL, cost_per_call=10).set_index("option")
    assert table["subscribers_lost"].to_dict() == {"keep_everyone": 0, "fire_below_zero": 3,
                                                   "fix_then_fire": 1}
    assert table["profit"].to_dict() == {"keep_everyone": -62.0, "fire_below_zero": 420.0,
                                         "fix_then_fire": 745.0}


def test_the_case_numbers_the_notebook_states(subs):
    m = firing.service_margins(subs)
    below = m[m["net_margin"] < 0]
    assert len(below) == 62 and round(below["net_margin"].sum()) == -132175
    assert round(below["care_calls"].sum() / m["care_calls"].sum(), 2) == 0.59
    assert firing.remedies(subs)["remedy"].value_counts().to_dict() == {
        "charge_calls": 26, "let_go": 23, "prepay": 13}
    fixed = firing.options(subs).set_index("option")["profit_change"]
    assert fixed["fix_then_fire"] > fixed["fire_below_zero"] > 0


@pytest.mark.parametrize("bad, message", [
    (SMALL.drop(columns="bad_debt"), "bad_debt"),
    (SMALL.assign(subscriber_id=["a", "a", "c", "d"]), "repeated"),
    (SMALL.assign(revenue=["600", "x", "1", "2"]), "revenue"),
    (SMALL.iloc[:0], "no rows|empty"),
])
def test_model_refuses_bad_tables(bad, message):
    with pytest.raises(CRMDataError, match=message):
        firing.service_margins(bad)


def test_model_refuses_bad_parameters():
    with pytest.raises(CRMDataError, match="cost_per_call"):
        firing.service_margins(SMALL, cost_per_call=-1)
    with pytest.raises(CRMDataError, match="allowance"):
        firing.remedies(SMALL, allowance=2.5)
    with pytest.raises(CRMDataError, match="threshold"):
        firing.firing_plan(SMALL, threshold="zero")


# --------------------------------------------------------------------------- charts, explorer

@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_charts_draw_in_both_languages(subs, language):
    ck.set_language(language)
    try:
        ax = firing_plots.margin_chart(firing.service_margins(subs), threshold=-200)
        ax.figure.canvas.draw()
        assert ax.get_title() == ck.label("ui.firing_margin_title")
        bars = firing_plots.options_chart(firing.options(subs))
        bars.figure.canvas.draw()
        assert [t.get_text() for t in bars.get_yticklabels()] == [
            ck.label(f"ui.option_{o}") for o in firing.OPTIONS]  # keep everyone at the top
    finally:
        ck.set_language("en")


def test_explorer_follows_its_sliders():
    box = firing_explorer(SMALL, cost_per_call=10, threshold=0)
    assert isinstance(box, FiringExplorer) and isinstance(box, w.VBox)
    assert box.plan["fired"] == 3 and bytes(box.chart.value).startswith(b"\x89PNG")
    box.threshold.value = -150  # only c (-247) is below -150
    assert box.plan["fired"] == 1
    box.cost_per_call.value = 0  # calls free: a -70, b 275, c 153 ... none below -150
    assert box.plan["fired"] == 0
    lines = box.summary().splitlines()
    assert lines[0] == "cost per call 0 yuan · let go below -150 yuan"
    with pytest.raises(CRMDataError, match="cost_per_call"):
        firing_explorer(SMALL, cost_per_call=-5)


# --------------------------------------------------------------------------- tasks

def _detail(exercise_id, answer, capsys):
    result = check(exercise_id, answer)
    capsys.readouterr()
    assert not result
    return result.detail


def _passes(exercise_id, answer, capsys):
    result = check(exercise_id, answer)
    capsys.readouterr()
    return bool(result)


def test_case_04_has_four_tasks_with_graded_hints(capsys):
    assert registered("c04") == ["c04.below_zero", "c04.net_margin", "c04.prepay_fixable",
                                 "c04.profit_if_fired"]
    for exercise_id in registered("c04"):
        hint(exercise_id)
        assert "(1)" in capsys.readouterr().out


@pytest.fixture(scope="module")
def by_hand(subs):
    table = subs.set_index("subscriber_id")
    gross = table["revenue"] - table["network_cost"]
    return pd.DataFrame({"gross": gross, "calls": table["care_calls"] * 15.0,
                         "debt": table["bad_debt"], "revenue": table["revenue"],
                         "net": (gross - table["care_calls"] * 15.0 - table["bad_debt"])})


def test_net_margin_accepts_a_series_or_a_frame(by_hand, capsys):
    assert np.allclose(solution("c04.net_margin").to_numpy(), by_hand["net"].to_numpy())
    assert _passes("c04.net_margin", by_hand["net"], capsys)  # unrounded is fine
    frame = by_hand["net"].rename("net_margin").reset_index()
    assert _passes("c04.net_margin", frame, capsys)
    assert _passes("c04.net_margin", by_hand["net"].sample(frac=1, random_state=1), capsys)


@pytest.mark.parametrize("slip, message", [
    (lambda t: t["gross"] - t["calls"], "bad debt"),
    (lambda t: t["revenue"] - t["calls"] - t["debt"], "started from revenue"),
    (lambda t: -t["net"], "signs are reversed"),
    (lambda t: t["gross"] - t["calls"] / 15 - t["debt"], "cost per call"),
])
def test_net_margin_names_each_slip(by_hand, slip, message, capsys):
    assert message in _detail("c04.net_margin", slip(by_hand), capsys)


def test_below_zero_and_its_slips(by_hand, capsys):
    assert solution("c04.below_zero") == int((by_hand["net"].round(2) < 0).sum()) == 62
    assert _passes("c04.below_zero", 62.0, capsys)
    no_debt = int(((by_hand["gross"] - by_hand["calls"]) < 0).sum())
    assert "bad debt" in _detail("c04.below_zero", no_debt, capsys)
    from_revenue = int(((by_hand["revenue"] - by_hand["calls"] - by_hand["debt"]) < 0).sum())
    assert "from revenue" in _detail("c04.below_zero", from_revenue, capsys)
    assert "at or above zero" in _detail("c04.below_zero", 2000 - 62, capsys)
    assert "not a share" in _detail("c04.below_zero", 0.031, capsys)


def test_profit_if_fired_and_its_slips(by_hand, capsys):
    losing = by_hand[by_hand["net"] < 0]
    change = -losing["net"].sum()
    assert solution("c04.profit_if_fired") == pytest.approx(change, abs=0.01)
    assert _passes("c04.profit_if_fired", round(change), capsys)  # whole yuan is enough
    assert "sign" in _detail("c04.profit_if_fired", -change, capsys)
    assert "revenue they take" in _detail("c04.profit_if_fired", losing["revenue"].sum(), capsys)
    assert "only their call cost" in _detail("c04.profit_if_fired", losing["calls"].sum(),
                                             capsys)
    after = by_hand["net"].sum() + change
    assert "profit after they leave" in _detail("c04.profit_if_fired", after, capsys)


def test_prepay_fixable_and_its_slips(by_hand, capsys):
    losing = by_hand[by_hand["net"] < 0]
    fixable = int((losing["net"] + losing["debt"] >= 0).sum())
    assert solution("c04.prepay_fixable") == fixable == 13
    assert _passes("c04.prepay_fixable", 13, capsys)
    assert "every subscriber with bad debt" in _detail(
        "c04.prepay_fixable", int((by_hand["debt"] > 0).sum()), capsys)
    assert "have bad debt" in _detail("c04.prepay_fixable", int((losing["debt"] > 0).sum()),
                                      capsys)
    assert "every subscriber below zero" in _detail("c04.prepay_fixable", 62, capsys)
    assert "call fee" in _detail("c04.prepay_fixable", 26, capsys)


def test_numbers_stored_as_text_give_the_same_plan():
    # found by the fuzz harness: text amounts were summed as strings downstream
    as_text = SMALL.astype({"revenue": str, "bad_debt": str, "care_calls": str})
    assert firing.firing_plan(as_text, cost_per_call=10) == firing.firing_plan(
        SMALL, cost_per_call=10)
    pd.testing.assert_frame_equal(firing.options(as_text, cost_per_call=10),
                                  firing.options(SMALL, cost_per_call=10))
