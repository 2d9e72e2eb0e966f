"""Write the student edition: every notebook without its solutions and instructor material.

Usage: python scripts/student_edition.py OUT_DIR   (or `make student`)

Cells tagged ``solution`` are replaced by a short note, so the exercise
numbering and the checker calls stay in place.  Cells tagged ``instructor``
(teaching notes, class plans, expected answers to discussion questions) are
removed.  Both editions are written: ``notebooks/``, ``casestudies/`` and their
``zh/`` folders.  Everything else (data, library, quizzes) is shared with the
instructor edition.

:func:`answer_key` gives the opposite: the student edition with every solution
written into its exercise's answer cell, as a student who solved everything
would hand it in (the grader's tests and ``bench/grade_class.py`` use it).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
NOTE = "*Solution removed in the student edition: try the exercise, then use `ck.hint(...)`.*"
_CHECK = re.compile(r"""ck\.check\(\s*["'](c?\d\d\.\w+)["']""")
NOTE_ZH = "*学生版已删除参考答案：请先自己做题，需要时运行 `ck.hint(...)` 查看提示。*"


def notebooks() -> list[Path]:
    """Every written chapter, case and lab of the book manifest, in both editions."""
    return chapters.notebooks(root=ROOT)


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def strip(notebook: dict, language: str = "en") -> tuple[dict, int, int]:
    """The student copy of ``notebook``, the number of solutions and of instructor cells removed."""
    cells, solutions, instructor = [], 0, 0
    for cell in notebook["cells"]:
        if "instructor" in _tags(cell):
            instructor += 1
        elif "solution" in _tags(cell):
            solutions += 1
            cells.append({"cell_type": "markdown", "id": cell.get("id", f"sol{solutions}"),
                          "metadata": {"slideshow": {"slide_type": "-"}},
                          "source": NOTE_ZH if language == "zh" else NOTE})
        else:
            cells.append(cell)
    return {**notebook, "cells": cells}, solutions, instructor


def _checks(cell: dict) -> list[str]:
    source = cell.get("source", "")
    return _CHECK.findall(source if isinstance(source, str) else "".join(source))


def answer_key(notebook: dict, language: str = "en") -> dict:
    """The student copy of ``notebook`` with each solution in its exercise's answer cell.

    The answer cell is the nearest code cell before the solution that checks the
    same exercise; a solution without one stays where it was.
    """
    student, _, _ = strip(copy.deepcopy(notebook), language)
    cells = student["cells"]
    for cell in notebook["cells"]:
        checks = _checks(cell)
        if "solution" not in _tags(cell) or not checks:
            continue
        note = next((i for i, c in enumerate(cells) if c.get("id") == cell.get("id")), None)
        if note is None:  # a cell without an id (old notebook format): cannot be placed
            continue
        answer = next((i for i in range(note - 1, -1, -1) if cells[i]["cell_type"] == "code"
                       and checks[0] in _checks(cells[i])), None)
        solved = copy.deepcopy(cell)
        solved["metadata"]["tags"] = [t for t in _tags(cell) if t != "solution"]
        if answer is None:
            cells[note] = solved
        else:
            cells[answer]["source"] = cell["source"]
    return student


def main(out_dir: str) -> None:
    out = Path(out_dir)
    for path in notebooks():
        language = "zh" if path.parent.name == "zh" else "en"
        notebook, solutions, instructor = strip(json.loads(path.read_text(encoding="utf-8")),
                                                language)
        target = out / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        print(f"{target}: {solutions} solution(s) and {instructor} instructor cell(s) removed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
