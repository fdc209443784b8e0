"""Hostile inputs, one per class of issue 11's findings, built fresh in a folder.

Each case is run through the CLI (check_cli.py, a ctest) and through Python
(tests/python/test_hostile.py). Every one must end in exit status 1 (or a cradle.Error) with
the stable id in brackets, no crash, no file read outside its place and no file contents
echoed. The models are generated here rather than committed: several are megabytes.
"""
from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass, field

SECRET = "SECRET-TOKEN-8d1f"  # must never appear in any output


@dataclass
class Case:
    name: str
    kind: str  # "footprint" (a model file), "run" (a calculator folder), "factors" (a factor dir)
    path: pathlib.Path
    expect: str  # the error id, or "ill-conditioned" for the warning case (exit 0)
    env: dict[str, str] = field(default_factory=dict)
    forbid: tuple[str, ...] = (SECRET, "root:x:")


def _model(elementary_amount: float | str = 1.0, ref_out: float = 1.0, fu: float = 1.0,
           fu_unit: str = "kg", self_use: float | None = None, provider: str | None = None,
           gas: str = "CO2") -> dict:
    maker: dict = {"id": "maker", "outputs": [{"flow": "p", "amount": ref_out}],
                   "elementary": [{"flow": "e", "amount": elementary_amount}]}
    if self_use is not None:
        maker["inputs"] = [{"flow": "p", "amount": self_use, "provider": "maker"}]
    if provider is not None:
        maker["inputs"] = [{"flow": "q", "amount": 1, "provider": provider}]
    return {"flows": [{"id": "p", "unit": "kg"}, {"id": "q", "unit": "kg"},
                      {"id": "e", "type": "elementary", "unit": "kg", "substance": gas,
                       "origin": "fossil"}],
            "processes": [maker], "functional_unit": {"flow": "p", "amount": fu, "unit": fu_unit}}


def _loop(x: float, y: float, self_a: float = 0.0) -> dict:
    pa: dict = {"id": "pa", "outputs": [{"flow": "a", "amount": 1}],
                "inputs": [{"flow": "b", "amount": x}], "elementary": [{"flow": "e", "amount": 1}]}
    if self_a:
        pa["inputs"].append({"flow": "a", "amount": self_a, "provider": "pa"})
    pb = {"id": "pb", "outputs": [{"flow": "b", "amount": 1}],
          "inputs": [{"flow": "a", "amount": y}], "elementary": [{"flow": "e", "amount": 3}]}
    return {"flows": [{"id": "a", "unit": "kg"}, {"id": "b", "unit": "kg"},
                      {"id": "e", "type": "elementary", "unit": "kg", "substance": "CO2",
                       "origin": "fossil"}],
            "processes": [pa, pb], "functional_unit": {"flow": "a", "amount": 1}}


