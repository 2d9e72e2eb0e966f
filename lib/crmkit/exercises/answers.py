"""Answers written down as plain JSON, so the instructor's grader can check them again.

While :mod:`crmkit.grade` runs a submitted notebook it sets the environment
variable ``CRMKIT_ANSWERS`` to a file in the submission's own folder.  Every
``ck.check(id, answer)`` then appends one line to that file::

    {"id": "04.clv_retention", "language": "zh", "answer": {"t": "float", "v": 3934.2}}

The grader reads the lines back in its own process and checks each answer with
its own checkers, so a notebook that replaces ``ck.check``, edits the expected
answers or prints a fake ✅ gains nothing.  Nothing here runs code found in the
file (no pickle): numbers, text, True/False, lists, dicts, NumPy arrays, pandas
Series and DataFrames are written as JSON with their dtypes and read back as the
same kind of object; anything else is kept as its type name only ("an object of
type Widget"), which no checker accepts.  A line that cannot be read counts as
no answer.  Outside the grader (the variable unset) nothing is written.

While a notebook is graded (:func:`graded`) the library also refuses to hand
out expected answers (``ck.exercises.solution``), and writes the refused request
down as ``{"id": "04.clv_retention", "language": "en", "solution": true}``: the
grader gives no points for that exercise.

>>> import pandas as pd
>>> from crmkit.exercises.answers import decode, encode
>>> decode(encode(pd.Series({"a_customers": 70, "b_customers": 130})))["b_customers"]
np.int64(130)
>>> decode(encode(["comfort", "safety", 3.5]))
['comfort', 'safety', 3.5]
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ENV", "decode", "encode", "graded", "read", "record", "record_solution_request"]

#: The environment variable naming the file ``ck.check`` appends its answers to.
ENV = "CRMKIT_ANSWERS"

# as the kernel started: removing the variable later does not end the grading
_AT_START = os.environ.get(ENV)
_DEPTH = 20  # nesting the reader accepts (a list of lists of ...)
_MAX_BYTES = 200_000_000  # a recording larger than this is not read at all
_SAFE_ARRAY_KINDS = set("biufcUSM")  # NumPy dtype kinds rebuilt as such; others as objects


# --------------------------------------------------------------------------- writing


def _target() -> str | None:
    return os.environ.get(ENV) or _AT_START


def graded() -> bool:
    """True while the instructor's grader runs this notebook (``$CRMKIT_ANSWERS`` is set)."""
    return bool(_target())


def _append(line: dict) -> None:
    target = _target()
    if target:
        with Path(target).open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, ensure_ascii=False) + "\n")


def record(exercise_id: str, answer: Any, language: str) -> None:
    """Append one checked answer to the file named by ``$CRMKIT_ANSWERS`` (if set).

    Never raises: a recording problem must not disturb the student's notebook;
    an answer that cannot be written is recorded as an object of its type.
    """
    if not graded():
        return
    try:
        try:
            encoded = encode(answer)
        except Exception:  # noqa: BLE001 - any answer at all may arrive here
            encoded = _opaque(answer)
        _append({"id": exercise_id, "language": language, "answer": encoded})
    except Exception:  # noqa: BLE001, S110 - recording is best effort, see the docstring
        pass


def record_solution_request(exercise_id: str, language: str) -> None:
    """Write down that the graded notebook asked for the expected answer of an exercise."""
    try:
        _append({"id": exercise_id, "language": language, "solution": True})
    except Exception:  # noqa: BLE001, S110 - recording is best effort, see the docstring
        pass


def _opaque(value: Any) -> dict:
    return {"t": "object", "type": type(value).__name__[:80]}


