"""crmkit.ladder: the customer ladder as a funnel (chapter 01), its what-if and its charts.

The what-if counts are worked out by hand from the chain rule of the ladder (each
rung = the rung above × the conversion into it), not by the functions under test.
"""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError, ladder
from crmkit.ladder import customer_ladder, ladder_what_if
from crmkit.plots import ladder as plots
from crmkit.plots.ladder import what_if_chart

# The last order is on 2024-12-31, so as_of is 2025-01-01 and the four 91-day
# quarters before it start on 2024-10-03, 2024-07-04, 2024-04-04 and 2024-01-04.
STEADY = ["2024-02-15", "2024-05-15", "2024-08-15", "2024-12-31"]  # one order a quarter
LADDER_ORDERS = pd.DataFrame({
    "customer_id": ["F"] + ["R"] * 2 + ["L"] * 4 + ["M"] * 4 + ["V"] * 4 + ["W"] * 2,
    "order_date": ["2024-05-01", "2024-02-01", "2024-03-01", *STEADY, *STEADY, *STEADY,
                   "2024-11-01", "2024-12-01"],
})
LADDER_CUSTOMERS = pd.DataFrame({
    "customer_id": ["P", "F", "R", "L", "M", "V", "W"],
    "is_member": [False, False, False, False, True, True, True],
})
LADDER_SURVEY = pd.DataFrame({
    "customer_id": ["M", "V", "V", "W"],
    "survey_date": ["2024-06-01", "2024-03-01", "2024-09-01", "2024-06-01"],
    "recommend": [7, 3, 10, 10],  # V's latest answer is 10
})


def test_customer_ladder_puts_each_customer_on_the_highest_rung():
    result = ladder.customer_ladder(LADDER_ORDERS, customers=LADDER_CUSTOMERS,
                                    survey=LADDER_SURVEY)
    assert result["stage"].astype(str).to_dict() == {
        "F": "first_time_buyer", "L": "loyal_customer", "M": "member", "P": "qualified_prospect",
        "R": "repeat_buyer", "V": "advocate",
        "W": "repeat_buyer",  # a promoter and member, but not a steady buyer: rungs are nested
    }
    assert result.loc["L", "quarters_active"] == 4
    # R's orders (Feb 1, Mar 1) both fall in the fourth quarter back (2024-01-04 .. 2024-04-03)
    assert result.loc["R", "quarters_active"] == 1
    assert result.loc["W", "quarters_active"] == 1  # Nov 1 and Dec 1: both in the last quarter


def test_ladder_funnel_from_the_data():
    funnel = ladder.ladder_funnel(LADDER_ORDERS, customers=LADDER_CUSTOMERS,
                                  survey=LADDER_SURVEY, suspects=100)
    assert funnel.index.tolist() == list(ladder.LADDER_STAGES)
    # at or above each rung: 100 suspects, 7 registered, 6 buyers, 5 repeat (R, L, M, V, W),
    # 3 loyal (L, M, V), 2 members (M, V), 1 advocate (V)
    assert funnel["count"].tolist() == [100, 7, 6, 5, 3, 2, 1]
    assert funnel["conversion"].tolist()[1:] == pytest.approx([0.07, 6 / 7, 5 / 6, 0.6,
                                                               2 / 3, 0.5])
    assert np.isnan(funnel["conversion"].iloc[0])


def test_ladder_funnel_without_customers_stops_at_loyal():
    funnel = ladder.ladder_funnel(LADDER_ORDERS)
    assert funnel.index.tolist() == ["first_time_buyer", "repeat_buyer", "loyal_customer"]
    assert funnel["count"].tolist() == [6, 5, 3]


def test_ladder_funnel_from_counts():
    funnel = ladder.ladder_funnel({"repeat_buyer": 100, "first_time_buyer": 400},
                                  prospects=2000)
    assert funnel["conversion"].tolist()[1:] == [0.2, 0.25]
    assert funnel["share_of_top"].tolist() == [1.0, 0.2, 0.05]


@pytest.mark.parametrize(
    ("counts", "match"),
    [({"first_time_buyer": 10, "repeat_buyer": 20}, "do not add up"),
     ({"fan": 3}, "unknown ladder stage"),
     ({"member": -1}, "must lie in"),
     ({"member": 2.5}, "whole number"),
     ({}, "no stage counts")],
)
def test_ladder_funnel_refuses_bad_counts(counts, match):
    with pytest.raises(ck.CRMDataError, match=match):
        ladder.ladder_funnel(counts)


def test_ladder_survey_needs_customers():
    with pytest.raises(ck.CRMDataError, match="needs the customers frame"):
        ladder.customer_ladder(LADDER_ORDERS, survey=LADDER_SURVEY)


def test_ladder_refuses_bad_membership_flags():
    bad = LADDER_CUSTOMERS.assign(is_member=["yes", "no", "maybe", "no", "yes", "yes", "no"])
    with pytest.raises(ck.CRMDataError, match=r"row 2: 'maybe'"):
        ladder.customer_ladder(LADDER_ORDERS, customers=bad)




