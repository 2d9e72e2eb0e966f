"""crmkit: the helper library of the Customer Relationship Management workbook.

Import it as ``import crmkit as ck``.  Everything a notebook needs is one
attribute away: ``ck.load_transactions()``, ``ck.rfm_scores(...)``,
``ck.set_language("zh")``, ``ck.quiz("04")``, ``ck.check("04.rfm", answer)``.
Charts live in ``ck.plots``, explorers in ``ck.widgets``.  ``help(ck.rfm_scores)``
explains any function.

One module per course topic, listed chapter by chapter in
:data:`crmkit.chapters.CHAPTERS` (``datasets``, ``ladder``, ``identify``,
``select``, ``value``, ``acquisition``, ``retention``, ``satisfaction``,
``loyalty``, ``complaints``).  Every name such a module lists in its
``__all__`` is also ``ck.<name>``; its charts (``plots/<topic>.py``) are
``ck.plots.<name>`` and its explorers (``widgets/<topic>.py``)
``ck.widgets.<name>``.  Case studies live in :mod:`crmkit.cases`, not on ``ck``.
The tools: ``validate`` (input checks), ``i18n`` (languages),
``quizbank`` (``ck.quiz``), ``exercises`` (``ck.check``, ``ck.hint``),
``synth`` (the sample data's generator).  See lib/crmkit/README.md.

``ck.plots``, ``ck.widgets`` and ``ck.quiz`` load on first use (matplotlib,
ipywidgets and yaml take longer to import than all the rest), so
``import crmkit`` stays fast.
"""

from __future__ import annotations

import importlib

from crmkit import _lazy, chapters
from crmkit.errors import CRMDataError
from crmkit.exercises import check, hint
from crmkit.i18n import get_language, glossary, label, set_language, term, translate

__version__ = "0.1.0"

__all__ = ["CRMDataError", "check", "get_language", "glossary", "hint", "label", "quiz",  # noqa: F822
           "set_language", "term", "translate"]

# Every name a topic module of the CHAPTERS table lists in its __all__ is ck.<name>.
for _topic in chapters.modules():
    _module = importlib.import_module(f"crmkit.{_topic}")
    globals().update({name: getattr(_module, name) for name in _module.__all__})
    __all__ += _module.__all__
del _topic, _module

# Loaded on first use: name -> module, and subpackages reached as attributes.
__getattr__, __dir__ = _lazy.attach(
    globals(), {"quiz": "crmkit.quizbank"},
    {"cases", "fonts", "plots", "quizbank", "synth", "widgets"},
)
