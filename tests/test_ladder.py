"""crmkit.ladder: the customer ladder as a funnel (chapter 01)."""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import ladder
from crmkit.plots import ladder as plots

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
