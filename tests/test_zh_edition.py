"""The Chinese edition (中文版) stays in step with the English notebooks.

Every English notebook has a Chinese edition (notebooks/zh/, casestudies/zh/) with the same
cells in the same order: the same code (one marked difference: ``ck.set_language("zh")`` in
the set-up cell) and Chinese prose whose recorded hash matches the English cell it
translates.  Fix a failure with ``make zh-sync`` (code, order, metadata) and, for prose,
by updating the Chinese text and accepting it: ``make zh-sync ACCEPT="ID ..."``.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]


def _zh_sync():
    spec = importlib.util.spec_from_file_location("zh_sync", ROOT / "scripts" / "zh_sync.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zh_sync = _zh_sync()
# Notebooks whose Chinese edition is being written right now, each with who is on it.  Keep this
# list short-lived: the test below fails as soon as a listed notebook has its Chinese edition
# (take it off the list then), and every other English notebook must have one.
AWAITING_TRANSLATION: dict[str, str] = {}
ENGLISH = [p for p in zh_sync.english_notebooks()
           if p.relative_to(ROOT).as_posix() not in AWAITING_TRANSLATION]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def drift(english_nb: dict, chinese_nb: dict) -> list[str]:
    """Every way the Chinese notebook is out of step with the English one, one line each."""
    problems = []
    en_ids = [c["id"] for c in english_nb["cells"]]
    zh_cells = {c["id"]: c for c in chinese_nb["cells"]}
    missing = [i for i in en_ids if i not in zh_cells]
    extra = [i for i in zh_cells if i not in en_ids]
    if missing:
        problems.append(f"cells missing from the Chinese edition: {', '.join(missing)}")
    if extra:
        problems.append(f"cells not in the English notebook: {', '.join(extra)}")
    if [i for i in (c["id"] for c in chinese_nb["cells"]) if i in en_ids] != [
            i for i in en_ids if i in zh_cells]:
        problems.append("cells are in another order than in English")
    language_id = zh_sync.language_cell_id(english_nb)
    if language_id is None:
        problems.append('no set-up cell with ck.set_language("en") in the English notebook')
    for en_cell in english_nb["cells"]:
        cell_id = en_cell["id"]
        zh_cell = zh_cells.get(cell_id)
        if zh_cell is None:
            continue
        if zh_cell["cell_type"] != en_cell["cell_type"]:
            problems.append(f"{cell_id}: is {zh_cell['cell_type']} in Chinese, "
                            f"{en_cell['cell_type']} in English")
            continue
        en_meta = {k: v for k, v in en_cell.get("metadata", {}).items() if k != "zh"}
        zh_meta = {k: v for k, v in zh_cell.get("metadata", {}).items() if k != "zh"}
        if en_meta != zh_meta:
            problems.append(f"{cell_id}: tags or slide metadata differ from English")
        recorded = zh_cell.get("metadata", {}).get("zh", {}).get("en_hash")
        if en_cell["cell_type"] == "code":
            expected = zh_sync.chinese_code(en_cell, cell_id == language_id)
            if zh_sync.source(zh_cell) != expected:
                problems.append(f"{cell_id}: code differs from the English cell")
            continue
        text = zh_sync.source(zh_cell)
        if recorded is None:
            problems.append(f"{cell_id}: no translation (the English text is new)")
        elif recorded != zh_sync.english_hash(en_cell):
            problems.append(f"{cell_id}: the English text changed after it was translated")
        elif text.strip() and not zh_sync.HAN.search(text):
            problems.append(f"{cell_id}: accepted but has no Chinese text")
    return problems


@pytest.mark.parametrize("english", ENGLISH, ids=[p.relative_to(ROOT).as_posix()
                                                  for p in ENGLISH])
def test_chinese_edition_in_step(english):
    chinese = zh_sync.chinese_path(english)
    name = chinese.relative_to(ROOT).as_posix()
    assert chinese.exists(), f"{name} is missing: run `make zh-sync`, then translate it"
    problems = drift(_load(english), _load(chinese))
    assert not problems, (
        f"{name} is out of step with {english.relative_to(ROOT).as_posix()}:\n  "
        + "\n  ".join(problems)
        + "\nFix: `make zh-sync` copies code, order and metadata; for prose, update the "
        "Chinese text, then `make zh-sync ACCEPT=\"ID ...\"`."
    )


def test_awaiting_translation_lists_only_notebooks_without_a_chinese_edition():
    for name in AWAITING_TRANSLATION:
        english = ROOT / name
        assert english.exists(), f"{name} is listed as awaiting translation but does not exist"
        assert not zh_sync.chinese_path(english).exists(), (
            f"{name} has its Chinese edition now: take it off AWAITING_TRANSLATION")


def test_every_chinese_notebook_has_an_english_source():
    orphans = [p.relative_to(ROOT).as_posix() for p in chapters.notebooks("zh", planned=True)
               if p.exists() and not zh_sync.english_path(p).exists()]
    assert not orphans, f"Chinese notebooks without an English notebook: {orphans}"


# The checker itself, on a small made-up pair: each kind of drift is caught and named.

def _pair():
    english = {"cells": [
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Title"},
        {"cell_type": "code", "id": "setup", "metadata": {"tags": ["x"]},
         "source": 'import crmkit as ck\nck.set_language("en")  # the zh edition: "zh"'},
        {"cell_type": "markdown", "id": "text", "metadata": {}, "source": "Some text."},
        {"cell_type": "code", "id": "calc", "metadata": {}, "source": "print(1 + 1)"},
    ]}
    chinese = {"cells": []}
    for cell in english["cells"]:
        zh = {**cell, "metadata": {**cell["metadata"],
                                   "zh": {"en_hash": zh_sync.english_hash(cell)}}}
        if cell["cell_type"] == "markdown":
            zh["source"] = "# 标题" if cell["id"] == "title" else "一段文字。"
        else:
            zh["source"] = zh_sync.chinese_code(cell, cell["id"] == "setup")
        chinese["cells"].append(zh)
    return english, chinese


def test_drift_none_for_a_pair_in_step():
    english, chinese = _pair()
    assert 'ck.set_language("zh")' in chinese["cells"][1]["source"]
    assert drift(english, chinese) == []


def test_drift_names_an_english_cell_edited_after_translation():
    english, chinese = _pair()
    english["cells"][2]["source"] = "Some text, edited."
    assert drift(english, chinese) == ["text: the English text changed after it was translated"]


def test_drift_names_a_cell_without_translation():
    english, chinese = _pair()
    english["cells"].insert(3, {"cell_type": "markdown", "id": "new", "metadata": {},
                                "source": "A new paragraph."})
    assert drift(english, chinese) == ["cells missing from the Chinese edition: new"]
    del chinese["cells"][2]["metadata"]["zh"]
    assert "text: no translation (the English text is new)" in drift(english, chinese)


def test_drift_names_code_that_differs_and_wrong_language():
    english, chinese = _pair()
    chinese["cells"][3]["source"] = "print(1 + 2)"
    chinese["cells"][1]["source"] = english["cells"][1]["source"]  # still "en"
    assert drift(english, chinese) == ["setup: code differs from the English cell",
                                       "calc: code differs from the English cell"]


def test_drift_names_order_metadata_and_untranslated_text():
    english, chinese = _pair()
    chinese["cells"][2], chinese["cells"][3] = chinese["cells"][3], chinese["cells"][2]
    chinese["cells"][1]["metadata"]["tags"] = []
    chinese["cells"][0]["source"] = "# Title"
    assert drift(english, chinese) == [
        "cells are in another order than in English",
        "title: accepted but has no Chinese text",
        "setup: tags or slide metadata differ from English",
    ]


def test_sync_copies_code_keeps_prose_and_accepts(tmp_path, monkeypatch):
    english, chinese = _pair()
    folder = tmp_path / "notebooks"
    (folder / "zh").mkdir(parents=True)
    english["cells"][3]["source"] = "print(2 + 2)"       # code changed in English
    english["cells"][2]["source"] = "Some text, edited."  # prose changed in English
    base = {"metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    (folder / "01-x.ipynb").write_text(json.dumps({**english, **base}), encoding="utf-8")
    (folder / "zh" / "01-x.ipynb").write_text(json.dumps({**chinese, **base}), encoding="utf-8")
    target, report = zh_sync.sync(folder / "01-x.ipynb")
    synced = _load(target)
    assert zh_sync.source(synced["cells"][3]) == "print(2 + 2)"
    assert zh_sync.source(synced["cells"][2]) == "一段文字。"
    assert drift(english, synced) == ["text: the English text changed after it was translated"]
    assert report == ["calc: code copied from English"]
    zh_sync.sync(folder / "01-x.ipynb", accept={"text"})
    assert drift(english, _load(target)) == []
