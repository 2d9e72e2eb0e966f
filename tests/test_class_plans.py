"""A class plan's cells run on their own: in order, from a fresh kernel.

An instructor who follows a chapter's 90- or 45-minute plan runs only the cells the plan
lists, top to bottom, in a kernel started for the class.  A plan that skips the cell defining a
name a later listed cell reads breaks in front of the class, while the full notebook (which
nbval runs) still passes.  So a plan that names its cells — ``ch07-005 to ch07-008`` (every
cell from the first to the second, in notebook order) or single ids, in the instructor cell's
table, and after ``**45 minutes.**`` for the short plan — is executed here exactly as listed.

The English edition is run; the Chinese edition has the same code cells (tests/test_zh_edition.py)
and the same plan.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from crmkit.chapters import notebooks

_RANGE = re.compile(r"\b(ch\d\d-[a-z0-9]+)(?:\s+to\s+(ch\d\d-[a-z0-9]+))?")
_SHORT = "**45 minutes.**"


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _instructor_text(nb: dict) -> str:
    return "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown"
                     and "instructor" in c.get("metadata", {}).get("tags", []))


def plans(nb: dict) -> dict[str, list[str]]:
    """``{"90": [cell ids], "45": [cell ids]}`` as the instructor notes list them (ranges
    expanded in notebook order); empty when the notes name no cells."""
    order = [c["id"] for c in nb["cells"]]
    text = _instructor_text(nb)
    long_part, _, short_part = text.partition(_SHORT)
    short_part = short_part.split("\n\n")[0]
    found = {}
    for name, part in (("90", long_part), ("45", short_part)):
        ids: list[str] = []
        for first, last in _RANGE.findall(part):
            if first not in order or (last and last not in order):
                raise AssertionError(f"the {name}-minute plan names a cell that does not exist: "
                                     f"{first} {last}".strip())
            start = order.index(first)
            stop = order.index(last) if last else start
            assert stop >= start, f"the {name}-minute plan's range {first} to {last} runs back"
            ids += order[start:stop + 1]
        if ids:
            found[name] = ids
    return found


def _planned() -> list[tuple[Path, str]]:
    cases = []
    for path in notebooks("en", planned=True):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cases += [(path, name) for name in plans(nb)]
    return cases


PLANNED = _planned()


def test_plans_are_found():
    """Chapter 07 lists its cells in both plans (so the run below cannot silently vanish)."""
    names = {(path.name, name) for path, name in PLANNED}
    assert {("07-customer-satisfaction.ipynb", "90"),
            ("07-customer-satisfaction.ipynb", "45")} <= names


def test_plan_parsing_expands_ranges_in_notebook_order():
    cells = [{"cell_type": "code", "id": f"ch99-00{i}", "metadata": {}, "source": ""}
             for i in range(1, 7)]
    notes = {"cell_type": "markdown", "id": "ch99-n", "metadata": {"tags": ["instructor"]},
             "source": "| 0–5 | opening | ch99-001 to ch99-003 | core |\n| 5–9 | more | ch99-005 "
                       "| core |\n\n**45 minutes.** Cells: ch99-001, ch99-004 to ch99-005.\n\n"
                       "Other text naming ch99-006."}
    assert plans({"cells": [*cells, notes]}) == {
        "90": ["ch99-001", "ch99-002", "ch99-003", "ch99-005"],
        "45": ["ch99-001", "ch99-004", "ch99-005"]}
    notes["source"] = "| 0–5 | opening | ch99-001 to ch99-009 | core |"
    with pytest.raises(AssertionError, match="does not exist"):
        plans({"cells": [*cells, notes]})


@pytest.mark.parametrize(("path", "plan"), PLANNED,
                         ids=[f"{p.name}:{name}" for p, name in PLANNED])
def test_plan_runs_from_a_fresh_kernel(path, plan):
    nb = nbformat.read(path, as_version=4)
    wanted = plans(json.loads(path.read_text(encoding="utf-8")))[plan]
    by_id = {cell["id"]: cell for cell in nb.cells}
    code = [copy.deepcopy(by_id[i]) for i in wanted if by_id[i]["cell_type"] == "code"]
    assert code, f"{path.name}: the {plan}-minute plan lists no code cell"
    run = nbformat.v4.new_notebook(cells=code, metadata=nb.metadata)
    # cells tagged raises-exception may raise; any other error fails the plan
    NotebookClient(run, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [c["id"] for c in run.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"
              and "raises-exception" not in c.get("metadata", {}).get("tags", [])]
    assert not errors, f"{path.name}: the {plan}-minute plan fails in cells {errors}"
