"""Product rules on the command line (docs/rules.md): `cradle check` by file and by bundled id,
JSON output, --meta, `footprint --rules` and `run --rules` (table, json, and the PACT export that
names the rules only when they pass and writes nothing when they fail), and the refusals.

Usage: check_rules_cli.py CRADLE SOURCE_DIR
"""
import json
import pathlib
import sys
import tempfile

from clicheck import Checks

cradle, src = sys.argv[1], pathlib.Path(sys.argv[2])
c = Checks(cradle)
copper = src / "examples" / "copper"
mine = src / "examples" / "copper-chain" / "mine.json"
tmp = pathlib.Path(tempfile.mkdtemp())

# check by bundled id and by file: the same JSON
by_id = json.loads(c.run("check", copper, "--rules", "copper", "--format", "json").stdout)
by_file = json.loads(c.run("check", copper, "--rules", src / "rules" / "copper.json",
                           "--format", "json").stdout)
c.check(by_id["passed"] is True, f"copper passes its rules: {by_id}")
c.check(by_id["scenarios"] == by_file["scenarios"], "by id and by file differ")
rows = {x["rule"]: x for x in by_id["scenarios"][0]["checks"]}
c.check(rows["scope.cpc"]["found"] == "UN CPC 41430", f"cpc: {rows['scope.cpc']}")
c.check(rows["recycling.method"]["found"].startswith("cut-off (1 declaration"),
        f"recycling: {rows['recycling.method']}")
c.check(all(x["source"] for x in rows.values()), "every copper rule names its source")

# cff breaks the copper rules: exit 1, the row and the process named
r = c.run("check", copper, "--rules", "copper", "--set", "recycling_method=cff", ok=False)
c.check(r.returncode == 1, f"exit {r.returncode}")
c.check("recycling.method: process 'rod_mill' material 'copper' uses 'cff'" in r.stdout, r.stdout)

# --meta overlays the model's PACT metadata: exempting 7 % breaks the 5 % cut-off
meta = tmp / "meta.json"
meta.write_text(json.dumps({"pcf": {"exemptedEmissionsPercent": "7"}}))
r = c.run("check", copper, "--rules", "copper", "--meta", meta, ok=False)
c.check("cut_off.max_exempted_percent  FAIL" in r.stdout and "7 %" in r.stdout, r.stdout)

# a model file: the mine's concentrate (CPC 14210) is outside the copper rules' scope
r = c.run("check", mine, "--rules", "copper", ok=False)
c.check("scope.cpc" in r.stdout and "outside the rules' scope" in r.stdout, r.stdout)
c.run("check", mine, "--rules", "pact-v3")

# footprint --rules: the table then the checks; json carries them
r = c.run("footprint", mine, "--rules", "pact-v3")
c.check("all rules pass" in r.stdout and "Top contributors" in r.stdout, r.stdout)
j = json.loads(c.run("footprint", mine, "--rules", "pact-v3", "--format", "json").stdout)
c.check(j["rules"]["passed"] is True and j["rules"]["rules"]["id"] == "pact-v3", str(j.get("rules")))
r = c.run("footprint", mine, "--rules", "copper", ok=False)
c.check(r.returncode == 1 and "some rules fail" in r.stdout, "footprint exit 1 on a failed rule")

# the PACT export names the rules it passed, and validates
out = tmp / "mine.pact.json"
c.run("footprint", mine, "--rules", "pact-v3", "--format", "pact", "-o", out,
      "--id", "3f1c9b38-1bd9-4c2e-9a6e-0f1a2b3c4d5e", "--created", "2026-12-01T00:00:00Z")
pcf = json.loads(out.read_text())["pcf"]
c.check(pcf.get("productOrSectorSpecificRules") ==
        [{"operator": "Other", "otherOperatorName": "cradle product rules",
          "ruleNames": ["pact-v3 1.0 (2026-12)"]}], f"rules entry: {pcf.get('productOrSectorSpecificRules')}")
c.run("pact", "validate", out)
# ... and writes nothing when they fail
bad = tmp / "refused.pact.json"
r = c.run("footprint", mine, "--rules", "copper", "--format", "pact", "-o", bad, ok=False)
c.check(r.returncode == 1 and not bad.exists(), "a failing footprint must not be exported")
c.check("no PACT footprint written" in r.stderr and "scope.cpc" in r.stderr, r.stderr)

# run --rules: every scenario checked; the export of a failing scenario refused
r = c.run("run", src / "examples" / "petrochemicals", "--rules", "basic-chemicals", ok=False)
c.check("scenario substitution:" in r.stdout and "steam_cracker" in r.stdout, r.stdout)
j = json.loads(c.run("run", copper, "--rules", "copper", "--format", "json").stdout)
c.check(j["rules"]["passed"] is True and j["scenarios"][0]["total"] > 0, "run json with rules")
wire = tmp / "wire.pact.json"
c.run("run", copper, "--rules", "copper", "--format", "pact", "-o", wire)
c.check(json.loads(wire.read_text())["pcf"]["productOrSectorSpecificRules"][0]["ruleNames"] ==
        ["copper 1.0 (2026-12)"], "run --format pact names the copper rules")
refused = tmp / "cff.pact.json"
r = c.run("run", copper, "--rules", "copper", "--set", "recycling_method=cff", "--format", "pact",
          "-o", refused, ok=False)
c.check(r.returncode == 1 and not refused.exists(), "a failing scenario must not be exported")

# refusals name the culprit
r = c.run("check", copper, "--rules", "copperr", ok=False)
c.check("[cradle:unknown-rules]" in r.stderr and "pact-v3" in r.stderr, r.stderr)
broken = tmp / "broken.json"
broken.write_text(json.dumps({"format": "cradle-rules/1", "id": "b", "name": "b", "version": "1",
                              "documents": [], "data": {"max_dqr": 7, "max_age_years": -1},
                              "pact": {"operator": "ISO", "ruleNames": ["x"]}}))
r = c.run("check", copper, "--rules", broken, ok=False)
for what in ("/data/max_dqr", "/data/max_age_years", "/pact/operator"):
    c.check(what in r.stderr, f"{what} not named: {r.stderr}")
r = c.run("footprint", mine, "--rules", "pact-v3", "--format", "csv", ok=False)
c.check("--rules" in r.stderr, r.stderr)
r = c.run("check", copper, "--rules", "copper", "--scenario", "nope", ok=False)
c.check("no scenario 'nope' (scenarios: default)" in r.stderr, r.stderr)

c.finish("check_rules_cli")
