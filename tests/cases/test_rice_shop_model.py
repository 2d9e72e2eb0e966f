"""Case study 1, Wang Yongqing's rice shop: the model (run-out dates, calendar, round, jars).

The calendar is also checked against a plain day-by-day simulation
(rice_households.reference_plan), independently of the vectorised code.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rice_households import MONTH, households, reference_plan

import crmkit as ck
from crmkit.cases import rice_shop

# --------------------------------------------------------------------------- run-out dates


def test_hand_worked_run_out_date():
    # 5 people x 10 kg = 50 kg a month = 50 / 30 = 1.667 kg a day;
    # a 30 kg jar lasts 30 / 1.667 = 18 days: filled on 1 Feb, dry on 1 + 18 = 19 Feb.
    table = rice_shop.run_out_dates(households(), as_of="1933-02-20").set_index("household_id")
    h01 = table.loc["H01"]
    assert h01["monthly_kg"] == 50.0
    assert h01["daily_kg"] == pytest.approx(5 / 3)
    assert h01["days_of_rice"] == pytest.approx(18.0)
    assert h01["run_out_date"] == pd.Timestamp("1933-02-19")
    assert h01["days_left"] == -1          # ran dry the day before
    assert h01["remaining_kg"] == 0.0      # never negative
    # 2 people x 15 kg = 30 kg a month, 1 kg a day: a 30 kg jar lasts 30 days,
    # so it is dry on 20 Feb + 30 days = 22 March.
    h02 = table.loc["H02"]
    assert h02["days_of_rice"] == pytest.approx(30.0)
    assert h02["run_out_date"] == pd.Timestamp("1933-03-22")
    assert h02["days_left"] == 30
    assert h02["remaining_kg"] == pytest.approx(30.0)  # filled that very morning


def test_remaining_rice_and_days_left_on_a_day_in_between():
    table = rice_shop.run_out_dates(households(), as_of="1933-02-20").set_index("household_id")
    # H03: 8 x 12 = 96 kg a month, 3.2 kg a day, 40 kg last 12.5 days: dry on 2 + 12 = 14 Feb.
    assert table.loc["H03", "run_out_date"] == pd.Timestamp("1933-02-14")
    early = rice_shop.run_out_dates(households(), as_of="1933-02-20")
    assert early["household_id"].tolist() == ["H03", "H01", "H02"]  # soonest first
    on_10th = rice_shop.run_out_dates(households(last_delivery=pd.to_datetime(
        ["1933-02-01"] * 3)), as_of="1933-02-10").set_index("household_id")
    assert on_10th.loc["H01", "days_left"] == 9
    assert on_10th.loc["H01", "remaining_kg"] == pytest.approx(30 - 9 * 50 / MONTH)


def test_a_jar_that_lasts_a_whole_number_of_days_runs_dry_on_that_day():
    # 3 people eating 30 kg a month each eat exactly 3 kg a day: a 30 kg jar lasts exactly
    # 10 days, a 33 kg jar 11.  One person eating 11.5 kg a month empties an 11.5 kg jar in
    # exactly 30 days, although in floating point 11.5 / (11.5 / 30) = 29.999999999999996:
    # rounding must not cost the household a day.
    frame = households(members=[3, 3, 1], kg_per_person_month=[30.0, 30.0, 11.5],
                       jar_kg=[30.0, 33.0, 11.5])
    table = rice_shop.run_out_dates(frame, as_of="1933-02-21").set_index("household_id")
    assert table["days_of_rice"].tolist() == pytest.approx([10.0, 11.0, 30.0])
    assert table.loc["H01", "run_out_date"] == pd.Timestamp("1933-02-11")  # 1 Feb + 10
    assert table.loc["H02", "run_out_date"] == pd.Timestamp("1933-03-03")  # 20 Feb + 11
    assert table.loc["H03", "run_out_date"] == pd.Timestamp("1933-03-04")  # 2 Feb + 30


def test_default_as_of_is_the_day_after_the_latest_delivery():
    table = rice_shop.run_out_dates(households()).set_index("household_id")
    # the latest delivery is 20 Feb, so "today" is 21 Feb: H02 has 29 of its 30 days left
    assert table.loc["H02", "days_left"] == 29


def test_other_column_names_are_accepted_and_kept():
    frame = households().rename(columns={"members": "people", "household_id": "family"})
    table = rice_shop.run_out_dates(frame, as_of="1933-02-21",
                                    columns={"household": "family", "members": "people",
                                             "name": None})
    assert "family" in table and "people" in table and "head_name" not in table
    assert table.set_index("family").loc["H01", "run_out_date"] == pd.Timestamp("1933-02-19")




def test_hand_worked_calendar():
    # H01 (jar dry on 19 Feb) gets rice 2 days early on 17 Feb: 16 days eaten, 3.33 kg
    # left, 26.67 kg to fill the jar; paid on the 25th.  A full jar lasts 18 whole days, so
    # the next delivery is 18 - 2 = 16 days later, 5 March, paid on 25 March, and so on.
    plan = rice_shop.delivery_calendar(households().iloc[[0]], start="1933-02-01", days=59)
    assert plan["delivery_date"].dt.strftime("%m-%d").tolist() == ["02-17", "03-05", "03-21"]
    assert plan["remaining_kg"].iloc[0] == pytest.approx(30 - 16 * 50 / MONTH)
    assert plan["deliver_kg"].iloc[0] == pytest.approx(16 * 50 / MONTH)  # 26.67 kg
    assert plan["collection_date"].dt.strftime("%m-%d").tolist() == ["02-25", "03-25", "03-25"]
    assert plan["credit_days"].tolist() == [8, 20, 4]
    assert not plan["late"].any()
    assert plan["run_out_date"].dt.strftime("%m-%d").tolist() == ["02-19", "03-07", "03-23"]


def test_a_household_already_out_of_rice_is_served_on_the_first_day():
    # H03's jar ran dry on 14 Feb: on 1 March it is served at once with a full jar.
    plan = rice_shop.delivery_calendar(households(), start="1933-03-01")
    first = plan[plan["household_id"] == "H03"].iloc[0]
    assert first["delivery_date"] == pd.Timestamp("1933-03-01")
    assert bool(first["late"]) and first["remaining_kg"] == 0.0 and first["deliver_kg"] == 40.0
    assert first["collection_date"] == pd.Timestamp("1933-03-15")
    # later deliveries keep the lead: 12 whole days (of 12.5) - 2 = every 10 days
    later = plan[plan["household_id"] == "H03"]["delivery_date"].dt.day.tolist()
    assert later == [1, 11, 21, 31]
    assert plan.loc[plan["household_id"] == "H03", "late"].tolist() == [True, False, False, False]


def test_a_delivery_on_payday_is_paid_the_same_day():
    plan = rice_shop.delivery_calendar(households(payday=[17, 5, 15]).iloc[[0]],
                                       start="1933-02-01", days=28)
    assert plan.loc[0, "delivery_date"] == plan.loc[0, "collection_date"] == pd.Timestamp(
        "1933-02-17")
    assert plan.loc[0, "credit_days"] == 0


def test_calendar_matches_a_day_by_day_walk():
    frame = households()
    plan = rice_shop.delivery_calendar(frame, start="1933-03-01", days=31, lead_days=2)
    expected = reference_plan(frame, "1933-03-01", 31, 2)
    pd.testing.assert_frame_equal(plan[expected.columns], expected, check_dtype=False)


household_rows = st.fixed_dictionaries({
    "members": st.integers(1, 12),
    "kg_per_person_month": st.floats(4.0, 20.0).map(lambda x: round(x * 2) / 2),
    "jar_kg": st.sampled_from([20.0, 30.0, 40.0, 50.0, 60.0, 80.0, 100.0]),
    "days_ago": st.integers(0, 60),
    "payday": st.integers(1, 28),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(household_rows, min_size=1, max_size=8), lead=st.integers(0, 3),
       days=st.integers(1, 62), start=st.dates(dt.date(1933, 1, 1), dt.date(1934, 12, 31)))
def test_calendar_invariants(rows, lead, days, start):
    start = pd.Timestamp(start)
    frame = pd.DataFrame(rows).assign(
        household_id=[f"H{i:02d}" for i in range(len(rows))],
        last_delivery=lambda f: start - pd.to_timedelta(f.pop("days_ago"), unit="D"))
    daily = frame["members"] * frame["kg_per_person_month"] / MONTH
    if (np.floor(frame["jar_kg"] / daily + 1e-9) <= lead).any():
        with pytest.raises(ck.CRMDataError, match="no schedule works"):
            rice_shop.delivery_calendar(frame, start=start, days=days, lead_days=lead)
        return
    plan = rice_shop.delivery_calendar(frame, start=start, days=days, lead_days=lead)
    expected = reference_plan(frame, start, days, lead)
    pd.testing.assert_frame_equal(plan[expected.columns], expected, check_dtype=False)
    # every delivery lies in the window ...
    assert ((plan["delivery_date"] >= start)
            & (plan["delivery_date"] < start + pd.Timedelta(days=days))).all()
    # ... comes lead_days before the jar runs dry, unless it was already due at the start
    on_time = plan["delivery_date"] <= plan["run_out_date"] - pd.Timedelta(days=lead)
    assert (on_time | (plan["late"] & (plan["delivery_date"] == start))).all()
    assert (plan["late"] == ~on_time).all()
    # ... fills the jar to the brim ...
    jar = plan["household_id"].map(frame.set_index("household_id")["jar_kg"]).astype(float)
    assert np.allclose(plan["remaining_kg"] + plan["deliver_kg"], jar)
    assert (plan["remaining_kg"] >= 0).all() and (plan["deliver_kg"] > 0).all()
    # ... and is paid on a payday on or after the delivery, the first one
    payday = plan["household_id"].map(frame.set_index("household_id")["payday"])
    assert (plan["collection_date"].dt.day == payday).all()
    assert (plan["collection_date"] >= plan["delivery_date"]).all()
    month_before = plan["collection_date"] - pd.DateOffset(months=1)
    assert (month_before < plan["delivery_date"]).all()
    # a household that is not late never runs dry inside the window
    levels = rice_shop.jar_levels(frame, start=start, days=days, lead_days=lead)
    served_late = set(plan.loc[plan["late"], "household_id"])
    fine = levels[~levels["household_id"].isin(served_late)]
    assert (fine["rice_kg"] > 0).all()


# --------------------------------------------------------------------------- the week's round


def test_visits_this_week():
    frame = households(payday=[25, 22, 3])
    week = rice_shop.visits_this_week(frame, as_of="1933-03-01")
    rows = {(d.strftime("%m-%d"), h): p for d, h, p in
            zip(week["visit_date"], week["household_id"], week["purpose"], strict=True)}
    # H03 ran dry on 14 Feb: deliver on 1 March (paid on the 3rd, inside the week);
    # H01's jar (filled 1 Feb) ran dry on 19 Feb: deliver on 1 March too;
    # H02 was delivered on 20 Feb and is paid on its payday, 22 March: not this week.
    assert rows == {("03-01", "H01"): "deliver", ("03-01", "H03"): "deliver",
                    ("03-03", "H03"): "collect"}
    assert week["deliver_kg"].tolist() == [30.0, 40.0, 0.0]
    assert week["head_name"].tolist() == ["陈阿土", "黄春生", "黄春生"]


def test_collection_of_the_recorded_delivery_and_same_day_visits():
    # H02 was delivered on 20 Feb and is paid on the 5th: collect on 5 March.
    # H01 (payday 1 March) gets rice on 1 March and pays the same morning: one visit.
    frame = households(payday=[1, 5, 28])
    week = rice_shop.visits_this_week(frame, as_of="1933-03-01", days=7)
    by_household = week.set_index("household_id")
    assert by_household.loc["H02", "purpose"] == "collect"
    assert by_household.loc["H02", "visit_date"] == pd.Timestamp("1933-03-05")
    assert by_household.loc["H01", "purpose"] == "deliver and collect"
    assert bool(by_household.loc["H01", "deliver"]) and bool(by_household.loc["H01", "collect"])
    assert by_household.loc["H03", "purpose"] == "deliver"  # paid on the 28th, later
    assert week["visit_date"].is_monotonic_increasing


def test_a_week_with_nothing_to_do_is_an_empty_table():
    frame = households(last_delivery=pd.to_datetime(["1933-03-01"] * 3), payday=[20, 20, 20])
    week = rice_shop.visits_this_week(frame, as_of="1933-03-01", days=3)
    assert week.empty
    assert list(week.columns) == ["visit_date", "household_id", "head_name", "deliver",
                                  "collect", "purpose", "deliver_kg"]


# --------------------------------------------------------------------------- jar levels


def test_jar_levels_follow_the_calendar():
    frame = households()
    levels = rice_shop.jar_levels(frame, start="1933-03-01", days=31)
    plan = rice_shop.delivery_calendar(frame, start="1933-03-01", days=31)
    assert len(levels) == 3 * 31
    came = levels[levels["delivered_kg"] > 0]
    pd.testing.assert_series_equal(came["delivered_kg"].reset_index(drop=True),
                                   plan.sort_values(["household_id", "delivery_date"])[
                                       "deliver_kg"].reset_index(drop=True),
                                   check_names=False)
    jar = came["household_id"].map(frame.set_index("household_id")["jar_kg"])
    assert np.allclose(came["rice_kg"], jar)                 # full on a delivery morning
    h02 = levels[levels["household_id"] == "H02"].set_index("date")["rice_kg"]
    assert h02.loc["1933-03-01"] == pytest.approx(30 - 9 * 30 / MONTH)  # 9 days after 20 Feb
    assert levels.loc[levels["payday"], "date"].dt.day.tolist() == [25, 5, 15]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("func", [rice_shop.run_out_dates, rice_shop.delivery_calendar,
                                  rice_shop.jar_levels])
def test_inputs_are_left_unchanged(func):
    frame = households(last_delivery=["1933-02-01", "1933-02-20", "1933-02-02"])
    before = frame.copy()
    func(frame, "1933-03-01")
    rice_shop.visits_this_week(frame, "1933-03-01")
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(("frame", "pattern"), [
    (households().drop(columns="jar_kg"),
     r"column 'jar_kg' not found.*columns=\{'jar': '<your column>'\}"),
    (households(members=[5, 0, 3]), r"'members' must be greater than 0.*row 1"),
    (households(members=[5, -2, 3]), r"'members' must not be negative.*row 1"),
    (households(members=[5, 2.5, 3]), r"'members' must hold whole numbers.*row 1"),
    (households(kg_per_person_month=[10.0, "ten", 12.0]), r"'kg_per_person_month'.*row 1: 'ten'"),
    (households(jar_kg=[30.0, 30.0, 0.0]), r"'jar_kg' must be greater than 0.*row 2"),
    (households(payday=[25, 31, 15]), r"'payday'.*1 to 28.*row 1: 31"),
    (households(payday=[0, 5, 15]), r"'payday'.*1 to 28.*row 0: 0"),
    (households(last_delivery=["1933-02-01", "Feb 30th", "1933-02-02"]),
     r"'last_delivery' has text that is not a date.*row 1: 'Feb 30th'"),
    (households(last_delivery=["1933-02-01", None, "1933-02-02"]),
     r"'last_delivery' has missing dates.*row 1"),
    (households(household_id=["H01", "H01", "H03"]), r"each household once.*rows 0: 'H01', 1"),
    (households(household_id=["H01", None, "H03"]), r"missing household ids.*row 1"),
    (households().iloc[:0], r"households frame is empty"),
    ([{"household_id": "H01"}], r"expected the households as a pandas DataFrame, but got a list"),
])
@pytest.mark.parametrize("func", [rice_shop.run_out_dates, rice_shop.delivery_calendar,
                                  rice_shop.visits_this_week, rice_shop.jar_levels])
def test_bad_households_are_refused_with_the_column_and_rows(frame, pattern, func):
    with pytest.raises(ck.CRMDataError, match=pattern) as err:
        func(frame, "1933-03-01")
    assert str(err.value).startswith(func.__name__ + ":")
    assert "Fix:" in str(err.value)


@pytest.mark.parametrize(("kwargs", "pattern"), [
    ({"start": "someday"}, r"start='someday' is not a date"),
    ({"start": "1933-02-10"}, r"before the recorded delivery.*H02 delivered 1933-02-20"),
    ({"start": "1933-03-01", "days": 0}, r"days must lie in \[1"),
    ({"start": "1933-03-01", "days": 7.5}, r"days must be a whole number"),
    ({"start": "1933-03-01", "lead_days": -1}, r"lead_days must lie in \[0"),
    ({"start": "1933-03-01", "lead_days": 12},
     r"lead_days=12 no schedule works.*less than 13 days.*H03 lasts 12\.5 days"),
])
def test_bad_plan_arguments(kwargs, pattern):
    with pytest.raises(ck.CRMDataError, match=pattern):
        rice_shop.delivery_calendar(households(), **kwargs)


def test_bad_as_of():
    with pytest.raises(ck.CRMDataError, match=r"run_out_dates: as_of='soon' is not a date"):
        rice_shop.run_out_dates(households(), as_of="soon")
    with pytest.raises(ck.CRMDataError, match=r"visits_this_week: as_of is missing"):
        rice_shop.visits_this_week(households(), as_of=None)




# --------------------------------------------------------------------------- the sample data


def test_the_sample_notebook_plans_cleanly():
    frame = ck.load_rice_households()
    assert len(frame) >= 30
    plan = rice_shop.delivery_calendar(frame, start="1933-03-01")
    expected = reference_plan(frame, "1933-03-01", 31, 2)
    pd.testing.assert_frame_equal(plan[expected.columns], expected, check_dtype=False)
    assert set(plan["household_id"]) <= set(frame["household_id"])
    week = rice_shop.visits_this_week(frame, "1933-03-01")
    assert not week.empty
