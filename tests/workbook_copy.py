"""A throw-away copy of the workbook, for tests that must change files to prove a point
(a checkpoint copy beside a notebook, a new chapter's skeleton) without touching the real one.

:func:`copy_workbook` copies the working tree as a fresh clone would have it: without
``.git``, the virtual environment, ``build/`` and what JupyterLab and Python leave behind.
:func:`run` runs a command in the copy with *its* ``lib/`` first on ``PYTHONPATH``, so
``import crmkit`` there reads the copy's manifest and modules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".git", ".venv", ".lock-venv", "build", "__pycache__",
                              ".ipynb_checkpoints", ".virtual_documents", ".pytest_cache",
                              ".hypothesis", ".ruff_cache", ".mypy_cache", "*.pyc")


def copy_workbook(dest: Path) -> Path:
    """Copy the workbook into ``dest`` (a new folder) and return it."""
    shutil.copytree(ROOT, dest, ignore=SKIP, symlinks=True)
    return dest


def run(copy: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``args`` in ``copy`` (``python`` means this interpreter) and return the result."""
    command = [sys.executable if a == "python" else a for a in args]
    env = {**os.environ, "PYTHONPATH": str(copy / "lib"), "PYTHON": sys.executable,
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CRMKIT_DATA", None)
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, check=False)
