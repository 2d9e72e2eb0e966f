"""The Chinese font shipped with crmkit, and its registration with matplotlib.

matplotlib draws characters its font lacks as empty boxes ("tofu") and warns
``Glyph ... missing from font``.  :func:`register` adds the bundled
*CRM Workbook Sans SC* (a subset of Noto Sans CJK SC, SIL OFL 1.1; see
``OFL.txt`` and ``README.md`` in this folder) to matplotlib's font manager
and puts it in the sans-serif list, so charts show Chinese on any computer,
with no admin rights and no network.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FONT_FAMILY", "FONT_PATH", "register"]

FONT_PATH = Path(__file__).resolve().parent / "CRMWorkbookSansSC-Regular.otf"
FONT_FAMILY = "CRM Workbook Sans SC"
_LATIN_FAMILY = "DejaVu Sans"  # ships with matplotlib itself


def register(chinese_first: bool = False) -> None:
    """Make matplotlib able to draw Chinese text.

    Parameters
    ----------
    chinese_first:
        Put the Chinese font before DejaVu Sans (used when labels are in
        Chinese).  Either way each font is a fallback for the other, so an
        English chart can still show a Chinese customer name.
    """
    from matplotlib import font_manager, rcParams

    known = {f.fname for f in font_manager.fontManager.ttflist}
    if str(FONT_PATH) not in known:
        font_manager.fontManager.addfont(str(FONT_PATH))
    order = [FONT_FAMILY, _LATIN_FAMILY] if chinese_first else [_LATIN_FAMILY, FONT_FAMILY]
    rest = [f for f in rcParams["font.sans-serif"] if f not in order]
    # An explicit family list (not just "sans-serif") is what makes matplotlib
    # fall back glyph by glyph from one font to the next.
    rcParams["font.family"] = order
    rcParams["font.sans-serif"] = order + rest
    rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus sign
