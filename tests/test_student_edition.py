"""The student edition (`make student`): solutions gone, everything else still runs."""

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("casestudies/*.ipynb")])


def _student_edition():
    spec = importlib.util.spec_from_file_location(
        "student_edition", ROOT / "scripts" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_student_edition_has_no_solutions_and_runs(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    student, removed = _student_edition().strip_solutions(original)
    tagged = [c for c in original["cells"] if "solution" in c["metadata"].get("tags", [])]
    assert removed == len(tagged) > 0
    assert not [c for c in student["cells"] if "solution" in c["metadata"].get("tags", [])]
    assert len(student["cells"]) == len(original["cells"])
    # Exercises must not depend on a variable that only a solution cell defines.
    notebook = nbformat.reads(json.dumps(student), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
