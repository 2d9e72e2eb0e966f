"""crmkit.retention: cohorts, retention, churn, lifetime (chapter 06)."""


import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import retention
from crmkit.plots import retention as plots

# Five customers over January–April 2024, worked by hand below.
#   A: Jan 5, Jan 20, Mar 2, Apr 10     (cohort Jan; active Jan, Mar, Apr)
#   B: Jan 10, Feb 11                   (cohort Jan; active Jan, Feb)
#   C: Feb 1, Feb 15, Apr 30            (cohort Feb; active Feb, Apr)
#   D: Feb 20                           (cohort Feb; active Feb)
#   E: Apr 1                            (cohort Apr; active Apr)
ORDERS = pd.DataFrame({
    "customer_id": ["A", "A", "B", "C", "B", "C", "D", "A", "E", "A", "C"],
    "order_date": ["2024-01-05", "2024-01-20", "2024-01-10", "2024-02-01", "2024-02-11",
                   "2024-02-15", "2024-02-20", "2024-03-02", "2024-04-01", "2024-04-10",
                   "2024-04-30"],
    "revenue": [10.0, 20.0, 5.0, 8.0, 7.0, 3.0, 9.0, 4.0, 6.0, 2.0, 1.0],
})


def test_cohort_counts_worked_by_hand():
    table = retention.cohort_table(ORDERS, kind="count")
    # Jan cohort (A, B): month 0 both; Feb only B; Mar only A; Apr only A.
    # Feb cohort (C, D): month 0 both; Mar nobody; Apr C; May not observed yet.
    # No one started in March, so there is no March row.  Apr cohort: E alone.
    assert [str(p) for p in table.index] == ["2024-01", "2024-02", "2024-04"]
    assert list(table.columns) == [0, 1, 2, 3]
    assert table.loc[pd.Period("2024-01", "M")].tolist() == [2, 1, 1, 1]
    feb = table.loc[pd.Period("2024-02", "M")]
    assert feb.iloc[:3].tolist() == [2, 0, 1] and pd.isna(feb.iloc[3])
    apr = table.loc[pd.Period("2024-04", "M")]
    assert apr.iloc[0] == 1 and apr.iloc[1:].isna().all()
    # cohort sizes are conserved: every customer is in exactly one cohort
    assert table[0].sum() == ORDERS["customer_id"].nunique() == 5


def test_cohort_rates_divide_by_cohort_size():
    rates = retention.cohort_table(ORDERS)
    assert rates[0].tolist() == [1.0, 1.0, 1.0]
    assert rates.iloc[0].tolist() == [1.0, 0.5, 0.5, 0.5]
    assert rates.iloc[1, :3].tolist() == [1.0, 0.0, 0.5]
    assert np.isnan(rates.iloc[1, 3])


def test_cohort_table_does_not_depend_on_row_order_and_keeps_input():
    before = ORDERS.copy(deep=True)
    shuffled = ORDERS.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(retention.cohort_table(shuffled), retention.cohort_table(ORDERS))
    pd.testing.assert_frame_equal(ORDERS, before)


def test_cohort_table_periods_limits_or_pads_columns():
    assert list(retention.cohort_table(ORDERS, periods=1).columns) == [0, 1]
    wide = retention.cohort_table(ORDERS, periods=5)
    assert list(wide.columns) == [0, 1, 2, 3, 4, 5]
    assert wide[[4, 5]].isna().all().all()  # nobody can be seen that far yet


def test_cohort_table_accepts_datetimes_with_times():
    timed = ORDERS.assign(order_date=pd.to_datetime(ORDERS["order_date"]) + pd.Timedelta(hours=23))
    pd.testing.assert_frame_equal(retention.cohort_table(timed), retention.cohort_table(ORDERS))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"customer": "client"}, r"column 'client' not found; the frame has 'customer_id'"),
        ({"kind": "share"}, r"kind='share' is not valid"),
        ({"periods": -1}, r"periods must lie in"),
    ],
)
def test_cohort_table_bad_arguments(kwargs, match):
    with pytest.raises(ck.CRMDataError, match=match):
        retention.cohort_table(ORDERS, **kwargs)


def test_cohort_table_names_unparseable_dates():
    bad = ORDERS.copy()
    bad.loc[4, "order_date"] = "yesterday"
    with pytest.raises(ck.CRMDataError, match=r"row 4: 'yesterday'"):
        retention.cohort_table(bad)