@pytest.mark.filterwarnings("error")  # e.g. a glyph missing from the font
@pytest.mark.parametrize("language", ["en", "zh"])
def test_ladder_chart_draws_in_both_languages(language):
    ck.set_language(language)
    funnel = ladder.ladder_funnel(LADDER_ORDERS, customers=LADDER_CUSTOMERS,
                                  survey=LADDER_SURVEY, suspects=100)
    ax = plots.ladder_funnel(funnel)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == ck.label("advocate")


# --------------------------------------------------------------------------- what if
# 10,000 suspects -> 2,000 prospects (20%) -> 1,000 buyers (50%) -> 400 repeat (40%)
# -> 100 loyal (25%) -> 60 members (60%) -> 15 advocates (25%)
COUNTS = {"suspect": 10_000, "qualified_prospect": 2_000, "first_time_buyer": 1_000,
          "repeat_buyer": 400, "loyal_customer": 100, "member": 60, "advocate": 15}
FUNNEL = ck.ladder_funnel(COUNTS)


# --------------------------------------------------------------------------- the function


def test_todays_rates_give_back_the_funnel():
    table = ladder_what_if(FUNNEL)
    assert table["count"].tolist() == pytest.approx(list(COUNTS.values()))
    assert table["lifted_count"].tolist() == pytest.approx(list(COUNTS.values()))
    assert (table["gain"] == 0).all()
    assert table.index.tolist() == list(COUNTS)
    assert np.isnan(table["conversion"].iloc[0])


def test_five_points_scale_every_rung_below_by_the_same_factor():
    table = ladder_what_if(FUNNEL, lift="loyal_customer", points=0.05)
    factor = 0.30 / 0.25  # the loyal rate goes from 25% to 30%
    assert table.loc["loyal_customer", "lifted_conversion"] == pytest.approx(0.30)
    assert table.loc["loyal_customer":, "lifted_count"].tolist() == pytest.approx(
        [100 * factor, 60 * factor, 15 * factor])
    assert table.loc[:"repeat_buyer", "gain"].tolist() == [0, 0, 0, 0]  # nothing above moves
    assert table.loc["member", "gain"] == pytest.approx(12)


def test_the_lowest_rate_is_the_strongest_lever():
    gains = {stage: ladder_what_if(FUNNEL, lift=stage).loc["member", "gain"]
             for stage in list(COUNTS)[1:6]}
    # member = 10,000 x .2 x .5 x .4 x .25 x .6 = 60; +5 points multiplies by (r + .05) / r
    assert gains == pytest.approx({"qualified_prospect": 15, "first_time_buyer": 6,
                                   "repeat_buyer": 7.5, "loyal_customer": 12, "member": 5})
    assert ladder_what_if(FUNNEL, lift="advocate").loc["member", "gain"] == 0


def test_new_rates_replace_the_funnels():
    table = ladder_what_if(FUNNEL, conversions={"repeat_buyer": 0.8})
    assert table.loc["repeat_buyer", "count"] == pytest.approx(800)
    assert table.loc["advocate", "count"] == pytest.approx(30)  # everything below doubles
    both = ladder_what_if(FUNNEL, conversions={"repeat_buyer": 0.8}, lift="repeat_buyer",
                          points=-0.3)
    assert both.loc["repeat_buyer", "lifted_count"] == pytest.approx(500)


def test_a_rise_stops_at_one_hundred_percent():
    table = ladder_what_if(FUNNEL, conversions={"member": 0.98}, lift="member", points=0.05)
    assert table.loc["member", "lifted_conversion"] == 1.0
    assert table.loc["member", "lifted_count"] == pytest.approx(100)


def test_a_funnel_from_the_sample_data_round_trips():
    orders, customers = ck.load_transactions(), ck.load_customers()
    funnel = ck.ladder_funnel(orders, customers=customers, survey=ck.load_survey(),
                              suspects=int(ck.load_acquisition()["leads"].sum()))
    table = ck.ladder_what_if(funnel)
    assert table["count"].to_numpy() == pytest.approx(funnel["count"].to_numpy())


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"lift": "suspect"}, "is the top rung"),
    ({"lift": "fan"}, "is not a rung of this funnel"),
    ({"lift": "member", "points": 5}, r"points=0.05 for 5 points"),
    ({"lift": "member", "points": "5"}, "points must be a number"),
    ({"conversions": {"member": 60}}, "looks like a percentage"),
    ({"conversions": {"member": -0.1}}, "must lie in"),
    ({"conversions": {"suspect": 0.5}}, "Rungs you can set: qualified_prospect"),
])
def test_bad_settings_name_the_fix(kwargs, message):
    with pytest.raises(CRMDataError, match=message) as caught:
        ladder_what_if(FUNNEL, **kwargs)
    assert str(caught.value).startswith("ladder_what_if:")


