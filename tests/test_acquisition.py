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


# --------------------------------------------------------------------------- chapter 05 additions

PEOPLE = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
                       "channel": ["app", "app", "store", "store"]})


def test_acquisition_funnel_counts_registered_and_prices_a_retained_customer():
    orders = pd.DataFrame({"customer_id": ["A", "A", "B", "C", "C"]})
    funnel = acquisition.acquisition_funnel(ACQUISITION, customers=PEOPLE, transactions=orders)
    # app: A and B registered, both bought, A came back: 1,200 yuan / 1 retained customer
    assert funnel.loc["app", ["registered", "buyers", "repeat_buyers"]].tolist() == [2, 2, 1]
    assert funnel.loc["app", "cost_per_retained"] == 1200.0
    # store: C and D registered, C bought twice: 300 / 1; a channel nobody repeats is missing
    assert funnel.loc["store", "cost_per_retained"] == 300.0
    lonely = acquisition.acquisition_funnel(ACQUISITION, customers=PEOPLE,
                                            transactions=pd.DataFrame({"customer_id": ["A"]}))
    assert np.isnan(lonely.loc["app", "cost_per_retained"])


def test_funnel_of_the_sample_data_ranks_channels_as_chapter_05_says():
    funnel = ck.acquisition_funnel(ck.load_acquisition(), customers=ck.load_customers(),
                                   transactions=ck.load_transactions())
    assert funnel["registered"].sum() == len(ck.load_customers()) == 5000
    assert (funnel["registered"] >= funnel["buyers"]).all()
    assert (funnel["buyers"] >= funnel["repeat_buyers"]).all()
    assert funnel["cost_per_retained"].equals(funnel["spend"] / funnel["repeat_buyers"])
    # social media wins its first purchases more cheaply than search, but not retained ones
    assert funnel.loc["social", "cost_per_customer"] < funnel.loc["search", "cost_per_customer"]
    assert funnel.loc["social", "cost_per_retained"] > funnel.loc["search", "cost_per_retained"]
    assert funnel["cost_per_retained"].idxmin() == "referral"
    assert funnel["cost_per_lead"].idxmin() == "social"


ORDERS = pd.DataFrame({
    "customer_id": ["A", "A", "A", "B", "C", "D"],
    "order_date": ["2024-01-05", "2024-01-20", "2024-03-02", "2024-01-15", "2024-02-10",
                   "2024-03-30"],
    "revenue": [100.0, 60.0, 80.0, 50.0, 90.0, 40.0],
    "cost": [60.0, 40.0, 50.0, 30.0, 50.0, 20.0],
})


def test_payback_curve_averages_cumulative_margin_over_everyone_followed():
    curve = acquisition.payback_curve(ORDERS, PEOPLE, months=2)
    # the data end in March 2024: with 2 months to follow, first orders up to February count.
    # app: A (Jan: 40 + 20, Feb: 0) and B (Jan: 20) -> month 1 (60 + 20) / 2 = 40, month 2 40
    assert curve.loc["app"].tolist() == [40.0, 40.0]
    # store: C (Feb: 40, Mar: 0); D starts in March and is not followed yet
    assert curve.loc["store"].tolist() == [40.0, 40.0]
    assert curve.attrs["customers"] == {"app": 2, "store": 1}
    assert list(curve.columns) == [1, 2] and curve.columns.name == "month"
    longer = acquisition.payback_curve(ORDERS, PEOPLE, months=3)  # only January starters
    assert longer.loc["app"].tolist() == [40.0, 40.0, 55.0]  # A's March order: 30 / 2
    assert "store" not in longer.index


def test_payback_curve_refuses_what_it_cannot_follow():
    with pytest.raises(ck.CRMDataError, match="too few to follow"):
        acquisition.payback_curve(ORDERS, PEOPLE, months=4)
    with pytest.raises(ck.CRMDataError, match="not in customers"):
        acquisition.payback_curve(ORDERS, PEOPLE.iloc[:3], months=2)
    with pytest.raises(ck.CRMDataError, match="more than once"):
        acquisition.payback_curve(ORDERS, pd.concat([PEOPLE, PEOPLE.iloc[:1]]), months=2)
    with pytest.raises(ck.CRMDataError, match="'cost' not found"):
        acquisition.payback_curve(ORDERS.drop(columns="cost"), PEOPLE)


