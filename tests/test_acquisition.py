"""crmkit.acquisition: the acquisition funnel and payback (chapter 05)."""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import acquisition

ACQUISITION = pd.DataFrame({
    "month": ["2024-01", "2024-02", "2024-01"], "channel": ["app", "app", "store"],
    "spend": [500.0, 700.0, 300.0], "leads": [100, 140, 40], "first_purchases": [10, 14, 20],
})


def test_acquisition_funnel_worked_by_hand():
    funnel = acquisition.acquisition_funnel(ACQUISITION)
    # app: 1,200 yuan, 240 leads, 24 buyers -> 10 % conversion, 5 per lead, 50 per customer
    assert funnel.loc["app", ["spend", "leads", "first_purchases"]].tolist() == [1200, 240, 24]
    assert funnel.loc["app", ["lead_conversion", "cost_per_lead", "cost_per_customer"]].tolist() \
        == pytest.approx([0.1, 5.0, 50.0])
    # store: 300 yuan, 40 leads, 20 buyers -> 50 %, 7.5 per lead, 15 per customer
    assert funnel.loc["store", "cost_per_customer"] == 15.0


def test_acquisition_funnel_with_repeat_buyers():
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
                              "channel": ["app", "app", "store", "store"]})
    orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C"]})
    funnel = acquisition.acquisition_funnel(ACQUISITION, customers=customers, transactions=orders)
    # app: A (2 orders) and B (1) bought, A came back; store: C bought once, D never
    assert funnel["buyers"].tolist() == [2, 1]
    assert funnel["repeat_buyers"].tolist() == [1, 0]
    assert funnel["repeat_rate"].tolist() == [0.5, 0.0]


def test_acquisition_funnel_refuses_counts_that_do_not_add_up():
    bad = ACQUISITION.assign(first_purchases=[10, 150, 20])
    with pytest.raises(ck.CRMDataError, match=r"in row 1: the counts do not add up"):
        acquisition.acquisition_funnel(bad)
    with pytest.raises(ck.CRMDataError, match="both customers= and transactions="):
        acquisition.acquisition_funnel(ACQUISITION, customers=ACQUISITION)


@pytest.mark.parametrize(
    ("cost", "margin", "rate", "periods"),
    [(250, 100, 1.0, 3.0),  # 100 + 100 + 100 >= 250
     (300, 100, 1.0, 3.0),  # exactly three margins
     (250, 100, 0.9, 3.0),  # 100 + 90 = 190 < 250 <= 100 + 90 + 81 = 271
     (190, 100, 0.9, 2.0),
     (250, 100, 0.5, np.inf),  # the whole lifetime brings only 100 / 0.5 = 200
     (80, 100, 0.0, 1.0),
     (0, 100, 0.5, 0.0)],
)
def test_payback_period(cost, margin, rate, periods):
    assert acquisition.payback_period(cost, margin, rate) == periods


def test_payback_period_for_each_channel():
    cost = acquisition.acquisition_funnel(ACQUISITION)["cost_per_customer"]
    # 50 yuan at 20 a period -> 3 periods; 15 yuan -> 1 period
    assert acquisition.payback_period(cost, margin=20).to_dict() == {"app": 3.0, "store": 1.0}
    with pytest.raises(ck.CRMDataError, match="margin must lie"):
        acquisition.payback_period(100, margin=0)
