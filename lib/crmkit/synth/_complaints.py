"""Complaints: when they arrive, how they are handled, and who leaves afterwards.

Planted structure (chapter 09):

* unhappy customers complain more, but most of them never complain at all;
* a few serial complainers (also heavy callers) file many complaints and stay;
* first replies got faster over the three years (a service-level push in 2024);
* the slower the first reply and the worse the outcome, the more likely the
  customer stops buying right after the complaint.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.datasets import CAUSES, COMPLAINT_CHANNELS, OUTCOMES, REMEDIES, SEVERITIES
from crmkit.synth._base import DAYS, draw, frame, ids, text, to_minute

__all__ = ["complaint_frame", "draw_complaints"]

# Complaints per active year by latent satisfaction 1..5 (index 0 unused).
_RATE = np.array([0.0, 2.9, 2.0, 0.44, 0.13, 0.03])
_SERIAL_RATE = 14.0
_CHANNEL_P = np.array([0.35, 0.30, 0.22, 0.13])
_CAUSE_P = np.array([0.34, 0.20, 0.13, 0.24, 0.09])
# Median hours to the first reply by channel (hotline, app, store, social).
_REPLY_MEDIAN = np.array([6.0, 18.0, 8.0, 30.0])
# Remedy shares by cause (rows: quality, service, price, delivery, other;
# columns: apology, refund, replacement, voucher, none).
_REMEDY_P = np.array([
    [0.15, 0.35, 0.35, 0.10, 0.05],
    [0.60, 0.00, 0.00, 0.25, 0.15],
    [0.25, 0.00, 0.00, 0.45, 0.30],
    [0.35, 0.15, 0.00, 0.40, 0.10],
    [0.50, 0.00, 0.00, 0.15, 0.35],
])


def draw_complaints(rng: np.random.Generator, first: np.ndarray, natural_end: np.ndarray,
                    sat: np.ndarray, serial: np.ndarray, buyer: np.ndarray
                    ) -> dict[str, np.ndarray]:
    """Draw every complaint with its handling and whether the customer leaves.

    ``first`` is the day of the first order, ``natural_end`` the day before which
    the customer's orders stop if nothing else happens.  Each complaint follows
    an order (``order_day``) by one to five days.  Returns arrays, one entry
    per complaint, sorted by customer and time.
    """
    first_day = np.floor(np.nan_to_num(first, nan=0.0))
    span = np.maximum(natural_end - first_day, 1.0)
    years = (natural_end - first_day + 30.0) / 365.0
    # Some unhappy customers complain again and again: a gamma-mixed rate.
    rate = _RATE[sat] * rng.gamma(0.2, 5.0, len(sat)) + np.where(serial, _SERIAL_RATE, 0.0)
    count = np.where(buyer, rng.poisson(rate * years), 0)
    who = np.repeat(np.arange(len(first)), count)
    order_day = first_day[who] + np.floor(rng.random(len(who)) * span[who])
    day = order_day + rng.integers(1, 6, len(who))
    minute_of_day = rng.integers(8 * 60, 22 * 60, len(who)) / 1440.0
    keep = np.flatnonzero(day < DAYS)
    keep = keep[np.lexsort((day[keep], who[keep]))]  # by customer, then time
    who, order_day, day, minute_of_day = who[keep], order_day[keep], day[keep], minute_of_day[keep]
    n = len(who)

    channel = rng.choice(len(COMPLAINT_CHANNELS), size=n, p=_CHANNEL_P)
    cause = rng.choice(len(CAUSES), size=n, p=_CAUSE_P)
    high_p = np.where(cause == 0, 0.22, np.where(cause == 1, 0.15, 0.08))
    u = rng.random(n)
    severity = np.where(u < high_p, 2, np.where(u < high_p + 0.35, 1, 0))
    year_factor = np.interp(day, [0.0, DAYS], [1.5, 0.6])
    reply = rng.lognormal(np.log(_REPLY_MEDIAN[channel] * year_factor), 1.0)
    reply = np.round(np.clip(reply, 0.1, 24 * 14), 1)
    work = rng.lognormal(np.log(np.array([18.0, 36.0, 70.0])[severity]), 0.8)
    resolution = np.round(reply + np.clip(work, 0.5, 24 * 30), 1)
    remedy = draw(rng, _REMEDY_P[cause])
    comp = np.select(
        [remedy == 1, remedy == 2, remedy == 3],
        [rng.lognormal(np.log(90.0), 0.6, n), rng.lognormal(np.log(70.0), 0.6, n),
         np.array([10.0, 20.0, 30.0, 50.0, 100.0])[rng.integers(0, 5, n)]],
        0.0,
    )
    slow = reply > 24.0
    resolved_logit = 1.9 - 1.1 * slow - 1.3 * (remedy == 4) - 0.6 * (severity == 2)
    resolved = rng.random(n) < 1 / (1 + np.exp(-resolved_logit))
    outcome = np.where(resolved, 0, np.where(rng.random(n) < 0.6, 1, 2))
    leave_p = (0.06 + 0.36 * slow + 0.16 * (outcome == 1) + 0.36 * (outcome == 2)
               + 0.08 * (severity == 2))
    leave_p = np.where(serial[who], 0.3 * leave_p, leave_p)
    leaves = rng.random(n) < np.clip(leave_p, 0.0, 0.95)
    return {
        "who": who, "order_day": order_day, "day": day, "at": day + minute_of_day,
        "channel": channel, "cause": cause, "severity": severity, "reply": reply,
        "resolution": resolution, "remedy": remedy, "compensation": np.round(comp, 2),
        "outcome": outcome, "leaves": leaves,
    }


def complaint_frame(events: dict[str, np.ndarray], customer_ids: np.ndarray) -> pd.DataFrame:
    """The complaints.csv frame, in time order, from the kept complaint events."""
    order = np.lexsort((events["who"], events["at"]))
    e = {k: v[order] for k, v in events.items()}
    return frame("complaints", {
        "complaint_id": ids("CP", len(order), 5),
        "customer_id": customer_ids[e["who"]],
        "received_at": to_minute(e["at"]),
        "channel": text(COMPLAINT_CHANNELS, e["channel"]),
        "cause": text(CAUSES, e["cause"]),
        "severity": text(SEVERITIES, e["severity"]),
        "first_response_hours": e["reply"],
        "resolution_hours": e["resolution"],
        "remedy": text(REMEDIES, e["remedy"]),
        "compensation": e["compensation"],
        "outcome": text(OUTCOMES, e["outcome"]),
    })
