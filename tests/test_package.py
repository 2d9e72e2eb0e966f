"""The public face of crmkit: what `import crmkit as ck` offers, and what it costs.

The names on ``ck``, ``ck.plots`` and ``ck.widgets`` are built from the modules'
``__all__`` and the chapter table (crmkit.chapters); these tests hold the
promise the README makes: every listed name is reachable where it says, and
no file, table or name slips out of step with the others.
"""

import importlib
import inspect
import pkgutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import crmkit as ck
from crmkit import chapters

LIB = Path(ck.__file__).resolve().parent
TOPICS = chapters.modules()
# The library's own machinery: every other top-level module must be a topic of CHAPTERS.
TOOLS = {"chapters", "errors", "i18n", "paths", "quizbank", "validate", "cases", "exercises",
         "fonts", "grade", "plots", "synth", "widgets"}


def _modules_in(folder):
    return sorted(i.name for i in pkgutil.iter_modules([str(folder)]) if not i.name.startswith("_"))


def _public_functions(module):
    return [n for n in module.__all__ if inspect.isfunction(getattr(module, n))]


def test_every_module_is_a_topic_of_the_chapter_table_or_a_tool():
    assert set(_modules_in(LIB)) == set(TOPICS) | TOOLS


def test_every_plot_and_widget_module_belongs_to_a_topic():
    assert set(_modules_in(LIB / "plots")) <= set(TOPICS)
    assert set(_modules_in(LIB / "widgets")) <= set(TOPICS) | {"quiz"}


def test_every_case_of_the_table_has_its_package_and_exercises():
    assert set(_modules_in(LIB / "cases")) == set(chapters.CASES.values())
    for case in chapters.CASES.values():
        assert {"model", "plots", "widget", "exercises"} <= set(_modules_in(LIB / "cases" / case))


def test_no_name_is_exported_twice():
    names = Counter(name for topic in TOPICS
                    for name in importlib.import_module(f"crmkit.{topic}").__all__)
    assert [n for n, count in names.items() if count > 1] == []
    assert len(ck.__all__) == len(set(ck.__all__))
    assert len(ck.plots.__all__) == len(set(ck.plots.__all__))


@pytest.mark.parametrize("topic", TOPICS)
def test_every_name_a_topic_lists_is_on_ck(topic):
    module = importlib.import_module(f"crmkit.{topic}")
    assert module.__all__, f"crmkit.{topic} lists nothing in __all__"
    for name in module.__all__:
        assert getattr(ck, name) is getattr(module, name), f"ck.{name} is not {topic}.{name}"
        assert name in ck.__all__


@pytest.mark.parametrize("topic", [t for t in TOPICS if t != "datasets"])
def test_every_analytics_function_is_documented_with_an_example_and_its_errors(topic):
    module = importlib.import_module(f"crmkit.{topic}")
    for name in _public_functions(module):
        doc = inspect.getdoc(getattr(module, name)) or ""
        assert ">>>" in doc, f"{topic}.{name}: the docstring needs an example that runs"
        assert "CRMDataError" in doc, f"{topic}.{name}: the docstring should name its errors"


@pytest.mark.parametrize("area", _modules_in(LIB / "plots"))
def test_every_chart_is_on_ck_plots(area):
    module = importlib.import_module(f"crmkit.plots.{area}")
    assert ck.plots.AREAS[area] == tuple(module.__all__)
    for name in module.__all__:
        assert getattr(ck.plots, name) is getattr(module, name), f"ck.plots.{name}"
        # every chart can be drawn in the other language without switching the notebook's
        assert "language" in inspect.signature(getattr(module, name)).parameters, name


@pytest.mark.parametrize("area", _modules_in(LIB / "widgets"))
def test_every_explorer_is_on_ck_widgets(area):
    module = importlib.import_module(f"crmkit.widgets.{area}")
    assert ck.widgets.AREAS[area] == tuple(module.__all__)
    for name in module.__all__:
        assert getattr(ck.widgets, name) is getattr(module, name), f"ck.widgets.{name}"


def test_the_tools_are_on_ck():
    assert ck.quiz("04").questions
    assert ck.check is importlib.import_module("crmkit.exercises").check
    for name in ck.__all__:
        assert getattr(ck, name) is not None, name


def test_cases_stay_off_ck_but_their_exercises_are_checked(capsys):
    from crmkit.cases import rice_shop
    from crmkit.exercises import solution

    for name in rice_shop.__all__:
        assert not hasattr(ck, name), f"ck.{name}: a case's name on the top level"
    assert ck.check("c01.run_out", solution("c01.run_out"))
    assert not ck.check("c01.run_out", ck.load_rice_households())
    capsys.readouterr()


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'rfm_score'"):
        ck.rfm_score  # noqa: B018


