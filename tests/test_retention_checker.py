"""Chapter 06's exercise checkers: the expected answers from independent calculations, the
mistakes students make (each with its own message) and the alternative right answers."""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import check, registered, solution


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


def _orders():
    return ck.load_transactions()


def _member_curve():
    members = ck.load_customers()[["customer_id", "is_member"]]
    return ck.retention_curve(_orders().merge(members, on="customer_id"), by="is_member")


def _churn(as_of="2025-06-30", days=90):
    return ck.churn_flags(_orders(), as_of=as_of, inactive_days=days)["churned"]


R, M, C, D = 0.7, 400.0, 24.0, 0.10
NEED = (1 + D - R) * C / M

CASES = {
    "06.expected_lifetime": (
        [(lambda: 1 / 0.75, "divides by the retention rate"),
         (lambda: 0.75 / 0.25, "counts only the years after this one"),
         (lambda: 0.25, "is the churn rate"),
         (lambda: 1 / (1 - 75), "not a percentage")],
        [lambda: 4, lambda: 4.0, lambda: ck.expected_lifetime(0.75), lambda: np.float64(4),
         lambda: 1 / (1 - 0.75)]),
    "06.retention_from_counts": (
        [(lambda: 1350 / 1200, "counts the new members as kept"),
         (lambda: (1350 - 390) / 1350, "Divide by the members at the start"),
         (lambda: 1 - (1350 - 390) / 1200, "That is the churn rate"),
         (lambda: (1350 - 1200) / 1200, "growth of the club"),
         (lambda: 80, "percentage")],
        [lambda: 0.8, lambda: (1350 - 390) / 1200, lambda: 960 / 1200,
         lambda: ck.retention_from_counts(1200, 1350, 390)]),
    "06.member_retention": (
        [(lambda: _member_curve().loc[5], "That is month 5"),
         (lambda: _member_curve().loc[7], "That is month 7"),
         (lambda: 1 - _member_curve().loc[6], "not* buying in month 6"),
         (lambda: ck.retention_curve(_orders()).loc[6], "Index the answer by is_member"),
         (lambda: _member_curve(), "That is the whole curve")],
        [lambda: _member_curve().loc[6],
         lambda: _member_curve().loc[6].round(4), lambda: _member_curve().loc[6].round(2),
         lambda: pd.Series({False: _member_curve().loc[6, "False"],
                            True: _member_curve().loc[6, "True"]}),
         lambda: _member_curve().loc[[6]]]),
    "06.churn_rate_rule": (
        [(lambda: _churn(days=180).mean(), "default 180-day rule"),
         (lambda: _churn(as_of="2025-12-31").mean(), "end of the data"),
         (lambda: int(_churn().sum()), "number of churned customers"),
         (lambda: 1 - _churn().mean(), "share still active")],
        [lambda: _churn().mean(), lambda: round(_churn().mean(), 3),
         lambda: round(_churn().mean(), 2),  # a rate to two decimals (the rounding policy)
         lambda: _churn().sum() / len(_churn()),
         lambda: ck.churn_rule_backtest(_orders(), "2025-06-30", rules=(90,))
         .loc[90, "churn_rate"]]),
    "06.break_even_gain": (
        [(lambda: C / M, "ignores how long the customer stays"),
         (lambda: (1 - R) * C / M, "the discount rate is missing"),
         (lambda: R + NEED, "break-even retention rate"),
         (lambda: NEED * 100, "not in points")],
        [lambda: 0.024, lambda: NEED, lambda: round(NEED, 4), lambda: round(NEED, 3),
         lambda: ck.retention_programme(R, M, cost=C, discount=D)["break_even_gain"]]),
    "06.price_cut": (
        [(lambda: 0.05, "does not need only 5% more sales"),
         (lambda: 0.05 / 0.25, "divided by the old margin rate"),
         (lambda: 0.25 / 0.20, "minus 1"),
         (lambda: 0.05 * 0.25, "solve (1 + x)"),
         (lambda: 25, "percentage")],
        [lambda: 0.25, lambda: 0.05 / (0.25 - 0.05), lambda: 0.25 / 0.20 - 1, lambda: 1 / 4]),
}


def test_chapter_06_has_seven_exercises():
    # the seventh, 06.forecast_2025 (the BG/NBD model of §9), is tested in test_alive_checker.py
    assert registered("06") == sorted([*CASES, "06.forecast_2025"])


def test_expected_answers_match_independent_calculations():
    assert solution("06.expected_lifetime") == pytest.approx(4.0)
    assert solution("06.retention_from_counts") == pytest.approx(0.8)
    assert solution("06.break_even_gain") == pytest.approx(0.024)
    assert solution("06.price_cut") == pytest.approx(0.25)
    assert solution("06.churn_rate_rule") == pytest.approx(0.584, abs=5e-4)
    members = solution("06.member_retention")
    assert list(members.index) == ["False", "True"]
    assert members["True"] > members["False"]  # members are the frequent buyers


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
    assert "默认的 180 天规则" in check("06.churn_rate_rule", _churn(days=180).mean()).detail
    assert "成本 ÷ 毛利" in check("06.break_even_gain", C / M).detail


def test_rounded_answers_pass_or_are_told_to_keep_decimals():
    """The toolkit's rounding policy: a rate to two decimals passes; fewer decimals are
    "keep N decimals", never "too high" or "too low"."""
    rate = _churn().mean()  # 0.5840...
    assert check("06.churn_rate_rule", 0.58) and check("06.churn_rate_rule", 0.584)
    assert check("06.churn_rate_rule", 0.6).detail == (
        "0.6 is the right answer rounded to fewer decimals than the task asks: keep 2 decimals.")
    assert "too low" in check("06.churn_rate_rule", 0.57).detail  # not a rounding of 0.584
    assert check("06.churn_rate_rule", round(rate * 100, 1)).detail.startswith(
        "58.4 looks like a percentage")
    # 0.024: three decimals asked (two would be a sixth off), so 0.02 is told to keep them
    assert check("06.break_even_gain", 0.02).detail.endswith("keep 3 decimals.")
    assert check("06.retention_from_counts", 0.80) and check("06.price_cut", 0.250)
    assert check("06.price_cut", 0.3).detail.endswith("keep 2 decimals.")
    # 0.2 is 0.25 rounded to one decimal, but also a predicted mistake: the mistake is named
    assert "divided by the old margin rate" in check("06.price_cut", 0.2).detail
    members = check("06.member_retention", _member_curve().loc[6].round(1))
    assert "The values are right but rounded to fewer decimals" in members.detail
    ck.set_language("zh")
    assert check("06.churn_rate_rule", 0.6).detail == (
        "0.6 是正确答案四舍五入后的值，但保留的小数位数比题目要求的少：请保留 2 位小数。")


def test_a_number_in_quotes_is_a_text():
    result = check("06.churn_rate_rule", "0.584")
    assert not result and "Write numbers without quotes (0.584, not '0.584')" in result.detail
    wrong = check("06.churn_rate_rule", str(_churn(days=180).mean()))
    assert "default 180-day rule" not in wrong.detail  # only numbers make a mistake's value
