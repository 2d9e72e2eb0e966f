"""Chapter 05's exercise checkers: right answers in every accepted form, each predicted mistake
recognised with its own message, graded hints.

The generic test in test_exercises.py already tries every checker with its own solution and a
perturbed answer; these tests pin the expected values to independent calculations and hold the
mistakes students make.
"""

import math

import pytest

import crmkit as ck
from crmkit.exercises import ch05, check, hint, registered, solution


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


def _detail(exercise_id, answer):
    result = check(exercise_id, answer)
    assert not result, f"{answer!r} should not pass {exercise_id}"
    return result.detail


def test_chapter_05_has_six_exercises_from_recall_to_judgement():
    assert registered("05") == ["05.aida_stages", "05.channel_ranking", "05.cost_per_retained",
                                "05.payback_month", "05.promotion_claim", "05.promotion_tools"]


# --------------------------------------------------------------------------- 05.aida_stages

@pytest.mark.parametrize("answer", [
    ["action", "attention", "interest", "desire"],
    ("Action", "ATTENTION", " interest ", "Desire"),
    ["行动", "注意", "兴趣", "渴望"],
    ["购买", "知晓", "兴趣", "欲望"],            # the test's 知晓 and the common 欲望
    ["action", "awareness", "interest", "desire"],
])
def test_aida_stages_accepts_the_stages_in_any_spelling(answer):
    assert solution("05.aida_stages") == ["action", "attention", "interest", "desire"]
    assert check("05.aida_stages", answer)


@pytest.mark.parametrize(("answer", "message"), [
    (["action", "attention", "emotion", "desire"], "not an AIDA stage"),
    (["行动", "注意", "情绪", "渴望"], "not an AIDA stage"),
    (["attention", "interest", "desire", "action"], "order of the model itself"),
    (["action", "attention", "desire", "interest"], "Reading about the offers is interest"),
    (["action", "attention", "curiosity", "desire"], "Use the four stage names"),
    (["action", "attention", "interest"], "1 expected item(s) are missing"),
    (["action", "attention", "interest", "desire", "action"], "should not be there"),
    ("action attention interest desire", "Expected a list"),
])
def test_aida_stages_names_each_mistake(answer, message):
    assert message in _detail("05.aida_stages", answer)


def test_aida_feedback_in_chinese():
    ck.set_language("zh")
    assert "不是 AIDA 的阶段" in _detail("05.aida_stages", ["行动", "注意", "情绪", "渴望"])


# --------------------------------------------------------------------------- 05.promotion_tools

RIGHT_TOOLS = {"a": "personal_selling", "b": "advertising", "c": "sales_promotion",
               "d": "publicity", "e": "direct_marketing"}


@pytest.mark.parametrize("answer", [
    RIGHT_TOOLS,
    {"A": "Personal selling", "b": "Advertising", "c": "sales promotion", "d": "Publicity",
     "e": "Direct marketing"},
    {"a": "人员推销", "b": "广告", "c": "销售促进", "d": "公共宣传", "e": "直复营销"},
    {"a": "人员销售", "b": "ads", "c": "营业推广", "d": "public relations", "e": "直复营销"},
])
def test_promotion_tools_accepts_english_chinese_and_the_course_variants(answer):
    assert solution("05.promotion_tools") == RIGHT_TOOLS
    assert check("05.promotion_tools", answer)


@pytest.mark.parametrize(("change", "message"), [
    ({"e": "advertising"}, "direct marketing, not advertising"),
    ({"d": "advertising"}, "Nobody paid for the news report"),
    ({"c": "advertising"}, "sales promotion"),
    ({"a": "direct_marketing"}, "face to face"),
    ({"b": "billboards"}, "Use the tool names"),
])
def test_promotion_tools_explains_each_confusion(change, message):
    detail = _detail("05.promotion_tools", {**RIGHT_TOOLS, **change})
    assert "1 of 5 not right yet" in detail and message in detail


def test_promotion_tools_wants_all_five_letters_in_a_dict():
    assert "give all five letters" in _detail("05.promotion_tools",
                                              {k: RIGHT_TOOLS[k] for k in "abcd"})
    assert "Answer a dict" in _detail("05.promotion_tools", list(RIGHT_TOOLS.values()))


# --------------------------------------------------------------------------- 05.cost_per_retained

