"""Try it: lead-score points and threshold → who qualifies, and how good the rule is (chapter 02).

A thin ipywidgets layer over pure functions of :mod:`crmkit.identify`: the
points per signal feed :func:`~crmkit.identify.lead_score`, the threshold
turns scores into a rule ("follow up every lead scoring at least this"), and
:func:`~crmkit.identify.lead_rule_quality` checks the rule against the leads
that later bought (precision: calls not wasted; recall: buyers found).

It answers from code, which is how the tests drive it:

>>> import crmkit as ck
>>> from crmkit.widgets.identify import lead_score_explorer
>>> explorer = lead_score_explorer(ck.load_leads(), threshold=70)
>>> int(explorer.quality["qualifying"]), int(explorer.quality["buyers_reached"])
(273, 173)
>>> explorer.threshold.value = 60                 # a lower bar ...
>>> int(explorer.quality["qualifying"]), round(explorer.quality["recall"], 2)  # finds more buyers
(384, 0.81)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd

from crmkit import validate
from crmkit.errors import CRMDataError
from crmkit.i18n import label
from crmkit.identify import (
    DEFAULT_LEAD_POINTS,
    lead_rule_quality,
    lead_score,
    lead_threshold_table,
)
from crmkit.plots.identify import lead_threshold_chart
from crmkit.widgets._explorer import Explorer, slider, value_label

__all__ = ["LeadScoreExplorer", "lead_score_explorer"]


def _percent(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


class LeadScoreExplorer(Explorer):
    """One slider per signal (its points) and one for the threshold.

    Attributes
    ----------
    points:
        ``{signal: IntSlider}``; set a slider's ``value`` from code to drive it.
    threshold:
        The cut-off slider (0–100, steps of 5).
    scored:
        The leads scored with the current points (:func:`crmkit.lead_score`).
    quality:
        :func:`crmkit.lead_rule_quality` of the current rule.
    table:
        :func:`crmkit.lead_threshold_table` of the current points (every threshold).
    """

    def __init__(self, leads: pd.DataFrame, weights: Mapping[str, float], threshold: float,
                 outcome: str) -> None:
        self.leads, self.outcome = leads, outcome
        self.points = {  # a known signal shows its glossary label, your own column its name
            signal: slider(value_label("ui.signal_", signal), int(points), 0, 40, 1, integer=True)
            for signal, points in weights.items()}
        self.threshold = slider(label("lead_threshold"), int(threshold), 0, 100, 5, integer=True)
        sliders = list(self.points.values())
        half = (len(sliders) + 1) // 2
        grid = w.HBox([w.VBox(sliders[:half]), w.VBox(sliders[half:])])
        self.scored = pd.DataFrame()
        self.quality = pd.Series(dtype=object)
        self.table = pd.DataFrame()
        self._build([*sliders, self.threshold], layout=[grid, self.threshold])

    def weights(self) -> dict[str, float]:
        """The points per signal the sliders show now."""
        return {signal: float(control.value) for signal, control in self.points.items()}

    def compute(self) -> None:
        """Rescore the leads and check the rule against later purchases."""
        chosen = self.weights()
        if sum(chosen.values()) <= 0:  # every slider at 0: nobody can score
            chosen = {signal: 1.0 for signal in chosen}
        self.scored = lead_score(self.leads, chosen)
        self.quality = lead_rule_quality(self.scored, float(self.threshold.value),
                                         outcome=self.outcome)
        self.table = lead_threshold_table(self.scored, outcome=self.outcome)

    def draw(self, ax: Any) -> None:
        """Precision and recall at every threshold, the chosen one dashed."""
        lead_threshold_chart(self.table, ax=ax, threshold=float(self.threshold.value))

    def summary(self) -> str:
        """The current rule and how well it does, as text."""
        q = self.quality
        return label("ui.lead_rule_result").format(
            threshold=int(q["threshold"]), qualifying=int(q["qualifying"]),
            leads=int(q["leads"]), reached=int(q["buyers_reached"]), buyers=int(q["buyers"]),
            precision=_percent(q["precision"]), recall=_percent(q["recall"]))


@validate.checked
def lead_score_explorer(leads: pd.DataFrame, weights: Mapping[str, float] | None = None,
                        threshold: float = 70, *, outcome: str = "converted"
                        ) -> LeadScoreExplorer:
    """An explorer of lead scoring: move the points and the threshold, watch who qualifies.

    Parameters
    ----------
    leads:
        One row per lead with a yes/no column per signal and the outcome
        (``ck.load_leads()``).
    weights:
        Starting points per signal (default :data:`crmkit.DEFAULT_LEAD_POINTS`);
        each slider runs 0–40.
    threshold:
        Starting cut-off on the 0–100 score (a multiple of 5).
    outcome:
        The yes/no column saying whether the lead later bought.

    Returns
    -------
    LeadScoreExplorer
        An ipywidgets box: the sliders, the result as text
        (:meth:`~LeadScoreExplorer.summary`) and the precision–recall chart.

    Raises
    ------
    CRMDataError
        As :func:`crmkit.lead_score` and :func:`crmkit.lead_threshold_table`; a
        weight that is not a whole number from 0 to 40; a threshold that is not a
        multiple of 5 from 0 to 100.
    """
    chosen = dict(DEFAULT_LEAD_POINTS) if weights is None else weights
    if not isinstance(chosen, Mapping) or not chosen:
        raise CRMDataError(f"weights must be a non-empty mapping of column -> points, "
                           f"e.g. {{'need': 25, 'money': 20}}, but got {weights!r}.",
                           zh="weights 应当是非空的映射（列 -> 分值），例如 "
                              f"{{'need': 25, 'money': 20}}，但收到的是 {weights!r}。")
    chosen = {str(k): validate.number(v, f"weights[{k!r}]", low=0, high=40,
                                      integer=True) for k, v in chosen.items()}
    cut = validate.number(threshold, "threshold", low=0, high=100, integer=True)
    if cut % 5:
        raise CRMDataError(f"threshold must be a multiple of 5 (the slider's steps), "
                           f"but got {threshold!r}. Fix: e.g. threshold={5 * round(cut / 5)}.",
                           zh=f"threshold 应当是 5 的倍数（滑块的步长），但收到的是 {threshold!r}。"
                              f"修正（Fix）：例如 threshold={5 * round(cut / 5)}。")
    lead_threshold_table(lead_score(leads, chosen), [cut], outcome=outcome)  # fail early
    return LeadScoreExplorer(leads, chosen, cut, outcome)
