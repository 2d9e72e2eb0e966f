"""The self-check quizzes: the bank model (crmkit.quizbank), its form, the banks in data/quiz/."""

import html
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError, i18n
from crmkit.quizbank import Quiz, Score, banks, quiz

CHAPTERS = banks()
HANZI = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[1]


def _right(question):
    """The key of a question, in the form q.answer takes."""
    key = question.answer
    return sorted(key) if isinstance(key, frozenset) else key


def _wrong(question):
    """A response that is not the key: another key, one key too few/many, or not the boolean."""
    if question.kind == "truefalse":
        return not question.answer
    if question.kind == "single":
        return next(k for k in question.choices if k != question.answer)
    keys = sorted(question.answer)
    others = [k for k in question.choices if k not in question.answer]
    return keys + others[:1] if others else keys[:-1]


# --------------------------------------------------------------------------- the banks


def test_the_expected_banks_exist():
    assert {"00", "01", "03", "04"} <= set(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_bank_loads_and_shows_in_both_languages(chapter, language):
    ck.set_language(language)
    q = quiz(chapter)
    assert q.chapter == chapter
    assert 5 <= len(q.questions) == len(set(q.questions))
    kinds = {q.question(i).kind for i in q.questions}
    box = q.widget()
    shown = " ".join(getattr(child, "value", "") for child in box.children
                     if isinstance(getattr(child, "value", None), str))
    for qid in q.questions:
        question = q.question(qid)
        assert question.text[language] in html.unescape(shown)
        feedback = q.answer(qid, _right(question))
        assert feedback.correct and question.explain[language] in str(feedback)
    if language == "zh":
        assert all(HANZI.search(q.question(i).text["zh"]) for i in q.questions)
    assert len(kinds) >= 2, f"ch{chapter}: mix the kinds of question"


def test_ch04_bank_covers_the_seed_facts():
    q = quiz("04")
    assert len(q.questions) >= 12
    assert {q.question(i).kind for i in q.questions} == {"single", "multiple", "truefalse"}
    # seed 000 chapter tests: RFM letters and own-situation scoring are true;
    # the value a customer brings is all four; high current + potential = VIP type
    assert q.answer("rfm-letters", True) and q.answer("rfm-own-situation", True)
    value = q.question("value-to-firm")
    assert {value.choices[k]["zh"] for k in value.answer} == {"成本优势", "品牌优势", "口碑",
                                                              "市场价值"}
    # the value matrix is chapter 03's: its question lives in the chapter 03 bank
    assert "vip-type" not in q.questions
    vip = quiz("03").question("vip-type")
    assert "贵宾型" in vip.choices[vip.answer]["zh"]
    # seed 002: the computer buyers (185,000 vs 45,000), without the answer inside a choice
    clv = q.question("clv-computers")
    assert "45,000" in clv.text["en"] and "185,000" in clv.explain["en"]
    assert not any(figure in choice[lang] for choice in clv.choices.values()
                   for lang in ("en", "zh") for figure in ("185,000", "45,000"))
    # questions that need a small calculation, with the course's formulas
    calc = {"delivered-value-calc": "100 yuan", "acquisition-cost-calc": f"{60_000 / 400:.0f} yuan",
            "clv-three-years": f"{ck.clv(100, 0.5, 0.0, periods=3):.0f} yuan"}
    for qid, right in calc.items():
        question = q.question(qid)
        assert question.choices[question.answer]["en"] == right, qid
    ratio = q.question("accumulation-ratio")
    assert ratio.choices[ratio.answer]["en"] == f"{150 / 50:.2f}"
    assert q.question("accumulation-gap").answer is False  # 99 vs 101: the gap is 2
    # seed 003: hygiene values are comfort, safety, convenience
    hygiene = q.question("hygiene-values")
    assert {hygiene.choices[k]["en"] for k in hygiene.answer} == {"Comfort", "Safety",
                                                                 "Convenience"}
    recency = q.question("rfm-recency-score")  # R = 5 goes to the most recent buyer
    assert recency.choices[recency.answer]["en"] == "The one who last bought 3 days ago"


def test_ch01_bank_holds_the_online_course_chapter_1_test():
    q = quiz("01")
    assert len(q.questions) >= 10
    assert {q.question(i).kind for i in q.questions} == {"single", "multiple", "truefalse"}
    # 智慧树《企业与客户那些事儿》 chapter 1: 86%; member cards (all four); long-term
    # relationships (all four); 90后 trust ads less (true); Extra's micro-films (true)
    nielsen = q.question("nielsen-86")
    assert nielsen.choices[nielsen.answer]["en"] == "86%"
    cards = q.question("member-card-benefits")
    assert {cards.choices[k]["zh"] for k in cards.answer} == {
        "积分返现", "会员专属价格", "积分送礼", "会员专属折扣"}
    long_term = q.question("long-term-benefits")
    assert {long_term.choices[k]["zh"] for k in long_term.answer} == {
        "更好地了解客户", "更好地与客户展开互动", "更好地满足客户", "提升自身的业绩"}
    assert q.answer("ads-90s", True) and q.answer("extra-insight", True)
    assert q.answer("wang-key", True)  # chapter 3's item on the chapter-1 case
    # the calculations: 500 / 2,000; 10,000 x .1 x .5 x .4; a 50% -> 55% rate scales by 1.1
    conversion = q.question("conversion-calc")
    assert conversion.choices[conversion.answer]["en"] == f"{500 / 2000:.0%}"
    chain = q.question("chain-calc")
    assert chain.choices[chain.answer]["en"] == f"{10_000 * 0.1 * 0.5 * 0.4:,.0f}"
    lift = q.question("lift-calc")
    assert lift.choices[lift.answer]["en"] == f"By {0.55 / 0.50 - 1:.0%}"
    face = q.question("face-without-name")
    assert face.choices[face.answer]["zh"] == "顾客"


# --------------------------------------------------------------------------- driving from code


def test_ch03_bank_covers_the_course_and_its_calculations():
    q = quiz("03")
    assert len(q.questions) >= 10
    # the online course's chapter-test items: VIP type and ABC's simplicity
    assert q.answer("vip-type", "b") and q.answer("abc-simple", True)
    # calculations, checked with the chapter's own functions
    five = pd.DataFrame({"customer_id": list("abcde"), "revenue": [800.0, 100, 50, 30, 20]})
    a_class = int((ck.abc_classes(five)["abc_class"] == "A").sum())
    abc = q.question("abc-calc")
    assert abc.choices[abc.answer]["en"] == str(a_class) == "1"
    pyramid = q.question("pyramid-calc")
    key = round(2000 * sum(t[1] for t in ck.PYRAMID_TIERS[:2]))
    assert pyramid.choices[pyramid.answer]["en"] == f"{key:,}" == "400"
    net = q.question("net-value-calc")
    calls = pd.DataFrame({"customer_id": ["x"] * 20, "cost": [12.0] * 20})
    order = pd.DataFrame({"customer_id": ["x", "x"], "revenue": [400.0, 100.0],
                          "cost": [140.0, 60.0], "discount": [0.0, 0.0],
                          "returned": [False, True], "unpaid": [False, False]})
    value = ck.cost_to_serve(order, calls)["net_value"].iloc[0]  # margin 260 + 40 = 300
    assert net.choices[net.answer]["en"] == f"{value:.0f} yuan" == "10 yuan"
    # the firing cases with the course's facts
    assert "1,000" in q.question("sprint-nextel").text["en"]
    assert set(q.question("txu-tough-love").answer) == {"a", "b"}
    assert "5,000" in q.question("citibank-shanghai").text["en"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_all_right_is_full_marks_and_one_wrong_is_one_less(chapter):
    q = quiz(chapter)
    total = len(q.questions)
    assert q.score() == Score(0, total)
    for qid in q.questions:
        q.answer(qid, _right(q.question(qid)))
    assert q.score() == Score(total, total)
    for qid in q.questions:  # each single wrong answer costs exactly one point
        feedback = q.answer(qid, _wrong(q.question(qid)))
        assert not feedback and feedback.answered
        assert q.score() == Score(total - 1, total)
        q.answer(qid, _right(q.question(qid)))
    q.reset()
    assert q.score().correct == 0


def test_score_reads_well():
    q = quiz("00")
    q.answer("run-cell", "b")
    assert repr(q.score()) == f"Score(correct=1, total={len(q.questions)})"
    assert str(q.score()) == f"1 / {len(q.questions)}"
    assert "1 answered" in repr(q)


def test_answers_accept_case_and_lists_and_refuse_nonsense():
    q = quiz("00")
    assert q.answer("run-cell", "B").correct
    assert q.answer("run-cell", ["b"]).correct
    assert q.answer("check-feedback", ("c", "a", "b")).correct
    assert not q.answer("check-feedback", ["a", "b"]).correct  # a subset is not the key
    assert q.answer("crmdataerror", False).correct
    assert q.answer("crmdataerror", np.False_).correct  # e.g. a comparison's result
    with pytest.raises(CRMDataError, match=r"no choice 'z'.*'a', 'b', 'c', 'd'"):
        q.answer("run-cell", "z")
    with pytest.raises(CRMDataError, match="exactly one choice"):
        q.answer("run-cell", ["a", "b"])
    with pytest.raises(CRMDataError, match="True or False"):
        q.answer("crmdataerror", "maybe")
    with pytest.raises(CRMDataError, match="no question 'nope'.*run-cell"):
        q.answer("nope", "a")


def test_feedback_follows_the_language():
    q = quiz("00")
    q.answer("crmdataerror", True)  # the wrong answer
    question = q.question("crmdataerror")
    english = q.feedback("crmdataerror")
    assert not english.correct and question.explain["en"] in english.message
    assert i18n.label("ui.false", "en") in english.right_answer
    ck.set_language("zh")
    chinese = q.feedback("crmdataerror")
    assert question.explain["zh"] in chinese.message
    assert chinese.right_answer == "错" and HANZI.search(chinese.message)
    unanswered = q.feedback("run-cell")
    assert not unanswered.answered and not unanswered.correct
    assert question.explain["zh"] not in unanswered.message


# --------------------------------------------------------------------------- the widget


def test_widget_check_button_scores_and_explains():
    import ipywidgets as w

    q = quiz("00")
    box = q.widget()
    assert isinstance(box, w.VBox) and isinstance(box.check_button, w.Button)
    total = len(q.questions)
    assert f"0 / {total}" in box.score_label.value
    box.inputs["run-cell"].value = "b"  # right
    box.inputs["crmdataerror"].value = True  # wrong
    for checkbox in box.inputs["check-feedback"].children:  # tick a, b and c: right
        checkbox.value = checkbox.description[0] in "abc"
    box.check_button.click()
    assert f"2 / {total}" in box.score_label.value
    assert q.score() == Score(2, total)
    assert "✅" in box.feedback_labels["run-cell"].value
    assert "❌" in box.feedback_labels["crmdataerror"].value
    assert box.feedback_labels["fake-data"].value and "✅" not in box.feedback_labels[
        "fake-data"].value
    box.inputs["crmdataerror"].value = False  # correct it and check again
    box.check_button.click()
    assert f"3 / {total}" in box.score_label.value


def test_widget_in_chinese_and_prefilled_from_code():
    q = quiz("04")
    q.answer("clv-computers", "a")
    ck.set_language("zh")
    box = q.widget()
    assert box.check_button.description == i18n.label("ui.check", "zh")
    assert box.inputs["clv-computers"].value == "a"  # answers given from code show up
    assert any(q.question("clv-computers").text["zh"] in getattr(c, "value", "")
               for c in box.children if isinstance(getattr(c, "value", None), str))


def test_bare_quiz_displays_as_a_widget():
    bundle = ck.quiz("00")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("<Quiz chapter 00")


def test_ck_quiz_is_the_plain_function_of_the_bank_module():
    assert ck.quiz is quiz
    assert isinstance(ck.quiz("04"), Quiz)
    assert quiz("4").chapter == quiz("ch04").chapter == quiz(4).chapter == "04"
    # in a fresh interpreter, ck.quiz works without importing the module by hand
    script = "import crmkit as ck; print(ck.quiz('00').chapter, type(ck.quiz).__name__)"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         encoding="utf-8", check=False)
    assert run.stdout.split() == ["00", "function"], run.stderr[-500:]


# --------------------------------------------------------------------------- bad banks

GOOD = """\
chapter: "07"
questions:
  - id: first
    kind: single
    text: {en: "Pick a", zh: "选 a"}
    choices:
      a: {en: "A", zh: "甲"}
      b: {en: "B", zh: "乙"}
    answer: a
    explain: {en: "Because.", zh: "因为。"}
"""


def _bank(tmp_path, body, name="ch07.yaml"):
    """GOOD plus ``body``: more questions written from column 0."""
    path = tmp_path / name
    path.write_text(GOOD + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return path


def test_a_good_bank_from_a_path_loads(tmp_path):
    q = quiz(_bank(tmp_path, ""))
    assert q.questions == ["first"] and q.answer("first", "a").correct
    assert quiz(str(tmp_path / "ch07.yaml")).chapter == "07"


BAD_BANKS = {
    "duplicate id": ("""\
      - id: first
        kind: truefalse
        text: {en: "T", zh: "对"}
        answer: true
        explain: {en: "E", zh: "解"}
    """, "first", r"duplicate id 'first'.*question #1"),
    "single with two keys": ("""\
      - id: two-keys
        kind: single
        text: {en: "T", zh: "题"}
        choices: {a: {en: "A", zh: "甲"}, b: {en: "B", zh: "乙"}}
        answer: [a, b]
        explain: {en: "E", zh: "解"}
    """, "two-keys", r"exactly one key.*found 2 \(a, b\).*kind to multiple"),
    "key not a choice": ("""\
      - id: no-such-key
        kind: multiple
        text: {en: "T", zh: "题"}
        choices: {a: {en: "A", zh: "甲"}, b: {en: "B", zh: "乙"}}
        answer: [a, c]
        explain: {en: "E", zh: "解"}
    """, "no-such-key", r"answer key 'c' is not a choice; the choices are a, b"),
    "missing translation in text": ("""\
      - id: no-zh
        kind: truefalse
        text: {en: "T"}
        answer: false
        explain: {en: "E", zh: "解"}
    """, "no-zh", r"text has no Chinese \(zh\) translation"),
    "missing translation in a choice": ("""\
      - id: choice-no-en
        kind: single
        text: {en: "T", zh: "题"}
        choices: {a: {zh: "甲"}, b: {en: "B", zh: "乙"}}
        answer: b
        explain: {en: "E", zh: "解"}
    """, "choice-no-en", r"choice a has no English \(en\) translation"),
    "empty translation": ("""\
      - id: empty-zh
        kind: truefalse
        text: {en: "T", zh: "题"}
        answer: true
        explain: {en: "E", zh: "  "}
    """, "empty-zh", r"explain has no Chinese \(zh\) translation"),
    "unknown kind": ("""\
      - id: odd-kind
        kind: essay
        text: {en: "T", zh: "题"}
        answer: a
        explain: {en: "E", zh: "解"}
    """, "odd-kind", r"kind 'essay'; expected kind to be one of single, multiple, truefalse"),
    "missing field": ("""\
      - id: no-explain
        kind: truefalse
        text: {en: "T", zh: "题"}
        answer: true
    """, "no-explain", r"missing field explain"),
    "misspelt field": ("""\
      - id: typo
        kind: truefalse
        text: {en: "T", zh: "题"}
        answer: true
        explain: {en: "E", zh: "解"}
        explanation: {en: "E", zh: "解"}
    """, "typo", r"unknown field 'explanation'"),
    "truefalse with choices": ("""\
      - id: tf-choices
        kind: truefalse
        text: {en: "T", zh: "题"}
        choices: {a: {en: "A", zh: "甲"}, b: {en: "B", zh: "乙"}}
        answer: true
        explain: {en: "E", zh: "解"}
    """, "tf-choices", r"unknown field 'choices'.*remove the choices"),
    "truefalse answered in quotes": ("""\
      - id: tf-quoted
        kind: truefalse
        text: {en: "T", zh: "题"}
        answer: "true"
        explain: {en: "E", zh: "解"}
    """, "tf-quoted", r"must be true or false, found str 'true'"),
    "yes as a key": ("""\
      - id: yes-key
        kind: single
        text: {en: "T", zh: "题"}
        choices: {yes: {en: "Y", zh: "是"}, b: {en: "B", zh: "乙"}}
        answer: b
        explain: {en: "E", zh: "解"}
    """, "yes-key", r"choice key True.*quotes"),
    "key given twice": ("""\
      - id: twice
        kind: truefalse
        text: {en: "T", zh: "题"}
        answer: true
        answer: false
        explain: {en: "E", zh: "解"}
    """, "twice", r"not valid YAML at line 15.*'answer' twice.*keep one"),
    "YAML syntax error": ("""\
      - id: broken
        kind: single
        text: {en: "T", zh: "题"
        answer: a
    """, "broken", r"not valid YAML at line \d+, column \d+"),
}


@pytest.mark.parametrize("case", BAD_BANKS, ids=list(BAD_BANKS))
def test_a_malformed_bank_names_file_question_and_fix(tmp_path, case):
    body, question_id, pattern = BAD_BANKS[case]
    path = _bank(tmp_path, body)
    with pytest.raises(CRMDataError) as caught:
        quiz(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"'{question_id}'" in message
    assert re.search(pattern, message, re.S), message
    assert "Fix:" in message


def test_several_problems_are_listed_together(tmp_path):
    path = _bank(tmp_path, """\
      - id: essay
        kind: essay
      - id: first
        kind: truefalse
    """)
    with pytest.raises(CRMDataError, match=r"has 2 problems:\n  - ") as caught:
        quiz(path)
    message = str(caught.value)
    assert "question 'essay' (#2): found kind 'essay'" in message
    assert "question 'first' (#3): duplicate id 'first'" in message


@pytest.mark.parametrize("text, pattern", [
    ("- just a list\n", r"expected a mapping with chapter: and questions:"),
    ('chapter: "07"\nquestions: []\n', r"questions must be a non-empty list"),
    ('chapter: "05"\nquestions:\n  - {}\n', r"named for chapter 07 but says chapter: \"05\""),
    ('chapter: seven\nquestions: []\n', r"chapter must be a two-digit code"),
    ('chapter: "07"\nquiz: x\nquestions: []\n', r"unknown field 'quiz'"),
])
def test_malformed_top_level(tmp_path, text, pattern):
    path = tmp_path / "ch07.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CRMDataError, match=pattern) as caught:
        quiz(path)
    assert str(path) in str(caught.value)


def test_unknown_chapter_lists_the_banks():
    with pytest.raises(CRMDataError) as caught:
        ck.quiz("12")
    message = str(caught.value)
    assert "no quiz bank for chapter 12" in message
    assert all(chapter in message for chapter in CHAPTERS)
    with pytest.raises(CRMDataError, match="expected a chapter number"):
        ck.quiz("customer value")
    with pytest.raises(CRMDataError, match="does not exist"):
        quiz("/no/such/bank.yaml")


def test_banks_come_from_the_workbook_whatever_crmkit_data_says(tmp_path, monkeypatch):
    # The banks belong to the library: an instructor's data folder (CRMKIT_DATA) holds
    # sample data, and a bank of their own is read from its path.
    (tmp_path / "quiz").mkdir()
    own = _bank(tmp_path / "quiz", "", name="ch04.yaml")
    own.write_text(own.read_text(encoding="utf-8").replace('"07"', '"04"'), encoding="utf-8")
    monkeypatch.setenv("CRMKIT_DATA", str(tmp_path))
    workbook = sorted(p.stem[2:] for p in (ROOT / "data" / "quiz").glob("ch*.yaml"))
    assert banks() == CHAPTERS == workbook
    assert ck.quiz("4").questions != ["first"] and len(ck.quiz("4").questions) >= 10
    assert ck.quiz(own).questions == ["first"]
