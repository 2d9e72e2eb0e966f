"""Check the recorded answers again and write the gradebook, the feedback and the summary.

Every answer a submission passed to ``ck.check`` is compared here, in the
grader's own process, with the grader's own checkers and expected answers
(computed once, before any submission runs).  The **last** answer checked for
an exercise counts, as the notebook stands at the end of its run: what the
student saw last.  (Counting the best answer instead would reward a loop that
tries every segment name until one passes.)
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from crmkit import i18n
from crmkit.exercises import engine
from crmkit.grade.run import Run

__all__ = ["Mark", "gradebook", "mark", "prepare", "write_feedback", "write_summary"]


@dataclass(frozen=True)
class Mark:
    """One exercise of one submission: passed or not, points, and why (in both languages)."""

    exercise_id: str
    passed: bool
    points: float
    message: dict[str, str]  # language -> the line ck.check prints, or why there is none
    mistake: dict[str, str]  # language -> what differs ("" when passed or not answered)


@functools.cache
def _expected(exercise_id: str):
    return engine.get(exercise_id).expected()


def _checker(exercise_id: str) -> engine.Exercise:
    """The registered exercise, its expected answer computed once and copied per use."""
    return dataclasses.replace(engine.get(exercise_id),
                               expected=lambda: copy.deepcopy(_expected(exercise_id)))


def prepare(exercise_ids: Iterable[str]) -> None:
    """Compute the expected answers now, before any submission runs and could change the data."""
    for exercise_id in exercise_ids:
        _expected(exercise_id)


def _missing(run: Run, exercise_id: str) -> dict[str, str]:
    found = engine.get(exercise_id)
    cell = run.check_cells.get(exercise_id)
    if run.stopped_at is not None and (cell is None or cell >= run.stopped_at):
        why = {"en": f"not reached: the run stopped at cell {run.stopped_at}.",
               "zh": f"未运行到：运行在第 {run.stopped_at} 个单元格停止。"}
    else:
        why = {"en": f'no answer checked: the notebook never ran ck.check("{exercise_id}", ...).',
               "zh": f'没有检查过的答案：笔记本没有运行 ck.check("{exercise_id}", ...)。'}
    colon = {"en": ": ", "zh": "："}
    return {lang: f"⬜ {exercise_id} · {found.title[lang]}{colon[lang]}{why[lang]}"
            for lang in i18n.LANGUAGES}


_ASKED = {"en": "the notebook asked for the solution (ck.exercises.solution) while it was "
                "graded: no points.",
          "zh": "评分时笔记本索取了参考答案（ck.exercises.solution）：不得分。"}


def _asked(exercise_id: str) -> dict[str, str]:
    found = engine.get(exercise_id)
    colon = {"en": ": ", "zh": "："}
    return {lang: f"❌ {exercise_id} · {found.title[lang]}{colon[lang]}{_ASKED[lang]}"
            for lang in i18n.LANGUAGES}


def mark(run: Run) -> dict[str, Mark]:
    """Every exercise of ``run``'s chapter, marked from the last answer checked for it.

    An exercise whose solution the notebook asked for while graded
    (``ck.exercises.solution``, refused) scores 0, whatever was checked.
    """
    last = {entry["id"]: entry for entry in run.records if not entry.get("solution")}
    asked = {entry["id"] for entry in run.records if entry.get("solution")}
    marks = {}
    for exercise_id in run.exercises:
        found = _checker(exercise_id)
        entry = last.get(exercise_id)
        if exercise_id in asked:
            marks[exercise_id] = Mark(exercise_id, False, 0.0, _asked(exercise_id),
                                      dict(_ASKED))
            continue
        if entry is None:
            marks[exercise_id] = Mark(exercise_id, False, 0.0, _missing(run, exercise_id),
                                      {lang: "" for lang in i18n.LANGUAGES})
            continue
        message, mistake = {}, {}
        for lang in i18n.LANGUAGES:
            with i18n.using(lang):
                if entry["readable"]:
                    detail = found.difference(entry["answer"])
                else:
                    detail = i18n.say("The answer could not be read back: give a number, a "
                                      "text, a list, a Series or a DataFrame.",
                                      "无法读回这个答案：请给出数字、文本、列表、"
                                      "Series 或 DataFrame。")
                message[lang] = engine.feedback(found, detail)
                mistake[lang] = detail or ""
        passed = not mistake["en"]
        marks[exercise_id] = Mark(exercise_id, passed, found.points if passed else 0.0,
                                  message, mistake)
    return marks


def _number(points: float) -> int | float:
    return int(points) if float(points).is_integer() else round(points, 2)


def gradebook(runs: Sequence[Run], marks: Sequence[dict[str, Mark]]) -> pd.DataFrame:
    """One row per submission: student, notebook, one column per exercise, score, out_of, status.

    An exercise column is empty for a submission of another chapter.
    """
    columns = list(dict.fromkeys(i for run in runs for i in run.exercises))
    rows = []
    for run, marked in zip(runs, marks, strict=True):
        row = {"student": run.student, "notebook": run.chapter}
        row.update({i: _number(marked[i].points) if i in marked else "" for i in columns})
        row["score"] = _number(sum(m.points for m in marked.values()))
        row["out_of"] = _number(sum(_checker(i).points for i in run.exercises))
        row["status"] = run.status
        rows.append(row)
    return pd.DataFrame(rows, columns=["student", "notebook", *columns, "score", "out_of",
                                       "status"])


def write_gradebook(table: pd.DataFrame, path: Path) -> None:
    """The gradebook as CSV (every value as written, e.g. notebook "04").

    UTF-8 with a byte-order mark ("utf-8-sig"): Excel, also on Chinese Windows,
    then shows Chinese names and messages correctly; read it back with
    ``pd.read_csv(path, encoding="utf-8-sig", dtype=str)``.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(table.columns)
        writer.writerows(table.itertuples(index=False))