def test_retention_curve_pools_cohorts():
    curve = retention.retention_curve(ORDERS)
    # month 1: Jan cohort 1 of 2, Feb cohort 0 of 2 (Apr cohort not observed) -> 1/4
    # month 2: Jan 1 of 2, Feb 1 of 2 -> 2/4; month 3: only Jan observed, 1 of 2
    assert curve["all"].tolist() == [1.0, 0.25, 0.5, 0.5]


def test_retention_curve_by_group_of_first_order():
    orders = ORDERS.assign(channel=["app", "app", "store", "app", "app", "store", "store",
                                    "store", "app", "store", "app"])
    curve = retention.retention_curve(orders, by="channel")
    # first orders: A app, B store, C app, D store, E app
    # app customers A (Jan), C (Feb), E (Apr): month 1 -> A no (Feb), C no (Mar) = 0/2
    assert list(curve.columns) == ["app", "store"]
    assert curve.loc[1, "app"] == 0.0
    # store customers B (Jan), D (Feb): month 1 -> B yes, D no = 1/2
    assert curve.loc[1, "store"] == 0.5


def test_retention_rate_worked_by_hand():
    rate = retention.retention_rate(ORDERS)
    # active: Jan {A,B}, Feb {B,C,D}, Mar {A}, Apr {A,C,E}
    # kept into the next month: Jan->Feb {B}, Feb->Mar {}, Mar->Apr {A}
    assert [str(p) for p in rate.index] == ["2024-01", "2024-02", "2024-03"]
    assert rate["active"].tolist() == [2, 3, 1]
    assert rate["retained"].tolist() == [1, 0, 1]
    assert rate["retention_rate"].tolist() == [0.5, 0.0, 1.0]
    assert rate["churn_rate"].tolist() == [0.5, 1.0, 0.0]


def test_retention_rate_by_quarter():
    rate = retention.retention_rate(ORDERS, freq="Q")
    # Q1 {A,B,C,D}, Q2 {A,C,E}: A and C come back -> 2/4
    assert rate["retention_rate"].tolist() == [0.5]
    assert str(rate.index[0]) == "2024Q1"


def test_retention_rate_needs_two_periods():
    with pytest.raises(ck.CRMDataError, match="no next period"):
        retention.retention_rate(ORDERS, freq="Y")


def test_retention_from_counts():
    # 200 at the start, 210 at the end of whom 30 are new: 180 kept -> 0.9
    assert retention.retention_from_counts(200, 210, 30) == pytest.approx(0.9)
    with pytest.raises(ck.CRMDataError, match="do not add up"):
        retention.retention_from_counts(100, 20, 30)
    with pytest.raises(ck.CRMDataError, match="cannot keep more"):
        retention.retention_from_counts(100, 150, 10)
    with pytest.raises(ck.CRMDataError, match="start must lie"):
        retention.retention_from_counts(0, 10, 5)


def test_churn_flags_worked_by_hand():
    flags = retention.churn_flags(ORDERS, as_of="2024-05-01", inactive_days=60)
    # last purchases: A Apr 10 (21 days), B Feb 11 (80: 2024 is a leap year),
    # C Apr 30 (1), D Feb 20 (71), E Apr 1 (30)
    assert flags["days_inactive"].to_dict() == {"A": 21, "B": 80, "C": 1, "D": 71, "E": 30}
    assert flags.index[flags["churned"]].tolist() == ["B", "D"]
    assert flags["orders"].tolist() == [4, 2, 3, 1, 1]
    # the default as_of is the day after the last order: 2024-05-01 again
    pd.testing.assert_frame_equal(retention.churn_flags(ORDERS, inactive_days=60), flags)


def test_churn_flags_as_of_ignores_later_orders():
    flags = retention.churn_flags(ORDERS, as_of="2024-02-15")
    assert flags.index.tolist() == ["A", "B", "C"]  # D and E had not bought yet
    assert flags["orders"].tolist() == [2, 2, 2]
    assert flags["days_inactive"].tolist() == [26, 4, 0]


def test_churn_flags_refuses_as_of_before_the_data():
    with pytest.raises(ck.CRMDataError, match="before the first date"):
        retention.churn_flags(ORDERS, as_of="2023-12-31")


@pytest.mark.parametrize(("rate", "years"), [(0.8, 5.0), (0.9, 10.0), (0.5, 2.0), (0.0, 1.0)])
def test_expected_lifetime(rate, years):
    assert retention.expected_lifetime(rate) == pytest.approx(years)


def test_expected_lifetime_vectorised():
    out = retention.expected_lifetime(pd.Series([0.8, 0.9], index=["x", "y"]))
    assert out.index.tolist() == ["x", "y"]
    assert out.tolist() == pytest.approx([5.0, 10.0])
    assert retention.expected_lifetime(np.array([0.75])).tolist() == pytest.approx([4.0])


