"""The exercise checker engine (crmkit.exercises): every checker, every comparison rule."""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.exercises import check, difference, engine, exercise, hint, registered, solution
from crmkit.exercises.ch00 import sample_orders

TEXT = {"en": "t", "zh": "题"}


def _perturb(value, keys=()):
    """A systematically wrong version of a right answer."""
    if isinstance(value, (bool, np.bool_)):
        return not value
    if isinstance(value, (int, float, np.integer, np.floating)):
        return value * 1.1 + 1
    if isinstance(value, str):
        return value + " and more"
    if isinstance(value, pd.Timestamp):
        return value + pd.Timedelta(days=1)
    if isinstance(value, (set, frozenset)):
        return set(value) | {"an extra item"}
    if isinstance(value, tuple):  # a pair or triple given as one answer: every number moves
        return tuple(_perturb(v) if isinstance(v, (int, float, np.integer, np.floating))
                     and not isinstance(v, bool) else v for v in value)
    if isinstance(value, (list, tuple)):
        return [*value, "an extra item"]
    if isinstance(value, dict):
        first = next(iter(value))
        return {**value, first: _perturb(value[first])}
    if isinstance(value, pd.Series):
        wrong = value.copy()
        wrong.iloc[0] = _perturb(wrong.iloc[0])
        return wrong
    if isinstance(value, pd.DataFrame):
        wrong = value.copy()
        column = [c for c in wrong.columns if c not in keys][-1]
        cells = wrong[column].tolist()
        cells[0] = _perturb(cells[0])
        wrong[column] = cells
        return wrong
    raise AssertionError(f"no perturbation for {type(value).__name__}: extend _perturb")


SPECIFIC = {  # what the message must say for each kind of wrong answer
    bool: "is not the expected answer",
    float: "too high",
    int: "too high",
    str: "is not the expected answer",
    list: "should not be there",
    dict: "not right yet",
    pd.Series: "Wrong values in 1 row(s)",
    pd.DataFrame: "Wrong values in 1 row(s)",
    tuple: "",  # an answer of several parts: its checker's own tests hold the messages
}


def test_registry_lists_the_chapter_00_exercises():
    assert registered("00") == ["00.big_orders", "00.order_count", "00.total_revenue"]
    assert set(registered("00")) <= set(registered())
    assert all(engine._ID.fullmatch(i) for i in registered())


@pytest.mark.parametrize("exercise_id", registered())
def test_every_checker_accepts_its_solution_and_rejects_a_wrong_answer(exercise_id, capsys):
    right = solution(exercise_id)
    result = check(exercise_id, right)
    assert result and result.passed and result.detail == ""
    assert capsys.readouterr().out.strip() == result.message and result.message.startswith("✅")
    wrong = _perturb(solution(exercise_id), engine.get(exercise_id).keys or ())
    result = check(exercise_id, wrong)
    assert not result and result.message.startswith("❌")
    kind = next(k for k in SPECIFIC if isinstance(right, k) and not (
        k is int and isinstance(right, bool)))
    said = SPECIFIC[kind]
    if kind in (int, float) and wrong < right:  # a negative answer moves down
        said = "too low"
    assert said in result.detail, result.detail
    assert f'ck.hint("{exercise_id}")' in result.message
    assert check(exercise_id, ...).detail.startswith("No answer yet")


def test_chapter_00_answers_match_the_six_orders():
    orders = sample_orders()
    assert solution("00.order_count") == 6
    assert solution("00.total_revenue") == pytest.approx(128 + 45.5 + 89.9 + 256 + 39.9 + 112)
    assert solution("00.big_orders")["order_id"].tolist() == ["O0000001", "O0000004",
                                                              "O0000006"]
    assert check("00.total_revenue", round(orders["revenue"].sum(), 2))  # rounding is fine
    big = orders[orders["revenue"] >= 100]
    assert check("00.big_orders", big.reset_index(drop=True))  # rows matched by order_id
    assert check("00.big_orders", big.set_index("order_id"))  # the key as the index
    assert check("00.big_orders", big.iloc[::-1])  # row order does not matter
    too_many = check("00.big_orders", orders[orders["revenue"] > 80])
    assert "1 row(s) should not be there, e.g. O0000003" in too_many.detail


