"""Which crmkit modules each chapter and each case study uses: the one table.

``CHAPTERS`` maps a chapter code to the analytics modules the chapter teaches
(``crmkit/<module>.py``, with charts in ``crmkit/plots/<module>.py`` and, if it
has one, an explorer in ``crmkit/widgets/<module>.py``).  ``import crmkit`` builds
its top-level names from this table: every name a listed module puts in its
``__all__`` becomes ``ck.<name>``, every chart ``ck.plots.<name>`` and every
explorer ``ck.widgets.<name>``.  A new chapter adds one line here.

``CASES`` maps a case code to its package under ``crmkit/cases/``; the case's
checked tasks (``ck.check("c01.run_out", ...)``) live in its ``exercises.py``.
Cases are not on ``ck.``: a case notebook imports its own package
(``from crmkit.cases import rice_shop``).

>>> from crmkit.chapters import CHAPTERS, CASES
>>> CHAPTERS["04"], CASES["c01"]
(('value',), 'rice_shop')
"""

from __future__ import annotations

__all__ = ["CASES", "CHAPTERS", "modules"]

#: chapter code -> the analytics modules it teaches (crmkit.<module>)
CHAPTERS: dict[str, tuple[str, ...]] = {
    "00": ("datasets",),      # Getting started: the sample data
    "01": ("ladder",),        # Customers and customer relationships: the customer ladder
    "02": ("identify",),      # Identifying customers
    "03": ("select",),        # Selecting and tiering customers
    "04": ("value",),         # Customer value: RFM, CLV, the accumulation effect
    "05": ("acquisition",),   # Winning customers: acquisition funnel, payback
    "06": ("retention", "alive"),  # Keeping customers: cohorts, churn, BG/NBD (who is alive)
    "07": ("satisfaction",),  # Customer satisfaction
    "08": ("loyalty",),       # Customer loyalty
    "09": ("complaints",),    # Complaints
}

#: case code -> its package crmkit.cases.<name>
CASES: dict[str, str] = {
    "c01": "rice_shop",       # Wang Yongqing's rice shop
    "c02": "dairy",           # Chengdu Hailang Dairy
    "c04": "firing",          # Firing customers (Sprint Nextel, TXU, Citibank)
}


def modules() -> list[str]:
    """Every analytics module of :data:`CHAPTERS`, in chapter order, each once."""
    return list(dict.fromkeys(m for listed in CHAPTERS.values() for m in listed))
