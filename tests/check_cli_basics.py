#!/usr/bin/env python3
"""The command line's contract (README "Exit codes"): exit codes 0 ok, 1 bad input, 2 usage,
3 data or solver error; --version lists the bundled datasets; -o/--output writes the result of
every printing command to a file, stdout left empty; --format json errors are JSON on stderr;
--quiet leaves only errors and warnings on stderr.

Usage: check_cli_basics.py CRADLE REPO_ROOT
"""
import json
import pathlib
import subprocess
import sys
import tempfile

cradle, root = sys.argv[1], pathlib.Path(sys.argv[2])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args):
    return subprocess.run([cradle, *map(str, args)], capture_output=True, text=True)


MODELS = root / "examples" / "models"
# A = [[1, -1], [-1, 1]]: each process needs exactly what the other makes, singular
SINGULAR = {
    "flows": [{"id": "a", "name": "a", "type": "product", "unit": "kg"},
              {"id": "b", "name": "b", "type": "product", "unit": "kg"}],
    "processes": [
        {"id": "p1", "outputs": [{"flow": "a", "amount": 1}],
         "inputs": [{"flow": "b", "amount": 1, "provider": "p2"}]},
        {"id": "p2", "outputs": [{"flow": "b", "amount": 1}],
         "inputs": [{"flow": "a", "amount": 1, "provider": "p1"}]}],
    "functional_unit": {"process": "p1", "flow": "a", "amount": 1, "unit": "kg"}}

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    singular = tmp / "singular.json"
    singular.write_text(json.dumps(SINGULAR))

    # ---- exit codes
    check(run("footprint", MODELS / "heijungs-suh.json").returncode == 0, "exit 0: a footprint")
    p = run("footprint", tmp / "missing.json")
    check(p.returncode == 1 and "[cradle:file-not-readable]" in p.stderr,
          "exit 1: a missing model file, named, with its stable id")
    p = run("footprint", root / "tests" / "fixtures" / "bad" / "two-problems.json")
    check(p.returncode == 1 and p.stderr.count("\n") == 1,
          "exit 1: a bad model, its problems on one line")
    p = run("footprint")
    check(p.returncode == 2, f"exit 2: usage (no model) -> {p.returncode}")
    p = run("footprint", MODELS / "heijungs-suh.json", "--gwp", "AR9")
    check(p.returncode == 2, f"exit 2: usage (bad option value) -> {p.returncode}")
    p = run("footprint", singular)
    check(p.returncode == 3 and "[cradle:" in p.stderr,
          f"exit 3: a singular technosphere is a solver error -> {p.returncode} {p.stderr.strip()}")
    p = run("factors", "show", "grid/VN/2023")
    # the factor data has no such factor: a data error (cradle::data_error), as a model's is
    check(p.returncode == 3 and "unknown-factor" in p.stderr, "exit 3: an unknown factor id")
    p = run("footprint", MODELS / "heijungs-suh.json", "--factors", tmp / "nowhere")
    check(p.returncode == 3 and "nowhere" in p.stderr,
          f"exit 3: a missing factor folder, named -> {p.returncode}")

    # ---- JSON errors for tools
    p = run("footprint", tmp / "missing.json", "--format", "json")
    err = json.loads(p.stderr.strip().splitlines()[-1])
    check(p.returncode == 1 and p.stdout == "" and err["error"]["id"] == "file-not-readable"
          and err["error"]["exit_code"] == 1 and "missing.json" in err["error"]["message"],
          "--format json: the error is one JSON object on stderr with id, message, exit code")
    p = run("footprint", "--format", "json")
    err = json.loads(p.stderr.strip().splitlines()[-1])
    check(p.returncode == 2 and err["error"]["id"] == "usage", "--format json: usage errors too")
    p = run("footprint", singular, "--format", "json")
    err = json.loads(p.stderr.strip().splitlines()[-1])
    check(p.returncode == 3 and err["error"]["exit_code"] == 3, "--format json: solver errors")

    # ---- --version: the engine and every bundled dataset with its version
    p = run("--version")
    manifests = [json.loads(m.read_text()) for m in (root / "factors").glob("*/manifest.json")]
    versioned = [m for m in manifests if m.get("kind") in ("factors", "io-model", "process-database")]
    check(p.returncode == 0 and p.stdout.startswith("cradle ")
          and all(f"{m['id']}  {m['version']}" in p.stdout for m in versioned),
          f"--version lists the engine and the {len(versioned)} datasets with their versions")
    # this build (CMake's defaults outside pip: every part required) has every optional part
    check("optional parts: signatures yes, zip yes, ecospold yes" in p.stdout,
          "--version names the optional parts this build has")

    # ---- -o/--output: the result in the file, nothing on stdout
    for args, name in [(("footprint", MODELS / "heijungs-suh.json", "--format", "json"), "fp.json"),
                       (("footprint", MODELS / "heijungs-suh.json"), "fp.txt"),
                       (("run", root / "examples" / "copper", "--format", "json"), "run.json"),
                       (("factors", "show", "grid/VN/2024"), "factor.txt"),
                       (("factors", "search", "diesel", "--dataset", "uk-desnz-2025"), "s.csv"),
                       (("pact", "validate", root / "tests" / "fixtures" / "pact-v3" /
                         "example-3.json"), "v.txt")]:
        direct = run(*args)
        out = tmp / name
        p = run(*args, "-o", out)
        check(p.returncode == direct.returncode and p.stdout == "" and out.exists()
              and out.read_text() == direct.stdout and len(direct.stdout) > 0,
              f"-o: {' '.join(map(str, args[:2]))} writes what it would print to {name}")
    total = json.loads((tmp / "fp.json").read_text())["total"]
    check(abs(total - 120) < 1e-9, "-o: the JSON written is the footprint (120 kg CO2e)")
    p = run("footprint", MODELS / "heijungs-suh.json", "-o", tmp / "no-such-dir" / "x.txt")
    check(p.returncode == 1 and "no-such-dir" in p.stderr, "-o into a missing folder is named")

    # ---- --quiet: notes and progress gone, errors kept
    page = tmp / "r.html"
    loud = run("report", MODELS / "heijungs-suh.json", "-o", page)
    quiet = run("report", MODELS / "heijungs-suh.json", "-o", page, "--quiet")
    check("cradle: wrote" in loud.stderr and quiet.stderr == "" and quiet.returncode == 0,
          "--quiet: the 'wrote' note is gone")
    p = run("--quiet", "footprint", tmp / "missing.json")
    check(p.returncode == 1 and "cradle: error" in p.stderr, "--quiet keeps errors")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("all command-line checks passed")