def test_unknown_ids_list_what_exists():
    with pytest.raises(CRMDataError) as caught:
        check("00.order_cnt", 6)
    message = str(caught.value)
    assert "there is no exercise '00.order_cnt'" in message
    assert "Did you mean '00.order_count'?" in message
    assert "00.big_orders, 00.order_count, 00.total_revenue" in message
    with pytest.raises(CRMDataError, match=r"chapter 42 has no exercises.*with exercises: 00"):
        hint("42.anything")
    with pytest.raises(CRMDataError, match=r"expected an exercise id like .*found 'rfm'"):
        solution("rfm")


def test_hint_and_messages_follow_the_language(capsys):
    hint("00.total_revenue")
    assert ".sum()" in capsys.readouterr().out
    ck.set_language("zh")
    hint("00.total_revenue")
    assert "求和" in capsys.readouterr().out
    result = check("00.order_count", 7)
    assert "数一数订单" in result.message and "偏大" in result.detail


def test_check_result_does_not_repeat_itself_in_a_notebook():
    result = check("00.order_count", 6)
    assert result._ipython_display_() is None and str(result) == result.message


# --------------------------------------------------------------------------- compare rules

FRAME = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"],
                      "segment": ["Champions", "At risk", "New", "Lost"],
                      "revenue": [120.0, 80.5, 10.0, 0.0]}).set_index("customer_id")


def test_wrong_type_says_what_was_expected():
    assert difference(FRAME, [1, 2]) == (
        "Expected a DataFrame with columns segment, revenue, got a list.")
    assert difference(FRAME["revenue"], FRAME) == (
        "Expected a Series, got a DataFrame with columns segment, revenue.")
    assert difference(3.5, "3.5") == (  # a number in quotes is a text, in every chapter
        "Expected a number, got a text '3.5'. Write numbers without quotes (3.5, not '3.5'); "
        "float(text) turns a text into a number.")
    assert difference(3.5, "three") == "Expected a number, got a text 'three'."
    assert difference(3.5, pd.Series([3.5])) == (
        "Expected a number, got a Series. It holds one value, 3.5: take the number out with "
        ".item().")
    assert difference(["a"], "a") == "Expected a list of items, got a text 'a'."
    assert difference(True, 1) == "Expected True or False, got a number (1)."


def test_wrong_columns_are_named():
    missing = FRAME.drop(columns="segment")
    assert difference(FRAME, missing) == "Missing column(s): segment."
    extra = FRAME.assign(frequency=1)
    assert difference(FRAME, extra) == "Column(s) that should not be there: frequency."
    renamed = FRAME.rename(columns={"revenue": "Revenue"})
    assert difference(FRAME, renamed) == (
        "Missing column(s): revenue. Column(s) that should not be there: Revenue.")
    assert difference(FRAME, FRAME[["revenue", "segment"]]) is None  # column order is free


def test_wrong_values_count_rows_and_show_one():
    wrong = FRAME.copy()
    wrong.loc["C2", "revenue"] = 90.0
    wrong.loc["C4", "segment"] = "Hibernating"
    assert difference(FRAME, wrong) == (
        "Wrong values in 2 row(s) (column segment, revenue), "
        "e.g. row C2: expected revenue = 80.5, got 90.")
    close = FRAME.assign(revenue=FRAME["revenue"] * (1 + 1e-6))
    assert difference(FRAME, close) is None  # within the tolerance
    assert difference(FRAME, close, rtol=1e-9) is not None
    shouting = FRAME.assign(segment=FRAME["segment"].str.upper() + "  ")
    assert difference(FRAME, shouting) is None  # text ignores case and spaces
    as_text = FRAME.assign(revenue=FRAME["revenue"].astype(str))
    assert difference(FRAME, as_text) == "Column revenue should hold numbers, but holds text."


def test_rows_missing_extra_repeated_and_ordered():
    assert difference(FRAME, FRAME.drop(index=["C1", "C3"])) == (
        "2 expected row(s) are missing, e.g. C1, C3.")
    extra = pd.concat([FRAME, FRAME.loc[["C1"]].rename(index={"C1": "C9"})])
    assert difference(FRAME, extra) == "1 row(s) should not be there, e.g. C9."
    assert difference(FRAME, pd.concat([FRAME, FRAME.loc[["C1"]]])) == (
        "Some rows appear more than once: C1.")
    shuffled = FRAME.iloc[[3, 2, 1, 0]]
    assert difference(FRAME, shuffled) is None
    assert difference(FRAME, shuffled, ordered=True) == (
        "The rows are right but in a different order: sort them as the task asks.")
    assert difference(FRAME, FRAME.reset_index()) is None  # key as a column is fine
    flat = FRAME.reset_index()
    assert difference(flat, flat.set_index("customer_id"), keys=["customer_id"]) is None
    missing_key = FRAME.reset_index().drop(columns="customer_id")
    assert "4 expected row(s) are missing" in difference(FRAME, missing_key)


