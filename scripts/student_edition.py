"""Write the student edition: every notebook with its worked solutions removed.

Usage: python scripts/student_edition.py OUT_DIR   (or `make student`)

Cells tagged ``solution`` are replaced by a short note, so the exercise
numbering and the checker calls stay in place.  Everything else (data,
library, quizzes) is shared with the instructor edition.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTE = "*Solution removed in the student edition: try the exercise, then use `ck.hint(...)`.*"


def strip_solutions(notebook: dict) -> tuple[dict, int]:
    """Return a copy of ``notebook`` without solution cells, and how many were removed."""
    cells, removed = [], 0
    for cell in notebook["cells"]:
        if "solution" in cell.get("metadata", {}).get("tags", []):
            removed += 1
            cells.append({"cell_type": "markdown", "id": cell.get("id", f"sol{removed}"),
                          "metadata": {"slideshow": {"slide_type": "-"}}, "source": NOTE})
        else:
            cells.append(cell)
    return {**notebook, "cells": cells}, removed


def main(out_dir: str) -> None:
    out = Path(out_dir)
    for folder in ("notebooks", "casestudies"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            notebook, removed = strip_solutions(json.loads(path.read_text(encoding="utf-8")))
            target = out / folder / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n",
                              encoding="utf-8")
            print(f"{target}: {removed} solution(s) removed")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
