"""Build the Chinese font that ships inside crmkit (lib/crmkit/fonts/).

Why: matplotlib draws Chinese characters as empty boxes unless a CJK font is
registered.  Students run Windows, macOS and Linux, often without admin rights
or network, so the workbook carries its own font.

What: Noto Sans CJK SC Regular (SIL Open Font License 1.1, from Debian's
``fonts-noto-cjk`` package), cut down with fontTools' subsetter to

* the 6,763 hanzi of GB 2312 (the characters of everyday simplified Chinese),
* ASCII, Latin-1 and Greek, general punctuation, CJK symbols and punctuation,
  full-width forms,
* every other character used in data/glossary/*.csv and data/quiz/*.yaml,

and renamed "CRM Workbook Sans SC" (a Modified Version under the OFL may not
claim to be the original; the family name also keeps it apart from a full Noto
installed on the same machine).

How to rebuild (Debian/Ubuntu, as root)::

    apt-get install fonts-noto-cjk
    .venv/bin/python scripts/make_cjk_font.py

fontTools comes with matplotlib, so no extra package is needed.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_INDEX = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK in Debian's collection
COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
OUT_DIR = ROOT / "lib" / "crmkit" / "fonts"
OUT_FONT = OUT_DIR / "CRMWorkbookSansSC-Regular.otf"
FAMILY = "CRM Workbook Sans SC"


def gb2312_hanzi() -> set[str]:
    """The 6,763 hanzi of GB 2312 (rows 0xB0-0xF7, columns 0xA1-0xFE)."""
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def used_characters() -> set[str]:
    """Every non-ASCII character in the workbook's bilingual text files."""
    files = [*sorted((ROOT / "data" / "glossary").glob("*.csv")),
             *sorted((ROOT / "data" / "quiz").glob("*.yaml"))]
    text = "".join(p.read_text(encoding="utf-8") for p in files if p.exists())
    return {c for c in text if ord(c) > 0x7F}


def ranges() -> set[str]:
    spans = [(0x20, 0x7E), (0xA0, 0xFF), (0x370, 0x3FF), (0x2000, 0x206F), (0x2190, 0x21FF),
             (0x2200, 0x22FF), (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    return {chr(c) for lo, hi in spans for c in range(lo, hi + 1)}


def main() -> None:
    font = TTCollection(str(SOURCE)).fonts[SOURCE_INDEX]
    cmap = font.getBestCmap()
    wanted = gb2312_hanzi() | ranges() | used_characters()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # smaller file; matplotlib renders unhinted anyway
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 3:
            record.string = f"{FAMILY} Regular; subset of Noto Sans CJK SC"
    font["CFF "].cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT_FONT))
    # Debian's copyright file holds the OFL text as an indented block after
    # the last "License: SIL-1.1" line, up to the next "License:" block.
    licence = COPYRIGHT.read_text(encoding="utf-8").split("License: SIL-1.1\n")[-1]
    licence = licence.split("\nLicense:")[0]
    body = "\n".join(line[1:] if line.startswith(" ") else line for line in licence.splitlines())
    body = body.replace("\n.\n", "\n\n")
    notice = names.getDebugName(0) or ""
    (OUT_DIR / "OFL.txt").write_text(f"{notice}\n\n{body.strip()}\n", encoding="utf-8")
    print(f"{OUT_FONT.relative_to(ROOT)}: {len(unicodes)} characters, "
          f"{OUT_FONT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
