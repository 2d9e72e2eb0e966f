"""No slide taller than a projector screen: about 25 lines, or one chart with a little text.

Usage as a report: python tests/test_slide_height.py [NOTEBOOK ...]   (every slide's height)

How a slide is measured, in lines of the projected slide (reveal.js shows about 25 lines of
20-pixel text on its 960 x 700 canvas):

- A slide starts at a cell whose ``slideshow.slide_type`` is ``slide`` or ``subslide``; cells of
  type ``-`` and ``fragment`` join it; ``skip`` and ``notes`` cells are not shown and not counted.
- Markdown: every source line that shows text counts 1 (a line wider than 100 columns counts
  once per 100; a Chinese character is two columns wide); blank lines and a table's ``|---|``
  rule count 0; a display formula counts 2.
- Code: every source line counts 1, plus the output when it is known:
  * the recorded output of a ``# NBVAL_CHECK_OUTPUT`` cell (tests/expected_outputs/): its text
    lines, a table's rows, and CHART lines for an image;
  * a cell that draws a chart (``plots.``, ``plt.``, ``.plot(``) or shows a widget (an explorer,
    ``ck.quiz``): CHART lines;
  * any other cell whose last statement is a bare expression (a table shown with ``frame``):
    DISPLAY lines, an assumed short table;
  * a cell tagged ``remove-output`` shows only its code on the static slides.
A chart counts as many lines as its height on the slide: a line is 28 pixels, a figure
``figsize=(w, h)`` is ``h`` x 100 pixels high, shrunk when ``w`` x 100 is wider than the 900
pixels a slide leaves for it; a chart without ``figsize`` or a widget counts CHART = 12 lines.
The deck template (scripts/slides/crm-reveal/) caps a cell's output at 360 pixels (a chart at
340), scaling a chart down and letting a long table scroll, so no output counts more than
OUTPUT_MAX = 13 lines.  `make test-browser` measures the built decks in pixels as well.
So one chart fits with a few lines of text, and two charts never do.
"""

from __future__ import annotations

import ast
import json
import math
import re
import sys
from pathlib import Path

import pytest

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import expected_outputs  # noqa: E402

LIMIT = 25
CHART = 12
OUTPUT_MAX = 13
DISPLAY = 6
WRAP = 100
DRAWS = re.compile(r"\bplots\.|\bplt\.|\.plot\(|_chart\(|_explorer\(|\bck\.quiz\(")
SHOWN = {"slide", "subslide", "-", "fragment"}


def notebooks() -> list[Path]:
    """Every written chapter, case and lab of the book manifest, in both editions."""
    return chapters.notebooks(root=ROOT)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _width(line: str) -> int:
    """Columns on screen: a Chinese character is as wide as two Latin ones."""
    return len(line) + len(re.findall(r"[\u2e80-\u9fff\uff00-\uffef]", line))


def _text_lines(text: str) -> int:
    return sum(max(1, math.ceil(_width(line) / WRAP)) for line in text.splitlines())


def markdown_lines(text: str) -> int:
    formulas = len(re.findall(r"\$\$.*?\$\$", text, flags=re.S))
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    lines = [line for line in text.splitlines()
             if line.strip() and not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line)]
    return _text_lines("\n".join(lines)) + 2 * formulas


def chart_lines(source: str) -> int:
    """Lines the chart drawn by ``source`` takes on a slide (see the module docstring)."""
    size = re.search(r"figsize=\(\s*([\d.]+)\s*,\s*([\d.]+)\s*\)", source)
    if not size:
        return CHART
    width, height = float(size.group(1)) * 100, float(size.group(2)) * 100
    return min(CHART, math.ceil(height * min(1.0, 900 / width) / 28))


def output_lines(outputs: list[dict], chart: int = CHART) -> int:
    return min(OUTPUT_MAX, sum(_one_output_lines(output, chart) for output in outputs))


