"""Chapter 01's exercise checkers: the right answers in every accepted form, and the
typical mistakes, each recognised with its own message.

The generic test in test_exercises.py already tries every checker with its own
solution and a perturbed answer; these tests pin the expected values to
independent calculations on the sample data and hold the mistakes students make.
"""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import ch01, check, engine, hint, registered, solution

ORDERS = ck.load_transactions()
CUSTOMERS = ck.load_customers()
PER_CUSTOMER = ORDERS.groupby("customer_id").size()


def _detail(exercise_id, answer):
    result = check(exercise_id, answer)
    assert not result, f"{answer!r} was accepted"
    return result.detail


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


def test_chapter_01_has_six_exercises_from_understanding_to_judgement():
    assert registered("01") == ["01.best_lever", "01.customer_or_client", "01.four_c",
                                "01.largest_loss", "01.members_born_1990s",
                                "01.repeat_conversion"]


def test_every_chapter_01_exercise_has_graded_hints():
    for exercise_id in registered("01"):
        levels = engine.get(exercise_id).hints
        assert len(levels) == 2, exercise_id  # a nudge, then the method
        for level in levels:
            assert "ck." not in level["en"] or exercise_id == "01.best_lever", (
                f"{exercise_id}: hints give the method, not the code")


def test_hint_shows_the_next_level_each_time(capsys):
    engine._HINTS_SHOWN.pop("01.four_c", None)
    hint("01.four_c")
    first = capsys.readouterr().out
    hint("01.four_c")
    second = capsys.readouterr().out
    hint("01.four_c")
    third = capsys.readouterr().out
    assert "Hint 1 of 2" in first and "Run the cell again" in first
    assert "Hint 2 of 2" in second and "dict" in second and "Run the cell again" not in second
    assert third == second  # the last hint stays
    ck.set_language("zh")
    engine._HINTS_SHOWN.pop("01.four_c", None)
    hint("01.four_c")
    assert "提示 1/2" in capsys.readouterr().out


def test_a_single_hint_still_prints_as_before(capsys):
    hint("04.hygiene_values")
    out = capsys.readouterr().out
    assert out.startswith("💡 Hint · 04.hygiene_values") and "of" not in out.split("·")[0]


# --------------------------------------------------------------------------- 1 customer or client


@pytest.mark.parametrize("answer", [
    ["customer", "client", "customer", "client", "client"],
    ("Customer", "CLIENT", "customer", "client", "Client"),
    ["顾客", "客户", "顾客", "客户", "客户"],
    pd.Series(["customer", "client", "customer", "client", "client"]),
    {1: "customer", 2: "client", 3: "customer", 4: "client", 5: "client"},
])
def test_customer_or_client_accepts_either_language_and_container(answer):
    assert solution("01.customer_or_client") == [role for _, role in ch01.BUYERS]
    assert check("01.customer_or_client", answer)


@pytest.mark.parametrize(("answer", "says"), [
    (["client", "customer", "client", "customer", "customer"], "the course pairs customer"),
    (["customer", "client", "client", "client", "client"], "spending does not make a client"),
    (["customer", "client", "customer", "customer", "client"], "internal customer"),
    (["customer", "client", "customer", "client", "customer"], "need not be the end user"),
    (["client", "client", "customer", "client", "client"], "leaves no record"),
    (["customer", "customer", "customer", "client", "client"], "known in detail"),
    (["customer", "client", "customer", "client"], "Give five words"),
    (["customer", "client", "shopper", "client", "client"], "'shopper'"),
])
def test_customer_or_client_names_each_mistake(answer, says):
    assert says in _detail("01.customer_or_client", answer)


def test_customer_or_client_in_chinese():
    ck.set_language("zh")
    detail = _detail("01.customer_or_client", ["顾客", "客户", "客户", "客户", "客户"])
    assert "决定是否为客户的不是消费金额" in detail


# --------------------------------------------------------------------------- 2 conversion


