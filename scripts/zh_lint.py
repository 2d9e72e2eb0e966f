"""Punctuation lint for the workbook's Chinese text (中文标点检查).

Usage: python scripts/zh_lint.py [--fix]

Chinese sentences use full-width punctuation (，。：；？！（）), with no space after it.
The rules, applied to Chinese text only (the ``zh`` side of the glossary, the quiz
banks, checker messages and the markdown of the Chinese notebooks; code spans, code
blocks, formulas and links are left alone):

* a half-width ``, ; : ? !`` right after a Chinese character, or right before one;
* half-width parentheses with a Chinese character right inside or right outside them;
* a space after full-width punctuation (``。 下一句``), except at the end of a line.

``--fix`` rewrites the glossary and the quiz banks in place (the notebooks and the
Python sources are fixed by hand).  tests/test_zh_text.py runs the check.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
from pathlib import Path

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_PUNCT = "，。、：；？！（）《》「」“”"  # no space may follow these inside a line
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

_AFTER_HAN = re.compile(rf"(?<=[{HAN}）》」”])[,;:?!]|[,;:?!](?=[ ]?[{HAN}])")
_SPACE_AFTER = re.compile(rf"[{CJK_PUNCT}](?=[ \t]+[^\s|])")  # "）| " ends a table cell
# Spans that are not prose: fenced code, inline code, display and inline maths, links' targets,
# HTML tags.
_NOT_PROSE = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|\]\([^)\s]*\)|<[^>\n]*>",
                        re.S)


def _prose(text: str) -> str:
    """``text`` with code, formulas and link targets masked (same length, no spaces)."""
    return _NOT_PROSE.sub(lambda m: "\0" * len(m.group()), text)


def _chinese_pairs(prose: str) -> list[tuple[int, int]]:
    """Half-width parenthesis pairs that belong to Chinese text: a Chinese character
    right inside them or right outside them, and not a call in code (``f(x)``)."""
    pairs, stack = [], []
    for index, char in enumerate(prose):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            if start and re.match(r"[\w.\]]", prose[start - 1]) and not re.match(
                    rf"[{HAN}]", prose[start - 1]):
                continue  # a call in code, e.g. np.floor(可吃天数)
            around = (prose[start - 1:start] + prose[start + 1:start + 2]
                      + prose[index - 1:index] + prose[index + 1:index + 2])
            if re.search(rf"[{HAN}]", around):
                pairs.append((start, index))
    return pairs


def problems(text: str) -> list[str]:
    """Each punctuation slip in a piece of Chinese text, with a few characters around it."""
    prose = _prose(text)

    def context(start, end):
        return text[max(start - 8, 0):end + 8].replace("\n", " ")

    found = [f"half-width {m.group()} next to a Chinese character: …{context(m.start(), m.end())}…"
             for m in _AFTER_HAN.finditer(prose)]
    found += [f"half-width ( ) around Chinese: …{context(start, end + 1)}…"
              for start, end in _chinese_pairs(prose)]
    found += [f"space after {m.group()}: …{context(m.start(), m.end() + 1)}…"
              for m in _SPACE_AFTER.finditer(prose)]
    return found


def fix(text: str) -> str:
    """Full-width punctuation where ``problems`` finds half-width."""
    chars = list(text)
    for start, end in _chinese_pairs(_prose(text)):
        chars[start], chars[end] = "（", "）"
    text = "".join(chars)
    chars = list(text)
    for match in _AFTER_HAN.finditer(_prose(text)):
        chars[match.start()] = FULL[match.group()]
        if match.end() < len(chars) and chars[match.end()] == " ":
            chars[match.end()] = ""
    text = "".join(chars)
    return re.sub(rf"([{CJK_PUNCT}])[ \t]+(?=[^\s|])", r"\1", text)


# ----------------------------------------------------------------------------- sources

GLOSSARY = ROOT / "data" / "glossary"


def glossary_texts(folder: Path = GLOSSARY):
    """(where, text) for the Chinese columns of every glossary file."""
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                for column in ("zh", "definition_zh"):
                    yield f"glossary/{path.name}:{line} {row['key']} {column}", row[column]


def _yaml_zh(node, where):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh" and isinstance(value, str):
                yield where, value
            else:
                yield from _yaml_zh(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            name = value.get("id", index) if isinstance(value, dict) else index
            yield from _yaml_zh(value, f"{where}[{name}]")


def quiz_texts():
    import yaml

    for path in sorted((ROOT / "data" / "quiz").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _yaml_zh(bank, ""):
            yield f"{path.name} {where}", text


def _string_of(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values)
    return None


def python_texts():
    """Chinese strings anywhere in the library's code: ``say(en, zh)``, ``{"zh": ...}``
    and ``CRMDataError(en, zh=...)``."""
    for path in sorted((ROOT / "lib" / "crmkit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            texts = []
            if isinstance(node, ast.Call) and len(node.args) >= 2:
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name.lstrip("_") in ("say", "and"):  # say(en, zh), _and(found, en, zh)
                    texts.append(node.args[-1])
            if isinstance(node, ast.Call):  # CRMDataError(en, zh=...)
                texts += [kw.value for kw in node.keywords if kw.arg == "zh"]
            if isinstance(node, ast.Dict):
                texts += [v for k, v in zip(node.keys, node.values, strict=True)
                          if isinstance(k, ast.Constant) and k.value == "zh"]
            for value in texts:
                text = _string_of(value)
                if text:
                    yield f"{path.relative_to(ROOT).as_posix()}:{value.lineno}", text


def notebook_texts():
    import json

    for path in chapters.notebooks("zh", planned=True, root=ROOT):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                source = cell["source"]
                text = "".join(source) if isinstance(source, list) else source
                yield f"{path.relative_to(ROOT).as_posix()} {cell['id']}", text


def all_problems():
    for source in (glossary_texts, quiz_texts, python_texts, notebook_texts):
        for where, text in source():
            for problem in problems(text):
                yield f"{where}: {problem}"


def _fix_glossary(folder: Path = GLOSSARY) -> int:
    changed = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        before = changed
        for row in rows[1:]:
            for column in (2, 4):
                new = fix(row[column])
                changed += new != row[column]
                row[column] = new
        if changed > before:  # leave untouched files byte for byte as they are
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return changed


_YAML_ZH = re.compile(r'(\bzh:\s*")((?:[^"\\]|\\.)*)(")')


def _fix_quiz() -> int:
    changed = 0
    for path in sorted((ROOT / "data" / "quiz").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = _YAML_ZH.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), text)
        changed += new != text
        path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        print(f"glossary: {_fix_glossary()} texts fixed; quiz banks: {_fix_quiz()} files changed")
    found = list(all_problems())
    print("\n".join(found) if found else "Chinese punctuation: no problems found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