def test_import_is_light():
    code = ("import sys, crmkit; heavy = [m for m in ('matplotlib', 'ipywidgets', 'yaml') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("topic", TOPICS)
def test_analytics_return_data_not_language(topic):
    """A topic module imports no language, chart or widget code: it returns codes and keys."""
    import ast

    tree = ast.parse((LIB / f"{topic}.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {f"crmkit.{alias.name}" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module == "crmkit"
                 for alias in node.names}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    banned = {m for m in imported if m and m.split(".")[:2] in (
        ["crmkit", "i18n"], ["crmkit", "plots"], ["crmkit", "widgets"])}
    assert not banned, f"crmkit.{topic} imports {sorted(banned)}"


def test_every_function_taking_as_of_points_to_its_one_definition():
    """as_of is defined once (validate.as_of_date); every docstring that takes it says so."""
    import importlib
    import inspect

    from crmkit.chapters import CASES

    found = [getattr(ck, name) for name in ck.__all__]
    for case in CASES.values():
        module = importlib.import_module(f"crmkit.cases.{case}")
        found += [getattr(module, name) for name in module.__all__]
    taking = [f for f in found if callable(f) and _has_parameter(f, "as_of")]
    assert len(taking) >= 8
    silent = [f.__name__ for f in taking if "validate.as_of_date" not in inspect.getdoc(f)]
    assert not silent, f"docstrings that take as_of without pointing to its definition: {silent}"


def _has_parameter(func, name):
    import inspect
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- layers

#: What every layer may use: the checks, the error, the language.
MACHINERY = {"crmkit.validate", "crmkit.errors", "crmkit.i18n"}


def _crmkit_imports(path):
    """``{module: names imported from it}`` for every crmkit module ``path`` imports.

    ``from crmkit import validate`` counts as the module ``crmkit.validate``; a
    whole module imported (``import crmkit.value``, ``from crmkit import value``)
    has the name ``"*"``.  Imports inside functions count too.
    """
    import ast

    def is_module(dotted):
        place = LIB.joinpath(*dotted.split(".")[1:])
        return place.with_suffix(".py").is_file() or (place / "__init__.py").is_file()

    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crmkit"):
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                if is_module(inner):  # from crmkit import value: the module crmkit.value
                    found.setdefault(inner, set()).add("*")
                else:
                    found.setdefault(node.module, set()).add(alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("crmkit"):
                    found.setdefault(alias.name, set()).add("*")
    return found


EXPLORERS = ([f"widgets/{m}.py" for m in _modules_in(LIB / "widgets")]
             + [f"cases/{case}/widget.py" for case in chapters.CASES.values()])
CHARTS = ([f"plots/{m}.py" for m in _modules_in(LIB / "plots")]
          + [f"cases/{case}/plots.py" for case in chapters.CASES.values()])


@pytest.mark.parametrize("path", EXPLORERS)
def test_an_explorer_imports_the_base_its_own_analytics_and_charts_only(path):
    """No sideways import: what explorers share lives in the base, widgets/_explorer.py.

    ``widgets/<topic>.py`` uses ``crmkit.<topic>`` and ``crmkit.plots.<topic>``;
    ``cases/<case>/widget.py`` uses its case's ``model`` and ``plots``.
    """
    folder, name = path.split("/")[:2]
    own = ({f"crmkit.{name[:-3]}", f"crmkit.plots.{name[:-3]}"} if folder == "widgets"
           else {f"crmkit.cases.{name}.model", f"crmkit.cases.{name}.plots"})
    allowed = own | MACHINERY | {"crmkit.widgets._explorer"}
    strays = sorted(set(_crmkit_imports(LIB / path)) - allowed)
    assert not strays, f"{path} imports {strays}; it may import {sorted(allowed)}"


def test_every_explorer_stands_on_the_base():
    """One layout, one PNG rendering and one static summary: every explorer class is an Explorer."""
    from crmkit.widgets._explorer import Explorer

    classes = []
    for path in EXPLORERS:
        module = importlib.import_module("crmkit." + path[:-3].replace("/", "."))
        classes += [obj for name in module.__all__ if inspect.isclass(obj := getattr(module, name))]
    assert len(classes) >= 12
    assert [c.__name__ for c in classes if not issubclass(c, Explorer)] == []
    for cls in classes:  # each defines the three parts; the base joins them
        assert {"compute", "summary", "draw"} <= set(vars(cls)), cls.__name__
        assert not {"update", "png", "_repr_mimebundle_"} & set(vars(cls)), cls.__name__


@pytest.mark.parametrize("path", CHARTS)
def test_a_chart_draws_the_frame_it_is_given(path):
    """Charts take computed frames: a chart module calls no analytics function.

    From a topic module (``crmkit.<topic>``) or a case's ``model`` it may import
    constants (UPPER_CASE names such as ``PYRAMID_TIERS``), never a function
    that computes: the caller computes with the analytics function and passes
    the frame (``programme_chart(ck.programme_curve(...))``).
    """
    analytics = ({f"crmkit.{t}" for t in TOPICS}
                 | {f"crmkit.cases.{case}.model" for case in chapters.CASES.values()})
    calls = sorted(f"{module}.{name}" for module, names in _crmkit_imports(LIB / path).items()
                   if module in analytics for name in names if not name.isupper())
    assert not calls, f"{path} computes with {calls}: take the computed frame instead"
