"""Expected outputs of the notebook cells marked ``# NBVAL_CHECK_OUTPUT``.

Notebooks are committed without outputs, but nbval only compares a cell's
fresh output with the output stored in the notebook.  So the reference
outputs of the marked cells live beside the tests, one JSON file per notebook
in ``tests/expected_outputs/`` (``{cell id: [outputs]}``), and the root
``conftest.py`` hands them to nbval before the notebooks run.  A change that
alters a number the text relies on then fails ``make test``.

After a deliberate change, record the new outputs (and review the diff)::

    python tests/expected_outputs.py            # every notebook
    python tests/expected_outputs.py notebooks/04-customer-value.ipynb
    python tests/expected_outputs.py notebooks/zh/04-customer-value.ipynb   # Chinese edition
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = Path(__file__).resolve().parent / "expected_outputs"
MARK = "# NBVAL_CHECK_OUTPUT"


def is_checked(cell) -> bool:
    """Whether a code cell asks nbval to compare its output."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return cell.get("cell_type") == "code" and source.lstrip().startswith(MARK)


def store_path(notebook: Path) -> Path:
    """Where the expected outputs of ``notebook`` are kept: its folders and name joined by
    ``--`` (``notebooks--04-customer-value.json``, ``notebooks--zh--04-customer-value.json``)."""
    parts = notebook.resolve().relative_to(ROOT).with_suffix("").parts
    return STORE / f"{'--'.join(parts)}.json"


def load(notebook: Path) -> dict[str, list]:
    path = store_path(notebook)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _clean(output: dict) -> dict:
    output = dict(output)
    output.pop("execution_count", None)
    output["metadata"] = {} if "metadata" in output else output.get("metadata")
    return {k: v for k, v in output.items() if v is not None}


def _joined(outputs: list[dict]) -> list[dict]:
    """Consecutive prints to the same stream as one output (how nbval compares them), so a
    re-recording does not differ only in where the kernel happened to split a stream."""
    joined: list[dict] = []
    for output in outputs:
        if (joined and output.get("output_type") == "stream"
                and joined[-1].get("output_type") == "stream"
                and joined[-1].get("name") == output.get("name")):
            joined[-1] = {**joined[-1], "text": joined[-1]["text"] + output["text"]}
        else:
            joined.append(output)
    return joined


def record(notebook: Path) -> Path:
    """Run ``notebook`` in a fresh kernel and store the outputs of its checked cells."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    outputs = {cell["id"]: _joined([_clean(o) for o in cell["outputs"]])
               for cell in nb.cells if is_checked(cell)}
    path = store_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outputs, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def notebooks() -> list[Path]:
    """Every notebook of the book manifest (crmkit.chapters), a chapter being written included."""
    from crmkit import chapters

    return chapters.notebooks(planned=True, root=ROOT)


def main(args: list[str]) -> None:
    for notebook in [Path(a) for a in args] or notebooks():
        path = record(notebook)
        print(f"{notebook}: {len(load(notebook))} checked cell(s) -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
