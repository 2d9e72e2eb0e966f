"""`make bench`: time crmkit's analytics on 1,000,000 orders for 100,000 customers.

Each function is timed beside a bare pandas baseline measured in the same run
on the same frame: ``orders.groupby("customer_id").agg(...)`` with the last
order date, the order count and the revenue sum -- the least any per-customer
analysis must do.  The ratio is what matters (the machine's speed cancels out):
the budget is 2x the baseline for RFM and 3x for the others, and 2 s at most.

Times are the best of ``--repeat`` runs; peak memory is measured in a separate
run under ``tracemalloc`` (which slows Python down, so it is not timed).

Usage: python bench/run.py [--customers 100000] [--orders 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import pandas as pd

import crmkit as ck
from crmkit import synth

AS_OF = "2026-01-01"


def best_time(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory_mb(func: Callable[[], object]) -> float:
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    frames = synth.generate(seed=synth.DEFAULT_SEED, customers=args.customers,
                            orders=args.orders)
    orders, contacts = frames["transactions"], frames["service_contacts"]
    made = time.perf_counter() - start
    print(f"generated {len(orders):,} orders for {orders['customer_id'].nunique():,} customers "
          f"and {len(contacts):,} service contacts in {made:.1f} s\n")

    def baseline() -> pd.DataFrame:
        return orders.groupby("customer_id").agg(
            last=("order_date", "max"), orders=("order_id", "count"), revenue=("revenue", "sum")
        )

    cases: list[tuple[str, Callable[[], object], float]] = [
        ("rfm_scores", lambda: ck.rfm_scores(orders, as_of=AS_OF), 2.0),
        ("abc_classes", lambda: ck.abc_classes(orders), 3.0),
        ("pyramid_tiers", lambda: ck.pyramid_tiers(orders), 3.0),
        ("cohort_table", lambda: ck.cohort_table(orders), 3.0),
        ("cost_to_serve", lambda: ck.cost_to_serve(orders, contacts), 3.0),
        ("churn_flags", lambda: ck.churn_flags(orders, as_of=AS_OF), 3.0),
    ]
    base = best_time(baseline, args.repeat)
    print(f"{'function':<15}{'time s':>9}{'peak MB':>10}{'baseline s':>12}{'ratio':>8}"
          f"{'budget':>8}  verdict")
    print(f"{'groupby.agg':<15}{base:>9.3f}{peak_memory_mb(baseline):>10.0f}{base:>12.3f}"
          f"{1:>8.2f}{'':>8}  (baseline)")
    failures = 0
    for name, func, budget in cases:
        func()  # warm up (imports, caches)
        seconds = best_time(func, args.repeat)
        ratio = seconds / base
        ok = ratio <= budget and seconds <= 2.0
        failures += not ok
        print(f"{name:<15}{seconds:>9.3f}{peak_memory_mb(func):>10.0f}{base:>12.3f}"
              f"{ratio:>8.2f}{budget:>7.0f}x  {'ok' if ok else 'OVER BUDGET'}")
    print(f"\n{len(cases) - failures} within budget, {failures} over "
          "(budget: ratio to the baseline, and 2 s at most)")


if __name__ == "__main__":
    main()
