"""Product rules from Python (cradle.check, cradle.rules; docs/rules.md): the same checks as
`cradle check --format json`, on calculators and models, with every refusal named."""
import json
import pathlib

import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def rows(report, scenario=0):
    return {r["rule"]: r for r in report["scenarios"][scenario]["checks"]}


def test_bundled_rule_sets_read_and_name_their_pact_rule():
    ids = cradle.rules.bundled()
    assert {"pact-v3", "copper", "basic-chemicals", "grid-electricity", "data-centre"} <= set(ids)
    for rid in ids:
        r = cradle.rules.read(rid)
        assert r["id"] == rid and r["documents"], rid
        assert r["pact"]["operator"] in ("PEF", "EPD International", "Other")
    copper = cradle.rules.read("copper")
    assert copper["pact"] == {"operator": "Other", "otherOperatorName": "cradle product rules",
                              "ruleNames": [f"copper {copper['version']}"]}


def test_copper_calculator_passes_cut_off_and_fails_cff():
    ok = cradle.check(EX / "copper", "copper")
    assert ok["passed"] is True
    assert rows(ok)["scope.cpc"]["found"] == "UN CPC 41430"
    cff = cradle.check(EX / "copper", "copper", recycling_method="cff")
    assert cff["passed"] is False
    bad = rows(cff)["recycling.method"]
    assert bad["status"] == "fail" and "process 'rod_mill' material 'copper' uses 'cff'" in bad["detail"]
    # the other rules are unaffected by the recycling method
    assert all(r["status"] == "pass" for k, r in rows(cff).items() if k != "recycling.method")


def test_petrochemicals_substitution_scenario_breaks_mass_allocation():
    rep = cradle.check(EX / "petrochemicals", "basic-chemicals")
    by_name = {s["scenario"]: {r["rule"]: r for r in s["checks"]} for s in rep["scenarios"]}
    assert by_name["mass allocation"]["allocation.method"]["status"] == "pass"
    sub = by_name["substitution"]["allocation.method"]
    assert sub["status"] == "fail" and "steam_cracker" in sub["detail"]


def test_model_file_and_model_object_agree_with_the_cli(tmp_path):
    mine = EX / "copper-chain" / "mine.json"
    from_file = cradle.check(mine, "copper", year=2026)
    from_model = cradle.check(cradle.read_model(mine), ROOT / "rules" / "copper.json", year=2026)
    assert from_file["scenarios"] == from_model["scenarios"]
    r = rows(from_file)
    assert r["scope.cpc"]["status"] == "fail" and r["scope.cpc"]["found"] == "UN CPC 14210"
    assert r["boundary.required_stages"]["found"] == "missing smelter"
    assert cradle.check(mine, "pact-v3")["passed"] is True


def test_refusals_name_the_culprit(tmp_path):
    with pytest.raises(cradle.InputError, match=r"unknown-rules.*'copperr'.*pact-v3"):
        cradle.check(EX / "copper", "copperr")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "cradle-rules/1", "id": "b", "name": "b",
                               "version": "1", "documents": [],
                               "data": {"max_dqr": 0}, "recycling": {"method": "open-loop"}}))
    with pytest.raises(cradle.InputError) as e:
        cradle.check(EX / "copper", bad)
    assert "/data/max_dqr" in str(e.value) and "/recycling/method" in str(e.value)
    with pytest.raises(cradle.InputError, match="calculator parameters"):
        cradle.check(EX / "copper-chain" / "mine.json", "pact-v3", recycling_method="cff")
