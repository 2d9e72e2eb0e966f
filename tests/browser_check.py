"""Every notebook as a student sees it: JupyterLab in headless Chromium (`make test-browser`).

Usage: python tests/browser_check.py [NOTEBOOK ...]     (default: every notebook, both editions)

1. Starts JupyterLab on a free localhost port (token, root dir = the repo; settings,
   workspaces and checkpoints in a temporary folder, autosave off, so the repo is not touched).
2. Opens each notebook (notebooks/, casestudies/ and their zh/ folders) in Chromium, runs all
   cells, waits for the kernel to go idle and fails on: a code cell that never ran, a traceback
   in a cell not tagged ``raises-exception``, "Error displaying widget" or "Model not found",
   a widget output that did not render, a notebook with a widget section (a quiz or an
   explorer) but no rendered widget, a JavaScript error on the page, or a request that leaves
   localhost (the workbook runs offline).
3. Presents chapter 00 as live slides (jupyterlab-rise) and checks that its quiz widget renders
   on the slide.
4. Builds the static slides as `make slides` does (in the background while JupyterLab runs)
   and opens each deck from disk with the network off: nothing may load from outside the file,
   every formula must be typeset by KaTeX, the right arrow key must move to the next slide,
   and no slide may be taller than the 700-pixel slide (a projector screen).

A screenshot of each notebook and deck goes to build/browser/.  The summary lists each
notebook with its seconds, cells run and widgets rendered.  Chromium is Debian's package
(/usr/bin/chromium, or the CHROMIUM environment variable); playwright drives it and never
downloads a browser.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
NOTEBOOK_TIMEOUT = 150  # seconds for one notebook to open and run
WIDGET_SECTION = re.compile(r"ck\.quiz\(|_explorer\(|ipywidgets")
WIDGET_ERRORS = ("Error displaying widget", "Model not found")
SETTINGS = {  # JupyterLab settings for the run (a temporary settings folder)
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}

# What the notebook model says about each code cell after the run (runs in the page).
CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const out = [];
  panel.content.widgets.forEach((cell, index) => {
    const model = cell.model;
    if (model.type !== 'code') return;
    const outputs = [];
    for (let j = 0; j < model.outputs.length; j++) {
      const o = model.outputs.get(j);
      outputs.push({type: o.type, mimes: Object.keys(o.data || {}),
                    error: o.type === 'error' ? o.toJSON().ename + ': ' + o.toJSON().evalue : ''});
    }
    const widgetOutputs = outputs.filter(o => o.mimes.includes(
      'application/vnd.jupyter.widget-view+json')).length;
    out.push({index: index + 1, id: model.id, count: model.executionCount,
              source: model.sharedModel.getSource(), tags: model.getMetadata('tags') || [],
              outputs: outputs, widgetOutputs: widgetOutputs,
              rendered: [...cell.node.querySelectorAll(
                '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')]
                .filter(o => o.matches('.jupyter-widgets') || o.querySelector('.jupyter-widgets'))
                .length,
              text: cell.node.innerText});
  });
  return out;
}"""

KERNEL_IDLE_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
                 && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}"""

RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const code = panel.content.widgets.filter(c => c.model.type === 'code'
                                           && c.model.sharedModel.getSource().trim());
  return {idle: kernel.status === 'idle',
          busy: [...panel.node.querySelectorAll('.jp-InputPrompt')]
                  .some(e => e.textContent.includes('*')),
          waiting: code.filter(c => c.model.executionCount === null).length};
}"""


