"""Rebuild the sample data: ``python -m crmkit.synth [--seed S] [--customers N] [--out DIR]``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crmkit import datasets
from crmkit.errors import CRMDataError
from crmkit.synth import DEFAULT_CUSTOMERS, DEFAULT_SEED, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.synth",
        description="Generate the Xinghe Mart sample data (deterministic for a given seed).")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="random seed (default %(default)s)")
    parser.add_argument("--customers", type=int, default=DEFAULT_CUSTOMERS,
                        help="number of customers (default %(default)s)")
    parser.add_argument("--orders", type=int, default=None,
                        help="number of orders (default: 16 per customer)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: $CRMKIT_DATA if set, else data/)")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else datasets.data_dir()
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} is a file; it must be a folder (it is created if missing)")
    started = time.perf_counter()
    try:
        frames = generate(seed=args.seed, customers=args.customers, orders=args.orders,
                          out_dir=out)
    except CRMDataError as err:  # a bad --seed/--customers/--orders: the message says which
        option = str(err).split(": ", 1)[-1].replace("customers=", "--customers ").replace(
            "orders=", "--orders ").replace("seed=", "--seed ")
        parser.error(option)
    except OSError as err:
        parser.error(f"cannot write to --out {out}: {err.strerror or err}")
    seconds = time.perf_counter() - started
    total = 0
    for name in frames:
        path = out / datasets.FILES[name]
        size = path.stat().st_size
        total += size
        print(f"{path}  {len(frames[name]):>9,} rows  {size / 1e6:6.2f} MB")
    print(f"{total / 1e6:.2f} MB in all, generated and written in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
