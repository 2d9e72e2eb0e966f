"""Fuzz harness: every public function that takes a frame, against every kind of bad input.

In the spirit of scikit-learn's ``check_estimator``: nothing here names a
function.  :func:`frame_functions` finds every public ``crmkit`` function
(everything a module lists in ``__all__``, as ``ck.`` exposes it) with a
parameter annotated as a DataFrame, so a new chapter's functions are covered
by being public.  Each gets a clean call on a small slice of the sample data
(the frame chosen by the parameter's name, from :data:`SAMPLES`), then:

* **spoiled frames** — every kind in :data:`FRAME_SPOILS` (applied to the
  frame) and :data:`COLUMN_SPOILS` (applied to each column the function reads,
  found from its keyword defaults): only ``CRMDataError`` may escape, and the
  caller's frame must be unchanged afterwards;
* **silent cases** — the spoils in :data:`SILENT` change how the data are
  written, not what they say (time-zone offsets, text tiers after a CSV round
  trip, ids with a space in one frame, day-first dates): the result must equal
  the clean one, or a ``CRMDataError`` must be raised;
* **shuffled rows** give the same result (rows compared by their labels);
* **hostile arguments** — every column-name and number parameter gets values
  such as ``None``, ``[...]``, ``10**30``, ``nan``;
* **hypothesis frames** — random frames with the function's columns filled
  with a random mix of numbers, text, dates, gaps and extremes.

The counts of functions and inputs are printed at the end of the module
(``pytest -s tests/test_fuzz.py``) and asserted to stay above a floor.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmkit as ck
import crmkit.cases
from crmkit.cases import dairy, firing
from crmkit.errors import CRMDataError

# --------------------------------------------------------------------------- discovery


def _public() -> dict[str, Any]:
    """Everything public: the names on ``ck`` and each case's names (crmkit.cases.*)."""
    names = {name: getattr(ck, name) for name in ck.__all__}
    for case in pkgutil.iter_modules(crmkit.cases.__path__):
        module = importlib.import_module(f"crmkit.cases.{case.name}")
        names.update({name: getattr(module, name) for name in getattr(module, "__all__", [])})
    return names


def frame_functions() -> dict[str, Callable]:
    """Every public crmkit function with a DataFrame parameter, by name."""
    found = {}
    public = _public()
    for name in sorted(public):
        obj = public[name]
        if not inspect.isfunction(obj):
            continue
        params = inspect.signature(obj).parameters.values()
        if any("DataFrame" in str(p.annotation) for p in params):
            found[name] = obj
    return found


FUNCTIONS = frame_functions()


@cache
def _data() -> dict[str, pd.DataFrame]:
    """A small slice of the sample data: the first 120 customers in every frame."""
    orders = ck.load_transactions()
    keep = sorted(orders["customer_id"].unique())[:120]
    tx = orders[orders["customer_id"].isin(keep)].reset_index(drop=True)
    survey = ck.load_survey()
    complaints = ck.load_complaints()
    customers = ck.load_customers()
    contacts = ck.load_service_contacts()
    return {
        "transactions": tx,
        "survey": survey[survey["customer_id"].isin(keep)].reset_index(drop=True),
        "complaints": complaints[complaints["customer_id"].isin(keep)].reset_index(drop=True),
        "customers": customers[customers["customer_id"].isin(keep)].reset_index(drop=True),
        "customers_raw": ck.load_customers_raw().head(150),
        "households": ck.load_rice_households(),
        "acquisition": ck.load_acquisition(),
        "leads": ck.load_leads().head(200),
        "service_contacts": ck.load_service_contacts(),
        "abc": ck.abc_classes(tx),
        "tiers": ck.pyramid_tiers(tx),
        "scores": ck.rfm_scores(tx),
        "accumulation": ck.accumulation_table(),
        "lifetime": ck.lifetime_totals().reset_index()[["buyer"]].assign(
            amount=[10_000.0, 15_000.0]),
        "quadrants": ck.value_matrix(tx),
        "curve": ck.payback_curve(tx, customers, months=6),
        "costs": ck.cost_to_serve(tx, contacts[contacts["customer_id"].isin(keep)]),
        "funnel": ck.ladder_funnel(tx, suspects=5_000, prospects=1_000),
        "merges": ck.deduplicate(ck.load_customers_raw().head(150)).merges,
        "scored": ck.lead_score(ck.load_leads().head(200)),
        "subscribers": firing.subscribers(n=200),
        "profile": customers[customers["customer_id"].isin(keep)][
            ["customer_id", "is_member", "marketing_consent"]].reset_index(drop=True).assign(
            kept=lambda frame: frame["customer_id"].isin(tx.loc[
                tx["order_date"] >= "2025-07-01", "customer_id"])),
        "milk_subscriptions": dairy.milk_subscriptions().iloc[::12].reset_index(drop=True),
        "summary": ck.clv_summary(tx, "2024-12-31"),
    }


