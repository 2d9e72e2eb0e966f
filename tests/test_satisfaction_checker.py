"""Chapter 07's exercise checkers: the expected answers from independent calculations, the
mistakes students make (each with its own message) and the alternative right answers."""

import math
from functools import cache

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import check, registered, solution


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


@cache
def _answers():
    return ck.load_survey().merge(
        ck.load_customers()[["customer_id", "is_member", "member_level"]], on="customer_id")


def _level_share(column="repurchase_intent", test=lambda s: s == 5):
    return _answers().groupby("member_level")[column].apply(lambda s: test(s).mean())


def _members():
    return _answers()[_answers()["is_member"]]


def _nps(frame):
    values = frame["recommend"]
    return 100 * ((values >= 9).mean() - (values <= 6).mean())


def _by_member(func):
    return _answers().groupby("is_member").apply(func, include_groups=False)


def _interval(frame, z=1.959964, variance="nps", scale=100):
    values = frame["recommend"]
    p, d = (values >= 9).mean(), (values <= 6).mean()
    spread = p + d - (p - d) ** 2 if variance == "nps" else p * (1 - p)
    half = z * math.sqrt(spread / len(frame))
    return (scale * (p - d - half), scale * (p - d + half))


def _bootstrap_interval(draws=2000, seed=1):
    """The members' NPS interval by the bootstrap: resample their answers, read the 2.5%
    and 97.5% points of the resampled NPS."""
    values = _members()["recommend"].to_numpy()
    rng = np.random.default_rng(seed)
    samples = values[rng.integers(0, len(values), size=(draws, len(values)))]
    scores = 100 * ((samples >= 9).mean(axis=1) - (samples <= 6).mean(axis=1))
    return tuple(np.percentile(scores, [2.5, 97.5]))


@cache
def _after(window=180):
    return ck.repurchase_after_survey(ck.load_survey(), ck.load_transactions(), window)


def _gap(window=180, low=(1, 2, 3)):
    after = _after(window)
    rest = after["satisfaction"].isin(low)
    return after.loc[~rest, "repurchased"].mean() - after.loc[rest, "repurchased"].mean()


@cache
def _unhappy():
    survey = ck.load_survey()
    return ck.importance_performance(survey[survey["satisfaction"] <= 3])


def _between(start, end):
    survey = ck.load_survey()
    return survey[(survey["survey_date"] >= start) & (survey["survey_date"] < end)]


def _exports():
    return pd.concat([_between("2024-01-01", "2024-10-01"), _between("2024-04-01", "2025-01-01")])


P, D = 378 / 1500, 655 / 1500  # the survey's promoter and detractor shares
VAR = P + D - (P - D) ** 2

