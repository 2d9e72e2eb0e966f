"""Chapter 06's checked exercise on the BG/NBD model (06.forecast_2025): the right answer
and its alternative forms pass; each mistake students make is named."""

import pytest

import crmkit as ck
from crmkit.exercises import ch06


@pytest.fixture(scope="module")
def orders():
    return ck.load_transactions()


def _check(answer, capsys):
    ok = ck.check("06.forecast_2025", answer)
    return ok, capsys.readouterr().out


def test_the_worked_solution_passes(orders, capsys):
    summary = ck.clv_summary(orders, "2024-12-31")
    answer = ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum()
    ok, out = _check(answer, capsys)
    assert ok and "correct" in out
    assert answer == pytest.approx(25_249.5, abs=0.5)


@pytest.mark.parametrize("unit, periods", [("W", 365 / 7), ("D", 364), ("D", 365), ("M", 12)])
def test_other_right_answers_pass(orders, capsys, unit, periods):
    """2025 counted as 365 / 7 weeks, or the model fitted in days or months."""
    summary = ck.clv_summary(orders, "2024-12-31", unit)
    ok, _ = _check(ck.fit_bgnbd(summary).expected_purchases(summary, periods).sum(), capsys)
    assert ok


@pytest.mark.parametrize("end, unit, periods, words", [
    ("2024-12-31", "W", 1, "That is one week"),
    ("2024-12-31", "W", 12, "twelve weeks, not twelve months"),
    ("2024-12-31", "W", 365, "365 weeks, seven years"),
    ("2024-12-31", "D", 52, "52 of them are not a year"),
    ("2024-12-31", "M", 52, "52 of them are four years"),
    ("2025-12-31", "W", 52, "forecasts 2026"),
])
def test_each_mistake_is_named(orders, capsys, end, unit, periods, words):
    summary = ck.clv_summary(orders, end, unit)
    ok, out = _check(ck.fit_bgnbd(summary).expected_purchases(summary, periods).sum(), capsys)
    assert not ok and words in out


def test_the_holdout_and_the_new_customer_curve_are_named(orders, capsys):
    summary = ck.clv_summary(orders, "2024-12-31", holdout_end="2025-12-31")
    ok, out = _check(summary["frequency_holdout"].sum(), capsys)
    assert not ok and "what the customers really did in 2025" in out
    model = ck.fit_bgnbd(summary)
    ok, out = _check(model.repeat_purchases(52) * len(summary), capsys)
    assert not ok and "a new customer's forecast" in out


def test_the_mean_per_customer_is_named(orders, capsys):
    summary = ck.clv_summary(orders, "2024-12-31")
    ok, out = _check(ck.fit_bgnbd(summary).expected_purchases(summary, 52).mean(), capsys)
    assert not ok and "the mean per customer" in out


def test_mistakes_in_chinese(orders, capsys):
    ck.set_language("zh")
    summary = ck.clv_summary(orders, "2024-12-31")
    ok, out = _check(ck.fit_bgnbd(summary).expected_purchases(summary, 1).sum(), capsys)
    assert not ok and "这只是一周" in out


def test_hints_are_graded(capsys):
    ck.hint("06.forecast_2025")
    first = capsys.readouterr().out
    ck.hint("06.forecast_2025")
    second = capsys.readouterr().out
    assert "fit the model" in first and "expected_purchases(summary, 52)" in second
    assert ch06.FORECAST_WEEKS == 52 and ch06.FORECAST_END == "2024-12-31"


def test_the_forecast_in_whole_purchases_passes(orders, capsys):
    summary = ck.clv_summary(orders, "2024-12-31")
    answer = ck.fit_bgnbd(summary).expected_purchases(summary, 52).sum()
    assert _check(round(answer), capsys)[0] and _check(float(f"{answer:.1f}"), capsys)[0]
    ok, out = _check(str(round(answer)), capsys)  # in quotes: a text, not a number
    assert not ok and "without quotes" in out
