"""Grade a class: run every submitted notebook and score it with the workbook's own checkers.

From a terminal (or ``make grade SUBMISSIONS=... OUT=...``)::

    python -m crmkit.grade SUBMISSIONS_DIR --out OUT_DIR

or from Python: ``crmkit.grade.grade("hand-ins/", "grades/")``.  Every ``.ipynb``
under SUBMISSIONS_DIR is one submission, named by its path without ``.ipynb``
(``zhang_san.ipynb`` -> ``zhang_san``).  Each runs top to bottom in a fresh
kernel in its own temporary folder, two at a time, with a time limit (see
:mod:`crmkit.grade.run`: time limits, failing cells, what "no network" means).
Written to OUT_DIR:

* ``gradebook.csv`` (UTF-8 with a byte-order mark, "utf-8-sig", so that Excel on
  Chinese Windows shows Chinese names and messages correctly) — one row per
  submission: ``student``, ``notebook`` (the chapter or case, e.g. ``04``), one
  column per exercise id (the points earned: 1 or 0 unless the exercise declares
  ``points=``), ``score``,
  ``out_of`` and ``status`` (``ok``, ``timed out at cell N``, ``crashed at cell N``,
  ``not a workbook notebook``, ``invalid file``);
* ``feedback/<student>.md`` — each exercise with the message ``ck.check`` gave,
  in the language the student worked in;
* ``summary.csv`` (also "utf-8-sig"), ``summary.md`` and ``summary.png`` — per
  exercise how many passed and the most common mistake, with a chart.

While a notebook is graded, ``ck.exercises.solution`` refuses (CRMDataError) and
an exercise whose solution the notebook asked for scores 0.

Points come from the grader, not from what a notebook printed: every answer
passed to ``ck.check`` is written down as data (:mod:`crmkit.exercises.answers`)
and checked again here with the grader's own checkers; the last answer checked
for an exercise counts.  A notebook that replaces ``ck.check``, edits the
expected answers or prints a fake ✅ scores nothing for those exercises.  Any
chapter or case with checkers is graded; nothing here names one.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from crmkit import paths, validate
from crmkit.errors import CRMDataError
from crmkit.grade import report
from crmkit.grade.run import Run, exercise_ids, read_notebook, run_all

__all__ = ["Run", "find_submissions", "grade"]


@validate.checked
def find_submissions(folder: str | Path, skip: Path | None = None) -> list[tuple[Path, str]]:
    """Every ``.ipynb`` under ``folder`` (not in checkpoints or ``skip``), with its student name.

    The name is the path inside ``folder`` without ``.ipynb``: ``class2/zhang_san``.
    CRMDataError if ``folder`` is not a folder or holds no notebook.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CRMDataError(
            f"the submissions folder {str(root)!r} does not exist or is not a folder. "
            "Fix: give the folder that holds the students' .ipynb files.",
            zh=f"提交作业的文件夹 {str(root)!r} 不存在或不是文件夹。"
               "修正（Fix）：给出存放学生 .ipynb 文件的文件夹。")
    found = []
    for path in sorted(root.rglob("*.ipynb")):
        relative = path.relative_to(root)
        if ".ipynb_checkpoints" in relative.parts or not path.is_file():
            continue
        if skip is not None and path.resolve().is_relative_to(skip.resolve()):
            continue
        found.append((path, relative.with_suffix("").as_posix()))
    if not found:
        raise CRMDataError(
            f"there is no .ipynb file in {str(root)!r} or its sub-folders. Fix: copy the "
            "students' notebooks (.ipynb) into that folder, or give the folder that holds them.",
            zh=f"{str(root)!r} 及其子文件夹中没有 .ipynb 文件。修正（Fix）：把学生的笔记本"
               "（.ipynb）复制到该文件夹，或给出存放它们的文件夹。")
    return found


