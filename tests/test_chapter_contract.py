"""The chapter contract: what every written chapter, case and lab of the book offers.

In the spirit of scikit-learn's estimator checks, one set of checks runs for every entry the
book manifest (crmkit.chapters) marks written, so a new chapter gets them without writing
them: its quiz loads in both languages; its exercises are registered, titled and hinted in
both languages and used by its notebooks; every chart of its plots modules draws in both
languages with warnings as errors; every explorer of its widgets modules builds and has a
static ``.summary()``; every glossary key its notebooks name exists; its checked cells have
expected outputs.  Charts and explorers get their inputs from tests/contract_examples.py
(one line each).  The checks of each predicted mistake join once ``@exercise(mistakes=)``
exists.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

import contract_examples
import crmkit as ck
import expected_outputs
from crmkit import chapters
from crmkit.chapters import EDITIONS
from crmkit.exercises import registered
from crmkit.exercises.engine import get
from crmkit.quizbank import quiz

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
WRITTEN = chapters.entries(written=True)
LANGUAGES = ("en", "zh")


def _code(row, *, errors: bool = True) -> str:
    """The code of a written entry's notebook (both editions hold the same code); without
    the cells that show an error on purpose (tag raises-exception) if ``errors=False``."""
    notebook = json.loads((ROOT / row.notebook).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"
                     and (errors or "raises-exception" not in c["metadata"].get("tags", [])))


def _names(modules, kind):
    """(module, name) of every chart (kind "plots") or explorer factory (kind "widgets")."""
    found = []
    for module in modules:
        try:
            loaded = importlib.import_module(module)
        except ModuleNotFoundError:  # a topic without charts or an explorer
            continue
        names = [n for n in loaded.__all__ if callable(getattr(loaded, n))
                 and not isinstance(getattr(loaded, n), type)]
        found += [(module, n) for n in names if kind == "plots" or n.endswith("_explorer")]
    return found


CHARTS = [(row.code, module, name) for row in WRITTEN for module, name in _names(row.plots,
                                                                                   "plots")]
EXPLORERS = [(row.code, module, name) for row in WRITTEN
             for module, name in _names(row.widgets, "widgets")]
QUIZZES = [row for row in WRITTEN if row.quiz is not None]


def _id(item) -> str:
    code, module, name = item
    return f"{code}-{module.rsplit('.', 1)[-1]}.{name}"


# ---------------------------------------------------------------- quiz

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("row", QUIZZES, ids=[row.code for row in QUIZZES])
def test_quiz_loads_in_both_languages(row, language):
    ck.set_language(language)
    bank = quiz(row.code)
    assert bank.chapter == row.code and len(bank.questions) >= 8, (
        f"{row.quiz}: a chapter's self-check quiz needs at least 8 questions")
    form = bank.widget()
    assert form.children, f"{row.quiz}: the quiz form is empty"
    for qid in bank.questions:
        text = bank.question(qid).text[language]
        assert text.strip(), f"{row.quiz}, {qid}: no {language} text"
        assert language == "en" or HAN.search(text), f"{row.quiz}, {qid}: zh text not Chinese"


# ---------------------------------------------------------------- exercises

@pytest.mark.parametrize("row", WRITTEN, ids=[row.code for row in WRITTEN])
def test_exercises_are_registered_and_used_by_the_notebook(row):
    ids = registered(row.prefix)
    assert len(ids) >= 3, f"{row.code}: register its exercises in {row.exercises}"
    code = _code(row, errors=False)  # chapter 00 shows a mistyped id's error on purpose
    checked = set(re.findall(rf"ck\.check\(\s*[\"']({row.prefix}\.\w+)[\"']", code))
    hinted = set(re.findall(rf"ck\.hint\(\s*[\"']({row.prefix}\.\w+)[\"']", code))
    assert checked == set(ids), (f"{row.notebook}: ck.check calls {sorted(checked)} against "
                                 f"the registered {ids}")
    assert hinted == set(ids), f"{row.notebook}: no ck.hint(...) for {set(ids) - hinted}"
    for exercise_id in ids:
        exercise = get(exercise_id)
        for part in (exercise.title, exercise.hint):
            assert part["en"].strip() and HAN.search(part["zh"]), (
                f"{exercise_id}: a title and a hint in English and in Chinese")


# ---------------------------------------------------------------- charts and explorers

def _texts(ax: Axes) -> list[str]:
    """The words a reader sees on a chart: title, axis labels, legend."""
    legend = ax.get_legend()
    return [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
            *([t.get_text() for t in legend.get_texts()] if legend else []),
            *[t.get_text() for t in ax.figure.texts]]


@pytest.mark.parametrize("item", CHARTS, ids=[_id(c) for c in CHARTS])
def test_every_chart_draws_in_both_languages(item):
    code, module, name = item
    example = contract_examples.CHARTS.get(f"{module}.{name}")
    assert example is not None, (f"chapter {code}: {module}.{name} has no example: add one line "
                                 "to CHARTS in tests/contract_examples.py")
    words = {}
    for language in LANGUAGES:
        ck.set_language(language)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. a glyph missing from the font
            ax = example()
            assert isinstance(ax, Axes), f"{module}.{name} should return the Axes it drew on"
            ax.figure.canvas.draw()
        words[language] = " ".join(_texts(ax))
        plt.close("all")
    assert words["en"].strip(), f"{module}.{name}: the chart has no title, axis label or legend"
    assert HAN.search(words["zh"]), f"{module}.{name}: no Chinese on the chart in zh"
    assert not HAN.search(words["en"]), f"{module}.{name}: Chinese on the English chart"


@pytest.mark.parametrize("item", EXPLORERS, ids=[_id(e) for e in EXPLORERS])
def test_every_explorer_builds_with_a_static_summary(item):
    code, module, name = item
    example = contract_examples.EXPLORERS.get(f"{module}.{name}")
    assert example is not None, (f"chapter {code}: {module}.{name} has no example: add one line "
                                 "to EXPLORERS in tests/contract_examples.py")
    for language in LANGUAGES:
        ck.set_language(language)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            explorer = example()
        summary = explorer.summary()
        assert isinstance(summary, str) and summary.strip(), f"{name}: an empty summary"
        if language == "zh":
            assert HAN.search(summary), f"{name}: the summary is not in Chinese in zh"
        # where no kernel draws widgets (slides, a static page) the summary shows
        assert explorer._repr_mimebundle_()["text/plain"] == summary
        plt.close("all")


def test_every_chart_and_explorer_of_the_examples_exists():
    """No example outlives its chart: a renamed chart must rename its example too."""
    for key in [*contract_examples.CHARTS, *contract_examples.EXPLORERS]:
        module, name = key.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name, None)), key


# ---------------------------------------------------------------- glossary and outputs

_TERM_CALLS = {"label", "term"}


def glossary_keys(code: str) -> set[str]:
    """Every glossary key a notebook's code names literally: ``ck.label("key")``,
    ``ck.term("key")``, ``ck.glossary([...])`` and the lists assigned to ``..._TERMS``."""
    tree = ast.parse("\n".join(line for line in code.splitlines()
                               if not line.lstrip().startswith(("%", "!"))))
    lists = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lists[target.id] = node.value
    keys: set[str] = set()

    def strings(node):
        if isinstance(node, ast.Subscript):
            node = node.value
        if isinstance(node, ast.Name):
            node = lists.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return {e.value for e in node.elts if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        return set()

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _TERM_CALLS and isinstance(node.args[0], ast.Constant):
                keys |= strings(node.args[0])
            elif name == "glossary":
                keys |= strings(node.args[0])
    for name, node in lists.items():
        if name.endswith("_TERMS"):
            keys |= strings(node)
    return keys


def test_glossary_keys_are_found_in_code():
    code = ('import crmkit as ck\nTERMS = ["churn_rate", "retention_rate"]\n'
            'CHAPTER_TERMS = ["cohort"]\nck.label("customer").format(x=1)\n'
            'ck.glossary(TERMS[:1])\nck.term("clv")\nck.label(f"ui.{x}")\n%matplotlib inline')
    assert glossary_keys(code) == {"churn_rate", "retention_rate", "cohort", "customer", "clv"}


@pytest.mark.parametrize("row", WRITTEN, ids=[row.code for row in WRITTEN])
def test_every_glossary_key_the_notebook_names_exists(row):
    keys = glossary_keys(_code(row))
    missing = []
    for key in sorted(keys):
        try:
            texts = [ck.label(key, language) for language in LANGUAGES]
        except ck.CRMDataError:
            missing.append(key)
            continue
        assert all(t.strip() for t in texts), f"{key}: a label in both languages"
    assert not missing, f"{row.notebook} names glossary keys that do not exist: {missing}"


@pytest.mark.parametrize("row", WRITTEN, ids=[row.code for row in WRITTEN])
def test_checked_cells_have_expected_outputs_in_both_editions(row):
    for edition in EDITIONS:
        path = ROOT / row.path(edition)
        notebook = json.loads(path.read_text(encoding="utf-8"))
        checked = {c["id"] for c in notebook["cells"] if expected_outputs.is_checked(c)}
        assert checked, f"{path.name}: no cell prints its key numbers (# NBVAL_CHECK_OUTPUT)"
        recorded = expected_outputs.load(path)
        assert checked <= set(recorded), (f"{row.path(edition)}: run `python "
                                          f"tests/expected_outputs.py {row.path(edition)}`")
