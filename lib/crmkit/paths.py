"""Where the workbook's data live.

The sample data, the glossary and the quiz banks sit in the repository's
``data/`` folder, next to ``lib/`` (crmkit is installed in editable mode).
Set the environment variable ``CRMKIT_DATA`` to use another folder, e.g. a
copy an instructor has adapted.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmkit.errors import CRMDataError

__all__ = ["data_dir", "data_file"]


def data_dir() -> Path:
    """The data folder: ``$CRMKIT_DATA`` if set, else the repository's ``data/``."""
    override = os.environ.get("CRMKIT_DATA")
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parents[2] / "data"


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
