"""`make bench`: time crmkit's analytics on 1,000,000 orders for 100,000 customers.

Each function is timed beside a bare pandas baseline measured in the same run
on the same frame: ``orders.groupby("customer_id").agg(...)`` with the last
order date, the order count and the revenue sum -- the least any per-customer
analysis must do.  The ratio is what matters (the machine's speed cancels out):
the budget is 2x the baseline for RFM and 3x for the others, and 2 s at most.

Times are the best of ``--repeat`` runs; peak memory is measured in a separate
run under ``tracemalloc`` (which slows Python down, so it is not timed).

The BG/NBD fit of chapter 06 (``ck.fit_bgnbd``) is timed on its own: 25,000
customers drawn from the model with the CDNOW parameters (``model.simulate``), beside
a bare ``scipy.optimize.minimize`` (its default BFGS with numerical gradients, from
the same start) on the same log-likelihood over the same customers.  The budget is
1 s for the fit.

Usage: python bench/run.py [--customers 100000] [--orders 1000000] [--repeat 3]
                           [--bgnbd-customers 25000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
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
    parser.add_argument("--bgnbd-customers", type=int, default=25_000)
    args = parser.parse_args()
    bgnbd_failures = bench_bgnbd(args.bgnbd_customers, args.repeat)

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
    if bgnbd_failures:
        print("fit_bgnbd: OVER BUDGET (1 s)")


def bench_bgnbd(customers: int, repeat: int) -> int:
    """Time ck.fit_bgnbd beside a bare scipy.optimize.minimize on the same likelihood."""
    from scipy.optimize import minimize
    from scipy.special import betaln, gammaln

    published = ck.alive.BGNBDModel(r=0.243, alpha=4.414, a=0.793, b=2.426,
                                    log_likelihood=float("nan"), customers=2357)
    ages = np.linspace(27.0, 39.0, customers)  # first purchases spread over 12 weeks
    drawn = published.simulate(ages, seed=1)
    x = drawn["frequency"].to_numpy(dtype=float)
    tx, T = drawn["recency"].to_numpy(), drawn["T"].to_numpy()

    def negative_ll(z: np.ndarray) -> float:
        r, alpha, a, b = np.exp(z)
        one = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
        two = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                       - (r + x) * np.log(alpha + tx), -np.inf)
        ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + np.logaddexp(one, two)
        return -float(ll.sum())

    results = {}

    def ours() -> None:
        results["ours"] = ck.fit_bgnbd(drawn)

    def bare() -> None:
        results["bare"] = minimize(negative_ll, np.zeros(4))

    ours()  # warm up: imports scipy
    bare()
    seconds, base = best_time(ours, repeat), best_time(bare, repeat)
    model, plain = results["ours"], results["bare"]
    print(f"BG/NBD fit on {customers:,} customers drawn from the model "
          f"(r 0.243, alpha 4.414, a 0.793, b 2.426):")
    print(f"{'fit':<28}{'time s':>9}{'evaluations':>13}  r, alpha, a, b; log-likelihood")
    shown = ", ".join(f"{v:.3f}" for v in model.params.values())
    print(f"{'ck.fit_bgnbd':<28}{seconds:>9.3f}{'':>13}  {shown}; {model.log_likelihood:.1f}")
    shown = ", ".join(f"{v:.3f}" for v in np.exp(plain.x))
    print(f"{'scipy.optimize.minimize':<28}{base:>9.3f}{plain.nfev:>13}  {shown}; "
          f"{-plain.fun:.1f}")
    ok = seconds <= 1.0
    print(f"ratio {seconds / base:.2f}; budget 1 s: {'ok' if ok else 'OVER BUDGET'}\n")
    return int(not ok)


if __name__ == "__main__":
    main()
