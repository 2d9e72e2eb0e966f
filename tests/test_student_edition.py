"""The student edition (`make student`): no solutions, no instructor material, still runs.

Both editions are covered: notebooks/, casestudies/ and their zh/ folders.
"""

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

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

# Answers that only the instructor cells give (expected results of the case's tasks, model
# answers to discussion questions).  Each must be in the instructor edition's instructor
# cells, so the list cannot go stale silently, and nowhere in the student edition.
KNOWN_ANSWERS = {
    "casestudies/01-wang-yongqing-rice-shop.ipynb": [
        "(H11) runs dry on 4 March", "4 March", "42 deliveries", "16 visits",
        "9 deliveries and 7 collections", "about 13 days per delivery",
        "customers who never run out never compare shops", "using data *for* the customer",
        "divided by the days since the last delivery",
    ],
    "notebooks/04-customer-value.ipynb": [
        "they would have bought anyway", "Most pick 86,000", "about **79%** retention",
        "**12 years**", "**34** customers moved", "4,480 → 2,944",
    ],
    "notebooks/01-customers-and-relationships.ipynb": [
        "most students pick the loyal-customer rung", "falls by 50 / 69.0, about 28%",
        "credit any answer that weighs the cost per extra member",
    ],
    "notebooks/00-getting-started.ipynb": [
        "pair a student whose install fails", "a column of True/False",
    ],
}


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


@pytest.mark.parametrize("name", sorted(KNOWN_ANSWERS))
def test_known_answers_stay_in_the_instructor_edition(name):
    original = _load(ROOT / name)
    instructor_text = _text([c for c in original["cells"] if "instructor" in _tags(c)])
    student_text = _text(student_edition.strip(original)[0]["cells"])
    for answer in (" ".join(a.split()) for a in KNOWN_ANSWERS[name]):
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_edition_runs_and_its_checkers_accept_the_solutions(path):
    original = _load(path)
    student, _, _ = student_edition.strip(original, _language(path))
    notebook = nbformat.reads(json.dumps(student), as_version=4)
    # After the whole student notebook, run each removed worked solution: the checkers in
    # the student edition must still say it is right (no solution-only variable missing).
    checks = [c for c in original["cells"] if "solution" in _tags(c) and c["cell_type"] == "code"]
    first = len(notebook.cells)
    notebook.cells += [nbformat.v4.new_code_cell("".join(c["source"])) for c in checks]
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell, solution in zip(notebook.cells[first:], checks, strict=True):
        printed = "".join(o.get("text", "") for o in cell.outputs)
        printed += "".join(str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
        assert "✅" in printed and "❌" not in printed, (
            f"{path.name}: solution {solution['id']} is not accepted: {printed[:300]}")