CASES = {
    "07.intent_top_box": (
        [(lambda: _answers().groupby("member_level")["repurchase_intent"].mean(),
          "mean scores"),
         (lambda: _level_share(test=lambda s: s >= 4), "top-two box"),
         (lambda: _level_share() * 100, "percentages"),
         (lambda: _answers().groupby("member_level")["repurchase_intent"].apply(
             lambda s: (s == 5).sum()), "counts of 5s"),
         (lambda: _level_share("satisfaction"), "top box of satisfaction")],
        [lambda: _level_share(),
         lambda: _level_share().round(3),
         lambda: ck.top_box_table(_answers(), "repurchase_intent", by="member_level")["share"],
         lambda: ck.top_box_table(_answers(), "repurchase_intent", by="member_level")[["share"]],
         lambda: _level_share().loc[["none", "silver", "gold", "platinum"]]]),
    "07.member_nps": (
        [(lambda: _by_member(lambda f: 100 * ((f["satisfaction"] >= 9).mean()
                                               - (f["satisfaction"] <= 6).mean())),
          "1–5 satisfaction column"),
         (lambda: _by_member(_nps) / 100, "in points"),
         (lambda: _by_member(lambda f: 100 * (f["recommend"] >= 9).mean()),
          "promoter share alone"),
         (lambda: _by_member(lambda f: 100 * ((f["recommend"] >= 8).mean()
                                               - (f["recommend"] <= 6).mean())), "not 8"),
         (lambda: _by_member(_nps).rename({False: True, True: False}), "swapped")],
        [lambda: _by_member(_nps),
         lambda: ck.nps(_answers(), by="is_member")["nps"],
         lambda: ck.nps(_answers(), by="is_member")["nps"].round(2),
         lambda: pd.Series({"False": _nps(_answers()[~_answers()["is_member"]]),
                            "True": _nps(_members())})]),
    "07.member_nps_interval": (
        [(lambda: _interval(_answers()), "all respondents"),
         (lambda: _interval(_members(), scale=1), "not as fractions"),
         (lambda: _interval(_members(), variance="top_box"), "single share"),
         (lambda: (_nps(_members()) - 196 * math.sqrt(
             ((_members()["recommend"] >= 9).mean() + (_members()["recommend"] <= 6).mean()
              - ((_members()["recommend"] >= 9).mean()
                 - (_members()["recommend"] <= 6).mean()) ** 2) / 1500),
                   _nps(_members()) + 196 * math.sqrt(
             ((_members()["recommend"] >= 9).mean() + (_members()["recommend"] <= 6).mean()
              - ((_members()["recommend"] >= 9).mean()
                 - (_members()["recommend"] <= 6).mean()) ** 2) / 1500)),
          "not all 1,500"),
         (lambda: _interval(_members(), z=1.644854), "90% interval")],
        [lambda: _interval(_members()),
         lambda: tuple(ck.nps(_members())[["nps_low", "nps_high"]]),
         lambda: list(ck.nps(_members())[["nps_low", "nps_high"]]),
         lambda: ck.nps(_members())[["nps_low", "nps_high"]],
         lambda: tuple(round(end, 1) for end in _interval(_members())),
         lambda: _interval(_members())[::-1],
         _bootstrap_interval]),
    "07.nps_sample_size": (
        [(lambda: (1.96 * 100 / 2.5) ** 2 * VAR, "width of 5"),
         (lambda: (1.96 * 100 / 5) ** 2 * P * (1 - P), "promoter share alone"),
         (lambda: (1.96 * 100 / 5) ** 2 * (P + D), "left out"),
         (lambda: (1.96 / 5) ** 2 * VAR, "put the 100 in"),
         (lambda: (1.96 * 100 / 5) * math.sqrt(VAR), "squaring")],
        [lambda: math.ceil((1.96 * 100 / 5) ** 2 * VAR),
         lambda: (1.96 * 100 / 5) ** 2 * VAR,
         lambda: math.ceil((2 * 100 / 5) ** 2 * VAR),
         lambda: (2 * 100 / 5) ** 2 * VAR, lambda: np.int64(1006)]),
    "07.repurchase_gap": (
        [(lambda: _after()[_after()["satisfaction"] == 5]["repurchased"].mean()
          - _after()[_after()["satisfaction"] == 4]["repurchased"].mean(), "5s with the 4s"),
         (lambda: _after()[_after()["satisfaction"] >= 4]["repurchased"].mean()
          / _after()[_after()["satisfaction"] <= 3]["repurchased"].mean(), "ratio"),
         (lambda: 100 * _gap(), "not in points"),
         (lambda: (_after()[_after()["satisfaction"] >= 4]["repurchase_intent"] >= 4).mean()
          - (_after()[_after()["satisfaction"] <= 3]["repurchase_intent"] >= 4).mean(),
          "what customers said"),
         (lambda: _gap(90), "90-day window")],
        [lambda: _gap(), lambda: round(_gap(), 3), lambda: np.float64(_gap()),
         lambda: ck.group_difference(_after().assign(happy=_after()["satisfaction"] >= 4),
                                     "happy", (True, False), measure="share",
                                     score="repurchased")["difference"]]),
    "07.fix_first": (
        [(lambda: ("quality", *_unhappy().loc["quality", ["importance", "performance"]]),
          "keep up the good work"),
         (lambda: ("checkout", *_unhappy().loc["checkout", ["importance", "performance"]]),
          "low priority"),
         (lambda: ("delivery", *_unhappy().loc["delivery", ["importance", "performance"]]),
          "possible overkill"),
         (lambda: ("price", *ck.importance_performance(ck.load_survey()).loc[
             "price", ["importance", "performance"]]), "whole survey"),
         (lambda: ("price", *_unhappy().loc["price", ["performance", "importance"]]),
          "swapped")],
        [lambda: ("price", *_unhappy().loc["price", ["importance", "performance"]]),
         lambda: ("freshness", *_unhappy().loc["freshness", ["importance", "performance"]]),
         lambda: ("Freshness", 4.35, 2.67),
         lambda: ("价格", 4.23, 2.51),
         lambda: {"attribute": "price", "importance": 4.228, "performance": 2.51},
         lambda: pd.Series(["price", 4.23, 2.51])]),
    "07.clean_export": (
        [(lambda: _nps(_exports()), "count twice"),
         (lambda: _nps(_exports().drop_duplicates("response_id")) / 100, "not as a fraction"),
         (lambda: _nps(ck.load_survey()), "whole survey"),
         (lambda: _nps(_between("2024-01-01", "2024-10-01")), "first export alone"),
         (lambda: _nps(_between("2024-04-01", "2025-01-01")), "second export alone")],
        [lambda: _nps(_exports().drop_duplicates("response_id")),
         lambda: ck.nps(_exports().drop_duplicates("response_id"))["nps"],
         lambda: _nps(ck.load_survey()[ck.load_survey()["survey_date"].dt.year == 2024]),
         lambda: round(_nps(_exports().drop_duplicates()), 2)]),
}


