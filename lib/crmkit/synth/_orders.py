"""Orders (transactions.csv): when, where, what and for how much.

Planted structure (chapters 03, 04, 06, 08):

* long-tailed value: buying frequency, lifetime and basket size all vary a
  lot between customers, so the top 20% of customers bring about three
  quarters of the revenue;
* cohorts decay because customers leave (see ``_lifecycle``);
* costly customers: coupon hunters buy mostly at deep discounts (thin or
  negative margins), returners send a third of their orders back, bad payers
  leave pay-later orders unpaid (heavy callers are in ``_contacts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit.datasets import CATEGORIES, ORDER_CHANNELS
from crmkit.synth._base import draw, frame, ids, month_index, rng_for, text, to_minute
from crmkit.synth._lifecycle import Life
from crmkit.synth._people import People

__all__ = ["ORDERS_PER_CUSTOMER", "Orders", "make_orders"]

ORDERS_PER_CUSTOMER = 16
# Order channel (store, app, mini_program) by acquisition channel.
_CHANNEL_P = np.array([
    [0.72, 0.18, 0.10],
    [0.18, 0.67, 0.15],
    [0.40, 0.35, 0.25],
    [0.15, 0.30, 0.55],
    [0.20, 0.60, 0.20],
])
_CATEGORY_P = np.array([0.33, 0.24, 0.14, 0.08, 0.04, 0.08, 0.09])
_FAVOURITE_SHARE = 0.35
# Per category: median list price of a basket (yuan), its spread, price of one
# item, gross margin before discount, chance of a return.
_PRICE = np.array([70.0, 55.0, 95.0, 170.0, 620.0, 240.0, 190.0])
_SPREAD = np.array([0.55, 0.50, 0.60, 0.60, 0.70, 0.60, 0.60])
_UNIT = np.array([12.0, 14.0, 25.0, 85.0, 380.0, 120.0, 55.0])
_MARGIN = np.array([0.22, 0.30, 0.32, 0.48, 0.14, 0.52, 0.33])
_RETURN = np.array([0.008, 0.015, 0.02, 0.03, 0.06, 0.11, 0.03])
# Hour-of-day weights 0..23 for store and for online orders.
_HOURS_STORE = np.array([0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 6, 7, 6, 4, 4, 4, 5, 7, 8, 7, 5, 3, 1, 0],
                        dtype=float)
_HOURS_ONLINE = np.array([1, 0.5, 0.2, 0.1, 0.1, 0.2, 0.6, 1.5, 2.5, 3, 3, 3.5, 4, 3.5, 3, 3,
                          3, 3.5, 4, 5, 6.5, 7, 6, 3])


@dataclass
class Orders:
    """The orders frame plus the arrays other parts need (in the frame's row order)."""

    frame: pd.DataFrame
    who: np.ndarray        # customer index of each order
    time: np.ndarray       # day offset with time of day
    returned: np.ndarray


def _time_of_day(rng: np.random.Generator, store: np.ndarray) -> np.ndarray:
    n = len(store)
    hour = np.empty(n, dtype=np.float64)
    for mask, weights in ((store, _HOURS_STORE), (~store, _HOURS_ONLINE)):
        k = int(mask.sum())
        hour[mask] = rng.choice(24, size=k, p=weights / weights.sum())
    return (hour + rng.random(n)) / 24.0


def make_orders(seed: int, people: People, life: Life, total: int | None,
                customer_ids: np.ndarray) -> Orders:
    """Draw every order.  ``total`` orders in all (or ``ORDERS_PER_CUSTOMER`` each)."""
    rng = rng_for(seed, "orders")
    target = ORDERS_PER_CUSTOMER * people.n if total is None else int(total)
    buyers = np.flatnonzero(people.buyer)
    first_day = np.floor(np.nan_to_num(people.first, nan=0.0))
    window = np.where(people.buyer, np.maximum(life.end - first_day, 0.0), 0.0)
    # Every buyer's first order and the orders that complaints and survey answers
    # refer to are fixed; the rest are shared out in proportion to each customer's
    # buying rate times the length of their buying window (exactly ``target`` in all).
    fixed = len(buyers) + len(life.trigger_day)
    exposure = people.rate * window
    extra = max(target - fixed, 0) if exposure.sum() > 0 else 0
    count = rng.multinomial(extra, exposure / exposure.sum()) if extra else np.zeros(
        people.n, dtype=np.int64)
    base_who = np.repeat(np.arange(people.n), count)
    base_day = first_day[base_who] + np.floor(rng.random(len(base_who)) * window[base_who])

    who = np.concatenate([buyers, base_who, life.trigger_customer]).astype(np.int64)
    day = np.concatenate([first_day[buyers], base_day, life.trigger_day])
    is_first = np.zeros(len(who), dtype=bool)
    is_first[: len(buyers)] = True
    n = len(who)

    acq = people.channel[who]
    channel = draw(rng, _CHANNEL_P[acq])
    channel = np.where(is_first & (acq == 0), 0, channel)
    channel = np.where(is_first & (acq != 0) & (channel == 0), 1, channel)
    time = day + _time_of_day(rng, channel == 0)

    category = np.where(rng.random(n) < _FAVOURITE_SHARE, people.favourite[who],
                        rng.choice(len(CATEGORIES), size=n, p=_CATEGORY_P))
    list_price = np.round(_PRICE[category] * people.basket[who]
                          * rng.lognormal(0.0, _SPREAD[category]), 2)
    list_price = np.maximum(list_price, 3.0)
    items = 1 + rng.poisson(np.maximum(list_price / _UNIT[category] - 1.0, 0.0))

    costly = people.costly[who]
    month = month_index(day) % 12
    festival = (month == 5) | (month == 10)  # 618 in June, Double 11 in November
    p_discount = 0.22 + 0.12 * people.is_member[who] + 0.15 * festival
    hunter = costly == 3
    p_discount = np.where(hunter, 0.92, p_discount)
    share = np.where(hunter, rng.uniform(0.22, 0.45, n), rng.uniform(0.05, 0.20, n))
    discount = np.where(rng.random(n) < p_discount, np.round(list_price * share, 2), 0.0)
    revenue = np.round(list_price - discount, 2)
    cost = np.round(list_price * (1 - _MARGIN[category]) * rng.uniform(0.93, 1.05, n), 2)

    store = channel == 0
    p_return = np.where(costly == 2, 0.35, _RETURN[category] * np.where(store, 0.5, 1.0))
    returned = rng.random(n) < p_return
    p_unpaid = np.where(costly == 4, 0.30, 0.004)
    unpaid = ~store & ~returned & (rng.random(n) < p_unpaid)

    order = np.lexsort((who, time))
    out = frame("transactions", {
        "order_id": ids("O", n, 7),
        "customer_id": customer_ids[who[order]],
        "order_date": to_minute(time[order]),
        "channel": text(ORDER_CHANNELS, channel[order]),
        "category": text(CATEGORIES, category[order]),
        "items": items[order],
        "revenue": revenue[order],
        "cost": cost[order],
        "discount": discount[order],
        "returned": returned[order],
        "unpaid": unpaid[order],
    })
    return Orders(frame=out, who=who[order], time=time[order], returned=returned[order])
