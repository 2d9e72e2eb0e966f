"""Refresh the slide assets in scripts/slides/vendor/ from npm (maintainers only).

Usage: python scripts/vendor_slides.py        (needs `npm` and the npm registry)

`make slides` never downloads anything: it inlines the files this script
copies into the repo, so a deck opens from disk with no network.  Run this
only to move to another version; it fetches the exact versions below with
`npm pack` (which checks each package's integrity hash), keeps the few files a
deck needs and trims the font lists to one modern format:

- reveal.js 4.0.2 (the version nbconvert's slides template is written for):
  dist/reveal.js, dist/reveal.css, the white theme, its Source Sans Pro
  fonts (WOFF only), and the speaker-notes plugin.  MIT; fonts SIL OFL 1.1.
- KaTeX: katex.min.js, katex.min.css, the auto-render extension, and the
  WOFF2 fonts (every browser that runs reveal.js 4 reads WOFF2).  MIT.

MathJax is replaced by KaTeX (0.3 MB instead of 20 MB unpacked), require.js
and jQuery are not needed (the deck template loads reveal.js as a plain
script), and widgets are not embedded (see scripts/build_slides.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "slides" / "vendor"
PACKAGES = {"reveal.js": "4.0.2", "katex": "0.19.1"}

# (file in the npm package, where it goes under vendor/<package>/)
FILES = {
    "reveal.js": [
        ("LICENSE", "LICENSE"),
        ("dist/reveal.js", "reveal.js"),
        ("dist/reveal.css", "reveal.css"),
        ("dist/theme/white.css", "theme/white.css"),
        ("dist/theme/fonts/source-sans-pro/LICENSE", "theme/fonts/source-sans-pro/LICENSE"),
        *[(f"dist/theme/fonts/source-sans-pro/source-sans-pro-{style}.woff",
           f"theme/fonts/source-sans-pro/source-sans-pro-{style}.woff")
          for style in ("regular", "italic", "semibold", "semibolditalic")],
        ("plugin/notes/notes.js", "plugin/notes/notes.js"),
    ],
    "katex": [
        ("LICENSE", "LICENSE"),
        ("dist/katex.min.js", "katex.min.js"),
        ("dist/katex.min.css", "katex.min.css"),
        ("dist/contrib/auto-render.min.js", "contrib/auto-render.min.js"),
    ],
}

SOURCE_SANS_CSS = """\
/* Source Sans Pro for the reveal.js white theme (WOFF only; see scripts/vendor_slides.py). */
""" + "".join(
    f"@font-face {{\n    font-family: 'Source Sans Pro';\n"
    f"    src: url('source-sans-pro-{style}.woff') format('woff');\n"
    f"    font-weight: {weight};\n    font-style: {italic};\n}}\n"
    for style, weight, italic in [("regular", "normal", "normal"), ("italic", "normal", "italic"),
                                  ("semibold", "600", "normal"),
                                  ("semibolditalic", "600", "italic")])


def _unpack(name: str, version: str, work: Path) -> Path:
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=work,
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    target = work / name
    with tarfile.open(work / out) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    shutil.rmtree(VENDOR, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, version in PACKAGES.items():
            package = _unpack(name, version, Path(tmp))
            for source, target in FILES[name]:
                dest = VENDOR / name / target
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(package / source, dest)
            if name == "katex":
                css = (package / "dist" / "katex.min.css").read_text(encoding="utf-8")
                # keep only the WOFF2 source of every @font-face
                css = re.sub(r'(url\(fonts/[\w-]+\.woff2\) format\("woff2"\))'
                             r'(,url\([^)]*\) format\("[\w]+"\))+', r"\1", css)
                (VENDOR / name / "katex.min.css").write_text(css, encoding="utf-8")
                for font in sorted(set(re.findall(r"fonts/([\w-]+\.woff2)", css))):
                    dest = VENDOR / name / "fonts" / font
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(package / "dist" / "fonts" / font, dest)
            else:
                (VENDOR / name / "theme/fonts/source-sans-pro/source-sans-pro.css").write_text(
                    SOURCE_SANS_CSS, encoding="utf-8")
            (VENDOR / name / "VERSION").write_text(f"{name}@{version}\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in VENDOR.rglob("*") if p.is_file())
    print(f"{VENDOR}: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 1:
        sys.exit(__doc__)
    main()
