"""The PACT commands end to end through the CLI: the copper chain's three exports (each valid),
the chain's wire against the integrated calculator (relative 1e-9), pact validate (clean: exit 0;
failing: exit 1 with file, JSON path and id), pact show, and export errors naming the culprit."""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

cli, source = sys.argv[1], pathlib.Path(sys.argv[2])
chain = source / "examples" / "copper-chain"
fixtures = source / "tests" / "fixtures" / "pact-v3"


def run(*args, cwd=None, code=0):
    p = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if p.returncode != code:
        sys.exit(f"{args}: exit {p.returncode}, expected {code}\n{p.stdout}\n{p.stderr}")
    return p


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    for m in ("mine.json", "smelter.json", "cable.json"):
        shutil.copy(chain / m, tmp / m)
    # the three commands of examples/copper-chain/README.md
    run("footprint", "mine.json", "--format", "pact", "-o", "mine.pact.json", cwd=tmp)
    run("footprint", "smelter.json", "--format", "pact", "-o", "smelter.pact.json", cwd=tmp)
    run("footprint", "cable.json", "--format", "pact", "-o", "wire.pact.json", cwd=tmp)
    out = run("pact", "validate", "mine.pact.json", "smelter.pact.json", "wire.pact.json", cwd=tmp)
    assert "3 of 3 files valid" in out.stdout, out.stdout
    wire = json.loads((tmp / "wire.pact.json").read_text())
    whole = json.loads(run("run", source / "examples" / "copper", "--format", "pact").stdout)
    for key in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions",
                "biogenicNonCO2Emissions", "landUseChangeGhgEmissions"):
        a, b = float(wire["pcf"][key]), float(whole["pcf"][key])
        assert abs(a - b) <= 1e-9 * max(abs(b), 1.0), (key, a, b)
    assert float(wire["pcf"]["fossilGhgEmissions"]) > 1000
    print("chain wire", wire["pcf"]["pcfExcludingBiogenicUptake"], "integrated",
          whole["pcf"]["pcfExcludingBiogenicUptake"])
    # the supplier's id is kept: the smelter's footprint names the mine's in its provenance
    show = run("pact", "show", "wire.pact.json", cwd=tmp).stdout
    for text in ("Bare copper wire", "1000 kilogram", "PCF excl. biogenic uptake", "valid"):
        assert text in show, (text, show)
    # a model whose supplier file is missing names the file
    (tmp / "mine.pact.json").unlink()
    err = run("footprint", "smelter.json", cwd=tmp, code=1).stderr
    assert "mine.pact.json" in err, err

# every calculator with PACT metadata exports a valid footprint; the PE's fossil carbon is
# (CH2)n: 1000 kg x 12.011 / 14.027 = 856.2772 kg C per t
with tempfile.TemporaryDirectory() as tmp:
    for calc in ("copper", "petrochemicals", "data-centre"):
        out = pathlib.Path(tmp) / f"{calc}.json"
        run("run", source / "examples" / calc, "--format", "pact", "-o", out)
        run("pact", "validate", out)
    pe = json.loads((pathlib.Path(tmp) / "petrochemicals.json").read_text())["pcf"]
    assert abs(float(pe["fossilCarbonContent"]) - 856.2772) < 1e-4, pe["fossilCarbonContent"]
    dc = json.loads((pathlib.Path(tmp) / "data-centre.json").read_text())["pcf"]
    assert (dc["declaredUnitOfMeasurement"], dc["productMassPerDeclaredUnit"]) == ("hour", "0")

# validate: clean and failing official examples
assert "valid" in run("pact", "validate", fixtures / "example-3.json").stdout
bad = run("pact", "validate", fixtures / "example-1.json", code=1).stdout
assert "/pcf/pcfExcludingBiogenicUptake: [pact-total]" in bad, bad
assert "example-1.json: 4 problems" in bad, bad
rep = json.loads(run("pact", "validate", "--format", "json", fixtures / "example-4.json",
                     code=1).stdout)
assert rep[0]["valid"] is False and {p["id"] for p in rep[0]["problems"]} == {"pact-total"}
# not JSON, not a footprint
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    f.write("{\"hello\": 1}")
assert "pact-document" in run("pact", "validate", f.name, code=1).stdout
# export without metadata: every missing property named
err = run("footprint", source / "examples" / "models" / "heijungs-suh.json", "--format", "pact",
          code=1).stderr
for name in ("/companyName", "/pcf/referencePeriodStart", "fossilCarbonContent"):
    assert name in err, (name, err)
print("ok")
