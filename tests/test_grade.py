"""The instructor's grader (python -m crmkit.grade) on a synthetic class of chapter 04.

The class is built here from the student edition of chapter 04 (scripts/student_edition.py):
a full correct submission (the instructor's solutions put into the answer cells), a blank
one, one with two wrong answers, one that tampers with the checker (and asks for a solution),
one that loops forever, one that crashes in its first cell, one invalid file, one notebook
that is not from the workbook, and a Chinese-edition submission with two wrong answers and
one exercise deleted.  The class is graded once (module fixture); the tests read the results.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import importlib.util
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises.answers import ENV, decode, encode, read, record
from crmkit.grade import grade
from crmkit.grade.run import _OFFLINE

ROOT = Path(__file__).resolve().parents[1]
IDS = ["04.accumulation_row", "04.clv_retention", "04.computer_buyer", "04.hygiene_values",
       "04.rfm_champions", "04.winback_segment"]
CELL_TIMEOUT = 20  # the infinite loop costs this much


def _student_edition():
    spec = importlib.util.spec_from_file_location(
        "student_edition", ROOT / "scripts" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load(relative: str) -> dict:
    return json.loads((ROOT / relative).read_text(encoding="utf-8"))


def _checked_id(cell: dict) -> str | None:
    found = re.search(r'ck\.check\("(04\.\w+)"', "".join(cell["source"]))
    return found.group(1) if found else None


def _answer_cell(notebook: dict, exercise_id: str) -> int:
    """Position of the student's answer cell of ``exercise_id`` (the code cell checking it
    that is not the hint cell)."""
    return next(i for i, c in enumerate(notebook["cells"])
                if c["cell_type"] == "code" and _checked_id(c) == exercise_id
                and "ck.hint" not in "".join(c["source"]))


def _code(source: str, cell_id: str) -> dict:
    return {"cell_type": "code", "id": cell_id, "metadata": {}, "execution_count": None,
            "outputs": [], "source": source}


def _editions(language: str) -> tuple[dict, dict]:
    """(blank student edition, student edition with the solutions in the answer cells)."""
    folder = "notebooks/zh" if language == "zh" else "notebooks"
    instructor = _load(f"{folder}/04-customer-value.ipynb")
    edition = _student_edition()
    blank, _, _ = edition.strip(copy.deepcopy(instructor), language)
    full = edition.answer_key(instructor, language)
    assert sorted(_checked_id(full["cells"][_answer_cell(full, i)]) for i in IDS) == IDS
    assert "answer = ..." not in json.dumps(full) and "answer = ..." in json.dumps(blank)
    return blank, full


def _answer(notebook: dict, exercise_id: str, source: str) -> None:
    notebook["cells"][_answer_cell(notebook, exercise_id)]["source"] = source


def _first_code(notebook: dict) -> int:
    return next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")


def _class(folder: Path) -> dict[str, int]:
    """Write the class into ``folder``; the cell numbers the expected statuses name."""
    blank, full = _editions("en")
    _, full_zh = _editions("zh")
    notebooks, cells = {"full": full, "blank": blank}, {}

    wrong = copy.deepcopy(full)
    _answer(wrong, "04.clv_retention", 'answer = 800.0 * 10\nck.check("04.clv_retention", answer)')
    _answer(wrong, "04.computer_buyer", 'answer = "B"\nck.check("04.computer_buyer", answer)')
    notebooks["two_wrong"] = wrong

    tamper = copy.deepcopy(full)
    # edit the expected answer's inputs, then check a wrong answer that now "passes"
    _answer(tamper, "04.clv_retention",
            "import crmkit.exercises.ch04 as ch04\nch04.CLV_MARGIN = 1.0\n"
            "answer = ck.clv(margin=1.0, retention=0.85, discount=0.08, periods=10)\n"
            'assert ck.check("04.clv_retention", answer)')
    # print a fake tick instead of checking
    _answer(tamper, "04.rfm_champions",
            'print("✅ 04.rfm_champions · Champions on 2025-07-01: correct, well done!")')
    # replace the registered exercise's expected answer
    _answer(tamper, "04.winback_segment",
            "import dataclasses\nfrom crmkit.exercises import engine\n"
            'fake = dataclasses.replace(engine.get("04.winback_segment"), '
            'expected=lambda: "Hibernating")\n'
            'engine._REGISTRY["04.winback_segment"] = fake\n'
            'assert ck.check("04.winback_segment", "Hibernating")')
    # replace ck.check itself
    _answer(tamper, "04.computer_buyer",
            'ck.check = lambda exercise_id, answer: print(f"✅ {exercise_id}: correct")\n'
            'ck.check("04.computer_buyer", "B")')
    # ask the library for the expected answer (refused while graded), then check the right
    # answer computed as the solution does: no points for an exercise whose solution it asked for
    at = _answer_cell(tamper, "04.hygiene_values")
    tamper["cells"][at]["source"] = (
        'from crmkit.exercises import engine\n'
        'for ask in (ck.exercises.solution, lambda i: engine.get(i).expected()):\n'
        '    try:\n'
        '        answer = ask("04.hygiene_values")\n'
        '    except ck.CRMDataError as refused:\n'
        '        print(refused)\n' + "".join(tamper["cells"][at]["source"]))
    notebooks["tamper"] = tamper

    loop = copy.deepcopy(full)
    at = _answer_cell(loop, "04.clv_retention")
    loop["cells"].insert(at, _code("while True:\n    pass", "loop"))
    cells["loop"] = at + 1
    notebooks["loop"] = loop

    crash = copy.deepcopy(full)
    at = _first_code(crash)
    crash["cells"].insert(at, _code('raise RuntimeError("my first cell fails")', "boom"))
    cells["crash"] = at + 1
    notebooks["crash"] = crash

    zh = copy.deepcopy(full_zh)
    _answer(zh, "04.hygiene_values",
            'answer = ["舒适", "安全", "经济"]\nck.check("04.hygiene_values", answer)')
    _answer(zh, "04.clv_retention", 'answer = 800.0 * 10\nck.check("04.clv_retention", answer)')
    del zh["cells"][_answer_cell(zh, "04.winback_segment")]
    notebooks["zh_student"] = zh

    notebooks["other"] = {"cells": [_code("print('my own notebook')", "own")], "metadata": {},
                          "nbformat": 4, "nbformat_minor": 5}
    for name, notebook in notebooks.items():
        (folder / f"{name}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False),
                                              encoding="utf-8")
    (folder / "invalid.ipynb").write_text('{"cells": [ this is not JSON', encoding="utf-8")
    return cells


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    cells = _class(folder)
    out = tmp_path_factory.mktemp("grades")
    table = grade(folder, out, timeout=240, cell_timeout=CELL_TIMEOUT)
    return {"out": out, "cells": cells, "table": table}


def _feedback(graded, student: str) -> str:
    return (graded["out"] / "feedback" / f"{student}.md").read_text(encoding="utf-8")


def test_gradebook_row_by_row(graded):
    path = graded["out"] / "gradebook.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfstudent,")  # the BOM Excel looks for
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["student", "notebook", *IDS, "score", "out_of", "status"]
    # columns: accumulation_row, clv_retention, computer_buyer, hygiene_values,
    # rfm_champions, winback_segment
    loop, crash = graded["cells"]["loop"], graded["cells"]["crash"]
    expected = [
        ["blank", "04", "0", "0", "0", "0", "0", "0", "0", "6", "ok"],
        ["crash", "04", "1", "1", "1", "1", "1", "1", "6", "6", f"crashed at cell {crash}"],
        ["full", "04", "1", "1", "1", "1", "1", "1", "6", "6", "ok"],
        ["invalid", "", "", "", "", "", "", "", "0", "0", "invalid file"],
        ["loop", "04", "1", "0", "0", "1", "0", "0", "2", "6", f"timed out at cell {loop}"],
        ["other", "", "", "", "", "", "", "", "0", "0", "not a workbook notebook"],
        ["tamper", "04", "1", "0", "0", "0", "0", "0", "1", "6", "ok"],
        ["two_wrong", "04", "1", "0", "0", "1", "1", "1", "4", "6", "ok"],
        ["zh_student", "04", "1", "0", "1", "0", "1", "0", "3", "6", "ok"],
    ]
    assert rows[1:] == expected
    assert graded["table"]["score"].tolist() == [int(r[8]) for r in expected]
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.columns.tolist() == rows[0] and back.to_numpy().tolist() == expected


def test_feedback_repeats_the_checkers_messages(graded):
    wrong = _feedback(graded, "two_wrong")
    assert "Score: 4 / 6" in wrong
    assert ("❌ 04.clv_retention · Lifetime value of a gold member: not yet. Your number 8,000 "
            "is too high. That ignores retention") in wrong
    assert "'B' is not the expected answer. B spends more today" in wrong
    assert "✅ 04.hygiene_values · The three hygiene values: correct, well done!" in wrong
    blank = _feedback(graded, "blank")
    assert blank.count("No answer yet: replace the ... with your code") == 6


def test_tampering_scores_nothing_for_the_tampered_exercises(graded):
    text = _feedback(graded, "tamper")
    # the wrong answers the patched checkers passed are checked again by the grader's own
    assert "❌ 04.clv_retention" in text and "too low" in text
    assert "❌ 04.winback_segment" in text and "'Hibernating' is not the expected answer" in text
    # a printed tick and a replaced ck.check leave no answer at all
    assert 'never ran ck.check("04.rfm_champions"' in text
    assert 'never ran ck.check("04.computer_buyer"' in text
    # the right answer, checked after asking for the solution, scores nothing
    assert ("❌ 04.hygiene_values · The three hygiene values: the notebook asked for the "
            "solution (ck.exercises.solution) while it was graded: no points. (0 / 1)") in text


def test_timeout_and_crash_are_graded_as_far_as_they_go(graded):
    loop = _feedback(graded, "loop")
    assert f"not reached: the run stopped at cell {graded['cells']['loop']}" in loop
    assert "✅ 04.accumulation_row" in loop
    crash = _feedback(graded, "crash")
    assert ("crashed at cell {} (RuntimeError: my first cell fails); the cells after it still "
            "ran").format(graded["cells"]["crash"]) in crash
    assert "Score: 6 / 6" in crash
    assert "could not be read as a Jupyter notebook" in _feedback(graded, "invalid")


def test_chinese_submission_gets_chinese_feedback(graded):
    text = _feedback(graded, "zh_student")
    assert "得分: 3 / 6" in text
    assert ("❌ 04.hygiene_values · 三种保健价值：还不对。这些不应出现：'economy'。"
            "缺少 1 个应有的项。经济属于激励价值而非保健价值") in text
    assert '没有运行 ck.check("04.winback_segment"' in text
    assert "✅ 04.rfm_champions · 2025-07-01 的重要价值客户：正确，做得好！" in text
    assert "❌ 04.clv_retention · 金卡会员的客户终生价值：还不对。" in text


def test_summary_counts_passes_and_the_most_common_mistake(graded):
    path = graded["out"] / "summary.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfexercise,")
    summary = pd.read_csv(path, encoding="utf-8-sig").set_index("exercise")
    # seven workbook submissions ran (blank, crash, full, loop, tamper, two_wrong, zh_student)
    assert summary["submissions"].tolist() == [7] * 6
    assert summary.loc[IDS, "passed"].tolist() == [6, 2, 3, 4, 4, 3]
    # two_wrong and zh_student both forgot retention; the summary names it in English
    assert summary.loc["04.clv_retention", "most_common_mistake"].startswith(
        "Your number 8,000 is too high. That ignores retention")
    assert summary.loc["04.clv_retention", "mistake_count"] == 2
    png = (graded["out"] / "summary.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![](summary.png)" in (graded["out"] / "summary.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- recorded answers


def test_answers_round_trip_as_the_same_kind_of_object():
    frame = pd.DataFrame({
        "customer_id": ["C1", "C2", "C3"],
        "spend": [1.5, float("nan"), 3.0],
        "orders": [1, 2, 3],
        "vip": [True, False, True],
        "segment": pd.Categorical(["Loyal", "Champions", "Loyal"],
                                  categories=["Champions", "Loyal"], ordered=True),
        "first": pd.to_datetime(["2025-01-02", "2025-03-04", None]),
        "城市": ["杭州", "上海", None],
    }).set_index("customer_id")
    back = decode(json.loads(json.dumps(encode(frame))))
    pd.testing.assert_frame_equal(back, frame)
    series = pd.Series({"a_customers": 70, "b_customers": 130}, name="row")
    pd.testing.assert_series_equal(decode(encode(series)), series)
    two_levels = frame.reset_index().set_index(["customer_id", "orders"])
    pd.testing.assert_frame_equal(decode(encode(two_levels)), two_levels)
    values = [3, 2.5, "comfort", None, True, ("A", 1), {"x": [1, 2]}, {"s"}, ...]
    assert decode(json.loads(json.dumps(encode(values)))) == values
    array = np.array([[1, 2], [3, 4]])
    np.testing.assert_array_equal(decode(encode(array)), array)
    assert type(decode(encode(np.float64(2.5)))) is float


def test_an_unknown_object_is_kept_as_its_type_name_only():
    class Widget:
        pass

    back = decode(encode(Widget()))
    assert type(back).__name__ == "Widget" and not isinstance(back, Widget)
    assert "Widget" in ck.exercises.engine.get("04.clv_retention").difference(back)


def test_recording_happens_only_when_the_grader_asks(tmp_path, monkeypatch, capsys):
    target = tmp_path / "answers.jsonl"
    monkeypatch.delenv(ENV, raising=False)
    ck.check("04.clv_retention", 1.0)
    assert not target.exists()
    monkeypatch.setenv(ENV, str(target))
    ck.set_language("zh")
    ck.check("04.clv_retention", 1.0)
    ck.check("04.hygiene_values", ["comfort", "safety", "convenience"])
    record("04.rfm_champions", lambda: 0, "en")  # cannot be encoded: kept as its type only
    capsys.readouterr()
    got = read(target)
    assert [(r["id"], r["language"], r["readable"]) for r in got] == [
        ("04.clv_retention", "zh", True), ("04.hygiene_values", "zh", True),
        ("04.rfm_champions", "en", True)]
    assert got[0]["answer"] == 1.0
    assert got[1]["answer"] == ["comfort", "safety", "convenience"]


def test_solutions_are_refused_while_graded(tmp_path, monkeypatch, capsys):
    from crmkit.exercises import engine
    from crmkit.grade import report
    from crmkit.grade.run import Run

    monkeypatch.delenv(ENV, raising=False)
    right = ck.exercises.solution("04.clv_retention")  # outside the grader: the answer
    assert engine.get("04.clv_retention").expected() == right
    target = tmp_path / "answers.jsonl"
    monkeypatch.setenv(ENV, str(target))
    with pytest.raises(ck.CRMDataError, match="solutions are not available in graded work") \
            as refused:
        ck.exercises.solution("04.clv_retention")
    assert 'ck.check("04.clv_retention", answer)' in str(refused.value)
    ck.set_language("zh")
    try:
        with pytest.raises(ck.CRMDataError, match="评分时不提供参考答案"):
            engine.get("04.hygiene_values").expected()
    finally:
        ck.set_language("en")
    with pytest.raises(ck.CRMDataError):
        engine.get("04.computer_buyer").solution()
    assert ck.check("04.clv_retention", right)  # the checker itself still works
    capsys.readouterr()
    got = read(target)
    assert [(r["id"], r.get("solution", False)) for r in got] == [
        ("04.clv_retention", True), ("04.hygiene_values", True), ("04.computer_buyer", True),
        ("04.clv_retention", False)]
    run = Run(student="s", path=Path("s.ipynb"), records=got,
              exercises=["04.clv_retention", "04.accumulation_row"])
    marks = report.mark(run)
    # the right answer was checked after asking for the solution: no points
    assert [(marks[i].passed, marks[i].points) for i in run.exercises] == [(False, 0.0),
                                                                           (False, 0.0)]
    assert "asked for the solution" in marks["04.clv_retention"].message["en"]
    assert "索取了参考答案" in marks["04.clv_retention"].message["zh"]
    assert "never ran" in marks["04.accumulation_row"].message["en"]


def test_unreadable_lines_count_as_no_answer(tmp_path):
    target = tmp_path / "answers.jsonl"
    lines = [
        '{"id": "04.clv_retention", "language": "en", "answer": {"t": "float", "v": 1.0}}',
        "not json at all",
        '{"id": "04.clv_retention", "language": "en", "answer": {"t": "pickle", "v": "gAS."}}',
        '{"id": "04.hygiene_values", "language": "en", "answer": {"t": "int", "v": "7"}}',
        '{"id": "04.rfm_champions", "language": "en", "answer": {"t": "float", "v": 2',
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = read(target)
    assert [(r["id"], r["readable"], r["answer"]) for r in got] == [
        ("04.clv_retention", True, 1.0), ("04.clv_retention", False, None),
        ("04.hygiene_values", False, None)]


def test_the_offline_guard_refuses_other_computers_but_not_this_one():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    code = _OFFLINE + f"""
import socket, urllib.request
socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
for call in (lambda: socket.create_connection(("192.0.2.1", 80), timeout=5),
             lambda: urllib.request.urlopen("http://example.com", timeout=5)):
    try:
        call()
    except OSError as err:
        print("refused:", "no network while the notebook is graded" in str(err))