#: Parameter name -> sample frames to try for it, in order (the first whose clean call
#: works is used).  A new chapter with a new frame parameter name adds one line here.
SAMPLES: dict[str, tuple[str, ...]] = {
    "transactions": ("transactions",),
    "data": ("transactions",),
    "purchases": ("lifetime",),
    "survey": ("survey",),
    "complaints": ("complaints",),
    "customers": ("customers_raw", "quadrants", "customers"),
    "frame": ("customers_raw",),
    "households": ("households",),
    "acquisition": ("acquisition",),
    "leads": ("leads",),
    "service_contacts": ("service_contacts",),
    "classes": ("abc",),
    "tiers": ("tiers",),
    "scores": ("scores",),
    "table": ("accumulation",),
    "curve": ("curve",),
    "matrix": ("quadrants",),  # and loyalty_matrix's result, made below
    "costs": ("costs",),
    "funnel": ("funnel",),
    "records": ("customers_raw",),
    "merges": ("merges",),
    "scored": ("scored",),
    "subs": ("subscribers",),
    "profile": ("profile",),
    "subscriptions": ("milk_subscriptions",),
    "summary": ("summary",),
}

#: Required non-frame arguments, by parameter name.
_PER_CHANNEL = {"store": 50.0, "app": 80.0, "referral": 30.0, "social": 110.0, "search": 130.0}
REQUIRED = {"as_of": "1933-03-01", "month": "2024-06", "budget": {"store": 1000.0, "app": 500.0},
            "cost": _PER_CHANNEL, "repeat_rate": {c: 0.5 for c in _PER_CHANNEL},
            # merge_accuracy: the true customer of each of the 150 raw records
            "truth": pd.Series([f"C{i // 2}" for i in range(150)]),
            # the dairy case (crmkit.cases.dairy): a day and a route of its subscriptions
            "day": "2001-06-30", "route": "R07",
            # clv_summary's calibration period, forward_clv's margin
            "calibration_end": "2024-12-31", "margin_rate": 0.3,
            # group_difference: the column that splits the answers and the two groups compared
            "by": "satisfaction", "groups": (5, 4)}


def _frames_of(func: Callable) -> list[str]:
    """The frame parameters a clean call passes (required ones, or frames the sample has)."""
    params = inspect.signature(func).parameters.values()
    return [p.name for p in params if "DataFrame" in str(p.annotation)
            and (p.default is inspect.Parameter.empty or p.default is not None)]


@cache
def clean_call(name: str) -> tuple[dict[str, Any], Any]:
    """Keyword arguments of a working call of ``name`` and its result."""
    func = FUNCTIONS[name]
    data = _data()
    options: dict[str, list[pd.DataFrame]] = {}
    for param in _frames_of(func):
        if param == "matrix":
            options[param] = [ck.loyalty_matrix(data["survey"], data["transactions"]),
                              *(data[key] for key in SAMPLES[param])]
        else:
            assert param in SAMPLES, (
                f"{name}: no sample frame for parameter {param!r}; add it to SAMPLES")
            options[param] = [data[key] for key in SAMPLES[param]]
    required = {p.name: REQUIRED[p.name] for p in inspect.signature(func).parameters.values()
                if p.default is inspect.Parameter.empty and p.name in REQUIRED}
    errors = []
    for choice in _product(options):
        kwargs = {**choice, **required}
        try:
            return kwargs, func(**kwargs)
        except CRMDataError as err:
            errors.append(str(err))
    raise AssertionError(f"{name}: no clean call works: {errors}")


def _product(options: dict[str, list[Any]]) -> list[dict[str, Any]]:
    combos: list[dict[str, Any]] = [{}]
    for key, values in options.items():
        combos = [{**c, key: v} for c in combos for v in values]
    return combos