def test_repeat_conversion_is_two_orders_over_one():
    expected = (PER_CUSTOMER >= 2).sum() / len(PER_CUSTOMER)  # every customer here has >= 1
    assert solution("01.repeat_conversion") == pytest.approx(expected)
    assert expected == pytest.approx(3187 / 4617)


@pytest.mark.parametrize("answer", [
    3187 / 4617,
    round(3187 / 4617, 3),  # three decimals are enough
    np.float64(0.6903),
    float(ch01.sample_funnel().loc["repeat_buyer", "conversion"]),  # read from the funnel
])
def test_repeat_conversion_accepts_rounded_and_funnel_answers(answer):
    assert check("01.repeat_conversion", answer)


@pytest.mark.parametrize(("answer", "says"), [
    (4617 / 3187, "upside down"),
    (1 - 3187 / 4617, "did not come back"),
    (3187 / 5000, "all registered customers"),
    ((PER_CUSTOMER == 2).sum() / 4617, "exactly two orders"),
    ((PER_CUSTOMER > 2).sum() / 4617, "three orders or more"),
    ((3187 - 688) / 4617, "*or higher*"),
    (3187 / 38990, "share of the top rung"),
    (69.03, "looks like a percentage"),
    (0.5, "too low"),
])
def test_repeat_conversion_names_each_mistake(answer, says):
    assert says in _detail("01.repeat_conversion", answer)


# --------------------------------------------------------------------------- 3 largest loss


def test_largest_loss_is_the_loyal_rung():
    funnel = ch01.sample_funnel()
    counts = funnel["count"]
    losses = {"repeat_buyer": counts["first_time_buyer"] - counts["repeat_buyer"],
              "loyal_customer": counts["repeat_buyer"] - counts["loyal_customer"],
              "member": counts["loyal_customer"] - counts["member"]}
    assert losses == {"repeat_buyer": 1430, "loyal_customer": 2499, "member": 253}
    assert solution("01.largest_loss") == "loyal_customer" == max(losses, key=losses.get)


@pytest.mark.parametrize("answer", ["loyal_customer", "Loyal customer", "loyal", "忠诚客户",
                                    " LOYAL-CUSTOMER "])
def test_largest_loss_accepts_any_name_of_the_rung(answer):
    assert check("01.largest_loss", answer)


@pytest.mark.parametrize(("answer", "says"), [
    ("repeat_buyer", "Name the rung they fail to reach"),
    ("advocate", "lies above member"),
    ("qualified_prospect", "starts at first-time buyers"),
    ("suspect", "starts at first-time buyers"),
    ("member", "253 customers fail to reach member"),
    ("first_time_buyer", "where the climb starts"),
    ("the big one", "Answer with a rung"),
])
def test_largest_loss_names_each_mistake(answer, says):
    assert says in _detail("01.largest_loss", answer)


# --------------------------------------------------------------------------- 4 the 4C


@pytest.mark.parametrize("answer", [
    {"product": "customer", "price": "cost", "place": "convenience",
     "promotion": "communication"},
    {"Product": "Customer needs", "PRICE": "cost", "place": "Convenience",
     "promotion": "Communications"},
    {"产品": "顾客", "价格": "成本", "渠道": "便利", "促销": "沟通"},
    {"promotion": "沟通", "place": "便利", "price": "成本", "product": "顾客价值"},  # seed 002
    pd.Series({"product": "consumer", "price": "cost", "place": "convenience",
               "promotion": "communication"}),
])
def test_four_c_accepts_both_languages_and_the_seeds_wordings(answer):
    assert check("01.four_c", answer)


