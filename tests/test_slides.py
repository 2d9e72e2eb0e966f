"""`make slides`: decks that open from disk with no network (scripts/build_slides.py).

The decks are built here without running the notebooks (fast); the browser check
(`make test-browser`) opens fully built decks in Chromium with the network off.
"""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "scripts" / "slides" / "vendor"
CDN_HOSTS = ("unpkg.com", "jsdelivr", "cdnjs", "googleapis", "gstatic", "jquery.com",
             "mathjax.org", "bootstrapcdn")
# Tags that make a browser fetch something, and the attribute it fetches.
ASSET_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "source": "src",
                    "iframe": "src", "embed": "src", "object": "data", "video": "src",
                    "audio": "src", "track": "src", "input": "src"}


def _build_slides():
    spec = importlib.util.spec_from_file_location("build_slides",
                                                  ROOT / "scripts" / "build_slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_slides = _build_slides()
DECKS = build_slides.all_notebooks()


def web_references(html: str) -> list[str]:
    """Every asset a browser would fetch from outside the file: script src, link href,
    img src, CSS url(...) and @import, loader paths in scripts (require, import, MathJax)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attribute in ASSET_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            value = (element.get(attribute) or "").strip()
            if value and not value.startswith(("data:", "#")):
                found.append(f"<{tag} {attribute}={value[:80]}>")
    css = [s.get_text() for s in soup.find_all("style")]
    css += [e["style"] for e in soup.find_all(style=True)]
    for text in css:
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # comments fetch nothing
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", text):
            if not target.startswith(("data:", "#")) and target:
                found.append(f"css url({target[:80]})")
        found += [f"css @import {m[:80]}" for m in re.findall(r"@import\s+([^;]+);", text)]
    for script in soup.find_all("script"):
        code = script.get_text()
        for pattern in (r"""(?:src|href)\s*[=:]\s*['"]((?:https?:)?//[^'"]+)""",
                        r"""require\(\s*\[?\s*['"]((?:https?:)?//[^'"]+)""",
                        r"""import\s*\(?[^'"]*['"]((?:https?:)?//[^'"]+)""",
                        r"""importScripts\(\s*['"]([^'"]+)""",
                        r"""fetch\(\s*['"]((?:https?:)?//[^'"]+)"""):
            found += [f"script loads {m[:80]}" for m in re.findall(pattern, code)]
        if "MathJax.Hub" in code or "mathjax" in (script.get("type") or "").lower():
            found.append("MathJax configuration (MathJax loads its parts from a URL)")
    lowered = html.lower()
    found += [f"mentions CDN host {host}" for host in CDN_HOSTS if host in lowered]
    return found


def test_the_checker_finds_each_kind_of_web_reference():
    page = """<html><head>
    <script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>
    <link rel="stylesheet" href="https://example.org/theme.css">
    <style>@font-face { src: url(https://example.org/f.woff2) } @import url(x.css);</style>
    <script>require(["https://example.org/lib.js"], function () {});
    var s = document.createElement('script'); s.src = "//example.org/w.js";</script>
    <script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>
    </head><body><img src="logo.png"><p style="background: url('http://example.org/b.png')">
    </p></body></html>"""
    found = "\n".join(web_references(page))
    for expected in ("<script src=https://unpkg.com", "<link href=https://example.org/theme",
                     "css url(https://example.org/f.woff2", "css @import url(x.css)",
                     "script loads https://example.org/lib.js", "script loads //example.org/w",
                     "MathJax", "<img src=logo.png", "css url(http://example.org/b.png",
                     "CDN host unpkg.com"):
        assert expected in found, expected
    clean = ('<script>var ns = "http://www.w3.org/2000/svg"; /* https://revealjs.com */</script>'
             '<style>/* url(https://x.org/y.css) */ .a { background: url(data:image/png;base64,A) }'
             '</style><a href="https://example.org/source">a source to read</a>')
    assert web_references(clean) == []


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    return {path: build_slides.build(path, out, run=False).read_text(encoding="utf-8")
            for path in DECKS}


@pytest.mark.parametrize("path", DECKS, ids=[p.relative_to(ROOT).as_posix() for p in DECKS])
def test_deck_loads_nothing_from_the_web(decks, path):
    html = decks[path]
    assert web_references(html) == []
    # and it carries what it needs inline: reveal.js, its notes plugin, KaTeX, their fonts
    for marker in ("/* reveal.js/reveal.js */", "/* reveal.js/plugin/notes/notes.js */",
                   "/* katex/katex.min.js */", "/* katex/contrib/auto-render.min.js */",
                   "renderMathInElement(document.body", "Reveal.initialize("):
        assert marker in html, marker
    assert html.count("data:font/woff2;base64,") >= 10      # KaTeX fonts
    assert html.count("data:font/woff;base64,") == 4        # the theme's Source Sans Pro
    assert "NBVAL_" not in html  # the test suite's markers stay off the slides


def test_widgets_are_replaced_by_a_note_not_embedded(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    cell = nbformat.v4.new_code_cell("box", metadata={"slideshow": {"slide_type": "slide"}})
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2,
                                                     "version_minor": 0},
        "text/plain": "VBox(children=(IntSlider(value=10),))"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# A deck\n\n$$x^2$$",
                                              metadata={"slideshow": {"slide_type": "slide"}}),
                cell]
    path = tmp_path / "zh" / "01-widget.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    html = build_slides.export(nbformat.read(path, as_version=4), path)
    assert web_references(html) == []
    assert "widget-state+json" not in html and "widget-view+json" not in html
    assert "VBox(children" not in html
    assert build_slides.LIVE_ONLY["zh"] in html and 'lang="zh"' in html


