#!/usr/bin/env python3
"""cradle footprint|run --uncertainty, end to end: statistics agree with the samples, the same seed
gives the same numbers on any thread count, scenarios are compared on the same draws, bad
distributions are refused by name.

Usage: check_uncertainty_cli.py CRADLE SOURCE_DIR
"""
import csv
import io
import json
import math
import pathlib
import statistics
import sys

from clicheck import Checks
import tempfile

cradle, root = sys.argv[1], pathlib.Path(sys.argv[2])
checks = Checks(cradle)
run, check = checks.run, checks.check


copper = root / "examples" / "copper"
# 1. the copper calculator: statistics of its samples, the deterministic total as `run` gives it
r = run("run", copper, "--uncertainty", 400, "--seed", 7, "--format", "json", "--samples")
doc = json.loads(r.stdout)
check(r.stderr == "", f"no progress bar when stderr is not a terminal: {r.stderr!r}")
case = doc["cases"][0]
st = case["statistics"]["gwp100.total"]
samples = case["samples"]
check(len(samples) == 400, "400 samples")
check(math.isclose(statistics.fmean(samples), st["mean"], rel_tol=1e-12), "mean of the samples")
check(math.isclose(statistics.stdev(samples), st["sd"], rel_tol=1e-9), "sd of the samples")
check(math.isclose(statistics.median(samples), st["median"], rel_tol=1e-12), "median")
check(st["p2_5"] < st["median"] < st["p97_5"], "percentiles in order")
det = json.loads(run("run", copper, "--format", "json").stdout)["scenarios"][0]["total"]
check(math.isclose(case["deterministic"]["gwp100.total"], det, rel_tol=1e-12),
      "the deterministic total is the plain run's")
shares = [v["share"] for v in case["variance_contributions"]]
check(shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1 + 1e-12,
      "contributions to variance sorted, summing to at most 1")
check(case["solver"]["max_relative_residual"] <= 1e-10, "residuals within 1e-10")

# 2. same seed, any thread count: the same numbers; another seed: others
two = json.loads(run("run", copper, "--uncertainty", 400, "--seed", 7, "--threads", 2,
                     "--format", "json", "--samples").stdout)["cases"][0]
check(two["samples"] == samples, "threads 1 and 2 give the same draws")
other = json.loads(run("run", copper, "--uncertainty", 400, "--seed", 8, "--format", "json",
                       "--samples").stdout)["cases"][0]
check(other["samples"] != samples, "another seed, other draws")
refine = json.loads(run("run", copper, "--uncertainty", 400, "--seed", 7, "--mc-method", "refine",
                        "--format", "json", "--samples").stdout)["cases"][0]
check(all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(refine["samples"], samples)),
      "refinement and refactorization agree to 1e-9")

# 3. scenarios on the same draws: the eco-park's paired comparison
eco = json.loads(run("run", root / "examples" / "eco-park", "--uncertainty", 300, "--seed", 1,
                     "--format", "json", "--samples").stdout)
check(len(eco["cases"]) == 2 and len(eco["comparisons"]) == 1, "two scenarios, one comparison")
base = {c["name"]: c["samples"] for c in eco["cases"]}
cmp_ = eco["comparisons"][0]
diffs = [a - b for a, b in zip(base[cmp_["case"]], base[cmp_["baseline"]])]
check(math.isclose(cmp_["difference"]["mean"], statistics.fmean(diffs), rel_tol=1e-9),
      "the difference is taken draw by draw")
check(cmp_["probability_lower"] == sum(d < 0 for d in diffs) / len(diffs), "P(lower)")

# 4. CSV
rows = list(csv.DictReader(io.StringIO(run("run", copper, "--uncertainty", 50, "--format",
                                           "csv").stdout)))
check(any(r_["key"] == "gwp100.total" and r_["statistic"] == "p97_5" for r_ in rows), "CSV rows")

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    # 5. a model file: one process emitting a lognormal 2 kg CO2 (GSD 1.5); the footprint is the
    # draw itself, so the geometric mean of the samples is 2 within its standard error
    model = {
        "flows": [{"id": "p", "name": "p", "type": "product", "unit": "kg"},
                  {"id": "co2", "name": "CO2", "type": "elementary", "unit": "kg",
                   "substance": "CO2", "compartment": "air", "origin": "fossil"}],
        "processes": [{"id": "a", "outputs": [{"flow": "p", "amount": 1}],
                       "elementary": [{"flow": "co2", "amount": 2, "uncertainty": {
                           "distribution": "lognormal", "geometric_mean": 2, "gsd": 1.5}}]}],
        "functional_unit": {"flow": "p", "amount": 1, "unit": "kg"}}
    (tmp / "m.json").write_text(json.dumps(model))
    fp = json.loads(run("footprint", tmp / "m.json", "--uncertainty", 4000, "--seed", 3,
                        "--format", "json", "--samples").stdout)["cases"][0]
    logs = [math.log(x) for x in fp["samples"]]
    se = math.log(1.5) / math.sqrt(len(logs))
    check(abs(statistics.fmean(logs) - math.log(2)) < 4 * se, "geometric mean of the draws")
    check(abs(statistics.stdev(logs) - math.log(1.5)) < 0.05 * math.log(1.5), "GSD of the draws")
    # 6. bad distributions are refused by name, exit 1
    bad = json.loads(json.dumps(model))
    bad["processes"][0]["elementary"][0]["uncertainty"]["geometric_mean"] = -2
    (tmp / "bad.json").write_text(json.dumps(bad))
    r = run("footprint", tmp / "bad.json", "--uncertainty", 10, ok=False)
    check(r.returncode == 1 and "process 'a' elementary 'co2'" in r.stderr and "sign" in r.stderr,
          f"sign rule refused by name: {r.stderr}")
    bad["processes"][0]["elementary"][0]["uncertainty"] = {"distribution": "uniform", "min": 3,
                                                          "max": 1}
    (tmp / "bad2.json").write_text(json.dumps(bad))
    r = run("footprint", tmp / "bad2.json", "--uncertainty", 10, ok=False)
    check("/processes/0 (a)/elementary/0/uncertainty" in r.stderr, f"JSON path named: {r.stderr}")
    # 7. nothing uncertain, or a PACT export asked for: a clear refusal
    r = run("footprint", root / "examples" / "models" / "copper-wire.json", "--uncertainty", 10,
            ok=False)
    check("no-uncertainty" in r.stderr, f"nothing uncertain: {r.stderr}")
    r = run("footprint", tmp / "m.json", "--uncertainty", 10, "--format", "pact", ok=False)
    check("bad-option" in r.stderr, f"--format pact refused: {r.stderr}")

checks.finish("check_uncertainty_cli")
