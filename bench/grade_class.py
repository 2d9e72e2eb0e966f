"""Time the grader (python -m crmkit.grade) on a synthetic class of chapter 04.

The class is built from the student edition (scripts/student_edition.py): in
turn a fully solved English submission, a solved Chinese one, a blank one and
one with a wrong answer, so the runs do the work real hand-ins do.  The budget
(issue 17): 100 submissions in under 10 minutes on 2 cores.

Usage: python bench/grade_class.py [--students 100] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import tempfile
import time
from pathlib import Path

from crmkit.grade import grade

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "04-customer-value.ipynb"


def _student_edition():
    spec = importlib.util.spec_from_file_location(
        "student_edition", ROOT / "scripts" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kinds() -> list[dict]:
    """Four kinds of submission: solved (en), solved (zh), blank, one wrong answer."""
    edition = _student_edition()
    english = json.loads((ROOT / "notebooks" / CHAPTER).read_text(encoding="utf-8"))
    chinese = json.loads((ROOT / "notebooks" / "zh" / CHAPTER).read_text(encoding="utf-8"))
    solved = edition.answer_key(english)
    wrong = copy.deepcopy(solved)
    for cell in wrong["cells"]:
        if 'ck.check("04.computer_buyer"' in "".join(cell["source"]):
            cell["source"] = 'answer = "B"\nck.check("04.computer_buyer", answer)'
    return [solved, edition.answer_key(chinese, "zh"), edition.strip(english)[0], wrong]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", help="write the class and the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(args.keep or scratch)
        folder, out = base / "submissions", base / "grades"
        folder.mkdir(parents=True, exist_ok=True)
        made = kinds()
        for number in range(args.students):
            (folder / f"student_{number:03d}.ipynb").write_text(
                json.dumps(made[number % len(made)], ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        table = grade(folder, out, workers=args.workers)
        elapsed = time.perf_counter() - started
    print(f"{len(table)} submissions of chapter 04, {args.workers} at a time: {elapsed:.0f} s "
          f"in all, {elapsed / len(table):.2f} s per submission "
          f"(budget: 100 in 600 s, 6 s each)")
    print("statuses:", table["status"].value_counts().to_dict())
    print("scores:", table["score"].value_counts().sort_index().to_dict())


if __name__ == "__main__":
    main()