def test_chapter_07_has_seven_exercises():
    assert registered("07") == sorted(CASES)


def test_expected_answers_match_independent_calculations():
    shares = solution("07.intent_top_box")
    assert shares.to_dict() == pytest.approx({"gold": 70 / 192, "none": 126 / 661,
                                              "platinum": 25 / 71, "silver": 91 / 576})
    members = solution("07.member_nps")
    assert members.to_dict() == pytest.approx(
        {"False": _nps(_answers()[~_answers()["is_member"]]), "True": _nps(_members())})
    assert solution("07.member_nps_interval") == pytest.approx(_interval(_members()), abs=1e-4)
    assert solution("07.nps_sample_size") == pytest.approx((1.96 * 100 / 5) ** 2 * VAR)
    assert math.ceil(solution("07.nps_sample_size")) == 1006
    assert solution("07.repurchase_gap") == pytest.approx(_gap())
    assert solution("07.fix_first")[0] == "price"
    assert solution("07.clean_export") == pytest.approx(
        _nps(ck.load_survey()[ck.load_survey()["survey_date"].dt.year == 2024]))


def test_every_case_has_mistakes_and_alternatives():
    for exercise_id, (mistakes, alternatives) in CASES.items():
        assert 3 <= len(mistakes) <= 5, exercise_id
        assert alternatives, exercise_id


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_predicted_mistakes_get_their_own_message(exercise_id):
    mistakes, _ = CASES[exercise_id]
    details = []
    for make, fragment in mistakes:
        result = check(exercise_id, make())
        assert not result, f"{exercise_id}: the mistake {fragment!r} passes"
        assert fragment in result.detail, f"{exercise_id}: {fragment!r} not in {result.detail}"
        details.append(result.detail)
    assert len(set(details)) == len(details)


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_alternative_answers_pass(exercise_id):
    _, alternatives = CASES[exercise_id]
    for make in alternatives:
        result = check(exercise_id, make())
        assert result, f"{exercise_id}: a right answer fails: {result.detail}"


def test_feedback_in_chinese():
    ck.set_language("zh")
    typed = _by_member(lambda f: 100 * ((f["satisfaction"] >= 9).mean()
                                        - (f["satisfaction"] <= 6).mean()))
    assert "1–5 分的满意度列" in check("07.member_nps", typed).detail
    assert "重复计算" not in check("07.clean_export", 1.0).detail
    assert "被算了两次" in check("07.clean_export", _nps(_exports())).detail
    assert "继续保持" in check(
        "07.fix_first", ("quality", *_unhappy().loc["quality", ["importance", "performance"]])
    ).detail
