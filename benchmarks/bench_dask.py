#!/usr/bin/env python3
"""cradle.dask against the local run: draws per second on one and two local Dask workers.

    build/release/cradle_bench_monte_carlo 100 --export /tmp/mcexport
    python benchmarks/bench_dask.py /tmp/mcexport/synthetic.json [draws]

Each worker runs one thread; a first short run builds the system on every worker (kept for the
chunks after it), so the times are the steady state. Checks that every run gives the local run's
numbers. Run by hand; benchmarks/README.md has the figures.
"""
import sys
import time

import numpy as np
from distributed import Client, LocalCluster

import cradle
import cradle.dask


def main():
    path = sys.argv[1]
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    model = cradle.read_model(path)
    system = cradle.build(model)
    t0 = time.perf_counter()
    local = system.monte_carlo(draws, seed=1, method="refine", keep_inputs=False)
    t_local = time.perf_counter() - t0
    print(f"local, 1 thread: {draws / t_local:.1f} draws/s")
    rates = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            cradle.dask.monte_carlo(model, 2 * workers, seed=1, client=client, chunk=1,
                                    method="refine")  # build on every worker
            t0 = time.perf_counter()
            mc = cradle.dask.monte_carlo(model, draws, seed=1, client=client, method="refine",
                                         chunk=max(1, draws // (8 * workers)))
            dt = time.perf_counter() - t0
            assert np.array_equal(mc.samples, local.samples), "dask differs from the local run"
            rates[workers] = draws / dt
            print(f"dask, {workers} worker(s): {rates[workers]:.1f} draws/s (identical numbers)")
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f} ({rates[2] / rates[1] / 2:.0%} of linear)")


if __name__ == "__main__":  # the workers are processes that import this file
    main()
