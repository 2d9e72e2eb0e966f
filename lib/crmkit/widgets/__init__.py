"""Interactive explorers for the notebooks' *Try it* sections, and the quiz form.

Each explorer is a thin ipywidgets layer over pure ``crmkit`` functions (the
tests call those directly): moving a slider recomputes and redraws.  Every
explorer also prints a plain-text result, so a notebook read without a live
kernel still shows what the widget computes.  One module per course topic
(``widgets/value.py`` explores ``crmkit.value``), plus ``widgets/quiz.py``, the
form of ``ck.quiz``.  Every name a module lists in ``__all__`` is here too.

>>> import crmkit as ck
>>> explorer = ck.widgets.clv_explorer()      # doctest: +SKIP
"""

from __future__ import annotations

from crmkit import _areas

#: module -> the names of widgets/<module>.py (each one is ``ck.widgets.<name>``)
AREAS = _areas.gather(globals())

__all__ = sorted(name for names in AREAS.values() for name in names)