@pytest.mark.parametrize(
    ("bad", "match"),
    [(1, "infinite"), (1.0, "infinite"), ([0.5, 1.0], "infinite"), (80, "percentage"),
     (-0.1, "must lie in"), ("0.8", "must be a number"), ([0.5, "x"], "must hold numbers"),
     ([0.5, None], "missing")],
)
def test_expected_lifetime_refuses_bad_rates(bad, match):
    with pytest.raises(ck.CRMDataError, match=match):
        retention.expected_lifetime(bad)


def test_retention_value_shows_the_gain_of_a_rise():
    table = retention.retention_value(0.8, margin=100, discount=0.1, rises=(0.05,))
    # CLV with the first margin now: m (1 + d) / (1 + d - r)
    base, raised = 100 * 1.1 / (1.1 - 0.8), 100 * 1.1 / (1.1 - 0.85)
    assert table["retention_rate"].tolist() == pytest.approx([0.8, 0.85])
    assert table["expected_lifetime"].tolist() == pytest.approx([5.0, 1 / 0.15])
    assert table["clv"].tolist() == pytest.approx([base, raised])
    assert table.loc[1, "value_gain_share"] == pytest.approx(raised / base - 1)  # +20 %
    with pytest.raises(ck.CRMDataError, match="reaches 1"):
        retention.retention_value(0.95, margin=100, rises=(0.05,))


# ---------------------------------------------------------------- plots
@pytest.mark.filterwarnings("error")  # e.g. a glyph missing from the font
@pytest.mark.parametrize("language", ["en", "zh"])
def test_plots_draw_in_both_languages(language):
    ck.set_language(language)
    ax = plots.cohort_heatmap(retention.cohort_table(ORDERS))
    assert ax.get_title() == ck.label("cohort_retention")
    ax = plots.cohort_heatmap(retention.cohort_table(ORDERS, kind="count"))
    ax = plots.retention_curves(retention.retention_curve(ORDERS))
    assert ax.get_ylabel() == ck.label("retention_rate")
    plots.retention_curves(retention.cohort_table(ORDERS))


# ---------------------------------------------------------------- chapter 06 additions

def test_retention_value_with_a_margin_profile():
    # margin 100 in the first period, 200 from the second on; q = r / (1 + d)
    table = retention.retention_value(0.8, margin=[100, 200], discount=0.1, rises=(0.05,))
    for rate, value in zip([0.8, 0.85], table["clv"], strict=True):
        q = rate / 1.1
        assert value == pytest.approx(100 + 200 * q / (1 - q))
    # one margin in a list is the plain formula
    plain = retention.retention_value(0.8, margin=100, rises=(0.05,))
    listed = retention.retention_value(0.8, margin=[100], rises=(0.05,))
    pd.testing.assert_frame_equal(plain, listed)
    # a finite horizon sums the first periods: 100 + 200 q + 200 q^2
    three = retention.retention_value(0.8, margin=[100, 200], periods=3, rises=())
    q = 0.8 / 1.1
    assert three.loc[0, "clv"] == pytest.approx(100 + 200 * q + 200 * q**2)
    # rising margins make the same rise worth more than a flat margin does
    assert table.loc[1, "value_gain_share"] > plain.loc[1, "value_gain_share"]
    with pytest.raises(ck.CRMDataError, match="empty list"):
        retention.retention_value(0.8, margin=[])
    with pytest.raises(ck.CRMDataError, match=r"margin\[1\] must lie"):
        retention.retention_value(0.8, margin=[100, -5])


