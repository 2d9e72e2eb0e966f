"""Build reveal.js slides of every notebook that open from disk with no network.

Usage: python scripts/build_slides.py OUT_DIR [NOTEBOOK ...] [--no-execute]
       (or `make slides`, which writes build/slides/)

Each notebook is run in a fresh kernel (so the slides show results and charts)
and exported with the template in scripts/slides/crm-reveal/.  The deck is a
single HTML file: reveal.js, its theme and fonts, KaTeX (for the formulas) and
its fonts are inlined from scripts/slides/vendor/, so a classroom PC with no
network, or a campus network that blocks CDNs, shows the same slides.  Nothing
refers to an http(s) address (tests/test_slides.py checks this).

Cells tagged ``remove-output`` (an exercise's answer cell) show their code but not their
output; hint cells and set-up cells are ``skip`` slides, instructor notes speaker notes.
The test suite's ``# NBVAL_CHECK_OUTPUT`` lines are left out of the code on the slides.

Widgets are not embedded: a static page cannot run the Python behind a slider,
so a slider that moved without changing the chart would mislead the class.
Each widget output is replaced by a short note; the explorers print their
starting result (`.summary()`) in the next cell, which the slides do show.  To
present with live widgets, use JupyterLab's slideshow (RISE), see README.md.

Printed tables line up on a Chinese deck too: pandas pads a Chinese character as
two columns (crmkit sets this in zh mode), so the output text is set in a font
whose Chinese characters are exactly twice as wide as its Latin ones: KaTeX's
typewriter face (every glyph 0.525 em, already inlined for the formulas) with
the bundled Chinese font (every ideograph 1 em) at 105 % (see ``output_font``).
"""

from __future__ import annotations

import base64
import io
import mimetypes
import re
import sys
import time
from pathlib import Path

import markupsafe
import nbformat

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
SLIDES = Path(__file__).resolve().parent / "slides"
VENDOR = SLIDES / "vendor"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_ONLY = {
    "en": "Interactive widget: move it live in JupyterLab (slideshow / RISE). "
          "The printed result shows its starting values.",
    "zh": "交互控件:请在 JupyterLab 中(幻灯片模式 / RISE)现场操作。下方打印的结果是它的初始值。",
}
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("font/woff", ".woff")


def all_notebooks() -> list[Path]:
    """Every written chapter, case and lab of the book manifest, in both editions."""
    return chapters.notebooks(root=ROOT)


def language(path: Path) -> str:
    return "zh" if "zh" in path.parts else "en"


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css(name: str) -> str:
    """The vendored style sheet ``name`` with its @imports and url(...) files inlined."""
    path = VENDOR / name
    css = path.read_text(encoding="utf-8")
    css = re.sub(r"@import url\(([^)]+)\);",
                 lambda m: inline_css((path.parent / m.group(1).strip("'\"")).relative_to(VENDOR)
                                      .as_posix()), css)

    def to_data(match):
        target = match.group(1).strip("'\"")
        if target.startswith("data:"):
            return match.group(0)
        return f"url({_data_uri(path.parent / target)})"

    return re.sub(r"url\(([^)]+)\)", to_data, css)


def _css_tag(name: str) -> markupsafe.Markup:
    return markupsafe.Markup(f"<style>\n/* {name} */\n{inline_css(name)}\n</style>")


def _js_tag(name: str) -> markupsafe.Markup:
    code = (VENDOR / name).read_text(encoding="utf-8")
    assert "</script" not in code.lower(), f"{name} cannot be inlined"
    return markupsafe.Markup(f"<script>\n/* {name} */\n{code}\n</script>")


#: KaTeX_Typewriter sets every character 0.525 em wide; a Chinese character of the bundled
#: font is 1 em, so at 105 % it takes exactly two Latin columns.
TYPEWRITER_EM = 0.525
CJK_SCALE = f"{2 * TYPEWRITER_EM * 100:g}%"


def _output_text(nb) -> str:
    text = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text.append(str(output.get("text", "")))
            text.append(str(output.get("data", {}).get("text/plain", "")))
    return "".join(text)


