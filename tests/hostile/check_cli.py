#!/usr/bin/env python3
"""Runs every hostile case (cases.py) through the cradle CLI.

Usage: check_cli.py CRADLE_BINARY WORK_DIR
Each must exit with status 1 (bad input; 3 for the solver's refusals, 1 or 3 for a hostile
factor folder) and
print one line on stderr: "cradle: error: [cradle:<id>] ...", or with --format json the JSON
error {"error": {"id": <id>, ...}} (the near-singular case: exit 0, a warning and the pivot ratio
in the JSON); no crash (a signal, or status 4: internal error), and no forbidden text (file
contents) anywhere in the output.
"""
import json
import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import make_cases  # noqa: E402


SOLVER_ERRORS = {"non-finite-result", "unproductive-loop", "singular-technosphere"}


def run(binary: str, case) -> list[str]:
    if case.kind == "footprint":
        args = [binary, "footprint", str(case.path), "--format", "json"]
    elif case.kind == "run":
        args = [binary, "run", str(case.path)]
    else:
        args = [binary, "factors", "--factors", str(case.path), "datasets"]
    env = dict(os.environ, **case.env)
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    out = p.stdout + p.stderr
    problems = []
    for text in case.forbid:
        if text in out:
            problems.append(f"output contains {text!r}")
    if case.expect == "ill-conditioned":
        if p.returncode != 0:
            problems.append(f"exit {p.returncode}, expected 0: {p.stderr.strip()[:300]}")
        elif "cradle: warning: [cradle:ill-conditioned]" not in p.stderr:
            problems.append("no ill-conditioned warning on stderr")
        elif not json.loads(p.stdout)["pivot_ratio"] < 1e-8:
            problems.append("pivot_ratio not reported below 1e-8")
        return problems
    # the solver's refusals are exit 3 (README "Exit codes"), like a hostile factor folder's data
    # errors; everything else is bad input, exit 1
    allowed = (3,) if case.expect in SOLVER_ERRORS else (1, 3) if case.kind == "factors" else (1,)
    if p.returncode not in allowed:
        problems.append(f"exit {p.returncode}, expected {allowed} (stderr: {p.stderr.strip()[:300]})")
    lines = p.stderr.splitlines()
    first = lines[0] if lines else ""
    if "--format" in args:  # tools asked for JSON: the error is one JSON object
        try:
            err = json.loads(first)["error"]
            if err["id"] != case.expect or err["exit_code"] != p.returncode or len(lines) != 1:
                problems.append(f"JSON error {err} is not [{case.expect}] on one line")
        except (ValueError, KeyError, TypeError):
            problems.append(f"stderr is not a JSON error: {first[:300]!r}")
    elif not first.startswith(f"cradle: error: [cradle:{case.expect}]"):
        problems.append(f"stderr does not start with [cradle:{case.expect}]: {first[:300]!r}")
    if len(p.stderr) > 4000:
        problems.append(f"{len(p.stderr)} characters of error output (an echo of the input?)")
    if p.stdout:
        problems.append(f"output on stdout for a failure: {p.stdout[:200]!r}")
    return problems


def main() -> int:
    binary, work = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = 0
    for case in make_cases(work):
        problems = run(binary, case)
        print(f"{'ok  ' if not problems else 'FAIL'} {case.name} ({case.expect})")
        for pr in problems:
            print(f"       {pr}")
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