def test_churn_rule_backtest_worked_by_hand():
    # as of 2024-02-29 the last purchases are A Jan 20 (40 days ago), B Feb 11 (18),
    # C Feb 15 (14), D Feb 20 (9); E has not bought yet.  After Feb 29 A (Mar 2, Apr 10),
    # C (Apr 30) and E (Apr 1) buy; B and D never again.
    rules = retention.churn_rule_backtest(ORDERS, "2024-02-29", rules=(10, 30))
    assert rules["customers"].tolist() == [4, 4]
    # rule 10: A, B, C flagged; A and C came back -> 2/3; unflagged D stayed away -> 1
    assert rules.loc[10, ["flagged", "churn_rate", "came_back", "stayed_away"]].tolist() == \
        pytest.approx([3, 0.75, 2 / 3, 1.0])
    # rule 30: only A flagged (came back); unflagged B, C, D: B and D stayed away -> 2/3
    assert rules.loc[30, ["flagged", "came_back"]].tolist() == [1, 1.0]
    assert rules.loc[30, "stayed_away"] == pytest.approx(2 / 3)
    assert rules["follow_up_days"].tolist() == [61, 61]  # Feb 29 -> Apr 30
    with pytest.raises(ck.CRMDataError, match="no order after") as err:
        retention.churn_rule_backtest(ORDERS, "2024-04-30")
    # the data span under half a year: the fix suggests the first day, which works
    assert "as_of='2024-01-05'" in str(err.value)
    assert retention.churn_rule_backtest(ORDERS, "2024-01-05", rules=(10,))["customers"].tolist() \
        == [1]
    with pytest.raises(ck.CRMDataError, match="Fix: use orders from more than one day"):
        retention.churn_rule_backtest(ORDERS.assign(order_date="2024-03-01"))
    with pytest.raises(ck.CRMDataError, match=r"Fix: pass e.g. rules=\(60, 90, 180\)"):
        retention.churn_rule_backtest(ORDERS, "2024-02-29", rules="90")
    with pytest.raises(ck.CRMDataError, match="rules is empty"):
        retention.churn_rule_backtest(ORDERS, "2024-02-29", rules=())
    with pytest.raises(ck.CRMDataError, match=r"rules\[0\] must be a whole number"):
        retention.churn_rule_backtest(ORDERS, "2024-02-29", rules=(1.5,))


def test_churn_rule_backtest_longer_rules_flag_fewer():
    orders = ck.load_transactions()
    rules = retention.churn_rule_backtest(orders, "2025-06-30", rules=(30, 90, 180, 365))
    assert rules["churn_rate"].is_monotonic_decreasing
    assert rules["came_back"].is_monotonic_decreasing
    assert rules["stayed_away"].is_monotonic_increasing
    # the chapter's numbers: 70.1% flagged by a 30-day rule, 7.4% of them came back
    assert rules.loc[30, "churn_rate"] == pytest.approx(0.701, abs=5e-4)
    assert rules.loc[30, "came_back"] == pytest.approx(0.074, abs=5e-4)
    # without as_of: half a year before the last order (2025-12-31 -> 2025-07-01)
    assert retention.churn_rule_backtest(orders, rules=(90,))["follow_up_days"].tolist() == [183]


PROFILE = pd.DataFrame({
    "is_member": [True, True, True, False, False, False],
    "marketing_consent": [True, False, True, False, True, False],
    "kept": [True, True, False, True, False, False],
    "orders": [3, 1, 3, 3, 1, 1],
})


def test_retention_by_tie_worked_by_hand():
    ties = retention.retention_by_tie(PROFILE)
    # members: 2 of 3 kept; non-members 1 of 3
    assert ties.loc["is_member", ["share_with", "kept_with", "kept_without"]].tolist() == \
        pytest.approx([0.5, 2 / 3, 1 / 3])
    assert ties.loc["is_member", "difference"] == pytest.approx(1 / 3)
    # consent: rows 0, 2, 4 -> kept 1 of 3; without: rows 1, 3, 5 -> 2 of 3
    assert ties.loc["marketing_consent", "difference"] == pytest.approx(-1 / 3)
    assert "like_for_like" not in ties.columns


def test_retention_by_tie_like_for_like():
    ties = retention.retention_by_tie(PROFILE, within="orders")
    # orders 3: members rows 0, 2 (1 of 2 kept), non-member row 3 (kept): 0.5 - 1 = -0.5, n=3
    # orders 1: member row 1 (kept), non-members rows 4, 5 (none): 1 - 0 = +1, n=3
    assert ties.loc["is_member", "like_for_like"] == pytest.approx((3 * -0.5 + 3 * 1.0) / 6)
    # consent within orders 3: rows 0, 2 (1 of 2) vs row 3 (1): -0.5; within 1: row 4 (0) vs
    # rows 1, 5 (1 of 2): -0.5
    assert ties.loc["marketing_consent", "like_for_like"] == pytest.approx(-0.5)