def test_payback_month_is_the_first_month_at_or_above_the_cost():
    curve = pd.DataFrame({1: [40.0, 10.0, 50.0], 2: [90.0, 20.0, 60.0]},
                         index=pd.Index(["app", "social", "store"], name="channel"))
    months = acquisition.payback_month(curve, pd.Series({"app": 50, "social": 25, "store": 50}))
    assert months.loc[["app", "store"]].tolist() == [2.0, 1.0]  # reaching the cost exactly pays
    assert np.isnan(months["social"])  # not within the two months observed
    assert acquisition.payback_month(curve, 0).tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ck.CRMDataError, match="no cost for"):
        acquisition.payback_month(curve, pd.Series({"app": 50}))
    with pytest.raises(ck.CRMDataError, match="months 1, 2"):
        acquisition.payback_month(curve.set_axis([0, 1], axis=1), 10)


def test_sample_data_pays_back_within_a_quarter_and_social_brings_least():
    orders, people = ck.load_transactions(), ck.load_customers()
    curve = ck.payback_curve(orders, people, months=12)
    assert (curve.diff(axis=1).iloc[:, 1:] >= 0).all().all()  # cumulative: never falls
    funnel = ck.acquisition_funnel(ck.load_acquisition(), customers=people, transactions=orders)
    months = ck.payback_month(curve, funnel["cost_per_customer"])
    assert months.to_dict() == {"app": 2.0, "referral": 1.0, "search": 3.0, "social": 3.0,
                                "store": 1.0}
    assert curve[12].idxmin() == "social" and curve[12].idxmax() == "referral"


def test_marginal_cost_recovers_a_planted_line():
    rng = np.random.default_rng(5)
    new = rng.integers(10, 60, size=24)
    log = pd.DataFrame({"channel": ["app"] * 24, "first_purchases": new,
                        "spend": 400.0 + 80.0 * new})
    fit = acquisition.marginal_acquisition_cost(log).loc["app"]
    assert fit["fixed_per_month"] == pytest.approx(400.0)
    assert fit["marginal_cost"] == pytest.approx(80.0)
    assert fit["average_cost"] == pytest.approx(log["spend"].sum() / new.sum())
    assert fit["average_cost"] > fit["marginal_cost"]  # fixed spend makes the average dearer
    with pytest.raises(ck.CRMDataError, match="never change"):
        acquisition.marginal_acquisition_cost(log.assign(first_purchases=20))
    with pytest.raises(ck.CRMDataError, match="too few"):
        acquisition.marginal_acquisition_cost(log.iloc[:2])


def test_marginal_cost_of_the_sample_data_is_below_the_average_where_there_is_fixed_spend():
    table = ck.marginal_acquisition_cost(ck.load_acquisition())
    assert table["months"].eq(36).all()
    paid = table.drop(index="referral")  # referral bonuses have no fixed part
    assert (paid["marginal_cost"] < paid["average_cost"]).all()
    assert table["marginal_cost"].idxmin() == "referral"


CURVE = pd.DataFrame({1: [40.0, 20.0], 2: [70.0, 30.0]}, index=["app", "social"])


def test_budget_plan_worked_by_hand():
    plan = acquisition.budget_plan({"app": 1000, "social": 1000}, {"app": 50, "social": 25},
                                   {"app": 0.5, "social": 0.2}, CURVE)
    # app: 20 new customers, 10 come back, 20 x 70 = 1,400 margin, 800 < 1,000 <= 1,400
    assert plan.loc["app"].tolist() == [1000.0, 20.0, 10.0, 1400.0, 2.0]
    # social: 40 new, 8 back, 40 x 30 = 1,200 margin; 40 x 20 = 800 in month 1
    assert plan.loc["social"].tolist() == [1000.0, 40.0, 8.0, 1200.0, 2.0]
    assert plan.loc["total"].tolist() == [2000.0, 60.0, 18.0, 2600.0, 2.0]


def test_budget_plan_limit_wastes_money_a_channel_cannot_absorb():
    plan = acquisition.budget_plan({"app": 1000}, {"app": 50}, {"app": 0.5}, CURVE,
                                   limit={"app": 12})
    assert plan.loc["app", "first_purchases"] == 12.0  # not 20: the channel is full
    assert np.isnan(plan.loc["app", "payback_month"])  # 12 x 70 = 840 < 1,000
    nothing = acquisition.budget_plan({"app": 0}, {"app": 50}, {"app": 0.5}, CURVE)
    assert nothing.loc["total", "first_purchases"] == 0 and np.isnan(
        nothing.loc["total", "payback_month"])


@pytest.mark.parametrize(("args", "message"), [
    (([1000], {"app": 50}, {"app": 0.5}, CURVE), "must map each channel"),
    (({"app": -5}, {"app": 50}, {"app": 0.5}, CURVE), "must lie in"),
    (({"app": 1000}, {"social": 50}, {"app": 0.5}, CURVE), "cost has no value for 'app'"),
    (({"app": 1000}, {"app": 0}, {"app": 0.5}, CURVE), "must lie in"),
    (({"app": 1000}, {"app": 50}, {"app": 50}, CURVE), "looks like a percentage"),
    (({"store": 1000}, {"store": 50}, {"store": 0.5}, CURVE), "no row for 'store'"),
])
def test_budget_plan_refuses_bad_input(args, message):
    with pytest.raises(ck.CRMDataError, match=message):
        acquisition.budget_plan(*args)


