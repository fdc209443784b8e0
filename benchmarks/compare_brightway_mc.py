#!/usr/bin/env python3
"""Brightway's Monte Carlo on the matrices and distributions cradle's benchmark exported.

    build/release/cradle_bench_monte_carlo 100 --export /tmp/mcexport
    python benchmarks/compare_brightway_mc.py /tmp/mcexport [draws]

Builds one bw_processing datapackage with every exchange's lognormal (stats_arrays type 2:
loc = ln|amount|, scale = ln GSD; inputs as positive amounts with the flip flag, as Brightway
stores them), then times bw2calc.LCA(..., use_distributions=True): `next(lca)` draws new
matrices and solves, `lca.lcia()` characterizes. Prints draws per second and the linear solver
bw2calc used (pypardiso when installed, else scipy's). Run by hand; benchmarks/README.md has the
figures.
"""
import csv
import pathlib
import sys
import time

import bw2calc
import bw_processing as bwp
import numpy as np

folder = pathlib.Path(sys.argv[1])
draws = int(sys.argv[2]) if len(sys.argv) > 2 else 20


def read(name):
    with open(folder / name) as f:
        rows = list(csv.DictReader(f))
    return rows


def uncertainty(amounts, gsds):
    d = np.zeros(len(amounts), dtype=bwp.UNCERTAINTY_DTYPE)
    d["minimum"] = np.nan
    d["maximum"] = np.nan
    d["shape"] = np.nan
    d["loc"] = np.nan
    d["scale"] = np.nan
    uncertain = gsds > 1.0
    d["uncertainty_type"] = np.where(uncertain, 2, 0)
    d["loc"] = np.where(uncertain, np.log(np.abs(amounts)), amounts)
    d["scale"] = np.where(uncertain, np.log(gsds), np.nan)
    d["negative"] = amounts < 0
    return d


tech = read("technosphere.csv")
bio = read("biosphere.csv")
cf = read("characterization.csv")
dem = read("demand.csv")[0]
t_row = np.array([int(r["row"]) for r in tech]) + 1
t_col = np.array([int(r["col"]) for r in tech]) + 1
t_amt = np.array([float(r["amount"]) for r in tech])
t_gsd = np.array([float(r["gsd"]) for r in tech])
b_row = np.array([int(r["row"]) for r in bio]) + 10**6
b_col = np.array([int(r["col"]) for r in bio]) + 1
b_amt = np.array([float(r["amount"]) for r in bio])
b_gsd = np.array([float(r["gsd"]) for r in bio])
flip = t_amt < 0  # inputs: Brightway stores the positive amount and flips its sign
t_pos = np.abs(t_amt)

dp = bwp.create_datapackage()
dp.add_persistent_vector(
    matrix="technosphere_matrix",
    indices_array=np.array(list(zip(t_row, t_col)), dtype=bwp.INDICES_DTYPE),
    data_array=t_pos, flip_array=flip, distributions_array=uncertainty(t_pos, t_gsd))
dp.add_persistent_vector(
    matrix="biosphere_matrix",
    indices_array=np.array(list(zip(b_row, b_col)), dtype=bwp.INDICES_DTYPE),
    data_array=b_amt, distributions_array=uncertainty(b_amt, b_gsd))
k = np.array([int(r["flow"]) for r in cf])
dp.add_persistent_vector(
    matrix="characterization_matrix",
    indices_array=np.array(list(zip(k + 10**6, k + 10**6)), dtype=bwp.INDICES_DTYPE),
    data_array=np.array([float(r["factor"]) for r in cf]))

demand = {int(dem["col"]) + 1: float(dem["amount"])}
t0 = time.perf_counter()
lca = bw2calc.LCA(demand, data_objs=[dp], use_distributions=True, seed_override=1)
lca.lci()
lca.lcia()
setup = time.perf_counter() - t0
try:
    import pypardiso  # noqa: F401
    solver = "pypardiso"
except ImportError:
    solver = "scipy.sparse.linalg (UMFPACK if scikit-umfpack is installed, else SuperLU)"
scores = []
t0 = time.perf_counter()
for _ in range(draws):
    next(lca)
    scores.append(lca.score)
dt = time.perf_counter() - t0
print(f"bw2calc {bw2calc.__version__} MonteCarlo: {draws} draws in {dt:.2f} s = "
      f"{draws / dt:.2f} draws/s ({dt / draws * 1000:.0f} ms per draw; first lci {setup:.2f} s; "
      f"solver {solver}); mean score {np.mean(scores):.6g}")
