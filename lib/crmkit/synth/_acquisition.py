"""Monthly acquisition figures (acquisition.csv): spend, leads and first purchases.

Planted structure (chapter 05): each channel has its own cost per acquired
customer (referral bonuses are cheapest, paid search dearest) and its own
conversion from leads to first purchases.  ``first_purchases`` is counted from
the customers themselves, so it agrees with customers.csv and transactions.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.datasets import CHANNELS
from crmkit.synth._base import MONTHS, frame, month_index, rng_for, text
from crmkit.synth._people import People

__all__ = ["COST_PER_CUSTOMER", "make_acquisition"]

# Yuan of marketing per new buying customer, and a fixed monthly cost per channel
# (for 5,000 customers; scaled with the number of customers).
COST_PER_CUSTOMER = np.array([45.0, 80.0, 30.0, 115.0, 140.0])
_FIXED = np.array([300.0, 500.0, 0.0, 800.0, 400.0])
# Share of leads (sign-ups, coupon claims, store visitors ...) that become buyers.
_CONVERSION = np.array([0.40, 0.12, 0.35, 0.05, 0.09])


def make_acquisition(seed: int, people: People) -> pd.DataFrame:
    """One row per month (2023-01 .. 2025-12) and channel."""
    rng = rng_for(seed, "acquisition")
    k = len(CHANNELS)
    month = month_index(people.first[people.buyer])
    cell = month * k + people.channel[people.buyer]
    first = np.bincount(cell, minlength=MONTHS * k)
    chan = np.tile(np.arange(k), MONTHS)
    size = people.n / 5000.0
    leads = np.maximum(np.rint(first / _CONVERSION[chan] * rng.lognormal(0, 0.12, len(first))),
                       first).astype(np.int64)
    spend = (COST_PER_CUSTOMER[chan] * first * rng.lognormal(0, 0.15, len(first))
             + _FIXED[chan] * size * rng.uniform(0.8, 1.2, len(first)))
    labels = np.array([f"{2023 + m // 12}-{m % 12 + 1:02d}" for m in range(MONTHS)], dtype=object)
    return frame("acquisition", {
        "month": np.repeat(labels, k),
        "channel": text(CHANNELS, chan),
        "spend": np.round(spend, 2),
        "leads": leads,
        "first_purchases": first,
    })