@pytest.mark.parametrize(("answer", "says"), [
    ({"product": "customer", "price": "convenience", "place": "cost",
      "promotion": "communication"}, "Cost and convenience are swapped"),
    ({"product": "communication", "price": "cost", "place": "convenience",
      "promotion": "customer"}, "Customer and communication are swapped"),
    ({"customer": "product", "cost": "price", "convenience": "place",
      "communication": "promotion"}, "the other way round"),
    ({"product": "customer", "price": "cost", "place": "convenience"}, "missing"),
    ({"product": "customer", "price": "cost", "place": "convenience",
      "promotion": "consumption"}, "'consumption' is not one of the 4C"),
    ({"product": "customer", "price": "cost", "place": "cost",
      "promotion": "communication"}, "place becomes convenience"),
    (["customer", "cost", "convenience", "communication"], "Pair each P with its C"),
])
def test_four_c_names_each_mistake(answer, says):
    assert says in _detail("01.four_c", answer)


# --------------------------------------------------------------------------- 5 90后 members


def test_members_born_1990s_counts_registered_customers():
    by_hand = sum(1990 <= year <= 1999 and member for year, member in
                  zip(CUSTOMERS["birth_year"], CUSTOMERS["is_member"], strict=True))
    assert solution("01.members_born_1990s") == by_hand == 651
    assert check("01.members_born_1990s", np.int64(651))
    by_level = ((CUSTOMERS["birth_year"] // 10 == 199) & (CUSTOMERS["member_level"] != "none"))
    assert check("01.members_born_1990s", int(by_level.sum()))  # another valid route


@pytest.mark.parametrize(("rule", "says"), [
    (lambda y, m: y.between(1990, 1999), "keep only the members"),
    (lambda y, m: m, "keep only those born 1990 to 1999"),
    (lambda y, m: y.between(1990, 2000) & m, "2000 belongs to the 00后"),
    (lambda y, m: (y > 1990) & (y < 2000) & m, "1990 is a 90后 year too"),
    (lambda y, m: (y > 1990) & (y <= 2000) & m, "shifted by a year"),
])
def test_members_born_1990s_names_each_mistake(rule, says):
    answer = int(rule(CUSTOMERS["birth_year"], CUSTOMERS["is_member"]).sum())
    assert says in _detail("01.members_born_1990s", answer)


def test_members_born_1990s_spots_buyers_only_and_shares():
    buyers = CUSTOMERS[CUSTOMERS["customer_id"].isin(ORDERS["customer_id"])]
    only_buyers = int((buyers["birth_year"].between(1990, 1999) & buyers["is_member"]).sum())
    assert only_buyers != 651
    assert "not only those who bought" in _detail("01.members_born_1990s", only_buyers)
    assert "not a share" in _detail("01.members_born_1990s", 651 / len(CUSTOMERS))
    assert "not a share" in _detail("01.members_born_1990s", 651 / 1288)


# --------------------------------------------------------------------------- 6 best lever


def test_best_lever_is_the_lowest_rate_above_member():
    funnel = ch01.sample_funnel()
    rates = funnel["conversion"].loc["qualified_prospect":"member"]
    members = funnel.loc["member", "count"]
    by_hand = {stage: members * 0.05 / rate for stage, rate in rates.items()}
    assert solution("01.best_lever") == min(rates.index, key=rates.get) == max(
        by_hand, key=by_hand.get) == "qualified_prospect"
    assert ch01.lever_gains()["qualified_prospect"] == pytest.approx(
        by_hand["qualified_prospect"])
    assert check("01.best_lever", "qualified prospect")
    assert check("01.best_lever", "合格预期顾客")
    assert check("01.best_lever", "prospect")


@pytest.mark.parametrize(("answer", "says"), [
    ("loyal_customer", "5 points matter most where the rate is lowest"),
    ("member", "raise it by only"),
    ("first_time_buyer", "Its rate is already 92%"),
    ("advocate", "adds no members"),
    ("suspect", "no conversion rate to raise"),
    ("all of them", "Answer with a rung"),
])
def test_best_lever_names_each_mistake(answer, says):
    assert says in _detail("01.best_lever", answer)


def test_best_lever_in_chinese():
    ck.set_language("zh")
    assert "转化率越低" in _detail("01.best_lever", "忠诚客户")
