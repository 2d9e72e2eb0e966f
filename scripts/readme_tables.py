"""Write README.md's lists of chapters and cases from the book manifest (crmkit.chapters).

Usage: python scripts/readme_tables.py [--check]

README.md marks each generated part with HTML comments, ``<!-- book:NAME -->`` and
``<!-- /book:NAME -->``; everything between them is rewritten from ``BOOK``:

* ``contents`` — the table of every chapter, the lab and every case: written ones linked in
  both editions with their topics, planned ones marked *planned*;
* ``zh-editions`` — the English part's list of the Chinese editions;
* ``zh-contents`` — the same list in the section 中文说明, with what is still being written.

Run it after adding a row or marking one written (``make new-chapter`` runs it for you).
``--check`` changes nothing and exits 1 if README.md is out of date (tests/test_book.py
does the same).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from crmkit import chapters
from crmkit.chapters import Entry

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- book:(?P<name>[\w-]+) -->\n)(.*?)(<!-- /book:(?P=name) -->)", re.S)


def _number(row: Entry) -> int:
    return int(row.filename[:2])


def english_name(row: Entry) -> str:
    """``00``, ``Case 1``, ``Lab``: the first column of the contents table."""
    if row.kind == "case":
        return f"Case {_number(row)}"
    return "Lab" if row.kind == "lab" else row.code


def chinese_name(row: Entry) -> str:
    """``入门``, ``第 4 章 客户价值``, ``案例 1 王永庆卖大米``, ``CRM 上机实验``."""
    if row.kind == "case":
        return f"案例 {_number(row)} {row.title_zh}"
    if row.kind == "lab" or row.code == "00":
        return row.title_zh
    return f"第 {_number(row)} 章 {row.title_zh}"


def contents() -> str:
    lines = ["| | Notebook | Topics |", "|---|---|---|"]
    for row in chapters.BOOK:
        title = f"{row.title} {row.title_zh}"
        if row.written:
            notebook = (f"[{title}]({row.notebook.as_posix()}) "
                        f"([中文版]({row.notebook_zh.as_posix()}))")
            lines.append(f"| {english_name(row)} | {notebook} | {row.topics} |")
        else:
            lines.append(f"| {english_name(row)} | {title} | *planned* |")
    return "\n".join(lines) + "\n"


def _links(rows: list[Entry]) -> list[str]:
    return [f"[{chinese_name(row)}]({row.notebook_zh.as_posix()})" for row in rows]


def zh_editions() -> str:
    links = _links(chapters.entries(written=True))
    return "Chinese editions: " + ",\n".join(links) + ".\n"


def zh_contents() -> str:
    text = "已完成的内容：" + "、\n".join(_links(chapters.entries(written=True)))
    planned = [chinese_name(row) for row in chapters.entries(written=False)]
    if planned:
        text += "。\n正在编写：" + "、\n".join(planned)
    return text + "。\n"


BLOCKS = {"contents": contents, "zh-editions": zh_editions, "zh-contents": zh_contents}


def render(text: str) -> str:
    """``text`` (README.md) with every generated block rewritten from the manifest."""
    missing = set(BLOCKS) - {m.group("name") for m in _BLOCK.finditer(text)}
    if missing:
        raise SystemExit(f"README.md has no <!-- book:NAME --> block for: {sorted(missing)}")
    return _BLOCK.sub(lambda m: m.group(1) + BLOCKS[m.group("name")]() + m.group(4), text)


def main(argv: list[str]) -> int:
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in argv:
        if new != old:
            print("README.md's chapter lists are out of date: run python scripts/readme_tables.py")
            return 1
        return 0
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md: chapter lists rewritten from the book manifest")
    else:
        print("README.md: chapter lists up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
