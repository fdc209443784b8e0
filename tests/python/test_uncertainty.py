"""Monte Carlo from Python: closed forms, reproducibility, paired comparisons, the calculators."""
import math
import pathlib
import pickle

import numpy as np
import pytest

import cradle

ROOT = pathlib.Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def chain(q_gsd=1.2, e_gsd=1.3):
    """1 kg part needs q kg steel (lognormal 2, GSD q_gsd); steel emits e kg CO2 per kg
    (lognormal 1.5, GSD e_gsd). The footprint q·e is lognormal: geometric mean 3,
    ln GSD = sqrt(ln² q_gsd + ln² e_gsd)."""
    return cradle.parse_model(f"""{{
      "flows": [{{"id": "part", "name": "part", "type": "product", "unit": "kg"}},
                {{"id": "steel", "name": "steel", "type": "product", "unit": "kg"}},
                {{"id": "co2", "name": "CO2", "type": "elementary", "unit": "kg",
                  "substance": "CO2", "compartment": "air", "origin": "fossil"}}],
      "processes": [
        {{"id": "part", "outputs": [{{"flow": "part", "amount": 1}}],
          "inputs": [{{"flow": "steel", "amount": 2, "uncertainty":
            {{"distribution": "lognormal", "geometric_mean": 2, "gsd": {q_gsd}}}}}]}},
        {{"id": "steel", "outputs": [{{"flow": "steel", "amount": 1}}],
          "elementary": [{{"flow": "co2", "amount": 1.5, "uncertainty":
            {{"distribution": "lognormal", "geometric_mean": 1.5, "gsd": {e_gsd}}}}}]}}],
      "functional_unit": {{"flow": "part", "amount": 1, "unit": "kg"}}}}""", "chain.json")


def test_product_of_lognormals_against_its_closed_form():
    system = cradle.build(chain())
    mc = system.monte_carlo(20000, seed=42)
    assert mc.draws == 20000 and mc.samples.shape == (20000, len(system.indicators))
    assert mc.deterministic[0] == pytest.approx(3.0)
    # every draw is q·e of its own inputs (kept as float32)
    q, e = mc.input_samples[:, 0].astype(float), mc.input_samples[:, 1].astype(float)
    np.testing.assert_allclose(mc.total, q * e, rtol=1e-6)
    sigma = math.hypot(math.log(1.2), math.log(1.3))
    logs = np.log(mc.total)
    assert abs(logs.mean() - math.log(3)) < 4 * sigma / math.sqrt(20000)
    assert logs.std(ddof=1) == pytest.approx(sigma, rel=0.02)
    s = mc.summary()
    assert s["median"] == pytest.approx(3.0, rel=0.01)
    assert s["p97_5"] == pytest.approx(3.0 * math.exp(1.959964 * sigma), rel=0.02)
    assert s["mean"] == pytest.approx(float(mc.total.mean()), rel=1e-12)
    assert s["p95"] == pytest.approx(float(np.percentile(mc.total, 95)), rel=1e-12)
    assert mc.solver["max_relative_residual"] <= 1e-10
    assert [c["draws"] for c in mc.convergence()] == [1250, 2500, 5000, 10000, 20000]


def test_same_seed_same_numbers_on_any_threads_and_chunks():
    system = cradle.build(chain())
    one = system.monte_carlo(500, seed=7, threads=1)
    two = system.monte_carlo(500, seed=7, threads=2)
    assert np.array_equal(one.samples, two.samples)
    parts = [system.monte_carlo(n, seed=7, first_draw=f) for f, n in ((0, 120), (120, 380))]
    joined = cradle.MonteCarloResult.concatenate(parts[::-1])
    assert np.array_equal(joined.samples, one.samples)
    assert not np.array_equal(system.monte_carlo(500, seed=8).samples, one.samples)
    # the module-level helper builds and runs the same
    assert np.array_equal(cradle.monte_carlo(chain(), 500, seed=7).samples, one.samples)


def test_paired_comparison_and_variance_contributions():
    a = cradle.build(chain()).monte_carlo(1000, seed=3)
    b = cradle.build(chain()).monte_carlo(1000, seed=3)
    same = a.compare(b)
    assert np.all(same["difference"] == 0) and same["probability_lower"] == 0.0
    with pytest.raises(cradle.SolverError, match="unpaired-runs"):
        a.compare(cradle.build(chain()).monte_carlo(1000, seed=4))
    # the steel amount (GSD 2) dominates the CO2 per kg (GSD 1.01)
    v = cradle.build(chain(2.0, 1.01)).monte_carlo(2000, seed=1).variance_contributions()
    assert (v[0]["process"], v[0]["flow"], v[0]["side"]) == ("part", "steel", "input")
    assert v[0]["share"] > 0.99
    no_inputs = cradle.build(chain()).monte_carlo(50, seed=1, keep_inputs=False)
    with pytest.raises(cradle.SolverError, match="no-inputs-kept"):
        no_inputs.variance_contributions()


def test_refinement_agrees_with_refactorization():
    system = cradle.build(chain())
    a = system.monte_carlo(300, seed=2)
    b = system.monte_carlo(300, seed=2, method="refine")
    np.testing.assert_allclose(a.samples, b.samples, rtol=1e-10)
    assert b.solver["refined"] + b.solver["refactorizations"] == 300


def test_progress_callback_and_pickling():
    calls = []
    mc = cradle.build(chain()).monte_carlo(3000, seed=1, progress=calls.append)
    assert calls and calls[-1] == 3000 and calls == sorted(calls)
    back = pickle.loads(pickle.dumps(mc))
    assert np.array_equal(back.samples, mc.samples) and back.summary() == mc.summary()


def test_copper_calculator_comes_with_a_range():
    model = cradle.read_model(EX / "copper" / "model.json")
    mc = cradle.monte_carlo(model, 2000, seed=42, threads=2)
    s = mc.summary()
    det = cradle.run(EX / "copper")["scenarios"][0]["total"]
    assert mc.deterministic[0] == pytest.approx(det, rel=1e-12)
    assert s["p2_5"] < det < s["p97_5"]
    names = [v["name"] for v in mc.variance_contributions(top=3)]
    assert "ore_grade" in names  # the ore grade drives the mine's energy per t of copper


def test_bad_distributions_name_the_exchange():
    bad = chain().to_json().replace('"geometric_mean": 2.0', '"geometric_mean": -2.0')
    assert bad != chain().to_json()
    with pytest.raises(cradle.ModelError, match="process 'part' input 'steel'.*sign"):
        cradle.build(cradle.parse_model(bad, "bad.json")).monte_carlo(10)


def test_a_model_without_uncertainty_is_refused():
    with pytest.raises(cradle.InputError, match="no-uncertainty"):
        cradle.build(cradle.read_model(ROOT / "examples" / "models" / "heijungs-suh.json")
                     ).monte_carlo(10)