def output_font(nb) -> str:
    """A ``<style>`` that sets the printed output of a Chinese deck in a font where a
    Chinese character is exactly two Latin columns wide, so pandas' tables line up.

    The bundled Chinese font (crmkit.fonts) is cut down to the characters the
    outputs use, so the deck grows by tens of kilobytes, not megabytes.
    """
    from fontTools import subset

    from crmkit import fonts

    wide = sorted({c for c in _output_text(nb) if ord(c) > 0x7F})
    if not wide:
        return ""
    options = subset.Options()
    options.layout_features = []
    buffer = io.BytesIO()
    font = subset.load_font(fonts.FONT_PATH, options)
    try:  # load_font keeps the file open until the font is closed
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(wide))
        subsetter.subset(font)
        font.save(buffer)
    finally:
        font.close()
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return ("<style>\n/* Chinese output font: the bundled one, cut to this deck's characters */\n"
            "@font-face{font-family:'CRM CJK Mono';"
            f"src:url(data:font/otf;base64,{data}) format('opentype');size-adjust:{CJK_SCALE}}}\n"
            ".reveal .jp-OutputArea-output pre{font-family:KaTeX_Typewriter,'CRM CJK Mono',"
            "monospace}\n</style>\n")


def replace_widgets(nb, lang: str) -> int:
    """Replace each widget output by a note (see the module docstring); return how many."""
    replaced = 0
    note = f'<p class="crm-live-only">{LIVE_ONLY[lang]}</p>'
    for cell in nb.cells:
        for i, output in enumerate(cell.get("outputs", [])):
            if WIDGET_VIEW in output.get("data", {}):
                cell.outputs[i] = nbformat.v4.new_output(
                    "display_data", data={"text/html": note, "text/plain": LIVE_ONLY[lang]})
                replaced += 1
    nb.metadata.pop("widgets", None)
    return replaced


def hide_answer_outputs(nb) -> int:
    """Clear the outputs of cells tagged ``remove-output`` (an exercise's answer cell, whose
    output on a slide would only be "No answer yet"); return how many."""
    hidden = 0
    for cell in nb.cells:
        if "remove-output" in cell.get("metadata", {}).get("tags", []) and cell.get("outputs"):
            cell.outputs = []
            hidden += 1
    return hidden


TEST_MARKER = re.compile(r"^# NBVAL_[A-Z_]+[^\S\n]*\n?", re.M)


def drop_test_markers(nb) -> int:
    """Remove the test suite's ``# NBVAL_...`` comment lines from the code on the slides
    (they tell nbval which outputs to compare; a class has no use for them); return how many."""
    dropped = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.source, n = TEST_MARKER.subn("", cell.source)
            dropped += n
    return dropped


def execute(nb, path: Path) -> None:
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()


def export(nb, path: Path) -> str:
    """The deck's HTML for an (executed or not) notebook node."""
    from nbconvert import SlidesExporter

    lang = language(path)
    replace_widgets(nb, lang)
    hide_answer_outputs(nb)
    drop_test_markers(nb)
    exporter = SlidesExporter(template_name="crm-reveal", extra_template_basedirs=[str(SLIDES)],
                              language_code=lang)
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)},
                 "crm_css": _css_tag, "crm_js": _js_tag}
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    if lang == "zh":
        html = html.replace("</head>", output_font(nb) + "</head>", 1)
    return html


def build(path: Path, out_dir: Path, run: bool = True) -> Path:
    nb = nbformat.read(path, as_version=4)
    if run:
        execute(nb, path)
    target = out_dir / path.relative_to(ROOT).with_suffix(".slides.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(export(nb, path), encoding="utf-8")
    return target


def main(argv: list[str]) -> None:
    run = "--no-execute" not in argv
    args = [a for a in argv if a != "--no-execute"]
    if not args:
        sys.exit(__doc__)
    out_dir = Path(args[0]).resolve()
    paths = [Path(a).resolve() for a in args[1:]] or all_notebooks()
    for path in paths:
        start = time.perf_counter()
        target = build(path, out_dir, run=run)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  "
              f"{target.stat().st_size / 1e6:.1f} MB  {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