def test_retention_by_tie_count_worked_by_hand():
    table = retention.retention_by_tie_count(PROFILE)
    # ties per row: 2, 1, 2, 0, 1, 0
    assert table.index.tolist() == [0, 1, 2]
    assert table["customers"].tolist() == [2, 2, 2]
    assert table["kept_share"].tolist() == [0.5, 0.5, 0.5]
    one = retention.retention_by_tie_count(PROFILE, ["is_member"])
    assert one["kept_share"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert table["customers"].sum() == len(PROFILE)


def test_retention_by_tie_refuses_bad_profiles():
    with pytest.raises(ck.CRMDataError, match="every customer has the tie 'all'"):
        retention.retention_by_tie(PROFILE.assign(all=True), ["all"])
    with pytest.raises(ck.CRMDataError, match="yes/no"):
        retention.retention_by_tie(PROFILE.assign(kept=["x"] * 6))
    with pytest.raises(ck.CRMDataError, match="column 'stays' not found"):
        retention.retention_by_tie_count(PROFILE, kept="stays")
    with pytest.raises(ck.CRMDataError, match="ties is empty"):
        retention.retention_by_tie(PROFILE, [])


def test_retention_programme_break_even_leaves_value_unchanged():
    result = retention.retention_programme(0.6, 300, cost=30, gain=0.08, discount=0.1)
    assert result["break_even_gain"] == pytest.approx((1.1 - 0.6) * 30 / 300)
    assert result["clv_without"] == pytest.approx(ck.clv(300, 0.6, 0.1))
    assert result["clv_with"] == pytest.approx(ck.clv(270, 0.68, 0.1))
    at_break_even = retention.retention_programme(0.6, 300, cost=30,
                                                  gain=result["break_even_gain"])
    assert at_break_even["value_change"] == pytest.approx(0.0, abs=1e-9)
    # a costlier programme needs a bigger gain, in proportion
    double = retention.retention_programme(0.6, 300, cost=60)
    assert double["break_even_gain"] == pytest.approx(2 * result["break_even_gain"])
    never = retention.retention_programme(0.6, 300, cost=300)
    assert np.isinf(never["break_even_gain"])
    with pytest.raises(ck.CRMDataError, match="reaches 1"):
        retention.retention_programme(0.9, 300, cost=10, gain=0.1)
    with pytest.raises(ck.CRMDataError, match="margin must lie"):
        retention.retention_programme(0.6, 0, cost=10)


def test_programme_curve_lays_retention_programme_out_over_gains():
    curve = retention.programme_curve(0.6, 300, cost=30, gain=0.08, discount=0.1)
    assert curve.index.is_monotonic_increasing and curve.index.is_unique
    assert curve.index[0] == 0.0 and curve.index[-1] == pytest.approx(0.10)  # twice 5 points
    for gain in (0.0, 0.08, curve.index[17]):  # every row is retention_programme at its gain
        one = retention.retention_programme(0.6, 300, cost=30, gain=gain, discount=0.1)
        assert curve.loc[gain, ["clv_with", "clv_without", "value_change"]].tolist() \
            == pytest.approx(one[["clv_with", "clv_without", "value_change"]].tolist())
    assert curve.index[curve["chosen"]].tolist() == [0.08]
    assert curve.index[curve["break_even"]].tolist() == pytest.approx([0.05])
    assert curve.loc[curve["break_even"], "value_change"].abs().max() < 1e-9
    # the value rises with the gain, and crosses the value without at the break-even
    assert curve["clv_with"].is_monotonic_increasing
    assert (curve["value_change"] < 0).sum() == (curve.index < 0.05 - 1e-12).sum()
    never = retention.programme_curve(0.6, 300, cost=300)  # all the margin goes on it
    assert not never["break_even"].any() and (never["value_change"] < 0).all()
    assert never.index[-1] == pytest.approx(0.39)  # up to a retention rate of 0.99
    with pytest.raises(ck.CRMDataError, match="reaches 1"):
        retention.programme_curve(0.9, 300, cost=10, gain=0.1)
    with pytest.raises(ck.CRMDataError, match="programme_curve: cost must"):
        retention.programme_curve(0.6, 300, cost=-1)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_chapter_06_charts_in_both_languages(language):
    ck.set_language(language)
    rules = retention.churn_rule_backtest(ORDERS, "2024-02-29", rules=(10, 30))
    ax = plots.churn_rule_chart(rules)
    assert ax.get_title() == ck.label("ui.churn_rule_title")
    ax = plots.tie_chart(retention.retention_by_tie_count(PROFILE))
    assert ax.get_xlabel() == ck.label("ui.number_of_ties")
    ax = plots.programme_chart(retention.programme_curve(0.6, 300, cost=30, gain=0.08))
    assert ax.get_ylabel() == ck.label("customer_lifetime_value")
    assert [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":"] \
        == pytest.approx([0.05])  # the break-even gain
    never = plots.programme_chart(retention.programme_curve(0.6, 300, cost=300))
    assert not [line for line in never.lines if line.get_linestyle() == ":"]  # no break-even