"""
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60, check=True)
    finally:
        server.close()
    assert done.stdout.split("\n")[:2] == ["refused: True", "refused: True"]


def test_bad_arguments_say_what_to_fix(tmp_path):
    with pytest.raises(ck.CRMDataError, match="does not exist or is not a folder"):
        grade(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(ck.CRMDataError, match=r"no \.ipynb file"):
        grade(tmp_path, tmp_path / "out")
    (tmp_path / "a.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ck.CRMDataError, match=r"timeout must lie in \(0, inf\]"):
        grade(tmp_path, tmp_path / "out", timeout=0)
    with pytest.raises(ck.CRMDataError, match=r"workers must lie in \[1, inf\]"):
        grade(tmp_path, tmp_path / "out", workers=0)
    ck.set_language("zh")
    with pytest.raises(ck.CRMDataError, match="language='fr' 无效"):
        grade(tmp_path, tmp_path / "out", language="fr")


def test_points_must_be_positive():
    from crmkit.exercises import engine

    with pytest.raises(ck.CRMDataError, match="points must be a positive number"):
        engine.exercise("04.never_registered", title={"en": "t", "zh": "t"},
                        hint={"en": "h", "zh": "h"}, points=0)


def test_the_last_answer_counts_and_declared_points_add_up(monkeypatch):
    from crmkit.exercises import engine
    from crmkit.grade import report
    from crmkit.grade.run import Run

    real = report._checker
    monkeypatch.setattr(report, "_checker", lambda i: dataclasses.replace(
        real(i), points=2.5) if i == "04.computer_buyer" else real(i))
    right = engine.solution("04.clv_retention")
    records = [{"id": "04.clv_retention", "language": "en", "answer": right, "readable": True},
               {"id": "04.clv_retention", "language": "en", "answer": 1.0, "readable": True},
               {"id": "04.computer_buyer", "language": "en", "answer": "B", "readable": True},
               {"id": "04.computer_buyer", "language": "en", "answer": "a", "readable": True},
               {"id": "04.hygiene_values", "language": "en", "answer": None,
                "readable": False}]
    run = Run(student="s", path=Path("s.ipynb"), records=records,
              exercises=["04.clv_retention", "04.computer_buyer", "04.hygiene_values"])
    marks = report.mark(run)
    assert [marks[i].passed for i in run.exercises] == [False, True, False]
    assert "could not be read back" in marks["04.hygiene_values"].message["en"]
    row = report.gradebook([run], [marks]).iloc[0]
    assert row[run.exercises].tolist() == [0, 2.5, 0]
    assert (row["score"], row["out_of"]) == (2.5, 4.5)


def test_a_submission_that_changes_the_data_is_reported(tmp_path, monkeypatch):
    import shutil

    import crmkit.grade as grading

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "quiz", data / "quiz")
    monkeypatch.setenv("CRMKIT_DATA", str(data))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.ipynb").write_text("not a notebook", encoding="utf-8")
    real = grading.run_all

    def run_and_spoil(*args, **kwargs):
        runs = real(*args, **kwargs)
        (data / "quiz" / "ch04.yaml").write_text("spoiled", encoding="utf-8")
        return runs

    monkeypatch.setattr(grading, "run_all", run_and_spoil)
    with pytest.warns(UserWarning, match="changed the data folder"):
        table = grade(tmp_path / "in", tmp_path / "out")
    assert table["status"].tolist() == ["invalid file"]


@pytest.mark.parametrize("path", _student_edition().notebooks(),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_grader_finds_every_exercise_of_every_student_notebook(path):
    """No per-chapter code: each student notebook's chapter and the cell checking each of
    its exercises are found from the notebook alone (running them all is `make grade` on
    the answer keys, see bench/grade_class.py)."""
    import nbformat

    from crmkit.exercises import engine
    from crmkit.grade.run import exercise_ids

    language = "zh" if path.parent.name == "zh" else "en"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    student, _, _ = _student_edition().strip(notebook, language)
    ids, cells = exercise_ids(nbformat.reads(json.dumps(student), as_version=4))
    if not any("solution" in c.get("metadata", {}).get("tags", []) for c in notebook["cells"]):
        assert ids == []
        return
    chapter = ids[0].split(".")[0]
    assert ids == engine.registered(chapter) and sorted(cells) == ids


def test_the_command_line(tmp_path, capsys):
    from crmkit.grade import main

    assert main([str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "does not exist or is not a folder" in capsys.readouterr().out
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "王芳.ipynb").write_text("[1, 2", encoding="utf-8")
    assert main([str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--language", "zh"]) == 0
    printed = capsys.readouterr().out
    assert "[1] 王芳: invalid file" in printed and "1 submission graded" in printed
    path = tmp_path / "out" / "gradebook.csv"
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    assert rows == ["student,notebook,score,out_of,status", "王芳,,0,0,invalid file"]
    # Excel on Chinese Windows reads UTF-8 only with the byte-order mark
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.to_dict("records") == [{"student": "王芳", "notebook": "", "score": "0",
                                        "out_of": "0", "status": "invalid file"}]