def _calculator(folder: pathlib.Path, model: str, purchases: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    doc: dict = {"format": "cradle-calculator/1", "name": "hostile", "model": model}
    if purchases is not None:
        doc["purchases"] = {"file": purchases, "process": "maker",
                            "provider": "us-epa-sef-1.3/{naics}"}
    (folder / "calculator.json").write_text(json.dumps(doc))


def make_cases(root: pathlib.Path) -> list[Case]:
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def model_case(name: str, doc: dict | str, expect: str, **kw) -> None:
        p = root / f"{name}.json"
        p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
        cases.append(Case(name, "footprint", p, expect, **kw))

    # 1. formulas: deep nesting, long flat sums, unary chains
    model_case("formula-nested", _model("(" * 20000 + "1" + ")" * 20000), "formula-too-deep")
    model_case("formula-flat", _model("+".join(["1"] * 50000)), "formula-too-long")
    model_case("formula-unary", _model("-" * 3000 + "1"), "formula-too-deep")
    model_case("formula-power", _model("2^" * 3000 + "1"), "formula-too-deep")
    model_case("formula-huge-number", _model("1e999 * 2"), "formula-syntax")
    # 2. amounts and results out of range
    model_case("ref-subnormal", _model(ref_out=1e-320), "invalid-amount")
    model_case("ref-tiny", _model(ref_out=1e-300), "invalid-amount")
    model_case("emission-huge", _model(1e308, fu=10), "invalid-amount")
    model_case("fu-huge-tonnes", _model(fu=1e308, fu_unit="t"), "invalid-amount")
    model_case("inventory-overflow", _model(1e200, fu=1e150), "non-finite-result")
    model_case("impact-overflow", _model(1e200, fu=1e106, gas="SF6"), "non-finite-result")
    # 3. unproductive processes and loops
    model_case("self-use", _model(10, self_use=1.5), "unproductive-process")
    model_case("loop-net-zero", _loop(1, 1, self_a=1.0), "unproductive-process")
    model_case("loop-unproductive", _loop(2, 2), "unproductive-loop")
    model_case("loop-balanced", _loop(1, 1), "singular-technosphere")
    # 6. slow error paths: a 1 MB provider id
    model_case("provider-1mb", _model(provider="uk-desnz-2025/" + "z" * 1_000_000),
               "unknown-factor")
    # 7. supplier PACT footprints (issue 12): a secret file as a footprint is never echoed,
    #    a JSON file that is not a footprint, a footprint that does not add up, a missing file
    secret = root / "secret.txt"
    secret.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    model_case("pact-secret-file", _model(provider=f"pact:{secret}"), "json-parse")
    (root / "not-a-footprint.json").write_text(json.dumps({"hello": SECRET}))
    model_case("pact-not-a-footprint", _model(provider="pact:not-a-footprint.json"),
               "pact-document")
    bad_fp = {"id": "8b26f3b8-f5d9-4adf-8a11-02e05d273e58", "specVersion": "3.0.0",
              "created": "2025-04-30T00:00:00Z", "status": "Active", "companyName": "x",
              "companyIds": ["urn:xx:y"], "productDescription": "", "productIds": ["urn:xx:z"],
              "productNameCompany": "x",
              "pcf": {"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1",
                      "productMassPerDeclaredUnit": "1",
                      "referencePeriodStart": "2024-01-01T00:00:00Z",
                      "referencePeriodEnd": "2024-12-31T00:00:00Z",
                      "pcfExcludingBiogenicUptake": "9", "pcfIncludingBiogenicUptake": "9",
                      "fossilCarbonContent": "0", "fossilGhgEmissions": "1",
                      "ipccCharacterizationFactors": ["AR6"], "crossSectoralStandards": ["x"],
                      "exemptedEmissionsPercent": "0", "primaryDataShare": "0"}}
    (root / "does-not-add-up.json").write_text(json.dumps(bad_fp))
    model_case("pact-does-not-add-up", _model(provider="pact:does-not-add-up.json"),
               "pact-invalid")
    model_case("pact-missing-file", _model(provider="pact:no/such/footprint.json"),
               "file-not-readable")
    # 5. files: not JSON (never echoed), too large, not a regular file
    model_case("not-json", f"root:x:0:0:{SECRET}:/root:/bin/bash\n", "json-parse")
    model_case("too-large", _model(), "file-too-large", env={"CRADLE_MAX_FILE_BYTES": "100"})
    fifo = root / "fifo.json"
    if not fifo.exists():
        os.mkfifo(fifo)
    cases.append(Case("fifo", "footprint", fifo, "not-a-file"))
    loop_link = root / "self-link.json"
    if not loop_link.is_symlink():
        loop_link.symlink_to("self-link.json")
    cases.append(Case("symlink-loop", "footprint", loop_link, "file-not-readable"))
    # 7. a near-singular loop: solved, with a warning and the pivot ratio
    model_case("loop-near-singular", _loop(0.999999999, 0.999999999), "ill-conditioned")

    # 4 and 5. calculators: a purchases year that overflows an int cast; files outside
    secret = root / "secret.txt"
    secret.write_text(f"root:x:0:0:{SECRET}\n")
    good = json.dumps(_model())
    c = root / "calc-year"
    _calculator(c, "model.json", "purchases.csv")
    (c / "model.json").write_text(good)
    (c / "purchases.csv").write_text("naics,usd,year\n111110,100,1e300\n")
    cases.append(Case("purchases-year-1e300", "run", c, "csv-value"))
    c = root / "calc-absolute"
    _calculator(c, str(secret))
    cases.append(Case("calculator-absolute-path", "run", c, "outside-folder"))
    c = root / "calc-dotdot"
    _calculator(c, "../secret.txt")
    cases.append(Case("calculator-dotdot", "run", c, "outside-folder"))
    c = root / "calc-symlink"
    _calculator(c, "model.json")
    if not (c / "model.json").is_symlink():
        (c / "model.json").symlink_to(secret)
    cases.append(Case("calculator-symlink-out", "run", c, "outside-folder"))
    c = root / "calc-purchases-out"
    _calculator(c, "model.json", "../secret.txt")
    (c / "model.json").write_text(good)
    cases.append(Case("purchases-outside", "run", c, "outside-folder"))
    # 5. a symlink loop in a factor directory
    f = root / "factors-loop"
    (f / "bad").mkdir(parents=True, exist_ok=True)
    if not (f / "bad" / "manifest.json").is_symlink():
        (f / "bad" / "manifest.json").symlink_to("manifest.json")
    cases.append(Case("factor-dir-symlink-loop", "factors", f, "file-system-error"))
    return cases
