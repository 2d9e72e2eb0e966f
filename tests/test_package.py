"""The public face of crmkit: what `import crmkit as ck` offers, and what it costs."""

import importlib
import inspect
import subprocess
import sys

import pytest

import crmkit as ck

ANALYTICS = ["identify", "select", "value", "ladder", "acquisition", "retention", "satisfaction",
             "loyalty", "complaints"]
PLOT_AREAS = ["identify", "select", "value", "ladder", "retention", "satisfaction", "loyalty",
              "complaints"]


def _public_functions(module):
    return [n for n in module.__all__ if inspect.isfunction(getattr(module, n))]


def test_every_top_level_name_resolves():
    for name in ck.__all__:
        assert getattr(ck, name) is not None, name


@pytest.mark.parametrize("area", ANALYTICS)
def test_every_analytics_function_is_exported_at_top_level_and_documented(area):
    module = importlib.import_module(f"crmkit.{area}")
    for name in _public_functions(module):
        assert getattr(ck, name) is getattr(module, name), f"ck.{name} is not {area}.{name}"
        doc = inspect.getdoc(getattr(module, name)) or ""
        assert ">>>" in doc, f"{area}.{name}: the docstring needs an example that runs"
        assert "CRMDataError" in doc, f"{area}.{name}: the docstring should name its errors"


@pytest.mark.parametrize("area", PLOT_AREAS)
def test_every_plot_is_reachable_from_ck_plots(area):
    module = importlib.import_module(f"crmkit.plots.{area}")
    for name in _public_functions(module):
        assert getattr(ck.plots, name) is getattr(module, name), f"ck.plots.{name}"


def test_widgets_are_reachable():
    for name in ck.widgets.__all__:
        assert callable(getattr(ck.widgets, name)), name


def test_quiz_is_callable_and_a_module():
    assert callable(ck.quiz)
    assert ck.quiz("04").questions
    assert hasattr(ck.quiz, "load_bank")


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'rfm_score'"):
        ck.rfm_score  # noqa: B018


def test_import_is_light():
    code = ("import sys, crmkit; heavy = [m for m in ('matplotlib', 'ipywidgets', 'yaml') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