@pytest.fixture(scope="module")
def funnel():
    return ck.acquisition_funnel(ck.load_acquisition(), customers=ck.load_customers(),
                                 transactions=ck.load_transactions())


def test_cost_per_retained_is_spend_over_repeat_buyers_counted_independently(funnel):
    orders, people = ck.load_transactions(), ck.load_customers()
    repeaters = orders["customer_id"].value_counts().loc[lambda n: n >= 2].index
    per_channel = people[people["customer_id"].isin(repeaters)]["channel"].value_counts()
    spend = ck.load_acquisition().groupby("channel")["spend"].sum()
    expected = solution("05.cost_per_retained")
    assert expected.to_dict() == pytest.approx((spend / per_channel).to_dict())
    assert check("05.cost_per_retained", (spend / per_channel).round(2))       # two decimals
    assert check("05.cost_per_retained", (spend / per_channel).sort_values())  # any order
    assert check("05.cost_per_retained", funnel)  # the whole funnel: its cost_per_retained
    # first purchases = buyers here, so cost per new customer / repeat rate is the same number
    assert check("05.cost_per_retained", funnel["cost_per_customer"] / funnel["repeat_rate"])


@pytest.mark.parametrize(("column", "message"), [
    ("cost_per_customer", "cost per *new* customer"),
    ("cost_per_lead", "cost per lead"),
])
def test_cost_per_retained_recognises_the_other_costs(funnel, column, message):
    assert message in _detail("05.cost_per_retained", funnel[column])


def test_cost_per_retained_recognises_dividing_by_the_registered(funnel):
    detail = _detail("05.cost_per_retained", funnel["spend"] / funnel["registered"])
    assert "registered customers" in detail
    assert "Expected a Series" in _detail("05.cost_per_retained", 231.05)


# --------------------------------------------------------------------------- 05.payback_month

def test_payback_month_is_the_running_total_by_hand():
    cost, m, r = ch05.PAYBACK_COST, ch05.PAYBACK_MARGIN, ch05.PAYBACK_RETENTION
    running, month = 0.0, 0
    while running < cost:
        month += 1
        running += m * r ** (month - 1)
    assert solution("05.payback_month") == month == 7
    for answer in (7, 7.0, ck.payback_period(cost, m, r)):
        assert check("05.payback_month", answer)


@pytest.mark.parametrize(("answer", "message"), [
    (4, "assumes she never leaves"),                 # ceil(150 / 45)
    (150 / 45, "assumes she never leaves"),          # 3.33, not even rounded
    (3, "assumes she never leaves"),                 # floor
    (6, "One month short"),                          # counted from 0
    (math.inf, "the churn is 0.25"),                 # retention and churn swapped
    (180, "whole expected lifetime margin"),         # 45 / (1 - 0.75)
    (6.5, "Answer a whole month"),                   # interpolated
])
def test_payback_month_names_each_mistake(answer, message):
    assert message in _detail("05.payback_month", answer)


# --------------------------------------------------------------------------- 05.channel_ranking

def test_channel_ranking_follows_the_cost_per_retained_customer(funnel):
    expected = ["referral", "store", "app", "search", "social"]
    assert solution("05.channel_ranking") == expected
    assert list(funnel["cost_per_retained"].sort_values().index) == expected
    assert check("05.channel_ranking", ["Referral", "STORE", "App", "search ads", "social media"])
    assert check("05.channel_ranking", ["老客户推荐", "门店", "App", "搜索广告", "社交媒体"])
    assert check("05.channel_ranking", funnel["cost_per_retained"])  # a Series, ranked for you
    assert check("05.channel_ranking", funnel["cost_per_retained"].sort_values().index)


@pytest.mark.parametrize(("answer", "message"), [
    (["referral", "store", "app", "social", "search"], "cost per new customer"),
    (["social", "referral", "app", "search", "store"], "cost per lead"),
    (["social", "search", "app", "store", "referral"], "worst buy first"),
    (["referral", "store", "search", "app", "social"], "repeat rate alone"),
    (["referral", "store", "app", "search", "tv"], "Use the channel codes"),
])
def test_channel_ranking_recognises_the_wrong_yardstick(answer, message):
    assert message in _detail("05.channel_ranking", answer)


# --------------------------------------------------------------------------- 05.promotion_claim