def used_columns(name: str, frame: pd.DataFrame) -> list[str]:
    """Columns of ``frame`` the function reads: its keyword defaults that name a column.

    A function that takes its column names as one ``columns=`` mapping may read any
    column of the frame: all are spoiled in turn.
    """
    params = inspect.signature(FUNCTIONS[name]).parameters
    if "columns" in params and params["columns"].default is None and name not in (
            "mask_pii", "merge_pairs"):
        return list(frame.columns)
    names = [p.default for p in params.values() if isinstance(p.default, str)]
    return [c for c in dict.fromkeys(names) if c in frame.columns]


# --------------------------------------------------------------------------- the catalogue


def _put(frame: pd.DataFrame, column: str, value: Any, row: int = 0) -> pd.DataFrame:
    bad = frame.copy()
    col = bad[column].astype(object).copy()
    col.iloc[row % len(col)] = value
    bad[column] = col
    return bad


def _is_dates(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series)


def _is_numbers(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


#: Spoils of a whole frame: name -> function(frame) returning the spoiled input.
FRAME_SPOILS: dict[str, Callable[[pd.DataFrame], Any]] = {
    "empty": lambda f: f.iloc[0:0],
    "no_columns": lambda f: pd.DataFrame(index=f.index),
    "a_list": lambda f: f.to_dict("records"),
    "a_dict": lambda f: f.to_dict(),
    "a_series": lambda f: f.iloc[:, 0],
    "none": lambda f: None,
    "multiindex_columns": lambda f: f.set_axis(
        pd.MultiIndex.from_tuples([(str(c), "sum") for c in f.columns]), axis=1),
    "duplicated_columns": lambda f: pd.concat([f, f], axis=1),
    "string_index": lambda f: f.set_axis([f"r{i}" for i in range(len(f))]),
    "duplicated_index": lambda f: f.set_axis([0] * len(f)),
    "one_row": lambda f: f.iloc[:1],
    "all_text": lambda f: f.astype(str),
    "categorical": lambda f: f.astype({c: "category" for c in f.columns
                                       if f[c].dtype == "str"}),
}

#: Spoils of one column (applied to each column the function reads).
COLUMN_SPOILS: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "dropped": lambda f, c: f.drop(columns=c),
    "missing_value": lambda f, c: _put(f, c, np.nan, 1),
    "none_value": lambda f, c: _put(f, c, None, 2),
    "text_value": lambda f, c: _put(f, c, "abc", 3),
    "yuan_text": lambda f, c: _put(f, c, "¥30", 0),
    "thousands": lambda f, c: _put(f, c, "1,200.50", 0),
    "negative": lambda f, c: _put(f, c, -5, 1),
    "infinite": lambda f, c: _put(f, c, np.inf, 2),
    "huge_float": lambda f, c: _put(f, c, 1e20, 0),
    "huge_int": lambda f, c: _put(f, c, 10**19, 0),
    "python_bigint": lambda f, c: _put(f, c, 10**30, 0),
    "bool_value": lambda f, c: _put(f, c, True, 1),
    "list_value": lambda f, c: _put(f, c, [1, 2], 1),
    "far_future_date": lambda f, c: _put(f, c, "2305-01-01", 1),
    "date_typo": lambda f, c: _put(f, c, "2025-13-45", 1),
    "all_missing": lambda f, c: f.assign(**{c: np.nan}),
    "numbers_for_dates": lambda f, c: f.assign(**{c: np.arange(len(f)) + 45_000})
    if _is_dates(f[c]) else f.assign(**{c: 1}),
    "nullable_int": lambda f, c: f.assign(**{c: pd.array(
        pd.to_numeric(f[c], errors="coerce").round().astype("Int64"))})
    if _is_numbers(f[c]) else f,
}

#: Spoils that make ids differ between two frames that are joined (only for joins: in a
#: single frame "C00001 " is simply another customer, which no function can know).
JOIN_ONLY = {"id_with_space", "id_lower_case"}

#: Cases allowed on purpose, with the reason (name -> test -> why).
ALLOWED = {
    "deduplicate": {"shuffled": "keeps the first record of each duplicate group by the "
                                "documented rule, so the row order decides which record stays"},
}

