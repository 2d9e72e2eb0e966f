"""The student edition (`make student`): no solutions, no instructor material, still runs.

Both editions are covered: notebooks/, casestudies/ and their zh/ folders.
"""

import ast
import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]


def _student_edition():
    spec = importlib.util.spec_from_file_location(
        "student_edition", ROOT / "scripts" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student_edition = _student_edition()
NOTEBOOKS = student_edition.notebooks()
IDS = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]

# Answers that only the instructor cells give, by the book manifest's code and edition.
ANSWERS = yaml.safe_load((ROOT / "tests" / "instructor_answers.yaml").read_text(encoding="utf-8"))
LEAKS = [(code, edition) for code, by_edition in ANSWERS.items() for edition in by_edition]


def _tags(cell):
    return cell["metadata"].get("tags", [])


def _text(cells):
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells)


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _language(path):
    return "zh" if path.parent.name == "zh" else "en"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_edition_drops_solutions_and_instructor_cells(path):
    original = _load(path)
    student, solutions, instructor = student_edition.strip(original, _language(path))
    tagged = {tag: [c for c in original["cells"] if tag in _tags(c)]
              for tag in ("solution", "instructor")}
    assert solutions == len(tagged["solution"]) > 0
    assert instructor == len(tagged["instructor"]) > 0, f"{path.name}: no instructor material"
    assert not [c for c in student["cells"] if {"solution", "instructor"} & set(_tags(c))]
    assert len(student["cells"]) == len(original["cells"]) - instructor
    # every instructor sentence is gone, not only the tagged cells
    student_text = _text(student["cells"])
    for cell in tagged["instructor"]:
        for line in "".join(cell["source"]).splitlines():
            line = " ".join(line.split())
            if len(line) >= 40:
                assert line not in student_text, f"{path.name}: instructor text survives: {line}"


@pytest.mark.parametrize("code, edition", LEAKS, ids=[f"{c}-{e}" for c, e in LEAKS])
def test_known_answers_stay_in_the_instructor_edition(code, edition):
    name = chapters.entry(code).path(edition).as_posix()
    original = _load(ROOT / name)
    instructor_text = _text([c for c in original["cells"] if "instructor" in _tags(c)])
    student_text = _text(student_edition.strip(original, edition)[0]["cells"])
    for answer in (" ".join(a.split()) for a in ANSWERS[code][edition]):
        assert answer in instructor_text, f"{name}: not in the instructor cells: {answer}"
        assert answer not in student_text, f"{name}: answer leaks to students: {answer}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_instructor_material_has_a_class_plan_and_stays_off_the_slides(path):
    cells = [c for c in _load(path)["cells"] if "instructor" in _tags(c)]
    plan = _text(cells)
    assert re.search(r"90", plan) and re.search(r"45", plan), (
        f"{path.name}: the instructor cells need a 90-minute plan and a 45-minute version")
    assert "core" in plan or "必讲" in plan or "核心" in plan, f"{path.name}: mark the core parts"
    for cell in cells:
        slide = cell["metadata"].get("slideshow", {}).get("slide_type")
        assert slide in {"skip", "notes"}, f"{path.name}: instructor cell {cell['id']} is {slide}"


def _names(source):
    """(names a code cell defines, names it reads), found with ast; magics left out."""
    lines = source.splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(code)
    defined, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (defined if isinstance(node.ctx, (ast.Store, ast.Del)) else read).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return defined, read


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_edition_needs_nothing_the_removed_cells_defined(path):
    """The student edition only removes cells, so it runs if no kept cell reads a name that
    only removed cells define; and the worked solutions, run in order after the whole
    student notebook, find every name they read there or in an earlier solution.

    nbval runs every notebook whole, solutions included, and their checked outputs show
    each solution accepted; this test covers what removing cells changes, statically,
    instead of executing every notebook a second time.
    """
    original = _load(path)
    student, _, _ = student_edition.strip(original, _language(path))
    kept_ids = {c.get("id") for c in student["cells"] if c["cell_type"] == "code"}
    code = [(c.get("id"), c.get("id") in kept_ids, *_names("".join(c["source"])),
             "solution" in _tags(c)) for c in original["cells"] if c["cell_type"] == "code"]
    removed = set().union(*(defined for _, is_kept, defined, _, _ in code if not is_kept))
    kept = set()
    for cell_id, is_kept, defined, read, _ in code:  # the student edition, top to bottom
        if is_kept:
            missing = (read - defined - kept) & removed
            assert not missing, (f"{path.name}: cell {cell_id} reads {sorted(missing)}, defined "
                                 "only in cells the student edition removes")
            kept |= defined
    for cell_id, _, defined, read, solution in code:  # then each worked solution, in order
        if solution:
            missing = (read - defined - kept) & removed
            assert not missing, (f"{path.name}: solution {cell_id} needs {sorted(missing)}, "
                                 "which neither the student edition nor an earlier solution "
                                 "defines")
            kept |= defined


def test_a_kept_cell_that_needs_a_solution_is_caught(tmp_path):
    def cell(cell_id, source, tags=()):
        return {"cell_type": "code", "id": cell_id, "metadata": {"tags": list(tags)},
                "source": source, "outputs": [], "execution_count": None}

    notebook = {"cells": [cell("a", "import pandas as pd"), cell("s", "total = 6", ["solution"]),
                          cell("b", "print(total * 2)")], "metadata": {}, "nbformat": 4,
                "nbformat_minor": 5}
    path = tmp_path / "99-broken.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(AssertionError, match=r"cell b reads \['total'\]"):
        test_student_edition_needs_nothing_the_removed_cells_defined(path)
    notebook["cells"][2] = cell("b", "total = 7\nprint(total * 2)")
    path.write_text(json.dumps(notebook), encoding="utf-8")
    test_student_edition_needs_nothing_the_removed_cells_defined(path)
