"""crmkit.loyalty: Dick & Basu's matrix, share of wallet, loyalty-programme break-even."""


import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import crmkit as ck
from crmkit import loyalty
from crmkit.plots import loyalty as plots

# Four customers, one per quadrant.
#   attitude (recommend): A 10, B 9, C 3, D 2      -> median 6: A, B high
#   patronage (orders):   A 5,  B 1, C 6, D 1      -> median 3: A, C high
#   A true, B latent, C spurious, D none.
SURVEY = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "recommend": [10, 9, 3, 2]})
ORDERS = pd.DataFrame({
    "customer_id": ["A"] * 5 + ["B"] + ["C"] * 6 + ["D"],
    "order_date": ["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05", "2024-04-20",
                   "2024-02-10",
                   "2024-01-15", "2024-01-20", "2024-02-15", "2024-03-15", "2024-04-15",
                   "2024-04-25",
                   "2024-03-01"],
    "revenue": [100.0] * 13,
})


def test_loyalty_matrix_one_customer_per_quadrant():
    matrix = loyalty.loyalty_matrix(SURVEY, ORDERS)
    assert matrix["loyalty"].astype(str).to_dict() == {
        "A": "true", "B": "latent", "C": "spurious", "D": "none"}
    assert matrix.attrs["cuts"] == {"attitude": 6.0, "patronage": 3.0}
    assert matrix["patronage"].tolist() == [5.0, 1.0, 6.0, 1.0]
    assert loyalty.loyalty_counts(matrix).to_numpy().tolist() == [[1, 1], [1, 1]]


def test_loyalty_matrix_fixed_cuts_and_mean_attitude():
    # a second answer for D lifts D's mean attitude to (2 + 10) / 2 = 6
    survey = pd.concat([SURVEY, pd.DataFrame({"customer_id": ["D"], "recommend": [10]})],
                       ignore_index=True)
    matrix = loyalty.loyalty_matrix(survey, ORDERS, cuts={"attitude": 6, "patronage": 6})
    assert matrix.loc["D", "attitude"] == 6.0
    # only C has 6 or more orders; A, B and D have attitudes of 6 or more
    assert matrix["loyalty"].astype(str).tolist() == ["latent", "latent", "spurious", "latent"]


def test_loyalty_matrix_one_fixed_cut_keeps_the_other_median():
    matrix = loyalty.loyalty_matrix(SURVEY, ORDERS, cuts={"attitude": 9})
    assert matrix.attrs["cuts"] == {"attitude": 9.0, "patronage": 3.0}
    # A (10) and B (9) are at or above 9; the patronage cut is still the median, 3 orders
    assert matrix["loyalty"].astype(str).tolist() == ["true", "latent", "spurious", "none"]
    same = loyalty.loyalty_matrix(SURVEY, ORDERS, cuts=matrix.attrs["cuts"])
    pd.testing.assert_frame_equal(same, matrix)


def test_loyalty_matrix_reads_renamed_columns():
    renamed = loyalty.loyalty_matrix(
        SURVEY.rename(columns={"customer_id": "member"}),
        ORDERS.rename(columns={"customer_id": "member", "order_date": "day"}),
        columns={"customer": "member", "date": "day"})
    clean = loyalty.loyalty_matrix(SURVEY, ORDERS)
    assert renamed.index.name == "member"
    pd.testing.assert_frame_equal(renamed.rename_axis("customer_id"), clean)


def test_loyalty_matrix_active_share():
    # the orders cover January–April (4 months); A buys in all 4, B in 1, C in 4, D in 1
    matrix = loyalty.loyalty_matrix(SURVEY, ORDERS, patronage="active_share")
    assert matrix["patronage"].tolist() == [1.0, 0.25, 1.0, 0.25]


def test_loyalty_matrix_respondents_without_orders_have_no_patronage():
    survey = pd.concat([SURVEY, pd.DataFrame({"customer_id": ["Z"], "recommend": [10]})],
                       ignore_index=True)
    matrix = loyalty.loyalty_matrix(survey, ORDERS)
    assert matrix.loc["Z", "patronage"] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"patronage": "spend"}, "patronage='spend' is not valid"),
     ({"cuts": {"attitude": 11}}, r"cuts\['attitude'\] must lie"),
     ({"patronage": "active_share", "cuts": {"patronage": 2}}, r"cuts\['patronage'\] must lie"),
     ({"cuts": 9}, "cuts must be a mapping"),
     ({"cuts": {"loyalty": 9}}, "cuts has the axis 'loyalty'"),
     ({"columns": {"client": "customer_id"}}, "columns has the role 'client'"),
     ({"attitude": "satisfaction"}, "column 'satisfaction' not found")],
)
def test_loyalty_matrix_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ck.CRMDataError, match=match):
        loyalty.loyalty_matrix(SURVEY, ORDERS, **kwargs)


SPEND = pd.DataFrame({"customer_id": ["A", "A", "B", "C"],
                      "revenue": [100.0, 200.0, 50.0, 100.0]})