def test_answer_cells_show_the_task_not_no_answer_yet(tmp_path):
    nb = nbformat.v4.new_notebook()
    task = nbformat.v4.new_code_cell("answer = ...\nck.check('04.x', answer)",
                                     metadata={"slideshow": {"slide_type": "slide"},
                                               "tags": ["remove-output"]})
    task.outputs = [nbformat.v4.new_output("stream", name="stdout", text="No answer yet\n")]
    shown = nbformat.v4.new_code_cell("print('kept')", metadata={"slideshow": {"slide_type": "-"}})
    shown.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kept output\n")]
    nb.cells = [task, shown]
    html = build_slides.export(nb, tmp_path / "01-x.ipynb")
    assert "04.x" in html  # the task's code is on the slide
    assert "No answer yet" not in html and "kept output" in html


def test_deck_list_includes_both_editions():
    names = {p.relative_to(ROOT).as_posix() for p in DECKS}
    assert "notebooks/04-customer-value.ipynb" in names
    assert "casestudies/01-wang-yongqing-rice-shop.ipynb" in names
    for zh in chapters.notebooks("zh", root=ROOT):
        assert zh.relative_to(ROOT).as_posix() in names


def test_vendored_assets_stay_small_and_licensed():
    files = [p for p in VENDOR.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 2_000_000
    for package in ("reveal.js", "katex"):
        assert (VENDOR / package / "LICENSE").is_file()
        assert (VENDOR / package / "VERSION").is_file()


@pytest.mark.parametrize("path", DECKS, ids=[p.relative_to(ROOT).as_posix() for p in DECKS])
def test_live_slides_use_a_theme_with_bundled_fonts(path):
    # RISE's default theme ("simple") fetches its fonts from fonts.googleapis.com;
    # "white" uses the Source Sans Pro files that jupyterlab-rise ships.
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("rise", {}).get("theme") == "white", (
        f'{path.name}: add "rise": {{"theme": "white"}} to the notebook metadata')


def test_chinese_tables_line_up_on_the_slides(tmp_path):
    """A zh deck sets its printed output in KaTeX's typewriter face (every glyph 0.525 em)
    with the bundled Chinese font at 105 %: each Chinese character of the output is then
    exactly two Latin columns wide, as pandas counts it in zh mode."""
    import base64
    import io
    import unicodedata

    from fontTools.ttLib import TTFont

    import crmkit as ck

    ck.set_language("zh")
    table = ck.translate(ck.man_table()[["code", "priority", "action"]]).to_string()
    ck.set_language("en")
    cell = nbformat.v4.new_code_cell("print(table)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=table + "\n")]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell]
    path = tmp_path / "zh" / "01-table.ipynb"
    path.parent.mkdir()
    html = build_slides.export(nb, path)
    assert web_references(html) == []
    assert "font-family:KaTeX_Typewriter,'CRM CJK Mono',monospace" in html
    assert build_slides.CJK_SCALE == "105%" and build_slides.TYPEWRITER_EM == 0.525
    data = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", html).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap, widths, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    wide = {c for c in table if unicodedata.east_asian_width(c) in "WF"}
    assert len(wide) > 20
    for c in wide:  # 1 em at 105 % = 1.05 em = two typewriter columns of 0.525 em
        assert ord(c) in cmap and widths[cmap[ord(c)]][0] == em, c
    assert len(data) < 200_000  # cut to the deck's characters, not the 2.9 MB font
    english = build_slides.export(nb, tmp_path / "01-table.ipynb")
    assert "CRM CJK Mono" not in english
