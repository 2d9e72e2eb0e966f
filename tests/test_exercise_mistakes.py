"""Every exercise: the mistakes students make get their own message; other right answers pass.

One table, :data:`CASES`, holds for each registered exercise 3–5 predicted
mistakes (an answer and a fragment of the message it must get, different for
each mistake) and the alternative valid solutions students write.  A test makes
sure every registered exercise is in the table, so a new chapter adds its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.cases import dairy
from crmkit.cases.rice_shop import model
from crmkit.exercises import ch00, ch04, registered, solution


def _orders():
    return ch00.sample_orders()


def _tx():
    return ck.load_transactions()


def _households():
    return ck.load_rice_households()


def _champions(orders, **kwargs):
    return int((ck.rfm_scores(orders, **kwargs)["segment"] == "Champions").sum())


def _run_out(days_per_month=30.0, whole=np.floor):
    h = _households()
    daily = h["members"] * h["kg_per_person_month"] / days_per_month
    days = whole(h["jar_kg"] / daily + (1e-9 if whole is np.floor else 0.0))
    return pd.Series((h["last_delivery"] + pd.to_timedelta(days, unit="D")).to_numpy(),
                     index=h["household_id"].to_numpy(), name="run_out_date")


def _first(run_out=None, lead=2, clip="1933-03-01"):
    run_out = _run_out() if run_out is None else run_out
    first = run_out - pd.Timedelta(days=lead)
    return (first if clip is None else first.clip(lower=pd.Timestamp(clip))).rename(
        "first_delivery")


def _plan():
    return ck.cases.rice_shop.delivery_calendar(_households(), start="1933-03-01", days=31,
                                                lead_days=2)


def _collection(shift=None):
    plan = _plan()[["household_id", "delivery_date", "payday", "collection_date"]]
    if shift is not None:
        plan = plan.assign(collection_date=shift(plan))
    return plan


def _same_month_payday(plan):
    return plan["delivery_date"] - pd.to_timedelta(plan["delivery_date"].dt.day - 1, unit="D") \
        + pd.to_timedelta(plan["payday"] - 1, unit="D")


def _payday_after(plan):  # the first payday strictly after the delivery
    return model._next_payday(plan["delivery_date"] + pd.Timedelta(days=1), plan["payday"])


def _week():
    return ck.cases.rice_shop.visits_this_week(_households(), as_of="1933-03-01")


def _subs():
    return dairy.milk_subscriptions()


def _jan(subs=None):
    """Active on 1 January 2001, stopped in 2001, new in 2001 (plain pandas, as students do)."""
    subs = _subs() if subs is None else subs
    day = pd.Timestamp("2001-01-01")
    active = (subs["start"] <= day) & (subs["stop"].isna() | (subs["stop"] > day))
    stops = subs["stop"].dt.year == 2001
    new = (subs["start"] > day) & (subs["start"].dt.year == 2001)
    return subs, active, stops, new


def _route_rate(numerator, denominator):
    subs = _subs()
    return (numerator.groupby(subs["route"]).sum() / denominator.groupby(subs["route"]).sum()
            ).rename("churn_rate")


def _churn(kind="right"):
    subs, active, stops, new = _jan()
    if kind == "all_stops_all":
        return _route_rate(stops, active | new)
    if kind == "all_stops":
        return _route_rate(stops, active)
    rate = _route_rate(active & stops, active)
    return {"right": rate, "retention": 1 - rate, "percent": 100 * rate}[kind]


def _net_churn():
    subs, active, stops, new = _jan()
    end = active.groupby(subs["route"]).sum() + new.groupby(subs["route"]).sum() - stops.groupby(
        subs["route"]).sum()
    start = active.groupby(subs["route"]).sum()
    return ((start - end) / start).rename("churn_rate")


def _served(kind="right"):
    subs = _subs()
    last = pd.Timestamp("2001-06-30")
    his = subs["milkman"] == "M07"
    served = his & (subs["start"] <= last) & (subs["stop"].isna() | (subs["stop"] > last))
    soon = (subs["stop"] > last) & (subs["stop"] <= last + pd.Timedelta(days=56))
    if kind == "count":
        return int((served & soon).sum())
    if kind == "ever":
        return (his & soon).sum() / his.sum()
    if kind == "year":
        return (served & (subs["stop"] > last)).sum() / served.sum()
    if kind == "others":
        others = (subs["route"] != "R07") & (subs["start"] <= last) & (
            subs["stop"].isna() | (subs["stop"] > last))
        return (others & soon).sum() / others.sum()
    if kind == "route":
        served = (subs["route"] == "R07") & (subs["start"] <= last) & (
            subs["stop"].isna() | (subs["stop"] > last))
    if kind == "before":
        return (served & (subs["stop"] < last + pd.Timedelta(days=57))).sum() / served.sum()
    return (served & soon).sum() / served.sum()


def _pooled():
    subs, active, stops, new = _jan()
    return (active & stops).sum() / active.sum()


YM = dairy.YEAR_MARGIN


ROW = {"a_customers": 70, "b_customers": 130, "b_minus_a": 60, "b_to_a": 130 / 70}
M, R, D, N = ch04.CLV_MARGIN, ch04.CLV_RETENTION, ch04.CLV_DISCOUNT, ch04.CLV_PERIODS

#: exercise id -> (mistakes: [(make the answer, message fragment)], alternatives: [make])
CASES = {
    "00.order_count": (
        [(lambda: _orders()["customer_id"].nunique(), "customers, not orders"),
         (lambda: len(_orders().columns), "columns"),
         (lambda: _orders().size, "cells"),
         (lambda: 5, "One short")],
        [lambda: 6, lambda: len(_orders()), lambda: _orders().shape[0],
         lambda: np.int64(6), lambda: _orders()["order_id"].count(), lambda: 6.0]),
    "00.total_revenue": (
        [(lambda: _orders()["revenue"].mean(), "average"),
         (lambda: _orders()["revenue"].max(), "largest"),
         (lambda: _orders()["revenue"].count(), "how many"),
         (lambda: round(_orders()["revenue"].sum()), "cents")],
        [lambda: _orders()["revenue"].sum(), lambda: 671.3, lambda: sum([128.0, 45.5, 89.9,
                                                                          256.0, 39.9, 112.0]),
         lambda: np.float64(671.3), lambda: round(_orders()["revenue"].sum(), 2)]),
    "00.big_orders": (
        [(lambda: _orders()[_orders()["revenue"] < 100], "under 100"),
         (lambda: _orders().loc[_orders()["revenue"] >= 100, "revenue"], "whole rows"),
         (lambda: _orders()["revenue"] >= 100, "True/False"),
         (lambda: int((_orders()["revenue"] >= 100).sum()), "the orders themselves")],
        [lambda: _orders()[_orders()["revenue"] >= 100],
         lambda: _orders().query("revenue >= 100"),
         lambda: _orders()[_orders()["revenue"] >= 100].reset_index(drop=True),
         lambda: _orders().loc[_orders()["revenue"].ge(100)],
         lambda: _orders()[_orders()["revenue"] > 99.99]]),
    "04.hygiene_values": (
        [(lambda: ["comfort", "safety", "pride"], "motivating value"),
         (lambda: ["comfort", "safety"], "missing"),
         (lambda: list(ch04.HYGIENE_VALUES + ch04.MOTIVATING_VALUES), "should not be there"),
         (lambda: "comfort, safety, convenience", "list")],
        [lambda: ["comfort", "safety", "convenience"], lambda: ("Safety", "COMFORT", "convenience"),
         lambda: {"convenience", "comfort", "safety"}, lambda: ["舒适", "安全", "方便"],
         lambda: pd.Series(["comfort", "safety", "convenience"])]),
    "04.accumulation_row": (
        [(lambda: pd.Series({**ROW, "b_minus_a": 30}), "grows by two"),
         (lambda: pd.Series({**ROW, "b_to_a": 1.85}), "cut off"),
         (lambda: pd.Series({**ROW, "b_to_a": 70 / 130}), "b_customers / a_customers"),
         (lambda: pd.Series({"a_customers": 130, "b_customers": 70, "b_minus_a": -60,
                             "b_to_a": 70 / 130}), "swapped")],
        [lambda: pd.Series(ROW), lambda: pd.Series({**ROW, "b_to_a": 1.86}),
         lambda: pd.Series({**ROW, "b_to_a": round(130 / 70, 3)}),
         lambda: pd.Series(ROW).astype(float),
         lambda: ck.accumulation_table(moved=(30,)).iloc[0][list(ROW)]]),
    "04.clv_retention": (
        [(lambda: sum(M * R**t for t in range(N)), "not discounted"),
         (lambda: sum(M * R**t / (1 + D) ** t for t in range(1, N + 1)), "t = 0"),
         (lambda: M * N, "retention"),
         (lambda: sum(M * (R * 100) ** t / (1 + D) ** t for t in range(N)), "fraction")],
        [lambda: ck.clv(M, R, D, periods=N), lambda: round(ck.clv(M, R, D, periods=N), 2),
         lambda: sum(M * R**t / (1 + D) ** t for t in range(N)),
         lambda: float(np.sum(M * (R / (1 + D)) ** np.arange(N)))]),
    "04.rfm_champions": (
        [(lambda: _champions(_tx()[_tx()["order_date"] <= "2025-07-01"],
                             as_of="2025-07-01"), "placed on 1 July"),
         (lambda: _champions(_tx()), "every order"),
         (lambda: _champions(_tx(), as_of="2025-07-02"), "2 July"),
         (lambda: _champions(_tx(), as_of="2025-07-01") / len(
             ck.rfm_scores(_tx(), as_of="2025-07-01")), "share")],
        [lambda: _champions(_tx(), as_of="2025-07-01"),
         lambda: _champions(_tx()[_tx()["order_date"] < "2025-07-02"], as_of="2025-07-01"),
         lambda: _champions(_tx()[_tx()["order_date"].dt.date <= pd.Timestamp(
             "2025-07-01").date()], as_of="2025-07-01"),
         lambda: int(ck.rfm_segment_summary(ck.rfm_scores(_tx(), as_of="2025-07-01")).set_index(
             "segment").loc["Champions", "customers"])]),
    "04.winback_segment": (
        [(lambda: "Champions", "leaves Champions out"),
         (lambda: "Loyal", "per customer"),
         (lambda: "the best ones", "segment name")],
        [lambda: "Can't lose them", lambda: "cant lose them", lambda: "CAN'T LOSE THEM",
         lambda: {s.name: ck.label(s.key, "zh") for s in ck.RFM_SEGMENTS}["Can't lose them"]]),
    "04.computer_buyer": (
        [(lambda: "B", "whole lifetime"),
         (lambda: "the richer one", "Answer \"A\""),
         (lambda: "both", "only one")],
        [lambda: "A", lambda: "a", lambda: "buyer A", lambda: "the 25-year-old",
         lambda: "顾客A"]),
    "c01.run_out": (
        [(lambda: _run_out(365.25 / 12), "30.44"),
         (lambda: _run_out(31.0), "31-day"),
         (lambda: _run_out(30.0, np.round), "nearest day"),
         (lambda: _run_out(30.0, np.ceil), "rounded the days of rice up")],
        [lambda: _run_out(), lambda: _run_out().rename_axis("household_id").reset_index(),
         lambda: _run_out().sort_index(ascending=False),
         lambda: ck.cases.rice_shop.run_out_dates(_households(), as_of="1933-03-01")]),
    "c01.first_delivery": (
        [(lambda: _first(clip=None), "before 1933-03-01"),
         (lambda: _first(lead=0), "run-out dates themselves"),
         (lambda: _first(lead=-2), "added the 2 days"),
         (lambda: _first(clip="1933-03-02"), "first day of the plan")],
        [lambda: _first(), lambda: _first().rename_axis("household_id").reset_index(),
         lambda: _first().where(_first() > pd.Timestamp("1933-03-01"),
                                pd.Timestamp("1933-03-01"))]),
    "c01.collection": (
        [(lambda: _collection(_same_month_payday), "before the delivery"),
         (lambda: _collection(_payday_after), "same day"),
         (lambda: _collection(lambda p: p["delivery_date"]), "on payday"),
         (lambda: _collection().drop(columns="collection_date"), "collection_date")],
        [lambda: _collection(), lambda: _collection().sample(frac=1.0, random_state=1),
         lambda: _plan()]),
    "c01.visits": (
        [(lambda: sorted(set(_week().loc[_week()["deliver"], "household_id"])), "collect"),
         (lambda: sorted(set(_week()["household_id"]))[:-1], "missing"),
         (lambda: "H01 H02", "as a list")],
        [lambda: sorted(set(_week()["household_id"])),
         lambda: list(reversed(sorted(set(_week()["household_id"])))),
         lambda: _week(), lambda: pd.Series(sorted(set(_week()["household_id"])))]),
    "c02.churn_by_route": (
        [(lambda: _churn("retention"), "retention rates"),
         (lambda: _churn("percent"), "not as percentages"),
         (lambda: _churn("all_stops_all"), "joined during 2001"),
         (lambda: _churn("all_stops"), "joined and stopped"),
         (lambda: _net_churn(), "net change")],
        [lambda: _churn(), lambda: _churn().round(4),
         lambda: dairy.route_churn(_subs(), 2001)[["route", "churn_rate"]],
         lambda: dairy.route_churn(_subs(), 2001).set_index("route")["churn_rate"],
         lambda: _churn().sort_values()]),
    "c02.hidden_stops": (
        [(lambda: -11, "net change"),
         (lambda: int((_jan()[1] & _jan()[2]).sum()), "only the subscribers active"),
         (lambda: int(_jan()[3].sum()), "new subscriptions"),
         (lambda: int(_subs()["stop"].notna().sum()), "2000 as well")],
        [lambda: 714, lambda: int(_jan()[2].sum()), lambda: 714.0,
         lambda: int(dairy.route_churn(_subs()).set_index("route").loc["all", "all_stops"]),
         lambda: int(_subs()["stop"].between("2001-01-01", "2001-12-31").sum())]),
    "c02.milkman_leaves": (
        [(lambda: _served("count"), "how many stopped"),
         (lambda: _served("ever"), "ever signed up"),
         (lambda: _served("year"), "until the end of the year"),
         (lambda: _served("others"), "other routes")],
        [lambda: _served(), lambda: _served("route"), lambda: _served("before"),
         lambda: round(_served(), 3),
         lambda: dairy.after_departure(_subs()).loc["his_subscribers", "stopped_share"]]),
    "c02.churn_value": (
        [(lambda: YM / (_pooled() * 0.95) - YM / _pooled(), "5% of itself"),
         (lambda: 1 / (_pooled() - 0.05) - 1 / _pooled(), "in years"),
         (lambda: YM / (_pooled() - 0.05), "value after the cut"),
         (lambda: YM / (1 - _pooled() + 0.05) - YM / (1 - _pooled()), "not 1 / retention"),
         (lambda: YM / (_churn().mean() - 0.05) - YM / _churn().mean(), "averaged the routes")],
        [lambda: YM / (_pooled() - 0.05) - YM / _pooled(),
         lambda: YM * (ck.expected_lifetime(1 - _pooled() + 0.05)
                       - ck.expected_lifetime(1 - _pooled())),
         lambda: 120 / 0.375 - 120 / 0.425, lambda: 37.63,
         lambda: ck.retention_value(1 - _pooled(), margin=YM, discount=0, rises=(0.05,))
         .loc[1, "value_gain"]]),
}


def test_every_exercise_has_its_mistakes_and_alternatives():
    ids = registered("00") + registered("04") + registered("c01") + registered("c02")
    assert sorted(CASES) == sorted(ids)
    for exercise_id, (mistakes, alternatives) in CASES.items():
        assert 3 <= len(mistakes) <= 5, exercise_id
        assert alternatives, exercise_id
        fragments = [fragment for _, fragment in mistakes]
        assert len(set(fragments)) == len(fragments), exercise_id


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_predicted_mistakes_get_their_own_message(exercise_id, capsys):
    mistakes, _ = CASES[exercise_id]
    details = []
    for make, fragment in mistakes:
        result = ck.check(exercise_id, make())
        assert not result, f"{exercise_id}: the mistake {fragment!r} passes"
        assert fragment in result.detail, f"{exercise_id}: {fragment!r} not in {result.detail}"
        details.append(result.detail)
    assert len(set(details)) == len(details)  # each mistake its own message
    capsys.readouterr()


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_alternative_solutions_pass(exercise_id, capsys):
    _, alternatives = CASES[exercise_id]
    for make in alternatives:
        answer = make()
        result = ck.check(exercise_id, answer)
        assert result, f"{exercise_id}: a right answer fails: {result.detail}"
    assert ck.check(exercise_id, solution(exercise_id))
    capsys.readouterr()