_KINDS_ZH = {"ok": "正常运行完毕", "timed out": "超时", "crashed": "出错",
             "invalid file": "不是有效的笔记本文件",
             "not a workbook notebook": "不是本教材的笔记本（没有找到任何练习）"}


def _status_kind(status: str, language: str = "en") -> str:
    """"timed out at cell 7" -> "timed out" (or 超时): what the class summary counts."""
    kind = status.split(" at cell")[0]
    return _KINDS_ZH.get(kind, kind) if language == "zh" else kind


def _status_zh(status: str) -> str:
    """The status in Chinese: "timed out at cell 7" -> "超时，停在第 7 个单元格"."""
    kind, _, number = status.partition(" at cell ")
    if kind == "timed out":
        return f"超时，停在第 {number} 个单元格"
    if kind == "crashed":
        return f"在第 {number} 个单元格出错"
    return _KINDS_ZH.get(status, status)


def _status_text(run: Run, language: str) -> str:
    zh = language == "zh"
    text = _status_zh(run.status) if zh else {"ok": "ran to the end"}.get(run.status, run.status)
    if run.error:
        text += f"（{run.error}）" if zh else f" ({run.error})"
    if run.status.startswith("crashed") and run.stopped_at is None:
        text += "；之后的单元格照常运行" if zh else "; the cells after it still ran"
    return text


