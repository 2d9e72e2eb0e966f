"""Give nbval the expected outputs of cells marked ``# NBVAL_CHECK_OUTPUT``.

See tests/expected_outputs.py: notebooks are committed without outputs, so the
reference outputs are kept in tests/expected_outputs/ and put into the
collected cells here, before nbval runs them and compares.
"""

from pathlib import Path

import nbformat

import expected_outputs  # tests/expected_outputs.py (pytest's pythonpath includes tests/)


def pytest_collection_modifyitems(config, items):
    cache = {}
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not expected_outputs.is_checked(cell):
            continue
        notebook = Path(str(item.fspath))
        expected = cache.setdefault(notebook, expected_outputs.load(notebook))
        if cell.get("id") in expected:
            cell["outputs"] = [nbformat.from_dict(o) for o in expected[cell["id"]]]
            cell["execution_count"] = 1