def _fingerprint() -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in the data folder."""
    folder = paths.data_dir()
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


@validate.checked
def grade(submissions: str | Path, out: str | Path, *, timeout: float = 180,
          cell_timeout: float = 60, workers: int = 2, language: str = "en",
          progress: Callable[[Run], None] | None = None) -> pd.DataFrame:
    """Grade every notebook under ``submissions``, write the results to ``out``.

    Returns the gradebook (the table written to ``out/gradebook.csv``).

    Parameters
    ----------
    submissions:
        The folder of handed-in notebooks (searched with its sub-folders).
    out:
        Where gradebook.csv, feedback/ and the summary go (created if missing).
    timeout, cell_timeout:
        Seconds a notebook, and one cell of it, may run.
    workers:
        How many notebooks run at once (2 suits a 2-core laptop).
    language:
        ``"en"`` or ``"zh"``: the language of the summary for the instructor
        (each student's feedback follows the student's own language).
    progress:
        Called with each :class:`Run` as it finishes (the command line prints a line).
    """
    target = Path(out)
    timeout = validate.number(timeout, "timeout", low=0, low_open=True)
    cell_timeout = validate.number(cell_timeout, "cell_timeout", low=0, low_open=True)
    workers = validate.number(workers, "workers", low=1, integer=True)
    validate.one_of(language, ("en", "zh"), "language")
    found = find_submissions(submissions, skip=target)
    data_before = _fingerprint()
    # the expected answers are computed before any submission runs (and could touch the data)
    report.prepare({i for path, _ in found if (nb := read_notebook(path)) is not None
                    for i in exercise_ids(nb)[0]})
    runs = run_all(found, timeout=timeout, cell_timeout=cell_timeout, workers=workers,
                   progress=progress)
    if _fingerprint() != data_before:
        warnings.warn(f"a submission changed the data folder {paths.data_dir()} while the class "
                      "was graded: the notebooks run after it saw other data (the grader's "
                      "expected answers were computed before). Restore data/ (git checkout "
                      "data) and grade again.", stacklevel=2)
    marks = [report.mark(run) for run in runs]
    target.mkdir(parents=True, exist_ok=True)
    table = report.gradebook(runs, marks)
    report.write_gradebook(table, target / "gradebook.csv")
    for run, marked in zip(runs, marks, strict=True):
        report.write_feedback(run, marked, target / "feedback" / f"{run.student}.md")
    report.write_summary(report.summary(runs, marks, language), runs, target, language)
    return table


def main(argv: list[str] | None = None) -> int:
    """The command line: ``python -m crmkit.grade SUBMISSIONS_DIR --out OUT_DIR``."""
    import argparse

    import matplotlib

    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.grade",
        description="Run every submitted notebook under SUBMISSIONS_DIR and score it with the "
                    "workbook's checkers: OUT_DIR gets gradebook.csv, feedback/ and a summary.")
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    parser.add_argument("--out", required=True, metavar="OUT_DIR")
    parser.add_argument("--timeout", type=float, default=180,
                        help="seconds one notebook may run (default 180)")
    parser.add_argument("--cell-timeout", type=float, default=60,
                        help="seconds one cell may run (default 60)")
    parser.add_argument("--workers", type=int, default=2,
                        help="notebooks run at once (default 2)")
    parser.add_argument("--language", choices=["en", "zh"], default="en",
                        help="language of the class summary (default en)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    done = []

    def progress(run: Run) -> None:
        done.append(run)
        print(f"[{len(done)}] {run.student}: {run.status} ({run.seconds:.1f} s)", flush=True)

    try:
        table = grade(args.submissions, args.out, timeout=args.timeout,
                      cell_timeout=args.cell_timeout, workers=args.workers,
                      language=args.language, progress=progress)
    except CRMDataError as err:
        print(err)
        return 2
    elapsed = time.monotonic() - started
    print(f"{len(table)} submission{'' if len(table) == 1 else 's'} graded in {elapsed:.0f} s "
          f"({elapsed / max(len(table), 1):.1f} s each); results in {args.out}")
    return 0
