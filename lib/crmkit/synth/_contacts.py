"""Customer-service contacts (service_contacts.csv) and their cost to serve.

Planted structure (chapter 03, cost to serve): ordinary customers get in touch
now and then (more often the more they buy); returned orders and complaints
bring their own contacts; a small group of heavy callers phones or chats
several times a month, for longer, which costs more than their orders earn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.datasets import CONTACT_CHANNELS, TOPICS
from crmkit.synth._base import DAYS, frame, ids, rng_for, text, to_minute
from crmkit.synth._people import People

__all__ = ["COST_FIXED", "COST_PER_MINUTE", "make_contacts"]

_MONTH = 30.4375
# Cost to serve = fixed cost per contact + cost per minute (phone, chat, store_visit).
COST_FIXED = np.array([3.0, 1.0, 2.0])
COST_PER_MINUTE = np.array([1.5, 0.5, 1.2])
_MEDIAN_MIN = np.array([6.0, 9.0, 8.0])
_CHANNEL_P = np.array([0.40, 0.45, 0.15])
# Topics of contacts not caused by a return or a complaint.
_TOPIC_P = np.array([0.36, 0.08, 0.26, 0.0, 0.15, 0.15])
# Complaint channel (hotline, app, store, social) -> contact channel.
_FROM_COMPLAINT = np.array([0, 1, 2, 1])


def make_contacts(seed: int, people: People, end: np.ndarray, order_who: np.ndarray,
                  order_time: np.ndarray, returned: np.ndarray,
                  complaints: dict[str, np.ndarray], customer_ids: np.ndarray) -> pd.DataFrame:
    """Draw every service contact and its cost."""
    rng = rng_for(seed, "contacts")
    n = people.n
    serial = people.costly == 1
    start = people.signup.astype(np.float64)
    stop = np.where(people.buyer, np.minimum(end + 30.0, DAYS), np.minimum(start + 60.0, DAYS))
    stop = np.maximum(stop, start + 1.0)
    months = (stop - start) / _MONTH
    orders = np.bincount(order_who, minlength=n)
    rate = 0.045 * orders + 0.012 * months + np.where(serial, 5.0 * months, 0.0)
    count = rng.poisson(rate)
    who_r = np.repeat(np.arange(n), count)
    t_r = start[who_r] + rng.random(len(who_r)) * (stop - start)[who_r]
    topic_r = rng.choice(len(TOPICS), size=len(who_r), p=_TOPIC_P)
    chan_r = rng.choice(3, size=len(who_r), p=_CHANNEL_P)

    # Most returns start with a contact a few days after the order.
    ret = np.flatnonzero(returned & (rng.random(len(returned)) < 0.8))
    who_x = order_who[ret]
    t_x = np.floor(order_time[ret]) + rng.integers(1, 8, len(ret)) + rng.random(len(ret))
    chan_x = rng.choice(3, size=len(ret), p=[0.35, 0.45, 0.20])

    # Each complaint is also a contact at the moment it arrives.
    who_c = complaints["who"]
    t_c = complaints["at"]
    chan_c = _FROM_COMPLAINT[complaints["channel"]]

    # Contacts happen in opening hours: move the time of day into 08:00-22:00.
    t_rx = np.concatenate([t_r, t_x])
    t_rx = np.floor(t_rx) + (8.0 + 14.0 * (t_rx % 1.0)) / 24.0
    who = np.concatenate([who_r, who_x, who_c])
    t = np.concatenate([t_rx, t_c])
    topic = np.concatenate([topic_r, np.full(len(ret), 1), np.full(len(who_c), 3)])
    chan = np.concatenate([chan_r, chan_x, chan_c])
    keep = t < DAYS
    who, t, topic, chan = who[keep], t[keep], topic[keep], chan[keep]
    k = len(who)
    longer = np.where(serial[who], 1.8, 1.0) * np.where(topic == 3, 1.6, 1.0)
    minutes = np.round(np.clip(rng.lognormal(np.log(_MEDIAN_MIN[chan] * longer), 0.55), 0.5,
                               120.0), 1)
    cost = np.round(COST_FIXED[chan] + COST_PER_MINUTE[chan] * minutes, 2)
    order = np.lexsort((who, t))
    return frame("service_contacts", {
        "contact_id": ids("SC", k, 6),
        "customer_id": customer_ids[who[order]],
        "contact_date": to_minute(t[order]),
        "channel": text(CONTACT_CHANNELS, chan[order]),
        "topic": text(TOPICS, topic[order]),
        "duration_min": minutes[order],
        "cost": cost[order],
    })
