"""The checker toolkit (crmkit.exercises.toolkit) and what every chapter's checkers get from it.

* unit tests of the toolkit: reading a number, the closeness rule, the rounding policy,
  the sentence joiner and lists in both languages, graded hints, Mistake;
* the engine's use of it on a toy exercise (prepare, kind/decimals, alternatives,
  mistakes and their order);
* **every registered exercise that declares mistakes**: each predicted mistake, run in
  English and in Chinese, is not accepted, its feedback names it, and the Chinese
  feedback reads as Chinese (no "。 ", no half-width punctuation next to a Chinese
  character: scripts/zh_lint.py); each declared alternative right answer passes;
* the migration: an exercise on the toolkit declares its kind of number, graded hints
  and its mistakes; :data:`LEGACY` lists those not migrated yet (and fails once one is).
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError, i18n
from crmkit.exercises import (
    KINDS,
    Mistake,
    check,
    close,
    difference,
    engine,
    exercise,
    graded_hints,
    hint,
    join,
    listing,
    number,
    registered,
    rounding,
    solution,
)

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("zh_lint", ROOT / "scripts" / "zh_lint.py")
zh_lint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zh_lint)

TEXT = {"en": "t", "zh": "题"}
HINTS = graded_hints(("A nudge.", "提示。"), ("The method.", "方法。"))


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


# --------------------------------------------------------------------------- reading a number


@pytest.mark.parametrize("answer, value", [
    (7, 7.0), (0.42, 0.42), (np.int64(7), 7.0), (np.float32(0.5), 0.5), (np.array(0.5), 0.5),
    (np.array(3), 3.0), (Decimal("0.42"), 0.42), (Fraction(1, 4), 0.25), (-2, -2.0),
])
def test_numbers_are_read(answer, value):
    assert number(answer) == value


@pytest.mark.parametrize("answer", [
    True, False, np.bool_(True), "0.42", "7", " 7 ", None, pd.NA, [0.42], (0.42,),
    np.array([0.42]), pd.Series([0.42]), pd.DataFrame({"a": [1]}), 1 + 2j, {"a": 1},
])
def test_what_is_not_a_number(answer):
    assert number(answer) is None


def test_nan_and_infinity_are_numbers_wrong_ones():
    assert math.isnan(number(float("nan"))) and number(np.inf) == math.inf
    assert difference(0.5, float("nan")) == "nan is not the expected answer."


def test_one_closeness_rule():
    assert close(671.30004, 671.3) and not close(671.4, 671.3)
    assert close(1e-10, 0.0) and not close(1e-6, 0.0)
    assert close(0.5, 0.5 * (1 + 9e-5)) and not close(0.5, 0.5 * (1 + 2e-4))
    assert not close(float("nan"), float("nan"))
    assert close(0.57, 0.566, rtol=0.01)


def test_text_and_one_value_containers_are_told_how_to_become_numbers():
    assert difference(0.42, "0.42").endswith(
        "Write numbers without quotes (0.42, not '0.42'); float(text) turns a text into a "
        "number.")
    assert difference(0.42, "high") == "Expected a number, got a text 'high'."
    assert difference(0.42, [0.42]).endswith("take the number out with [0].")
    assert difference(0.42, np.array([0.42])).endswith("take the number out with .item().")
    assert difference(0.42, pd.Series([0.4, 0.5])) == "Expected a number, got a Series."
    assert difference(0.42, np.array(0.42)) is None and difference(7, Decimal(7)) is None
    assert difference(1, True) == "Expected a number, got True."
    with i18n.using("zh"):
        assert "数值不加引号（写 0.42，而不是 '0.42'）" in difference(0.42, "0.42")
        assert "用 .item() 取出这个数" in difference(0.42, pd.Series([0.42]))


# --------------------------------------------------------------------------- rounding policy

TOP = 0.5659798764153927  # 03.top_share
CLAIM = 1.634255010048804  # 05.promotion_claim (yuan)


@pytest.mark.parametrize("expected, answer, decimals, verdict", [
    (37.6321599822741, 38, 0, "kept"),  # c02.churn_value in whole yuan
    (TOP, 0.57, 2, "kept"), (TOP, 0.566, 2, "kept"), (TOP, 0.5660, 2, "kept"),
    (TOP, 0.6, 2, "short"),  # one decimal where two are asked
    (TOP, 0.56, 2, None),  # cut off, not rounded
    (TOP, 0.574, 2, None),  # three decimals, and not 0.566
    (TOP, 1, 2, None), (TOP, 0, 2, None),  # a whole share is not a rounded 0.57
    (0.69, 1, 2, None), (0.69, 0.7, 2, "short"),  # a rounding keeps the first digit
    (0.0049, 0.005, 3, "kept"), (0.0049, 0.01, 3, None), (0.0, 0.0, 2, "kept"),
    (TOP, 57, 2, None),  # a percentage is not a rounding (difference names it)
    (CLAIM, 2, 0, "kept"), (CLAIM, 2, 1, "short"), (CLAIM, 1.6, 1, "kept"),
    (CLAIM, 1.63, 2, "kept"), (CLAIM, 1.64, 2, None),
    (-CLAIM, -2, 0, "kept"), (-CLAIM, 2, 0, None),
    (0.4957, 0.5, 2, "kept"),  # 0.50 written without its trailing 0
    (0.125, 0.13, 2, "kept"), (0.125, 0.12, 2, "kept"),  # a tie rounded either way
    (0.25, 0.3, 2, "short"), (0.25, 0.2, 2, "short"),
    (671.3, 671, 2, "short"), (671.3, 671.3, 2, "kept"),
    (0.024, 0.02, 3, "short"), (0.024, 0.024, 3, "kept"),
    (25249.5, 25250, 0, "kept"), (25249.5, 25249, 0, "kept"), (25249.5, 25248, 0, None),
    (TOP, 0.56597988, 2, None),  # not rounded: close() judges it
    (0.5, float("nan"), 2, None),
])
def test_the_rounding_policy(expected, answer, decimals, verdict):
    assert rounding(expected, answer, decimals) == verdict


def test_kinds_say_how_a_reader_writes_a_number():
    assert KINDS == {"money": 0, "count": 0, "rate": 2, "share": 2, "ratio": 2}


def test_rounded_numbers_pass_or_are_told_to_keep_decimals():
    assert difference(TOP, 0.57) == "Your number 0.57 is too high."  # no policy declared
    assert difference(TOP, 0.57, decimals=2) is None
    assert difference(TOP, 0.6, decimals=2) == (
        "0.6 is the right answer rounded to fewer decimals than the task asks: keep 2 decimals.")
    assert difference(TOP, 0.7, decimals=2) == "Your number 0.7 is too high."
    assert difference(TOP, 57, decimals=2) == (
        "57 looks like a percentage: give the fraction instead (0.25, not 25).")
    assert difference(TOP, 56.6, decimals=2).startswith("56.6 looks like a percentage")
    assert difference(37.6321599822741, 38, decimals=0) is None
    assert difference(37.6321599822741, 38.5, decimals=0) == "Your number 38.5 is too high."
    with i18n.using("zh"):
        assert difference(TOP, 0.6, decimals=2) == (
            "0.6 是正确答案四舍五入后的值，但保留的小数位数比题目要求的少：请保留 2 位小数。")


def test_the_rounding_policy_holds_for_series_and_frames():
    rates = pd.Series([0.255814, 0.453782, 0.2, 0.421875], index=["R01", "R02", "R03", "R04"],
                      name="churn_rate")
    assert difference(rates, rates.round(2), decimals=2) is None
    assert difference(rates, rates.round(3), decimals=2) is None
    assert difference(rates, rates.round(2)) is not None  # no policy declared
    assert difference(rates, rates.round(1), decimals=2) == (
        "The values are right but rounded to fewer decimals than the task asks (e.g. row R01: "
        "churn_rate = 0.3): keep 2 decimals.")
    wrong = rates.round(2).copy()
    wrong["R04"] = 0.5
    assert difference(rates, wrong, decimals=2) == (
        "Wrong values in 1 row(s) (column churn_rate), e.g. row R04: expected churn_rate = "
        "0.4219, got 0.5.")
    frame = pd.DataFrame({"route": rates.index, "customers": [43, 119, 45, 64],
                          "churn_rate": rates.to_numpy()})
    rounded = frame.assign(churn_rate=frame["churn_rate"].round(2))
    assert difference(frame, rounded, keys=["route"], decimals=2) is None
    off_by_one = rounded.assign(customers=frame["customers"] + 1)
    assert "Wrong values in 4 row(s) (column customers)" in difference(
        frame, off_by_one, keys=["route"], decimals=2)


def test_numbers_given_as_text_in_a_column_are_text():
    rates = pd.Series([0.25, 0.5], name="rate")
    as_text = pd.Series(["0.25", "0.5"], dtype=object, name="rate")
    assert difference(rates, as_text) == "Column rate should hold numbers, but holds text."
    assert difference(rates, pd.Series([0.25, 0.5], dtype=object, name="rate")) is None


# --------------------------------------------------------------------------- sentences and lists


def test_join_writes_english_sentences():
    assert join("Your number 2 is too high.", "That is the gap") == (
        "Your number 2 is too high. That is the gap.")
    assert join("  One.  ", "", None, "Two (see .loc[6])") == "One. Two (see .loc[6])."
    assert join("Use .mean()", "'a' or \"b\".") == "Use .mean(). 'a' or \"b\"."
    assert join("Is it?", "Yes!", "(Run it again.)") == "Is it? Yes! (Run it again.)"
    assert join() == "" and join("", None) == ""


def test_join_writes_chinese_sentences():
    with i18n.using("zh"):
        joined = join("你的数值 703 偏小。", "这是新订户的数量，不是停订的数量。")
        assert joined == "你的数值 703 偏小。这是新订户的数量，不是停订的数量。"
        assert join("这是整条曲线", "请取 .loc[6]") == "这是整条曲线。请取 .loc[6]。"
        assert join("请看（例如 0.25）", "（再运行一次。）") == (
            "请看（例如 0.25）。（再运行一次。）")
        assert join("对吗？", "对！", "“完成。”") == "对吗？对！“完成。”"
        for text in (joined, join("偏大。", "This part is English.", "下一句")):
            assert "。 " not in text and zh_lint.problems(text) == []


def test_listing_in_both_languages():
    assert listing(["C1", "C3"]) == "C1, C3"
    assert listing(["a", "b", "c", "d"], most=3) == "a, b, c, …"
    assert listing([("C1", 2025)]) == "C1, 2025"
    with i18n.using("zh"):
        assert listing(["重要客户", "次要客户"]) == "重要客户、次要客户"
        assert listing(["a", "b", "c", "d"], most=3) == "a、b、c、…"


def test_engine_lists_are_chinese_lists():
    frame = pd.DataFrame({"a": [1], "b": [2]})
    with i18n.using("zh"):
        assert difference(frame, frame[["a"]]) == "缺少列：b。"
        assert difference(frame, [1]) == "应为包含列 a、b 的 DataFrame，实际得到一个 list 对象。"
        assert difference({"重要", "次要"}, ["重要", "次要", "小", "普通"]).startswith(
            "这些不应出现：")
        assert "、" in difference({"重要", "次要"}, ["重要", "次要", "小", "普通"])


# --------------------------------------------------------------------------- hints and mistakes


def test_graded_hints_are_pairs():
    assert HINTS == [{"en": "A nudge.", "zh": "提示。"}, {"en": "The method.", "zh": "方法。"}]
    with pytest.raises(CRMDataError, match="two or more"):
        graded_hints(("Only one level.", "只有一级。"))
    with pytest.raises(CRMDataError, match=r"\(English, Chinese\) pairs"):
        graded_hints(("A nudge.", "提示。"), {"en": "The method.", "zh": "方法。"})
    with i18n.using("zh"), pytest.raises(CRMDataError, match="先提示思路"):
        graded_hints(("A nudge.", ""), ("The method.", "方法。"))


def test_a_mistake_is_declared_with_its_value_or_its_test():
    value = Mistake(1 / 0.75, en="Divides by r.", zh="除以了保持率。")
    assert value.text("en") == "Divides by r." and value.example_answer() == 1 / 0.75
    test = Mistake(when=lambda a: isinstance(a, str), example=lambda: "four", en="A text.",
                   zh="文本。")
    assert test.example_answer() == "four" and test.matches("x", None)
    assert not Mistake(when=lambda a: a.shape == (1,), example=1, en="e", zh="z").matches(
        7, None)  # a test that raises does not match
    with pytest.raises(CRMDataError, match="both languages"):
        Mistake(0.5, en="Only English.")
    with pytest.raises(CRMDataError, match="either the answer"):
        Mistake(en="Neither.", zh="都没有。")
    with pytest.raises(CRMDataError, match="either the answer"):
        Mistake(0.5, when=bool, example=1, en="Both.", zh="都有。")
    with pytest.raises(CRMDataError, match="needs example="):
        Mistake(when=bool, en="No example.", zh="没有例子。")


def test_exercise_refuses_options_it_cannot_use():
    for options, match in [({"kind": "percent"}, "kind must be one of money, count"),
                           ({"decimals": 2.5}, "decimals must be a whole number"),
                           ({"decimals": True}, "decimals must be a whole number"),
                           ({"mistakes": [(0.5, "en", "zh")]}, "mistakes must be a list of "
                                                                "Mistake"),
                           ({"alternatives": 0.5}, "alternatives must be a list"),
                           ({"prepare": "strip"}, "prepare must be a function")]:
        with pytest.raises(CRMDataError, match=match):
            exercise("99.bad", title=TEXT, hint=HINTS, **options)


def test_the_engine_applies_the_toolkit(monkeypatch):
    """A toy exercise: prepare, the rounding policy, alternatives and mistakes in order."""
    monkeypatch.setattr(engine, "_REGISTRY", dict(engine._REGISTRY))
    monkeypatch.setattr(engine, "_HINTS_SHOWN", {})
    calls = []

    def mistakes():
        calls.append(1)
        return [Mistake(when=lambda a: isinstance(a, list), example=[0.8],
                        en="Give one number, not a list.", zh="请给出一个数，而不是列表。"),
                Mistake(0.2, en="That is the churn rate.", zh="这是流失率。"),
                Mistake(0.2, en="Shadowed: never named.", zh="被遮住。")]

    @exercise("99.rate", title={"en": "A rate", "zh": "比率"}, hint=HINTS, kind="rate",
              prepare=lambda a: float(a.rstrip("%")) / 100 if isinstance(a, str) else a,
              alternatives=[0.75], mistakes=mistakes)
    def _rate():
        return 0.8

    ex = engine.get("99.rate")
    assert ex.decimals == 2 and ex.kind == "rate" and calls == []  # computed only when needed
    assert check("99.rate", 0.8) and check("99.rate", 0.80004) and check("99.rate", "80%")
    assert check("99.rate", 0.75)  # an alternative right answer
    assert not calls  # right answers never look at the mistakes
    assert check("99.rate", 0.3).detail == "Your number 0.3 is too low."
    assert check("99.rate", 0.2).detail == "Your number 0.2 is too low. That is the churn rate."
    assert check("99.rate", "20%").detail.endswith("That is the churn rate.")  # prepared
    assert check("99.rate", [0.8]).detail.endswith("Give one number, not a list.")
    assert check("99.rate", 80).detail.startswith("80 looks like a percentage")
    ck.set_language("zh")
    assert check("99.rate", 0.2).detail == "你的数值 0.2 偏小。这是流失率。"
    assert "。 " not in check("99.rate", [0.8]).message

    @exercise("99.money", title=TEXT, hint=HINTS, kind="money", decimals=2,
              mistakes=[Mistake(671.0, en="Whole yuan.", zh="整元。"),
                        Mistake(600.0, en="Too round.", zh="太整了。")])
    def _money():
        return 671.3

    ck.set_language("en")
    # a mistake that is also the answer rounded too far: the mistake is named, with what
    # differs (not "keep 2 decimals")
    assert check("99.money", 671).detail == "Your number 671 is too low. Whole yuan."
    assert check("99.money", 671.30).detail == ""
    assert check("99.money", 600).detail == "Your number 600 is too low. Too round."


def test_hints_are_graded_the_same_way_everywhere(monkeypatch, capsys):
    monkeypatch.setattr(engine, "_REGISTRY", dict(engine._REGISTRY))
    monkeypatch.setattr(engine, "_HINTS_SHOWN", {})
    exercise("99.one", title=TEXT, hint={"en": "Only this", "zh": "只有这一条"})(lambda: 1)
    exercise("99.two", title=TEXT, hint=HINTS)(lambda: 2)
    shown = []
    for exercise_id in ("99.one", "99.one", "99.two", "99.two", "99.two"):
        hint(exercise_id)
        shown.append(capsys.readouterr().out.strip())
    assert shown[0] == shown[1] == "💡 Hint · 99.one · t: Only this."
    assert shown[2] == ("💡 Hint 1 of 2 · 99.two · t: A nudge. "
                        "(Run the cell again for the next hint.)")
    assert shown[3] == shown[4] == "💡 Hint 2 of 2 · 99.two · t: The method."
    ck.set_language("zh")
    hint("99.one")
    assert capsys.readouterr().out.strip() == "💡 提示 · 99.one · 题：只有这一条。"


# --------------------------------------------------------------------------- every exercise


def _with_mistakes() -> list[str]:
    return [i for i in registered() if engine.get(i).predicted_mistakes()]


def test_chapter_06_declares_its_mistakes_on_the_toolkit():
    assert set(registered("06")) <= set(_with_mistakes())


@pytest.mark.parametrize("exercise_id", _with_mistakes())
def test_every_predicted_mistake_is_named_in_both_languages(exercise_id):
    found = engine.get(exercise_id)
    mistakes = found.predicted_mistakes()
    assert len(mistakes) >= 3, f"{exercise_id}: the standard is 3-5 predicted mistakes"
    for language in i18n.LANGUAGES:
        ck.set_language(language)
        details = []
        for mistake in mistakes:
            answer = mistake.example_answer()
            result = check(exercise_id, answer)
            text = mistake.text(language)
            assert not result, f"{exercise_id}: the mistake {text!r} is accepted"
            assert text in result.detail, (
                f"{exercise_id} ({language}): {text!r} is not named; the feedback is "
                f"{result.detail!r} (an earlier mistake of the list may match first)")
            if language == "zh":
                assert "。 " not in result.message, result.message
                assert zh_lint.problems(result.message) == [], result.message
            details.append(result.detail)
        assert len(set(details)) == len(details), f"{exercise_id}: two mistakes, one message"


@pytest.mark.parametrize("exercise_id", [i for i in registered()
                                         if engine.get(i).other_right_answers()])
def test_every_alternative_right_answer_passes(exercise_id):
    for language in i18n.LANGUAGES:
        ck.set_language(language)
        assert check(exercise_id, solution(exercise_id))
        for answer in engine.get(exercise_id).other_right_answers():
            result = check(exercise_id, answer)
            assert result, f"{exercise_id}: the right answer {answer!r} fails: {result.detail}"


# --------------------------------------------------------------------------- the migration

#: Exercises whose checkers still use their module's private helpers, not the toolkit
#: (issue 22): each migrated exercise is removed from here (the test below insists).
LEGACY = {
    "00.big_orders", "00.order_count", "00.total_revenue",
    "01.best_lever", "01.customer_or_client", "01.four_c", "01.largest_loss",
    "01.members_born_1990s", "01.repeat_conversion",
    "02.invalid_phones", "02.lead_score", "02.man_codes", "02.recall_threshold",
    "02.same_customer", "02.samples",
    "04.accumulation_row", "04.clv_retention", "04.computer_buyer", "04.hygiene_values",
    "04.rfm_champions", "04.winback_segment",
    "05.aida_stages", "05.channel_ranking", "05.cost_per_retained", "05.payback_month",
    "05.promotion_claim", "05.promotion_tools",
    "c01.collection", "c01.first_delivery", "c01.run_out", "c01.visits",
    "c04.below_zero", "c04.net_margin", "c04.prepay_fixable", "c04.profit_if_fired",
}

#: Modules that still define private copies of the toolkit (issue 22), and what gives them away.
LEGACY_MODULES = {"crmkit.exercises.ch00", "crmkit.exercises.ch01", "crmkit.exercises.ch02",
                  "crmkit.exercises.ch04",
                  "crmkit.cases.firing.exercises",
                  "crmkit.cases.rice_shop.exercises"}
PRIVATE_COPIES = re.compile(
    r"^def _(number|close|plus|and|joined|with_slips?|hint)\(|^_REPEAT_SLIPS\b"
    r"|\+ \" \" \+|_say\(\" \" \+|\" \" if i18n|\" \"\.join\(|\{found\} \{", re.M)


def _numeric(value) -> bool:
    if isinstance(value, pd.Series):
        return pd.api.types.is_numeric_dtype(value) and not pd.api.types.is_bool_dtype(value)
    return number(value) is not None


def _on_the_toolkit(exercise_id: str) -> list[str]:
    """What an exercise on the toolkit declares that this one does not (empty: all of it)."""
    found = engine.get(exercise_id)
    missing = []
    if len(found.hints) < 2:
        missing.append("graded hints (graded_hints)")
    if len(found.predicted_mistakes()) < 3:
        missing.append("its 3-5 predicted mistakes (mistakes=)")
    if _numeric(solution(exercise_id)) and found.decimals is None:
        missing.append("its kind of number (kind= or decimals=)")
    return missing


@pytest.mark.parametrize("exercise_id", registered())
def test_every_exercise_is_on_the_toolkit(exercise_id):
    missing = _on_the_toolkit(exercise_id)
    if exercise_id in LEGACY:
        assert missing, f"{exercise_id} is on the toolkit now: remove it from LEGACY"
    else:
        assert not missing, f"{exercise_id} declares no {', '.join(missing)}"


@pytest.mark.parametrize("module", sorted(engine._modules().values()))
def test_no_checker_module_keeps_a_private_copy_of_the_toolkit(module):
    source = Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
    copies = sorted({m.group(0) for m in PRIVATE_COPIES.finditer(source)})
    if module in LEGACY_MODULES:
        assert copies, f"{module} is on the toolkit now: remove it from LEGACY_MODULES"
    else:
        assert not copies, f"{module} keeps private copies of the toolkit: {copies}"