def test_promotion_claim_is_the_difference_in_differences_by_hand():
    orders = ck.load_transactions()
    month = orders["order_date"].dt.to_period("M")
    november = orders[month == "2024-11"]
    took = set(november.loc[november["discount"] > 0, "customer_id"])
    others = set(november["customer_id"]) - took

    def per_month(ids, first, last):
        window = orders[(month >= first) & (month <= last) & orders["customer_id"].isin(ids)]
        return window["revenue"].sum() / len(ids) / 3

    change_took = per_month(took, "2024-12", "2025-02") - per_month(took, "2024-08", "2024-10")
    change_others = (per_month(others, "2024-12", "2025-02")
                     - per_month(others, "2024-08", "2024-10"))
    assert solution("05.promotion_claim") == pytest.approx(change_took - change_others)
    assert abs(solution("05.promotion_claim")) < 5  # next to nothing, as the chapter says
    effect = ck.promotion_effect(orders, "2024-11")
    assert effect.loc["discount", "after"] / effect.loc["no_discount", "after"] == pytest.approx(
        1.88, abs=0.005)  # the marketing team's "88% more" in the task
    for answer in (round(change_took - change_others, 1), round(change_took - change_others, 2)):
        assert check("05.promotion_claim", answer)


def test_promotion_claim_in_whole_yuan_passes():
    """The rounding policy (issue 22): 2 for 1.63 yuan passed as "too high" before."""
    assert round(solution("05.promotion_claim"), 2) == 1.63
    assert check("05.promotion_claim", 2) and check("05.promotion_claim", 1.6)
    assert _detail("05.promotion_claim", 3) == "Your number 3 is too high."
    assert _detail("05.promotion_claim", 1) == "Your number 1 is too low."


def test_cost_per_retained_keeps_the_two_decimals_its_hint_asks_for(funnel):
    expected = solution("05.cost_per_retained")
    assert check("05.cost_per_retained", expected.round(2))
    assert _detail("05.cost_per_retained", expected.round(0)).endswith("keep 2 decimals.")


def test_chinese_feedback_has_no_space_after_a_full_stop(funnel):
    ck.set_language("zh")
    try:
        message = check("05.cost_per_retained", funnel["cost_per_lead"]).message
    finally:
        ck.set_language("en")
    assert "。 " not in message and "。这是每条线索的成本" in message


@pytest.fixture(scope="module")
def double_11():
    return ck.promotion_effect(ck.load_transactions(), "2024-11")


@pytest.mark.parametrize(("pick", "message"), [
    (lambda e: e.loc["discount", "after"] - e.loc["no_discount", "after"], "gap after the"),
    (lambda e: e.loc["discount", "before"] - e.loc["no_discount", "before"], "gap before the"),
    (lambda e: e.loc["discount", "change"], "only the takers' change"),
    (lambda e: e.loc["no_discount", "change"], "the other group's change"),
    (lambda e: e.loc["no_discount", "change"] - e.loc["discount", "change"], "wrong sign"),
    (lambda e: e.loc["discount", "after"] / e.loc["no_discount", "after"] - 1, "ratio"),
    (lambda e: 100 * (e.loc["discount", "after"] / e.loc["no_discount", "after"] - 1), "ratio"),
])
def test_promotion_claim_names_each_mistake(double_11, pick, message):
    assert message in _detail("05.promotion_claim", round(float(pick(double_11)), 1))


def test_promotion_claim_spots_the_wrong_promotion():
    june = ck.promotion_effect(ck.load_transactions(), "2025-06")
    answer = june.loc["discount", "change"] - june.loc["no_discount", "change"]
    assert "That is 618 in June 2025" in _detail("05.promotion_claim", round(answer, 1))


# --------------------------------------------------------------------------- graded hints

@pytest.mark.parametrize("exercise_id", registered("05"))
def test_every_chapter_05_hint_goes_from_a_nudge_to_the_method(exercise_id, capsys,
                                                                monkeypatch):
    from crmkit.exercises import engine

    monkeypatch.setattr(engine, "_HINTS_SHOWN", {})  # as in a fresh kernel
    capsys.readouterr()
    hint(exercise_id)
    first = capsys.readouterr().out
    hint(exercise_id)
    second = capsys.readouterr().out
    hint(exercise_id)  # after the last level, the last again
    third = capsys.readouterr().out
    assert "Hint 1 of 2" in first and "Run the cell again" in first
    assert "Hint 2 of 2" in second and "Run the cell again" not in second
    assert third == second and first != second
