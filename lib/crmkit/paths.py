"""Where the workbook's data live.

The sample data, the glossary and the quiz banks sit in the repository's
``data/`` folder, next to ``lib/`` (crmkit is installed in editable mode).
Set the environment variable ``CRMKIT_DATA`` to read the sample data from
another folder, e.g. a copy an instructor has adapted.

The glossary (``data/glossary/``) and the quiz banks (``data/quiz/``) are part
of the library, not sample data: every label, hint and quiz reads them, so they
always come from the workbook's own ``data/`` (:func:`resource`), whatever
``CRMKIT_DATA`` says.  An instructor's data folder then needs only the CSV
files it changes; an instructor's own quiz bank is read with
``ck.quiz("path/to/ch04.yaml")``.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmkit.errors import CRMDataError

__all__ = ["WORKBOOK_DATA", "data_dir", "data_file", "resource"]

#: The workbook's own data folder, next to ``lib/``.
WORKBOOK_DATA = Path(__file__).resolve().parents[2] / "data"


def data_dir() -> Path:
    """The data folder: ``$CRMKIT_DATA`` if set, else the repository's ``data/``."""
    override = os.environ.get("CRMKIT_DATA")
    if override:
        return Path(override).expanduser().resolve()
    return WORKBOOK_DATA


def resource(name: str) -> Path:
    """A library resource in the workbook's ``data/`` (``"glossary"``, ``"quiz"``).

    Unlike :func:`data_dir` this ignores ``CRMKIT_DATA``: the glossary and the
    quiz banks belong to the library, so labels and quizzes keep working when
    an instructor points ``CRMKIT_DATA`` at a folder of their own sample data.
    """
    return WORKBOOK_DATA / name


def data_file(name: str, *, func: str, fix: str | None = None) -> Path:
    """The path of ``name`` inside the data folder; a clear error if it is missing."""
    path = data_dir() / name
    if not path.is_file():
        how = fix or (
            "Fix: run the notebook from a full copy of the workbook (git clone), "
            "or regenerate the sample data with `python -m crmkit.synth`."
        )
        how_zh = fix or ("修正（Fix）：在工作簿的完整副本（git clone）中运行笔记本，"
                         "或用 `python -m crmkit.synth` 重新生成示例数据。")
        raise CRMDataError(f"{func}: the data file {path} does not exist. {how}",
                           zh=f"{func}：数据文件 {path} 不存在。{how_zh}")
    return path