def _one_output_lines(output: dict, chart: int) -> int:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return _text_lines(output.get("text", ""))
    if "image/png" in data or "image/svg+xml" in data:
        return chart
    if "text/html" in data:
        return max(1, "".join(data["text/html"]).count("<tr"))
    if "text/plain" in data:
        return _text_lines("".join(data["text/plain"]))
    if output.get("output_type") == "error":
        return 6  # the last lines of a traceback
    return 0


def _bare_expression(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    if not body or not isinstance(body[-1], ast.Expr):
        return False
    value = body[-1].value
    return not (isinstance(value, ast.Call) and getattr(value.func, "id", "") == "print")


def code_lines(cell, recorded: dict) -> int:
    source = _source(cell)
    lines = len(source.splitlines())
    if "remove-output" in cell.get("metadata", {}).get("tags", []):
        return lines
    if cell.get("id") in recorded:
        return lines + output_lines(recorded[cell["id"]], chart_lines(source))
    if DRAWS.search(source):
        return lines + (CHART if re.search(r"_explorer\(|ck\.quiz\(", source)
                        else chart_lines(source))
    if _bare_expression(source):
        return lines + DISPLAY
    return lines


def slides(path: Path) -> list[dict]:
    """The notebook's slides: first cell id, heading, height in lines."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    recorded = expected_outputs.load(path)
    found: list[dict] = []
    for cell in nb["cells"]:
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        if kind not in SHOWN:
            continue
        if kind in {"slide", "subslide"} or not found:
            first = _source(cell).strip().splitlines()[0][:60] if _source(cell).strip() else ""
            found.append({"id": cell["id"], "title": first, "lines": 0, "cells": []})
        height = (markdown_lines(_source(cell)) if cell["cell_type"] == "markdown"
                  else code_lines(cell, recorded))
        found[-1]["lines"] += height
        found[-1]["cells"].append(f"{cell['id']}:{height}")
    return found


NOTEBOOKS = notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_every_slide_fits_a_projector_screen(path):
    tall = [f"slide at {s['id']} ({s['title']!r}): {s['lines']} lines [{' '.join(s['cells'])}]"
            for s in slides(path) if s["lines"] > LIMIT]
    assert not tall, (f"{path.relative_to(ROOT).as_posix()}: slides taller than {LIMIT} lines "
                      "(split a cell, start a subslide, or skip plumbing):\n" + "\n".join(tall))


def test_the_measure_counts_what_a_slide_shows():
    assert markdown_lines("## Title\n\nOne line.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n") == 4
    assert markdown_lines("Text\n\n$$x^2$$\n") == 3
    assert markdown_lines("x" * 250) == 3
    chart = {"id": "c1", "cell_type": "code", "metadata": {}, "source": "ax = ck.plots.bars(t)"}
    assert code_lines(chart, {}) == 1 + CHART
    small = {**chart, "source": "ax = ck.plots.new_axes(figsize=(7, 3.2))"}
    assert code_lines(small, {}) == 1 + 12       # 320 pixels
    low = {**chart, "source": "fig = plt.figure(figsize=(12, 2.4))"}
    assert code_lines(low, {}) == 1 + 7          # 240 pixels shrunk to 180
    table = {"id": "c2", "cell_type": "code", "metadata": {}, "source": "t = f()\nt"}
    assert code_lines(table, {}) == 2 + DISPLAY
    printed = {"id": "c3", "cell_type": "code", "metadata": {}, "source": "print(t)"}
    assert code_lines(printed, {"c3": [{"output_type": "stream", "text": "a\nb\nc\n"}]}) == 4
    quiet = {"id": "c4", "cell_type": "code", "metadata": {"tags": ["remove-output"]},
             "source": "answer = ...\nck.check('x', answer)"}
    assert code_lines(quiet, {}) == 2


if __name__ == "__main__":
    for notebook in [Path(a).resolve() for a in sys.argv[1:]] or NOTEBOOKS:
        print(notebook.relative_to(ROOT).as_posix())
        for s in slides(notebook):
            flag = "  TOO TALL" if s["lines"] > LIMIT else ""
            print(f"  {s['lines']:4}  {s['id']:<16} {s['title']}{flag}")
