"""The rice-shop households the case's tests share, and a day-by-day oracle of the plan.

The hand-worked numbers follow the model in crmkit.cases.rice_shop.model's docstring
(and data/README.md): a month counts as 30 days, a full jar lasts jar_kg / daily_kg
days, and the jar runs dry on last_delivery + the whole days.
"""

import datetime as dt
import math

import pandas as pd

MONTH = 30.0


def households(**changes):
    """Three households; keyword arguments replace whole columns."""
    frame = pd.DataFrame({
        "household_id": ["H01", "H02", "H03"],
        "head_name": ["陈阿土", "林金水", "黄春生"],
        "members": [5, 2, 8],
        "kg_per_person_month": [10.0, 15.0, 12.0],
        "jar_kg": [30.0, 30.0, 40.0],
        "last_delivery": pd.to_datetime(["1933-02-01", "1933-02-20", "1933-02-02"]),
        "payday": [25, 5, 15],
    })
    for column, values in changes.items():
        frame[column] = values
    return frame



def reference_plan(frame, start, days, lead):
    """Wang's plan walked day by day with plain Python dates (the test's own oracle)."""
    start = pd.Timestamp(start).date()
    end = start + dt.timedelta(days=days)
    rows = []
    for row in frame.itertuples(index=False):
        daily = row.members * row.kg_per_person_month / MONTH
        whole = math.floor(row.jar_kg / daily + 1e-9)
        fill = pd.Timestamp(row.last_delivery).date()
        while True:
            run_out = fill + dt.timedelta(days=whole)
            day = max(run_out - dt.timedelta(days=lead), start)
            if day >= end:
                break
            remaining = max(0.0, row.jar_kg - daily * (day - fill).days)
            payday = day
            while payday.day != row.payday:
                payday += dt.timedelta(days=1)
            rows.append((pd.Timestamp(day), row.household_id, pd.Timestamp(run_out),
                         remaining, row.jar_kg - remaining, pd.Timestamp(payday)))
            fill = day
    columns = ["delivery_date", "household_id", "run_out_date", "remaining_kg", "deliver_kg",
               "collection_date"]
    out = pd.DataFrame(rows, columns=columns).astype({
        "delivery_date": "datetime64[ns]", "run_out_date": "datetime64[ns]",
        "collection_date": "datetime64[ns]", "household_id": "str", "remaining_kg": "float64",
        "deliver_kg": "float64"})
    return out.sort_values(["delivery_date", "household_id"]).reset_index(drop=True)