#: Spoils that change only how the data are written: result equals the clean one, or an error.
SILENT: dict[str, Callable[[pd.DataFrame, str], pd.DataFrame]] = {
    "offset_dates": lambda f, c: f.assign(**{c: f[c].dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")})
    if _is_dates(f[c]) else f,
    "tz_aware_dates": lambda f, c: f.assign(**{c: f[c].dt.tz_localize("Asia/Shanghai")})
    if _is_dates(f[c]) else f,
    "day_first_text": lambda f, c: f.assign(**{c: f[c].dt.strftime("%d/%m/%Y %H:%M")})
    if _is_dates(f[c]) else f,
    "csv_round_trip": lambda f, c: f.assign(**{c: f[c].astype(str)})
    if isinstance(f[c].dtype, pd.CategoricalDtype) else f,
    "id_with_space": lambda f, c: _put(f, c, f[c].iloc[0] + " ", 0)
    if c == "customer_id" and f[c].dtype == "str" else f,
    "id_lower_case": lambda f, c: f.assign(**{c: f[c].str.lower()})
    if c == "customer_id" and f[c].dtype == "str" else f,
}

HOSTILE_NAMES = [None, 3.5, ["customer_id"], {"a": 1}, ("x", "y"), 10**30]
HOSTILE_COLUMNS = [3, "customer_id", ["customer_id"], {"no_such_role": "x"}, {3: "x"}]
HOSTILE_NUMBERS = [10**30, -1, float("nan"), float("inf"), "3", None, [1], True, 1e300]


# --------------------------------------------------------------------------- assertions


class Escapes(list):
    """The exceptions other than CRMDataError one test saw (reported all at once)."""

    def check(self) -> None:
        if self:
            shown = "\n".join(self[:12])
            pytest.fail(f"{len(self)} call(s) raised something else than CRMDataError:\n{shown}")


def _call(name: str, kwargs: dict[str, Any], escapes: Escapes, how: str = "") -> Any:
    """Call and return the result, or the CRMDataError; other exceptions go to ``escapes``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are not the subject here
        try:
            return FUNCTIONS[name](**kwargs)
        except CRMDataError as err:
            return err
        except Exception as err:  # noqa: BLE001 - the point of the harness
            escapes.append(f"{name}({_describe(kwargs)}) [{how}] raised "
                           f"{type(err).__name__}: {str(err)[:150]}")
            return err


def _describe(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}=<{type(v).__name__}>" if isinstance(v, pd.DataFrame) else
                     f"{k}={v!r}"[:60] for k, v in kwargs.items())


def _equal(left: Any, right: Any) -> bool:
    try:
        if isinstance(left, pd.DataFrame):
            pd.testing.assert_frame_equal(left, right, check_dtype=False,
                                          check_categorical=False)
        else:
            pd.testing.assert_series_equal(left, right, check_dtype=False,
                                           check_categorical=False)
        return True
    except (AssertionError, TypeError, ValueError):
        return False


def _same(a: Any, b: Any) -> bool:
    """Equal results, rows matched by their labels, or (numbered rows) as a set of rows."""
    if isinstance(a, (pd.DataFrame, pd.Series)) and isinstance(b, type(a)):
        if _equal(a.sort_index(kind="stable"), b.sort_index(kind="stable")):
            return True
        if isinstance(a.index, pd.RangeIndex) and isinstance(a, pd.DataFrame):
            def rows(x: pd.DataFrame) -> pd.DataFrame:
                keys = x.astype(str)
                return x.iloc[np.lexsort([keys[c] for c in reversed(keys.columns)])].reset_index(
                    drop=True)
            return _equal(rows(a), rows(b))
        return False
    try:
        return bool(a == b) or (a != a and b != b)
    except (TypeError, ValueError):
        return False


def _check_unchanged(before: dict[str, Any], kwargs: dict[str, Any], name: str, how: str):
    for key, value in before.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(kwargs[key], value, obj=f"{name} {how}: {key}")


COUNTS: dict[str, int] = {}


def _count(kind: str, n: int = 1) -> None:
    COUNTS[kind] = COUNTS.get(kind, 0) + n


# --------------------------------------------------------------------------- the tests

NAMES = sorted(FUNCTIONS)


def test_every_public_frame_function_is_found():
    assert len(FUNCTIONS) >= 40
    for name in ("rfm_scores", "recovery_effect", "run_out_dates", "mask_pii"):
        assert name in FUNCTIONS


@pytest.mark.parametrize("name", NAMES)
def test_spoiled_frames_raise_only_crmdataerror_and_leave_the_input_alone(name):
    kwargs, _ = clean_call(name)
    escapes = Escapes()
    for param in [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]:
        frame = kwargs[param]
        spoiled = [(how, spoil(frame)) for how, spoil in FRAME_SPOILS.items()]
        spoiled += [(f"{how}[{col}]", spoil(frame, col))
                    for col in used_columns(name, frame)
                    for how, spoil in COLUMN_SPOILS.items()]
        for how, bad in spoiled:
            call = {**kwargs, param: bad}
            before = copy.deepcopy(call)
            _call(name, call, escapes, how)
            _check_unchanged(before, call, name, how)
            _count("spoiled")
    escapes.check()


@pytest.mark.parametrize("name", NAMES)
def test_silent_spoils_give_the_clean_result_or_an_error(name):
    kwargs, clean = clean_call(name)
    escapes, silent = Escapes(), []
    for param in [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]:
        frame = kwargs[param]
        for col in used_columns(name, frame):
            for how, spoil in SILENT.items():
                if how in JOIN_ONLY and len(_frames_of(FUNCTIONS[name])) < 2:
                    continue
                bad = spoil(frame, col)
                if bad is frame or bad.equals(frame):
                    continue
                got = _call(name, {**kwargs, param: bad}, escapes, how)
                _count("silent")
                if not (isinstance(got, Exception) or _same(got, clean)):
                    silent.append(f"{how} on {param}[{col!r}]")
    escapes.check()
    assert not silent, f"{name}: a different result, silently, after {silent}"


@pytest.mark.parametrize("name", NAMES)
def test_shuffled_rows_give_the_same_result(name):
    kwargs, clean = clean_call(name)
    for param in [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]:
        frame = kwargs[param]
        shuffled = frame.sample(frac=1.0, random_state=7)
        got = _call(name, {**kwargs, param: shuffled}, Escapes(), "shuffled")
        _count("shuffled")
        if "shuffled" in ALLOWED.get(name, {}):
            assert not _same(got, clean) or len(frame) < 2  # still true, else drop the entry
            continue
        assert _same(got, clean), f"{name}: shuffling the rows of {param} changes the result"


@pytest.mark.parametrize("name", NAMES)
def test_hostile_arguments_raise_only_crmdataerror(name):
    kwargs, _ = clean_call(name)
    escapes = Escapes()
    params = inspect.signature(FUNCTIONS[name]).parameters.values()
    for p in params:
        if p.name in kwargs and isinstance(kwargs[p.name], pd.DataFrame):
            continue
        if p.name == "columns":
            values = HOSTILE_COLUMNS
        elif isinstance(p.default, str) or p.name in REQUIRED:
            values = HOSTILE_NAMES
        elif isinstance(p.default, (int, float)) and not isinstance(p.default, bool):
            values = HOSTILE_NUMBERS
        else:
            continue
        for value in values:
            _call(name, {**kwargs, p.name: value}, escapes, p.name)
            _count("hostile")
    escapes.check()


_CELLS = st.one_of(
    st.none(), st.just(np.nan), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
    st.text(max_size=6), st.sampled_from(["2025-01-13", "13/01/2025", "05/01/2025",
                                          "2025-01-13T10:00+08:00", "2305-01-01", "C00001",
                                          "resolved", "Important", "A", "¥30", "1,200.50"]),
    st.booleans(), st.datetimes(),
)


@st.composite
def _hypothesis_case(draw):
    name = draw(st.sampled_from(NAMES))
    kwargs, _ = clean_call(name)
    frames = [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]
    param = draw(st.sampled_from(frames))
    frame = kwargs[param]
    columns = used_columns(name, frame) or list(frame.columns[:3])
    n = draw(st.integers(0, 6))
    data = {c: draw(st.lists(_CELLS, min_size=n, max_size=n)) for c in columns}
    return name, {**kwargs, param: pd.DataFrame(data, dtype=object)}


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=_hypothesis_case())
def test_hypothesis_frames_raise_only_crmdataerror(case):
    name, kwargs = case
    escapes = Escapes()
    _call(name, kwargs, escapes, "hypothesis")
    _count("hypothesis")
    escapes.check()


def test_zz_report_the_size_of_the_run(capsys):
    """Runs last (by name): the number of functions and inputs the harness tried."""
    total = sum(COUNTS.values())
    with capsys.disabled():
        print(f"\nfuzz harness: {len(FUNCTIONS)} frame functions, {total} calls "
              f"({', '.join(f'{k} {v}' for k, v in sorted(COUNTS.items()))})")
    if COUNTS.get("spoiled"):  # the whole module ran, not a -k selection
        assert COUNTS["spoiled"] >= 30 * len(FUNCTIONS)