def test_share_of_wallet_with_known_wallets():
    table = loyalty.share_of_wallet(SPEND, {"A": 1000, "B": 500, "C": 100, "N": 80})
    # A 300 / 1000, B 50 / 500, C 100 / 100; N is in the category but never bought from us
    assert table["share_of_wallet"].to_dict() == pytest.approx(
        {"A": 0.3, "B": 0.1, "C": 1.0, "N": 0.0})
    assert not table["wallet_estimated"].any()
    assert loyalty.share_of_wallet(SPEND, 600)["share_of_wallet"].tolist() == pytest.approx(
        [0.5, 50 / 600, 100 / 600])


def test_share_of_wallet_estimated_from_peers():
    # spend A 300, B 50, C 100. quantile 0.5 -> median 100: wallets 300, 100, 100
    table = loyalty.share_of_wallet(SPEND, quantile=0.5)
    assert table["wallet"].tolist() == [300.0, 100.0, 100.0]
    assert table["share_of_wallet"].tolist() == [1.0, 0.5, 1.0]
    assert table["wallet_estimated"].all()
    # with peer groups {A, B} and {C}: group medians 175 and 100
    peers = pd.Series({"A": "x", "B": "x", "C": "y"})
    grouped = loyalty.share_of_wallet(SPEND, peers=peers, quantile=0.5)
    assert grouped["wallet"].tolist() == [300.0, 175.0, 100.0]


@pytest.mark.parametrize(
    ("wallet", "match"),
    [({"A": 200, "B": 500, "C": 100}, r"cannot spend more.*A \(spend 300 > wallet 200\)"),
     ({"A": 1000, "B": 500}, "no value for customer C"),
     ({"A": 1000, "B": 0, "C": 100}, "must be positive"),
     ({"A": 1000, "B": "lots", "C": 100}, "must hold numbers"),
     (-5, "wallet must lie")],
)
def test_share_of_wallet_refuses_impossible_wallets(wallet, match):
    with pytest.raises(ck.CRMDataError, match=match):
        loyalty.share_of_wallet(SPEND, wallet)


def test_programme_breakeven_worked_by_hand():
    plan = loyalty.programme_breakeven(members=10_000, extra_spend_per_member=400,
                                       margin_rate=0.25, cost_per_member=40,
                                       fixed_cost=300_000)
    row = plan.iloc[0]
    assert row["contribution_per_member"] == 60.0  # 400 * 0.25 - 40
    assert row["profit"] == 300_000.0  # 10,000 * 60 - 300,000
    assert row["breakeven_members"] == 5_000.0  # 300,000 / 60
    assert row["breakeven_extra_spend"] == 280.0  # (300,000 / 10,000 + 40) / 0.25
    assert row["return_on_cost"] == pytest.approx(300_000 / 700_000)


def test_programme_breakeven_scenarios_and_edge_cases():
    plan = loyalty.programme_breakeven([1_000, 5_000], 400, 0.25, 40, 300_000)
    assert plan["profit"].tolist() == [-240_000.0, 0.0]
    losing = loyalty.programme_breakeven(1_000, 100, 0.2, 40, 0)  # 20 - 40 < 0 per member
    assert np.isinf(losing.loc[0, "breakeven_members"])
    # a fee-only club (Costco-like): the fee covers the cost without any extra spend
    club = loyalty.programme_breakeven(1_000, 0, 0.1, 20, 0, fee_per_member=100)
    assert club.loc[0, "breakeven_extra_spend"] == 0.0
    assert club.loc[0, "profit"] == 80_000.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"margin_rate": 25}, r"at most 1 \(a fraction"), ({"members": -3}, "must not be negative"),
     ({"cost_per_member": "40"}, "must be a number"), ({"margin_rate": 0}, "above 0"),
     ({"members": [1, 2], "fixed_cost": [1, 2, 3]}, "different lengths")],
)
def test_programme_breakeven_refuses_bad_numbers(kwargs, match):
    args = {"members": 100, "extra_spend_per_member": 50, "margin_rate": 0.3,
            "cost_per_member": 5, "fixed_cost": 1000, **kwargs}
    with pytest.raises(ck.CRMDataError, match=match):
        loyalty.programme_breakeven(**args)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_loyalty_matrix_plot(language):
    ck.set_language(language)
    matrix = loyalty.loyalty_matrix(SURVEY, ORDERS)
    ax = plots.loyalty_matrix(loyalty.loyalty_counts(matrix))
    with pytest.raises(ck.CRMDataError, match=r"loyalty_counts\(matrix") as err:
        plots.loyalty_matrix(matrix)  # the chart takes the counts, not one row per customer
    assert re.search(r"Fix: count them first.*loyalty_counts\(matrix", err.value.en)
    assert isinstance(ax, Axes)
    assert ax.get_title() == ck.label("loyalty_matrix")
    assert any(ck.label("true_loyalty") in t.get_text() for t in ax.texts)
