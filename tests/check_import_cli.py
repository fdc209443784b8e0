#!/usr/bin/env python3
"""cradle import / footprint --product / factors search|table on the bundled US LCI, end to end.

Usage: check_import_cli.py CRADLE SOURCE_DIR
"""
import csv
import io
import json
import pathlib
import sys

from clicheck import Checks
import tempfile

cradle, root = sys.argv[1], pathlib.Path(sys.argv[2])
sources = root / "factors" / "sources" / "uslci"
checks = Checks(cradle)
run, check = checks.run, checks.check


def total(csv_text):
    for row in csv.DictReader(io.StringIO(csv_text)):
        if (row["section"], row["key"]) == ("indicator", "gwp100.total"):
            return float(row["value"])
    return None


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    zip_ = sources / "uslci_olca1_5_0_json_ld.zip"
    product = "Electricity, bituminous coal, at power plant"
    # 1. import to a model file; the file and the database give the same footprint
    r = run("import", "jsonld", zip_, "-o", tmp / "uslci.json", "--report", tmp / "report.json")
    check("processes" in r.stderr and "cut off" in r.stderr, "import prints its summary")
    report = json.loads((tmp / "report.json").read_text())
    check(report["processes"] >= 766 and report["cut_offs"], "the report lists cut-offs")
    a = total(run("footprint", tmp / "uslci.json", "--product", product, "--format", "csv").stdout)
    b = total(run("footprint", zip_, "--product", product, "--format", "csv").stdout)
    check(a is not None and b is not None and abs(a - b) <= 1e-12 * abs(a),
          f"model file and database disagree: {a} vs {b}")
    # 2. the same product from the bundled database's factor table
    table = {row["name"]: row for row in csv.DictReader(io.StringIO(run("factors", "table", "uslci").stdout))}
    t = float(table[product]["gwp100.total"])
    check(abs(t - a) <= 1e-9 * abs(a), f"factors table {t} vs footprint {a}")
    # 3. my own process buying US LCI electricity and diesel (examples/uslci)
    part = total(run("footprint", root / "examples" / "uslci" / "machined-part.json", "--format", "csv").stdout)
    elec = float(table["Electricity, at Grid, US, 2010"]["gwp100.total"])
    diesel = float(table["Diesel, combusted in industrial equipment"]["gwp100.total"])
    want = 12 * 3.6 * elec + 0.0005 * diesel + 0.05
    check(part is not None and abs(part - want) <= 1e-9 * want, f"machined part {part} vs {want}")
    # 3b. its PACT export records the US LCI (version, file hashes) and recomputes
    run("footprint", root / "examples" / "uslci" / "machined-part.json", "--format", "pact",
        "-o", tmp / "part.pact.json")
    doc = json.loads((tmp / "part.pact.json").read_text())
    datasets = doc["extensions"][0]["data"]["inputs"]["datasets"]
    check([d["id"] for d in datasets] == ["uslci"] and "uslci.model.json" in datasets[0]["files"],
          f"the export records the US LCI: {datasets}")
    r = run("verify", tmp / "part.pact.json", "--allow-unsigned", "--recompute",
            root / "examples" / "uslci" / "machined-part.json")
    check("pass recompute-figures" in r.stdout, "the export recomputes from the model")
    # 4. search finds US LCI processes
    s = run("factors", "search", "electricity bituminous", "--dataset", "uslci").stdout
    check("uslci/66280f03-b26f-35c4-bda2-3d4a8652943a" in s, "search finds the coal power plant")
    # 5. EcoSpold 2 and 1 import
    for fmt, f in (("ecospold2", "uslci_fy18_q1_01_olca1_5_ecospold2.zip"),
                   ("ecospold1", "uslci_fy20_q2_01_olca1_10_3_ecospold1.zip")):
        r = run("import", fmt, sources / f, "-o", tmp / f"{fmt}.json")
        check(f"({'EcoSpold 2' if fmt == 'ecospold2' else 'EcoSpold 1'})" in r.stderr, f"{fmt} summary")
    # 6. errors name the culprit
    r = run("import", "jsonld", sources / "LICENSE", "-o", tmp / "x.json", ok=False)
    check("LICENSE" in r.stderr and "[cradle:" in r.stderr, "a non-database is an error naming it")
    r = run("import", "jsonld", zip_, "-o", tmp / "x.json", "--cut-offs-are-errors", ok=False)
    check("[cradle:cut-off-flow]" in r.stderr and "... and" in r.stderr,
          "cut-offs as errors, the list cut short")
    r = run("footprint", zip_, ok=False)
    check("--product" in r.stderr, "a database needs --product")
    r = run("footprint", zip_, "--product", "Electricity, bitumnous coal", ok=False)
    check("[cradle:unknown-product]" in r.stderr and "did you mean" in r.stderr, "unknown product")

checks.finish("check_import_cli")