def test_the_rows_may_come_in_any_order():
    shuffled = FUNNEL.iloc[[3, 0, 6, 1, 5, 2, 4]]
    table = ladder_what_if(shuffled, lift="member")
    assert table.index.tolist() == list(COUNTS)
    assert table.loc["member", "lifted_count"] == pytest.approx(65)  # 60 x 0.65 / 0.60


def test_a_funnel_with_a_rung_twice_or_an_impossible_rate_is_refused():
    with pytest.raises(CRMDataError, match="lists a stage more than once"):
        ladder_what_if(pd.concat([FUNNEL, FUNNEL.loc[["member"]]]))
    broken = FUNNEL.assign(conversion=FUNNEL["conversion"].replace(0.6, 6.0))
    with pytest.raises(CRMDataError, match=r"conversion into 'member' is 6.0, not a rate"):
        ladder_what_if(broken)


def test_bad_funnels_name_the_fix():
    with pytest.raises(CRMDataError, match="missing|count"):
        ladder_what_if(pd.DataFrame({"n": [1]}))
    with pytest.raises(CRMDataError, match="not ladder stages"):
        ladder_what_if(pd.DataFrame({"count": [5, 2], "conversion": [np.nan, 0.4]},
                                    index=["top", "bottom"]))
    empty_top = ck.ladder_funnel({"first_time_buyer": 0, "repeat_buyer": 0})
    with pytest.raises(CRMDataError, match="holds no one"):
        ladder_what_if(empty_top)
    gap = ck.ladder_funnel({"first_time_buyer": 5, "repeat_buyer": 0, "loyal_customer": 0})
    with pytest.raises(CRMDataError, match=r"no conversion rate into 'loyal_customer'"):
        ladder_what_if(gap)
    assert ladder_what_if(gap, conversions={"loyal_customer": 0.5})["count"].tolist() == [5, 0, 0]


# --------------------------------------------------------------------------- chart


@pytest.mark.filterwarnings("error")  # e.g. a glyph missing from the font
@pytest.mark.parametrize("language", ["en", "zh"])
def test_what_if_chart_draws_in_both_languages(language):
    ck.set_language(language)
    ax = what_if_chart(ladder_what_if(FUNNEL, lift="loyal_customer"))
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == ck.label("advocate")
    assert any("(+12)" in t.get_text() for t in ax.texts)  # 60 members -> 72
    assert ax.get_title() == ck.label("customer_ladder")
    with pytest.raises(CRMDataError, match="lifted_count"):
        what_if_chart(FUNNEL)


@pytest.mark.filterwarnings("error")
def test_what_if_chart_in_the_other_language_leaves_the_notebooks_alone():
    ax = what_if_chart(ladder_what_if(FUNNEL), language="zh")
    assert ax.get_title() == "客户阶梯" and ck.get_language() == "en"


def test_customer_ladder_reads_renamed_columns_through_one_mapping():
    orders = pd.DataFrame({"client": ["A", "B", "B"],
                           "day": pd.to_datetime(["2025-01-10", "2025-02-01", "2025-03-01"])})
    ladder = customer_ladder(orders, as_of="2026-01-01",
                             columns={"customer": "client", "date": "day"})
    assert ladder["stage"].astype(str).to_dict() == {"A": "first_time_buyer",
                                                     "B": "repeat_buyer"}
    assert ladder.index.name == "client"
    with pytest.raises(CRMDataError, match=r"columns=\{'date'"):
        customer_ladder(orders, columns={"customer": "client"})


def test_a_membership_flag_coded_y_n_gets_a_fix_that_works_when_pasted():
    # the fix used to read `df[col].map({'yes': True, 'no': False})`: `col` undefined, nothing
    # assigned, and 'yes'/'no' are already accepted, so following it changed nothing
    orders = pd.DataFrame({"customer_id": ["a", "b", "b"],
                           "order_date": ["2025-01-02", "2025-01-03", "2025-02-03"],
                           "revenue": [10.0, 20.0, 30.0]})
    df = pd.DataFrame({"customer_id": ["a", "b"], "is_member": ["N", "Y"]})
    with pytest.raises(CRMDataError) as err:
        customer_ladder(orders, customers=df)
    fix = str(err.value).split("Fix: `")[1].split("`")[0]
    assert fix == "df['is_member'] = df['is_member'].replace({'N': False, 'Y': True})"
    exec(fix)  # noqa: S102 - the message's own code, run as a student would paste it
    ladder_ = customer_ladder(orders, customers=df)
    assert ladder_["is_member"].tolist() == [False, True]
    # codes it cannot read as yes or no: no guessed mapping, placeholders to fill in
    df = pd.DataFrame({"customer_id": ["a", "b"], "is_member": ["guest", "member"]})
    with pytest.raises(CRMDataError, match="'<code for yes>': True"):
        customer_ladder(orders, customers=df)
