"""Case study 1: the households in Wang Yongqing's notebook (rice_households.csv).

Wang Yongqing (王永庆) ran a rice shop in Chiayi (嘉义), Taiwan, from 1932.  He
noted for each household how many people eat at home, how much rice they eat
and when they are paid, delivered before the jar ran empty and collected on
payday.  The households here are synthetic.  "Today" in the case is
``TODAY`` (1933-03-01); every jar was filled to the brim at the last delivery,
in the 40 days before today.  Two households are planted so that the plan must
catch up with them (the clip to today in case 1's ``c01.first_delivery``): one
runs dry tomorrow, inside the 2-day lead, and one ran dry yesterday.  A month
counts as 30 days, so a household eats ``members * kg_per_person_month / 30`` kg
a day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.synth._base import frame, rng_for
from crmkit.synth._people import synthetic_names

__all__ = ["HOUSEHOLDS", "TODAY", "make_rice_households"]

TODAY = np.datetime64("1933-03-01", "D")
HOUSEHOLDS = 40
_SURNAMES = "陈林黄张李王吴刘蔡杨许郑谢洪郭邱曾廖赖徐"
_WEIGHTS = np.linspace(3.0, 1.0, len(_SURNAMES))
_GIVEN_M = "金水土木火福寿财旺添丁春明德义忠信仁成发坤荣"
_GIVEN_F = "秀玉花金月桂春美兰珠"
_PAYDAYS = np.array([1, 5, 10, 15, 20, 25, 28])


def make_rice_households(seed: int, n: int = HOUSEHOLDS) -> pd.DataFrame:
    """The case's household notebook: size, consumption, jar, last delivery, payday."""
    rng = rng_for(seed, "rice")
    members = 1 + rng.binomial(8, 0.5, n)
    kg = np.round(np.clip(rng.normal(8.5, 1.6, n), 5.0, 12.0), 1)
    daily = members * kg / 30.0
    jar = np.clip(np.round(daily * 30.0 * rng.uniform(0.7, 1.5, n) / 5.0) * 5.0, 10.0, 60.0)
    days_in_jar = jar / daily
    since = np.maximum(1, np.floor(rng.uniform(0.1, 0.95, n) * np.minimum(days_in_jar, 40.0)))
    # The households the plan must catch up with (drawn from the same random numbers, so the
    # other households are unchanged): the last two whose jar lasts 5-38 whole days, away
    # from the households the case's text works through by hand (H01, H11, H29).
    whole = np.floor(days_in_jar + 1e-9)
    fits = (whole >= 5) & (whole <= 38)
    fits[[0, 10, 28]] = False
    due = np.flatnonzero(fits)[-2:]
    since[due[0]] = whole[due[0]] - 1  # runs dry tomorrow: its delivery was due yesterday
    since[due[1]] = whole[due[1]] + 1  # ran dry yesterday
    last = TODAY - since.astype(np.int64).astype("timedelta64[D]")
    payday = np.where(rng.random(n) < 0.7, _PAYDAYS[rng.integers(0, len(_PAYDAYS), n)],
                      rng.integers(1, 29, n))
    female = rng.random(n) < 0.15
    names = synthetic_names(rng, female, surnames=_SURNAMES, weights=_WEIGHTS,
                            given_f=_GIVEN_F, given_m=_GIVEN_M)
    return frame("rice_households", {
        "household_id": np.array([f"H{i:02d}" for i in range(1, n + 1)], dtype=object),
        "head_name": names,
        "members": members,
        "kg_per_person_month": kg,
        "jar_kg": jar,
        "last_delivery": last.astype("datetime64[us]"),
        "payday": payday,
    })
