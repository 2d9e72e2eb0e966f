"""Keep the Chinese edition (中文版) in step with the English notebooks.

Usage: python scripts/zh_sync.py [--accept ID ...]      (or `make zh-sync`)

The English notebook is the source of the code and of the order of the cells;
the Chinese notebook beside it (``notebooks/zh/NN-slug.ipynb``,
``casestudies/zh/NN-slug.ipynb``) holds only the Chinese prose.  The sync

* rebuilds each Chinese notebook in the English cell order, matching cells by id;
* copies every code cell from English, with one marked difference: in the
  set-up cell the line ``ck.set_language("en")`` becomes ``ck.set_language("zh")``;
* keeps the Chinese markdown; an English markdown cell with no translation yet
  is copied in English and left *unaccepted*, so the test names it;
* copies tags and slide metadata from English, so slides, the student edition
  and the instructor layer treat both editions alike;
* records in each Chinese cell's metadata (``zh.en_hash``) a hash of the English
  cell it translates.  For code cells it is refreshed on every sync (the code is
  copied); for markdown it is set only when a translator *accepts* the cell:
  ``--accept ch04-013`` (every notebook with that id) or ``--accept
  04-customer-value:ch04-013``.  New Chinese notebooks made by the sync accept
  nothing.

tests/test_zh_edition.py fails, naming the cells, when an English markdown
cell changed after its translation was accepted, when a cell has no accepted
translation, or when a Chinese code cell differs from the English one.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE_LINE = re.compile(r'^(ck\.set_language\()"en"(\))', re.M)
HAN = re.compile(r"[\u4e00-\u9fff]")


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def lines(text: str) -> list[str]:
    """Cell source as nbformat writes it: a list of lines."""
    return text.splitlines(keepends=True)


def english_hash(cell: dict) -> str:
    """A short fingerprint of an English cell: its type and its source."""
    text = f"{cell['cell_type']}\n{source(cell)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def english_notebooks() -> list[Path]:
    """The English notebooks of the book manifest (crmkit.chapters), a chapter being
    written included: its Chinese edition is made and kept in step from the start."""
    return chapters.notebooks("en", planned=True, root=ROOT)


def chinese_path(english: Path) -> Path:
    """``notebooks/04-x.ipynb`` -> ``notebooks/zh/04-x.ipynb``."""
    return english.parent / "zh" / english.name


def english_path(chinese: Path) -> Path:
    return chinese.parent.parent / chinese.name


def language_cell_id(english_nb: dict) -> str | None:
    """The id of the set-up cell: the first code cell with ``ck.set_language("en")``."""
    for cell in english_nb["cells"]:
        if cell["cell_type"] == "code" and LANGUAGE_LINE.search(source(cell)):
            return cell["id"]
    return None


def chinese_code(english_cell: dict, is_language_cell: bool) -> str:
    """The code the Chinese edition must hold for ``english_cell``."""
    text = source(english_cell)
    return LANGUAGE_LINE.sub(r'\1"zh"\2', text, count=1) if is_language_cell else text


def _metadata(english_cell: dict, old: dict | None) -> dict:
    meta = copy.deepcopy(english_cell.get("metadata", {}))
    meta.pop("zh", None)
    if old is not None and "zh" in old.get("metadata", {}):
        meta["zh"] = dict(old["metadata"]["zh"])
    return meta


def sync(english: Path, accept: set[str] | None = None) -> tuple[Path, list[str]]:
    """Rebuild the Chinese edition of ``english``; return its path and what changed."""
    accept = accept or set()
    en_nb = json.loads(english.read_text(encoding="utf-8"))
    target = chinese_path(english)
    zh_nb = (json.loads(target.read_text(encoding="utf-8")) if target.exists()
             else {"cells": []})
    old_cells = {cell["id"]: cell for cell in zh_nb["cells"]}
    language_id = language_cell_id(en_nb)
    report, cells = [], []
    for en_cell in en_nb["cells"]:
        cell_id = en_cell["id"]
        old = old_cells.pop(cell_id, None)
        meta = _metadata(en_cell, old)
        if en_cell["cell_type"] == "code":
            meta["zh"] = {"en_hash": english_hash(en_cell)}
            new_source = chinese_code(en_cell, cell_id == language_id)
            cells.append({"cell_type": "code", "execution_count": None, "id": cell_id,
                          "metadata": meta, "outputs": [], "source": lines(new_source)})
            if old is None or source(old) != new_source:
                report.append(f"{cell_id}: code copied from English")
            continue
        if old is None or old["cell_type"] != en_cell["cell_type"]:
            new_source = source(en_cell)
            meta.pop("zh", None)
            report.append(f"{cell_id}: new, copied in English: translate it, then --accept")
        else:
            new_source = source(old)
        if cell_id in accept:
            meta["zh"] = {"en_hash": english_hash(en_cell)}
            report.append(f"{cell_id}: translation accepted")
        cell = {"cell_type": en_cell["cell_type"], "id": cell_id, "metadata": meta,
                "source": lines(new_source)}
        if "attachments" in en_cell:
            cell["attachments"] = en_cell["attachments"]
        cells.append(cell)
    report += [f"{cell_id}: dropped (no longer in the English notebook)" for cell_id in old_cells]
    result = {
        "cells": cells,
        "metadata": {**copy.deepcopy(en_nb["metadata"]),
                     "zh_edition": {"english": f"../{english.name}"}},
        "nbformat": en_nb["nbformat"],
        "nbformat_minor": en_nb["nbformat_minor"],
    }
    text = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target, report


def _accepted_for(english: Path, accept: list[str]) -> set[str]:
    ids = set()
    for item in accept:
        stem, _, cell_id = item.rpartition(":")
        if not stem or stem == english.stem:
            ids.add(cell_id)
    return ids


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accept", nargs="*", default=[], metavar="ID",
                        help="mark these markdown cells' Chinese text as up to date "
                             "(ID or NOTEBOOK-STEM:ID)")
    args = parser.parse_args(argv)
    for english in english_notebooks():
        target, report = sync(english, _accepted_for(english, args.accept))
        print(f"{target.relative_to(ROOT).as_posix()}: "
              f"{'; '.join(report) if report else 'in step'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
