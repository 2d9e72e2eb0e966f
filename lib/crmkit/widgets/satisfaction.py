"""Try it: how much do the cut-offs and the weights move the survey's headline numbers? (chapter 07)

:func:`satisfaction_explorer` is a thin ipywidgets layer over two pure
functions: :func:`crmkit.satisfaction_scorecard` (the satisfied and
dissatisfied shares for a chosen cut-off on the 1–5 scale, the NPS for chosen
promoter and detractor cuts on the 0–10 scale, each with its 95% interval, and
the satisfaction index for chosen attribute weights) and
:func:`crmkit.importance_performance` with the same weights as the importance,
drawn with :func:`crmkit.plots.satisfaction.importance_performance_grid`.

It answers from code, which is how the tests drive it, and shows its result as
text where no live kernel draws widgets (a static page):

>>> import crmkit as ck
>>> from crmkit.widgets.satisfaction import satisfaction_explorer
>>> explorer = satisfaction_explorer(ck.load_survey())
>>> round(float(explorer.card["satisfied_share"]), 3)     # the top box: 5s only
0.269
>>> explorer.satisfied.value = 4                   # count the 4s as satisfied too
>>> round(float(explorer.card["satisfied_share"]), 3)
0.553
>>> explorer.weight["app"].value = 5.0             # what if the app mattered most?
>>> explorer.quadrants.loc["app", "quadrant"]
'concentrate_here'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from crmkit import validate
from crmkit.i18n import label, say
from crmkit.plots.satisfaction import importance_performance_grid
from crmkit.satisfaction import (
    ATTRIBUTES,
    QUADRANTS,
    importance_performance,
    satisfaction_scorecard,
)
from crmkit.widgets._explorer import Explorer, slider

__all__ = ["SatisfactionExplorer", "satisfaction_explorer"]


def _percent(value: float) -> str:
    return f"{value:.1%}"


class SatisfactionExplorer(Explorer):
    """Sliders for the cut-offs and the attribute weights; shares, NPS, index and IPA quadrants.

    Attributes
    ----------
    satisfied, dissatisfied, promoter_from, detractor_to:
        The cut-off sliders; set their ``value`` from code to drive the explorer.
    weight:
        ``{attribute: slider}``, the weight of each attribute (0–5).
    card:
        The current :func:`crmkit.satisfaction_scorecard` (a Series).
    quadrants:
        The current :func:`crmkit.importance_performance` with the weights as importance.
    """

    def __init__(self, survey: pd.DataFrame, satisfied: int, dissatisfied: int,
                 promoter_from: int, detractor_to: int, weights: Mapping[str, float]) -> None:
        self.survey = survey
        self.satisfied = slider(label("ui.satisfied_from"), satisfied, 2, 5, 1, integer=True)
        self.dissatisfied = slider(label("ui.dissatisfied_to"), dissatisfied, 1, 4, 1,
                                   integer=True)
        self.promoter_from = slider(label("ui.promoter_from"), promoter_from, 6, 10, 1,
                                    integer=True)
        self.detractor_to = slider(label("ui.detractor_to"), detractor_to, 2, 9, 1,
                                   integer=True)
        self.weight = {a: slider(label(f"ui.attribute_{a}"), round(float(v), 1), 0.0, 5.0, 0.1,
                                 fmt=".1f") for a, v in weights.items()}
        self.card = pd.Series(dtype=float)
        self.quadrants = pd.DataFrame()
        cuts = [self.satisfied, self.dissatisfied, self.promoter_from, self.detractor_to]
        sliders = list(self.weight.values())
        layout = [w.HBox(cuts[:2]), w.HBox(cuts[2:]), w.HTML(label("ui.attribute_weights")),
                  w.HBox(sliders[:4]), w.HBox(sliders[4:])]
        self._build(cuts + sliders, layout)

    def _settings(self) -> dict[str, Any]:
        """The slider values, with crossed cut-offs pulled apart (the lower one moves)."""
        satisfied = int(self.satisfied.value)
        promoter_from = int(self.promoter_from.value)
        weights = {a: float(s.value) for a, s in self.weight.items()}
        if not any(weights.values()):
            weights = {a: 1.0 for a in weights}  # all at 0: count every attribute alike
        return {"satisfied": satisfied,
                "dissatisfied": min(int(self.dissatisfied.value), satisfied - 1),
                "promoter_from": promoter_from,
                "detractor_to": min(int(self.detractor_to.value), promoter_from - 1),
                "weights": weights}

    def compute(self) -> None:
        """The scorecard and the quadrants for the sliders (:func:`crmkit.satisfaction_scorecard`,
        :func:`crmkit.importance_performance` with the weights as importance)."""
        s = self._settings()
        self.card = satisfaction_scorecard(
            self.survey, satisfied=s["satisfied"], dissatisfied=s["dissatisfied"],
            promoter_from=s["promoter_from"], detractor_to=s["detractor_to"],
            weights=s["weights"])
        self.quadrants = importance_performance(self.survey, list(s["weights"]),
                                                weights=s["weights"])

    def draw(self, ax: Any) -> None:
        """The importance–performance grid with the weights as importance."""
        importance_performance_grid(self.quadrants, ax=ax)

    def summary(self) -> str:
        """The current result as text: shares, NPS, index and the attributes per quadrant."""
        s, c = self._settings(), self.card
        shares = label("ui.explorer_shares").format(
            satisfied=s["satisfied"], share=_percent(c["satisfied_share"]),
            low=_percent(c["satisfied_low"]), high=_percent(c["satisfied_high"]),
            dissatisfied=s["dissatisfied"], bad=_percent(c["dissatisfied_share"]),
            neutral=_percent(c["neutral_share"]))
        promoters = label("ui.explorer_nps").format(
            promoter_from=s["promoter_from"], detractor_to=s["detractor_to"],
            nps=f"{c['nps']:+.1f}", low=f"{c['nps_low']:+.1f}", high=f"{c['nps_high']:+.1f}")
        index = label("ui.explorer_index").format(index=f"{c['index']:.1f}")
        groups = []
        for quadrant in QUADRANTS:
            names = [label(f"ui.attribute_{a}") for a in self.quadrants.index
                     if self.quadrants.loc[a, "quadrant"] == quadrant]
            groups.append(f"{label(quadrant)}{say(': ', '：')}{say(', ', '、').join(names) or '–'}")
        return "\n".join([shares, promoters, index, " · ".join(groups)])


@validate.checked
def satisfaction_explorer(survey: pd.DataFrame, satisfied: int = 5, dissatisfied: int = 2,
                          promoter_from: int = 9, detractor_to: int = 6,
                          weights: Mapping[str, float] | None = None) -> SatisfactionExplorer:
    """An explorer of the survey's headline numbers under different cut-offs and weights.

    Parameters
    ----------
    survey:
        The survey (:func:`crmkit.load_survey`): ``satisfaction`` (1–5),
        ``recommend`` (0–10) and the ``importance_*`` / ``performance_*``
        ratings of the seven attributes.
    satisfied, dissatisfied:
        Starting cut-offs on the 1–5 scale: satisfied from (5, the top box),
        dissatisfied up to (2).
    promoter_from, detractor_to:
        Starting NPS cuts (9 and 6).
    weights:
        Starting ``{attribute: weight}`` (0–5 on the sliders); default the
        mean importance ratings, rounded to 0.1.

    Returns
    -------
    SatisfactionExplorer
        An ipywidgets box: the sliders, the result as text
        (:meth:`~SatisfactionExplorer.summary`) and the importance–performance grid.

    Raises
    ------
    CRMDataError
        Whatever :func:`crmkit.satisfaction_scorecard` and
        :func:`crmkit.importance_performance` refuse, or a value beyond its
        slider's range.
    """
    validate.number(promoter_from, "promoter_from", low=6, high=10, integer=True)
    validate.number(detractor_to, "detractor_to", low=2, high=9, integer=True)
    if weights is None:
        stated = importance_performance(survey, list(ATTRIBUTES))["importance"]
        weights = {a: round(float(v), 1) for a, v in stated.items()}
    satisfaction_scorecard(survey, satisfied=satisfied, dissatisfied=dissatisfied,
                           promoter_from=promoter_from, detractor_to=detractor_to,
                           weights=weights)
    for attribute, value in weights.items():
        validate.number(value, f"weights[{attribute!r}]", low=0, high=5)
    return SatisfactionExplorer(survey, int(satisfied), int(dissatisfied), int(promoter_from),
                                int(detractor_to), dict(weights))