def notebooks() -> list[Path]:
    """Every written chapter, case and lab of the book manifest, in both editions."""
    return chapters.notebooks(root=ROOT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(tmp: Path) -> tuple[subprocess.Popen, str, str]:
    """Start JupyterLab; return the process, its base URL and token."""
    for name, values in SETTINGS.items():
        path = tmp / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}",
               f"--IdentityProvider.token={token}",
               "--LabApp.expose_app_in_browser=True",
               f"--LabApp.user_settings_dir={tmp / 'settings'}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
               f"--FileContentsManager.checkpoints_kwargs={{'root_dir': '{tmp / 'checkpoints'}'}}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp / "lab.log", "w", encoding="utf-8")  # noqa: SIM115 (kept open for the server)
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"JupyterLab stopped at start-up:\n{(tmp / 'lab.log').read_text('utf-8')}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                return process, url, token
        except OSError:
            time.sleep(0.5)
    process.terminate()
    sys.exit("JupyterLab did not answer within 90 s")


def _shot_name(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix().replace("/", "__") + ".png"


OPEN_JS = """async path => {
  const app = window.jupyterapp;
  await app.restored;
  const panel = await app.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
}"""

CLOSE_JS = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.shutdown();
  panel.dispose();
}"""


def open_lab(context, url: str, token: str, errors: list[str]):
    """One JupyterLab page for every notebook (the lab loads once)."""
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.goto(f"{url}/lab?reset&token={token}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=90000)
    return page


def check_notebook(page, path: Path, errors: list[str]) -> dict:
    """Open ``path`` in the lab page, run all cells; return what was found."""
    rel = path.relative_to(ROOT).as_posix()
    errors.clear()
    problems = errors  # page errors while this notebook is open count against it
    start = time.perf_counter()
    page.evaluate(OPEN_JS, rel)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=NOTEBOOK_TIMEOUT * 1000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    _wait_for_run(page)
    page.wait_for_timeout(1500)  # let the widget views attach
    seconds = time.perf_counter() - start
    cells = page.evaluate(CELLS_JS)
    code = "\n".join(c["source"] for c in cells)
    rendered = sum(c["rendered"] for c in cells)
    for cell in cells:
        where = f"cell {cell['index']} ({cell['id']})"
        if cell["source"].strip() and cell["count"] is None:
            problems.append(f"{where} never ran")
        errors = [o["error"] for o in cell["outputs"] if o["type"] == "error"]
        if errors and "raises-exception" not in cell["tags"]:
            problems.append(f"{where} raised {errors[0][:200]}")
        for message in WIDGET_ERRORS:
            if message in cell["text"]:
                problems.append(f"{where} shows '{message}'")
        if cell["widgetOutputs"] and not cell["rendered"]:
            problems.append(f"{where} has a widget output that did not render")
    if WIDGET_SECTION.search(code) and rendered == 0:
        problems.append("has a widget section but no widget rendered")
    first_widget = page.locator(".jp-OutputArea-output .jupyter-widgets").first
    if rendered:
        first_widget.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / _shot_name(path)))
    return {"notebook": rel, "seconds": seconds, "cells": sum(c["count"] is not None
                                                               for c in cells),
            "code_cells": len(cells), "widgets": rendered, "problems": list(problems)}


def _wait_for_run(page) -> None:
    """Until every code cell ran, or the kernel has been idle for 5 s (Run All stopped)."""
    deadline, idle_since = time.time() + NOTEBOOK_TIMEOUT, None
    while time.time() < deadline:
        page.wait_for_timeout(500)
        state = page.evaluate(RUN_STATE_JS)
        quiet = state["idle"] and not state["busy"]
        if quiet and state["waiting"] == 0:
            return
        idle_since = (idle_since or time.time()) if quiet else None
        if idle_since and time.time() - idle_since > 5:
            return


def check_live_slides(context, url: str, token: str) -> dict:
    """Chapter 00 on RISE slides: its quiz widget renders on the slide (kernel from the lab)."""
    problems: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    start = time.perf_counter()
    page.goto(f"{url}/rise/notebooks/00-getting-started.ipynb?token={token}")
    page.wait_for_selector(".reveal .slides section", timeout=60000)
    quiz = page.locator(".jp-CodeCell", has_text='ck.quiz("00")').first
    quiz.wait_for(state="attached", timeout=30000)
    # go to the quiz's slide (space steps through slides, subslides and fragments)
    for _ in range(60):
        if quiz.evaluate("c => !!c.closest('section.present') && "
                         "!c.closest('section:not(.present)')"):
            break
        page.keyboard.press("Space")
        page.wait_for_timeout(250)
    page.wait_for_timeout(1000)  # the slide transition
    quiz.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    try:
        quiz.locator(".jp-OutputArea-output .jupyter-widgets").first.wait_for(timeout=30000)
        rendered = 1
    except Exception:  # noqa: BLE001 (reported below)
        rendered = 0
        problems.append("the quiz widget did not render on the RISE slide")
    text = quiz.inner_text()
    problems += [f"shows '{m}'" for m in WIDGET_ERRORS if m in text]
    slides = page.locator(".reveal .slides > section").count()
    page.screenshot(path=str(SHOTS / "rise__00-getting-started.png"))
    page.close()
    return {"notebook": "RISE: notebooks/00-getting-started.ipynb",
            "seconds": time.perf_counter() - start, "cells": 1, "code_cells": 1,
            "widgets": rendered, "slides": slides, "problems": problems}


SLIDE_HEIGHT = 700  # reveal.js canvas height in the deck template
SLIDE_HEIGHTS_JS = """() => {
  const out = [];
  document.querySelectorAll('.reveal .slides > section').forEach((stack, h) => {
    const inner = stack.querySelectorAll(':scope > section');
    (inner.length ? [...inner] : [stack]).forEach((slide, v) => {
      Reveal.slide(h, v);
      const first = slide.querySelector('h1, h2, h3, p, pre');
      out.push([h, v, slide.scrollHeight, first ? first.textContent.trim() : '']);
    });
  });
  Reveal.slide(0, 0);
  return out;
}"""


def check_deck(browser, deck: Path, source: Path) -> dict:
    """Open a built deck from disk with the network off."""
    problems: list[str] = []
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else
            problems.append(f"requests {r.url[:100]}"))
    start = time.perf_counter()
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30000)
    # measure only once the inlined fonts and the charts are in (a slow machine is still
    # decoding them, and fallback fonts make the text taller)
    page.wait_for_function("document.fonts.status === 'loaded' && "
                           "[...document.images].every(i => i.complete)", timeout=30000)
    formulas = len(re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", _markdown(source), re.S))
    typeset = page.locator(".katex").count()
    if page.locator(".katex-error").count():
        problems.append(f"{page.locator('.katex-error').count()} formula(s) failed to typeset")
    if typeset < formulas:
        problems.append(f"{formulas} formulas in the notebook, {typeset} typeset")
    # no sliding: the screenshot shows the whole slide, not one still moving in from the right
    page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    before = page.evaluate("Reveal.getIndices().h")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    if page.evaluate("Reveal.getIndices().h") != before + 1:
        problems.append("the right arrow did not move to the next slide")
    if formulas:  # show a slide with a formula
        page.evaluate("""() => { const s = document.querySelector('.katex').closest('section');
                           Reveal.slide(...Object.values(Reveal.getIndices(s)).slice(0, 2)); }""")
        page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / ("deck__" + _shot_name(source))))
    heights = page.evaluate(SLIDE_HEIGHTS_JS)
    for h, v, height, title in heights:
        if height > SLIDE_HEIGHT:
            problems.append(f"slide {h}/{v} ({title[:50]!r}) is {height} px tall "
                            f"(the slide is {SLIDE_HEIGHT})")
    total = page.evaluate("Reveal.getTotalSlides()")
    context.close()
    return {"notebook": "deck: " + deck.relative_to(ROOT).as_posix(),
            "seconds": time.perf_counter() - start, "slides": total, "formulas": typeset,
            "tallest": max(h[2] for h in heights), "problems": problems}


def _fonts(tmp: Path) -> dict[str, str]:
    """Let Chromium use the workbook's bundled Chinese font (machines without CJK fonts)."""
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    '<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{ROOT / "lib" / "crmkit" / "fonts"}</dir></fontconfig>\n',
                    encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def _markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def main(argv: list[str]) -> int:
    if not Path(CHROMIUM).exists():
        print(f"make test-browser needs Chromium at {CHROMIUM}: install Debian's package "
              "(apt-get install chromium) or set CHROMIUM=/path/to/chromium.")
        return 1
    from playwright.sync_api import sync_playwright

    paths = [Path(a).resolve() for a in argv] or notebooks()
    started = time.perf_counter()
    results, blocked = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        decks = Path(tmp) / "slides"
        # `make slides` for these notebooks, in the background while JupyterLab runs
        slides_log = open(Path(tmp) / "slides.log", "w", encoding="utf-8")  # noqa: SIM115
        building = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "build_slides.py"),
                                     str(decks), *map(str, paths)], cwd=ROOT,
                                    stdout=slides_log, stderr=subprocess.STDOUT)
        lab, url, token = start_lab(Path(tmp))
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 env={**os.environ, **_fonts(Path(tmp))})
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:).*"),
                          lambda route: (blocked.append(route.request.url), route.abort()))
            errors: list[str] = []
            page = open_lab(context, url, token, errors)
            for path in paths:
                results.append(check_notebook(page, path, errors))
                print(_line(results[-1]), flush=True)
                if path == ROOT / "notebooks" / "00-getting-started.ipynb":
                    # live slides use this notebook's kernel, so before it shuts down
                    results.append(check_live_slides(context, url, token))
                    print(_line(results[-1]), flush=True)
                page.evaluate(CLOSE_JS)
            context.close()
        finally:
            lab.terminate()
            lab.wait(timeout=30)
        if building.wait() != 0:
            slides_log.close()
            sys.exit("make slides failed:\n" + (Path(tmp) / "slides.log").read_text("utf-8"))
        for path in paths:
            deck = decks / path.relative_to(ROOT).with_suffix(".slides.html")
            shown = SHOTS / "decks" / deck.relative_to(decks)
            shown.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(deck, shown)
            results.append(check_deck(browser, shown, path))
            print(_line(results[-1]), flush=True)
        browser.close()
    seconds = time.perf_counter() - started
    if blocked:
        results.append({"notebook": "JupyterLab network", "seconds": 0,
                        "problems": [f"requested {u[:100]} (blocked)" for u in blocked]})
    failed = [r for r in results if r["problems"]]
    notebooks_run = [r for r in results if "code_cells" in r and not r["notebook"].startswith("R")]
    print(f"\n{len(notebooks_run)} notebooks run in JupyterLab, "
          f"{sum(r['widgets'] for r in notebooks_run)} widgets rendered; "
          f"{sum(1 for r in results if r['notebook'].startswith('deck'))} decks opened offline; "
          f"{seconds:.0f} s in all; screenshots in {SHOTS.relative_to(ROOT)}/")
    for result in failed:
        print(f"FAILED {result['notebook']}:\n  " + "\n  ".join(result["problems"]))
    return 1 if failed else 0


def _line(result: dict) -> str:
    parts = [f"{result['seconds']:5.1f} s"]
    if "code_cells" in result:
        parts.append(f"{result['cells']}/{result['code_cells']} cells ran")
        parts.append(f"{result['widgets']} widgets rendered")
    if "slides" in result:
        parts.append(f"{result['slides']} slides")
    if "formulas" in result:
        parts.append(f"{result['formulas']} formulas typeset")
    if "tallest" in result:
        parts.append(f"tallest slide {result['tallest']} px")
    status = "ok" if not result["problems"] else f"{len(result['problems'])} problem(s)"
    return f"{result['notebook']:<58} " + ", ".join(parts) + f"  [{status}]"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
