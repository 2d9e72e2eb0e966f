"""Put the parts together: :func:`generate` makes (and optionally writes) every data set."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit import datasets
from crmkit.errors import CRMDataError
from crmkit.synth._acquisition import make_acquisition
from crmkit.synth._base import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    frame,
    ids,
    rng_for,
    text,
    to_date,
)
from crmkit.synth._complaints import complaint_frame
from crmkit.synth._contacts import make_contacts
from crmkit.synth._leads import LEADS_PER_CUSTOMER, make_leads
from crmkit.synth._lifecycle import make_life
from crmkit.synth._orders import make_orders
from crmkit.synth._people import People, make_people
from crmkit.synth._raw import make_customers_raw
from crmkit.synth._rice import make_rice_households
from crmkit.synth._survey import answer_frame
from crmkit.synth._write import write_csv

__all__ = ["DEFAULT_CUSTOMERS", "DEFAULT_SEED", "generate"]



def _member_levels(people: People, orders: pd.DataFrame, who: np.ndarray) -> np.ndarray:
    """Tier on 2025-12-31 by the member's paid spend in the last 365 days.

    Top 10% of members by that spend: platinum; next 30%: gold; other members:
    silver; non-members: none.  Ties are broken by customer number.
    """
    recent = (orders["order_date"] >= np.datetime64("2025-01-01")).to_numpy()
    paid = ~(orders["returned"] | orders["unpaid"]).to_numpy()
    keep = recent & paid
    spend = np.bincount(who[keep], weights=orders["revenue"].to_numpy()[keep], minlength=people.n)
    members = np.flatnonzero(people.is_member)
    ranked = members[np.lexsort((members, -spend[members]))]
    level = np.zeros(people.n, dtype=np.int64)
    level[members] = 1
    level[ranked[: int(round(0.4 * len(members)))]] = 2
    level[ranked[: int(round(0.1 * len(members)))]] = 3
    return level


def _check(seed: object, customers: object, orders: object) -> None:
    checks = (("seed", seed, 0, DEFAULT_SEED), ("customers", customers, 50, DEFAULT_CUSTOMERS),
              ("orders", orders, 1, 80_000))
    for name, value, low, example in checks:
        if value is None and name == "orders":
            continue
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise CRMDataError(
                f"generate: {name} must be a whole number >= {low}, but got {value!r}. "
                f"Fix: pass e.g. {name}={example}.",
                zh=f"generate：{name} 应当是 >= {low} 的整数，但收到的是 {value!r}。"
                   f"修正（Fix）：例如传入 {name}={example}。"
            )


def generate(seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, *,
             orders: int | None = None,
             out_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Generate every sample data set; write them as CSV files if ``out_dir`` is given.

    Parameters
    ----------
    seed : int, default 2025
        The random seed.  The same seed gives the same data, to the byte.
    customers : int, default 5000
        Number of customers.  Complaints, survey answers and leads scale with it.
    orders : int, optional
        Number of orders; by default 16 per customer (80,000 for 5,000).  Hit
        exactly, unless it is smaller than the orders the data cannot do
        without (every buyer's first order and the orders that complaints and
        survey answers refer to, about 1.3 per customer).
    out_dir : str or Path, optional
        Folder to write the CSV files to (created if needed).  ``None`` (the
        default) writes nothing.  ``python -m crmkit.synth`` writes to
        :func:`crmkit.datasets.data_dir`.

    Returns
    -------
    dict of str -> DataFrame
        Keys: customers, customers_raw, transactions, service_contacts,
        complaints, survey, leads, acquisition, rice_households; each typed
        exactly as the matching ``crmkit.datasets.load_*`` function returns it.

    Examples
    --------
    >>> frames = generate(customers=200, orders=3000)
    >>> len(frames["customers"]), len(frames["transactions"])
    (200, 3000)
    """
    _check(seed, customers, orders)
    seed, n = int(seed), int(customers)
    people = make_people(seed, n)
    customer_ids = ids("C", n, 5)
    life = make_life(seed, people)
    made = make_orders(seed, people, life, orders, customer_ids)
    level = _member_levels(people, made.frame, made.who)
    customer_frame = frame("customers", {
        "customer_id": customer_ids,
        "name": people.name,
        "gender": text(("F", "M"), people.gender),
        "birth_year": people.birth_year,
        "city": people.city,
        "district": people.district,
        "phone": people.phone,
        "signup_date": to_date(people.signup),
        "channel": text(datasets.CHANNELS, people.channel),
        "is_member": people.is_member,
        "member_level": text(datasets.MEMBER_LEVELS, level),
        "marketing_consent": people.consent,
    })
    raw, _ = make_customers_raw(customer_frame, seed=seed)
    frames = {
        "customers": customer_frame,
        "customers_raw": raw,
        "transactions": made.frame,
        "service_contacts": make_contacts(seed, people, life.end, made.who, made.time,
                                          made.returned, life.complaints, customer_ids),
        "complaints": complaint_frame(life.complaints, customer_ids),
        "survey": answer_frame(rng_for(seed, "answers"), life.survey_who,
                               life.survey_day, life.survey_score, customer_ids),
        "leads": make_leads(seed, max(20, int(round(LEADS_PER_CUSTOMER * n)))),
        "acquisition": make_acquisition(seed, people),
        "rice_households": make_rice_households(seed),
    }
    if out_dir is not None:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, df in frames.items():
            write_csv(name, df, folder)
    return frames
