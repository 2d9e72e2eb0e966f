"""How long each customer keeps buying, and the events that end it early.

Planted structure (chapters 05, 06):

* a share of new customers buys once and never again ("one and done"), more so
  for social-media and search recruits and for unhappy customers;
* the others leave at a constant monthly rate (a hazard) that depends on the
  acquisition channel (referrals stay longest, social-media recruits leave
  fastest) and on hidden satisfaction;
* complaints and the survey can end a customer's buying early: see
  ``_complaints`` and ``_survey``.

The result tells the order generator, for each customer, the day before which
all regular orders fall (``end``), plus the orders that must exist because a
complaint or a survey refers to them (``trigger_customer``, ``trigger_day``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmkit.synth import _complaints, _survey
from crmkit.synth._base import DAYS, rng_for
from crmkit.synth._people import People

__all__ = ["Life", "make_life"]

_MONTH = 30.4375
# By acquisition channel (store, app, referral, social, search):
_ONE_AND_DONE = np.array([0.20, 0.26, 0.10, 0.40, 0.28])
_HAZARD = np.array([0.050, 0.065, 0.028, 0.110, 0.075])  # leaving per month
# By latent satisfaction 1..5 (index 0 unused):
_ONE_AND_DONE_SAT = np.array([0.0, 1.9, 1.6, 1.25, 1.0, 0.55])
_HAZARD_SAT = np.array([0.0, 2.0, 1.7, 1.3, 1.0, 0.6])
SURVEY_SHARE = 0.3  # respondents per customer


@dataclass
class Life:
    """The buying window of each customer and the events inside it."""

    end: np.ndarray               # regular orders fall on days [first day, end)
    complaints: dict[str, np.ndarray]
    survey_who: np.ndarray
    survey_day: np.ndarray
    survey_score: np.ndarray
    trigger_customer: np.ndarray  # orders that complaints and survey answers refer to
    trigger_day: np.ndarray


def make_life(seed: int, people: People) -> Life:
    """Draw natural lifetimes, complaints and survey answers; return the windows."""
    rng = rng_for(seed, "lifecycle")
    n, ch, sat = people.n, people.channel, people.sat
    first_day = np.floor(np.nan_to_num(people.first, nan=0.0))
    once = rng.random(n) < np.clip(_ONE_AND_DONE[ch] * _ONE_AND_DONE_SAT[sat], 0, 0.95)
    hazard = _HAZARD[ch] * _HAZARD_SAT[sat] * rng.gamma(3.0, 1 / 3, n)
    lifetime = rng.exponential(1.0, n) / hazard * _MONTH
    natural_end = np.where(once, first_day, np.minimum(np.floor(first_day + lifetime), DAYS))
    natural_end = np.where(people.buyer, natural_end, 0.0)

    # Complaints and whether the customer leaves right after one.
    events = _complaints.draw_complaints(
        rng_for(seed, "complaints"), people.first, natural_end, sat, people.costly == 1,
        people.buyer)
    left = np.full(n, np.inf)
    np.minimum.at(left, events["who"][events["leaves"]], events["day"][events["leaves"]])
    kept = events["day"] <= left[events["who"]]
    events = {k: v[kept] for k, v in events.items()}

    # Survey: a random recent order triggers an invitation a few days later.
    srng = rng_for(seed, "survey")
    end_so_far = np.minimum(natural_end, left)
    lo = np.maximum(first_day, _survey.WINDOW[0])
    hi = np.minimum(np.maximum(end_so_far - 1, first_day), _survey.WINDOW[1])
    eligible = np.flatnonzero(people.buyer & (lo <= hi))
    k = min(int(round(SURVEY_SHARE * n)), len(eligible))
    who = np.sort(srng.choice(eligible, size=k, replace=False))
    order_day = lo[who] + np.floor(srng.random(k) * (hi[who] - lo[who] + 1))
    day = order_day + srng.integers(1, 11, k)
    unresolved = np.full(n, np.inf)
    bad = events["outcome"] == 2
    np.minimum.at(unresolved, events["who"][bad], events["day"][bad])
    score = _survey.reported_score(srng, sat[who], unresolved[who] < day)
    quits = srng.random(k) < _survey.LEAVE_AFTER_SCORE[score]
    np.minimum.at(left, who[quits], day[quits])

    # Complaints after the customer has left cannot happen: drop them.
    kept = events["day"] <= left[events["who"]]
    events = {key: v[kept] for key, v in events.items()}
    end = np.minimum(natural_end, left)
    trig_c = events["who"], events["order_day"]
    need = (trig_c[1] > first_day[trig_c[0]], order_day > first_day[who])
    return Life(
        end=end, complaints=events, survey_who=who, survey_day=day, survey_score=score,
        trigger_customer=np.concatenate([trig_c[0][need[0]], who[need[1]]]),
        trigger_day=np.concatenate([trig_c[1][need[0]], order_day[need[1]]]),
    )
