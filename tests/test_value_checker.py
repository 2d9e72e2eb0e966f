"""Chapter 04's exercise checkers: right answers in every accepted form, helpful wrong-answer tips.

The generic test in test_exercises.py already tries every checker with its own
solution and a perturbed answer; these tests pin the chapter's expected values
to independent calculations and check the chapter-specific feedback.
"""

import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import ch04, check, registered, solution


def test_chapter_04_has_six_exercises_from_recall_to_judgement():
    assert registered("04") == ["04.accumulation_row", "04.clv_retention", "04.computer_buyer",
                                "04.hygiene_values", "04.rfm_champions", "04.winback_segment"]


def test_hygiene_values_follow_herzberg_and_accept_chinese(capsys):
    assert sorted(solution("04.hygiene_values")) == ["comfort", "convenience", "safety"]
    assert check("04.hygiene_values", ["Safety", "comfort", "CONVENIENCE"])
    assert check("04.hygiene_values", ["舒适", "安全", "方便"])  # the seed's own words
    wrong = check("04.hygiene_values", ["comfort", "safety", "pride"])
    assert "'pride'" in wrong.detail and "motivating value" in wrong.detail
    capsys.readouterr()


def test_accumulation_row_is_the_seed_rule_for_thirty_customers(capsys):
    expected = solution("04.accumulation_row")
    assert expected.to_dict() == pytest.approx(
        {"a_customers": 70, "b_customers": 130, "b_minus_a": 60, "b_to_a": 130 / 70})
    typed = pd.Series({"a_customers": 70, "b_customers": 130, "b_minus_a": 60, "b_to_a": 1.86})
    assert check("04.accumulation_row", typed)  # the ratio to two decimals is enough
    half = check("04.accumulation_row", typed.replace({60: 30}))
    assert "grows by two for every customer" in half.detail
    capsys.readouterr()


def test_clv_exercise_is_the_discounted_sum():
    m, r, d, n = ch04.CLV_MARGIN, ch04.CLV_RETENTION, ch04.CLV_DISCOUNT, ch04.CLV_PERIODS
    assert solution("04.clv_retention") == pytest.approx(
        sum(m * r**t / (1 + d) ** t for t in range(n)))


def test_rfm_champions_counts_only_orders_known_on_the_day():
    orders = ck.load_transactions()
    known = orders[orders["order_date"] < pd.Timestamp(ch04.RFM_AS_OF) + pd.Timedelta(days=1)]
    scores = ck.rfm_scores(known, as_of=ch04.RFM_AS_OF)
    assert solution("04.rfm_champions") == (scores["segment"] == "Champions").sum() > 0


def test_winback_segment_is_the_best_margin_after_champions(capsys):
    orders = ck.load_transactions()
    per_customer = (orders.assign(margin=orders["revenue"] - orders["cost"])
                    .groupby("customer_id", as_index=False)["margin"].sum())
    scored = ck.rfm_scores(orders, as_of="2026-01-01").merge(per_customer, on="customer_id")
    means = scored.groupby(scored["segment"].astype(str))["margin"].mean()
    assert means.idxmax() == "Champions"
    expected = means.drop("Champions").idxmax()
    assert solution("04.winback_segment") == expected
    zh = {s.name: ck.label(s.key, "zh") for s in ck.RFM_SEGMENTS}[expected]
    assert check("04.winback_segment", expected.upper().replace("'", ""))
    assert check("04.winback_segment", zh)
    assert "leaves Champions out" in check("04.winback_segment", "Champions").detail
    assert "segment name" in check("04.winback_segment", "the best ones").detail
    capsys.readouterr()


@pytest.mark.parametrize("answer", ["A", "a", "buyer A", "Customer A", "the 25-year-old",
                                    "25", "顾客A", "25岁"])
def test_computer_buyer_accepts_the_young_buyer_in_any_words(answer, capsys):
    assert solution("04.computer_buyer") == "A"
    assert check("04.computer_buyer", answer)
    capsys.readouterr()


def test_computer_buyer_explains_why_b_is_wrong(capsys):
    wrong = check("04.computer_buyer", "B")
    assert not wrong and "whole lifetime" in wrong.detail
    assert "Answer \"A\"" in check("04.computer_buyer", "the richer one").detail
    ck.set_language("zh")
    assert "整个生命周期" in check("04.computer_buyer", "the 65-year-old").detail
    capsys.readouterr()
