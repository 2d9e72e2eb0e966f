"""pyproject.toml, environment.yml and constraints.txt describe one environment."""

import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    return {canonicalize_name(r.name): r for r in reqs}


def _conda_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    found = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            assert dep == {"pip": ["-e ."]}, "the pip section should only install the workbook"
            continue
        req = Requirement(dep)
        if req.name not in {"python", "pip"}:
            found[canonicalize_name(req.name)] = req
    return found


def _locked_versions():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"constraints.txt should pin exactly: {line}"
            pins[canonicalize_name(req.name)] = Version(spec.version)
    return pins


def test_conda_lists_the_same_packages_and_bounds_as_pyproject():
    pyproject, conda = _pyproject_requirements(), _conda_requirements()
    assert sorted(conda) == sorted(pyproject)
    for name, req in pyproject.items():
        assert str(conda[name].specifier) == str(req.specifier), name


def test_lock_pins_every_dependency_within_its_bounds():
    pins = _locked_versions()
    for name, req in _pyproject_requirements().items():
        assert name in pins, f"{name} is missing from constraints.txt: run `make lock`"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} violates {req}"


def test_pandas_is_version_3():
    assert _locked_versions()["pandas"].major == 3


def test_installed_versions_are_the_locked_ones():
    from importlib.metadata import version

    pins = _locked_versions()
    for name in _pyproject_requirements():
        assert Version(version(name)) == pins[name], f"{name}: run `make test` to re-install"