def test_series_compare_by_label():
    revenue = sample_orders().groupby("customer_id")["revenue"].sum()
    assert difference(revenue, revenue.iloc[::-1].rename("total")) is None
    changed = revenue.copy()
    changed["C00003"] = 0.0
    assert difference(revenue, changed) == (
        "Wrong values in 1 row(s) (column revenue), e.g. row C00003: "
        "expected revenue = 256, got 0.")
    assert difference(revenue, revenue.drop("C00002")) == (
        "1 expected row(s) are missing, e.g. C00002.")


def test_numbers_text_and_items():
    assert difference(671.3, 671.30004) is None
    assert difference(671.3, 600) == "Your number 600 is too low."
    assert difference(671.3, 700.5) == "Your number 700.5 is too high."
    assert difference(0.25, 25.0) == (
        "25 looks like a percentage: give the fraction instead (0.25, not 25).")
    assert difference(6, np.int64(6)) is None
    assert difference("At risk", "  at   RISK ") is None
    assert difference("At risk", "Lost") == "'Lost' is not the expected answer."
    assert difference(["a", "b", "c"], ("C", "b", "a")) is None
    assert difference({"a", "b"}, ["a", "b", "z"]) == "These should not be there: 'z'."
    assert difference(["a", "b", "c"], ["a"]) == "2 expected item(s) are missing."
    assert difference([1, 2, 3], [1, 3, 2], ordered=True) == (
        "Item 2 is wrong: expected 2, got 3.")
    assert difference([1, 2], [1, 2, 3], ordered=True) == "Expected 2 items, got 3."
    assert difference(True, False) == "False is not the expected answer."


# --------------------------------------------------------------------------- registration


def test_registration_checks_ids_texts_and_duplicates():
    with pytest.raises(CRMDataError, match="does not look like 'CC.name'"):
        exercise("4.rfm", title=TEXT, hint=TEXT)
    with pytest.raises(CRMDataError, match="title must give the text in both languages"):
        exercise("04.rfm", title={"en": "RFM"}, hint=TEXT)
    with pytest.raises(CRMDataError, match="registered twice"):
        exercise("00.order_count", title=TEXT, hint=TEXT)(lambda: 6)

    def misplaced():
        return 1

    misplaced.__module__ = "crmkit.exercises.ch04"
    with pytest.raises(CRMDataError, match="module of chapter 04"):
        exercise("05.misplaced", title=TEXT, hint=TEXT)(misplaced)


def test_a_new_chapter_registers_with_a_decorator(monkeypatch, capsys):
    monkeypatch.setattr(engine, "_REGISTRY", dict(engine._REGISTRY))

    @exercise("99.segment", title={"en": "Name the segment", "zh": "说出细分群体"},
              hint={"en": "Look at R, F and M.", "zh": "看 R、F、M。"})
    def _segment():
        return "Champions"

    @exercise("99.even", title=TEXT, hint=TEXT,
              compare=lambda expected, answer: None if answer % 2 == expected else "odd")
    def _even():
        return 0

    assert registered("99") == ["99.even", "99.segment"]
    assert check("99.segment", "champions")
    assert check("99.even", 4) and check("99.even", 3).detail == "odd"
    with pytest.raises(CRMDataError, match="Chapter 99 has: 99.even, 99.segment"):
        check("99.other", 1)
    capsys.readouterr()


# --------------------------------------------------------------------------- chapter 00 notebook

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00-getting-started.ipynb"


def test_the_notebook_types_the_orders_the_checkers_use():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    [typed] = [s for s in sources if s.startswith("orders = pd.DataFrame(")]
    namespace = {"pd": pd}
    exec(typed.rsplit("\n", 1)[0], namespace)  # the cell without its last line (display)
    pd.testing.assert_frame_equal(namespace["orders"], sample_orders())
    checked = set(re.findall(r"ck\.check\(\"(00\.\w+)\"", "\n".join(sources)))
    assert checked == set(registered("00")) | {"00.total_revenu"}  # plus the typo demo
    solutions = [c for c in cells if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) == len(registered("00"))