def test_promotion_effect_compares_changes_not_levels():
    orders = pd.DataFrame({
        "customer_id": ["T", "T", "T", "N", "N", "N", "X"],
        "order_date": ["2024-05-10", "2024-06-10", "2024-07-10", "2024-05-12", "2024-06-12",
                       "2024-07-12", "2024-07-01"],
        "revenue": [300.0, 500.0, 330.0, 100.0, 120.0, 110.0, 999.0],
        "discount": [0.0, 20.0, 0.0, 0.0, 0.0, 0.0, 5.0],
    })
    effect = acquisition.promotion_effect(orders, "2024-06", window=1)
    assert effect.loc["discount"].tolist() == [1, 300.0, 500.0, 330.0, 30.0]
    assert effect.loc["no_discount"].tolist() == [1, 100.0, 120.0, 110.0, 10.0]  # X not in June
    with pytest.raises(ck.CRMDataError, match="does not fit inside"):
        acquisition.promotion_effect(orders, "2024-06", window=2)
    with pytest.raises(ck.CRMDataError, match="is not a month"):
        acquisition.promotion_effect(orders, "June")
    with pytest.raises(ck.CRMDataError, match="'discount' not found"):
        acquisition.promotion_effect(orders.drop(columns="discount"), "2024-06", window=1)


def test_sample_promotions_show_a_gap_but_almost_no_effect():
    orders = ck.load_transactions()
    for month in ("2025-06", "2024-11"):
        effect = ck.promotion_effect(orders, month)
        took, other = effect.loc["discount"], effect.loc["no_discount"]
        assert took["after"] > 1.5 * other["after"] and took["before"] > 1.5 * other["before"]
        assert abs(took["change"] - other["change"]) < 10  # yuan a month: no real effect
        assert effect["customers"].sum() == orders.loc[
            orders["order_date"].dt.to_period("M") == month, "customer_id"].nunique()


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_chapter_05_charts_draw_in_both_languages(language):
    from crmkit.plots import acquisition as charts

    ck.set_language(language)
    funnel = acquisition.acquisition_funnel(ACQUISITION, customers=PEOPLE,
                                            transactions=pd.DataFrame({"customer_id": ["A", "A"]}))
    plan = acquisition.budget_plan({"app": 1000, "social": 500}, {"app": 50, "social": 25},
                                   {"app": 0.5, "social": 0.2}, CURVE)
    effect = pd.DataFrame({"customers": [2, 3], "before": [1.0, 2.0], "during": [2.0, 2.0],
                           "after": [3.0, 2.5], "change": [2.0, 0.5]},
                          index=pd.Index(["discount", "no_discount"], name="group"))
    axes = [charts.funnel_chart(funnel), charts.cost_chart(funnel.fillna(0)),
            charts.payback_chart(CURVE, pd.Series({"app": 50.0, "social": 25.0})),
            charts.promotion_chart(effect), charts.budget_chart(plan)]
    assert all(ax.get_title() for ax in axes)
    other = "zh" if language == "en" else "en"
    assert charts.budget_chart(plan, language=other).get_title() == ck.label("ui.budget_title",
                                                                             other)
    assert ck.get_language() == language  # one chart in the other language, notebook unchanged
    with pytest.raises(ck.CRMDataError, match="'repeat_buyers'") as err:
        charts.funnel_chart(acquisition.acquisition_funnel(ACQUISITION))
    assert "'repeat_buyers' not found" in err.value.en


def test_acquisition_funnel_reads_renamed_columns_through_one_mapping():
    log = ck.load_acquisition()
    renamed = log.rename(columns={"first_purchases": "new_customers", "spend": "budget"})
    plain = ck.acquisition_funnel(log)
    mapped = ck.acquisition_funnel(renamed, columns={"buyers": "new_customers",
                                                     "spend": "budget"})
    assert mapped["cost_per_customer"].tolist() == plain["cost_per_customer"].tolist()
    with pytest.raises(ck.CRMDataError, match=r"columns=\{'buyers'"):
        ck.acquisition_funnel(renamed, columns={"spend": "budget"})


def test_funnel_with_only_one_of_customers_and_transactions_says_pass_both():
    acquisition = ck.load_acquisition()
    with pytest.raises(ck.CRMDataError, match="Fix: pass both") as err:
        ck.acquisition_funnel(acquisition, customers=ck.load_customers())
    assert "ck.load_transactions()" in str(err.value) and "ck.load_transactions()" in err.value.zh
