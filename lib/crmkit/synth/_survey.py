"""The satisfaction survey: who answers, what they answer, and who leaves afterwards.

Planted structure (chapter 07):

* the score a customer gives reflects a hidden satisfaction level (with noise,
  and one point lower after an unresolved complaint);
* the score predicts buying again, steepest at the top: customers who answer
  5 ("very satisfied") buy again far more often than those who answer 4 (the
  Xerox finding);
* recommendation (0-10) and repurchase intent follow the score;
* importance and performance of seven attributes place freshness and price in
  "concentrate here", quality in "keep up the good work", staff and delivery in
  "possible overkill", the app and checkout in "low priority".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.datasets import ATTRIBUTES
from crmkit.synth._base import frame, ids, to_date

__all__ = ["LEAVE_AFTER_SCORE", "WINDOW", "answer_frame", "reported_score"]

WINDOW = (59, 901)  # survey invitations 2023-03-01 .. 2025-06-20 (day offsets)
# Probability that a customer stops buying right after giving each score 1..5.
LEAVE_AFTER_SCORE = np.array([0.0, 0.88, 0.80, 0.72, 0.68, 0.05])
_IMPORTANCE = np.array([4.3, 4.6, 4.4, 3.1, 3.4, 3.3, 2.9])
_PERFORMANCE = np.array([3.2, 4.2, 3.3, 4.1, 3.3, 4.0, 3.2])
_RECOMMEND = np.array([0.0, 1.5, 3.6, 6.0, 7.4, 9.3])
_INTENT = np.array([0.0, 1.4, 2.2, 3.1, 3.9, 4.7])


def reported_score(rng: np.random.Generator, sat: np.ndarray,
                   bad_complaint: np.ndarray) -> np.ndarray:
    """Score 1..5 given in the survey: latent satisfaction with noise."""
    n = len(sat)
    shift = np.where(rng.random(n) < 0.18, rng.choice([-1, 1], size=n), 0)
    return np.clip(sat + shift - bad_complaint.astype(np.int64), 1, 5)


def _scale(rng: np.random.Generator, mean: np.ndarray, sd: float, low: int,
           high: int) -> np.ndarray:
    return np.clip(np.rint(mean + rng.normal(0.0, sd, len(mean))), low, high).astype(np.int64)


def answer_frame(rng: np.random.Generator, who: np.ndarray, day: np.ndarray,
                 score: np.ndarray, customer_ids: np.ndarray) -> pd.DataFrame:
    """The survey.csv frame for respondents ``who`` answering on ``day`` with ``score``."""
    order = np.lexsort((who, day))
    who, day, score = who[order], day[order], score[order]
    n = len(who)
    columns: dict[str, object] = {
        "response_id": ids("SR", n, 5),
        "customer_id": customer_ids[who],
        "survey_date": to_date(day),
        "satisfaction": score,
        "recommend": _scale(rng, _RECOMMEND[score], 1.1, 0, 10),
        "repurchase_intent": _scale(rng, _INTENT[score], 0.6, 1, 5),
    }
    for i, attr in enumerate(ATTRIBUTES):
        columns[f"importance_{attr}"] = _scale(rng, np.full(n, _IMPORTANCE[i]), 0.75, 1, 5)
        columns[f"performance_{attr}"] = _scale(
            rng, _PERFORMANCE[i] + 0.45 * (score - 3.6), 0.8, 1, 5)
    return frame("survey", columns)