def write_feedback(run: Run, marked: dict[str, Mark], path: Path) -> None:
    """One student's feedback in Markdown, in the language the student worked in."""
    lang = run.language
    say = (lambda en, zh: zh) if lang == "zh" else (lambda en, zh: en)
    score = _number(sum(m.points for m in marked.values()))
    out_of = _number(sum(_checker(i).points for i in run.exercises))
    lines = [f"# {say('Feedback', '作业反馈')} · {run.path.name}", "",
             f"- {say('Student', '学生')}: {run.student}"]
    if run.chapter:
        lines.append(f"- {say('Notebook', '笔记本')}: {run.chapter}")
        lines.append(f"- {say('Score', '得分')}: {score} / {out_of}")
    lines += [f"- {say('Run', '运行情况')}: {_status_text(run, lang)}", ""]
    if run.status == "invalid file":
        lines.append(say("The file could not be read as a Jupyter notebook: hand in the .ipynb "
                         "file saved by JupyterLab.",
                         "无法把这个文件读作 Jupyter 笔记本："
                         "请提交 JupyterLab 保存的 .ipynb 文件。"))
    elif not run.exercises:
        lines.append(say("No exercise of the workbook (ck.check) was found in this notebook.",
                         "在这个笔记本中没有找到本教材的练习（ck.check）。"))
    else:
        lines.append(say("## Exercises", "## 练习"))
        lines.append("")
        # in the order the notebook checks them; exercises whose cell is gone come last
        for exercise_id in sorted(run.exercises, key=lambda i: run.check_cells.get(i, 10**9)):
            m = marked[exercise_id]
            lines.append(f"- {m.message[lang]} ({_number(m.points)} / "
                         f"{_number(_checker(exercise_id).points)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary(runs: Sequence[Run], marks: Sequence[dict[str, Mark]],
            language: str = "en") -> pd.DataFrame:
    """Per exercise: submissions, passed, pass rate, the most common mistake and its count."""
    rows = []
    for exercise_id in dict.fromkeys(i for run in runs for i in run.exercises):
        got = [m[exercise_id] for m in marks if exercise_id in m]
        mistakes = Counter(m.mistake[language] for m in got if m.mistake[language])
        common, count = mistakes.most_common(1)[0] if mistakes else ("", 0)
        passed = sum(m.passed for m in got)
        rows.append({"exercise": exercise_id,
                     "title": engine.get(exercise_id).title[language],
                     "submissions": len(got), "passed": passed,
                     "pass_rate": round(passed / len(got), 3) if got else 0.0,
                     "most_common_mistake": common, "mistake_count": count})
    return pd.DataFrame(rows, columns=["exercise", "title", "submissions", "passed", "pass_rate",
                                       "most_common_mistake", "mistake_count"])


def write_summary(table: pd.DataFrame, runs: Sequence[Run], out: Path,
                  language: str = "en") -> None:
    """summary.csv, the chart summary.png and summary.md (table, chart, run statuses).

    summary.csv is UTF-8 with a byte-order mark ("utf-8-sig"), like the gradebook,
    so that Excel opens the Chinese titles and messages correctly.
    """
    say = (lambda en, zh: zh) if language == "zh" else (lambda en, zh: en)
    table.to_csv(out / "summary.csv", index=False, encoding="utf-8-sig")
    if not table.empty:
        _chart(table, out / "summary.png", language)
    statuses = Counter(_status_kind(run.status, language) for run in runs)
    lines = [f"# {say('Class summary', '全班汇总')}", "",
             f"{say('Submissions', '提交份数')}: {len(runs)} · " + ", ".join(
                 f"{status}: {count}" for status, count in sorted(statuses.items())), ""]
    if not table.empty:
        lines += ["![](summary.png)", "",
                  "| " + " | ".join([say("exercise", "练习"), say("passed", "通过"),
                                    say("most common mistake", "最常见的错误")]) + " |",
                  "|---|---|---|"]
        for row in table.itertuples(index=False):
            mistake = f"{row.most_common_mistake} (×{row.mistake_count})" if row.mistake_count \
                else ""
            lines.append(f"| {row.exercise} · {row.title} | {row.passed} / {row.submissions} | "
                         f"{mistake.replace('|', '/')} |")
    (out / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _chart(table: pd.DataFrame, path: Path, language: str) -> None:
    from matplotlib import pyplot as plt

    from crmkit.plots._style import new_axes, percent_axis

    with i18n.using(language):
        height = 1.2 + 0.45 * len(table)
        ax = new_axes(figsize=(9.0, height))
        labels = [f"{row.exercise} · {row.title}" for row in table.itertuples(index=False)]
        ax.barh(labels[::-1], table["pass_rate"].to_list()[::-1])
        for y, row in enumerate(table.iloc[::-1].itertuples(index=False)):
            ax.text(row.pass_rate, y, f" {row.passed}/{row.submissions}", va="center")
        percent_axis(ax, axis="x")
        ax.set_xlim(0, 1.15)
        ax.set_title(i18n.say("Share of submissions that passed each exercise",
                              "各练习的通过比例"))
        ax.figure.savefig(path, dpi=120)
        plt.close(ax.figure)