def _scalar(value: Any) -> Any:
    """One cell of a column as a JSON value: numbers, text, True/False, None, ISO dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (pd.Timedelta, dt.timedelta)):
        return str(value)
    return repr(value)[:200]


def _column(values: pd.Series | pd.Index) -> dict:
    column: dict[str, Any] = {"dtype": str(values.dtype)}
    if isinstance(values.dtype, pd.CategoricalDtype):
        column["categories"] = [_scalar(x) for x in values.dtype.categories]
        column["ordered"] = bool(values.dtype.ordered)
    column["v"] = [_scalar(x) for x in values.tolist()]
    return column


def _index(index: pd.Index) -> dict:
    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step], "names": [_scalar(index.name)]}
    if isinstance(index, pd.MultiIndex):
        return {"names": [_scalar(n) for n in index.names],
                "levels": [_column(index.get_level_values(i)) for i in range(index.nlevels)]}
    return {"names": [_scalar(index.name)], "levels": [_column(index)]}


def encode(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready data tagged with its kind (see the module docstring)."""
    if depth > _DEPTH:
        raise ValueError("nested too deeply")
    if value is None:
        return {"t": "none"}
    if value is Ellipsis:
        return {"t": "ellipsis"}
    if isinstance(value, (bool, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, (int, np.integer)):
        return {"t": "int", "v": int(value)}
    if isinstance(value, (float, np.floating)):
        return {"t": "float", "v": float(value)}
    if isinstance(value, str):
        return {"t": "str", "v": str(value)}
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)) and value is not pd.NaT:
        return {"t": "timestamp", "v": value.isoformat()}
    for kind, cls in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
        if type(value) is cls or (cls is tuple and isinstance(value, tuple)):
            return {"t": kind, "v": [encode(x, depth + 1) for x in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(k, depth + 1), encode(v, depth + 1)]
                                   for k, v in value.items()]}
    if isinstance(value, np.ndarray):
        return {"t": "ndarray", "dtype": value.dtype.str, "shape": list(value.shape),
                "v": [_scalar(x) for x in value.ravel().tolist()]}
    if isinstance(value, pd.DataFrame):
        return {"t": "frame", "columns": [encode(c, depth + 1) for c in value.columns],
                "columns_name": _scalar(value.columns.name), "index": _index(value.index),
                "data": [_column(value.iloc[:, i]) for i in range(value.shape[1])]}
    if isinstance(value, pd.Series):
        return {"t": "series", "name": encode(value.name, depth + 1),
                "index": _index(value.index), "data": _column(value)}
    if isinstance(value, pd.Index):
        return {"t": "index", "index": _index(value)}
    return _opaque(value)


# --------------------------------------------------------------------------- reading


def _rebuild(column: Any) -> pd.Series:
    """A column written by :func:`_column` as a Series of its dtype (object if that fails)."""
    if not isinstance(column, dict) or not isinstance(column.get("v"), list):
        raise ValueError("not a column")
    values = column["v"]
    if any(isinstance(x, (dict, list)) for x in values):
        raise ValueError("a column holds only plain values")
    dtype = str(column.get("dtype", "object"))
    plain = pd.Series(values, dtype=object)
    try:
        if dtype == "category":
            categories = column.get("categories")
            if not isinstance(categories, list):
                raise ValueError("categories missing")
            return pd.Series(pd.Categorical(values, categories=categories,
                                            ordered=bool(column.get("ordered"))))
        if dtype.startswith("datetime64"):
            dates = pd.to_datetime(plain, format="ISO8601", utc="," in dtype)
            return dates.dt.tz_convert(dtype.split(",", 1)[1].strip(" ]")) if "," in dtype \
                else dates.astype(dtype)
        if dtype.startswith("timedelta"):
            return pd.to_timedelta(plain).astype(dtype)
        if dtype == "object":
            return plain
        return plain.astype(pd.api.types.pandas_dtype(dtype))
    except Exception:  # noqa: BLE001 - a dtype we cannot rebuild: keep the plain values
        return plain


def _rebuild_index(data: Any) -> pd.Index:
    if not isinstance(data, dict) or not isinstance(data.get("names"), list):
        raise ValueError("not an index")
    names = [n if n is None or isinstance(n, (str, int, float)) else str(n)
             for n in data["names"]]
    if "range" in data:
        start, stop, step = (int(x) for x in data["range"])
        return pd.RangeIndex(start, stop, step, name=names[0] if names else None)
    levels = [pd.Index(_rebuild(level)) for level in data["levels"]]
    if len(levels) == 1:
        return levels[0].rename(names[0] if names else None)
    return pd.MultiIndex.from_arrays(levels, names=names)


def decode(data: Any, depth: int = 0) -> Any:
    """The value :func:`encode` wrote; ``ValueError`` if ``data`` is not such a record."""
    if depth > _DEPTH:
        raise ValueError("nested too deeply")
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise ValueError("not an encoded answer")
    kind, value = data["t"], data.get("v")
    simple = {"bool": bool, "int": int, "float": float, "str": str}
    if kind in simple:
        expected = (int, float) if kind == "float" else simple[kind]
        if not isinstance(value, expected) or (kind == "int" and isinstance(value, bool)):
            raise ValueError(f"not a {kind}")
        return simple[kind](value)
    if kind == "none":
        return None
    if kind == "ellipsis":
        return Ellipsis
    if kind == "timestamp":
        return pd.Timestamp(str(value))
    if kind in ("list", "tuple", "set", "frozenset"):
        if not isinstance(value, list):
            raise ValueError("not a list")
        items = [decode(x, depth + 1) for x in value]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if kind == "dict":
        return {decode(k, depth + 1): decode(v, depth + 1) for k, v in value}
    if kind == "ndarray":
        dtype = np.dtype(str(data["dtype"]))
        dtype = dtype if dtype.kind in _SAFE_ARRAY_KINDS else np.dtype(object)
        shape = tuple(int(x) for x in data["shape"])
        return np.array(value, dtype=dtype).reshape(shape)
    if kind == "series":
        series = _rebuild(data["data"])
        series.index = _rebuild_index(data["index"])
        series.name = decode(data["name"], depth + 1)
        return series
    if kind == "frame":
        columns = [decode(c, depth + 1) for c in data["columns"]]
        index = _rebuild_index(data["index"])
        parts = [_rebuild(column).set_axis(index) for column in data["data"]]
        if len(parts) != len(columns):
            raise ValueError("columns and data differ in length")
        frame = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=index)
        name = data.get("columns_name")
        frame.columns = pd.Index(columns, name=name if isinstance(name, (str, int)) else None)
        return frame
    if kind == "index":
        return _rebuild_index(data["index"])
    if kind == "object":
        name = str(data.get("type", "object"))[:80] or "object"
        return type(name, (), {"__repr__": lambda self: f"<{name}>"})()
    raise ValueError(f"unknown kind {kind!r}")


def read(path: str | os.PathLike) -> list[dict]:
    """Every readable record of a recording: ``{"id", "language", "answer"}`` dicts.

    An unreadable line (cut off, not JSON, not an encoded answer) gives a record
    whose ``answer`` is ``None`` and ``readable`` False; a refused request for
    the solution gives ``{"id", "language", "solution": True}``; a missing or
    oversized file gives no records.
    """
    path = Path(path)
    if not path.is_file() or path.stat().st_size > _MAX_BYTES:
        return []
    found = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
            exercise_id, language = data["id"], data.get("language", "en")
            if not isinstance(exercise_id, str) or not isinstance(language, str):
                continue
        except Exception:  # noqa: BLE001 - a line we cannot even attribute
            continue
        if data.get("solution") is True:
            found.append({"id": exercise_id, "language": language, "solution": True})
            continue
        try:
            found.append({"id": exercise_id, "language": language,
                          "answer": decode(data["answer"]), "readable": True})
        except Exception:  # noqa: BLE001 - unreadable answer: counts as no answer
            found.append({"id": exercise_id, "language": language, "answer": None,
                          "readable": False})
    return found
